-- Every order currency other than the base currency has a rate in currency_rates (the
-- orders model also stops with an error naming the currency).
with

orders as (

    select * from {{ ref('int_orders_aggregated') }}

),

currency_rates as (

    select * from {{ ref('stg_settings__currency_rates') }}

),

missing_rates as (

    select
        orders.currency,
        count(*) as orders
    from orders
    left join currency_rates
        on orders.currency = currency_rates.currency
    where
        orders.currency is not null
        and orders.currency != '{{ var("base_currency") }}'
        and currency_rates.currency is null
    group by orders.currency

)

select * from missing_rates
