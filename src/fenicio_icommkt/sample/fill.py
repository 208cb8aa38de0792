"""The ``--fill`` option's values: for a row where the default leaves an optional column
empty, a value to write instead (free text and coordinates varied, with quotes, commas and
line breaks)."""

from __future__ import annotations

from fenicio_icommkt.sample.draws import Draws
from fenicio_icommkt.sample.vocabulary import BANKS, BRANCHES, COMPANY_WORDS, FAKE_STREETS


def fillers(d: Draws, m, stamp, *, full: str, first: str, last: str, bplace: str,
            dplace: str) -> dict[str, tuple[str, bool]]:
    """column -> (a CSV-ready value for a row the default leaves empty, whether it
    replaces the default's value too: free text and coordinates, so they vary)."""
    ok = "k"
    sp, sd = d.spick, d.sdigits
    note = d.sn(ok, 4, "note_kind")
    street = sp(FAKE_STREETS, ok, 1)
    wish = sp(["Feliz cumple", "Felicidades", "Con cariño"], ok, 2)
    door = d.sn(ok, 4900, "note_a")
    notes = (
        f"case {note} "
        f"when 0 then 'Entregar en ' || {street} || ' ' || (100 + {door})::varchar"
        f" || ', timbre \"\"' || (1 + {d.sn(ok, 20, 'note_b')})::varchar "
        f"|| 'B\"\", gracias' "
        f"when 1 then 'Llamar antes al 09' || {sd(ok, 7, 1)} || ', no funciona el timbre.'"
        f" || chr(10) || 'Dejar en portería si no hay nadie' "
        f"when 2 then 'Regalo: \"\"' || {wish}"
        f" || ', ' || {first} || '!\"\" sin precio, envolver' "
        f"else 'Pedido ' || order_no::varchar || ', entregar de ' || "
        f"(8 + {d.sn(ok, 6, 'note_a', 1)})::varchar || ' a ' || "
        f"(15 + {d.sn(ok, 5, 'note_b', 1)})::varchar || ' hs' end"
    )
    coordinates = (
        f"'\"-' || (30 + {d.sn(ok, 5, 'coordinates_a')})::varchar || '.' || "
        f"lpad({d.sn(ok, 1000000, 'coordinates_b')}::varchar, 6, '0') || ',-' || "
        f"(53 + {d.sn(ok, 5, 'coordinates_c')})::varchar || '.' || "
        f"lpad({d.sn(ok, 1000000, 'coordinates_d')}::varchar, 6, '0') || '\"'"
    )
    place = sp(["casa con rejas", "apto. al fondo", "portón negro", "local comercial"], ok, 3)
    address_note = (
        f"'\"Dato de prueba: ' || {place}"
        f" || ', esquina ' || {sp(FAKE_STREETS, ok, 4)} || '\"'"
    )
    zero = m("0")
    return {
        "notes": (f"'\"' || {notes} || '\"'", True),
        "delivery_coordinates": (coordinates, True),
        "delivery_address_notes": (address_note, True),
        "buyer_gender": (sp(["F", "M", "Femenino", "Masculino"], "cid", 5), False),
        "payment_discount_name": ("'Sin promoción'", False),
        "authorization_code": (f"'TEST-' || {sd(ok, 6, 2)}", False),
        "branch": (sp(BRANCHES, ok, 6), False),
        "shipping_type": (sp(["Estándar", "Express"], ok, 7), False),
        "paid_at": (stamp(f"ts_start + (600 + {d.sn(ok, 3600, 'digits', 3)}) "
                          "* interval 1 second"), False),
        "delivered_at": (stamp(f"ts_start + (2 * 86400 + {d.sn(ok, 432000, 'digits', 4)})"
                               " * interval 1 second"), False),
        "gift_amount": (zero, False),
        "delivery_schedule": (sp(["Sábados 10 a 13", "Lunes a viernes 9 a 18",
                                  "Cualquier horario"], ok, 8), False),
        "delivery_status": ("'Pendiente'", False),
        "billing_country": ("'Uruguay'", False),
        "tracking_info": (sp(["UES", "DAC - Agencia Central", "Correo Uruguayo"], ok, 9),
                          False),
        "billing_state": (f"({bplace}).s", False),
        "billing_city": (f"({bplace}).c", False),
        "tracking_code": (f"'DAC' || {sd(ok, 9, 5)}", False),
        "coupon_discount_amount": (zero, False),
        "unknown_sai": (sp(["1", "S", "N"], ok, 10), False),
        "payment_discount_amount": (zero, False),
        "billing_apartment": (sp(["101", "3B", "802", "1204"], "cid", 11), False),
        "unknown_tomada": (sp(["1", "0", "Sí"], ok, 12), False),
        "billing_postal_code": (f"({bplace}).p", False),
        "item_payment_discount_amount": (zero, False),
        "item_coupon_discount_amount": (zero, False),
        "item_discount_amount": (zero, False),
        "bank": (sp(BANKS, ok, 13), False),
        "payment_amount": (m("order_total"), False),
        "payment_details": ("'Pago de prueba - cuotas: 1'", False),
        "delivery_apartment": (sp(["101", "202", "3B", "1102"], ok, 14), False),
        "delivery_postal_code": (f"({dplace}).p", False),
        "payment_id_external": (sd(ok, 10, 6), False),
        "buyer_name": (full, False),
        "buyer_first_name": (first, False),
        "buyer_last_name": (last, False),
        "buyer_phone": (f"'09' || {sd('cid', 7, 7)}", False),
        "buyer_document": (sd("cid", 8, 8), False),
        "company_tax_id": (f"'21' || {sd('cid', 10, 9)}", False),
        "buyer_document_type": ("'CI'", False),
        "company_name": (f"{sp(COMPANY_WORDS, 'cid', 15)} || ' ' || {last} || ' S.A.'",
                         False),
    }
