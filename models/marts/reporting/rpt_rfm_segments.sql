{#- Customers and revenue per RFM segment, for the lifetime (scope `total`) and for every
    scope of purchase_windows (each window and the open one above the largest), as of the
    build's as-of date. A scope counts the customers with a counted order in it (those
    with a segment there); revenue is theirs in that scope. -#}
{%- set scopes = purchase_window_scopes() -%}
with

profiles as (

    select * from {{ ref('customer_profiles') }}

),

segments as (

    {% for scope in scopes %}
    select
        '{{ scope.name }}' as scope,
        {{ loop.index }} as scope_order,
        rfm_segment_{{ scope.name }} as rfm_segment,
        count(*) as customers,
        sum(revenue_{{ scope.name }}) as revenue
    from profiles
    where rfm_segment_{{ scope.name }} is not null
    group by rfm_segment_{{ scope.name }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        scope,
        scope_order,
        rfm_segment,
        cast(customers as bigint) as customers,
        round(cast(customers as double) / sum(customers) over (partition by scope), 4) as customer_share,
        cast(revenue as decimal(38, 2)) as revenue
    from segments

)

select * from final
