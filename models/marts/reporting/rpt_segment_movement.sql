{#- Where the customers moved: customers per (previous value, current value) pair, for
    the RFM group and for the lifetime RFM segment (a prospect's segment shown as
    PROSPECTS), over two periods, as of the build's as-of date:
    - `since_last_recorded`: from the latest recorded date of the segment history before
      the as-of date;
    - `last_30_days`: from the latest recorded date on or before the as-of date minus 30
      days (when the history is younger, its first recorded date: compared_date says
      which date was used).
    The current value is the profile's; the previous one is the customer's streak that
    covers the compared date (customer_segment_streaks). from_value is empty for a
    customer not recorded then (a new customer), to_value for one gone since. No row
    when the history has no recorded date before the as-of date. -#}
with

profiles as (

    select * from {{ ref('customer_profiles') }}

),

streaks as (

    select * from {{ ref('customer_segment_streaks') }}

),

recorded_dates as (

    select recorded_date from {{ ref('segment_history_recorded_dates') }}
    where recorded_date < {{ as_of_date() }}

),

compared_dates as (

    select
        'since_last_recorded' as period,
        1 as period_order,
        max(recorded_date) as compared_date
    from recorded_dates
    union all
    select
        'last_30_days' as period,
        2 as period_order,
        coalesce(
            max(
                case
                    when recorded_date <= cast({{ dbt.dateadd('day', -30, as_of_date()) }} as date)
                        then recorded_date
                end
            ),
            min(recorded_date)
        ) as compared_date
    from recorded_dates

),

levels as (

    select 'group' as tracked_kind
    union all
    select 'segment' as tracked_kind

),

current_values as (

    select
        levels.tracked_kind,
        profiles.email,
        case
            when levels.tracked_kind = 'group' then profiles.rfm_group
            else coalesce(profiles.rfm_segment_total, profiles.rfm_group)
        end as tracked_value
    from profiles
    cross join levels

),

previous_values as (

    select
        compared_dates.period,
        levels.tracked_kind,
        streaks.email,
        case
            when levels.tracked_kind = 'group' then streaks.rfm_group
            else coalesce(streaks.rfm_segment, streaks.rfm_group)
        end as tracked_value
    from compared_dates
    inner join streaks
        on
            compared_dates.compared_date >= streaks.first_recorded_date
            and compared_dates.compared_date <= streaks.last_recorded_date
    cross join levels

),

current_per_period as (

    select
        compared_dates.period,
        current_values.tracked_kind,
        current_values.email,
        current_values.tracked_value
    from current_values
    cross join compared_dates
    where compared_dates.compared_date is not null

),

pairs as (

    select
        coalesce(current_per_period.period, previous_values.period) as period,
        coalesce(current_per_period.tracked_kind, previous_values.tracked_kind) as tracked_kind,
        previous_values.tracked_value as from_value,
        current_per_period.tracked_value as to_value,
        count(*) as customers
    from current_per_period
    full outer join previous_values
        on
            current_per_period.period = previous_values.period
            and current_per_period.tracked_kind = previous_values.tracked_kind
            and current_per_period.email = previous_values.email
    group by 1, 2, 3, 4

),

final as (

    select
        pairs.period,
        compared_dates.period_order,
        compared_dates.compared_date,
        {{ as_of_date() }} as as_of_date,
        pairs.tracked_kind,
        pairs.from_value,
        pairs.to_value,
        coalesce(pairs.from_value, '') <> coalesce(pairs.to_value, '') as moved,
        cast(pairs.customers as bigint) as customers
    from pairs
    inner join compared_dates
        on pairs.period = compared_dates.period

)

select * from final
