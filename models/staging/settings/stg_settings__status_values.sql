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

),

deduplicated as (

    -- two spellings of one value (e.g. 'Aprobada' and 'APROBADA') keep one row, so a
    -- status joins to at most one row; a counting spelling wins
    select
        field,
        value,
        counts,
        meaning
    from (
        select
            field,
            value,
            counts,
            meaning,
            row_number() over (
                partition by field, value
                order by counts desc, meaning asc
            ) as spelling_rank
        from normalised
    ) as ranked
    where spelling_rank = 1

)

select * from deduplicated
