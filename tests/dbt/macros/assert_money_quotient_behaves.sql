-- money_quotient on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'money_quotient rounds half away from zero' as macro_name,
        {{ money_quotient('cast(16801.49 as decimal(18, 2))', '2') }} = cast(8400.75 as decimal(18, 2)) as is_ok
    union all
    select
        'money_quotient negative half' as macro_name,
        {{ money_quotient('cast(-0.05 as decimal(18, 2))', '2') }} = cast(-0.03 as decimal(18, 2)) as is_ok
    union all
    select
        'money_quotient no orders' as macro_name,
        {{ money_quotient('cast(0 as decimal(18, 2))', '0') }} is null as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
