-- icommkt_format_units on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'icommkt_format_units' as macro_name,
        {{ icommkt_format_units('cast(2.5 as decimal(18, 6))') }} = '2.5'
        and {{ icommkt_format_units('cast(3 as decimal(18, 6))') }} = '3'
        and {{ icommkt_format_units('cast(10 as decimal(18, 6))') }} = '10'
        and {{ icommkt_format_units('cast(0 as decimal(18, 6))') }} = '0'
        and {{ icommkt_format_units('cast(0.000001 as decimal(18, 6))') }} = '0.000001' as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
