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

per_kind as (

    -- one pass per kind, the three periods side by side
    {% for kind, column in kinds.items() %}
    select
        '{{ kind }}' as item_kind,
        {{ column }} as item,
        {% for days in periods %}
        sum(case when days_ago < {{ days }} then line_revenue end) as revenue_{{ days }},
        count(distinct case when days_ago < {{ days }} then customer_email end) as buyers_{{ days }},
        count(distinct case when days_ago < {{ days }} then order_number end) as orders_{{ days }},
        sum(case when days_ago < {{ days }} then quantity end) as units_{{ days }},
        {% endfor %}
        count(*) as line_count
    from lines
    where days_ago < {{ periods | max }} and {{ column }} is not null
    group by {{ column }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

items as (

    {% for days in periods %}
    select
        {{ days }} as period_days,
        item_kind,
        item,
        revenue_{{ days }} as revenue,
        buyers_{{ days }} as buyers,
        orders_{{ days }} as orders,
        units_{{ days }} as units
    from per_kind
    where buyers_{{ days }} > 0
    {% if not loop.last %}union all{% endif %}
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
