"""``fenicio-icommkt history start``: record a range of past as-of dates in the segment history.

The segment history (``marts.customer_segment_streaks``, see the profile contract's "Segment
history and movement") records each build's as-of date when it is not before the latest
recorded date. A store that already has two years of orders starts it with one command:
``history start --from D --to D --every N`` records D, D + N, ... (up to ``--to``) in
increasing order, exactly as a build for each of those dates would, but in one dbt build
that computes every date in one query (``int_customer_segments_replayed``). It refuses a
range that would go back (a first date before the latest recorded date) or reach past
today. The customer profiles are not rebuilt: the next ``build`` (for the last date or
later) continues the history.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from fenicio_icommkt import console, warehouse
from fenicio_icommkt.dbt_runner import process
from fenicio_icommkt.settings import ConfigError, DataDir, data_dir, project_dir

STREAKS = "marts.customer_segment_streaks"
RECORDED_DATES = "marts.segment_history_recorded_dates"
PROFILES = "marts.customer_profiles"
#: dbt nodes `history start` builds: the orders (and their inputs and tests), the replayed
#: values, and the two history tables; not the per-customer tables or the profiles.
HISTORY_SELECTION = ["+int_customer_segments_replayed", "customer_segment_streaks",
                     "segment_history_recorded_dates"]


def range_dates(start: dt.date, end: dt.date, every: int) -> list[dt.date]:
    """start, start + every, ... while not after end."""
    if end < start:
        raise ConfigError(f"--to {end} is before --from {start}")
    count = (end - start).days // every + 1
    return [start + dt.timedelta(days=every * i) for i in range(count)]


def store_today(store: DataDir) -> dt.date:
    zone = process.build_vars(store).get("store_timezone") or "UTC"
    return dt.datetime.now(ZoneInfo(str(zone))).date()


def _on_duckdb() -> bool:
    return os.environ.get("FENICIO_DBT_TARGET", "duckdb") == "duckdb"


def _query(store: DataDir, sql: str) -> list[tuple[Any, ...]] | None:
    """Rows of a query on the store's warehouse, or None when it (or the table) is missing."""
    if not store.warehouse.exists():
        return None
    try:
        with duckdb.connect(str(store.warehouse), read_only=True) as conn:
            return conn.execute(sql).fetchall()
    except duckdb.CatalogException:
        return None


def latest_recorded_date(store: DataDir) -> dt.date | None:
    rows = _query(store, f"select max(last_recorded_date) from {STREAKS}")
    return rows[0][0] if rows else None


def check_range(dates: list[dt.date], latest: dt.date | None, today: dt.date) -> None:
    """The spec's order: recorded dates only increase, and none is in the future."""
    if dates[-1] > today:
        raise ConfigError(f"the range reaches {dates[-1]}, after today ({today}) in the "
                          "store's time zone: a recorded date cannot be in the future")
    if latest is not None and dates[0] < latest:
        raise ConfigError(
            f"the history already has dates up to {latest}: a range must start on or after "
            f"it (recorded dates only increase; --from {latest} replaces that date's record)")


def history_vars(store: DataDir, dates: list[dt.date]) -> dict[str, object]:
    dbt_vars = process.build_vars(store)
    dbt_vars["history_dates"] = [d.isoformat() for d in dates]
    return dbt_vars


def dbt_command(store: DataDir, dates: list[dt.date]) -> list[str]:
    return [
        process.dbt_executable(), "build",
        "--project-dir", str(project_dir()),
        "--profiles-dir", str(project_dir()),
        "--target-path", str(process.target_dir(store)),
        "--log-path", str(process.log_dir(store)),
        "--vars", json.dumps(history_vars(store, dates)),
        "--select", *HISTORY_SELECTION,
        *process.excluded_checks(),
        # only the tests whose every input is built here (not those on the profiles)
        "--indirect-selection", "cautious",
    ]


def start(data_dir_arg: str | None, first: dt.date, last: dt.date | None, every: int) -> int:
    """Record ``first``, ``first + every``, ... up to ``last`` (None: yesterday in the store's
    time zone) in the segment history of the store at ``data_dir_arg``, in one dbt build;
    the exit code. Raises ConfigError (exit 2) for a range the history refuses."""
    store = DataDir(data_dir(data_dir_arg)).ensure()
    warehouse.initialise(store)
    end = last or store_today(store) - dt.timedelta(days=1)
    dates = range_dates(first, end, every)
    check_range(dates, latest_recorded_date(store) if _on_duckdb() else None,
                store_today(store))
    env = process.dbt_env(store)
    console.info(f"history: recording {len(dates)} as-of dates, {dates[0]} to {dates[-1]} "
                 f"every {every} days, in one build")
    started = time.perf_counter()
    code = process.run_dbt(store, dbt_command(store, dates), env, history_vars(store, dates))
    if code != 0:
        console.error(f"dbt build failed (exit {code}); the history is as it "
                      "was; see the output above")
        return console.FAILURE
    console.info(_summary(store, dates, time.perf_counter() - started))
    return console.OK


def _summary(store: DataDir, dates: list[dt.date], seconds: float) -> str:
    done = f"history: done in {seconds:.1f} s"
    if not _on_duckdb():
        return done
    rows = _query(store, (
        f"select (select count(*) from {RECORDED_DATES} where recorded_date between "
        f"'{dates[0]}' and '{dates[-1]}'), (select max(recorded_date) from {RECORDED_DATES}),"
        f" count(*), count(distinct email) from {STREAKS}"))
    if not rows:
        return done
    recorded, latest, streaks, customers = rows[0]
    per_customer = streaks / customers if customers else 0
    skipped = len(dates) - recorded
    return (f"{done}: {recorded} dates recorded"
            + (f" ({skipped} before the store's first order left no record)" if skipped else "")
            + f", latest {latest}; {streaks:,} streaks for {customers:,} customers "
            f"({per_customer:.1f} per customer). The next `build` (as of {latest} or later) "
            "continues the history")
