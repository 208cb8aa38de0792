{#- One row per customer email and streak, in order: each customer's path through the
    RFM groups and segments over the recorded dates, with the value it held before each
    streak. A view over customer_segment_streaks for analysts. -#}
with

streaks as (

    select * from {{ ref('customer_segment_streaks') }}

),

recorded_dates as (

    select * from {{ ref('segment_history_recorded_dates') }}

),

latest as (

    select max(recorded_date) as latest_recorded_date
    from recorded_dates

),

streak_lengths as (

    select
        streaks.email,
        streaks.first_recorded_date,
        count(*) as recorded_date_count
    from streaks
    inner join recorded_dates
        on
            streaks.first_recorded_date <= recorded_dates.recorded_date
            and streaks.last_recorded_date >= recorded_dates.recorded_date
    group by streaks.email, streaks.first_recorded_date

),

ordered as (

    select
        streaks.email,
        row_number() over customer_streaks as streak_number,
        streaks.rfm_group,
        streaks.rfm_segment,
        streaks.first_recorded_date,
        streaks.last_recorded_date,
        streak_lengths.recorded_date_count,
        lag(streaks.rfm_group) over customer_streaks as previous_rfm_group,
        lag(streaks.rfm_segment) over customer_streaks as previous_rfm_segment,
        streaks.last_recorded_date = latest.latest_recorded_date as is_latest
    from streaks
    inner join streak_lengths
        on
            streaks.email = streak_lengths.email
            and streaks.first_recorded_date = streak_lengths.first_recorded_date
    cross join latest
    window customer_streaks as (partition by streaks.email order by streaks.first_recorded_date)

)

select * from ordered
