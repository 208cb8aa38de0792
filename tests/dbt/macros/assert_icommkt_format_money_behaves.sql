-- icommkt_format_money on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'icommkt_format_money' as macro_name,
        {{ icommkt_format_money('cast(1234.5 as decimal(18, 2))') }} = '1234.50'
        and {{ icommkt_format_money('cast(0 as decimal(18, 2))') }} = '0.00'
        and {{ icommkt_format_money('cast(-0.005 as decimal(18, 3))') }} = '-0.01' as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
