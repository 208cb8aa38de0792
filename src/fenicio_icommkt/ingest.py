"""``fenicio-icommkt ingest PATH...``: Fenicio CSV exports into the warehouse's raw layer.

Each accepted file becomes two normalised Parquet files under ``<data dir>/landing/``
(``order_lines``: the contract's columns, what dbt reads; ``order_line_details``: every
other column) plus a row in ``ingest.file_log``; rows whose required fields do not parse go
to ``ingest.quarantine``.  DuckDB does all the parsing; Python only reads the header row
and checks the bytes (SHA-256 and UTF-8, through gzip for ``.csv.gz``) in one streaming
pass, in a thread beside DuckDB.

What can go wrong, and what happens (``faults``): a file bad in itself is refused and the
others go on; a file still being written is deferred, with the files after it, and tried
again next time; a failing machine (disk full, I/O error, permission, memory) stops the call
at that file. Nothing of a file that is not loaded is recorded, and no message quotes a
row (DuckDB's CSV errors do: they are said by kind and record number instead).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import os
import time
import traceback
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import duckdb

from fenicio_icommkt import console, faults, headers, ingest_outcomes, os_errors, parsing, warehouse
from fenicio_icommkt.faults import EnvironmentProblem, FileProblem, NotReady
from fenicio_icommkt.settings import ConfigError, DataDir, data_dir
from fenicio_icommkt.sql import literal as sql_literal
from fenicio_icommkt.warehouse import bookkeeping, landed, schema

CHUNK = 8 * 1024 * 1024
#: The decimal separator is detected from the unambiguous amounts of the first records (all
#: records when those hold none): a file uses one convention throughout.
DETECT_SAMPLE_RECORDS = 100_000
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "latin-1": "latin-1", "latin1": "latin-1",
             "iso-8859-1": "latin-1"}
#: What ingest reads in a folder (case-insensitive); any other entry is listed as not read.
READ_SUFFIXES = (".csv", ".csv.gz")
#: A file changed less than this many seconds ago is watched until it is that old (one wait
#: per call, for all such files together); one that changes meanwhile is deferred.
#: ``FENICIO_SETTLE_SECONDS`` overrides it.
SETTLE_SECONDS = 1.0
#: A file that ends without a line break (or is empty) and changed within this many seconds
#: is deferred (still being written); an older one is refused (cut short).
RECENT_SECONDS = 3600
GZIP_MAGIC = b"\x1f\x8b"

#: Kept for callers of the earlier name: a file-level problem.
RefusedFile = FileProblem


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


@dataclass
class IngestOptions:
    encoding: str = "utf-8"
    delimiter: str | None = None
    decimal: str | None = None


class LandingMismatch(Exception):
    """``landing/`` and the file log disagree: ingest stops (exit 2) and says how to fix it."""


# Finding and checking files ---------------------------------------------------------------


def _is_read(name: str) -> bool:
    return name.lower().endswith(READ_SUFFIXES)


def collect_files(paths: list[str]) -> tuple[list[Path], list[FileResult], list[str]]:
    """The files of one call in file-name order (by code point), the paths refused (they do
    not exist) and the entries of the given folders that are not read (not .csv/.csv.gz)."""
    found: list[Path] = []
    refused: list[FileResult] = []
    ignored: list[str] = []
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                for entry in path.iterdir():
                    if entry.is_file() and _is_read(entry.name):
                        found.append(entry)
                    else:
                        ignored.append(str(entry) + ("/" if entry.is_dir() else ""))
            elif path.is_file():
                found.append(path)
            else:
                refused.append(FileResult(path, "refused", "no such file or folder"))
        except OSError as exc:
            raise faults.from_os_error(exc) from None
    found.sort(key=lambda p: (p.name, str(p)))
    unique = list(dict.fromkeys(found))
    return unique, refused, sorted(ignored)


def settle_seconds() -> float:
    raw = os.environ.get("FENICIO_SETTLE_SECONDS")
    try:
        return max(0.0, float(raw)) if raw else SETTLE_SECONDS
    except ValueError:
        return SETTLE_SECONDS


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev


def watch(files: list[Path], settle: float) -> tuple[dict[Path, os.stat_result], set[Path]]:
    """Each file's stat, and the files that changed while watched.

    Only files changed less than ``settle`` seconds ago are watched: the call waits once
    until the youngest is that old (at most ``settle``), so the daily run, whose files are
    hours old, does not wait at all.
    """
    stats: dict[Path, os.stat_result] = {}
    gone: set[Path] = set()
    for path in files:
        try:
            stats[path] = path.stat()
        except FileNotFoundError:
            gone.add(path)
    now = time.time()
    young = [p for p, st in stats.items() if now - st.st_mtime < settle]
    if young:
        youngest = min(now - stats[p].st_mtime for p in young)
        time.sleep(min(settle, max(0.0, settle - youngest)))
    changed = set(gone)
    for path in young:
        try:
            again = path.stat()
        except FileNotFoundError:
            changed.add(path)
            continue
        if _identity(again) != _identity(stats[path]):
            changed.add(path)
            stats[path] = again
    return stats, changed


def _is_recent(seen: os.stat_result) -> bool:
    return time.time() - seen.st_mtime < RECENT_SECONDS


def _incomplete(seen: os.stat_result, what: str,
                advice: str = "or, if its last line is complete, add the line break") -> Exception:
    """A file that ends early: still being written if it changed recently, else cut short."""
    age = max(0, int(time.time() - seen.st_mtime))
    if _is_recent(seen):
        return NotReady(f"{what} (changed {age} s ago): still being written? It is tried "
                        "again next time")
    return FileProblem(f"{what} (unchanged for {age // 60} min): the export looks cut short; "
                       f"ask for it again{', ' + advice if advice else ''}")


def _compression(path: Path) -> bool:
    """Whether the file is gzip-compressed (by its first bytes, not its name)."""
    with path.open("rb") as handle:
        magic = handle.read(2)
    compressed = magic == GZIP_MAGIC
    if path.name.lower().endswith(".gz") and not compressed:
        raise FileProblem("named .gz but not gzip-compressed")
    return compressed


def check_complete(path: Path, seen: os.stat_result) -> None:
    """An uncompressed file must end with a line break (CR or LF): a file still being
    written, or cut short, almost never does. One seek, no read of the file."""
    if seen.st_size == 0:
        raise _incomplete(seen, "empty file (no header row)", advice="")
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        last = handle.read(1)
    if last not in (b"\n", b"\r"):
        raise _incomplete(seen, "ends without a line break")


def _open_bytes(path: Path, compressed: bool) -> BinaryIO:
    return gzip.open(path, "rb") if compressed else path.open("rb")


def hash_and_check(path: Path, encoding: str, compressed: bool = False,
                   seen: os.stat_result | None = None) -> tuple[str, int]:
    """SHA-256 of the CSV's bytes (decompressed for gzip) and their number; raises
    FileProblem when not valid UTF-8 or not valid gzip, and for gzip also checks what
    ``check_complete`` checks for plain files."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if encoding == "utf-8" else None
    offset = 0
    last = b""
    try:
        with _open_bytes(path, compressed) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                if decoder is not None:
                    pending = len(decoder.getstate()[0])
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError as exc:
                        at = offset - pending + exc.start
                        raise FileProblem(
                            f"not valid UTF-8 (first invalid byte at offset {at}); if the "
                            "file is Latin-1, load it with --encoding latin-1"
                        ) from None
                offset += len(chunk)
                last = chunk[-1:]
    except EOFError:
        if seen is None:
            raise FileProblem("the gzip data is cut short") from None
        raise _incomplete(seen, "the gzip data is cut short", advice="") from None
    except (gzip.BadGzipFile, zlib.error) as exc:
        damaged = "checksum" in str(exc).lower() or "crc" in str(exc).lower()
        raise FileProblem("not valid gzip data" + (" (damaged: its checksum does not match)"
                                                   if damaged else "")) from None
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileProblem(
                f"not valid UTF-8 (truncated character at the end, offset {offset})"
            ) from None
    if compressed and seen is not None:
        if offset == 0:
            raise _incomplete(seen, "empty file (no header row)", advice="")
        if last not in (b"\n", b"\r"):
            raise _incomplete(seen, "ends without a line break")
    return digest.hexdigest(), offset


def read_header(path: Path, encoding: str, delimiter: str | None,
                compressed: bool = False) -> tuple[list[str], str]:
    """The header row's fields and the delimiter (given, or ',' / ';' detected)."""
    text_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    try:
        if compressed:
            with gzip.open(path, "rt", encoding=text_encoding, newline="") as f:
                first = f.read(256 * 1024)
        else:
            with path.open(encoding=text_encoding, newline="") as f:
                first = f.read(256 * 1024)
    except UnicodeDecodeError:
        raise FileProblem("not valid UTF-8 near the start of the file") from None
    except (EOFError, gzip.BadGzipFile, zlib.error):
        raise FileProblem("not valid gzip data") from None
    if not first.strip():
        raise FileProblem("empty file (no header row)")
    if "\0" in first.split("\n", 1)[0]:
        raise FileProblem("NUL bytes where the header row should be (a zeroed or binary file)")
    candidates = [delimiter] if delimiter else [",", ";"]
    best: tuple[list[str], str] | None = None
    for candidate in candidates:
        try:
            # newline="": the header ends at CR, LF or CRLF, as DuckDB reads it
            row = next(csv.reader(io.StringIO(first, newline=""), delimiter=candidate), [])
        except csv.Error:
            raise FileProblem("the header row is not well-formed CSV (a stray quote, or a "
                              "field longer than 128 KB)") from None
        if best is None or len(row) > len(best[0]):
            best = (row, candidate)
    assert best is not None
    if len(best[0]) < 2:
        raise FileProblem("could not find a ',' or ';' delimiter in the header row")
    return best


# The SQL that reads one file --------------------------------------------------------------


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _reader(path: Path, n_columns: int, delimiter: str, encoding: str,
            compressed: bool = False) -> str:
    """read_csv over the file with positional column names c0, c1, ... all as text.

    ``path`` is the data dir's own link to the file (``tmp/<prefix>/source.csv``), never
    the file's name: DuckDB reads a name with ``*``, ``?``, ``[`` or ``{`` as a glob.
    No ``with ordinality``: numbering the records makes DuckDB read the file on one thread
    (more than twice as slow); the landed files keep the file's order instead.
    """
    names = [f"c{i}" for i in range(n_columns)]
    types = ", ".join(f"{sql_literal(n)}: 'VARCHAR'" for n in names)
    return (
        f"read_csv({sql_literal(str(path))}, header = true, auto_detect = false, "
        f"delim = {sql_literal(delimiter)}, quote = '\"', escape = '\"', "
        f"columns = {{{types}}}, encoding = {sql_literal(encoding)}, strict_mode = true, "
        f"null_padding = false, compression = '{'gzip' if compressed else 'none'}')"
    )


def _text(match: headers.HeaderMatch, name: str) -> str | None:
    """The trimmed text column of a canonical name (level 1), None when the file lacks it."""
    return f"t_{name}" if name in match.positions else None


def _detect_decimal(con: duckdb.DuckDBPyConnection, reader: str,
                    match: headers.HeaderMatch) -> str:
    """The file's decimal separator: the majority of its unambiguous amounts ('.' on a tie)."""
    numeric = [c.name for c in schema.columns()
               if c.type in ("money", "number") and c.name in match.positions]
    if not numeric:
        return "."
    level1 = ", ".join(
        f"{parsing.trimmed(f'c{match.positions[n]}')} as t_{n}" for n in numeric
    )
    level2 = ", ".join(f"{parsing.vote_text(f't_{n}')} as r_{n}" for n in numeric)
    votes = ", ".join(parsing.decimal_vote(f"r_{n}") for n in numeric)
    for limit in (f"limit {DETECT_SAMPLE_RECORDS}", ""):
        dots, commas = con.execute(
            f"select count(*) filter (where vote = '.'), count(*) filter (where vote = ',') "
            f"from (select unnest([{votes}]) as vote from (select {level2} from "
            f"(select {level1} from (select * from {reader} {limit}))))"
        ).fetchone()
        if dots or commas:
            break
    return "," if commas > dots else "."


def _required_check(match: headers.HeaderMatch, decimal: str) -> tuple[str, str, str]:
    """SQL (over level 2) for (column, reason, value) of the first failing required field."""
    branches: list[tuple[str, str, str, str]] = []  # (condition, column, reason, value)
    branches.append(("t_order_number is null", "'order_number'", "'empty'", "null"))

    purchase = [n for n in ("finished_at", "started_at") if n in match.positions]
    empties = " and ".join(f"t_{n} is null" for n in purchase)
    branches.append(
        (empties, sql_literal(purchase[0]),
         sql_literal(f"empty ({' and '.join(purchase)})"), "null")
    )
    revenue = [n for n in ("order_total", "item_total") if n in match.positions]
    for group, is_time in ((purchase, True), (revenue, False)):
        for i, name in enumerate(group):
            earlier_empty = "".join(f" and t_{n} is null" for n in group[:i])
            problem = (parsing.timestamp_problem(f"t_{name}") if is_time
                       else parsing.number_problem(f"t_{name}", sql_literal(decimal)))
            branches.append((
                f"t_{name} is not null{earlier_empty} and v_{name} is null",
                sql_literal(name), problem, f"t_{name}",
            ))

    def chain(pick: int) -> str:
        whens = " ".join(f"when {b[0]} then {b[pick]}" for b in branches)
        return f"(case {whens} end)"

    return chain(1), chain(2), chain(3)


def land_sql(reader: str, match: headers.HeaderMatch, decimal: str, load_sequence: int,
             file_name: str, loaded_at: datetime, part: str = "order_lines") -> str:
    """One pass over the CSV: one landed part's columns, typed.

    Three levels so each value is trimmed and parsed once: level 1 trims the text, level 2
    parses it, level 3 names the landed columns. The ``order_lines`` part also gets the
    quarantine verdict (its columns hold every required field). Rows come out in file
    order (with the default ``preserve_insertion_order``), which numbers them.
    """
    # (a constant keeps each level a valid select when the file has none of the columns)
    level1, level2, level3 = ["true as row_marker"], ["row_marker"], ["row_marker"]

    def carry(*names: str, upto: int = 3) -> None:
        for level in (level2, level3)[: upto - 1]:
            level.extend(names)

    if part == "order_lines":
        final = [
            f"cast({load_sequence} as bigint) as load_sequence",
            f"{sql_literal(file_name)} as source_file_name",
            f"timestamp {sql_literal(loaded_at.strftime('%Y-%m-%d %H:%M:%S'))} as loaded_at",
        ]
    else:
        final = [f"cast({load_sequence} as bigint) as load_sequence"]
    landed_types = dict(schema.landed_columns(part))
    unparsed: list[str] = []
    for col in schema.part_columns(part):
        position = match.positions.get(col.name)
        if position is None:
            final.append(f"cast(null as {landed_types[col.name]}) as {col.name}")
            if col.type == "timestamp":
                final.append(f"cast(null as integer) as {col.name}{schema.OFFSET_SUFFIX}")
            continue
        t = f"t_{col.name}"
        if col.type == "text":
            level1.append(f"c{position}")
            carry(f"c{position}")
            if col.name == "order_number":
                level1.append(f"{parsing.trimmed(f'c{position}')} as {t}")
                carry(t)
            final.append(f"c{position} as {col.name}")
            continue
        level1.append(f"{parsing.trimmed(f'c{position}')} as {t}")
        if col.type == "timestamp":
            level2 += [t, f"{parsing.timestamp_fast(t)} as f_{col.name}"]
            level3 += [
                t,
                f"{parsing.timestamp(t, fast=f'f_{col.name}')} as v_{col.name}",
                f"case when f_{col.name} is null and {t} is not null "
                f"then {parsing.utc_offset_minutes(t)} end as o_{col.name}",
            ]
            final.append(f"cast(v_{col.name} as timestamp) as {col.name}")
            final.append(f"cast(case when v_{col.name} is not null then o_{col.name} end "
                         f"as integer) as {col.name}{schema.OFFSET_SUFFIX}")
        else:
            level2 += [t, f"{parsing.number(t, sql_literal(decimal))} as v_{col.name}"]
            level3 += [t, f"v_{col.name}"]
            final.append(f"cast(v_{col.name} as {schema.DECIMAL_TYPE}) as {col.name}")
        unparsed.append(
            f"case when {t} is not null and v_{col.name} is null then {sql_literal(col.name)} end"
        )
    names = ", ".join(unparsed) or "null"
    final.append(f"nullif(concat_ws(', ', {names}), '') as unparsed_columns")
    if part == "order_lines":
        q_column, q_reason, q_value = _required_check(match, decimal)
        final += [
            f"{q_column} as quarantine_column",
            f"{q_reason} as quarantine_reason",
            f"{q_value} as quarantine_value",
        ]
    sep = ",\n    "
    return (
        f"select\n    {sep.join(final)}\nfrom (\n"
        f"select {sep.join(level3)}\nfrom (\n"
        f"select {sep.join(level2)}\nfrom (\n"
        f"select {sep.join(level1)}\nfrom {reader})))"
    )


#: Plan operators that keep the rows in the order the CSV reader gives them.
ORDER_KEEPING_OPERATORS = frozenset({"PROJECTION", "FILTER", "READ_CSV", "TABLE_SCAN"})


def _check_keeps_file_order(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse to land through a plan that could reorder rows (a join, a sort, a group).

    A landed row's record number is its position in the file, so this is a code bug,
    never a data problem: it must fail loudly, not number records wrongly.
    """
    plan = json.loads(con.execute(f"explain (format json) {sql}").fetchone()[1])
    stack, found = list(plan), set()
    while stack:
        node = stack.pop()
        found.add(node["name"])
        stack.extend(node.get("children", []))
    if not found <= ORDER_KEEPING_OPERATORS:
        raise RuntimeError(
            "the landing query would not keep the file's row order (operators "
            + ", ".join(sorted(found - ORDER_KEEPING_OPERATORS)) + ")"
        )


# Loading one file -------------------------------------------------------------------------


@dataclass
class _Target:
    """The numbers one file lands under: a new load, or a lost load landed again."""

    load_sequence: int
    prefix: str
    loaded_at: datetime
    file_name: str
    encoding: str
    delimiter: str | None = None  # None: the option, else detected
    decimal: str | None = None
    again: bool = False  # the file-log row exists; its landed files were lost


def _where(exc: BaseException) -> str:
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
    return FileProblem(f"unexpected error ({type(exc).__name__} at {_where(exc)}); nothing of "
                       "the file was loaded. Please report it")


def _locate_invalid_state(path: Path, message: str) -> str:
    """DuckDB names no line for this error: find where the line endings change, if they do."""
    try:
        compressed = _compression(path)
        found = faults.locate_line_ending_change(lambda: _open_bytes(path, compressed))
    except (OSError, EOFError, zlib.error, FileProblem):
        return message
    if found is None:
        return message + " (a stray quote?)"
    record, style, first = found
    where = f"record {record}" if record else "the header row"
    return (f"not a well-formed CSV: mixed line endings: {where} ends with {style}, the "
            f"lines before it with {first}; convert the file to one kind of line ending")


def _check_unchanged(path: Path, seen: os.stat_result) -> None:
    try:
        now = path.stat()
    except FileNotFoundError:
        raise NotReady("disappeared while it was being read (moved or renamed?)") from None
    if _identity(now) != _identity(seen):
        raise NotReady("changed while it was being read: still being written? It is tried "
                       "again next time")


def load_file(con: duckdb.DuckDBPyConnection, store: DataDir, path: Path,
              aliases: dict[str, str], options: IngestOptions,
              seen: os.stat_result | None = None, target: _Target | None = None) -> FileResult:
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
        compressed = _compression(path)
        if not compressed:
            check_complete(path, seen)
        if target is None:
            sequence = bookkeeping.next_load_sequence(con)
            target = _Target(sequence, f"{sequence:08d}-{seen.st_size:x}",
                             datetime.now(UTC).replace(tzinfo=None), path.name, encoding)
        # a lost load landed again stages apart: its row exists, so the next ingest must
        # not take a half-written staging folder of it for a committed load to finish
        staging = store.tmp / (target.prefix + (bookkeeping.AGAIN if target.again else ""))
        landed.remove_tree(staging)
        staging.mkdir(parents=True)
        link = staging / ("source.csv.gz" if compressed else "source.csv")
        link.symlink_to(path.resolve())
        with ThreadPoolExecutor(max_workers=1) as pool:
            checked = pool.submit(hash_and_check, path, target.encoding, compressed, seen)
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
            _check_unchanged(path, seen)
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
             target: _Target) -> FileResult | None:
    """Raise the byte check's problem, or a skip when the content is loaded already."""
    sha256, _ = checked.result()
    if not target.again and bookkeeping.is_loaded(con, sha256):
        return FileResult(path, "skipped", "already loaded (same content)")
    return None


def _land(con: duckdb.DuckDBPyConnection, staging: Path, link: Path, path: Path,
          aliases: dict[str, str], options: IngestOptions, compressed: bool,
          target: _Target) -> tuple[FileResult, dict[str, Any]]:
    """Read the file twice (its lines, then its details) into ``staging``."""
    header, delimiter = read_header(path, target.encoding, target.delimiter or options.delimiter,
                                    compressed)
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


def _behind(con: duckdb.DuckDBPyConnection, path: Path, seen: os.stat_result,
            waiting_for: Path, options: IngestOptions) -> FileResult:
    """A file after a deferred one: skipped when already loaded, else deferred too, so the
    files still load in file-name order."""
    try:
        if bookkeeping.has_size(con, seen.st_size) and not _compression(path):
            sha256, _ = hash_and_check(path, ENCODINGS[options.encoding])
            if bookkeeping.is_loaded(con, sha256):
                return FileResult(path, "skipped", "already loaded (same content)")
    except (FileProblem, OSError):
        pass  # deferred anyway; the problem shows when it is read
    raise NotReady(f"waits for {waiting_for.name}, which comes before it and is not complete "
                   "yet, so that files load in file-name order")


def _restore(con: duckdb.DuckDBPyConnection, store: DataDir, files: list[Path],
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
            compressed = _compression(path)
            sha256, _ = hash_and_check(path, "latin-1", compressed)  # the bytes' hash only
        except (FileProblem, NotReady, OSError):
            continue
        load = by_sha.pop(sha256, None)
        if load is None:
            continue
        row = rows[load.load_sequence]
        target = _Target(row["load_sequence"], row["landed_file"], row["loaded_at"],
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
        _report(result)
    return results


# The command ------------------------------------------------------------------------------


def _unowned_message(store: DataDir, unowned: list[str]) -> str:
    listed = ", ".join(unowned[:5]) + (f" and {len(unowned) - 5} more" if len(unowned) > 5
                                       else "")
    return (
        f"landing/ holds {len(unowned)} load(s) that the file log (ingest.file_log in "
        f"{store.warehouse}) does not know: {listed}. The warehouse was lost or replaced, "
        "or files were copied into landing/. Nothing was loaded and nothing deleted. If the "
        f"warehouse was lost or replaced: {warehouse.rebuild_steps(store)}, then ingest "
        "again. Files copied into landing/ by hand: move them out"
    )


def ingest(paths: list[str], store: DataDir, options: IngestOptions,
           aliases: dict[str, str]) -> list[FileResult]:
    """Load the files of one call in file-name order.

    Raises ``LandingMismatch`` (landing/ and the file log disagree), ``EnvironmentProblem``
    (before any file) or ``warehouse.WarehouseError``; a problem of one file is its result.
    """
    files, results, ignored = collect_files(paths)
    if ignored:
        console.warn("not read (ingest reads .csv and .csv.gz files): " + ", ".join(ignored))
    with warehouse.connect(store) as con:
        try:
            state = bookkeeping.reconcile(con, store)
        except OSError as exc:
            raise faults.from_os_error(exc) from None
        for prefix in state.finished:
            console.info(f"load {prefix}: finished moving its files into landing/ (an earlier "
                         "ingest was interrupted after recording it)")
        if state.unowned:
            raise LandingMismatch(_unowned_message(store, state.unowned))
        stats, changed = watch(files, settle_seconds())
        if state.missing:
            results += _restore(con, store, files, stats, aliases, options, state.missing)
            state = bookkeeping.reconcile(con, store)
            if state.missing:
                raise LandingMismatch(warehouse.missing_message(store, state.missing))
        progress = console.Progress("ingest", len(files), interval=2.0)
        waiting_for: Path | None = None
        for index, path in enumerate(files):
            try:
                if path not in stats:
                    raise NotReady("disappeared before it could be read")
                if waiting_for is not None:
                    result = _behind(con, path, stats[path], waiting_for, options)
                elif path in changed:
                    raise NotReady("still being written: it changed while ingest watched it; "
                                   "it is tried again next time")
                else:
                    result = load_file(con, store, path, aliases, options, stats[path])
            except FileProblem as exc:
                result = FileResult(path, "refused", str(exc))
            except NotReady as exc:
                result = FileResult(path, "deferred", str(exc))
                waiting_for = waiting_for or path
            except EnvironmentProblem as exc:
                result = FileResult(path, "failed", str(exc))
                results.append(result)
                _report(result)
                results += [FileResult(later, "not tried", f"ingest stopped at {path.name}")
                            for later in files[index + 1:]]
                break
            results.append(result)
            _report(result)
            progress.advance()
        progress.close()
        ingest_outcomes.record(con, results)  # for the report: skipped and refused files too
    return results


def _report(result: FileResult) -> None:
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


def _safe_internal_error(exc: BaseException) -> None:
    """An unexpected error: its type and where, never its text (it may quote a row)."""
    console.error(f"ingest failed: unexpected {type(exc).__name__} at {_where(exc)}; "
                  "nothing half-done is left. Please report it")


def load(data_dir_arg: str | None, paths: list[str], options: IngestOptions | None = None,
         rebuild_file_log: bool = False) -> int:
    """Land the export files at ``paths`` (files or folders) in the store at
    ``data_dir_arg`` (None: the default data dir), or rebuild its file log; the exit code,
    every problem said on the console. Raises ConfigError (exit 2)."""
    store = DataDir(data_dir(data_dir_arg))
    try:
        store.ensure()
        if rebuild_file_log:
            return rebuild(store)
        aliases = headers.alias_map(store.config)
        results = ingest(paths, store, options or IngestOptions(), aliases)
    except LandingMismatch as exc:
        console.error(str(exc))
        return console.USAGE
    except warehouse.WarehouseError as exc:
        console.error(str(exc))
        return exc.exit_code
    except EnvironmentProblem as exc:
        console.error(f"ingest stopped: {exc}")
        return console.FAILURE
    except OSError as exc:
        console.error(f"ingest stopped: {faults.from_os_error(exc)}")
        return console.FAILURE
    except duckdb.Error as exc:
        if str(store.warehouse) in str(exc):
            problem = warehouse.describe_open_error(exc, store)
            console.error(f"ingest stopped: {problem}")
            return problem.exit_code
        if faults.is_environment(exc):
            console.error("ingest stopped: " + str(faults.from_duckdb_environment(
                exc, [str(store.root)], warehouse.memory_limit_setting())))
        else:
            _safe_internal_error(exc)
        return console.FAILURE
    except ConfigError:
        raise  # the command line says it (exit 2)
    except Exception as exc:
        _safe_internal_error(exc)
        return console.FAILURE
    return summarise(results)
