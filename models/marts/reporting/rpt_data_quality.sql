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

    {% for measure in [
        ['files', 'files_loaded', 1, 'count(*)', 'file_log', 'true'],
        ['rows', 'rows_loaded', 2, 'coalesce(sum(rows_loaded), 0)', 'file_log', 'true'],
        ['rows', 'rows_quarantined', 3, 'coalesce(sum(rows_quarantined), 0)', 'file_log', 'true'],
        ['rows', 'values_emptied', 4, 'coalesce(sum(values_emptied), 0)', 'file_log', 'true'],
    ] %}
    select
        '{{ measure[0] }}' as measure_group,
        '{{ measure[1] }}' as measure,
        {{ measure[2] }} as measure_order,
        {{ measure[3] }} as measure_value
    from {{ measure[4] }}
    where {{ measure[5] }}
    union all
    {% endfor %}
    {% for status in outcome_statuses %}
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
    union all
    {% endfor %}
    {% for measure in [
        ['orders_with_invalid_email', 31, 'count(*)', 'orders', 'not orders.is_valid_email'],
        ['invalid_emails', 32, 'count(distinct orders.customer_email)', 'orders', 'not orders.is_valid_email'],
        ['unknown_status_values', 33, 'count(*)', 'unknown_status', 'true'],
        ['orders_with_unknown_status', 34, 'max(orders)', 'orders_with_unknown_status', 'true'],
        ['orders_after_as_of', 35, 'count(*)', 'orders', 'orders.purchase_date > ' ~ as_of_date()],
    ] %}
    select
        'orders' as measure_group,
        '{{ measure[0] }}' as measure,
        {{ measure[1] }} as measure_order,
        {{ measure[2] }} as measure_value
    from {{ measure[3] }}
    where {{ measure[4] }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

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
