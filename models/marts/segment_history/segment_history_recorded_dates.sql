{#- One row per recorded date of the segment history: every as-of date a build recorded
    (customer_segment_streaks holds the values). Kept beside the streaks because a date
    at which no customer started or ended a streak appears in none of their rows; read
    by segment_counts_by_date and customer_segment_path. Rebuilt from its previous state
    (history_previous_relation), never from scratch. -#}
{%- set previous = history_previous_relation() -%}
-- depends_on: {{ ref('int_customer_segments_scored') }}
-- depends_on: {{ ref('int_customer_segments_replayed') }}

with

previous_dates as (

    {% if previous is none %}
    select cast(null as date) as recorded_date
    where false
    {% else %}
    select recorded_date from {{ previous }}
    {% endif %}

),

streaks as (

    select * from {{ ref('customer_segment_streaks') }}

),

tracked_values as (

    select * from {{ history_tracked_values() }}

),

latest_dates as (

    select
        (select max(tracked_values.recorded_date) as latest_tracked_date from tracked_values)
            as latest_tracked_date,
        (select max(streaks.last_recorded_date) as latest_recorded_date from streaks)
            as latest_recorded_date

),

recorded_now as (

    -- the build recorded its dates when the latest of them is now the history's latest
    select distinct tracked_values.recorded_date
    from tracked_values
    cross join latest_dates
    where latest_dates.latest_tracked_date = latest_dates.latest_recorded_date

),

streak_dates as (

    -- every date a streak names was recorded (this also restores a date a build that
    -- stopped between the two models failed to add here)
    select first_recorded_date as recorded_date from streaks
    union all
    select last_recorded_date as recorded_date from streaks
    union all
    select last_but_one_recorded_date as recorded_date from streaks

),

all_dates as (

    select recorded_date from previous_dates
    union
    select recorded_date from recorded_now
    union
    select recorded_date from streak_dates

),

final as (

    select recorded_date
    from all_dates
    where recorded_date is not null

)

select * from final
