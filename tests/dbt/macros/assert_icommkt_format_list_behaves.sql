-- icommkt_format_list on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'icommkt_format_list joins and keeps exactly 255' as macro_name,
        {{ icommkt_format_list(list_of(["'b, 1'", "'c'"])) }} = 'b, 1, c'
        and {{ icommkt_format_list(list_of(["repeat('a', 252)", "'b'"])) }} = concat(repeat('a', 252), ', b') as is_ok
    union all
    select
        'icommkt_format_list cuts at 256 and a first element of 300' as macro_name,
        {{ icommkt_format_list(list_of(["repeat('a', 253)", "'b'"])) }} = repeat('a', 253)
        and {{ icommkt_format_list(list_of(["repeat('a', 300)", "'b'"])) }} = repeat('a', 255) as is_ok
    union all
    select
        'icommkt_format_list counts code points' as macro_name,
        {{ icommkt_format_list(list_of(["repeat('ñ', 250)", "'é😀🎉'"])) }} = concat(repeat('ñ', 250), ', é😀🎉')
        and {{ icommkt_format_list(list_of(["repeat('ñ', 250)", "'é😀🎉x'"])) }} = repeat('ñ', 250)
        and {{ icommkt_format_list(list_of(["repeat('😀', 300)"])) }} = repeat('😀', 255) as is_ok
    union all
    select
        'icommkt_format_list never skips to fit a later element' as macro_name,
        {{ icommkt_format_list(list_of(["repeat('x', 250)", "'yyyyyy'", "'z'"])) }} = repeat('x', 250) as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
