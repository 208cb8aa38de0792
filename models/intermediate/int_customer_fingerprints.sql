{#- One row per customer with an order as of the as-of date: a fingerprint of everything
    the per-customer tables (int_customer_purchases, int_customer_lists) read about the
    customer's orders. It changes when an order is added, dropped or re-delivered (its
    load), when a setting changes how an order counts (status, revenue, local time),
    when an order moves from one scope to the next as the as-of date moves, and when the
    windows or any model change. The incremental per-customer tables recompute only the
    customers whose fingerprint changed. -#}
{%- set scopes = purchase_window_scopes(include_total=false) -%}
{%- set logic_version = code_version() ~ '|' ~ (scopes | map(attribute='name') | join(',')) -%}

with

customer_orders as (

    select * from {{ ref('int_customer_orders_windowed') }}

),

scoped as (

    -- the first scope (in window order) the order falls in: the customer's tables
    -- depend on the as-of date only through it
    select
        customer_email,
        {{ row_hash([
            'order_number', 'load_sequence', 'is_counted', 'revenue', 'purchase_at',
            scope_index(scopes),
        ]) }} as order_fingerprint
    from customer_orders

),

fingerprints as (

    -- the orders combined, then the logic version once per customer: added to every
    -- order's hash it only survived an even number of orders if row_hash mixes well
    select
        customer_email,
        {{ row_hash(['bit_xor(order_fingerprint)', "'" ~ logic_version ~ "'"]) }} as orders_fingerprint
    from scoped
    group by customer_email

)

select * from fingerprints
