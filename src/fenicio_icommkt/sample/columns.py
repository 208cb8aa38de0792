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
        "x_gender": f"CASE WHEN {gender_code} < 9 THEN 'F' WHEN {gender_code} < 17 "
                    "THEN 'M' END",
        "x_fem": f"{gender_code} < 9 OR ({gender_code} >= 17 AND {t.u('cid')} < 0.5)",
        "x_last": cpick(LAST_NAMES, "cid"),
        "x_bplace": f"{place}[1 + {t.n('cid', len(PLACES))}]",
        "x_oplace": f"{place}[1 + {t.n(ok, len(PLACES))}]",
        "x_pm": f"{method}[1 + {t.n(ok, len(PAYMENT_METHODS))}]",
        "x_style": t.n("cid", 5),
        "x_bad": t.u("cid"),
        "x_ev": t.u(ok),
    })
    layers[1].update({
        "x_first": f"CASE WHEN x_fem THEN {fem} ELSE {mal} END",
        "x_ll": "replace(lower(strip_accents(x_last)), ' ', '')",
    })
    layers[2].update({
        "x_local": ("CASE x_style WHEN 0 THEN x_fl || '.' || x_ll "
                    "WHEN 1 THEN x_fl || '_' || x_ll WHEN 2 THEN left(x_fl, 1) || x_ll "
                    "WHEN 3 THEN x_fl || x_ll ELSE x_ll || '.' || x_fl END || cid::VARCHAR"),
    })
    layers[1]["x_fl"] = f"lower(strip_accents(CASE WHEN x_fem THEN {fem} ELSE {mal} END))"
    layers.append({
        "x_email": (f"CASE WHEN x_bad < 0.002 THEN x_local || '@example' "
                    f"WHEN x_bad < 0.003 THEN x_local || '.example.com' "
                    f"ELSE x_local || '@' || {cpick(EMAIL_DOMAINS, 'cid')} END"),
    })
    gender = "x_gender"
    first, last = "x_first", "x_last"
    full = f"({first} || ' ' || {last})"
    email_out = ("CASE WHEN x_ev < 0.02 THEN upper(left(x_email, 1)) || substr(x_email, 2)"
                 " WHEN x_ev < 0.03 THEN ' ' || x_email || ' ' "
                 "WHEN x_ev < 0.035 THEN upper(x_email) ELSE x_email END")
    bplace = "x_bplace"
    dplace = f"CASE WHEN {t.u(ok)} < 0.85 THEN x_bplace ELSE x_oplace END"
    loc_gap = t.u("cid")  # some customers lack a city or department
    # Line level: the product comes from the catalogue variable, the size from the line.
    line_layers = [
        {"x_prod": f"{catalogue_var}[l.pid + 1]"},
        {"x_size": (f"CASE x_prod.z WHEN 1 THEN {cpick(CLOTHES_SIZES, lk)} "
                    f"WHEN 2 THEN {cpick(SHOE_SIZES, lk)} ELSE 'U' END")},
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
                  f"len({status_sp}[status + 1]))::BIGINT]")
    pay_out = (f"{pay_sp}[pay + 1][1 + ({t.h(vk)} % len({pay_sp}[pay + 1]))::BIGINT]")
    paid = "pay IN (1, 2)"
    pm = "x_pm"
    card = f"({pm}).t = 'Tarjeta'"
    finished = "ts_fin IS NOT NULL"
    paid_at = f"ts_fin + (30 + {t.n(ok, 1200)}) * INTERVAL 1 SECOND"
    age = "(file_day - oday)"  # days between the purchase and the export
    home = "delivery < 14"
    delivery_status = (
        f"CASE WHEN status = 1 THEN 'Cancelado' WHEN status <> 0 THEN NULL "
        f"WHEN NOT ({paid}) THEN 'Pendiente' WHEN {age} > 7 THEN 'Entregado' "
        f"WHEN {age} > 1 THEN 'En camino' ELSE 'Pendiente' END"
    )
    layers[0]["x_delivery_status"] = delivery_status
    delivery_status = "x_delivery_status"

    def variant(code: str, key: str) -> str:
        """Case and white-space variants of a discount code."""
        r = t.n(key, 20)
        return (f"CASE WHEN {r} < 12 THEN {code} WHEN {r} < 14 THEN lower({code}) "
                f"WHEN {r} < 16 THEN upper(left({code}, 1)) || lower(substr({code}, 2)) "
                f"WHEN {r} < 18 THEN ' ' || {code} || ' ' ELSE {code} || ' ' END")

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
            f"CASE {gender} WHEN 'F' THEN {cpick(FEMALE_SPELLINGS, ok)} "
            f"WHEN 'M' THEN {cpick(MALE_SPELLINGS, ok)} END"),
        "payment_discount_code": f"CASE WHEN pdisc > 0 THEN {variant(pd_code, ok)} END",
        "order_code": f"'WEB-' || {t.digits(ok, 6)}",
        "notes": f"CASE WHEN {t.u(ok)} < 0.06 THEN {cpick(notes, ok)} END",
        "payment_discount_name": f"CASE WHEN pdisc > 0 THEN {paydisc}[pdisc].n END",
        "order_origin": cpick(["Web"] * 6 + ["App"] * 3 + ["Mercado Libre", "Instagram"], ok),
        "delivery_method": (f"CASE WHEN {home} THEN 'Envío a domicilio' WHEN delivery < 18 "
                            f"THEN 'Retiro en tienda' ELSE 'Pickup DAC' END"),
        "authorization_code": f"CASE WHEN {card} AND {finished} THEN 'TEST-' || "
                              f"{t.digits(ok, 6)} END",
        "buyer_ip": (f"{cpick(['192.0.2.', '198.51.100.', '203.0.113.'], ok)} || "
                     f"(1 + {t.n(ok, 254)})::VARCHAR"),
        "branch": (f"CASE WHEN NOT ({home}) OR {t.u(ok)} < 0.3 THEN "
                   f"{cpick(BRANCHES, ok)} END"),
        "size_code": size,
        "started_at": stamp("ts_start"),
        "recipient": f"CASE WHEN {t.u(ok)} < 0.9 THEN {full} ELSE "
                     f"{cpick(FEMALE_NAMES + MALE_NAMES, ok)} || ' ' || "
                     f"{cpick(LAST_NAMES, ok)} END",
        "variant_code": f"{pcode} || '-' || {size}",
        "finished_at": stamp("ts_fin"),
        "shipping_type": f"CASE WHEN {home} THEN {cpick(['Estándar', 'Express'], ok)} END",
        "product_code": pcode,
        "paid_at": f"CASE WHEN {paid} AND {finished} THEN {stamp(paid_at)} END",
        "delivered_at": (f"CASE WHEN {delivery_status} = 'Entregado' THEN " + stamp(
            f"ts_fin + (86400 + {t.n(ok, 5 * 86400)}) * INTERVAL 1 SECOND") + " END"),
        "gift_amount": f"CASE WHEN {t.u(ok)} < 0.05 THEN {m('0')} END",
        "order_status": status_out,
        "delivery_schedule": f"CASE WHEN {home} THEN {cpick(SCHEDULES, ok)} END",
        "quantity": "l.qty::VARCHAR",
        "delivery_status": delivery_status,
        "billing_country": f"CASE WHEN {t.u('cid')} < 0.98 THEN 'Uruguay' END",
        "sku": f"{pcode} || {size}",
        "tracking_info": (f"CASE WHEN {home} AND {finished} THEN "
                          f"{cpick(['UES', 'DAC - Agencia Central', None], ok)} END"),
        "billing_state": f"CASE WHEN {loc_gap} > 0.03 THEN ({bplace}).s END",
        "item_name": "x_prod.name",
        "tracking_code": (f"CASE WHEN {home} AND {finished} AND status = 0 THEN 'DAC' || "
                          f"{t.digits(ok, 9)} END"),
        "billing_city": f"CASE WHEN {loc_gap} > 0.05 THEN ({bplace}).c END",
        "item_total": m(item_total),
        "currency": formats.currency_sql(d, t.u(ok)),
        "billing_street": cpick(FAKE_STREETS, "cid"),
        "brand": "x_prod.brand",
        "coupon_discount_amount": f"CASE WHEN coupon > 0 THEN {m('coupon_amt')} END",
        "billing_door_number": f"(100 + {t.n('cid', 4900)})::VARCHAR",
        "unknown_sai": cpick(["1", "S", "N", None], ok),
        "payment_discount_amount": f"CASE WHEN pdisc > 0 THEN {m('pdisc_amt')} END",
        "billing_apartment": cpick(["101", "3B", "802", None, None], "cid"),
        "unknown_tomada": cpick(["1", "0", "Sí", None], ok),
        "shipping_amount": m("ship"),
        "billing_postal_code": f"CASE WHEN {t.u('cid')} < 0.8 THEN ({bplace}).p END",
        "category": "x_prod.cat",
        "order_total": m("order_total"),
        "delivery_country": "'Uruguay'",
        "item_payment_discount_amount": (
            f"CASE WHEN pdisc > 0 THEN "
            f"{m(f'round({item_total} * {paydisc}[pdisc].p / 100, 2)')} END"),
        "payment_status": pay_out,
        "delivery_state": f"({dplace}).s",
        "item_coupon_discount_amount": (
            f"CASE WHEN coupon > 0 THEN "
            f"{m(f'round({item_total} * {coupons}[coupon].p / 100, 2)')} END"),
        "payment_method": f"({pm}).m",
        "delivery_city": f"({dplace}).c",
        "item_discount_amount": (
            f"CASE WHEN l.disc > 0 THEN "
            f"{m(f'round({item_total} * {idisc}[l.disc].p / 100, 2)')} END"),
        "bank": (f"CASE WHEN {card} OR ({pm}).m = 'Transferencia bancaria' THEN "
                 f"{cpick(BANKS, ok)} END"),
        "delivery_coordinates": f"CASE WHEN {home} THEN '\"0.000000,0.000000\"' END",
        "item_payment_discount_code": f"CASE WHEN pdisc > 0 THEN {variant(pd_code, lk)} END",
        "payment_method_type": f"({pm}).t",
        "delivery_street": cpick(FAKE_STREETS, ok),
        "coupon_discount_code": f"CASE WHEN coupon > 0 THEN {coupon_code} END",
        "payment_amount": f"CASE WHEN {paid} THEN {m('order_total')} END",
        "delivery_door_number": f"(100 + {t.n(ok, 4900)})::VARCHAR",
        "item_discount_code": f"CASE WHEN l.disc > 0 THEN {variant(f'{idisc}[l.disc].c', lk)}"
                              f" END",
        "payment_details": (f"CASE WHEN {card} THEN 'TARJETA DE PRUEBA - cuotas: ' || "
                            f"{cpick(['1', '3', '6', '12'], ok)} END"),
        "delivery_apartment": cpick(["101", "202", "3B", None, None], ok),
        "promo_code": (f"CASE WHEN {t.u(ok)} < 0.03 THEN "
                       f"{variant(cpick([c for c, _ in COUPONS], ok), ok)} END"),
        "payment_id_fenicio": f"'FP' || {t.digits(ok, 8)}",
        "delivery_postal_code": f"CASE WHEN {home} THEN ({dplace}).p END",
        "payment_id_external": (f"CASE WHEN {finished} AND NOT {card} THEN "
                                f"{t.digits(ok, 10)} END"),
        "delivery_address_notes": cpick(
            ["Dato de prueba: casa con rejas", "Dato de prueba: apto. al fondo", None], ok),
        "taxes": m("round(order_total * 22 / 122, 2)"),
        "card_number": f"CASE WHEN {card} THEN {bin_} || '******' || {last4} END",
        "buyer_name": f"CASE WHEN {t.u(ok)} < 0.95 THEN {full} END",
        "card_bin": f"CASE WHEN {card} THEN {bin_} END",
        "buyer_first_name": f"CASE WHEN {t.u('cid')} < 0.97 THEN {first} END",
        "card_last4": f"CASE WHEN {card} THEN {last4} END",
        "buyer_last_name": f"CASE WHEN {t.u('cid')} < 0.97 THEN {last} END",
        "coupon": f"CASE WHEN {t.u(ok)} < 0.01 THEN {variant(lit('REGALO'), ok)} END",
        "buyer_email": email_out,
        "discount_coupon": (f"CASE WHEN {t.u(ok)} < 0.01 THEN "
                            f"{variant(cpick([c for c, _ in COUPONS], ok), ok)} END"),
        "buyer_phone": (f"CASE WHEN {has_doc} < 0.8 THEN '09' || {t.digits('cid', 7)} "
                        f"WHEN {has_doc} < 0.9 THEN '2' || {t.digits('cid', 7)} END"),
        "free_shipping_coupon": (f"CASE WHEN free_ship AND {home} THEN "
                                 f"{variant(lit('ENVIOGRATIS'), ok)} END"),
        "buyer_document": (
            f"CASE WHEN {has_doc} < 0.5 THEN lpad(({doc_num} + 500000)::VARCHAR, 8, '0') "
            f"WHEN {has_doc} < 0.8 THEN format('{{:d}}.{{:03d}}.{{:03d}}-{{:d}}', "
            f"(({doc_num} + 500000) // 1000000)::BIGINT, "
            f"((({doc_num} + 500000) // 1000) % 1000)::BIGINT, "
            f"(({doc_num} + 500000) % 1000)::BIGINT, {t.n('cid', 10)}) "
            f"WHEN {has_doc} < 0.85 THEN {t.digits('cid', 8)} END"),
        "company_tax_id": f"CASE WHEN {company} THEN '21' || {t.digits('cid', 10)} END",
        "buyer_document_type": (f"CASE WHEN {has_doc} < 0.8 THEN 'CI' "
                                f"WHEN {has_doc} < 0.82 THEN 'DNI' "
                                f"WHEN {has_doc} < 0.85 THEN 'Pasaporte' END"),
        "company_name": (f"CASE WHEN {company} THEN {cpick(COMPANY_WORDS, 'cid')} || ' ' || "
                         f"{last} || {cpick(COMPANY_SUFFIXES, 'cid')} END"),
    }
    if shape.fill > 0:
        layers[0]["x_fu"] = d.su(ok, "fill")
        fillers = fill.fillers(d, m, stamp, full=full, first=first, last=last,
                               bplace=bplace, dplace=dplace)
        for i, (name, (filler, replaces)) in enumerate(fillers.items()):
            key = (f"(({d.su(lk, 'fill_line')} + {i} * {GOLDEN}) % 1.0)"
                   if name in LINE_COLUMNS else f"((x_fu + {i} * {GOLDEN}) % 1.0)")
            chosen = f"{key} < {shape.fill!r}"
            cols[name] = (f"CASE WHEN {chosen} THEN {filler} END" if replaces else
                          f"coalesce({cols[name]}, CASE WHEN {chosen} THEN {filler} END)")
    return cols, layers, line_layers
