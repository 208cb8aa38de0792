{#- One row per recorded date, RFM group and lifetime RFM segment that some customer held
    at that date: how many did. The RFM distribution over time, and how it moved. A
    view: counts change only where streaks begin or end, so it adds up those changes over
    the recorded dates instead of expanding every streak into its dates. -#}
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

changes as (

    -- +1 on a streak's first date, -1 on the recorded date after its last
    select
        first_recorded_date as recorded_date,
        rfm_group,
        rfm_segment,
        1 as change_count
    from streaks
    union all
    select
        recorded_dates.next_recorded_date as recorded_date,
        streaks.rfm_group,
        streaks.rfm_segment,
        -1 as change_count
    from streaks
    inner join recorded_dates
        on streaks.last_recorded_date = recorded_dates.recorded_date
    where recorded_dates.next_recorded_date is not null

),

net_changes as (

    select
        recorded_date,
        rfm_group,
        rfm_segment,
        sum(change_count) as net_change
    from changes
    group by recorded_date, rfm_group, rfm_segment

),

tracked_values as (

    select distinct
        rfm_group,
        rfm_segment
    from streaks

),

date_values as (

    select
        recorded_dates.recorded_date,
        tracked_values.rfm_group,
        tracked_values.rfm_segment,
        coalesce(net_changes.net_change, 0) as net_change
    from recorded_dates
    cross join tracked_values
    left join net_changes
        on
            recorded_dates.recorded_date = net_changes.recorded_date
            and tracked_values.rfm_group = net_changes.rfm_group
            and coalesce(tracked_values.rfm_segment, '') = coalesce(net_changes.rfm_segment, '')

),

counts as (

    select
        recorded_date,
        rfm_group,
        rfm_segment,
        sum(net_change) over (
            partition by rfm_group, rfm_segment order by recorded_date
            rows between unbounded preceding and current row
        ) as customers
    from date_values

),

final as (

    select
        recorded_date,
        rfm_group,
        rfm_segment,
        cast(customers as integer) as customers
    from counts
    where customers > 0

)

select * from final
