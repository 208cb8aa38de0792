-- row_hash on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

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

checks as (

    -- a fingerprint (bit_xor of row hashes) must see values swapped between rows and a
    -- value changed on an even number of rows (a plain multi-column DuckDB hash did not)
    select
        'row_hash fingerprints' as macro_name,
        count(distinct fingerprint) = 3 as is_ok
    from hash_sets

)

select macro_name
from checks
where not coalesce(is_ok, false)
