-- strip_accents on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'strip_accents' as macro_name,
        {{ strip_accents("'Árbol Aprobación ñ'") }} = 'Arbol Aprobacion n' as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
