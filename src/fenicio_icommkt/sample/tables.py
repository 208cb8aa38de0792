"""The tables a sample is written from, built in DuckDB: customers and their number of
orders, orders with their lines, the versions each export holds, and the product catalogue.
"""

from __future__ import annotations

from fenicio_icommkt.sample.draws import Draws
from fenicio_icommkt.sample.plan import (
    CATALOGUE_SIZE,
    GOLDEN,
    LINE_WEIGHTS,
    ORDER_NUMBER_BASE,
    USD_RATE,
    orders_law,
)
from fenicio_icommkt.sample.sql_values import csv_quote_sql, structs
from fenicio_icommkt.sample.vocabulary import (
    ADJECTIVES,
    BRANDS,
    COLOURS,
    COUPONS,
    ITEM_DISCOUNTS,
    PAYMENT_DISCOUNTS,
    PRODUCT_TYPES,
)


def ptype(d: Draws, pid: str) -> str:
    """The product type struct of product id expression pid."""
    types = d.const(structs(PRODUCT_TYPES, ("n", "c", "z", "lo", "hi")))
    key = d.mix(pid, d.type_tag)
    return f"{types}[1 + ({key} % {len(PRODUCT_TYPES)})::BIGINT]"


def price(d: Draws, pid: str) -> str:
    """Unit price of product id expression pid: a price ending in 90, by product type."""
    t = ptype(d, pid)
    key = d.mix(pid, d.price_tag)
    return f"((({t}).lo + {key} % (({t}).hi - ({t}).lo + 1)) * 100 + 90)::DECIMAL(18,2)"


def build_tables(d: Draws) -> str:
    """The tables the files are written from: ``cust`` (orders per customer), ``orders``
    (with their lines) and ``versions`` (each export of an order), and the product
    catalogue; returns the catalogue's variable."""
    p = d.plan
    offset = int.from_bytes(str(p.seed).encode(), "little") % 1000003 / 1000003
    shape = p.shape
    law = orders_law(shape, p.customers)
    level = f"1.0 - ((range + 1) * {GOLDEN} + {offset}) % 1.0"
    if shape.pareto:
        d.execute(f"""
            CREATE TABLE cust AS
            SELECT range AS cid, {law.sql(level)}::INTEGER AS n_orders
            FROM range({p.customers})
        """)
    else:
        d.execute(f"""
            CREATE TABLE cust AS
            SELECT range AS cid, {law.sql('v')}::INTEGER AS n_orders
            FROM (SELECT range, {level} AS v FROM range({p.customers}))
        """)
    dollars = shape.usd_share > 0
    first = p.first_date.isoformat()
    hist = p.history_date.isoformat()
    as_of = p.as_of.isoformat()
    item_disc = d.const(structs(ITEM_DISCOUNTS, ("c", "p")))
    status = d.u("k")
    line_key = "k * 8 + i"
    # Line structs: line number, product (drawn Zipf-like), quantity, unit price and
    # item-discount index (0: none). The inner lambda names the product id once.
    line_struct = (
        "{'ln': i::INTEGER, 'pid': p, 'qty': "
        + d.pick([1] * 16 + [2] * 3 + [3, 3, 4, 5, 6], line_key)
        + f"::INTEGER, 'price': {order_price(price(d, 'p'), dollars)}, "
        "'disc': CASE WHEN "
        f"{d.u(line_key)} < 0.08 THEN 1 + {d.n(line_key, len(ITEM_DISCOUNTS))} "
        "ELSE 0 END::INTEGER}"
    )
    pid_expr = f"floor({CATALOGUE_SIZE} * pow({d.u(line_key)}, 1.8))::BIGINT"
    lines_expr = (
        f"list_transform(range(n_lines), lambda i: "
        f"list_transform([{pid_expr}], lambda p: {line_struct})[1])"
    )
    catalogue_var = build_catalogue(d)
    d.execute(f"""
        CREATE TABLE orders AS
        WITH o AS (
            SELECT cid, k,
                   DATE '{first}' + floor({d.u('k')} * {p.span_days})::INTEGER AS oday,
                   {d.pick(LINE_WEIGHTS, 'k')}::INTEGER AS n_lines,
                   {d.n('k', 23 * 3600)} AS sec,
                   CASE WHEN {status} < 0.05 THEN 3 WHEN {status} < 0.08 THEN 2
                        WHEN {status} < 0.11 THEN 1 WHEN {status} < 0.14 THEN 4
                        ELSE 0 END::INTEGER AS status,
                   {d.u('k')} AS pay_u,
                   1 + {d.n('k', 7)} AS rx_delay,
                   {d.u('k')} AS rx_u,
                   {d.pick([1] * 7 + [2] * 7 + [3] * 6, 'k')}::INTEGER AS rx_kind_draw,
                   {d.n('k', 5)} AS edit_ln{f", {d.usd()} AS usd" if dollars else ""}
            FROM (SELECT cid, cid * {shape.key_stride} + unnest(range(n_orders)) AS k
                  FROM cust)
        ), o2 AS (
            SELECT *,
                   oday + sec * INTERVAL 1 SECOND AS ts_start,
                   (status = 0 AND rx_u < {p.reexport_rate}
                    AND oday + rx_delay::INTEGER > DATE '{hist}'
                    AND oday + rx_delay::INTEGER <= DATE '{as_of}') AS rx
            FROM o
        )
        SELECT cid, k, oday, n_lines, ts_start,{" usd," if dollars else ""}
               CASE WHEN status IN (2, 3) THEN NULL
                    ELSE ts_start + (120 + {d.n('k', 1680)}) * INTERVAL 1 SECOND
               END AS ts_fin,
               status,
               -- payment status code (see PAYMENT_STATUS_SPELLINGS)
               CASE WHEN rx AND rx_kind_draw = 2 THEN 3
                    WHEN status = 0 AND rx THEN 1 + (pay_u < 0.2)::INTEGER
                    WHEN status = 0 THEN CASE WHEN pay_u < 0.60 THEN 1 WHEN pay_u < 0.72
                         THEN 2 WHEN pay_u < 0.96 THEN 0 WHEN pay_u < 0.99 THEN 3 ELSE 5 END
                    WHEN status = 1 THEN CASE WHEN pay_u < 0.5 THEN 4 WHEN pay_u < 0.8
                         THEN 5 ELSE 0 END
                    WHEN status = 2 THEN CASE WHEN pay_u < 0.5 THEN 3 ELSE 0 END
                    WHEN status = 3 THEN 0
                    ELSE 3 END::INTEGER AS pay,
               rx,
               CASE WHEN NOT rx THEN 0
                    WHEN rx_kind_draw = 3 AND n_lines > 1 AND edit_ln % 2 = 0 THEN 4
                    ELSE rx_kind_draw END::INTEGER AS rx_kind,
               oday + rx_delay::INTEGER AS rx_day,
               (edit_ln % n_lines)::INTEGER AS edit_ln,
               {lines_expr} AS lines,
               {ORDER_NUMBER_BASE} + row_number() OVER (ORDER BY ts_start, k) AS order_no
        FROM o2
    """)
    # Versions: the original export and, for re-exported orders, the later one.
    # rx_kind: 1 cancelled, 2 payment confirmed, 3 quantity edited, 4 line removed.
    edited = (
        "list_transform(lines, lambda l: {'ln': l.ln, 'pid': l.pid, "
        "'qty': CASE WHEN l.ln = edit_ln THEN CASE WHEN l.qty > 1 THEN l.qty - 1 "
        "ELSE l.qty + 1 END ELSE l.qty END, 'price': l.price, 'disc': l.disc})"
    )
    coupons = d.const(structs(COUPONS, ("c", "p")))
    paydisc = d.const(structs(PAYMENT_DISCOUNTS, ("c", "p", "n")))
    usd_col = " usd," if dollars else ""
    # shipping is free from 4,000 pesos (100 dollars)
    free_from = f"CASE WHEN usd THEN {4000 // USD_RATE} ELSE 4000 END" if dollars else "4000"
    d.execute(f"""
        CREATE TABLE versions AS
        WITH v AS (
            SELECT order_no, k, cid, oday, ts_start, ts_fin,{usd_col} status, pay, 0 AS ver,
                   greatest(oday, DATE '{hist}') AS file_day, lines
            FROM orders
            UNION ALL
            SELECT order_no, k, cid, oday, ts_start, ts_fin,{usd_col}
                   CASE WHEN rx_kind = 1 THEN 1 ELSE status END,
                   CASE WHEN rx_kind = 1 THEN 4 WHEN rx_kind = 2 THEN 1 ELSE pay END,
                   1, rx_day,
                   CASE WHEN rx_kind = 3 OR (rx_kind = 4 AND len(lines) < 2) THEN {edited}
                        WHEN rx_kind = 4 THEN list_filter(lines, lambda l: l.ln != edit_ln)
                        ELSE lines END
            FROM orders WHERE rx
        ), a AS (
            SELECT *,
                   list_sum(list_transform(lines, lambda l: l.price * l.qty))::DECIMAL(18,2)
                       AS subtotal,
                   list_sum(list_transform(lines, lambda l: CASE WHEN l.disc = 0 THEN 0
                       ELSE round(l.price * l.qty * {item_disc}[l.disc].p / 100, 2) END
                   ))::DECIMAL(18,2) AS item_disc,
                   CASE WHEN {d.u('k')} < 0.12
                        THEN 1 + {d.n('k', len(COUPONS))} ELSE 0 END AS coupon,
                   CASE WHEN {d.u('k')} < 0.08
                        THEN 1 + {d.n('k', len(PAYMENT_DISCOUNTS))} ELSE 0 END AS pdisc,
                   {d.n('k', 20)} AS delivery,  -- <14 home, <18 pickup store, else DAC
                   {d.u('k')} < 0.10 AS free_ship
            FROM v
        ), b AS (
            SELECT *,
                   CASE WHEN coupon = 0 THEN 0 ELSE
                        round((subtotal - item_disc) * {coupons}[coupon].p / 100, 2)
                   END::DECIMAL(18,2) AS coupon_amt,
                   CASE WHEN delivery >= 14 OR free_ship OR subtotal >= {free_from} THEN 0
                        ELSE {order_price(d.pick([150, 190, 250], 'k'), dollars)}
                   END::DECIMAL(18,2) AS ship
            FROM a
        ), c AS (
            SELECT *,
                   CASE WHEN pdisc = 0 THEN 0 ELSE
                        round((subtotal - item_disc - coupon_amt) * {paydisc}[pdisc].p
                              / 100, 2)
                   END::DECIMAL(18,2) AS pdisc_amt
            FROM b
        )
        SELECT *, (subtotal - item_disc - coupon_amt - pdisc_amt + ship)::DECIMAL(18,2)
                  AS order_total
        FROM c
        ORDER BY file_day, order_no, ver
    """)
    return catalogue_var


def order_price(pesos: str, dollars: bool) -> str:
    """A price in the order's currency: pesos, or dollars at USD_RATE for USD orders."""
    if not dollars:
        return pesos
    return (f"CASE WHEN usd THEN round(({pesos})::DECIMAL(18,2) / {USD_RATE}, 2)"
            f"::DECIMAL(18,2) ELSE ({pesos})::DECIMAL(18,2) END")


def build_catalogue(d: Draws) -> str:
    """Products as a constant list variable (id + 1 -> struct), looked up per line."""
    pid = "range"
    product_type = ptype(d, pid)
    adj = d.pick(ADJECTIVES, pid)
    colour = d.pick(COLOURS, pid)
    kind = d.n(pid, 100)
    name = (f"CASE WHEN {kind} < 1 THEN NULL "
            f"WHEN {kind} < 4 THEN ({product_type}).n || ' \"' || {adj} || '\", ' || {colour}"
            f" WHEN {kind} < 6 THEN 'Pack x3 ' || ({product_type}).n || ', talle único'"
            f" ELSE ({product_type}).n || ' ' || {adj} || ' ' || {colour} END")
    cat_u = d.u(pid)
    category = (f"CASE WHEN {cat_u} < 0.03 THEN NULL WHEN {cat_u} < 0.05 "
                f"THEN lower(({product_type}).c) || ' ' ELSE ({product_type}).c END")
    d.execute(f"""
        CREATE TABLE catalogue AS
        SELECT range AS pid,
               {{'code': 'P' || (10000 + range)::VARCHAR,
                'name': {csv_quote_sql(name)},
                'brand': {d.pick(BRANDS, pid)},
                'cat': {category},
                'z': ({product_type}).z}} AS prod
        FROM range({CATALOGUE_SIZE})
    """)
    d.con.execute("SET VARIABLE catalogue = "
                  "(SELECT list(prod ORDER BY pid) FROM catalogue)")
    return "getvariable('catalogue')"
