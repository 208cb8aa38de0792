-- Each dispatched macro on hand-picked inputs: one row per check whose result differs
-- from the expected value (written by hand, never copied from an output).
with

scalar_checks as (

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
    union all
    select
        'clean_text on blanks' as macro_name,
        {{ clean_text("' \t\r\n'") }} is null as is_ok
    union all
    select
        'strip_accents' as macro_name,
        {{ strip_accents("'Árbol Aprobación ñ'") }} = 'Arbol Aprobacion n' as is_ok
    union all
    select
        'normalise_status' as macro_name,
        {{ normalise_status("' pago  pendiente '") }} = 'PAGO_PENDIENTE' as is_ok
    union all
    select
        'normalise_status accents' as macro_name,
        {{ normalise_status("'Requiere aprobación'") }} = 'REQUIERE_APROBACION' as is_ok
    union all
    select
        'integer_divide floors' as macro_name,
        {{ integer_divide('5 * 2', '3') }} = 3 as is_ok
    union all
    select
        'regex_full_match valid email' as macro_name,
        {{ regex_full_match("'ana.lopez@gmail.com'", "'^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'") }} as is_ok
    union all
    select
        'regex_full_match needs the whole value' as macro_name,
        not {{ regex_full_match("'carlos@gmail .com'", "'^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'") }} as is_ok
    union all
    select
        'days_between' as macro_name,
        {{ days_between("cast('2025-07-05' as date)", "cast('2026-06-30' as date)") }} = 360 as is_ok
    union all
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
    union all
    select
        'money_quotient rounds half away from zero' as macro_name,
        {{ money_quotient('cast(16801.49 as decimal(18, 2))', '2') }} = cast(8400.75 as decimal(18, 2)) as is_ok
    union all
    select
        'money_quotient negative half' as macro_name,
        {{ money_quotient('cast(-0.05 as decimal(18, 2))', '2') }} = cast(-0.03 as decimal(18, 2)) as is_ok
    union all
    select
        'money_quotient no orders' as macro_name,
        {{ money_quotient('cast(0 as decimal(18, 2))', '0') }} is null as is_ok
    union all
    select
        'list_head' as macro_name,
        {{ list_length(list_head(list_of(["'a'", "'b'", "'c'"]), '2')) }} = 2 as is_ok
    union all
    select
        'icommkt_format_date' as macro_name,
        {{ icommkt_format_date("cast('2024-06-27' as date)") }} = '27/06/2024'
        and {{ icommkt_format_date('cast(null as date)') }} = '' as is_ok
    union all
    select
        'icommkt_format_count' as macro_name,
        {{ icommkt_format_count('cast(12 as integer)') }} = '12'
        and {{ icommkt_format_count('cast(null as integer)') }} = '' as is_ok
    union all
    select
        'icommkt_format_money' as macro_name,
        {{ icommkt_format_money('cast(1234.5 as decimal(18, 2))') }} = '1234.50'
        and {{ icommkt_format_money('cast(0 as decimal(18, 2))') }} = '0.00'
        and {{ icommkt_format_money('cast(-0.005 as decimal(18, 3))') }} = '-0.01' as is_ok
    union all
    select
        'icommkt_format_units' as macro_name,
        {{ icommkt_format_units('cast(2.5 as decimal(18, 6))') }} = '2.5'
        and {{ icommkt_format_units('cast(3 as decimal(18, 6))') }} = '3'
        and {{ icommkt_format_units('cast(10 as decimal(18, 6))') }} = '10'
        and {{ icommkt_format_units('cast(0 as decimal(18, 6))') }} = '0'
        and {{ icommkt_format_units('cast(0.000001 as decimal(18, 6))') }} = '0.000001' as is_ok
    union all
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
    union all
    select
        'icommkt_json_string' as macro_name,
        {{ icommkt_json_string("'x/é'") }} = concat(chr(34), 'x/é', chr(34))
        and {{ icommkt_json_string("concat('a', chr(34), chr(92), 'b')") }}
        = concat(chr(34), 'a', chr(92), chr(34), chr(92), chr(92), 'b', chr(34))
        and {{ icommkt_json_string('cast(null as ' ~ dbt.type_string() ~ ')') }} = concat(chr(34), chr(34)) as is_ok

),

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

list_checks as (

    select
        'distinct_sorted_list_agg' as macro_name,
        {{ list_length(distinct_sorted_list_agg('item')) }} = 3
        and min(item) = 'Z' as is_ok
    from list_inputs
    union all
    select
        'value_at_latest' as macro_name,
        {{ value_at_latest('item', ['bought_at', 'item']) }} = 'b' as is_ok
    from list_inputs
    union all
    select
        'ordered_list_agg newest first, ties by value' as macro_name,
        {{ list_head(ordered_list_agg('item', 'bought_at desc, item asc', "item != 'c'"), '2') }}
        = {{ list_of(["'b'", "'Z'"]) }} as is_ok
    from list_inputs

),

rfm_inputs as (

    select
        'a' as customer,
        10 as x
    union all
    select
        'b' as customer,
        10 as x
    union all
    select
        'c' as customer,
        20 as x
    union all
    select
        'd' as customer,
        40 as x

),

rfm_scored as (

    -- n = 4: ranks 1, 1, 3, 4 give 1, 1, 1 + 5 * 2 // 3 = 4, min(5, 1 + 5 * 3 // 3) = 5
    select
        customer,
        {{ rfm_score('x', 'x > 0') }} as score,
        {{ rfm_score('x', "customer = 'c'") }} as alone_score,
        {{ rfm_score('x', 'x > 0', [10, 20, 30]) }} as threshold_score
    from rfm_inputs

),

rfm_checks as (

    select
        'rfm_score ' || customer as macro_name,
        score = case customer when 'a' then 1 when 'b' then 1 when 'c' then 4 else 5 end
        and coalesce(alone_score = 1, false) = (customer = 'c')
        and (alone_score is null) = (customer != 'c')
        and threshold_score = case customer when 'c' then 3 when 'd' then 4 else 2 end as is_ok
    from rfm_scored

),

rfm_dated_inputs as (

    select
        1 as day_number,
        'a' as customer,
        10 as x
    union all
    select
        1 as day_number,
        'b' as customer,
        20 as x
    union all
    select
        2 as day_number,
        'a' as customer,
        10 as x

),

rfm_dated_checks as (

    -- partition_by ranks each day on its own: day 1 has n = 2 (scores 1 and 5), day 2
    -- n = 1 (score 1); rfm_group from the F score
    select
        'rfm_score partition_by, rfm_group, day ' || cast(day_number as {{ dbt.type_string() }})
        || ' ' || customer as macro_name,
        {{ rfm_score('x', 'x > 0', partition_by='day_number') }}
        = case when day_number = 1 and customer = 'b' then 5 else 1 end
        and {{ rfm_group('cast(null as integer)') }} = 'PROSPECTS'
        and {{ rfm_group('1') }} = 'BEGINNERS'
        and {{ rfm_group('2') }} = 'FREQUENT'
        and {{ rfm_group('3') }} = 'FREQUENT'
        and {{ rfm_group('4') }} = 'LOYAL'
        and {{ rfm_group('5') }} = 'LOYAL' as is_ok
    from rfm_dated_inputs

),

hash_rows as (

    -- two orders each: b swapped between the orders (set 2) or c changed on both (set 3)
    select
        1 as set_id,
        t.a,
        t.b,
        t.c
    from (values (1, 10, 'c1'), (2, 20, 'c1')) as t (a, b, c)
    union all
    select
        2 as set_id,
        t.a,
        t.b,
        t.c
    from (values (1, 20, 'c1'), (2, 10, 'c1')) as t (a, b, c)
    union all
    select
        3 as set_id,
        t.a,
        t.b,
        t.c
    from (values (1, 10, 'c2'), (2, 20, 'c2')) as t (a, b, c)

),

hash_sets as (

    select
        set_id,
        bit_xor({{ row_hash(['a', 'b', 'c']) }}) as fingerprint
    from hash_rows
    group by set_id

),

hash_checks as (

    -- a fingerprint (bit_xor of row hashes) must see values swapped between rows and a
    -- value changed on an even number of rows (a plain multi-column DuckDB hash did not)
    select
        'row_hash fingerprints' as macro_name,
        count(distinct fingerprint) = 3 as is_ok
    from hash_sets

),

all_checks as (

    select * from scalar_checks
    union all
    select * from hash_checks
    union all
    select * from list_checks
    union all
    select * from rfm_checks
    union all
    select * from rfm_dated_checks

)

select macro_name
from all_checks
where not coalesce(is_ok, false)
