"""Opening the warehouse: the one way (``open_connection`` / ``connect``), and what a
failure to open it means.

A locked, read-only, truncated or zeroed file raises ``WarehouseError`` with what to do.
Opened read-write, the warehouse gets the ingest's tables and the empty landed files
(``bookkeeping``, ``landed``) when they are missing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import duckdb

from fenicio_icommkt import os_errors
from fenicio_icommkt.settings import DataDir
from fenicio_icommkt.warehouse import bookkeeping, landed


class WarehouseError(Exception):
    """The warehouse cannot be opened or used; the message says what to do."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def rebuild_steps(store: DataDir) -> str:
    return (
        f"`fenicio-icommkt ingest --data-dir {store.root} --rebuild-file-log` (the file log "
        f"and the quarantine, from landing/), then `fenicio-icommkt build --data-dir "
        f"{store.root} --full-refresh`"
    )


def describe_open_error(exc: BaseException, store: DataDir) -> WarehouseError:
    """What a failure to open (or set up) the warehouse means, and what to do about it."""
    path = store.warehouse
    if isinstance(exc, OSError):
        return WarehouseError(f"cannot use the warehouse {path}: {os_errors.os_error_text(exc)}; "
                              f"{os_errors.hint(exc.errno)}, then run again")
    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, duckdb.OutOfMemoryException):
        return WarehouseError(f"out of memory opening the warehouse {path} (DuckDB's memory "
                              f"limit is {memory_limit_setting()}); free memory or raise "
                              "FENICIO_MEMORY_LIMIT, then run again")
    if "Could not set lock" in text:
        holder = re.search(r"\(PID (\d+)\)", text)
        by = f" (PID {holder.group(1)})" if holder else ""
        return WarehouseError(
            f"the warehouse {path} is in use by another process{by}: another "
            "fenicio-icommkt command, or a dbt or DuckDB session that has it open. Wait for "
            "it to finish (or close it), then run again"
        )
    code = os_errors.errno_in_text(text)
    corrupt = ("not a valid DuckDB database file", "Could not read enough bytes", "Corrupt",
               "checksum", "Is a directory", "Serialization", "deserializ", "Extension")
    if code is None and (any(c.lower() in text.lower() for c in corrupt)
                         or isinstance(exc, duckdb.SerializationException)):
        return WarehouseError(
            f"the warehouse {path} cannot be read: it is truncated, zeroed or not a DuckDB "
            "file. Restore it from a backup; or move it aside and start a new one from "
            f"landing/ (nothing landed is lost): {rebuild_steps(store)}. The delivery "
            "ledger was in that file, so the next export sends every profile again",
            exit_code=2,
        )
    if "version" in text.lower() and "storage" in text.lower():
        return WarehouseError(
            f"the warehouse {path} was written by another DuckDB version; use the "
            "fenicio-icommkt installation that wrote it", exit_code=2)
    if code is not None:
        return WarehouseError(f"cannot use the warehouse {path}: {os.strerror(code)}; "
                              f"{os_errors.hint(code)}, then run again")
    if "CSV" in str(exc) or "Original Line" in str(exc):  # never pass a row on
        return WarehouseError(f"cannot use the warehouse {path} (DuckDB {type(exc).__name__})")
    return WarehouseError(f"cannot use the warehouse {path} (DuckDB {type(exc).__name__}: "
                          f"{text[:300]})")


def memory_limit_setting(memory_limit: str | None = None) -> str:
    return memory_limit or os.environ.get("FENICIO_MEMORY_LIMIT", "5GB")


def open_connection(store: DataDir, *, read_only: bool = False,
                    memory_limit: str | None = None,
                    threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the store's warehouse, or ``WarehouseError`` saying what is wrong.

    Read-write (the default) creates the warehouse, the bookkeeping tables and the empty
    landed files when missing. Read-only needs an existing warehouse and changes nothing.
    """
    if read_only and not store.warehouse.exists():
        raise WarehouseError(f"no warehouse at {store.warehouse}: run `fenicio-icommkt build` "
                             "first", exit_code=2)
    # never download an extension (DuckDB would, to open a SQLite file put in its place)
    config = {"memory_limit": memory_limit_setting(memory_limit),
              "autoinstall_known_extensions": "false"}
    if not read_only:
        config["temp_directory"] = str(store.tmp)
    threads = threads or int(os.environ.get("FENICIO_THREADS", "0") or 0)
    if threads:
        config["threads"] = str(threads)
    try:
        if not read_only:
            store.ensure()
        con = duckdb.connect(str(store.warehouse), read_only=read_only, config=config)
    except (duckdb.Error, OSError) as exc:
        raise describe_open_error(exc, store) from None
    if read_only:
        return con
    try:
        con.execute(bookkeeping.DDL)
        landed.ensure_empty_landed_file(con, store)
    except (duckdb.Error, OSError) as exc:
        with suppress(duckdb.Error):
            con.close()
        raise describe_open_error(exc, store) from None
    return con


@contextmanager
def connect(store: DataDir, memory_limit: str | None = None, threads: int | None = None,
            read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """``open_connection`` as a context manager (closed at the end)."""
    con = open_connection(store, read_only=read_only, memory_limit=memory_limit,
                          threads=threads)
    try:
        yield con
    finally:
        # A failed checkpoint on close loses nothing: the WAL is replayed on the next open.
        with suppress(duckdb.Error):
            con.close()


def initialise(store: DataDir) -> None:
    """A data dir ready for dbt: the warehouse file, the ingest tables, an empty raw layer.

    Refuses (``WarehouseError``, exit 2) when loads of the file log lost their landed
    files: a build without them would drop their customers, and the export after it would
    clear those contacts in ICOMMKT. (Landed loads the file log does not know do not stop
    a build: their rows are all there; ``ingest`` asks for the file log to be rebuilt.)
    """
    with connect(store) as con:
        try:
            state = bookkeeping.reconcile(con, store)
            read_bookkeeping(con)
        except (duckdb.Error, OSError) as exc:
            raise describe_open_error(exc, store) from None
        if state.missing:
            raise WarehouseError(missing_message(store, state.missing), exit_code=2)


def read_bookkeeping(con: duckdb.DuckDBPyConnection) -> None:
    """Read every row of the command line's own tables (ingest.*, ops.*: small), so that a
    warehouse damaged where they live is said before dbt starts, not as an I/O error in
    the middle of a build. DuckDB reads a block only when a query needs it."""
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = current_database() and schema_name in ('ingest', 'ops')"
    ).fetchall()
    for schema_name, table_name in tables:
        con.execute(f'select * from "{schema_name}"."{table_name}"').fetchall()


def missing_message(store: DataDir, missing: list[bookkeeping.MissingLoad]) -> str:
    listed = "; ".join(f"load {m.load_sequence} ({m.file_name}: {', '.join(m.parts)})"
                       for m in missing[:5])
    more = f"; and {len(missing) - 5} more" if len(missing) > 5 else ""
    return (
        f"the file log lists {len(missing)} load(s) whose landed files are missing from "
        f"{store.root / 'landing'}: {listed}{more}. Their rows are in no build, so the "
        "profiles would be wrong; nothing was loaded or built. Restore landing/ from a "
        "backup, or ingest those same exports again (`fenicio-icommkt ingest --data-dir "
        f"{store.root} FILE...`): each is landed again under its own load number. Then "
        "`fenicio-icommkt build --full-refresh`"
    )
