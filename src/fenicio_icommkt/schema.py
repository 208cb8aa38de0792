"""The raw layer's shape: what one landed Parquet file holds (one per accepted export).

Landed files also carry ``quarantine_column``, ``quarantine_reason`` and
``quarantine_value``, always empty there: the ingest writes accepted and quarantined rows in
one pass, and the quarantined ones go to ``ingest.quarantine``.

Derived from ``columns.csv`` (the spec's 86-column dictionary), so the ingest, the empty
file written at set-up and the dbt sources never disagree.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: Exact decimal type for landed money and quantities (12 integer digits, 6 decimals).
DECIMAL_TYPE = "DECIMAL(18,6)"
#: Suffix of the column that holds a timestamp's written UTC offset (minutes; NULL = none).
OFFSET_SUFFIX = "_utc_offset_minutes"
#: Never stored, not even in the warehouse.
DROPPED_COLUMNS = frozenset({"card_number"})

#: Lineage columns added to every landed row.
METADATA_COLUMNS = (
    ("load_sequence", "BIGINT"),
    ("source_file_name", "VARCHAR"),
    ("source_file_sha256", "VARCHAR"),
    ("record_number", "BIGINT"),
    ("loaded_at", "TIMESTAMP"),
)

#: Per-row data quality: the names (", "-separated) of the columns whose non-empty value did
#: not parse and was landed empty; NULL when every value parsed.
QUALITY_COLUMNS = (("unparsed_columns", "VARCHAR"),)

REQUIRED_ALWAYS = ("order_number", "buyer_email", "order_status")
REQUIRED_ONE_OF = (("finished_at", "started_at"), ("order_total", "item_total"))


@dataclass(frozen=True)
class Column:
    position: int
    header_pt: str
    header_es_guess: str
    name: str
    type: str  # text | timestamp | money | number
    role: str

    @property
    def is_sensitive(self) -> bool:
        return self.role.startswith("sensitive")


@cache
def columns() -> tuple[Column, ...]:
    text = resources.files("fenicio_icommkt").joinpath("columns.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        Column(int(r["position"]), r["header_pt"], r["header_es_guess"], r["canonical_name"],
               r["type"], r["role"])
        for r in rows
    )


def column(name: str) -> Column:
    return next(c for c in columns() if c.name == name)


def landed_columns() -> list[tuple[str, str]]:
    """(name, DuckDB type) of every landed column, in a stable order."""
    out: list[tuple[str, str]] = list(METADATA_COLUMNS)
    for col in columns():
        if col.name in DROPPED_COLUMNS:
            continue
        if col.type == "timestamp":
            out.append((col.name, "TIMESTAMP"))
            out.append((col.name + OFFSET_SUFFIX, "INTEGER"))
        elif col.type in ("money", "number"):
            out.append((col.name, DECIMAL_TYPE))
        else:
            out.append((col.name, "VARCHAR"))
    out.extend(QUALITY_COLUMNS)
    return out
