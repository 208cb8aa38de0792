-- value_at_latest on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

list_inputs as (

    select
        'c' as item,
        cast('2026-06-01 10:00:00' as timestamp) as bought_at
    union all
    select
        'Z' as item,
        cast('2026-06-01 10:00:00' as timestamp) as bought_at
    union all
    select
        'b' as item,
        cast('2026-06-20 10:00:00' as timestamp) as bought_at
    union all
    select
        'Z' as item,
        cast('2026-05-01 10:00:00' as timestamp) as bought_at

),

checks as (

    select
        'value_at_latest' as macro_name,
        {{ value_at_latest('item', ['bought_at', 'item']) }} = 'b' as is_ok
    from list_inputs

)

select macro_name
from checks
where not coalesce(is_ok, false)
