{#- Each customer's orders (valid email, any status) purchased on or before the as-of
    date, with days_ago = as_of_date - purchase_date. Orders purchased after the as-of
    date are left out entirely. -#}
with

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

as_of as (

    select {{ as_of_date() }} as as_of_date

),

windowed as (

    select
        orders.customer_email,
        orders.order_number,
        orders.load_sequence,
        orders.purchase_at,
        orders.purchase_date,
        {{ days_between('orders.purchase_date', 'as_of.as_of_date') }} as days_ago,
        orders.is_counted,
        orders.revenue,
        orders.units,
        orders.products,
        orders.categories,
        orders.brands,
        orders.discount_codes,
        orders.first_name,
        orders.last_name,
        orders.gender,
        orders.phone,
        orders.document,
        orders.document_type,
        orders.company_tax_id,
        orders.company_name,
        orders.billing_country,
        orders.billing_state,
        orders.billing_city,
        as_of.as_of_date
    from orders
    cross join as_of
    where
        orders.is_valid_email
        and orders.purchase_date <= as_of.as_of_date

)

select * from windowed
