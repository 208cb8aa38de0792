"""The shape's formats as SQL: money, timestamps, currency and order numbers written the
way the shape says (``Shape``), each a CSV-ready text expression."""

from __future__ import annotations

from fenicio_icommkt.sample.draws import Draws
from fenicio_icommkt.sample.plan import ORDER_NUMBER_BASE, STORE_UTC_OFFSET_HOURS, Shape


def money_sql(shape: Shape, expr: str) -> str:
    """An amount as the shape's money style writes it (CSV-ready)."""
    dot = f"{expr}::decimal(18,2)::varchar"
    style = shape.money
    if style == "dot":
        return dot
    if style == "short":
        return f"rtrim(rtrim({dot}, '0'), '.')"
    if style == "comma":
        return f"'\"' || replace({dot}, '.', ',') || '\"'"
    if style == "grouped":
        return (f"'\"' || translate(format('{{:,.2f}}', ({expr})::decimal(18,2)::double), "
                f"',.', '.,') || '\"'")
    return f"'$ ' || {dot}"  # symbol


def timestamp_sql(d: Draws, layer: dict[str, str]):
    """A function: timestamp expression -> its text in the shape's style.

    Offsets are the store's (-03:00) or UTC (Z, the instant shifted by 3 hours), so every
    style gives the same instants. Per-order choices go into ``layer``.
    """
    style = d.plan.shape.timestamps
    dmy, iso, iso_t = "'%d/%m/%Y %H:%M:%S'", "'%Y-%m-%d %H:%M:%S'", "'%Y-%m-%dT%H:%M:%S'"
    hours = -STORE_UTC_OFFSET_HOURS
    offset = f"{'-' if STORE_UTC_OFFSET_HOURS < 0 else '+'}{abs(STORE_UTC_OFFSET_HOURS):02d}"

    def utc(e: str) -> str:
        return f"strftime(({e}) + interval {hours} hour, {iso_t}) || 'Z'"

    if style == "dmy":
        return lambda e: f"strftime({e}, {dmy})"
    if style == "iso":
        return lambda e: f"strftime({e}, {iso})"
    if style == "iso-offset":
        layer["x_tsz"] = f"{d.su('k', 'timestamp_zone')} < 0.2"
        return lambda e: (f"case when x_tsz then {utc(e)} else strftime({e}, {iso_t}) "
                          f"|| '{offset}:00' end")
    layer["x_tss"] = d.sn("k", 6, "timestamp_style")
    return lambda e: (
        f"case x_tss when 0 then strftime({e}, {dmy}) when 1 then strftime({e}, {iso}) "
        f"when 2 then strftime({e}, {iso_t}) "
        f"when 3 then strftime({e}, {iso_t}) || '{offset}:00' "
        f"when 4 then strftime({e}, {iso_t}) || '{offset}00' else {utc(e)} end")


def currency_sql(d: Draws, default_u: str) -> str:
    """The currency column. ``default_u`` is the default shape's draw (its tag is taken
    whatever the shape, so that the other columns' draws do not move)."""
    shape = d.plan.shape
    if shape.usd_share == 0:
        return f"case when {default_u} < {1 - shape.empty_currency_share!r} then 'UYU' end"
    u = d.su("k", "currency")
    return (f"case when {u} < {shape.usd_share!r} then 'USD' "
            f"when {u} < {shape.usd_share + shape.empty_currency_share!r} then null "
            f"else 'UYU' end")


def order_number_sql(d: Draws) -> str:
    if d.plan.shape.order_numbers == "sequential":
        return "order_no::varchar"
    # 1 to 8 digits, or 10, 12 or 14: the lengths tell the kinds apart, so no two
    # orders share a number.
    seq = f"(order_no - {ORDER_NUMBER_BASE})"
    u = d.su("k", "order_number")
    return (f"case when {u} < 0.7 then {seq}::varchar "
            f"when {u} < 0.85 then '1' || lpad({seq}::varchar, 9, '0') "
            f"when {u} < 0.95 then '20' || lpad({seq}::varchar, 10, '0') "
            f"else '3000' || lpad({seq}::varchar, 10, '0') end")
