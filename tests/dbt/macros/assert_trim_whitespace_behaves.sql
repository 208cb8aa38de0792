-- trim_whitespace on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'trim_whitespace' as macro_name,
        {{ trim_whitespace("'\t a b \r\n'") }} = 'a b' as is_ok
    union all
    select
        'trim_whitespace, white space at one end only' as macro_name,
        {{ trim_whitespace("'a b\n'") }} = 'a b' and {{ trim_whitespace("'\ta b'") }} = 'a b' as is_ok
    union all
    select
        'trim_whitespace keeps other characters' as macro_name,
        {{ trim_whitespace("'a b'") }} = 'a b'
        and {{ trim_whitespace("chr(1) || 'a' || chr(160)") }} = chr(1) || 'a' || chr(160) as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
