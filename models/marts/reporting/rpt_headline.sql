{#- The report's headline, one row per period (the last 30, 90 and 360 days, and the
    lifetime), as of the build's as-of date: customers, buyers, prospects, repeat rate,
    revenue, orders, average ticket, revenue per buyer. Customers and prospects are the
    as-of counts (the contract's: every customer with an order of any status, and those
    without a counted order), the same in every row; the rest counts the counted orders
    purchased in the period. The periods are fixed (not purchase_windows): the report
    compares stores and days on the same footing. -#}
{%- set periods = [30, 90, 360, none] -%}
with

orders as (

    select * from {{ ref('int_customer_orders_windowed') }}
    where is_counted

),

profiles as (

    select * from {{ ref('customer_profiles') }}

),

customer_counts as (

    select
        count(*) as customers,
        coalesce(sum(case when rfm_group = 'PROSPECTS' then 1 else 0 end), 0) as prospects
    from profiles

),

buyer_orders as (

    {% for days in periods %}
    select
        '{{ days if days else "total" }}' as period,
        customer_email,
        count(*) as orders,
        sum(revenue) as revenue
    from orders
    {% if days %}
    where days_ago < {{ days }}
    {% endif %}
    group by customer_email
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

periods as (

    {% for days in periods %}
    select
        '{{ days if days else "total" }}' as period,
        {{ loop.index }} as period_order,
        {{ days if days else 'cast(null as integer)' }} as period_days
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

period_figures as (

    select
        period,
        count(*) as buyers,
        sum(case when orders >= 2 then 1 else 0 end) as repeat_buyers,
        sum(orders) as orders,
        cast(sum(revenue) as decimal(38, 2)) as revenue
    from buyer_orders
    group by period

),

final as (

    select
        periods.period,
        periods.period_order,
        periods.period_days,
        {{ as_of_date() }} as as_of_date,
        cast(customer_counts.customers as bigint) as customers,
        cast(coalesce(period_figures.buyers, 0) as bigint) as buyers,
        cast(customer_counts.prospects as bigint) as prospects,
        cast(coalesce(period_figures.repeat_buyers, 0) as bigint) as repeat_buyers,
        case
            when period_figures.buyers > 0
                then round(cast(period_figures.repeat_buyers as double) / period_figures.buyers, 4)
        end as repeat_rate,
        cast(coalesce(period_figures.revenue, 0) as decimal(38, 2)) as revenue,
        cast(coalesce(period_figures.orders, 0) as bigint) as orders,
        {{ money_quotient('period_figures.revenue', 'period_figures.orders') }} as average_ticket,
        {{ money_quotient('period_figures.revenue', 'period_figures.buyers') }} as revenue_per_buyer
    from periods
    cross join customer_counts
    left join period_figures
        on periods.period = period_figures.period

)

select * from final
