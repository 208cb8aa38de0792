"""The file log against ``landing/``: loads whose landed files are missing are landed again
from the same exports (``restore``); a file log lost with its warehouse is rebuilt from the
landed files and their manifests (``rebuild``, ``ingest --rebuild-file-log``)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from fenicio_icommkt import console, warehouse
from fenicio_icommkt.ingest import outcomes
from fenicio_icommkt.ingest.faults import FileProblem, NotReady
from fenicio_icommkt.ingest.files import compression, hash_and_check
from fenicio_icommkt.ingest.landing import IngestOptions, Target, load_file
from fenicio_icommkt.ingest.outcomes import FileResult
from fenicio_icommkt.settings import DataDir
from fenicio_icommkt.warehouse import bookkeeping


class LandingMismatch(Exception):
    """``landing/`` and the file log disagree: ingest stops (exit 2) and says how to fix it."""


def unowned_message(store: DataDir, unowned: list[str]) -> str:
    listed = ", ".join(unowned[:5]) + (f" and {len(unowned) - 5} more" if len(unowned) > 5
                                       else "")
    return (
        f"landing/ holds {len(unowned)} load(s) that the file log (ingest.file_log in "
        f"{store.warehouse}) does not know: {listed}. The warehouse was lost or replaced, "
        "or files were copied into landing/. Nothing was loaded and nothing deleted. If the "
        f"warehouse was lost or replaced: {warehouse.rebuild_steps(store)}, then ingest "
        "again. Files copied into landing/ by hand: move them out"
    )


def restore(con: duckdb.DuckDBPyConnection, store: DataDir, files: list[Path],
             stats: dict[Path, os.stat_result], aliases: dict[str, str],
             options: IngestOptions, missing: list[bookkeeping.MissingLoad]) -> list[FileResult]:
    """Land again, under their own load numbers, the given files whose content is that of a
    load whose landed files are missing."""
    by_sha = {m.sha256: m for m in missing}
    rows = {r["load_sequence"]: r for r in bookkeeping.file_log_rows(con)}
    results = []
    for path in files:
        if path not in stats:
            continue
        try:
            compressed = compression(path)
            sha256, _ = hash_and_check(path, "latin-1", compressed)  # the bytes' hash only
        except (FileProblem, NotReady, OSError):
            continue
        load = by_sha.pop(sha256, None)
        if load is None:
            continue
        row = rows[load.load_sequence]
        target = Target(row["load_sequence"], row["landed_file"], row["loaded_at"],
                         row["file_name"], row["encoding"], row["delimiter"],
                         row["decimal_separator"], again=True)
        try:
            result = load_file(con, store, path, aliases, options, stats[path], target)
        except FileProblem as exc:
            result = FileResult(path, "refused", f"could not be landed again: {exc}")
        except NotReady as exc:
            result = FileResult(path, "deferred", f"could not be landed again: {exc}")
        else:
            result.status = "restored"
            result.message = (f"landed again as load {row['load_sequence']} (its landed files "
                              "were missing)")
            if (result.rows_loaded, result.rows_quarantined) != (row["rows_loaded"],
                                                                  row["rows_quarantined"]):
                result.warnings.append(
                    f"it loads {result.rows_loaded} rows and quarantines "
                    f"{result.rows_quarantined} now, {row['rows_loaded']} and "
                    f"{row['rows_quarantined']} the first time (the reading rules changed?)")
        results.append(result)
        outcomes.say(result)
    return results


def rebuild(store: DataDir) -> int:
    """``ingest --rebuild-file-log``: the file log and quarantine from ``landing/``."""
    with warehouse.connect(store) as con:
        done = bookkeeping.rebuild_file_log(con, store)
        state = bookkeeping.reconcile(con, store)
    for message in done.warnings:
        console.warn(message)
    for message in done.problems:
        console.error(message)
    if done.loads:
        console.info(
            f"rebuilt the file log from landing/: {len(done.loads)} load(s) "
            f"({min(done.loads)} to {max(done.loads)}), {done.quarantined} quarantined "
            f"rows. Next: `fenicio-icommkt build --data-dir {store.root} --full-refresh`"
        )
    else:
        console.info("nothing to rebuild: every landed load is in the file log")
    if state.missing:
        console.error(warehouse.missing_message(store, state.missing))
    if state.missing or done.problems:
        return console.USAGE
    return console.PARTIAL if done.warnings else console.OK
