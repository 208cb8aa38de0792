-- stg_fenicio__order_lines holds every landed record that was not quarantined, and none
-- that was: one row per record whose presence in staging is wrong.
with

landed as (

    select
        load_sequence,
        record_number,
        quarantine_column is not null as is_quarantined
    from {{ source('fenicio', 'order_lines') }}

),

staged as (

    select
        load_sequence,
        record_number
    from {{ ref('stg_fenicio__order_lines') }}

)

select
    landed.load_sequence,
    landed.record_number,
    landed.is_quarantined
from landed
left join staged
    on
        landed.load_sequence = staged.load_sequence
        and landed.record_number = staged.record_number
where landed.is_quarantined = (staged.record_number is not null)
