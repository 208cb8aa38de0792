-- clean_text on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'clean_text on blanks' as macro_name,
        {{ clean_text("' \t\r\n'") }} is null as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
