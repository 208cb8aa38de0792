-- integer_divide on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'integer_divide floors' as macro_name,
        {{ integer_divide('5 * 2', '3') }} = 3 as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
