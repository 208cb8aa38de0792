-- Every order currency other than the base currency has a rate in currency_rates (the
-- orders model also stops with an error naming the currency). One row per currency
-- without a rate: how many orders use it and the first few of them.
{{ config(meta={'fix':
    'add each currency with its rate to {data_dir}/config/currency_rates.csv (columns'
    ~ ' currency,rate_to_base: units of the base currency per unit), then run'
    ~ ' `fenicio-icommkt build` again'
}) }}

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
        count(*) as orders,
        {{ list_head(ordered_list_agg('orders.order_number', 'orders.order_number'), 3) }} as first_orders
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
