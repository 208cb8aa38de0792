-- days_between on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'days_between' as macro_name,
        {{ days_between("cast('2025-07-05' as date)", "cast('2026-06-30' as date)") }} = 360 as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
