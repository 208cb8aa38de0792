-- icommkt_format_date on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'icommkt_format_date' as macro_name,
        {{ icommkt_format_date("cast('2024-06-27' as date)") }} = '27/06/2024'
        and {{ icommkt_format_date('cast(null as date)') }} = '' as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
