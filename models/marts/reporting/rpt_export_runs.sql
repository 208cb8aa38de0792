{#- The last 10 export runs (ops.export_runs, newest first): when, for which as-of date,
    how they ended and what they counted (considered, unchanged, sent, saved, rejected,
    unanswered, failed, not sent, cleared). A view, so the report after an export shows
    that export without a rebuild. Empty before the first export (a dry run records no
    run): the table does not exist yet and the view reads no rows (warehouse_table);
    `fenicio-icommkt run` rebuilds the view after the export that created the table. -#}
{{ config(materialized='view') }}
with

runs as (

    select * from {{ warehouse_table('ops', 'export_runs', [
        ['run_id', dbt.type_string()],
        ['as_of_date', 'date'],
        ['started_at', dbt.type_timestamp()],
        ['finished_at', dbt.type_timestamp()],
        ['full_export', 'boolean'],
        ['status', dbt.type_string()],
        ['contacts_considered', dbt.type_bigint()],
        ['contacts_unchanged', dbt.type_bigint()],
        ['contacts_sent', dbt.type_bigint()],
        ['contacts_saved', dbt.type_bigint()],
        ['contacts_rejected', dbt.type_bigint()],
        ['contacts_unanswered', dbt.type_bigint()],
        ['contacts_failed', dbt.type_bigint()],
        ['contacts_not_sent', dbt.type_bigint()],
        ['contacts_retired', dbt.type_bigint()],
        ['retries', dbt.type_bigint()],
    ]) }} as export_runs

),

ranked as (

    select
        *,
        row_number() over (order by started_at desc, run_id desc) as run_rank
    from runs

),

final as (

    select
        run_rank,
        run_id,
        as_of_date,
        started_at,
        finished_at,
        full_export,
        status,
        contacts_considered,
        contacts_unchanged,
        contacts_sent,
        contacts_saved,
        contacts_rejected,
        contacts_unanswered,
        contacts_failed,
        contacts_not_sent,
        contacts_retired,
        retries
    from ranked
    where run_rank <= 10

)

select * from final
