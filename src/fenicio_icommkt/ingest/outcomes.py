"""What each ingest call did with each file, kept for the report (``ingest.file_outcomes``).

``ingest.file_log`` holds the accepted files only; a file skipped as already loaded, refused,
deferred or not tried leaves no row there. The report's data-quality section needs them
too ("did yesterday's files go through?"), so every ingest call appends one row per file
it looked at: its name (never its content: a message names a record by number, as every
ingest message does), what happened, and the row counts. Recording is best effort: a
machine that cannot write it (disk full) gets a warning, and the ingest's own outcome and
exit code stay as they were.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fenicio_icommkt import console


@dataclass
class FileResult:
    path: Path
    status: str  # loaded | skipped | refused | deferred | failed | not tried | restored
    message: str = ""
    rows_loaded: int = 0
    rows_quarantined: int = 0
    values_emptied: int = 0
    load_sequence: int | None = None
    warnings: list[str] = field(default_factory=list)


def say(result: FileResult) -> None:
    """One file's outcome on the console."""
    name = result.path.name
    if result.status == "refused":
        console.error(f"{result.path}: refused: {result.message}")
    elif result.status == "deferred":
        console.warn(f"{result.path}: deferred: {result.message}")
    elif result.status == "failed":
        console.error(f"{result.path}: not loaded, ingest stopped: {result.message}")
    elif result.status == "skipped":
        console.info(f"{name}: skipped, {result.message}")
    elif result.status == "restored":
        console.info(f"{name}: {result.message}")
    else:
        console.info(
            f"{name}: loaded {result.rows_loaded} rows (load {result.load_sequence}), "
            f"{result.rows_quarantined} quarantined, {result.values_emptied} values emptied; "
            f"{result.message}"
        )
    for warning in result.warnings:
        console.warn(f"{name}: {warning}")


def summarise(results: list[FileResult]) -> int:
    """The call's summary on the console, and its exit code."""
    def having(status: str) -> list[FileResult]:
        return [r for r in results if r.status == status]

    loaded, skipped, refused = having("loaded"), having("skipped"), having("refused")
    deferred, failed, untried = having("deferred"), having("failed"), having("not tried")
    restored = having("restored")
    quarantined = sum(r.rows_quarantined for r in loaded)
    console.info(
        f"files: {len(loaded)} loaded, {len(skipped)} skipped as already loaded, "
        f"{len(refused)} refused, {len(deferred)} deferred"
        + (f", {len(restored)} landed again" if restored else "")
        + f"; rows: {sum(r.rows_loaded for r in loaded)} loaded, "
        f"{quarantined} quarantined, {sum(r.values_emptied for r in loaded)} values emptied"
    )
    if quarantined:
        console.info("quarantined rows: select * from ingest.quarantine (in warehouse.duckdb)")
    if deferred:
        console.info("deferred files are not recorded anywhere: the next ingest (or run) tries "
                     "them again")
    if failed:
        console.error(
            f"ingest stopped at {failed[0].path.name}: nothing of it was recorded, and "
            f"{len(untried)} later file(s) were not tried; once the cause is fixed, the next "
            "ingest loads them in order"
        )
        return console.FAILURE
    if refused and not (loaded or skipped or deferred or restored):
        return console.FAILURE
    if refused or quarantined or deferred:
        return console.PARTIAL
    return console.OK


TABLE = "ingest.file_outcomes"
DDL = f"""
create schema if not exists ingest;
create table if not exists {TABLE} (
    ingest_call_id varchar not null,
    called_at timestamp not null,
    file_position integer not null,
    file_name varchar not null,
    status varchar not null,
    message varchar,
    rows_loaded bigint,
    rows_quarantined bigint,
    values_emptied bigint,
    load_sequence bigint
);
"""


def record(con: Any, results: list[FileResult]) -> None:
    """Append one row per file of this call (nothing when the call looked at no file)."""
    if not results:
        return
    call_id = uuid.uuid4().hex
    now = datetime.now()
    rows = [
        (call_id, now, position, result.path.name, result.status, result.message or None,
         result.rows_loaded, result.rows_quarantined, result.values_emptied,
         result.load_sequence)
        for position, result in enumerate(results, start=1)
    ]
    try:
        con.execute(DDL)
        con.executemany(f"insert into {TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    except Exception as exc:  # noqa: BLE001 - best effort: never changes the ingest's outcome
        console.warn(f"could not record the files' outcomes for the report ({TABLE}): "
                     f"{type(exc).__name__}; the files themselves are as reported above")
