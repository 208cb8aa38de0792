-- normalise_status on hand-picked inputs: one row per check whose result differs from the
-- expected value (written by hand, never copied from an output).
with

checks as (

    select
        'normalise_status' as macro_name,
        {{ normalise_status("' pago  pendiente '") }} = 'PAGO_PENDIENTE' as is_ok
    union all
    select
        'normalise_status accents' as macro_name,
        {{ normalise_status("'Requiere aprobación'") }} = 'REQUIERE_APROBACION' as is_ok

)

select macro_name
from checks
where not coalesce(is_ok, false)
