"""The 86 columns of a sample file as SQL: each column's CSV text, from one row of
``versions`` (the order-level columns) or one of its lines (``LINE_COLUMNS``)."""

from __future__ import annotations

from functools import partial

from fenicio_icommkt.sample import fill, formats
from fenicio_icommkt.sample.draws import Draws
from fenicio_icommkt.sample.plan import GOLDEN, LINE_COLUMNS
from fenicio_icommkt.sample.sql_values import csv_quote, lit, structs
from fenicio_icommkt.sample.vocabulary import (
    BANKS,
    BRANCHES,
    CLOTHES_SIZES,
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    COUPONS,
    EMAIL_DOMAINS,
    FAKE_STREETS,
    FEMALE_NAMES,
    FEMALE_SPELLINGS,
    ITEM_DISCOUNTS,
    LAST_NAMES,
    MALE_NAMES,
    MALE_SPELLINGS,
    NOTES,
    ORDER_STATUS_SPELLINGS,
    PAYMENT_DISCOUNTS,
    PAYMENT_METHODS,
    PAYMENT_STATUS_SPELLINGS,
    PLACES,
    SCHEDULES,
    SHOE_SIZES,
)

#: Named SQL expressions, each level computed in its own projection (``select *, ... as``).
Layers = list[dict[str, str]]


def column_sql(d: Draws, catalogue_var: str) -> tuple[dict[str, str], Layers, Layers]:
    """canonical column name -> SQL expression producing the field's CSV text.

    Returned with the layers the columns read. Order-level columns see one row of
    ``versions`` plus the order layers (evaluated once per order version, before the lines
    are unnested); the LINE_COLUMNS see the line struct ``l``, ``k``, ``pdisc``, ``coupon``
    and the line layers. Values that may hold a comma, quote or line break are quoted here
    (csv_quote / csv_quote_sql). Call once: every call draws new tags.
    """
    t = d
    cpick = t.pick
    lk = "k * 8 + l.ln"  # line key
    ok = "k"  # order key
    vk = "k * 2 + ver"  # version key (spellings that may change between exports)
    shape = d.plan.shape
    m = partial(formats.money_sql, shape)
    # Intermediate values, computed once per row in nested projections (layers) so
    # the final expressions stay small.
    layers: Layers = [{}, {}, {}]
    stamp = formats.timestamp_sql(d, layers[0])
    gender_code = t.n("cid", 20)  # <9 F, <17 M, else unknown
    fem = cpick(FEMALE_NAMES, "cid")
    mal = cpick(MALE_NAMES, "cid")
    place = t.const(structs(PLACES, ("s", "c", "p")))
    method = t.const(structs(PAYMENT_METHODS, ("m", "t")))
    layers[0].update({
        "x_gender": f"case when {gender_code} < 9 then 'F' when {gender_code} < 17 "
                    "then 'M' end",
        "x_fem": f"{gender_code} < 9 or ({gender_code} >= 17 and {t.u('cid')} < 0.5)",
        "x_last": cpick(LAST_NAMES, "cid"),
        "x_bplace": f"{place}[1 + {t.n('cid', len(PLACES))}]",
        "x_oplace": f"{place}[1 + {t.n(ok, len(PLACES))}]",
        "x_pm": f"{method}[1 + {t.n(ok, len(PAYMENT_METHODS))}]",
        "x_style": t.n("cid", 5),
        "x_bad": t.u("cid"),
        "x_ev": t.u(ok),
    })
    layers[1].update({
        "x_first": f"case when x_fem then {fem} else {mal} end",
        "x_ll": "replace(lower(strip_accents(x_last)), ' ', '')",
    })
    layers[2].update({
        "x_local": ("case x_style when 0 then x_fl || '.' || x_ll "
                    "when 1 then x_fl || '_' || x_ll when 2 then left(x_fl, 1) || x_ll "
                    "when 3 then x_fl || x_ll else x_ll || '.' || x_fl end || cid::varchar"),
    })
    layers[1]["x_fl"] = f"lower(strip_accents(case when x_fem then {fem} else {mal} end))"
    layers.append({
        "x_email": (f"case when x_bad < 0.002 then x_local || '@example' "
                    f"when x_bad < 0.003 then x_local || '.example.com' "
                    f"else x_local || '@' || {cpick(EMAIL_DOMAINS, 'cid')} end"),
    })
    gender = "x_gender"
    first, last = "x_first", "x_last"
    full = f"({first} || ' ' || {last})"
    email_out = ("case when x_ev < 0.02 then upper(left(x_email, 1)) || substr(x_email, 2)"
                 " when x_ev < 0.03 then ' ' || x_email || ' ' "
                 "when x_ev < 0.035 then upper(x_email) else x_email end")
    bplace = "x_bplace"
    dplace = f"case when {t.u(ok)} < 0.85 then x_bplace else x_oplace end"
    loc_gap = t.u("cid")  # some customers lack a city or department
    # Line level: the product comes from the catalogue variable, the size from the line.
    line_layers = [
        {"x_prod": f"{catalogue_var}[l.pid + 1]"},
        {"x_size": (f"case x_prod.z when 1 then {cpick(CLOTHES_SIZES, lk)} "
                    f"when 2 then {cpick(SHOE_SIZES, lk)} else 'U' end")},
    ]
    size = "x_size"
    pcode = "x_prod.code"
    item_total = "(l.price * l.qty)"
    idisc = t.const(structs(ITEM_DISCOUNTS, ("c", "p")))
    coupons = d.const(structs(COUPONS, ("c", "p")))
    paydisc = d.const(structs(PAYMENT_DISCOUNTS, ("c", "p", "n")))
    status_sp = t.const(lit(ORDER_STATUS_SPELLINGS))
    pay_sp = t.const(lit(PAYMENT_STATUS_SPELLINGS))
    status_out = (f"{status_sp}[status + 1][1 + ({t.h(vk)} % "
                  f"len({status_sp}[status + 1]))::bigint]")
    pay_out = (f"{pay_sp}[pay + 1][1 + ({t.h(vk)} % len({pay_sp}[pay + 1]))::bigint]")
    paid = "pay in (1, 2)"
    pm = "x_pm"
    card = f"({pm}).t = 'Tarjeta'"
    finished = "ts_fin is not null"
    paid_at = f"ts_fin + (30 + {t.n(ok, 1200)}) * interval 1 second"
    age = "(file_day - oday)"  # days between the purchase and the export
    home = "delivery < 14"
    delivery_status = (
        f"case when status = 1 then 'Cancelado' when status <> 0 then null "
        f"when not ({paid}) then 'Pendiente' when {age} > 7 then 'Entregado' "
        f"when {age} > 1 then 'En camino' else 'Pendiente' end"
    )
    layers[0]["x_delivery_status"] = delivery_status
    delivery_status = "x_delivery_status"

    def variant(code: str, key: str) -> str:
        """Case and white-space variants of a discount code."""
        r = t.n(key, 20)
        return (f"case when {r} < 12 then {code} when {r} < 14 then lower({code}) "
                f"when {r} < 16 then upper(left({code}, 1)) || lower(substr({code}, 2)) "
                f"when {r} < 18 then ' ' || {code} || ' ' else {code} || ' ' end")

    coupon_code = variant(f"{coupons}[coupon].c", ok)
    pd_code = f"{paydisc}[pdisc].c"
    bin_ = cpick(["411111", "555555", "378282", "601100"], ok)
    last4 = t.digits(ok, 4)
    has_doc = t.u("cid")
    doc_num = t.n("cid", 9000000)
    company = f"{t.u('cid')} < 0.03"
    notes = [csv_quote(n) for n in NOTES]
    cols: dict[str, str] = {
        "order_number": formats.order_number_sql(d),
        "buyer_gender": (
            f"case {gender} when 'F' then {cpick(FEMALE_SPELLINGS, ok)} "
            f"when 'M' then {cpick(MALE_SPELLINGS, ok)} end"),
        "payment_discount_code": f"case when pdisc > 0 then {variant(pd_code, ok)} end",
        "order_code": f"'WEB-' || {t.digits(ok, 6)}",
        "notes": f"case when {t.u(ok)} < 0.06 then {cpick(notes, ok)} end",
        "payment_discount_name": f"case when pdisc > 0 then {paydisc}[pdisc].n end",
        "order_origin": cpick(["Web"] * 6 + ["App"] * 3 + ["Mercado Libre", "Instagram"], ok),
        "delivery_method": (f"case when {home} then 'Envío a domicilio' when delivery < 18 "
                            f"then 'Retiro en tienda' else 'Pickup DAC' end"),
        "authorization_code": f"case when {card} and {finished} then 'TEST-' || "
                              f"{t.digits(ok, 6)} end",
        "buyer_ip": (f"{cpick(['192.0.2.', '198.51.100.', '203.0.113.'], ok)} || "
                     f"(1 + {t.n(ok, 254)})::varchar"),
        "branch": (f"case when not ({home}) or {t.u(ok)} < 0.3 then "
                   f"{cpick(BRANCHES, ok)} end"),
        "size_code": size,
        "started_at": stamp("ts_start"),
        "recipient": f"case when {t.u(ok)} < 0.9 then {full} else "
                     f"{cpick(FEMALE_NAMES + MALE_NAMES, ok)} || ' ' || "
                     f"{cpick(LAST_NAMES, ok)} end",
        "variant_code": f"{pcode} || '-' || {size}",
        "finished_at": stamp("ts_fin"),
        "shipping_type": f"case when {home} then {cpick(['Estándar', 'Express'], ok)} end",
        "product_code": pcode,
        "paid_at": f"case when {paid} and {finished} then {stamp(paid_at)} end",
        "delivered_at": (f"case when {delivery_status} = 'Entregado' then " + stamp(
            f"ts_fin + (86400 + {t.n(ok, 5 * 86400)}) * interval 1 second") + " end"),
        "gift_amount": f"case when {t.u(ok)} < 0.05 then {m('0')} end",
        "order_status": status_out,
        "delivery_schedule": f"case when {home} then {cpick(SCHEDULES, ok)} end",
        "quantity": "l.qty::varchar",
        "delivery_status": delivery_status,
        "billing_country": f"case when {t.u('cid')} < 0.98 then 'Uruguay' end",
        "sku": f"{pcode} || {size}",
        "tracking_info": (f"case when {home} and {finished} then "
                          f"{cpick(['UES', 'DAC - Agencia Central', None], ok)} end"),
        "billing_state": f"case when {loc_gap} > 0.03 then ({bplace}).s end",
        "item_name": "x_prod.name",
        "tracking_code": (f"case when {home} and {finished} and status = 0 then 'DAC' || "
                          f"{t.digits(ok, 9)} end"),
        "billing_city": f"case when {loc_gap} > 0.05 then ({bplace}).c end",
        "item_total": m(item_total),
        "currency": formats.currency_sql(d, t.u(ok)),
        "billing_street": cpick(FAKE_STREETS, "cid"),
        "brand": "x_prod.brand",
        "coupon_discount_amount": f"case when coupon > 0 then {m('coupon_amt')} end",
        "billing_door_number": f"(100 + {t.n('cid', 4900)})::varchar",
        "unknown_sai": cpick(["1", "S", "N", None], ok),
        "payment_discount_amount": f"case when pdisc > 0 then {m('pdisc_amt')} end",
        "billing_apartment": cpick(["101", "3B", "802", None, None], "cid"),
        "unknown_tomada": cpick(["1", "0", "Sí", None], ok),
        "shipping_amount": m("ship"),
        "billing_postal_code": f"case when {t.u('cid')} < 0.8 then ({bplace}).p end",
        "category": "x_prod.cat",
        "order_total": m("order_total"),
        "delivery_country": "'Uruguay'",
        "item_payment_discount_amount": (
            f"case when pdisc > 0 then "
            f"{m(f'round({item_total} * {paydisc}[pdisc].p / 100, 2)')} end"),
        "payment_status": pay_out,
        "delivery_state": f"({dplace}).s",
        "item_coupon_discount_amount": (
            f"case when coupon > 0 then "
            f"{m(f'round({item_total} * {coupons}[coupon].p / 100, 2)')} end"),
        "payment_method": f"({pm}).m",
        "delivery_city": f"({dplace}).c",
        "item_discount_amount": (
            f"case when l.disc > 0 then "
            f"{m(f'round({item_total} * {idisc}[l.disc].p / 100, 2)')} end"),
        "bank": (f"case when {card} or ({pm}).m = 'Transferencia bancaria' then "
                 f"{cpick(BANKS, ok)} end"),
        "delivery_coordinates": f"case when {home} then '\"0.000000,0.000000\"' end",
        "item_payment_discount_code": f"case when pdisc > 0 then {variant(pd_code, lk)} end",
        "payment_method_type": f"({pm}).t",
        "delivery_street": cpick(FAKE_STREETS, ok),
        "coupon_discount_code": f"case when coupon > 0 then {coupon_code} end",
        "payment_amount": f"case when {paid} then {m('order_total')} end",
        "delivery_door_number": f"(100 + {t.n(ok, 4900)})::varchar",
        "item_discount_code": f"case when l.disc > 0 then {variant(f'{idisc}[l.disc].c', lk)}"
                              f" end",
        "payment_details": (f"case when {card} then 'TARJETA DE PRUEBA - cuotas: ' || "
                            f"{cpick(['1', '3', '6', '12'], ok)} end"),
        "delivery_apartment": cpick(["101", "202", "3B", None, None], ok),
        "promo_code": (f"case when {t.u(ok)} < 0.03 then "
                       f"{variant(cpick([c for c, _ in COUPONS], ok), ok)} end"),
        "payment_id_fenicio": f"'FP' || {t.digits(ok, 8)}",
        "delivery_postal_code": f"case when {home} then ({dplace}).p end",
        "payment_id_external": (f"case when {finished} and not {card} then "
                                f"{t.digits(ok, 10)} end"),
        "delivery_address_notes": cpick(
            ["Dato de prueba: casa con rejas", "Dato de prueba: apto. al fondo", None], ok),
        "taxes": m("round(order_total * 22 / 122, 2)"),
        "card_number": f"case when {card} then {bin_} || '******' || {last4} end",
        "buyer_name": f"case when {t.u(ok)} < 0.95 then {full} end",
        "card_bin": f"case when {card} then {bin_} end",
        "buyer_first_name": f"case when {t.u('cid')} < 0.97 then {first} end",
        "card_last4": f"case when {card} then {last4} end",
        "buyer_last_name": f"case when {t.u('cid')} < 0.97 then {last} end",
        "coupon": f"case when {t.u(ok)} < 0.01 then {variant(lit('REGALO'), ok)} end",
        "buyer_email": email_out,
        "discount_coupon": (f"case when {t.u(ok)} < 0.01 then "
                            f"{variant(cpick([c for c, _ in COUPONS], ok), ok)} end"),
        "buyer_phone": (f"case when {has_doc} < 0.8 then '09' || {t.digits('cid', 7)} "
                        f"when {has_doc} < 0.9 then '2' || {t.digits('cid', 7)} end"),
        "free_shipping_coupon": (f"case when free_ship and {home} then "
                                 f"{variant(lit('ENVIOGRATIS'), ok)} end"),
        "buyer_document": (
            f"case when {has_doc} < 0.5 then lpad(({doc_num} + 500000)::varchar, 8, '0') "
            f"when {has_doc} < 0.8 then format('{{:d}}.{{:03d}}.{{:03d}}-{{:d}}', "
            f"(({doc_num} + 500000) // 1000000)::bigint, "
            f"((({doc_num} + 500000) // 1000) % 1000)::bigint, "
            f"(({doc_num} + 500000) % 1000)::bigint, {t.n('cid', 10)}) "
            f"when {has_doc} < 0.85 then {t.digits('cid', 8)} end"),
        "company_tax_id": f"case when {company} then '21' || {t.digits('cid', 10)} end",
        "buyer_document_type": (f"case when {has_doc} < 0.8 then 'CI' "
                                f"when {has_doc} < 0.82 then 'DNI' "
                                f"when {has_doc} < 0.85 then 'Pasaporte' end"),
        "company_name": (f"case when {company} then {cpick(COMPANY_WORDS, 'cid')} || ' ' || "
                         f"{last} || {cpick(COMPANY_SUFFIXES, 'cid')} end"),
    }
    if shape.fill > 0:
        layers[0]["x_fu"] = d.su(ok, "fill")
        fillers = fill.fillers(d, m, stamp, full=full, first=first, last=last,
                               bplace=bplace, dplace=dplace)
        for i, (name, (filler, replaces)) in enumerate(fillers.items()):
            key = (f"(({d.su(lk, 'fill_line')} + {i} * {GOLDEN}) % 1.0)"
                   if name in LINE_COLUMNS else f"((x_fu + {i} * {GOLDEN}) % 1.0)")
            chosen = f"{key} < {shape.fill!r}"
            cols[name] = (f"case when {chosen} then {filler} end" if replaces else
                          f"coalesce({cols[name]}, case when {chosen} then {filler} end)")
    return cols, layers, line_layers
