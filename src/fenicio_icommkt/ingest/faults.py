"""What went wrong while ingesting, said without quoting the data.

Three kinds of problem, three outcomes (``ingest`` applies them):

* ``FileProblem``: the file is bad in itself (not CSV, not UTF-8, a broken record, a
  missing column, a gzip file that is not gzip): it is refused whole and the other files of
  the call go on.
* ``NotReady``: the file is still being written (it changed while ingest watched or read
  it, or it ends without a line break and changed recently): it is deferred, recorded
  nowhere, and tried again by the next call.
* ``EnvironmentProblem``: the machine, not the file (disk full, I/O error, permission, a
  read-only file system, out of memory, a warehouse that cannot be written): the call stops
  at that file with nothing of it recorded; the next call starts there.

DuckDB's CSV errors quote the whole raw row ("Original Line: ..."), card number included,
so no text of a DuckDB data error is ever passed on: the messages here are built from fixed
phrases and the numbers DuckDB reports (line, field counts, sizes). I/O errors are said by
their ``errno`` phrase and the data dir's own paths (``os_errors``).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterable
from typing import BinaryIO

import duckdb

from fenicio_icommkt.os_errors import errno_in_text, hint, os_error_text, paths_in_text


class FileProblem(Exception):
    """A file-level problem: nothing of the file is loaded; the other files go on."""


class NotReady(Exception):
    """The file is not complete yet: deferred, recorded nowhere, tried again next time."""


class EnvironmentProblem(Exception):
    """The machine failed, not the file: the call stops at this file."""


def from_os_error(exc: OSError) -> EnvironmentProblem:
    return EnvironmentProblem(f"{os_error_text(exc)}; {hint(exc.errno)}, then run again")


#: DuckDB exceptions that mean the machine or the warehouse failed, not the file.
_ENVIRONMENT_DUCKDB = (duckdb.IOException, duckdb.OutOfMemoryException,
                       duckdb.FatalException, duckdb.InternalException,
                       duckdb.TransactionException, duckdb.ConnectionException,
                       duckdb.PermissionException)


def is_environment(exc: BaseException) -> bool:
    return isinstance(exc, (MemoryError, *_ENVIRONMENT_DUCKDB)) or (
        isinstance(exc, OSError) and exc.errno != errno.ENOENT
    )


def from_duckdb_environment(exc: duckdb.Error, roots: Iterable[str],
                            memory_limit: str) -> EnvironmentProblem:
    """An environment problem from a DuckDB error: its errno phrase and our paths only."""
    text = str(exc)
    if isinstance(exc, duckdb.OutOfMemoryException):
        return EnvironmentProblem(
            f"out of memory (DuckDB's memory limit is {memory_limit}); free memory or raise "
            "FENICIO_MEMORY_LIMIT, then run again"
        )
    if isinstance(exc, (duckdb.FatalException, duckdb.InternalException)):
        return EnvironmentProblem(
            f"the warehouse connection failed (DuckDB {type(exc).__name__}); run again "
            "(if it happens again, check the disk and memory)"
        )
    code = errno_in_text(text)
    paths = paths_in_text(text, roots)
    phrase = os.strerror(code) if code else f"an I/O error (DuckDB {type(exc).__name__})"
    where = f" ({paths[0]})" if paths else ""
    return EnvironmentProblem(f"{phrase}{where}; {hint(code)}, then run again")


# DuckDB's CSV errors, said by kind and place ------------------------------------------------

#: (pattern over DuckDB's message, what to say; ``{1}``, ``{2}``: the pattern's numbers).
_CSV_KINDS: tuple[tuple[str, str], ...] = (
    (r"Expected Number of Columns: (\d+) Found: (\d+)",
     "has {2} fields where the header has {1}"),
    (r"unterminated quote",
     "has a quoted field that is not closed right (no closing quote, or text after it)"),
    (r"Maximum line size of (\d+) bytes exceeded",
     "is longer than {1} bytes, the most a record may hold (an unclosed quote?)"),
    (r"Invalid unicode|not utf-8 encoded", "is not valid UTF-8"),
    (r"quote should be followed by", "has characters after a closing quote"),
)


def describe_csv_error(exc: BaseException) -> str:
    """What DuckDB's CSV reader found wrong, and where, without the row's content.

    DuckDB's line number counts the header as line 1 and a quoted line break as part of its
    record, so record = line - 1 (the first data row is 1, as in the quarantine).
    """
    text = str(exc)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    where = ""
    if line:
        record = int(line.group(1)) - 1
        where = f"record {record}" if record > 0 else "the header row"
    for pattern, phrase in _CSV_KINDS:
        found = re.search(pattern, text, flags=re.IGNORECASE)
        if found:
            said = phrase
            for i, group in enumerate(found.groups(), start=1):
                said = said.replace("{" + str(i) + "}", str(int(group)))
            return f"not a well-formed CSV: {where or 'a record'} {said}"
    if "state machine reached an invalid state" in text:
        return ("not a well-formed CSV: the reader could not follow its line endings or "
                "quotes" + (f" ({where})" if where else ""))
    if "CSV Error" in text:
        return f"not a well-formed CSV ({where or 'DuckDB could not say where'})"
    return (f"could not be read (DuckDB {type(exc).__name__}"
            + (f" at {where}" if where else "") + "); please report it")


_TERMINATORS = {b"\r\n": "CRLF", b"\n": "LF", b"\r": "CR"}


def locate_line_ending_change(open_binary: Callable[[], BinaryIO],
                              chunk_size: int = 8 * 1024 * 1024) -> tuple[int, str, str] | None:
    """(record, its line ending, the first line's) at the first record, outside quotes,
    that ends differently from the header row; None when every record ends alike.

    Only on the error path (DuckDB's "invalid state" error names no line): one pass in
    Python over the file.
    """
    token = re.compile(rb'"|\r\n|\r|\n')
    in_quotes, ended, first = False, 0, None
    pending = b""
    with open_binary() as handle:
        while True:
            chunk = handle.read(chunk_size)
            data = pending + chunk
            if chunk and data.endswith(b"\r"):  # a CR may be the first half of a CRLF
                data, pending = data[:-1], b"\r"
            else:
                pending = b""
            for match in token.finditer(data):
                tok = match.group()
                if tok == b'"':
                    in_quotes = not in_quotes
                    continue
                if in_quotes:
                    continue
                style = _TERMINATORS[tok]
                if first is None:
                    first = style
                elif style != first:
                    return ended, style, first
                ended += 1
            if not chunk:
                return None
