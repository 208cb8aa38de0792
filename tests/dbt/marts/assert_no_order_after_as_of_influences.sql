-- No order purchased after the as-of date reaches a profile: it is never a last order,
-- and no profile's last purchase is after the as-of date.
with

orders as (

    select * from {{ ref('fct_orders') }}

),

profiles as (

    select * from {{ ref('customer_profiles') }}

),

later_orders as (

    select order_number
    from orders
    where purchase_date > {{ as_of_date() }}

),

offending as (

    select
        profiles.email,
        profiles.last_order_number,
        profiles.last_purchase_date
    from profiles
    left join later_orders
        on profiles.last_order_number = later_orders.order_number
    where
        later_orders.order_number is not null
        or profiles.last_purchase_date > profiles.as_of_date
        or profiles.as_of_date != {{ as_of_date() }}

)

select * from offending
