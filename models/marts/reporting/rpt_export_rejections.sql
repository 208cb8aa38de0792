{#- The contacts ICOMMKT rejects now, per reason (ops.icommkt_ledger.last_rejection: the
    reason of each contact's latest rejection, kept until it is saved), most frequent
    first: the reason's text (an email in it masked) and how many contacts. No email. A view, as rpt_export_runs
    (read live); empty before the first export (warehouse_table). -#}
{{ config(materialized='view') }}
with

ledger as (

    select * from {{ warehouse_table('ops', 'icommkt_ledger', [
        ['last_rejection', dbt.type_string()],
        ['rejected_at', dbt.type_timestamp()],
    ]) }} as icommkt_ledger

),

masked as (

    -- a reason may quote the address: never in the report
    select
        {{ mask_emails('last_rejection') }} as rejection_reason,
        rejected_at
    from ledger
    where last_rejection is not null

),

reasons as (

    select
        rejection_reason,
        count(*) as contacts,
        max(rejected_at) as last_rejected_at
    from masked
    group by rejection_reason

),

final as (

    select
        row_number() over (order by contacts desc, rejection_reason asc) as reason_rank,
        rejection_reason,
        cast(contacts as bigint) as contacts,
        last_rejected_at
    from reasons

)

select * from final
