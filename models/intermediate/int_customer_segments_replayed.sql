{#- One row per past as-of date of var history_dates and customer as of that date, with
    the value the segment history tracks, computed for all the dates in one query: what
    a build for each of those dates would record (`fenicio-icommkt history start`). As a
    build for a past as-of date does, it reads every order in its latest loaded version
    and ignores those purchased after the date. A customer's lifetime figures change
    only on the days it ordered, so each such day starts a state (orders so far, last
    purchase so far) that holds until its next order day; every date picks the state it
    falls in, and R is ranked among the customers of the same date. Without the var, the
    as-of date alone (a view nothing reads in a daily build). -#}
{%- set dates = history_dates() -%}

with

orders as (

    select * from {{ ref('int_orders_enriched') }}
    where is_valid_email

),

rfm_segments as (

    select * from {{ ref('stg_settings__rfm_segments') }}

),

replay_dates as (

    {% for date in dates %}
    select cast('{{ date }}' as date) as recorded_date
    {% if not loop.last %}union all{% endif %}
    {% else %}
    select {{ as_of_date() }} as recorded_date
    {% endfor %}

),

last_replay_date as (

    select max(recorded_date) as last_replay_date
    from replay_dates

),

order_days as (

    -- any order makes its email a customer; counted orders feed the figures
    select
        orders.customer_email,
        orders.purchase_date,
        count(case when orders.is_counted then 1 end) as counted_orders
    from orders
    inner join last_replay_date
        on orders.purchase_date <= last_replay_date.last_replay_date
    group by orders.customer_email, orders.purchase_date

),

customer_states as (

    select
        customer_email,
        purchase_date as valid_from,
        coalesce(
            lead(purchase_date) over (partition by customer_email order by purchase_date),
            cast('9999-12-31' as date)
        ) as valid_until,
        sum(counted_orders) over (
            partition by customer_email order by purchase_date rows between unbounded preceding and current row
        ) as orders_total,
        max(case when counted_orders > 0 then purchase_date end) over (
            partition by customer_email order by purchase_date rows between unbounded preceding and current row
        ) as last_purchase_date_total
    from order_days

),

dated_states as (

    select
        replay_dates.recorded_date,
        customer_states.customer_email,
        customer_states.orders_total,
        customer_states.last_purchase_date_total
    from customer_states
    inner join replay_dates
        on
            customer_states.valid_from <= replay_dates.recorded_date
            and customer_states.valid_until > replay_dates.recorded_date

),

tracked_values as (

    {{ rfm_tracked_values('dated_states', 'rfm_segments') }}

)

select * from tracked_values
