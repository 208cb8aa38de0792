{#- Customers and lifetime revenue per RFM group (BEGINNERS, FREQUENT, LOYAL, PROSPECTS)
    as of the build's as-of date, with each group's share of the customers. The group is
    a lifetime figure (from the lifetime F score), so there is no per-window row. -#}
with

profiles as (

    select * from {{ ref('customer_profiles') }}

),

groups as (

    select
        rfm_group,
        count(*) as customers,
        sum(revenue_total) as revenue
    from profiles
    group by rfm_group

),

final as (

    select
        rfm_group,
        case rfm_group
            when 'LOYAL' then 1
            when 'FREQUENT' then 2
            when 'BEGINNERS' then 3
            else 4
        end as group_order,
        cast(customers as bigint) as customers,
        round(cast(customers as double) / sum(customers) over (), 4) as customer_share,
        cast(revenue as decimal(38, 2)) as revenue
    from groups

)

select * from final
