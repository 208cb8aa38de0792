"""The daily summary's segment-movement line: how many customers changed segment and group.

``fenicio-icommkt build`` prints it after a successful build, from the built profiles
(``marts.customer_profiles``, or on Spark the Parquet copy the build writes). Those
customers' contacts changed (their ``..._Since`` and ``..._Previous`` fields), so the next
export sends them.
"""

from __future__ import annotations

import os
from typing import Any

import duckdb

from fenicio_icommkt import console
from fenicio_icommkt.settings import DataDir

STREAKS = "marts.customer_segment_streaks"
PROFILES = "marts.customer_profiles"


def movement_counts(conn: duckdb.DuckDBPyConnection, source: str) -> tuple[Any, ...]:
    """(as-of date, customers, changed segment, changed group) of the built profiles.

    A change is a value different from the customer's previous record: `since` is the
    as-of date and there is a previous value. A prospect's segment is empty, so a prospect
    who became a buyer has no previous segment; its previous group (PROSPECTS) says it.
    """
    return conn.execute(f"""
        select
            max(as_of_date),
            count(*),
            count(*) filter (where rfm_segment_since = as_of_date
                and (rfm_segment_previous is not null
                     or (rfm_group_since = as_of_date and rfm_group_previous = 'PROSPECTS'))),
            count(*) filter (where rfm_group_since = as_of_date
                and rfm_group_previous is not null)
        from {source}""").fetchone() or (None, 0, 0, 0)


def report_movement(store: DataDir) -> None:
    """Print how many customers changed segment and group at the build's as-of date."""
    on_duckdb = os.environ.get("FENICIO_DBT_TARGET", "duckdb") == "duckdb"
    try:
        if on_duckdb:
            conn = duckdb.connect(str(store.warehouse), read_only=True)
            source = PROFILES
        else:
            parquet = store.root / "marts" / "customer_profiles.parquet"
            conn = duckdb.connect()
            source = f"read_parquet('{parquet / '**' / '*.parquet'}')"
        with conn:
            as_of, customers, segment, group = movement_counts(conn, source)
            latest = (conn.execute(f"select max(last_recorded_date) from {STREAKS}").fetchone()[0]
                      if on_duckdb else None)
    except duckdb.Error as exc:
        console.warn(f"history: no movement summary ({type(exc).__name__})")
        return
    if as_of is None:
        return
    backfill = ("" if latest is None or latest <= as_of else
                f"; a backfill: the history, recorded up to {latest}, is unchanged")
    console.info(f"history: as of {as_of}, {segment:,} of {customers:,} customers changed "
                 f"segment and {group:,} changed group since their previous record{backfill}")
