"""Python values as SQL text for the generator: literals, lists of structs, and CSV quoting
done in SQL."""

from __future__ import annotations

from fenicio_icommkt.sql import literal as sql_literal


def csv_quote(value: str | None) -> str | None:
    """RFC 4180: quote a field holding a delimiter, quote or line break."""
    if value is None or not any(ch in value for ch in ',"\r\n'):
        return value
    return '"' + value.replace('"', '""') + '"'


def csv_quote_sql(expr: str) -> str:
    """The SQL version of csv_quote."""
    return (f"case when contains({expr}, ',') or contains({expr}, '\"') "
            f"or contains({expr}, chr(10)) or contains({expr}, chr(13)) "
            f"then '\"' || replace({expr}, '\"', '\"\"') || '\"' else {expr} end")


def lit(value: object) -> str:
    """A SQL literal for a Python str / int / None / tuple (struct) / list."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return sql_literal(value)
    if isinstance(value, list):
        return "[" + ", ".join(lit(v) for v in value) + "]"
    raise TypeError(f"no literal for {value!r}")


def structs(rows: list[tuple], keys: tuple[str, ...]) -> str:
    """A SQL list of structs with the given keys."""
    return "[" + ", ".join(
        "{" + ", ".join(f"'{k}': {lit(v)}" for k, v in zip(keys, row, strict=True)) + "}"
        for row in rows
    ) + "]"
