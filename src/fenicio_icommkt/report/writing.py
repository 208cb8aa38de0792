"""Writing the report: where it goes (``<data dir>/reports/``), written atomically; the
``report`` command's work and ``run``'s last step."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date
from pathlib import Path

from fenicio_icommkt import console
from fenicio_icommkt.report.figures import (
    ReportError,
    as_of_of,
    read_figures,
    refresh_delivery_views,
)
from fenicio_icommkt.report.page import render
from fenicio_icommkt.settings import DataDir, data_dir, store_settings

#: The report must stay below this size (issue 17: 5 MB for a 10 M-line store).
MAX_BYTES = 5_000_000


def write_file(text: str, path: Path) -> None:
    """Write atomically: a reader never sees half a report; an older file stays on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary file, not mkstemp's 0600
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def make(store: DataDir, language: str | None = None) -> tuple[str, date]:
    """The report's HTML and its as-of date, in the store's language unless told."""
    settings = store_settings(store.config)
    figures = read_figures(store)
    text = render(figures, language or settings["report_language"], settings["base_currency"])
    return text, as_of_of(figures)


def reports_dir(store: DataDir) -> Path:
    return store.root / "reports"


def after_run(store: DataDir) -> list[Path]:
    """``run``'s last step: ``reports/<as-of>.html`` and ``reports/latest.html``. Never
    raises for a report problem: it warns, saying why, and the run's outcome stands."""
    try:
        refresh_delivery_views(store)  # the first export created their tables
        text, as_of = make(store)
        paths = [reports_dir(store) / f"{as_of.isoformat()}.html",
                 reports_dir(store) / "latest.html"]
        for path in paths:
            write_file(text, path)
    except Exception as exc:  # noqa: BLE001 - a report never fails a run that delivered
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        console.warn(f"run: no report written ({type(exc).__name__}: {reason}); the run's "
                     "outcome is unchanged. Try `fenicio-icommkt report` to see why")
        return []
    console.info(f"run: report {paths[0]} (also {paths[1].name}, {len(text) // 1024} KB)")
    return paths


def write_report(data_dir_arg: str | None, out: Path | None = None,
                 language: str | None = None) -> int:
    """``fenicio-icommkt report``: write the report of the store at ``data_dir_arg`` to
    ``out`` (None: ``reports/<as-of>.html`` and ``reports/latest.html``) in ``language``
    (None: the store's ``report_language``); the exit code."""
    store = DataDir(data_dir(data_dir_arg))
    try:
        text, as_of = make(store, language)
    except ReportError as exc:
        console.error(f"report: {exc}")
        return console.FAILURE
    paths = [out] if out else [reports_dir(store) / f"{as_of.isoformat()}.html",
                               reports_dir(store) / "latest.html"]
    try:
        for path in paths:
            write_file(text, path)
    except OSError as exc:
        console.error(f"report: cannot write {path}: {exc.strerror or exc}")
        return console.FAILURE
    size = len(text.encode("utf-8"))
    console.info(f"report: {paths[0]} ({size / 1_000_000:.1f} MB, as of {as_of.isoformat()})")
    if size > MAX_BYTES:
        console.warn(f"report: {size} bytes, more than the {MAX_BYTES} the report aims for")
    return console.OK
