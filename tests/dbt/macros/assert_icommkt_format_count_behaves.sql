-- icommkt_format_count on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'icommkt_format_count' as macro_name,
        {{ icommkt_format_count('cast(12 as integer)') }} = '12'
        and {{ icommkt_format_count('cast(null as integer)') }} = '' as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
