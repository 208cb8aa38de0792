{#- The data-quality figures, one row per measure (long form: the report lists them in
    measure_order), as of the build:
    - from ingest.file_log (accepted files, all loads): files_loaded, rows_loaded,
      rows_quarantined, values_emptied;
    - from ingest.file_outcomes (what each ingest call did with each file), for the last
      call and for every recorded call: files loaded, skipped (already loaded), refused,
      deferred (still being written), failed or not tried (the machine stopped the call);
    - from the orders: orders with an invalid email (and how many distinct invalid
      emails), orders holding a status value that is not in the status table, and orders
      purchased after the as-of date (ignored by this build).
    Missing bookkeeping tables count 0 (warehouse_table). -#}
{%- set outcome_statuses = ['loaded', 'skipped', 'refused', 'deferred', 'failed', 'not tried'] -%}
with

file_log as (

    select * from {{ warehouse_table('ingest', 'file_log', [
        ['load_sequence', dbt.type_bigint()],
        ['rows_loaded', dbt.type_bigint()],
        ['rows_quarantined', dbt.type_bigint()],
        ['values_emptied', dbt.type_bigint()],
    ]) }} as file_log_rows

),

outcomes as (

    select * from {{ warehouse_table('ingest', 'file_outcomes', [
        ['ingest_call_id', dbt.type_string()],
        ['called_at', dbt.type_timestamp()],
        ['status', dbt.type_string()],
    ]) }} as file_outcomes

),

last_call as (

    select ingest_call_id
    from outcomes
    order by called_at desc, ingest_call_id desc
    limit 1

),

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

unknown_status as (

    select * from {{ ref('rpt_unknown_status_values') }}

),

order_statuses as (

    select * from {{ ref('stg_settings__status_values') }}

),

orders_with_unknown_status as (

    select count(*) as orders
    from orders
    left join order_statuses as known_order_status
        on
            known_order_status.field = 'order_status'
            and orders.order_status = known_order_status.value
    left join order_statuses as known_payment_status
        on
            known_payment_status.field = 'payment_status'
            and orders.payment_status = known_payment_status.value
    where
        (orders.order_status is not null and known_order_status.value is null)
        or (orders.payment_status is not null and known_payment_status.value is null)

),

measures as (

    select 'files' as measure_group, 'files_loaded' as measure, 1 as measure_order, count(*) as measure_value
    from file_log
    union all
    select 'rows' as measure_group, 'rows_loaded' as measure, 2 as measure_order, coalesce(sum(rows_loaded), 0) as measure_value
    from file_log
    union all
    select 'rows' as measure_group, 'rows_quarantined' as measure, 3 as measure_order, coalesce(sum(rows_quarantined), 0) as measure_value
    from file_log
    union all
    select 'rows' as measure_group, 'values_emptied' as measure, 4 as measure_order, coalesce(sum(values_emptied), 0) as measure_value
    from file_log
    {% for status in outcome_statuses %}
    union all
    select
        'last_ingest' as measure_group,
        'last_ingest_files_{{ status | replace(" ", "_") }}' as measure,
        {{ 10 + loop.index }} as measure_order,
        count(*) as measure_value
    from outcomes
    inner join last_call
        on outcomes.ingest_call_id = last_call.ingest_call_id
    where outcomes.status = '{{ status }}'
    union all
    select
        'all_ingests' as measure_group,
        'files_{{ status | replace(" ", "_") }}_all_calls' as measure,
        {{ 20 + loop.index }} as measure_order,
        count(*) as measure_value
    from outcomes
    where outcomes.status = '{{ status }}'
    {% endfor %}
    union all
    select 'orders' as measure_group, 'orders_with_invalid_email' as measure, 31 as measure_order, count(*) as measure_value
    from orders
    where not orders.is_valid_email
    union all
    select 'orders' as measure_group, 'invalid_emails' as measure, 32 as measure_order, count(distinct orders.customer_email) as measure_value
    from orders
    where not orders.is_valid_email
    union all
    select 'orders' as measure_group, 'unknown_status_values' as measure, 33 as measure_order, count(*) as measure_value
    from unknown_status
    union all
    select 'orders' as measure_group, 'orders_with_unknown_status' as measure, 34 as measure_order, orders as measure_value
    from orders_with_unknown_status
    union all
    select 'orders' as measure_group, 'orders_after_as_of' as measure, 35 as measure_order, count(*) as measure_value
    from orders
    where orders.purchase_date > {{ as_of_date() }}

),

final as (

    select
        measure_group,
        measure,
        measure_order,
        cast(measure_value as bigint) as measure_value
    from measures

)

select * from final
