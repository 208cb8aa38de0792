{#- Sales per calendar month (store time) over the whole history up to the build's as-of
    date: revenue and orders of the counted orders, buyers, and how many of them bought
    for the first time that month (new: their first counted order is in the month) or had
    bought before (returning). The as-of date's month is partial. Built after
    customer_profiles (depends_on below), as rpt_line_revenue is, for the same reason. -#}
-- depends_on: {{ ref('customer_profiles') }}
with

orders as (

    select * from {{ ref('int_customer_orders_windowed') }}
    where is_counted

),

first_orders as (

    select
        customer_email,
        min(purchase_date) as first_purchase_date
    from orders
    group by customer_email

),

monthly_orders as (

    select
        cast({{ dbt.date_trunc('month', 'orders.purchase_date') }} as date) as month_start,
        orders.customer_email,
        orders.revenue,
        cast({{ dbt.date_trunc('month', 'first_orders.first_purchase_date') }} as date) as first_month_start
    from orders
    inner join first_orders
        on orders.customer_email = first_orders.customer_email

),

months as (

    select
        month_start,
        cast(sum(revenue) as decimal(38, 2)) as revenue,
        count(*) as orders,
        count(distinct customer_email) as buyers,
        count(distinct case when first_month_start = month_start then customer_email end) as new_buyers
    from monthly_orders
    group by month_start

),

final as (

    select
        month_start,
        revenue,
        cast(orders as bigint) as orders,
        {{ money_quotient('revenue', 'orders') }} as average_ticket,
        cast(buyers as bigint) as buyers,
        cast(new_buyers as bigint) as new_buyers,
        cast(buyers - new_buyers as bigint) as returning_buyers
    from months

)

select * from final
