"""Finding and checking export files, before DuckDB reads them.

The files of one call in file-name order; files changed a moment ago watched until they
settle; a file that ends early deferred (still being written) or refused (cut short); the
SHA-256 and UTF-8 check of the bytes (through gzip for ``.csv.gz``) in one streaming pass;
the header row and its delimiter.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import os
import time
import zlib
from pathlib import Path
from typing import BinaryIO

from fenicio_icommkt.ingest import faults
from fenicio_icommkt.ingest.faults import FileProblem, NotReady
from fenicio_icommkt.ingest.outcomes import FileResult

CHUNK = 8 * 1024 * 1024
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


def identity(st: os.stat_result) -> tuple[int, int, int, int]:
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
        if identity(again) != identity(stats[path]):
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


def compression(path: Path) -> bool:
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


def open_bytes(path: Path, compressed: bool) -> BinaryIO:
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
        with open_bytes(path, compressed) as handle:
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


def check_unchanged(path: Path, seen: os.stat_result) -> None:
    try:
        now = path.stat()
    except FileNotFoundError:
        raise NotReady("disappeared while it was being read (moved or renamed?)") from None
    if identity(now) != identity(seen):
        raise NotReady("changed while it was being read: still being written? It is tried "
                       "again next time")
