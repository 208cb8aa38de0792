-- to_store_local_time on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'to_store_local_time from Z' as macro_name,
        {{ to_store_local_time("cast('2026-07-01 02:30:00' as timestamp)", '0', 'America/Montevideo') }}
        = cast('2026-06-30 23:30:00' as timestamp) as is_ok
    union all
    select
        'to_store_local_time from -05:00' as macro_name,
        {{ to_store_local_time("cast('2026-06-30 22:30:00' as timestamp)", '-300', 'America/Montevideo') }}
        = cast('2026-07-01 00:30:00' as timestamp) as is_ok
    union all
    select
        'to_store_local_time without offset' as macro_name,
        {{ to_store_local_time(
            "cast('2026-06-30 22:30:00' as timestamp)", 'cast(null as integer)', 'America/Montevideo'
        ) }}
        = cast('2026-06-30 22:30:00' as timestamp) as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
