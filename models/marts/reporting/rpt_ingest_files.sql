{#- What happened to the files of the last 5 ingest calls (ingest.file_outcomes, written
    by every `ingest` and `run`): each file's name, loaded / skipped / refused / deferred /
    failed / not tried / restored, the message (never a row's content) and its row
    counts, newest call first. Empty on a store whose ingests predate the table. -#}
with

outcomes as (

    select * from {{ warehouse_table('ingest', 'file_outcomes', [
        ['ingest_call_id', dbt.type_string()],
        ['called_at', dbt.type_timestamp()],
        ['file_position', 'integer'],
        ['file_name', dbt.type_string()],
        ['status', dbt.type_string()],
        ['message', dbt.type_string()],
        ['rows_loaded', dbt.type_bigint()],
        ['rows_quarantined', dbt.type_bigint()],
        ['values_emptied', dbt.type_bigint()],
        ['load_sequence', dbt.type_bigint()],
    ]) }} as file_outcomes

),

distinct_calls as (

    select distinct
        ingest_call_id,
        called_at
    from outcomes

),

calls as (

    select
        ingest_call_id,
        called_at,
        dense_rank() over (order by called_at desc, ingest_call_id desc) as call_rank
    from distinct_calls

),

final as (

    select
        calls.call_rank,
        outcomes.called_at,
        outcomes.file_position,
        outcomes.file_name,
        outcomes.status,
        outcomes.message,
        outcomes.rows_loaded,
        outcomes.rows_quarantined,
        outcomes.values_emptied,
        outcomes.load_sequence
    from outcomes
    inner join calls
        on outcomes.ingest_call_id = calls.ingest_call_id
    where calls.call_rank <= 5

)

select * from final
