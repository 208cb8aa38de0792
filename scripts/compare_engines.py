"""Compare what a DuckDB build and a Spark build wrote for one data dir: the customer_profiles
mart and the ICOMMKT contacts (icommkt_contacts, icommkt_contact_payloads,
icommkt_cleared_contact).

    python scripts/compare_engines.py DATA_DIR [--expected expected_profiles.jsonl]
        [--contacts contacts.jsonl --expected-contacts expected_contacts_with_history.jsonl]

DuckDB's models are ``marts.<model>`` in ``DATA_DIR/warehouse.duckdb``; Spark's are the
Parquet copies its build writes to ``DATA_DIR/marts/<model>.parquet`` (what the exporter
reads on Spark). Both are read through DuckDB, so every value arrives as the same Python
type: decimals as ``Decimal`` (compared exactly, scale aside), lists as lists (order
matters), dates as dates, the contacts' formatted values, payload and payload hash as text
(compared exactly, so the payloads and hashes are byte for byte the same). Columns (names,
order and types) and rows (by their first column: the email) must match too. With
``--expected`` each engine is also compared with the conformance case's expected profiles
(numbers as decimals, "" = NULL for text, as the conformance README says), and with
``--contacts`` the exporter's dry-run output from the Spark copy with
``--expected-contacts`` (contacts and their fields in any order).
With ``--history`` it also compares the segment history's streaks (DuckDB's
``marts.customer_segment_streaks`` with the Parquet files of Spark's table) and says how many
customers have a previous segment, so the profile's movement fields are seen to be compared
on real movement.

Prints the number of differing fields per comparison; exits 1 when any differs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from fenicio_icommkt.sql import literal as sql_literal

SHOWN = 20


#: The models compared between the engines.
MODELS = ("customer_profiles", "icommkt_contacts", "icommkt_contact_payloads",
          "icommkt_cleared_contact")


def read_duckdb(data_dir: Path, model: str = "customer_profiles"
                ) -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return _read(con, f"marts.{model}")


def read_spark_copy(data_dir: Path, model: str = "customer_profiles"
                    ) -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
    path = data_dir / "marts" / f"{model}.parquet"
    if not path.exists():
        raise SystemExit(f"no Spark copy of {model} at {path}: did the Spark build run?")
    with duckdb.connect() as con:
        return _read(con, f"read_parquet({sql_literal(str(path))})")


def _read(con: duckdb.DuckDBPyConnection, relation: str):
    cursor = con.execute(f"select * from {relation}")
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    types = con.execute(f"describe select * from {relation}").fetchall()
    columns = [(name, str(type_)) for name, type_, *_ in types]
    return columns, {row[0]: dict(zip(names, row, strict=True)) for row in rows}


def same_value(left: Any, right: Any) -> bool:
    """Exact equality, decimals by value (0.0 == 0.00), lists element by element."""
    if isinstance(left, list) or isinstance(right, list):
        if not (isinstance(left, list) and isinstance(right, list)) or len(left) != len(right):
            return False
        return all(same_value(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, Decimal) or isinstance(right, Decimal):
        if left is None or right is None or isinstance(left, float) or isinstance(right, float):
            return False
        return Decimal(left) == Decimal(right)
    return type(left) is type(right) and left == right


def same_as_expected(expected: Any, actual: Any) -> bool:
    """The conformance README's rules: lists as lists, numbers as decimals, '' = NULL."""
    if isinstance(expected, list):
        return list(actual or []) == expected
    if expected is None or expected == "":
        return actual is None or actual == ""
    if isinstance(actual, Decimal | int | float) and not isinstance(actual, bool):
        return Decimal(str(expected)) == Decimal(str(actual))
    if isinstance(actual, dt.date):
        return actual.isoformat() == expected
    return actual == expected


def compare_engines(duck, spark, label: str = "customer_profiles") -> int:
    (duck_columns, duck_rows), (spark_columns, spark_rows) = duck, spark
    problems: list[str] = []
    if [c for c, _ in duck_columns] != [c for c, _ in spark_columns]:
        problems.append(f"columns differ: duckdb {[c for c, _ in duck_columns]}"
                        f" vs spark {[c for c, _ in spark_columns]}")
    for (name, duck_type), (_, spark_type) in zip(duck_columns, spark_columns, strict=False):
        if duck_type != spark_type:
            problems.append(f"type of {name}: duckdb {duck_type}, spark {spark_type}")
    for email in sorted(set(duck_rows) ^ set(spark_rows)):
        problems.append(f"customer {email} only in {'duckdb' if email in duck_rows else 'spark'}")
    differing = 0
    shared = [c for c, _ in duck_columns if c in {s for s, _ in spark_columns}]
    for email in sorted(set(duck_rows) & set(spark_rows)):
        for column in shared:
            left, right = duck_rows[email][column], spark_rows[email][column]
            if not same_value(left, right):
                differing += 1
                if differing <= SHOWN:
                    problems.append(f"{email} {column}: duckdb {left!r}, spark {right!r}")
    for line in problems:
        print("  " + line)
    print(f"{label}, duckdb vs spark: {len(duck_rows)} vs {len(spark_rows)} rows, "
          f"{len(shared)} columns; {differing} differing fields"
          + (f", {len(problems) - min(differing, SHOWN)} other problems" if problems else ""))
    return differing + len(problems) - min(differing, SHOWN)


def compare_expected(label: str, rows: dict[str, dict[str, Any]], expected_file: Path) -> int:
    expected = {
        row["email"]: row
        for row in map(json.loads, expected_file.read_text(encoding="utf-8").splitlines())
        if row
    }
    problems: list[str] = []
    for email in sorted(set(expected) ^ set(rows)):
        problems.append(f"customer {email} only in {'expected' if email in expected else label}")
    differing = 0
    for email in sorted(set(expected) & set(rows)):
        for field, value in expected[email].items():
            if field not in rows[email]:
                differing += 1
                problems.append(f"{email} {field}: missing from the {label} mart")
            elif not same_as_expected(value, rows[email][field]):
                differing += 1
                if differing <= SHOWN:
                    problems.append(f"{email} {field}: expected {value!r}, "
                                    f"{label} {rows[email][field]!r}")
    for line in problems[: SHOWN + 10]:
        print("  " + line)
    print(f"{label} vs expected: {differing} differing fields")
    return differing + sum(1 for p in problems if p.startswith("customer "))


def compare_contacts(contacts: Path, expected_file: Path) -> int:
    def load(path: Path) -> dict[str, str]:
        """Each contact as canonical text: its fields in key order (fields in any order)."""
        rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
        return {json.dumps({**row, "CustomFields": sorted(row["CustomFields"],
                                                          key=lambda f: f["Key"])},
                           sort_keys=True): row for row in rows}

    actual, expected = load(contacts), load(expected_file)
    missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
    for line in (["  expected, not exported: " + m for m in missing[:5]]
                 + ["  exported, not expected: " + e for e in extra[:5]]):
        print(line[:300])
    print(f"contacts exported from the Spark copy vs expected: {len(actual)} vs {len(expected)},"
          f" {len(missing) + len(extra)} differing contacts")
    return len(missing) + len(extra)


def compare_history(data_dir: Path) -> int:
    """The segment history's streak rows on both engines, as sorted row lists."""
    columns = ("email, rfm_group, rfm_segment, first_recorded_date, last_recorded_date, "
               "last_but_one_recorded_date")
    order = " order by email, first_recorded_date"
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        duck = con.execute(f"select {columns} from marts.customer_segment_streaks{order}"
                           ).fetchall()
        moved = con.execute("select count(*) from marts.customer_profiles "
                            "where rfm_segment_previous is not null").fetchone()[0]
    folder = data_dir / "spark" / "warehouse" / "marts.db" / "customer_segment_streaks"
    if not folder.exists():
        raise SystemExit(f"no Spark segment history at {folder}: did the Spark build run?")
    with duckdb.connect() as con:
        spark = con.execute(f"select {columns} from read_parquet("
                            f"{sql_literal(str(folder / '*.parquet'))}){order}").fetchall()
    differing = len(set(duck) ^ set(spark)) + abs(len(duck) - len(set(duck))) \
        + abs(len(spark) - len(set(spark)))
    for row in sorted(set(duck) ^ set(spark))[:SHOWN]:
        print(f"  only in {'duckdb' if row in set(duck) else 'spark'}: {row}")
    print(f"segment history duckdb vs spark: {len(duck)} vs {len(spark)} streaks, "
          f"{differing} differing; {moved} customers with a previous segment")
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--expected", type=Path,
                        help="expected_profiles.jsonl to compare both engines with")
    parser.add_argument("--contacts", type=Path,
                        help="contacts an export --dry-run wrote from the Spark copy")
    parser.add_argument("--history", action="store_true",
                        help="also compare the segment history's streaks")
    parser.add_argument("--expected-contacts", type=Path,
                        help="expected_contacts_with_history.jsonl")
    args = parser.parse_args(argv)
    failures = 0
    for model in MODELS:
        failures += compare_engines(read_duckdb(args.data_dir, model),
                                    read_spark_copy(args.data_dir, model), model)
    duck = read_duckdb(args.data_dir)
    spark = read_spark_copy(args.data_dir)
    if args.expected:
        failures += compare_expected("duckdb", duck[1], args.expected)
        failures += compare_expected("spark", spark[1], args.expected)
    if args.contacts and args.expected_contacts:
        failures += compare_contacts(args.contacts, args.expected_contacts)
    if args.history:
        failures += compare_history(args.data_dir)
    print("OK: the engines agree" if failures == 0 else f"FAILED: {failures} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
