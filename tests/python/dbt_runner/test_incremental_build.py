"""Incremental builds give exactly the tables a full rebuild gives.

int_orders_enriched enriches only newer loads unless a setting changed, and the report's
rpt_line_revenue converts only their lines; the per-customer tables
(int_customer_purchases, int_customer_lists) recompute only the customers whose
orders_fingerprint changed. Each step below builds a store incrementally, then builds a
copy of it with ``--full-refresh``, and the tables must be equal row for row: after a
day's file plus a re-delivery that moves an order to another customer and cancels
another; after the as-of date jumps 46 days (orders cross every window edge); after it
goes back 120 days (orders leave the store's past); and after a store setting changes
which statuses count. A last test checks that an unchanged customer, and an unchanged
order's lines, really are left alone.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from fenicio_icommkt import cli

pytestmark = pytest.mark.long

AS_OF = "2026-06-30"
ORDER, EMAIL, STATUS = "Número do pedido", "E-mail do comprador", "Estado"
MOVED_TO = "moved.customer@example.com"
PER_CUSTOMER = ("intermediate.int_customer_purchases", "intermediate.int_customer_lists")
#: the report's incremental line table and the two tables read from it
REPORT_LINES = ("reporting.rpt_line_revenue", "reporting.rpt_top_products",
                "reporting.rpt_falling_categories")


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("sample")
    assert cli.main(["sample", "--out", str(folder), "--customers", "400", "--seed", "23",
                     "--as-of", AS_OF, "--days", "2"]) == 0
    return sorted(folder.glob("*.csv"))


def redelivery(files: list[Path], out: Path, cancelled: str) -> str:
    """Write a file re-delivering two orders of the first file: the only order of one
    customer (in all the files), under another email, and the order `cancelled`,
    cancelled. Returns the customer left without orders."""
    every = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            every.append(list(csv.DictReader(handle)))
    rows = every[0]
    header = list(rows[0])
    orders = {(r[EMAIL].strip().lower(), r[ORDER]) for file_rows in every for r in file_rows}
    per_email = Counter(email for email, _ in orders)
    moved = next(r for r in rows if per_email[r[EMAIL]] == 1 and "@" in r[EMAIL]
                 and r[EMAIL] == r[EMAIL].strip().lower())
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            if row[ORDER] == moved[ORDER]:
                writer.writerow({**row, EMAIL: MOVED_TO})
            elif row[ORDER] == cancelled:
                writer.writerow({**row, STATUS: "CANCELADA"})
    return moved[EMAIL]


def build(store: Path, as_of: str, *extra: str) -> None:
    assert cli.main(["build", "--data-dir", str(store), "--as-of", as_of, *extra]) == 0


def ingest(store: Path, *files: Path) -> None:
    # 3: loaded, with rows quarantined (the sample has a few bad rows on purpose)
    assert cli.main(["ingest", "--data-dir", str(store), *map(str, files)]) in (0, 3)


def assert_same_as_full_rebuild(store: Path, as_of: str, tmp_path: Path) -> int:
    """Build a copy of the store from scratch and compare; returns the profile count."""
    full = tmp_path / f"full-{as_of}"
    shutil.rmtree(full, ignore_errors=True)
    shutil.copytree(store, full)
    build(full, as_of, "--full-refresh")
    con = duckdb.connect()
    con.execute(f"attach '{store / 'warehouse.duckdb'}' as incremental (read_only)")
    con.execute(f"attach '{full / 'warehouse.duckdb'}' as rebuilt (read_only)")
    tables = {"marts.customer_profiles": "true", "intermediate.int_orders_enriched": "true",
              **{name: "orders_fingerprint is not null" for name in PER_CUSTOMER},
              **{name: "true" for name in REPORT_LINES}}
    for table, kept in tables.items():
        for left, right in (("incremental", "rebuilt"), ("rebuilt", "incremental")):
            differing = con.execute(
                f"select count(*) from (select * from {left}.{table} where {kept} "
                f"except all select * from {right}.{table} where {kept})").fetchone()[0]
            assert differing == 0, f"{table}: {differing} rows of {left} not in {right}"
    count = con.execute("select count(*) from incremental.marts.customer_profiles").fetchone()[0]
    con.close()
    assert count > 100
    return count


def counted_order(store: Path) -> str:
    """The first counted order (by number) of a customer with two or more orders."""
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(
            "select order_number from intermediate.int_orders_enriched where is_counted "
            "and is_valid_email and customer_email in (select customer_email from "
            "intermediate.int_orders_enriched group by 1 having count(*) > 1) "
            "order by order_number limit 1").fetchone()[0]


def counted_orders(store: Path) -> int:
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("select count(*) from intermediate.int_orders_enriched "
                           "where is_counted").fetchone()[0]


def profile(store: Path, email: str) -> tuple | None:
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("select phone, orders_total from marts.customer_profiles "
                           "where email = ?", [email]).fetchone()


def test_incremental_builds_equal_full_rebuilds(sample_files: list[Path],
                                                tmp_path: Path) -> None:
    history, first_day, last_day = sample_files
    store = tmp_path / "store"
    ingest(store, history)
    build(store, "2026-06-28")
    fix = tmp_path / "ventas_2026-06-29_correccion.csv"
    cancelled = counted_order(store)
    left_without_orders = redelivery(sample_files, fix, cancelled)
    assert profile(store, left_without_orders) is not None
    ingest(store, first_day)
    ingest(store, fix)
    build(store, "2026-06-29")
    assert_same_as_full_rebuild(store, "2026-06-29", tmp_path)
    assert profile(store, left_without_orders) is None
    assert profile(store, MOVED_TO) is not None
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select is_counted from intermediate.int_orders_enriched "
                           "where order_number = ?", [cancelled]).fetchone() == (False,)
        assert counted_order(store) != cancelled
        # the customer's row was replaced by an empty one, which the mart skips
        assert con.execute("select orders_fingerprint from intermediate.int_customer_purchases "
                           "where customer_email = ?",
                           [left_without_orders]).fetchone() == (None,)

    ingest(store, last_day)
    build(store, "2026-08-15")
    assert_same_as_full_rebuild(store, "2026-08-15", tmp_path)
    build(store, "2026-04-16")
    assert_same_as_full_rebuild(store, "2026-04-16", tmp_path)

    # a store setting changes what counts: every order is enriched again
    counted_before = counted_orders(store)
    (store / "config").mkdir(exist_ok=True)
    (store / "config" / "status_values.csv").write_text(
        "field,value,counts,meaning\norder_status,EN_CURSO,true,counted by this store\n",
        encoding="utf-8")
    build(store, "2026-04-16")
    assert counted_orders(store) > counted_before
    assert_same_as_full_rebuild(store, "2026-04-16", tmp_path)


def test_an_unchanged_customer_is_not_recomputed(sample_files: list[Path],
                                                 tmp_path: Path) -> None:
    """A row of an unchanged customer, and a line of an unchanged order, are kept as built
    (a planted value survives an incremental build, also one that loads a day's file);
    --full-refresh recomputes them."""
    history, *days = sample_files
    store = tmp_path / "store"
    ingest(store, history)
    build(store, AS_OF)
    with duckdb.connect(str(store / "warehouse.duckdb")) as con:
        email, = con.execute("select customer_email from intermediate.int_customer_purchases "
                             "where phone is not null order by customer_email limit 1"
                             ).fetchone()
        con.execute("update intermediate.int_customer_purchases set phone = 'planted' "
                    "where customer_email = ?", [email])
        # an order the day files do not deliver again
        again: set[str] = set()
        for path in days:
            with path.open(encoding="utf-8", newline="") as handle:
                again.update(row[ORDER] for row in csv.DictReader(handle))
        order, = con.execute("select min(order_number) from reporting.rpt_line_revenue "
                             "where is_reported and not list_contains(?, order_number)",
                             [sorted(again)]).fetchone()
        con.execute("update reporting.rpt_line_revenue set line_revenue = -1 "
                    "where order_number = ?", [order])
    ingest(store, *days)
    build(store, AS_OF)
    assert profile(store, email)[0] == "planted"
    assert planted_lines(store, order) > 0
    build(store, AS_OF, "--full-refresh")
    assert profile(store, email)[0] not in (None, "planted")
    assert planted_lines(store, order) == 0


def planted_lines(store: Path, order: str) -> int:
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("select count(*) from reporting.rpt_line_revenue "
                           "where order_number = ? and line_revenue = -1", [order]).fetchone()[0]
