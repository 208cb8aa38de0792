"""The daily job (``fenicio-icommkt run --inbox DIR``, for cron): ingest, build, export,
then the report (``<data dir>/reports/<as-of>.html`` and ``latest.html``).

One run at a time per data dir: a lock file held with ``flock`` (released by the kernel
if the process dies, so a killed run never blocks the next one).  A stage that fails
stops the rest.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fenicio_icommkt import cli, console, ingest, report
from fenicio_icommkt.dbt_runner import build
from fenicio_icommkt.icommkt import export
from fenicio_icommkt.ingest import freshness
from fenicio_icommkt.settings import DataDir, data_dir, store_settings

LOCK_FILE = "run.lock"


@dataclass(frozen=True)
class DailyOptions:
    """What one daily run does: the inbox it ingests, the as-of it builds (None: today in
    the store's time zone), and a dry run's export instead of a delivery."""

    inbox: Path
    as_of: dt.date | None = None
    dry_run: bool = False
    out: str | None = None


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


def stages(options: DailyOptions, store: DataDir) -> list[tuple[str, Callable[[], int]]]:
    """The daily job's stages, in order: each a call of the stage's own function."""
    root = str(store.root)
    as_of = str(options.as_of) if options.as_of else None  # ISO, as build takes it
    export_options = export.ExportOptions(as_of=options.as_of, dry_run=options.dry_run,
                                          out=options.out)
    return [
        ("ingest", lambda: ingest.load(root, [str(options.inbox)])),
        ("build", lambda: build.build(root, as_of)),
        ("export", lambda: export.export(root, export_options)),
    ]


def run(data_dir_arg: str | None, options: DailyOptions) -> int:
    """The daily job for the store at ``data_dir_arg`` (None: the default data dir); the
    exit code: the worst of the stages', or the failing stage's."""
    store = DataDir(data_dir(data_dir_arg)).ensure()
    if not options.inbox.is_dir():
        console.error(f"inbox {options.inbox} is not a folder")
        return console.USAGE
    settings = store_settings(store.config)  # a bad settings.yml stops the run here
    try:
        with run_lock(store):
            worst = console.OK
            for name, stage in stages(options, store):
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
