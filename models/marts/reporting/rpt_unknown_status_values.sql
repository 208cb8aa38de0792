{#- Status values found in the loaded orders (latest version of each) and in no row of the
    status table (the same rule as the warn-level test assert_status_values_are_known):
    the field, the value and how many orders hold it. Such orders do not count; the store
    adds the value to its config/status_values.csv. Built after customer_profiles
    (depends_on below), as rpt_line_revenue is. -#}
-- depends_on: {{ ref('customer_profiles') }}
with

orders as (

    select * from {{ ref('int_orders_aggregated') }}

),

status_values as (

    select * from {{ ref('stg_settings__status_values') }}

),

found_values as (

    select
        'order_status' as field,
        order_status as value,
        count(*) as orders
    from orders
    where order_status is not null
    group by order_status
    union all
    select
        'payment_status' as field,
        payment_status as value,
        count(*) as orders
    from orders
    where payment_status is not null
    group by payment_status

),

final as (

    select
        found_values.field as status_field,
        found_values.value as status_value,
        cast(found_values.orders as bigint) as orders
    from found_values
    left join status_values
        on
            found_values.field = status_values.field
            and found_values.value = status_values.value
    where status_values.value is null

)

select * from final
