{{ config(severity='warn') }}
-- Status values found in no row of the status table: such orders do not count. A
-- warning, so the store can add the value to <data dir>/config/status_values.csv.
with

orders as (

    select * from {{ ref('int_orders_aggregated') }}

),

status_values as (

    select * from {{ ref('stg_settings__status_values') }}

),

found_values as (

    select
        'order_status' as field,
        order_status as value,
        count(*) as orders
    from orders
    where order_status is not null
    group by order_status
    union all
    select
        'payment_status' as field,
        payment_status as value,
        count(*) as orders
    from orders
    where payment_status is not null
    group by payment_status

),

unknown_values as (

    select
        found_values.field,
        found_values.value,
        found_values.orders
    from found_values
    left join status_values
        on
            found_values.field = status_values.field
            and found_values.value = status_values.value
    where status_values.value is null

)

select * from unknown_values
