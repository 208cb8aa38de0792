{#- One row per customer with an order as of the as-of date: profile attributes, the
    per-scope purchase counts, revenue, units and last purchase date, first and last
    purchase dates, and the last counted order. Nothing here is a number of days, so a
    row stays right as the as-of date moves until one of the customer's orders changes
    scope: incremental on DuckDB, recomputing only the customers whose
    orders_fingerprint changed (see customers_to_rebuild); customer_profiles turns
    dates into days and ranks RFM over every row. -#}
{%- set scopes = purchase_window_scopes() -%}
{%- set profile_attributes = profile_attributes() -%}
{%- set latest_order_key = ['purchase_at', 'order_number'] -%}

with

rebuilt_customers as (

    {{ customers_to_rebuild(ref('int_customer_fingerprints')) }}

),

customer_orders as (

    select * from {{ ref('int_customer_orders_windowed') }}
    {%- if is_incremental() %}
    where customer_email in (select rebuilt_customers.customer_email from rebuilt_customers)
    {%- endif %}

),

customer_attributes as (

    -- each attribute from the most recent order (any status) where it is non-empty
    select
        {% for attribute in profile_attributes %}
        {{ value_at_latest(attribute, latest_order_key) }} as {{ attribute }},
        {% endfor %}
        customer_email
    from customer_orders
    group by customer_email

),

counted_orders as (

    select * from customer_orders
    where is_counted

),

purchase_aggregates as (

    -- one pass over the counted orders: conditional aggregation per scope
    select
        customer_email,
        {% for scope in scopes %}
        count(case when {{ scope_condition(scope) }} then 1 end) as orders_{{ scope.name }},
        sum(case when {{ scope_condition(scope) }} then revenue else 0 end) as revenue_{{ scope.name }},
        sum(case when {{ scope_condition(scope) }} then units else 0 end) as units_{{ scope.name }},
        max(case when {{ scope_condition(scope) }} then purchase_date end)
            as last_purchase_date_{{ scope.name }},
        {% endfor %}
        min(purchase_date) as first_purchase_date,
        {{ value_at_latest('order_number', latest_order_key) }} as last_order_number,
        {{ value_at_latest('revenue', latest_order_key) }} as last_purchase_amount,
        {{ value_at_latest('brands', latest_order_key) }} as last_purchase_brands,
        {{ value_at_latest('categories', latest_order_key) }} as last_purchase_categories,
        {{ value_at_latest('products', latest_order_key) }} as last_purchase_products,
        {{ value_at_latest('discount_codes', latest_order_key) }} as last_purchase_promo_codes
    from counted_orders
    group by customer_email

),

final as (

    select
        rebuilt_customers.customer_email,
        rebuilt_customers.orders_fingerprint,
        {% for attribute in profile_attributes %}
        customer_attributes.{{ attribute }},
        {% endfor %}
        {% for scope in scopes %}
        coalesce(purchase_aggregates.orders_{{ scope.name }}, 0) as orders_{{ scope.name }},
        coalesce(purchase_aggregates.revenue_{{ scope.name }}, 0) as revenue_{{ scope.name }},
        coalesce(purchase_aggregates.units_{{ scope.name }}, 0) as units_{{ scope.name }},
        purchase_aggregates.last_purchase_date_{{ scope.name }},
        {% endfor %}
        purchase_aggregates.first_purchase_date,
        purchase_aggregates.last_order_number,
        purchase_aggregates.last_purchase_amount,
        purchase_aggregates.last_purchase_brands,
        purchase_aggregates.last_purchase_categories,
        purchase_aggregates.last_purchase_products,
        purchase_aggregates.last_purchase_promo_codes
    from rebuilt_customers
    left join customer_attributes
        on rebuilt_customers.customer_email = customer_attributes.customer_email
    left join purchase_aggregates
        on rebuilt_customers.customer_email = purchase_aggregates.customer_email

)

select * from final
