{#- The RFM distribution at every recorded date of the segment history up to the build's
    as-of date (segment_counts_by_date): customers per RFM group and lifetime segment (a
    prospect's segment shown as PROSPECTS). For the report's time-series lines. -#}
with

counts as (

    select * from {{ ref('segment_counts_by_date') }}

),

final as (

    select
        recorded_date,
        rfm_group,
        coalesce(rfm_segment, rfm_group) as rfm_segment,
        cast(customers as bigint) as customers
    from counts
    where recorded_date <= {{ as_of_date() }}

)

select * from final
