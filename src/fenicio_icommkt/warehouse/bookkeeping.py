"""The ingest's bookkeeping in the warehouse: file log, quarantine, a load committed and
landed, and recovery.

A load is decided by its file-log row, never by a file in ``landing/``:

1. the file's Parquet files and a manifest (the file-log row as JSON) are written under
   ``tmp/<prefix>/`` and flushed to disk;
2. the file-log row and the quarantined rows are committed in one transaction;
3. the files are renamed into ``landing/`` (same file system: each rename is atomic).

A crash before 2 leaves only ``tmp/<prefix>/``, which no row owns: the next ingest removes
it. A crash after 2 leaves a row whose files are (partly) still in ``tmp/``: the next
ingest finishes the renames. So a landed file always has its row, and a landed file
without one is never an orphan of ours: it means the warehouse was lost or replaced, and
``ingest`` refuses to go on (``reconcile``) until ``rebuild_file_log`` rebuilt the file log
and the quarantine from the manifests and the landed files. A row whose landed files are
missing is reported the same way; ingesting the same export again lands it anew under its
own load number.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from fenicio_icommkt.settings import DataDir
from fenicio_icommkt.sql import literal as sql_literal
from fenicio_icommkt.warehouse import schema
from fenicio_icommkt.warehouse.landed import (
    EMPTY_LANDED_FILE,
    landed_counts,
    landing_dirs,
    quarantine_sql,
    remove_tree,
)

DDL = """
create schema if not exists ingest;
create table if not exists ingest.file_log (
    load_sequence bigint primary key,
    file_name varchar not null,
    file_path varchar not null,
    sha256 varchar not null unique,
    size_bytes bigint not null,
    encoding varchar not null,
    delimiter varchar not null,
    decimal_separator varchar not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    values_emptied bigint not null,
    landed_file varchar,  -- prefix of the file's Parquet files under landing/*/
    warnings varchar,
    loaded_at timestamp not null
);
create table if not exists ingest.quarantine (
    load_sequence bigint not null,
    file_name varchar not null,
    record_number bigint not null,
    column_name varchar not null,
    reason varchar not null,
    value varchar,
    order_number varchar,
    buyer_email varchar,
    quarantined_at timestamp not null
);
"""

#: The file-log columns, in table order (a manifest holds the same keys).
FILE_LOG_COLUMNS = (
    "load_sequence", "file_name", "file_path", "sha256", "size_bytes", "encoding",
    "delimiter", "decimal_separator", "rows_loaded", "rows_quarantined", "values_emptied",
    "landed_file", "warnings", "loaded_at",
)
#: A load's prefix: its load number and the source file's size (``00000042-1a2b3c``).
PREFIX = re.compile(r"^(\d{8})-[0-9a-f]+$")
AGAIN = ".again"  # tmp/<prefix>.again/: a lost load being landed again
MANIFEST = "manifest.json"  # under tmp/<prefix>/; landed as landing/order_lines/<prefix>.json
MANIFEST_FORMAT = 1


def is_loaded(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    row = con.execute("select 1 from ingest.file_log where sha256 = ?", [sha256]).fetchone()
    return row is not None


def has_size(con: duckdb.DuckDBPyConnection, size: int) -> bool:
    """Whether a loaded file has this many bytes (so the new one may be the same file)."""
    row = con.execute("select 1 from ingest.file_log where size_bytes = ?", [size]).fetchone()
    return row is not None


def next_load_sequence(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("select coalesce(max(load_sequence), 0) + 1 from ingest.file_log")
    return int(row.fetchone()[0])


# One load: committed, landed -------------------------------------------------------------


def _manifest_text(row: dict[str, Any]) -> str:
    payload = {"format": MANIFEST_FORMAT, **row}
    payload["loaded_at"] = row["loaded_at"].isoformat(sep=" ")
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _read_manifest(path: Path) -> dict[str, Any]:
    payload = json.loads(path.read_text(encoding="utf-8"))
    row = {name: payload[name] for name in FILE_LOG_COLUMNS}
    row["loaded_at"] = datetime.fromisoformat(row["loaded_at"])
    return row


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit_load(con: duckdb.DuckDBPyConnection, staging: Path, row: dict[str, Any],
                replace: bool = False) -> None:
    """Decide a staged load: manifest written and everything flushed, then the file-log row
    and the quarantined rows committed together. ``finish_load`` lands the files next.

    ``replace``: the row exists already (its landed files were lost and are landed again):
    its counts and quarantine are replaced instead.
    """
    (staging / MANIFEST).write_text(_manifest_text(row), encoding="utf-8")
    for part in schema.PARTS:
        _fsync(staging / f"{part}.parquet")
    _fsync(staging / MANIFEST)
    values = [row[c] for c in FILE_LOG_COLUMNS]
    con.execute("begin transaction")
    try:
        if replace:
            con.execute("delete from ingest.quarantine where load_sequence = ?",
                        [row["load_sequence"]])
        con.execute(
            f"""insert into ingest.quarantine
            select load_sequence, source_file_name, record_number, quarantine_column,
                quarantine_reason, quarantine_value, order_number, buyer_email, ?
            from {quarantine_sql(staging / 'order_lines.parquet')}""",
            [row["loaded_at"]],
        )
        if replace:  # (an update of unindexed columns: DuckDB may refuse delete + insert)
            con.execute(
                """update ingest.file_log set rows_loaded = ?, rows_quarantined = ?,
                    values_emptied = ?, warnings = ? where load_sequence = ?""",
                [row["rows_loaded"], row["rows_quarantined"], row["values_emptied"],
                 row["warnings"], row["load_sequence"]],
            )
        else:
            con.execute(
                f"insert into ingest.file_log ({', '.join(FILE_LOG_COLUMNS)}) values "
                f"({', '.join('?' for _ in FILE_LOG_COLUMNS)})",
                values,
            )
        con.execute("commit")
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("rollback")
        raise


def finish_load(store: DataDir, prefix: str, staging: Path | None = None) -> None:
    """Move a committed load's files from ``tmp/<prefix>/`` into ``landing/`` (idempotent:
    the next ingest calls it again for a load a crash left half-moved)."""
    staging = staging or store.tmp / prefix
    moves = [(staging / f"{part}.parquet", folder / f"{prefix}.parquet")
             for part, folder in landing_dirs(store).items()]
    moves.append((staging / MANIFEST, store.landing / f"{prefix}.json"))
    for staged, landed in moves:
        if staged.exists():
            staged.replace(landed)
    for folder in landing_dirs(store).values():
        _fsync(folder)
    remove_tree(staging)


# Checking landing/ against the file log ---------------------------------------------------


@dataclass
class MissingLoad:
    """A file-log row whose landed files are not in ``landing/``."""

    load_sequence: int
    file_name: str
    sha256: str
    prefix: str
    parts: list[str]


@dataclass
class Reconciled:
    finished: list[str] = field(default_factory=list)  # committed loads whose move completed
    removed: list[str] = field(default_factory=list)  # uncommitted staging folders removed
    unowned: list[str] = field(default_factory=list)  # landed prefixes no row owns
    missing: list[MissingLoad] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.unowned and not self.missing


def _landed_prefix(name: str) -> str | None:
    """The load prefix of a file in a landing folder, None for files dbt never reads."""
    if name == EMPTY_LANDED_FILE:
        return None
    for suffix in (".parquet", ".json"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix == ".parquet" or PREFIX.match(stem):
                return stem
    return None


def file_log_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cursor = con.execute(
        f"select {', '.join(FILE_LOG_COLUMNS)} from ingest.file_log order by load_sequence")
    return [dict(zip(FILE_LOG_COLUMNS, r, strict=True)) for r in cursor.fetchall()]


def reconcile(con: duckdb.DuckDBPyConnection, store: DataDir) -> Reconciled:
    """Finish or undo what an interrupted load left, then compare ``landing/`` with the file
    log. Deletes only what is provably ours and unused: staging folders under ``tmp/`` that
    no committed row owns, and the empty file's temporary copy. A landed file is never
    deleted; one without a row is reported (``unowned``), as is a row without its files.
    Loads landed before manifests existed get theirs written here."""
    state = Reconciled()
    rows = {r["landed_file"]: r for r in file_log_rows(con) if r["landed_file"]}
    for entry in sorted(store.tmp.iterdir()):
        if entry.name.endswith(AGAIN) and PREFIX.match(entry.name[: -len(AGAIN)]):
            remove_tree(entry)  # landing a lost load again, interrupted: still missing
            state.removed.append(entry.name)
            continue
        if not (PREFIX.match(entry.name) and entry.is_dir()):
            continue  # DuckDB's own temporary files, or not ours
        if entry.name in rows:
            finish_load(store, entry.name)
            state.finished.append(entry.name)
        else:
            remove_tree(entry)
            state.removed.append(entry.name)
    unowned: set[str] = set()
    for folder in landing_dirs(store).values():
        for path in folder.iterdir():
            if path.name == EMPTY_LANDED_FILE + ".tmp":
                path.unlink()
                continue
            prefix = _landed_prefix(path.name)
            if prefix is not None and prefix not in rows:
                unowned.add(prefix)
    state.unowned = sorted(unowned)
    for prefix, row in rows.items():
        parts = [part for part, folder in landing_dirs(store).items()
                 if not (folder / f"{prefix}.parquet").exists()]
        if parts:
            state.missing.append(MissingLoad(row["load_sequence"], row["file_name"],
                                             row["sha256"], prefix, parts))
        elif not (store.landing / f"{prefix}.json").exists():
            write_landed_manifest(store, row)
    return state


def write_landed_manifest(store: DataDir, row: dict[str, Any]) -> None:
    target = store.landing / f"{row['landed_file']}.json"
    staged = store.tmp / f"{row['landed_file']}.json.tmp"
    staged.write_text(_manifest_text(row), encoding="utf-8")
    staged.replace(target)


@dataclass
class Rebuilt:
    loads: list[int] = field(default_factory=list)
    quarantined: int = 0
    problems: list[str] = field(default_factory=list)  # loads that could not be rebuilt
    warnings: list[str] = field(default_factory=list)


def rebuild_file_log(con: duckdb.DuckDBPyConnection, store: DataDir) -> Rebuilt:
    """File-log rows and quarantined rows for every landed load no row owns.

    From each load's manifest (written at load time) when there is one; else from the
    landed files themselves (name, load number, time and counts; the SHA-256 is then
    unknown, so a re-delivery of that file would load again). The quarantined rows always
    come from the landed ``order_lines`` file, which keeps them with their verdict.
    """
    done = Rebuilt()
    state = reconcile(con, store)
    taken = {r["load_sequence"] for r in file_log_rows(con)}
    rows: list[dict[str, Any]] = []
    for prefix in state.unowned:
        lines = store.landing / f"{prefix}.parquet"
        details = store.landing_details / f"{prefix}.parquet"
        absent = [p.parent.name for p in (lines, details) if not p.exists()]
        match = PREFIX.match(prefix)
        if match is None:
            done.problems.append(f"landing/*/{prefix}.parquet is not named like a load "
                                 "(NNNNNNNN-size); move it out of landing/")
            continue
        if absent:
            done.problems.append(f"load {int(match.group(1))} ({prefix}) has no "
                                 f"{' or '.join(absent)} file; restore it from a backup")
            continue
        sequence = int(match.group(1))
        if sequence in taken:
            done.problems.append(f"load {sequence} ({prefix}) has the number of another "
                                 "load in the file log; move one of them out of landing/")
            continue
        loaded, quarantined, emptied = landed_counts(con, lines, details)
        manifest = store.landing / f"{prefix}.json"
        if manifest.exists():
            row = _read_manifest(manifest)
            if (row["rows_loaded"], row["rows_quarantined"]) != (loaded, quarantined):
                done.warnings.append(
                    f"load {sequence}: its manifest counts {row['rows_loaded']} loaded and "
                    f"{row['rows_quarantined']} quarantined rows, the landed file "
                    f"{loaded} and {quarantined}; the file log now says what is landed")
                row.update(rows_loaded=loaded, rows_quarantined=quarantined,
                           values_emptied=emptied)
        else:
            name, loaded_at = con.execute(
                f"select any_value(source_file_name), any_value(loaded_at) from "
                f"read_parquet({sql_literal(str(lines))})").fetchone()
            name = name or prefix
            size = int(prefix.split("-", 1)[1], 16)
            row = {
                "load_sequence": sequence, "file_name": name, "file_path": name,
                "sha256": f"unknown-{prefix}", "size_bytes": size, "encoding": "unknown",
                "delimiter": "unknown", "decimal_separator": "unknown",
                "rows_loaded": loaded, "rows_quarantined": quarantined,
                "values_emptied": emptied, "landed_file": prefix,
                "warnings": "file log rebuilt from landing/ without a manifest: SHA-256 "
                            "unknown",
                "loaded_at": loaded_at or datetime.fromtimestamp(lines.stat().st_mtime),
            }
            done.warnings.append(
                f"load {sequence} ({name}) has no manifest: its SHA-256 is unknown, so the "
                "same export would load again; keep it out of the inbox")
        if row["load_sequence"] != sequence or row["landed_file"] != prefix:
            done.problems.append(f"load {sequence} ({prefix}): its manifest belongs to "
                                 f"another load ({row['landed_file']})")
            continue
        taken.add(sequence)
        rows.append(row)
    if not rows:
        return done
    con.execute("begin transaction")
    try:
        for row in rows:
            con.execute(
                f"insert into ingest.file_log ({', '.join(FILE_LOG_COLUMNS)}) values "
                f"({', '.join('?' for _ in FILE_LOG_COLUMNS)})",
                [row[c] for c in FILE_LOG_COLUMNS],
            )
            con.execute(
                f"""insert into ingest.quarantine
                select {row['load_sequence']}, source_file_name, record_number,
                    quarantine_column, quarantine_reason, quarantine_value, order_number,
                    buyer_email, ?
                from {quarantine_sql(store.landing / f"{row['landed_file']}.parquet")}""",
                [row["loaded_at"]],
            )
        con.execute("commit")
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("rollback")
        raise
    for row in rows:
        if not (store.landing / f"{row['landed_file']}.json").exists():
            write_landed_manifest(store, row)
    done.loads = [r["load_sequence"] for r in rows]
    done.quarantined = sum(r["rows_quarantined"] for r in rows)
    return done
