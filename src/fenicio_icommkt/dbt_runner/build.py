"""``fenicio-icommkt build [--as-of DATE] [--full-refresh]``: ``dbt build`` for one store.

A failing model or error-severity data test fails the build (exit 1), and each failed test
is printed with a few offending values (``failed_tests``); warn-severity tests are reported
by dbt and do not fail it. After a build that passed, the daily summary says how many
customers changed segment and group (``movement``).
"""

from __future__ import annotations

from fenicio_icommkt import console, warehouse
from fenicio_icommkt.dbt_runner import failed_tests, movement
from fenicio_icommkt.dbt_runner.process import (
    build_vars,
    dbt_command,
    dbt_env,
    log_dir,
    run_dbt,
    target_dir,
)
from fenicio_icommkt.settings import DataDir, data_dir


def build(data_dir_arg: str | None, as_of: str | None = None, full_refresh: bool = False) -> int:
    """``dbt build`` of the store at ``data_dir_arg`` (None: the default data dir) as of
    ``as_of`` (None: today in the store's time zone); the exit code."""
    store = DataDir(data_dir(data_dir_arg)).ensure()
    warehouse.initialise(store)  # a fresh data dir builds (empty) instead of failing
    env = dbt_env(store, as_of)
    command = dbt_command(store, ["--full-refresh"] if full_refresh else None)
    console.info(f"build: dbt build for {store.root}"
                 + (f" as of {as_of}" if as_of else "")
                 + (", every table recomputed" if full_refresh else ""))
    code = run_dbt(store, command, env, build_vars(store))
    if code != 0:
        failed = failed_tests.report(target_dir(store), store.warehouse, store.root)
        console.error(f"dbt build failed (exit {code})"
                      + (f": {failed} data test(s) failed, listed above" if failed else "")
                      + f"; dbt's log: {log_dir(store) / 'dbt.log'}")
        return console.FAILURE
    movement.report_movement(store)  # the daily summary: who changed segment or group
    return console.OK
