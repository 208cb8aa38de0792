{#- The segment history: one row per customer email and streak, a run of consecutive
    recorded dates at which the customer appeared with the same (rfm_group,
    rfm_segment). A build records its as-of date when it is not before the latest
    recorded date (a rebuild of the latest date replaces that date's record; `history
    start` records many dates at once); a build for an earlier date (a backfill) leaves
    the history as it was. Rebuilt from its previous state plus the build's values, never
    from scratch (history_previous_relation): past values depend on the data as it was. -#}
{%- set previous = history_previous_relation() -%}
{%- set replaying = history_dates() | length > 0 -%}
-- depends_on: {{ ref('int_customer_segments_scored') }}
-- depends_on: {{ ref('int_customer_segments_replayed') }}

with

previous_streaks as (

    {% if previous is none %}
    select
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as rfm_group,
        cast(null as {{ dbt.type_string() }}) as rfm_segment,
        cast(null as date) as first_recorded_date,
        cast(null as date) as last_recorded_date,
        cast(null as date) as last_but_one_recorded_date
    where false
    {% else %}
    select
        email,
        rfm_group,
        rfm_segment,
        first_recorded_date,
        last_recorded_date,
        last_but_one_recorded_date
    from {{ previous }}
    {% endif %}

),

tracked_values as (

    select
        recorded_date,
        customer_email as email,
        rfm_group,
        rfm_segment
    from {{ history_tracked_values() }}

),

latest as (

    select max(last_recorded_date) as latest_recorded_date
    from previous_streaks

),

recording_dates as (

    -- the build's dates that get recorded: those not before the latest recorded date
    -- (history start refuses a range that would go back)
    select distinct checked_dates.recorded_date
    from (
        select
            {% if replaying %}
            case
                when tracked_values.recorded_date < latest.latest_recorded_date
                    then {{ raise_error(
                        "'history start: the history already has dates up to '"
                        ~ " || cast(latest.latest_recorded_date as " ~ dbt.type_string() ~ ")"
                        ~ " || '; a range must not start before it'"
                    ) }}
                else tracked_values.recorded_date
            end as recorded_date,
            {% else %}
            tracked_values.recorded_date,
            {% endif %}
            latest.latest_recorded_date
        from tracked_values
        cross join latest
    ) as checked_dates
    where
        checked_dates.latest_recorded_date is null
        or checked_dates.recorded_date >= checked_dates.latest_recorded_date

),

numbered_dates as (

    select
        recorded_date,
        row_number() over (order by recorded_date) as date_number
    from recording_dates

),

recording as (

    select
        count(*) as recording_date_count,
        max(recorded_date) as last_recording_date
    from recording_dates

),

replaced as (

    -- a rebuild of the latest recorded date first takes that date's record out
    select latest.latest_recorded_date as replaced_date
    from latest
    inner join recording_dates
        on latest.latest_recorded_date = recording_dates.recorded_date

),

kept_streaks as (

    -- without the replaced date: a streak that began on it goes, a streak that ended on
    -- it ends one recorded date earlier (kept in last_but_one_recorded_date)
    select
        previous_streaks.email,
        previous_streaks.rfm_group,
        previous_streaks.rfm_segment,
        previous_streaks.first_recorded_date,
        case
            when replaced.replaced_date is not null then previous_streaks.last_but_one_recorded_date
            else previous_streaks.last_recorded_date
        end as last_recorded_date,
        case
            when replaced.replaced_date is null then previous_streaks.last_but_one_recorded_date
        end as last_but_one_recorded_date
    from previous_streaks
    left join replaced
        on previous_streaks.last_recorded_date = replaced.replaced_date
    where
        replaced.replaced_date is null
        or previous_streaks.first_recorded_date < replaced.replaced_date

),

base as (

    -- the latest recorded date before the first date recorded now
    select max(last_recorded_date) as base_date
    from kept_streaks

),

appearances as (

    -- the streaks that held at the base date (position 0: they go on if the customer
    -- keeps its value at the first date recorded now), then every value recorded now
    select
        kept_streaks.email,
        kept_streaks.rfm_group,
        kept_streaks.rfm_segment,
        0 as date_number,
        kept_streaks.last_recorded_date as recorded_date,
        kept_streaks.first_recorded_date as streak_start_date
    from kept_streaks
    inner join base
        on kept_streaks.last_recorded_date = base.base_date
    union all
    select
        tracked_values.email,
        tracked_values.rfm_group,
        tracked_values.rfm_segment,
        numbered_dates.date_number,
        tracked_values.recorded_date,
        tracked_values.recorded_date as streak_start_date
    from tracked_values
    inner join numbered_dates
        on tracked_values.recorded_date = numbered_dates.recorded_date

),

streak_starts as (

    -- a streak starts where the customer was absent at the date before or had another value
    select
        *,
        case
            when
                lag(date_number) over customer_dates is null
                or lag(date_number) over customer_dates <> date_number - 1
                or lag(rfm_group) over customer_dates <> rfm_group
                or coalesce(lag(rfm_segment) over customer_dates, '') <> coalesce(rfm_segment, '')
                then 1
            else 0
        end as starts_streak
    from appearances
    window customer_dates as (partition by email order by date_number)

),

streak_numbers as (

    select
        *,
        sum(starts_streak) over (
            partition by email order by date_number rows between unbounded preceding and current row
        ) as streak_number,
        row_number() over (partition by email order by date_number desc) as position_from_last
    from streak_starts

),

new_streaks as (

    select
        email,
        rfm_group,
        rfm_segment,
        min(streak_start_date) as first_recorded_date,
        max(recorded_date) as last_recorded_date,
        -- the customer's last streak can hold two or more dates
        max(case when position_from_last = 2 then recorded_date end) as last_but_one_recorded_date
    from streak_numbers
    group by email, streak_number, rfm_group, rfm_segment

),

final as (

    -- a backfill (nothing recorded) keeps the history as it was
    select
        previous_streaks.email,
        previous_streaks.rfm_group,
        previous_streaks.rfm_segment,
        previous_streaks.first_recorded_date,
        previous_streaks.last_recorded_date,
        previous_streaks.last_but_one_recorded_date
    from previous_streaks
    cross join recording
    where recording.recording_date_count = 0
    union all
    select
        kept_streaks.email,
        kept_streaks.rfm_group,
        kept_streaks.rfm_segment,
        kept_streaks.first_recorded_date,
        kept_streaks.last_recorded_date,
        kept_streaks.last_but_one_recorded_date
    from kept_streaks
    cross join recording
    cross join base
    where
        recording.recording_date_count > 0
        and kept_streaks.last_recorded_date < base.base_date
    union all
    -- only a streak still open at the last date recorded keeps its last but one date
    select
        new_streaks.email,
        new_streaks.rfm_group,
        new_streaks.rfm_segment,
        new_streaks.first_recorded_date,
        new_streaks.last_recorded_date,
        case
            when new_streaks.last_recorded_date = recording.last_recording_date
                then new_streaks.last_but_one_recorded_date
        end as last_but_one_recorded_date
    from new_streaks
    cross join recording
    where recording.recording_date_count > 0

)

select * from final
