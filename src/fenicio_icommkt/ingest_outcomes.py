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
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fenicio_icommkt import console

if TYPE_CHECKING:
    from fenicio_icommkt.ingest import FileResult

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
