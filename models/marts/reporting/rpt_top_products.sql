{#- The top 10 products and categories of the last 30, 90 and 360 days before the
    build's as-of date, ranked by revenue and by buyers (two rankings, ranked_by): each
    item's revenue (its lines' item_total in the base currency), buyers (customers who
    bought it), orders and units. Ties go to the item ascending. Only product labels and
    category names: nothing about a customer. -#}
{%- set periods = [30, 90, 360] -%}
{%- set kinds = {'product': 'product_label', 'category': 'category'} -%}
with

lines as (

    -- the reported lines of the longest period up to the as-of date
    {{ reported_lines(ref('rpt_line_revenue'), periods | max) }}

),

item_orders as (

    -- each item's lines summed per order (an order has one customer and one days_ago),
    -- one pass per kind: the distinct buyers and orders below are then plain counts
    {% for kind, column in kinds.items() %}
    select
        '{{ kind }}' as item_kind,
        {{ column }} as item,
        customer_email,
        order_number,
        days_ago,
        sum(line_revenue) as revenue,
        sum(quantity) as units
    from lines
    where {{ column }} is not null
    group by {{ column }}, customer_email, order_number, days_ago
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

item_buyers as (

    -- each item's buyers, with the days since their latest order of it
    select
        item_kind,
        item,
        min(days_ago) as latest_days_ago
    from item_orders
    group by item_kind, item, customer_email

),

buyers as (

    select
        item_kind,
        item,
        {% for days in periods %}
        count(case when latest_days_ago < {{ days }} then 1 end) as buyers_{{ days }},
        {% endfor %}
        count(*) as buyer_count
    from item_buyers
    group by item_kind, item

),

sales as (

    select
        item_kind,
        item,
        {% for days in periods %}
        sum(case when days_ago < {{ days }} then revenue end) as revenue_{{ days }},
        count(case when days_ago < {{ days }} then 1 end) as orders_{{ days }},
        sum(case when days_ago < {{ days }} then units end) as units_{{ days }},
        {% endfor %}
        count(*) as order_count
    from item_orders
    group by item_kind, item

),

per_kind as (

    select
        sales.item_kind,
        sales.item,
        {% for days in periods %}
        sales.revenue_{{ days }},
        buyers.buyers_{{ days }},
        sales.orders_{{ days }},
        sales.units_{{ days }},
        {% endfor %}
        sales.order_count
    from sales
    inner join buyers
        on
            sales.item_kind = buyers.item_kind
            and sales.item = buyers.item

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
