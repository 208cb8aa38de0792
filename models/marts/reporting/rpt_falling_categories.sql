{#- The categories whose revenue fell most: for the last 30, 90 and 360 days before the
    build's as-of date, each category's revenue against the same number of days just
    before (days_ago N to 2N - 1), the 10 largest falls (change < 0, largest fall first;
    ties by category). A category with no sale in the period has revenue 0 there, so one
    that stopped selling is listed. -#}
{%- set periods = [30, 90, 360] -%}
with

lines as (

    -- the reported lines of the longest period and the days before it, up to the as-of date
    {{ reported_lines(ref('rpt_line_revenue'), 2 * (periods | max)) }}

),

per_category as (

    -- one pass, the three periods and the days before each side by side
    select
        category,
        {% for days in periods %}
        sum(case when days_ago < {{ days }} then line_revenue else 0 end) as revenue_{{ days }},
        sum(case when days_ago >= {{ days }} and days_ago < {{ 2 * days }} then line_revenue else 0 end)
            as revenue_before_{{ days }},
        {% endfor %}
        count(*) as line_count
    from lines
    where category is not null
    group by category

),

compared as (

    {% for days in periods %}
    select
        {{ days }} as period_days,
        category,
        revenue_{{ days }} as revenue,
        revenue_before_{{ days }} as revenue_before
    from per_category
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

ranked as (

    select
        period_days,
        category,
        revenue,
        revenue_before,
        revenue - revenue_before as revenue_change,
        row_number() over (
            partition by period_days order by revenue - revenue_before asc, category asc
        ) as fall_rank
    from compared
    where revenue < revenue_before

),

final as (

    select
        period_days,
        fall_rank,
        category,
        cast(revenue as decimal(38, 2)) as revenue,
        cast(revenue_before as decimal(38, 2)) as revenue_before,
        cast(revenue_change as decimal(38, 2)) as revenue_change,
        round(cast(revenue_change as double) / cast(revenue_before as double), 4) as revenue_change_share
    from ranked
    where fall_rank <= 10

)

select * from final
