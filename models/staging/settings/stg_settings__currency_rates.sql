with

store_currency_rates as (

    {{ editable_seed('currency_rates', ['currency']) }}

),

normalised as (

    select
        upper({{ trim_whitespace('currency') }}) as currency,
        cast(rate_to_base as decimal(18, 6)) as rate_to_base
    from store_currency_rates

)

select * from normalised
