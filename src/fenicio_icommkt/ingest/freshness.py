"""Is Fenicio's export still arriving? The newest loaded file against max_export_age_days.

``fenicio-icommkt run`` asks after its ingest stage: a store whose daily export stopped
arriving (a broken schedule, a changed inbox) otherwise keeps sending profiles that age
quietly. The same rule is the dbt source freshness of ``fenicio.order_lines`` (its
``loaded_at``, var ``max_export_age_days``) for analysts.
"""

from __future__ import annotations

import datetime as dt

from fenicio_icommkt.settings import DataDir
from fenicio_icommkt.warehouse import WarehouseError, connect


def newest_load(store: DataDir) -> dt.datetime | None:
    """When the newest accepted file was loaded (naive UTC), or None when none was."""
    if not store.warehouse.exists():
        return None
    with connect(store, read_only=True) as con:
        (newest,) = con.execute("select max(loaded_at) from ingest.file_log").fetchone()
    return newest


def stale_export_warning(store: DataDir, max_age_days: int,
                         now: dt.datetime | None = None) -> str | None:
    """The warning to print when the newest loaded file is older than max_age_days."""
    try:
        newest = newest_load(store)
    except WarehouseError:
        return None  # the build stage says what is wrong with the warehouse
    if newest is None:
        return ("no Fenicio export has been loaded into this data dir yet: check that the "
                "exports arrive in the inbox")
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    age = now - newest
    if age <= dt.timedelta(days=max_age_days):
        return None
    return (f"the newest Fenicio export was loaded {age / dt.timedelta(days=1):.1f} days ago "
            f"({newest:%Y-%m-%d %H:%M} UTC; setting max_export_age_days is {max_age_days}): "
            "is the daily export still arriving in the inbox? The profiles are built from "
            "the orders loaded so far")
