-- A customer's streaks do not overlap, each spans recorded dates only, two streaks that
-- touch (the second starts at the recorded date right after the first ends) hold
-- different values, and only a streak open at the latest recorded date keeps its last
-- but one date. One row per streak that breaks a rule.
with

streaks as (

    select * from {{ ref('customer_segment_streaks') }}

),

recorded_dates as (

    select
        recorded_date,
        lead(recorded_date) over (order by recorded_date) as next_recorded_date
    from {{ ref('segment_history_recorded_dates') }}

),

latest as (

    select max(recorded_date) as latest_recorded_date
    from recorded_dates

),

ordered as (

    select
        email,
        rfm_group,
        rfm_segment,
        first_recorded_date,
        last_recorded_date,
        last_but_one_recorded_date,
        lag(last_recorded_date) over customer_streaks as previous_last_date,
        lag(rfm_group) over customer_streaks as previous_group,
        lag(rfm_segment) over customer_streaks as previous_segment
    from streaks
    window customer_streaks as (partition by email order by first_recorded_date)

),

problems as (

    select
        ordered.email,
        ordered.first_recorded_date,
        case
            when ordered.first_recorded_date <= ordered.previous_last_date then 'overlaps the streak before'
            when first_date.recorded_date is null then 'first date not recorded'
            when last_date.recorded_date is null then 'last date not recorded'
            when
                previous_end.next_recorded_date = ordered.first_recorded_date
                and ordered.previous_group = ordered.rfm_group
                and coalesce(ordered.previous_segment, '') = coalesce(ordered.rfm_segment, '')
                then 'continues the streak before with the same value'
            when
                ordered.last_but_one_recorded_date is not null
                and ordered.last_recorded_date <> latest.latest_recorded_date
                then 'a closed streak keeps its last but one date'
        end as problem
    from ordered
    cross join latest
    left join recorded_dates as first_date
        on ordered.first_recorded_date = first_date.recorded_date
    left join recorded_dates as last_date
        on ordered.last_recorded_date = last_date.recorded_date
    left join recorded_dates as previous_end
        on ordered.previous_last_date = previous_end.recorded_date

)

select * from problems
where problem is not null
