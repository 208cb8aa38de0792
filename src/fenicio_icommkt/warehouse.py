"""The warehouse's ingest bookkeeping: file log, quarantine, landed files, recovery.

A file is loaded atomically: its Parquet file is written under a temporary name, then the
file-log row, its quarantined rows and the renames into ``landing/`` happen together; a
crash in between leaves either nothing or an orphan that the next ingest removes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from fenicio_icommkt import schema
from fenicio_icommkt.settings import DataDir

if TYPE_CHECKING:
    from fenicio_icommkt.ingest import FileResult

EMPTY_LANDED_FILE = "00000000-empty.parquet"

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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@contextmanager
def connect(store: DataDir, memory_limit: str | None = None,
            threads: int | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the store's warehouse with the bookkeeping tables in place."""
    import os

    store.ensure()
    config = {
        "memory_limit": memory_limit or os.environ.get("FENICIO_MEMORY_LIMIT", "5GB"),
        "temp_directory": str(store.tmp),
    }
    threads = threads or int(os.environ.get("FENICIO_THREADS", "0") or 0)
    if threads:
        config["threads"] = str(threads)
    con = duckdb.connect(str(store.warehouse), config=config)
    try:
        con.execute(DDL)
        ensure_empty_landed_file(con, store)
        yield con
    finally:
        con.close()


def initialise(store: DataDir) -> None:
    """A data dir ready for dbt: the warehouse file, the ingest tables, an empty raw layer."""
    with connect(store):
        pass


def landing_dirs(store: DataDir) -> dict[str, Path]:
    """Each part of the raw layer (``schema.PARTS``) and its folder."""
    return {"order_lines": store.landing, "order_line_details": store.landing_details}


def ensure_empty_landed_file(con: duckdb.DuckDBPyConnection, store: DataDir) -> None:
    """Zero-row typed files, so the dbt sources read a schema before anything is loaded."""
    for part, folder in landing_dirs(store).items():
        path = folder / EMPTY_LANDED_FILE
        if path.exists():
            continue
        columns = ", ".join(
            f"cast(null as {t}) as {n}" for n, t in schema.landed_columns(part)
        )
        tmp = Path(str(path) + ".tmp")
        con.execute(
            f"copy (select {columns} limit 0) to {_literal(str(tmp))} (format parquet)"
        )
        tmp.replace(path)


def landed_sql(root: Path, part: str = "order_lines") -> str:
    """SQL for one landed part's rows with their ``record_number`` (the row's position).

    The same reading as the dbt source: ``order_lines`` without the quarantined rows.
    """
    glob = _literal(f"{root}/landing/{part}/*.parquet")
    loaded_only = " where quarantine_column is null" if part == "order_lines" else ""
    return (
        f"(select * exclude (file_row_number), file_row_number + 1 as record_number "
        f"from read_parquet({glob}, union_by_name = true, file_row_number = true)"
        f"{loaded_only})"
    )


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


def record_file(con: duckdb.DuckDBPyConnection, *, result: FileResult, sha256: str,
                size: int, delimiter: str, decimal: str, encoding: str, loaded_at: datetime,
                quarantine_source: str | None, moves: list[tuple[Path, Path]],
                landed_prefix: str) -> None:
    """Quarantine rows, the file-log row and the landed files, all or nothing.

    ``moves`` are (written, landed) paths; the landed files all start with
    ``landed_prefix``, which the file log records.
    """
    con.execute("begin transaction")
    try:
        if quarantine_source:
            con.execute(
                f"""insert into ingest.quarantine
                select load_sequence, source_file_name, record_number, quarantine_column,
                    quarantine_reason, quarantine_value, order_number, buyer_email, ?
                from {quarantine_source}""",
                [loaded_at],
            )
            result.rows_quarantined = int(con.execute(
                "select count(*) from ingest.quarantine where load_sequence = ?",
                [result.load_sequence],
            ).fetchone()[0])
        con.execute(
            "insert into ingest.file_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [result.load_sequence, result.path.name, str(result.path.resolve()), sha256, size,
             encoding, delimiter, decimal, result.rows_loaded, result.rows_quarantined,
             result.values_emptied, landed_prefix,
             "; ".join(result.warnings) or None, loaded_at],
        )
        for written, landed in moves:
            written.replace(landed)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        for written, landed in moves:
            remove_tree(written)
            remove_tree(landed)
        raise


def recover(con: duckdb.DuckDBPyConnection, store: DataDir) -> list[str]:
    """Remove what an interrupted load left: landed files no file-log row owns, temp files."""
    owned = tuple(row[0] for row in con.execute(
        "select landed_file from ingest.file_log where landed_file is not null").fetchall())
    removed = []
    for folder in landing_dirs(store).values():
        for path in folder.iterdir():
            if path.name == EMPTY_LANDED_FILE or path.name.startswith(owned):
                continue
            path.unlink() if path.is_file() else shutil.rmtree(path)
            removed.append(path.name)
    return removed


def remove_tree(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


if __name__ == "__main__":  # `make setup`: the default data dir, ready for `dbt build`
    from fenicio_icommkt.settings import data_dir

    initialise(DataDir(data_dir()))
    print(f"data dir ready: {data_dir()}")
