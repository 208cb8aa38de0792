"""``fenicio-icommkt build [--as-of DATE] [--full-refresh]``: runs ``dbt build`` for one store.

dbt runs from the project dir with ``FENICIO_DATA_DIR`` set to the store's data dir and
``--vars`` from the store's settings (repo defaults < ``config/settings.yml`` <
environment < ``--as-of``). A failing model or error-severity data test fails the command
(exit 1); warn-severity tests are reported by dbt and do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from fenicio_icommkt import console, movement, warehouse
from fenicio_icommkt.settings import DataDir, data_dir, project_dir, store_vars


def _as_of(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from exc


def dbt_executable() -> str:
    """The dbt installed next to this Python (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise FileNotFoundError("dbt is not installed (run `make setup`)")
    return found


def build_vars(store: DataDir, as_of: str | None) -> dict[str, Any]:
    """The dbt vars for this store; as_of None leaves the default (today in the store)."""
    overrides: dict[str, Any] = {"data_dir": str(store.root)}
    if as_of is not None:
        overrides["as_of_date"] = as_of
    return store_vars(store.config, overrides)


def dbt_command(store: DataDir, as_of: str | None, extra: list[str] | None = None) -> list[str]:
    """``dbt build`` for the store: models and data tests. The unit tests check the code,
    not the store's data: CI runs them (``make test``), the daily build does not."""
    return [
        dbt_executable(), "build",
        "--project-dir", str(project_dir()),
        "--profiles-dir", str(project_dir()),
        "--vars", json.dumps(build_vars(store, as_of)),
        "--exclude", "test_type:unit",
        *(extra or []),
    ]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "build", help="compute the customer profiles (dbt build: models and data tests)"
    )
    parser.add_argument("--as-of", type=_as_of, metavar="DATE",
                        help="the date the metrics are computed for (default: today in the "
                             "store's time zone)")
    parser.add_argument("--full-refresh", action="store_true",
                        help="recompute every table from the landed files instead of only "
                             "what changed (after editing a macro, or to check the "
                             "incremental tables)")
    return parser


def run(args: argparse.Namespace) -> int:
    store = DataDir(data_dir(args.data_dir)).ensure()
    warehouse.initialise(store)  # a fresh data dir builds (empty) instead of failing
    env = dict(os.environ)
    env["FENICIO_DATA_DIR"] = str(store.root)
    env.setdefault("DO_NOT_TRACK", "1")
    command = dbt_command(store, args.as_of, ["--full-refresh"] if args.full_refresh else None)
    console.info(f"build: dbt build for {store.root}"
                 + (f" as of {args.as_of}" if args.as_of else "")
                 + (", every table recomputed" if args.full_refresh else ""))
    result = subprocess.run(command, cwd=project_dir(), env=env, check=False)
    if result.returncode != 0:
        console.error(f"dbt build failed (exit {result.returncode}); see the output above")
        return console.FAILURE
    movement.report_movement(store)  # the daily summary: who changed segment or group
    return console.OK
