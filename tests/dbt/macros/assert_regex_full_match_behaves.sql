-- regex_full_match on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'regex_full_match valid email' as macro_name,
        {{ regex_full_match("'ana.lopez@gmail.com'", "'^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'") }} as is_ok
    union all
    select
        'regex_full_match needs the whole value' as macro_name,
        not {{ regex_full_match("'carlos@gmail .com'", "'^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'") }} as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
