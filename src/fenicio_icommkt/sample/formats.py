"""The shape's formats as SQL: money, timestamps, currency and order numbers written the
way the shape says (``Shape``), each a CSV-ready text expression."""

from __future__ import annotations

from fenicio_icommkt.sample.draws import Draws
from fenicio_icommkt.sample.plan import ORDER_NUMBER_BASE, STORE_UTC_OFFSET_HOURS, Shape


def money_sql(shape: Shape, expr: str) -> str:
    """An amount as the shape's money style writes it (CSV-ready)."""
    dot = f"{expr}::DECIMAL(18,2)::VARCHAR"
    style = shape.money
    if style == "dot":
        return dot
    if style == "short":
        return f"rtrim(rtrim({dot}, '0'), '.')"
    if style == "comma":
        return f"'\"' || replace({dot}, '.', ',') || '\"'"
    if style == "grouped":
        return (f"'\"' || translate(format('{{:,.2f}}', ({expr})::DECIMAL(18,2)::DOUBLE), "
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
        return f"strftime(({e}) + INTERVAL {hours} HOUR, {iso_t}) || 'Z'"

    if style == "dmy":
        return lambda e: f"strftime({e}, {dmy})"
    if style == "iso":
        return lambda e: f"strftime({e}, {iso})"
    if style == "iso-offset":
        layer["x_tsz"] = f"{d.su('k', 'timestamp_zone')} < 0.2"
        return lambda e: (f"CASE WHEN x_tsz THEN {utc(e)} ELSE strftime({e}, {iso_t}) "
                          f"|| '{offset}:00' END")
    layer["x_tss"] = d.sn("k", 6, "timestamp_style")
    return lambda e: (
        f"CASE x_tss WHEN 0 THEN strftime({e}, {dmy}) WHEN 1 THEN strftime({e}, {iso}) "
        f"WHEN 2 THEN strftime({e}, {iso_t}) "
        f"WHEN 3 THEN strftime({e}, {iso_t}) || '{offset}:00' "
        f"WHEN 4 THEN strftime({e}, {iso_t}) || '{offset}00' ELSE {utc(e)} END")


def currency_sql(d: Draws, default_u: str) -> str:
    """The currency column. ``default_u`` is the default shape's draw (its tag is taken
    whatever the shape, so that the other columns' draws do not move)."""
    shape = d.plan.shape
    if shape.usd_share == 0:
        return f"CASE WHEN {default_u} < {1 - shape.empty_currency_share!r} THEN 'UYU' END"
    u = d.su("k", "currency")
    return (f"CASE WHEN {u} < {shape.usd_share!r} THEN 'USD' "
            f"WHEN {u} < {shape.usd_share + shape.empty_currency_share!r} THEN NULL "
            f"ELSE 'UYU' END")


def order_number_sql(d: Draws) -> str:
    if d.plan.shape.order_numbers == "sequential":
        return "order_no::VARCHAR"
    # 1 to 8 digits, or 10, 12 or 14: the lengths tell the kinds apart, so no two
    # orders share a number.
    seq = f"(order_no - {ORDER_NUMBER_BASE})"
    u = d.su("k", "order_number")
    return (f"CASE WHEN {u} < 0.7 THEN {seq}::VARCHAR "
            f"WHEN {u} < 0.85 THEN '1' || lpad({seq}::VARCHAR, 9, '0') "
            f"WHEN {u} < 0.95 THEN '20' || lpad({seq}::VARCHAR, 10, '0') "
            f"ELSE '3000' || lpad({seq}::VARCHAR, 10, '0') END")
