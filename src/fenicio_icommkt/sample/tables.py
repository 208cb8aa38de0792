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
    return f"{types}[1 + ({key} % {len(PRODUCT_TYPES)})::bigint]"


def price(d: Draws, pid: str) -> str:
    """Unit price of product id expression pid: a price ending in 90, by product type."""
    t = ptype(d, pid)
    key = d.mix(pid, d.price_tag)
    return f"((({t}).lo + {key} % (({t}).hi - ({t}).lo + 1)) * 100 + 90)::decimal(18,2)"


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
            create table cust as
            select range as cid, {law.sql(level)}::integer as n_orders
            from range({p.customers})
        """)
    else:
        d.execute(f"""
            create table cust as
            select range as cid, {law.sql('v')}::integer as n_orders
            from (select range, {level} as v from range({p.customers}))
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
        "{'ln': i::integer, 'pid': p, 'qty': "
        + d.pick([1] * 16 + [2] * 3 + [3, 3, 4, 5, 6], line_key)
        + f"::integer, 'price': {order_price(price(d, 'p'), dollars)}, "
        "'disc': case when "
        f"{d.u(line_key)} < 0.08 then 1 + {d.n(line_key, len(ITEM_DISCOUNTS))} "
        "else 0 end::integer}"
    )
    pid_expr = f"floor({CATALOGUE_SIZE} * pow({d.u(line_key)}, 1.8))::bigint"
    lines_expr = (
        f"list_transform(range(n_lines), lambda i: "
        f"list_transform([{pid_expr}], lambda p: {line_struct})[1])"
    )
    catalogue_var = build_catalogue(d)
    d.execute(f"""
        create table orders as
        with o as (
            select cid, k,
                   date '{first}' + floor({d.u('k')} * {p.span_days})::integer as oday,
                   {d.pick(LINE_WEIGHTS, 'k')}::integer as n_lines,
                   {d.n('k', 23 * 3600)} as sec,
                   case when {status} < 0.05 then 3 when {status} < 0.08 then 2
                        when {status} < 0.11 then 1 when {status} < 0.14 then 4
                        else 0 end::integer as status,
                   {d.u('k')} as pay_u,
                   1 + {d.n('k', 7)} as rx_delay,
                   {d.u('k')} as rx_u,
                   {d.pick([1] * 7 + [2] * 7 + [3] * 6, 'k')}::integer as rx_kind_draw,
                   {d.n('k', 5)} as edit_ln{f", {d.usd()} as usd" if dollars else ""}
            from (select cid, cid * {shape.key_stride} + unnest(range(n_orders)) as k
                  from cust)
        ), o2 as (
            select *,
                   oday + sec * interval 1 second as ts_start,
                   (status = 0 and rx_u < {p.reexport_rate}
                    and oday + rx_delay::integer > date '{hist}'
                    and oday + rx_delay::integer <= date '{as_of}') as rx
            from o
        )
        select cid, k, oday, n_lines, ts_start,{" usd," if dollars else ""}
               case when status in (2, 3) then null
                    else ts_start + (120 + {d.n('k', 1680)}) * interval 1 second
               end as ts_fin,
               status,
               -- payment status code (see PAYMENT_STATUS_SPELLINGS)
               case when rx and rx_kind_draw = 2 then 3
                    when status = 0 and rx then 1 + (pay_u < 0.2)::integer
                    when status = 0 then case when pay_u < 0.60 then 1 when pay_u < 0.72
                         then 2 when pay_u < 0.96 then 0 when pay_u < 0.99 then 3 else 5 end
                    when status = 1 then case when pay_u < 0.5 then 4 when pay_u < 0.8
                         then 5 else 0 end
                    when status = 2 then case when pay_u < 0.5 then 3 else 0 end
                    when status = 3 then 0
                    else 3 end::integer as pay,
               rx,
               case when not rx then 0
                    when rx_kind_draw = 3 and n_lines > 1 and edit_ln % 2 = 0 then 4
                    else rx_kind_draw end::integer as rx_kind,
               oday + rx_delay::integer as rx_day,
               (edit_ln % n_lines)::integer as edit_ln,
               {lines_expr} as lines,
               {ORDER_NUMBER_BASE} + row_number() over (order by ts_start, k) as order_no
        from o2
    """)
    # Versions: the original export and, for re-exported orders, the later one.
    # rx_kind: 1 cancelled, 2 payment confirmed, 3 quantity edited, 4 line removed.
    edited = (
        "list_transform(lines, lambda l: {'ln': l.ln, 'pid': l.pid, "
        "'qty': case when l.ln = edit_ln then case when l.qty > 1 then l.qty - 1 "
        "else l.qty + 1 end else l.qty end, 'price': l.price, 'disc': l.disc})"
    )
    coupons = d.const(structs(COUPONS, ("c", "p")))
    paydisc = d.const(structs(PAYMENT_DISCOUNTS, ("c", "p", "n")))
    usd_col = " usd," if dollars else ""
    # shipping is free from 4,000 pesos (100 dollars)
    free_from = f"case when usd then {4000 // USD_RATE} else 4000 end" if dollars else "4000"
    d.execute(f"""
        create table versions as
        with v as (
            select order_no, k, cid, oday, ts_start, ts_fin,{usd_col} status, pay, 0 as ver,
                   greatest(oday, date '{hist}') as file_day, lines
            from orders
            union all
            select order_no, k, cid, oday, ts_start, ts_fin,{usd_col}
                   case when rx_kind = 1 then 1 else status end,
                   case when rx_kind = 1 then 4 when rx_kind = 2 then 1 else pay end,
                   1, rx_day,
                   case when rx_kind = 3 or (rx_kind = 4 and len(lines) < 2) then {edited}
                        when rx_kind = 4 then list_filter(lines, lambda l: l.ln != edit_ln)
                        else lines end
            from orders where rx
        ), a as (
            select *,
                   list_sum(list_transform(lines, lambda l: l.price * l.qty))::decimal(18,2)
                       as subtotal,
                   list_sum(list_transform(lines, lambda l: case when l.disc = 0 then 0
                       else round(l.price * l.qty * {item_disc}[l.disc].p / 100, 2) end
                   ))::decimal(18,2) as item_disc,
                   case when {d.u('k')} < 0.12
                        then 1 + {d.n('k', len(COUPONS))} else 0 end as coupon,
                   case when {d.u('k')} < 0.08
                        then 1 + {d.n('k', len(PAYMENT_DISCOUNTS))} else 0 end as pdisc,
                   {d.n('k', 20)} as delivery,  -- <14 home, <18 pickup store, else DAC
                   {d.u('k')} < 0.10 as free_ship
            from v
        ), b as (
            select *,
                   case when coupon = 0 then 0 else
                        round((subtotal - item_disc) * {coupons}[coupon].p / 100, 2)
                   end::decimal(18,2) as coupon_amt,
                   case when delivery >= 14 or free_ship or subtotal >= {free_from} then 0
                        else {order_price(d.pick([150, 190, 250], 'k'), dollars)}
                   end::decimal(18,2) as ship
            from a
        ), c as (
            select *,
                   case when pdisc = 0 then 0 else
                        round((subtotal - item_disc - coupon_amt) * {paydisc}[pdisc].p
                              / 100, 2)
                   end::decimal(18,2) as pdisc_amt
            from b
        )
        select *, (subtotal - item_disc - coupon_amt - pdisc_amt + ship)::decimal(18,2)
                  as order_total
        from c
        order by file_day, order_no, ver
    """)
    return catalogue_var


def order_price(pesos: str, dollars: bool) -> str:
    """A price in the order's currency: pesos, or dollars at USD_RATE for USD orders."""
    if not dollars:
        return pesos
    return (f"case when usd then round(({pesos})::decimal(18,2) / {USD_RATE}, 2)"
            f"::decimal(18,2) else ({pesos})::decimal(18,2) end")


def build_catalogue(d: Draws) -> str:
    """Products as a constant list variable (id + 1 -> struct), looked up per line."""
    pid = "range"
    product_type = ptype(d, pid)
    adj = d.pick(ADJECTIVES, pid)
    colour = d.pick(COLOURS, pid)
    kind = d.n(pid, 100)
    name = (f"case when {kind} < 1 then null "
            f"when {kind} < 4 then ({product_type}).n || ' \"' || {adj} || '\", ' || {colour}"
            f" when {kind} < 6 then 'Pack x3 ' || ({product_type}).n || ', talle único'"
            f" else ({product_type}).n || ' ' || {adj} || ' ' || {colour} end")
    cat_u = d.u(pid)
    category = (f"case when {cat_u} < 0.03 then null when {cat_u} < 0.05 "
                f"then lower(({product_type}).c) || ' ' else ({product_type}).c end")
    d.execute(f"""
        create table catalogue as
        select range as pid,
               {{'code': 'P' || (10000 + range)::varchar,
                'name': {csv_quote_sql(name)},
                'brand': {d.pick(BRANDS, pid)},
                'cat': {category},
                'z': ({product_type}).z}} as prod
        from range({CATALOGUE_SIZE})
    """)
    d.con.execute("set variable catalogue = "
                  "(select list(prod order by pid) from catalogue)")
    return "getvariable('catalogue')"
