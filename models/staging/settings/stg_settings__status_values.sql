with

store_status_values as (

    {{ editable_seed('status_values', ['field', 'value']) }}

),

normalised as (

    select
        lower({{ trim_whitespace('field') }}) as field,
        {{ normalise_status('value') }} as value,
        cast(counts as boolean) as counts,
        meaning
    from store_status_values

)

select * from normalised
