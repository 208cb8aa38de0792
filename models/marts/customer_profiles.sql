{#- One row per customer email: profile attributes, lifetime and per-window purchase
    metrics, ordered lists (from int_customer_lists) and RFM scores as of the as-of date.
    Every per-window column is generated from var purchase_windows (see macro
    purchase_window_scopes). -#}
{%- set scopes = purchase_window_scopes() -%}
{%- set profile_attributes = [
    'first_name', 'last_name', 'gender', 'phone', 'document', 'document_type',
    'company_tax_id', 'company_name', 'billing_country', 'billing_state', 'billing_city',
] -%}
{%- set list_kinds = ['products', 'categories', 'discount_codes'] -%}
{%- set latest_order_key = ['purchase_at', 'order_number'] -%}

with

customer_orders as (

    select * from {{ ref('int_customer_orders_windowed') }}

),

rfm_segments as (

    select * from {{ ref('stg_settings__rfm_segments') }}

),

customer_lists as (

    select * from {{ ref('int_customer_lists') }}

),

customer_attributes as (

    -- each attribute from the most recent order (any status) where it is non-empty
    select
        customer_email,
        {% for attribute in profile_attributes %}
        {{ value_at_latest(attribute, latest_order_key) }} as {{ attribute }},
        {% endfor %}
        max(as_of_date) as as_of_date
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
        min(case when {{ scope_condition(scope) }} then days_ago end) as days_since_last_{{ scope.name }},
        {% endfor %}
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date
    from counted_orders
    group by customer_email

),

last_purchases as (

    -- the last order's attributes, apart from the narrow metrics above: the RFM window
    -- functions then sort narrow rows (wide rows with lists made the mart much slower)
    select
        customer_email,
        {{ value_at_latest('order_number', latest_order_key) }} as last_order_number,
        {{ value_at_latest('revenue', latest_order_key) }} as last_purchase_amount,
        {{ value_at_latest('brands', latest_order_key) }} as last_purchase_brands,
        {{ value_at_latest('categories', latest_order_key) }} as last_purchase_categories,
        {{ value_at_latest('products', latest_order_key) }} as last_purchase_products,
        {{ value_at_latest('discount_codes', latest_order_key) }} as last_purchase_promo_codes
    from counted_orders
    group by customer_email

),

rfm_scores as (

    -- scored over a narrow relation: window functions sort only the columns they need
    select
        {% for scope in scopes %}
        {{ rfm_score('-days_since_last_' ~ scope.name, 'orders_' ~ scope.name ~ ' > 0') }} as r_score_{{ scope.name }},
        {{ rfm_score(
            'orders_' ~ scope.name, 'orders_' ~ scope.name ~ ' > 0', var('rfm_frequency_thresholds')
        ) }} as f_score_{{ scope.name }},
        {{ rfm_score('revenue_' ~ scope.name, 'orders_' ~ scope.name ~ ' > 0') }} as m_score_{{ scope.name }},
        {% endfor %}
        customer_email
    from purchase_aggregates

),

scored as (

    select
        customer_attributes.*,
        purchase_aggregates.first_purchase_date,
        purchase_aggregates.last_purchase_date,
        last_purchases.last_order_number,
        last_purchases.last_purchase_amount,
        last_purchases.last_purchase_brands,
        last_purchases.last_purchase_categories,
        last_purchases.last_purchase_products,
        {% for scope in scopes %}
        coalesce(purchase_aggregates.orders_{{ scope.name }}, 0) as orders_{{ scope.name }},
        coalesce(purchase_aggregates.revenue_{{ scope.name }}, 0) as revenue_{{ scope.name }},
        coalesce(purchase_aggregates.units_{{ scope.name }}, 0) as units_{{ scope.name }},
        {% for kind in list_kinds %}
        customer_lists.{{ kind }}_{{ scope.name }},
        {% endfor %}
        rfm_scores.r_score_{{ scope.name }},
        rfm_scores.f_score_{{ scope.name }},
        rfm_scores.m_score_{{ scope.name }},
        {% endfor %}
        last_purchases.last_purchase_promo_codes
    from customer_attributes
    left join purchase_aggregates
        on customer_attributes.customer_email = purchase_aggregates.customer_email
    left join last_purchases
        on customer_attributes.customer_email = last_purchases.customer_email
    left join customer_lists
        on customer_attributes.customer_email = customer_lists.customer_email
    left join rfm_scores
        on customer_attributes.customer_email = rfm_scores.customer_email

),

final as (

    select
        scored.customer_email as email,
        {% for attribute in profile_attributes %}
        scored.{{ attribute }},
        {% endfor %}
        scored.first_purchase_date,
        scored.last_purchase_date,
        {{ days_between('scored.first_purchase_date', 'scored.as_of_date') }} as days_since_first_purchase,
        {{ days_between('scored.last_purchase_date', 'scored.as_of_date') }} as days_since_last_purchase,
        scored.last_order_number,
        cast(scored.last_purchase_amount as decimal(18, 2)) as last_purchase_amount,
        coalesce(scored.last_purchase_brands, {{ empty_text_list() }}) as last_purchase_brands,
        coalesce(scored.last_purchase_categories, {{ empty_text_list() }}) as last_purchase_categories,
        coalesce(scored.last_purchase_products, {{ empty_text_list() }}) as last_purchase_products,
        coalesce(scored.last_purchase_promo_codes, {{ empty_text_list() }}) as last_purchase_promo_codes,
        {% for scope in scopes %}
        cast(scored.orders_{{ scope.name }} as integer) as orders_{{ scope.name }},
        cast(scored.revenue_{{ scope.name }} as decimal(18, 2)) as revenue_{{ scope.name }},
        cast(scored.units_{{ scope.name }} as decimal(18, 6)) as units_{{ scope.name }},
        {{ money_quotient('scored.revenue_' ~ scope.name, 'scored.orders_' ~ scope.name) }}
            as avg_order_value_{{ scope.name }},
        {% for kind in list_kinds %}
        coalesce(scored.{{ kind }}_{{ scope.name }}, {{ empty_text_list() }}) as {{ kind }}_{{ scope.name }},
        {% endfor %}
        {% endfor %}
        {% for scope in scopes %}
        scored.r_score_{{ scope.name }},
        scored.f_score_{{ scope.name }},
        scored.m_score_{{ scope.name }},
        cast(scored.r_score_{{ scope.name }} as {{ dbt.type_string() }})
        || cast(scored.f_score_{{ scope.name }} as {{ dbt.type_string() }})
        || cast(scored.m_score_{{ scope.name }} as {{ dbt.type_string() }}) as rfm_code_{{ scope.name }},
        segments_{{ scope.name }}.rfm_segment as rfm_segment_{{ scope.name }},
        {% endfor %}
        case
            when scored.f_score_total is null then 'PROSPECTS'
            when scored.f_score_total = 1 then 'BEGINNERS'
            when scored.f_score_total <= 3 then 'FREQUENT'
            else 'LOYAL'
        end as rfm_group,
        scored.as_of_date
    from scored
    {% for scope in scopes %}
    left join rfm_segments as segments_{{ scope.name }}
        on
            scored.r_score_{{ scope.name }} = segments_{{ scope.name }}.r_score
            and scored.f_score_{{ scope.name }} = segments_{{ scope.name }}.f_score
    {% endfor %}

)

select * from final
