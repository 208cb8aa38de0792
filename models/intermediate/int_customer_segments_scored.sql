{#- One row per customer as of the as-of date with the value the segment history tracks:
    rfm_group and the lifetime rfm_segment (empty for a prospect), from the lifetime
    figures of int_customer_purchases by the same macros as customer_profiles. What a
    build records in the history (customer_segment_streaks) and compares with the
    earlier records (customer_segment_movement). -#}
with

customer_purchases as (

    select * from {{ ref('int_customer_purchases') }}
    where orders_fingerprint is not null

),

rfm_segments as (

    select * from {{ ref('stg_settings__rfm_segments') }}

),

customer_states as (

    select
        {{ as_of_date() }} as recorded_date,
        customer_email,
        orders_total,
        last_purchase_date_total
    from customer_purchases

),

tracked_values as (

    {{ rfm_tracked_values('customer_states', 'rfm_segments') }}

)

select * from tracked_values
