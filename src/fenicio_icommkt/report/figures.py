"""Reading the report's figures: the rpt_* models, read-only, and the delivery views
rebuilt once the tables they read exist."""

from __future__ import annotations

from datetime import date
from typing import Any

from fenicio_icommkt import warehouse
from fenicio_icommkt.settings import DataDir

SCHEMA = "reporting"
#: Every table the report reads (all built by `dbt build`).
TABLES = (
    "rpt_headline", "rpt_rfm_groups", "rpt_rfm_segments", "rpt_rfm_grid",
    "rpt_segment_movement", "rpt_segment_counts_by_date", "rpt_sales_by_month",
    "rpt_top_products", "rpt_falling_categories", "rpt_data_quality", "rpt_ingest_files",
    "rpt_quarantine", "rpt_unknown_status_values", "rpt_export_runs", "rpt_export_rejections",
)


class ReportError(Exception):
    """The report cannot be made; the message says why and what to do."""


Rows = list[dict[str, Any]]


def read_figures(store: DataDir) -> dict[str, Rows]:
    """Every rpt_* table as a list of rows, read-only."""
    if not store.warehouse.exists():
        raise ReportError(f"no warehouse at {store.warehouse}: ingest and build first")
    with warehouse.connect(store, read_only=True) as con:
        present = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = ?",
            [SCHEMA]).fetchall()}
        missing = [name for name in TABLES if name not in present]
        if missing:
            raise ReportError(
                f"the warehouse {store.warehouse} has no report figures ({SCHEMA}."
                f"{missing[0]} is missing): run `fenicio-icommkt build --data-dir "
                f"{store.root}` first, which builds the rpt_* models")
        figures = {}
        for name in TABLES:
            cursor = con.execute(f"select * from {SCHEMA}.{name}")
            columns = [d[0] for d in cursor.description]
            figures[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    if not figures["rpt_headline"]:
        raise ReportError("the report figures are empty (rpt_headline has no row): build first")
    return figures


def as_of_of(figures: dict[str, Rows]) -> date:
    return figures["rpt_headline"][0]["as_of_date"]


#: The delivery figures: views over ops tables the exporter creates at its first run.
DELIVERY_VIEWS = {"rpt_export_runs": "export_runs", "rpt_export_rejections": "icommkt_ledger"}


def stale_delivery_views(store: DataDir) -> tuple[list[str], str | None]:
    """The delivery views built before their ops table existed (they read no rows until
    rebuilt: the first export's run), and the build's as-of date."""
    with warehouse.connect(store, read_only=True) as con:
        tables = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'ops'"
        ).fetchall()}
        views = dict(con.execute(
            "select view_name, sql from duckdb_views() where schema_name = ?", [SCHEMA]
        ).fetchall())
        as_of = con.execute(f"select max(as_of_date) from {SCHEMA}.rpt_headline").fetchone()
    stale = [view for view, table in DELIVERY_VIEWS.items()
             if table in tables and view in views and f'"{table}"' not in views[view]
             and f".{table}" not in views[view]]
    return stale, as_of[0].isoformat() if as_of and as_of[0] else None


def refresh_delivery_views(store: DataDir) -> None:
    """Rebuild the delivery views that predate their table (dbt, those models only)."""
    from fenicio_icommkt.dbt_runner import process

    stale, as_of = stale_delivery_views(store)
    if not stale:
        return
    command = process.dbt_command(store, ["--select", *stale, "--quiet"])
    if process.run_child(command, store.root, process.dbt_env(store, as_of), "dbt") != 0:
        raise ReportError(f"could not rebuild {', '.join(stale)} (dbt's log: "
                          f"{process.log_dir(store) / 'dbt.log'})")
