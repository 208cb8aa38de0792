{#- The top 10 products and categories of the last 30, 90 and 360 days before the
    build's as-of date, ranked by revenue and by buyers (two rankings, ranked_by): each
    item's revenue (its lines' item_total in the base currency), buyers (customers who
    bought it), orders and units. Ties go to the item ascending. Only product labels and
    category names: nothing about a customer. -#}
{%- set periods = [30, 90, 360] -%}
{%- set kinds = {'product': 'product_label', 'category': 'category'} -%}
with

lines as (

    select * from {{ ref('rpt_line_revenue') }}

),

items as (

    {% for days in periods %}
    {% set outer_loop = loop %}
    {% for kind, column in kinds.items() %}
    select
        {{ days }} as period_days,
        '{{ kind }}' as item_kind,
        {{ column }} as item,
        sum(line_revenue) as revenue,
        count(distinct customer_email) as buyers,
        count(distinct order_number) as orders,
        sum(quantity) as units
    from lines
    where days_ago < {{ days }} and {{ column }} is not null
    group by {{ column }}
    {% if not (outer_loop.last and loop.last) %}union all{% endif %}
    {% endfor %}
    {% endfor %}

),

ranked as (

    select
        *,
        row_number() over (partition by period_days, item_kind order by revenue desc, item asc) as revenue_rank,
        row_number() over (partition by period_days, item_kind order by buyers desc, item asc) as buyers_rank
    from items

),

final as (

    select
        period_days,
        item_kind,
        'revenue' as ranked_by,
        revenue_rank as item_rank,
        item,
        cast(revenue as decimal(38, 2)) as revenue,
        cast(buyers as bigint) as buyers,
        cast(orders as bigint) as orders,
        cast(units as decimal(38, 6)) as units
    from ranked
    where revenue_rank <= 10
    union all
    select
        period_days,
        item_kind,
        'buyers' as ranked_by,
        buyers_rank as item_rank,
        item,
        cast(revenue as decimal(38, 2)) as revenue,
        cast(buyers as bigint) as buyers,
        cast(orders as bigint) as orders,
        cast(units as decimal(38, 6)) as units
    from ranked
    where buyers_rank <= 10

)

select * from final
