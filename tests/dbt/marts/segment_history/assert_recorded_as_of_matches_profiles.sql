-- When this build recorded its as-of date (it is the history's latest date), every
-- profile is in the history at that date with its group and lifetime segment, and no one
-- else is. A backfill records nothing, so there is nothing to check.
with

profiles as (

    select * from {{ ref('customer_profiles') }}

),

streaks as (

    select * from {{ ref('customer_segment_streaks') }}

),

latest as (

    select max(last_recorded_date) as latest_recorded_date
    from streaks

),

recorded_as_of as (

    select latest.latest_recorded_date as as_of_date
    from latest
    where latest.latest_recorded_date = {{ as_of_date() }}

),

held_at_as_of as (

    select
        streaks.email,
        streaks.rfm_group,
        streaks.rfm_segment
    from streaks
    inner join recorded_as_of
        on
            streaks.first_recorded_date <= recorded_as_of.as_of_date
            and streaks.last_recorded_date >= recorded_as_of.as_of_date

),

expected as (

    select
        profiles.email,
        profiles.rfm_group,
        profiles.rfm_segment_total as rfm_segment
    from profiles
    cross join recorded_as_of

),

problems as (

    select
        coalesce(expected.email, held_at_as_of.email) as email,
        case
            when held_at_as_of.email is null then 'profile not recorded at the as-of date'
            when expected.email is null then 'recorded at the as-of date without a profile'
            else 'recorded with another value'
        end as problem
    from expected
    full outer join held_at_as_of
        on expected.email = held_at_as_of.email
    where
        expected.email is null
        or held_at_as_of.email is null
        or expected.rfm_group <> held_at_as_of.rfm_group
        or coalesce(expected.rfm_segment, '') <> coalesce(held_at_as_of.rfm_segment, '')

)

select * from problems
