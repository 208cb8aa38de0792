-- The value the segment history tracks (int_customer_segments_scored) is the profile's
-- own group and lifetime segment, customer for customer: one rule gives both.
with

profiles as (

    select * from {{ ref('customer_profiles') }}

),

scored as (

    select * from {{ ref('int_customer_segments_scored') }}

),

problems as (

    select coalesce(profiles.email, scored.customer_email) as email
    from profiles
    full outer join scored
        on profiles.email = scored.customer_email
    where
        profiles.email is null
        or scored.customer_email is null
        or profiles.rfm_group <> scored.rfm_group
        or coalesce(profiles.rfm_segment_total, '') <> coalesce(scored.rfm_segment, '')

)

select * from problems
