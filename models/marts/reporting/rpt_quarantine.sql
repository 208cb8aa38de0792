{#- Quarantined rows per file, column and reason (ingest.quarantine): how many records of
    which file were kept out, and why. Only counts: never the value, the order or the
    email of a row. -#}
with

quarantine as (

    select * from {{ warehouse_table('ingest', 'quarantine', [
        ['load_sequence', dbt.type_bigint()],
        ['file_name', dbt.type_string()],
        ['column_name', dbt.type_string()],
        ['reason', dbt.type_string()],
    ]) }} as quarantined_rows

),

final as (

    select
        load_sequence,
        file_name,
        column_name,
        reason,
        cast(count(*) as bigint) as quarantined_rows
    from quarantine
    group by load_sequence, file_name, column_name, reason

)

select * from final
