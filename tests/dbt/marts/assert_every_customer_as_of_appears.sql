-- Every valid email with an order (any status) purchased on or before the as-of date has
-- exactly one profile, and no profile exists without such an order.
with

orders as (

    select * from {{ ref('fct_orders') }}

),

profiles as (

    select * from {{ ref('customer_profiles') }}

),

expected_customers as (

    select distinct customer_email
    from orders
    where
        is_valid_email
        and purchase_date <= {{ as_of_date() }}

),

missing as (

    select
        expected_customers.customer_email,
        'no profile' as problem
    from expected_customers
    left join profiles
        on expected_customers.customer_email = profiles.email
    where profiles.email is null

),

unexpected as (

    select
        profiles.email as customer_email,
        'profile without an order on or before the as-of date' as problem
    from profiles
    left join expected_customers
        on profiles.email = expected_customers.customer_email
    where expected_customers.customer_email is null

)

select * from missing
union all
select * from unexpected
