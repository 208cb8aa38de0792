"""Loading one file: the numbers it lands under, the byte check beside DuckDB's read, its
two Parquet files staged, committed with its file-log row and moved into ``landing/``; and
what an error met on the way means (refuse the file, defer it, or stop the call)."""

from __future__ import annotations

import os
import traceback
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from fenicio_icommkt import os_errors, warehouse
from fenicio_icommkt.ingest import faults, files, headers
from fenicio_icommkt.ingest.faults import EnvironmentProblem, FileProblem, NotReady
from fenicio_icommkt.ingest.landing_sql import (
    _check_keeps_file_order,
    _detect_decimal,
    _reader,
    land_sql,
)
from fenicio_icommkt.ingest.outcomes import FileResult
from fenicio_icommkt.settings import DataDir
from fenicio_icommkt.sql import literal as sql_literal
from fenicio_icommkt.warehouse import bookkeeping, landed, schema

ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "latin-1": "latin-1", "latin1": "latin-1",
             "iso-8859-1": "latin-1"}


@dataclass
class IngestOptions:
    encoding: str = "utf-8"
    delimiter: str | None = None
    decimal: str | None = None


@dataclass
class Target:
    """The numbers one file lands under: a new load, or a lost load landed again."""

    load_sequence: int
    prefix: str
    loaded_at: datetime
    file_name: str
    encoding: str
    delimiter: str | None = None  # None: the option, else detected
    decimal: str | None = None
    again: bool = False  # the file-log row exists; its landed files were lost


def where_raised(exc: BaseException) -> str:
    """The innermost frame of this package in an exception's traceback (never its text)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if "fenicio_icommkt" in f.filename]
    if not frames:
        return "unknown place"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"


def _problem(exc: BaseException, path: Path, link: Path, store: DataDir) -> BaseException:
    """What an exception met while loading one file means: refuse, defer or stop."""
    if isinstance(exc, FileProblem | NotReady | EnvironmentProblem):
        return exc
    if isinstance(exc, duckdb.InterruptException) or (
            isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower()):
        # a stop signal inside a query: DuckDB says "Query interrupted"
        return KeyboardInterrupt(f"interrupted while loading {path.name}")
    if not path.exists():
        return NotReady("disappeared while it was being read (moved or renamed?); a file "
                        "that comes back is tried again next time")
    if isinstance(exc, OSError):
        return EnvironmentProblem(str(faults.from_os_error(exc)).replace(str(link), str(path)))
    if isinstance(exc, MemoryError):
        return EnvironmentProblem("out of memory; free memory, then run again")
    if isinstance(exc, duckdb.Error):
        if str(store.warehouse) in str(exc):  # the warehouse, not the file
            damaged = warehouse.describe_open_error(exc, store)
            # a damaged warehouse found mid-load is the same exit 2 as one found on opening
            return damaged if damaged.exit_code == 2 else EnvironmentProblem(str(damaged))
        if faults.is_environment(exc):
            problem = faults.from_duckdb_environment(
                exc, [str(store.root)], warehouse.memory_limit_setting())
            return EnvironmentProblem(str(problem).replace(str(link), str(path)))
        message = faults.describe_csv_error(exc)
        if "state machine reached an invalid state" in str(exc):
            message = _locate_invalid_state(path, message)
        return FileProblem(message)
    return FileProblem(f"unexpected error ({type(exc).__name__} at {where_raised(exc)}); "
                       "nothing of the file was loaded. Please report it")


def _locate_invalid_state(path: Path, message: str) -> str:
    """DuckDB names no line for this error: find where the line endings change, if they do."""
    try:
        compressed = files.compression(path)
        found = faults.locate_line_ending_change(lambda: files.open_bytes(path, compressed))
    except (OSError, EOFError, zlib.error, FileProblem):
        return message
    if found is None:
        return message + " (a stray quote?)"
    record, style, first = found
    where = f"record {record}" if record else "the header row"
    return (f"not a well-formed CSV: mixed line endings: {where} ends with {style}, the "
            f"lines before it with {first}; convert the file to one kind of line ending")


def load_file(con: duckdb.DuckDBPyConnection, store: DataDir, path: Path,
              aliases: dict[str, str], options: IngestOptions,
              seen: os.stat_result | None = None, target: Target | None = None) -> FileResult:
    """Load one file, or skip it (same content already loaded), or raise ``FileProblem``,
    ``NotReady`` or ``EnvironmentProblem`` (nothing of the file recorded in any case).

    The SHA-256/UTF-8 pass over the bytes runs in a thread beside DuckDB's first read of
    the file (``hashlib`` and DuckDB both release the GIL); its verdict is applied before
    anything is recorded. When a loaded file has the same size (or the file is gzip), it
    runs first instead, so a re-delivered file is skipped without being parsed. ``seen``
    is the file's stat when the call looked at it: a file that differs after reading is
    deferred.
    """
    seen = seen or path.stat()
    encoding = ENCODINGS[options.encoding]
    link = store.tmp / "-"
    committed = False
    staging: Path | None = None
    try:
        compressed = files.compression(path)
        if not compressed:
            files.check_complete(path, seen)
        if target is None:
            sequence = bookkeeping.next_load_sequence(con)
            target = Target(sequence, f"{sequence:08d}-{seen.st_size:x}",
                             datetime.now(UTC).replace(tzinfo=None), path.name, encoding)
        # a lost load landed again stages apart: its row exists, so the next ingest must
        # not take a half-written staging folder of it for a committed load to finish
        staging = store.tmp / (target.prefix + (bookkeeping.AGAIN if target.again else ""))
        landed.remove_tree(staging)
        staging.mkdir(parents=True)
        link = staging / ("source.csv.gz" if compressed else "source.csv")
        link.symlink_to(path.resolve())
        with ThreadPoolExecutor(max_workers=1) as pool:
            checked = pool.submit(files.hash_and_check, path, target.encoding, compressed, seen)
            maybe_known = compressed or bookkeeping.has_size(con, seen.st_size)
            if maybe_known and (skipped := _verdict(con, path, checked, target)):
                return skipped
            try:
                result, row = _land(con, staging, link, path, aliases, options, compressed,
                                    target)
            except Exception as exc:
                # a bad byte, cut gzip data or a known file explain a failure best
                if skipped := _verdict(con, path, checked, target):
                    return skipped
                raise _problem(exc, path, link, store) from None
            if skipped := _verdict(con, path, checked, target):
                return skipped
            row["sha256"], row["size_bytes"] = checked.result()
            files.check_unchanged(path, seen)
            bookkeeping.commit_load(con, staging, row, replace=target.again)
            committed = True
        try:
            bookkeeping.finish_load(store, target.prefix, staging)
        except OSError as exc:
            raise EnvironmentProblem(
                f"recorded as load {target.load_sequence}, but moving its files into "
                f"landing/ failed: {os_errors.os_error_text(exc)}; the next ingest finishes the "
                "move once that is fixed"
            ) from None
        return result
    except (FileProblem, NotReady, EnvironmentProblem):
        raise
    except Exception as exc:
        raise _problem(exc, path, link, store) from None
    finally:
        if staging is not None and not committed:
            with suppress(OSError):  # else the next ingest removes it (no row owns it)
                landed.remove_tree(staging)


def _verdict(con: duckdb.DuckDBPyConnection, path: Path, checked: Future[tuple[str, int]],
             target: Target) -> FileResult | None:
    """Raise the byte check's problem, or a skip when the content is loaded already."""
    sha256, _ = checked.result()
    if not target.again and bookkeeping.is_loaded(con, sha256):
        return FileResult(path, "skipped", "already loaded (same content)")
    return None


def _land(con: duckdb.DuckDBPyConnection, staging: Path, link: Path, path: Path,
          aliases: dict[str, str], options: IngestOptions, compressed: bool,
          target: Target) -> tuple[FileResult, dict[str, Any]]:
    """Read the file twice (its lines, then its details) into ``staging``."""
    header, delimiter = files.read_header(path, target.encoding,
                                          target.delimiter or options.delimiter, compressed)
    match = headers.match_headers(header, aliases)
    if match.duplicates:
        first, second, name = match.duplicates[0]
        raise FileProblem(f"columns {first!r} and {second!r} both mean {name!r}")
    missing = match.missing_required()
    if missing:
        raise FileProblem("missing required column(s): " + ", ".join(missing))
    warnings = []
    if match.unknown:
        warnings.append("ignored unknown column(s): " + ", ".join(match.unknown))

    reader = _reader(link, len(header), delimiter, target.encoding, compressed)
    decimal = target.decimal or options.decimal or _detect_decimal(con, reader, match)

    # Two passes over the CSV, each writing one part with every record in file order.
    # The lines carry the quarantine verdict; the dbt source reads only the loaded rows.
    written = {part: staging / f"{part}.parquet" for part in schema.PARTS}
    for part, parquet in written.items():
        sql = land_sql(reader, match, decimal, target.load_sequence, target.file_name,
                       target.loaded_at, part)
        _check_keeps_file_order(con, sql)
        con.execute(
            f"copy ({sql}) to {sql_literal(str(parquet))} (format parquet, compression snappy)"
        )
    loaded, quarantined, emptied = landed.landed_counts(
        con, written["order_lines"], written["order_line_details"])
    result = FileResult(path, "loaded", f"delimiter {delimiter!r}, decimal {decimal!r}",
                        loaded, quarantined, emptied, target.load_sequence, warnings)
    row = {
        "load_sequence": target.load_sequence, "file_name": target.file_name,
        "file_path": str(path.resolve()), "sha256": None, "size_bytes": None,
        "encoding": target.encoding, "delimiter": delimiter, "decimal_separator": decimal,
        "rows_loaded": loaded, "rows_quarantined": quarantined, "values_emptied": emptied,
        "landed_file": target.prefix, "warnings": "; ".join(warnings) or None,
        "loaded_at": target.loaded_at,
    }
    return result, row
