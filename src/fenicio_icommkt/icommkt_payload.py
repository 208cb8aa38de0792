"""SQL that turns profile rows into ICOMMKT contacts: value formats, the contact JSON, its hash.

Everything here builds SQL text from the key map and the profile columns' DuckDB types, so a
new window or field needs no code: DATE -> dd/mm/yyyy, integers -> plain integer, DECIMAL with
scale 2 -> money ``1234.50``, other numbers -> no trailing zeros, lists -> joined and cut
(``icommkt_list_text``), NULL -> ``""``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fenicio_icommkt.icommkt_keys import FieldKey
from fenicio_icommkt.settings import ConfigError

#: Lists are cut to this many Unicode code points by default (icommkt-api.md, Values).
DEFAULT_MAX_LIST_CHARS = 255
LIST_SEPARATOR = ", "

_INTEGER_TYPES = {
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
}
_DECIMAL = re.compile(r"^DECIMAL\((\d+),\s*(\d+)\)$")

#: ``icommkt_list_text(items, max_chars)``: whole elements from the start joined with ", " while
#: the text fits; stop at the first that does not; a too-long first element is cut to max_chars.
LIST_MACROS = (
    """
    CREATE OR REPLACE TEMP MACRO icommkt_list_cut(items, max_chars) AS (
      list_reduce(
        list_filter(items, lambda x: x IS NOT NULL),
        lambda acc, x: CASE
          WHEN acc.stop THEN acc
          WHEN acc.k = 0 AND length(x) > max_chars
            THEN {'s': left(x, max_chars), 'k': 1, 'stop': true}
          WHEN length(acc.s) + CASE WHEN acc.k > 0 THEN 2 ELSE 0 END + length(x) <= max_chars
            THEN {'s': CASE WHEN acc.k > 0 THEN acc.s || ', ' || x ELSE x END,
                  'k': acc.k + 1, 'stop': false}
          ELSE {'s': acc.s, 'k': acc.k, 'stop': true}
        END,
        {'s': ''::VARCHAR, 'k': 0::INTEGER, 'stop': false})
    )
    """,
    """
    CREATE OR REPLACE TEMP MACRO icommkt_list_text(items, max_chars) AS (
      CASE
        WHEN items IS NULL THEN ''
        WHEN length(array_to_string(items, ', ')) <= max_chars THEN array_to_string(items, ', ')
        ELSE icommkt_list_cut(items, max_chars).s
      END
    )
    """,
)


@dataclass(frozen=True)
class MappedColumn:
    """A key-map entry bound to the profile column and its DuckDB type."""

    icommkt_key: str
    column: str
    duckdb_type: str


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def resolve_columns(fields: Sequence[FieldKey],
                    column_types: Mapping[str, str]) -> list[MappedColumn]:
    """Bind each mapped field to a profile column; a field the profiles lack is a config error."""
    missing = [f.profile_field for f in fields if f.profile_field not in column_types]
    if missing:
        raise ConfigError(
            "icommkt_field_keys maps field(s) the profiles do not have: "
            + ", ".join(missing)
            + " (fix <data dir>/config/icommkt_field_keys.csv or purchase_windows)"
        )
    return [MappedColumn(f.icommkt_key, f.profile_field, column_types[f.profile_field])
            for f in fields]


def _plain_number(text_sql: str) -> str:
    """Drop trailing zeros after the decimal point, then a bare point: 2.500 -> 2.5, 3.0 -> 3."""
    return (f"CASE WHEN contains({text_sql}, '.') "
            f"THEN rtrim(rtrim({text_sql}, '0'), '.') ELSE {text_sql} END")


def value_sql(column_sql: str, duckdb_type: str, max_list_chars: int) -> str:
    """SQL for one field's text as sent (NULL stays NULL; the caller maps it to "")."""
    kind = duckdb_type.strip().upper()
    if kind.endswith("[]") or kind.startswith("LIST"):
        return f"icommkt_list_text(CAST({column_sql} AS VARCHAR[]), {int(max_list_chars)})"
    if kind == "DATE":
        return f"strftime({column_sql}, '%d/%m/%Y')"
    if kind.startswith("TIMESTAMP"):
        return f"strftime({column_sql}, '%d/%m/%Y %H:%M:%S')"
    if kind in _INTEGER_TYPES:
        return f"CAST({column_sql} AS VARCHAR)"
    decimal = _DECIMAL.match(kind)
    if decimal:
        scale = int(decimal.group(2))
        text = f"CAST({column_sql} AS VARCHAR)"
        return text if scale in (0, 2) else _plain_number(text)
    if kind in ("DOUBLE", "FLOAT", "REAL"):
        return _plain_number(f"CAST({column_sql} AS VARCHAR)")
    return f"CAST({column_sql} AS VARCHAR)"


def _json_text(sql: str) -> str:
    return f"CAST(to_json(COALESCE({sql}, '')) AS VARCHAR)"


def _needs_escaping(duckdb_type: str) -> bool:
    """Numbers and dates format to [0-9./: -] only, so they can be quoted without to_json."""
    kind = duckdb_type.strip().upper()
    return not (kind in _INTEGER_TYPES or kind == "DATE" or kind.startswith("DECIMAL"))


def _concat(pieces: Sequence[tuple[bool, str]]) -> str:
    """concat() of (is_literal, text) pieces, adjacent literals merged (one copy, not ||)."""
    merged: list[tuple[bool, str]] = []
    for is_literal, text in pieces:
        if is_literal and merged and merged[-1][0]:
            merged[-1] = (True, merged[-1][1] + text)
        else:
            merged.append((is_literal, text))
    return "concat(" + ", ".join(quote_literal(t) if lit else t for lit, t in merged) + ")"


def contact_json_sql(columns: Sequence[MappedColumn], email_sql: str, max_list_chars: int,
                     blank: bool = False) -> str:
    """SQL for one contact's JSON: ``{"Email": ..., "CustomFields": [{"Key":..,"Value":..}]}``.

    ``blank`` sends every mapped key with ``""`` (clearing a retired email).
    """
    pieces: list[tuple[bool, str]] = [(True, '{"Email":'), (False, _json_text(email_sql)),
                                      (True, ',"CustomFields":[')]
    for index, column in enumerate(columns):
        prefix = "," if index else ""
        pieces.append((True, f'{prefix}{{"Key":{json.dumps(column.icommkt_key)},"Value":'))
        if blank:
            pieces.append((True, '""'))
        else:
            value = value_sql(quote_identifier(column.column), column.duckdb_type, max_list_chars)
            if _needs_escaping(column.duckdb_type):
                pieces.append((False, _json_text(value)))
            else:
                pieces.extend([(True, '"'), (False, f"COALESCE({value}, '')"), (True, '"')])
        pieces.append((True, "}"))
    pieces.append((True, "]}"))
    return _concat(pieces)


def payload_hash_sql(columns: Sequence[MappedColumn], email_sql: str, max_list_chars: int,
                     blank: bool = False) -> str:
    """md5 of what the payload says (email, then each key and its text), without its JSON.

    Equal payloads give equal hashes and any change of key, order or value changes it; it is
    cheaper than hashing the JSON, so classifying a million unchanged contacts stays fast.
    """
    parts = [email_sql]
    for column in columns:
        parts.append(quote_literal(column.icommkt_key))
        value = value_sql(quote_identifier(column.column), column.duckdb_type, max_list_chars)
        parts.append("''" if blank else f"COALESCE({value}, '')")
    return f"md5(concat_ws(chr(30), {', '.join(parts)}))"


def diff_sql(source_sql: str, columns: Sequence[MappedColumn], max_list_chars: int,
             ledger_table: str | None) -> str:
    """One row per contact to consider: email, payload_hash, change.

    ``change`` is new / changed / unchanged against the ledger's acknowledged hash, or retire
    for an email delivered before that is gone from the profiles (sent with every field "").
    """
    current = payload_hash_sql(columns, "email", max_list_chars)
    hashed = f"SELECT email, {current} AS payload_hash, false AS retire FROM {source_sql}"
    if not ledger_table:
        return f"SELECT email, payload_hash, 'new' AS change FROM ({hashed})"
    blank = payload_hash_sql(columns, "l.email", max_list_chars, blank=True)
    hashed += (
        f"\n UNION ALL SELECT l.email, {blank} AS payload_hash, true AS retire"
        f" FROM {ledger_table} l WHERE l.status = 'active' AND l.payload_hash IS NOT NULL"
        f" AND NOT EXISTS (SELECT 1 FROM {source_sql} p WHERE p.email = l.email)"
    )
    return (
        "SELECT h.email, h.payload_hash, CASE"
        " WHEN h.retire THEN 'retire'"
        " WHEN l.payload_hash IS NULL THEN 'new'"
        " WHEN l.payload_hash = h.payload_hash THEN 'unchanged'"
        " ELSE 'changed' END AS change"
        f" FROM ({hashed}) h LEFT JOIN {ledger_table} l ON l.email = h.email"
    )


def send_sql(source_sql: str, columns: Sequence[MappedColumn], max_list_chars: int,
             diff_table: str, full: bool) -> str:
    """The contacts to send: rows of ``diff_table`` (email, payload_hash, change) with their
    payload built from the same profile row (the warehouse is held open, so it cannot change).

    Profiles are joined to the (narrow) diff rows; emails gone from the profiles need no join.
    """
    sent = "" if full else " AND d.change <> 'unchanged'"
    contact = contact_json_sql(columns, "d.email", max_list_chars)
    blank = contact_json_sql(columns, "d.email", max_list_chars, blank=True)
    return (f"SELECT d.email, d.payload_hash, {contact} AS payload, d.change "
            f"FROM {source_sql} p JOIN {diff_table} d ON p.email = d.email "
            f"WHERE d.change <> 'retire'{sent}"
            f" UNION ALL SELECT d.email, d.payload_hash, {blank} AS payload, d.change "
            f"FROM {diff_table} d WHERE d.change = 'retire'")
