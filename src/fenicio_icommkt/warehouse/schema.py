"""The raw layer's shape: the two landed Parquet files of every accepted export.

* ``order_lines``: lineage, the columns the profile contract reads (every role but
  "carried" and "sensitive"), typed, ``unparsed_columns`` and the quarantine verdict
  (``quarantine_column``, ``quarantine_reason``, ``quarantine_value``; set on the rows
  that also went to ``ingest.quarantine``, which the dbt source leaves out).
* ``order_line_details``: ``load_sequence`` and every other column (carried and
  sensitive, the card number excepted), typed the same way.

Both hold every record of the file in file order, so a row's record number is its
position in the Parquet file (``file_row_number + 1``, computed by the dbt sources): a
parallel CSV reader cannot number records cheaply, and two narrow files are much cheaper
to write than one wide one. The models read only ``order_lines``.

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

#: Lineage columns added to every landed row (the record number is the row's position).
METADATA_COLUMNS = (
    ("load_sequence", "BIGINT"),
    ("source_file_name", "VARCHAR"),
    ("loaded_at", "TIMESTAMP"),
)

#: Per-row data quality: the names (", "-separated) of the columns whose non-empty value did
#: not parse and was landed empty; NULL when every value parsed.
QUALITY_COLUMNS = (("unparsed_columns", "VARCHAR"),)

#: Why a row was quarantined (the first failing required field); NULL on loaded rows.
QUARANTINE_COLUMNS = (
    ("quarantine_column", "VARCHAR"),
    ("quarantine_reason", "VARCHAR"),
    ("quarantine_value", "VARCHAR"),
)

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

    @property
    def is_modelled(self) -> bool:
        """Read by the profile contract: lands in ``order_lines`` (else in the details)."""
        return not self.role.startswith(("carried", "sensitive"))


@cache
def columns() -> tuple[Column, ...]:
    text = resources.files("fenicio_icommkt.warehouse").joinpath("columns.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        Column(int(r["position"]), r["header_pt"], r["header_es_guess"], r["canonical_name"],
               r["type"], r["role"])
        for r in rows
    )


def dictionary_aliases() -> list[dict[str, str]]:
    """The headers the column dictionary gives each column: its Portuguese header (``pt``),
    the Spanish guess when it differs (``es_guess``) and the canonical name itself
    (``canonical``). The one source of these names: the ``header_aliases`` seed holds only
    aliases beyond them."""
    rows = []
    for c in columns():
        rows.append({"alias": c.header_pt, "canonical_name": c.name, "source": "pt"})
        if c.header_es_guess and c.header_es_guess != c.header_pt:
            rows.append({"alias": c.header_es_guess, "canonical_name": c.name,
                         "source": "es_guess"})
        rows.append({"alias": c.name, "canonical_name": c.name, "source": "canonical"})
    return rows


def column(name: str) -> Column:
    return next(c for c in columns() if c.name == name)


#: The two parts of the raw layer (a folder each under ``<data dir>/landing/``).
PARTS = ("order_lines", "order_line_details")
#: With the record number, what joins a details row to its line.
DETAILS_KEY = (("load_sequence", "BIGINT"),)


def part_columns(part: str = "order_lines") -> list[Column]:
    """The export columns landed in one part, in the dictionary's order."""
    modelled = part == "order_lines"
    return [c for c in columns()
            if c.name not in DROPPED_COLUMNS and c.is_modelled == modelled]


def landed_columns(part: str = "order_lines") -> list[tuple[str, str]]:
    """(name, DuckDB type) of every column of one landed part, in a stable order."""
    out: list[tuple[str, str]] = list(
        METADATA_COLUMNS if part == "order_lines" else DETAILS_KEY
    )
    for col in part_columns(part):
        if col.type == "timestamp":
            out.append((col.name, "TIMESTAMP"))
            out.append((col.name + OFFSET_SUFFIX, "INTEGER"))
        elif col.type in ("money", "number"):
            out.append((col.name, DECIMAL_TYPE))
        else:
            out.append((col.name, "VARCHAR"))
    out.extend(QUALITY_COLUMNS)
    if part == "order_lines":
        out.extend(QUARANTINE_COLUMNS)
    return out
