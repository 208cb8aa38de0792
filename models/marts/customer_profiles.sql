{#- One row per customer email: profile attributes, lifetime and per-window purchase
    metrics, ordered lists and RFM scores as of the as-of date. The per-customer figures
    come from int_customer_purchases and int_customer_lists (incremental); here dates
    become days since, and R, F and M are ranked over every customer, so this table is
    rebuilt whole on every run. The four segment-movement fields come from the segment
    history (customer_segment_movement). Every per-window column is generated from var
    purchase_windows (see macro purchase_window_scopes). -#}
{%- set scopes = purchase_window_scopes() -%}
{%- set profile_attributes = profile_attributes() -%}
{%- set list_kinds = list_kinds() -%}

with

customer_purchases as (

    -- rows without a fingerprint are customers left without any order (kept by the
    -- incremental model to replace their stale row)
    select * from {{ ref('int_customer_purchases') }}
    where orders_fingerprint is not null

),

rfm_inputs as (

    -- a second, narrow read of the same rows for the window functions: fed from the CTE
    -- above, DuckDB shared it whole and the windows sorted every column (26 s against
    -- 9 s for the mart at 10 M lines)
    select
        {% for scope in scopes %}
        orders_{{ scope.name }},
        revenue_{{ scope.name }},
        last_purchase_date_{{ scope.name }},
        {% endfor %}
        customer_email
    from {{ ref('int_customer_purchases') }}
    where orders_fingerprint is not null

),

customer_lists as (

    select * from {{ ref('int_customer_lists') }}

),

rfm_segments as (

    select * from {{ ref('stg_settings__rfm_segments') }}

),

segment_movement as (

    -- where the customer's lifetime segment and group came from, and since when
    select * from {{ ref('customer_segment_movement') }}

),

rfm_scores as (

    -- recency ranks the last purchase date (later is better)
    select
        {% for scope in scopes %}
        {{ rfm_score('last_purchase_date_' ~ scope.name, 'orders_' ~ scope.name ~ ' > 0') }}
            as r_score_{{ scope.name }},
        {{ rfm_score(
            'orders_' ~ scope.name, 'orders_' ~ scope.name ~ ' > 0', setting('rfm_frequency_thresholds')
        ) }} as f_score_{{ scope.name }},
        {{ rfm_score('revenue_' ~ scope.name, 'orders_' ~ scope.name ~ ' > 0') }} as m_score_{{ scope.name }},
        {% endfor %}
        customer_email
    from rfm_inputs

),

scored as (

    select
        customer_purchases.*,
        {% for scope in scopes %}
        {% for kind in list_kinds %}
        customer_lists.{{ kind }}_{{ scope.name }},
        {% endfor %}
        rfm_scores.r_score_{{ scope.name }},
        rfm_scores.f_score_{{ scope.name }},
        rfm_scores.m_score_{{ scope.name }},
        {% endfor %}
        {{ as_of_date() }} as as_of_date
    from customer_purchases
    left join customer_lists
        on customer_purchases.customer_email = customer_lists.customer_email
    left join rfm_scores
        on customer_purchases.customer_email = rfm_scores.customer_email

),

final as (

    select
        scored.customer_email as email,
        {% for attribute in profile_attributes %}
        scored.{{ attribute }},
        {% endfor %}
        scored.first_purchase_date,
        scored.last_purchase_date_total as last_purchase_date,
        {{ days_between('scored.first_purchase_date', 'scored.as_of_date') }} as days_since_first_purchase,
        {{ days_between('scored.last_purchase_date_total', 'scored.as_of_date') }} as days_since_last_purchase,
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
        {{ rfm_group('scored.f_score_total') }} as rfm_group,
        segment_movement.rfm_segment_previous,
        segment_movement.rfm_segment_since,
        segment_movement.rfm_group_previous,
        segment_movement.rfm_group_since,
        scored.as_of_date
    from scored
    left join segment_movement
        on scored.customer_email = segment_movement.email
    {% for scope in scopes %}
    left join rfm_segments as segments_{{ scope.name }}
        on
            scored.r_score_{{ scope.name }} = segments_{{ scope.name }}.r_score
            and scored.f_score_{{ scope.name }} = segments_{{ scope.name }}.f_score
    {% endfor %}

)

select * from final
