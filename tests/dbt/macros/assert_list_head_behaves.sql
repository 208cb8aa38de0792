-- list_head on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'list_head' as macro_name,
        {{ list_length(list_head(list_of(["'a'", "'b'", "'c'"]), '2')) }} = 2 as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
