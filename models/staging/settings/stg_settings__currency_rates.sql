with

store_currency_rates as (

    {{ editable_seed('currency_rates', ['currency']) }}

)

select * from store_currency_rates
