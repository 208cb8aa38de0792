-- icommkt_json_string on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'icommkt_json_string' as macro_name,
        {{ icommkt_json_string("'x/é'") }} = concat(chr(34), 'x/é', chr(34))
        and {{ icommkt_json_string("concat('a', chr(34), chr(92), 'b')") }}
        = concat(chr(34), 'a', chr(92), chr(34), chr(92), chr(92), 'b', chr(34))
        and {{ icommkt_json_string('cast(null as ' ~ dbt.type_string() ~ ')') }} = concat(chr(34), chr(34)) as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
