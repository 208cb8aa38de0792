{#- One row per customer email as of the as-of date: where its lifetime RFM segment and
    its RFM group came from and since when. For a customer c and the build's as-of D,
    take the recorded dates before D at which c appears (the streaks that began before
    D) and then D itself: `since` is the first date of the latest run of that sequence
    holding c's value at D, `previous` the value at the date before that run (empty when
    there is none). Read by customer_profiles. -#}
with

scored as (

    select * from {{ ref('int_customer_segments_scored') }}

),

streaks as (

    select * from {{ ref('customer_segment_streaks') }}

),

as_of_values as (

    select
        customer_email as email,
        rfm_group,
        rfm_segment,
        recorded_date
    from scored

),

earlier_values as (

    -- a streak's value held from its first date on; only dates before D count
    select
        streaks.email,
        streaks.rfm_group,
        streaks.rfm_segment,
        streaks.first_recorded_date as recorded_date
    from streaks
    inner join as_of_values
        on streaks.email = as_of_values.email
    where streaks.first_recorded_date < as_of_values.recorded_date

),

customer_path as (

    select
        email,
        rfm_group,
        rfm_segment,
        recorded_date
    from earlier_values
    union all
    select
        email,
        rfm_group,
        rfm_segment,
        recorded_date
    from as_of_values

),

run_starts as (

    -- where each run of one segment (of one group) begins, and the value just before it
    select
        email,
        recorded_date,
        lag(rfm_segment) over customer_dates as segment_before,
        lag(rfm_group) over customer_dates as group_before,
        row_number() over customer_dates = 1
        or coalesce(lag(rfm_segment) over customer_dates, '') <> coalesce(rfm_segment, '') as starts_segment_run,
        row_number() over customer_dates = 1
        or lag(rfm_group) over customer_dates <> rfm_group as starts_group_run
    from customer_path
    window customer_dates as (partition by email order by recorded_date)

),

latest_runs as (

    select
        email,
        max(case when starts_segment_run then recorded_date end) as rfm_segment_since,
        max(case when starts_group_run then recorded_date end) as rfm_group_since
    from run_starts
    group by email

),

final as (

    select
        latest_runs.email,
        segment_run.segment_before as rfm_segment_previous,
        latest_runs.rfm_segment_since,
        group_run.group_before as rfm_group_previous,
        latest_runs.rfm_group_since
    from latest_runs
    inner join run_starts as segment_run
        on
            latest_runs.email = segment_run.email
            and latest_runs.rfm_segment_since = segment_run.recorded_date
    inner join run_starts as group_run
        on
            latest_runs.email = group_run.email
            and latest_runs.rfm_group_since = group_run.recorded_date

)

select * from final
