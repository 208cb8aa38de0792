"""``fenicio-icommkt run --inbox DIR``: the daily job (ingest, build, export) for cron,
then the report (``<data dir>/reports/<as-of>.html`` and ``latest.html``).

One run at a time per data dir: a lock file held with ``flock`` (released by the kernel
if the process dies, so a killed run never blocks the next one).  A stage that fails
stops the rest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fenicio_icommkt import build, cli, console, export, freshness, ingest, report
from fenicio_icommkt.settings import DataDir, data_dir, store_settings

LOCK_FILE = "run.lock"


class Locked(Exception):
    """Another run holds the data dir's lock."""


@contextmanager
def run_lock(store: DataDir) -> Iterator[None]:
    path = store.root / LOCK_FILE
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise Locked(f"another run is in progress ({holder}); lock file {path}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def stages(args: argparse.Namespace, store: DataDir) -> list[tuple[str, Callable[[], int]]]:
    """The daily job's stages, in order: each a call of the stage's own function."""
    root = str(store.root)
    export_options = export.ExportOptions(as_of=_date(args.as_of), dry_run=args.dry_run,
                                          out=args.out)
    return [
        ("ingest", lambda: ingest.load(root, [str(args.inbox)])),
        ("build", lambda: build.build(root, args.as_of)),
        ("export", lambda: export.export(root, export_options)),
    ]


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "run", help="the daily job: ingest new files from an inbox, build, export"
    )
    parser.add_argument("--inbox", required=True, type=Path, metavar="DIR",
                        help="folder the Fenicio exports arrive in (already loaded files "
                             "are skipped by content)")
    parser.add_argument("--as-of", type=build._as_of, metavar="DATE",
                        help="default: today in the store's time zone")
    parser.add_argument("--dry-run", action="store_true",
                        help="write what would be sent instead of sending it")
    parser.add_argument("--out", metavar="FILE", help="dry-run output file")
    return parser


def run(args: argparse.Namespace) -> int:
    store = DataDir(data_dir(args.data_dir)).ensure()
    if not args.inbox.is_dir():
        console.error(f"inbox {args.inbox} is not a folder")
        return console.USAGE
    settings = store_settings(store.config)  # a bad settings.yml stops the run here
    try:
        with run_lock(store):
            worst = console.OK
            for name, stage in stages(args, store):
                console.info(f"run: {name}")
                try:
                    code = cli.guarded(stage)
                except KeyboardInterrupt:
                    console.error(f"run: stage {name} interrupted; later stages skipped")
                    raise
                if code in (console.FAILURE, console.USAGE):
                    console.error(f"run: stage {name} failed (exit {code}); later stages "
                                  "skipped")
                    if name == "export":  # built: the report shows what the delivery did
                        report.after_run(store)
                    return code if name == "export" else console.FAILURE
                worst = max(worst, code)
                if name == "ingest":
                    stale = freshness.stale_export_warning(store, settings["max_export_age_days"])
                    if stale:
                        console.warn(stale)
            report.after_run(store)  # a report problem is a warning, never the run's outcome
            console.info("run: done" + (" (with warnings, see above)" if worst else ""))
            return worst
    except Locked as exc:
        console.error(str(exc))
        return console.FAILURE
