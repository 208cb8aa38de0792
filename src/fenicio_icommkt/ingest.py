"""``fenicio-icommkt ingest PATH...``: Fenicio CSV exports into the warehouse's raw layer.

Each accepted file becomes two normalised Parquet files under ``<data dir>/landing/``
(``order_lines``: the contract's columns, what dbt reads; ``order_line_details``: every
other column) plus a row in ``ingest.file_log``; rows whose required fields do not parse go
to ``ingest.quarantine``.  DuckDB does all the parsing; Python only reads the header row
and checks the bytes (SHA-256 and UTF-8) in one streaming pass, in a thread beside DuckDB.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import hashlib
import io
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from fenicio_icommkt import console, headers, parsing, schema, warehouse
from fenicio_icommkt.settings import DataDir, data_dir

CHUNK = 8 * 1024 * 1024
#: The decimal separator is detected from the unambiguous amounts of the first records (all
#: records when those hold none): a file uses one convention throughout.
DETECT_SAMPLE_RECORDS = 100_000
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "latin-1": "latin-1", "latin1": "latin-1",
             "iso-8859-1": "latin-1"}


class RefusedFile(Exception):
    """A file-level problem: nothing of the file is loaded."""


@dataclass
class FileResult:
    path: Path
    status: str  # loaded | skipped | refused
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


# Finding and checking files ---------------------------------------------------------------


def collect_files(paths: list[str]) -> tuple[list[Path], list[FileResult]]:
    """The files of one call in file-name order (by code point); unreadable paths refused."""
    found: list[Path] = []
    refused: list[FileResult] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
        elif path.is_file():
            found.append(path)
        else:
            refused.append(FileResult(path, "refused", "no such file or folder"))
    found.sort(key=lambda p: (p.name, str(p)))
    return found, refused


def hash_and_check(path: Path, encoding: str) -> tuple[str, int]:
    """SHA-256 of the bytes and their size; raises RefusedFile when not valid UTF-8."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if encoding == "utf-8" else None
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            if decoder is not None:
                pending = len(decoder.getstate()[0])
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    at = offset - pending + exc.start
                    raise RefusedFile(
                        f"not valid UTF-8 (first invalid byte at offset {at}); if the file is "
                        "Latin-1, load it with --encoding latin-1"
                    ) from None
            offset += len(chunk)
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise RefusedFile(
                f"not valid UTF-8 (truncated character at the end, offset {offset})"
            ) from None
    return digest.hexdigest(), offset


def read_header(path: Path, encoding: str, delimiter: str | None) -> tuple[list[str], str]:
    """The header row's fields and the delimiter (given, or ',' / ';' detected)."""
    try:
        with path.open(encoding="utf-8-sig" if encoding == "utf-8" else encoding,
                       newline="") as f:
            first = f.read(256 * 1024)
    except UnicodeDecodeError:
        raise RefusedFile("not valid UTF-8 near the start of the file") from None
    if not first.strip():
        raise RefusedFile("empty file (no header row)")
    candidates = [delimiter] if delimiter else [",", ";"]
    best: tuple[list[str], str] | None = None
    for candidate in candidates:
        row = next(csv.reader(io.StringIO(first), delimiter=candidate), [])
        if best is None or len(row) > len(best[0]):
            best = (row, candidate)
    assert best is not None
    if len(best[0]) < 2:
        raise RefusedFile("could not find a ',' or ';' delimiter in the header row")
    return best


# The SQL that reads one file --------------------------------------------------------------


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _reader(path: Path, n_columns: int, delimiter: str, encoding: str) -> str:
    """read_csv over the file with positional column names c0, c1, ... all as text.

    No ``with ordinality``: numbering the records makes DuckDB read the file on one thread
    (more than twice as slow); the landed files keep the file's order instead.
    """
    names = [f"c{i}" for i in range(n_columns)]
    types = ", ".join(f"{_literal(n)}: 'VARCHAR'" for n in names)
    return (
        f"read_csv({_literal(str(path))}, header = true, auto_detect = false, "
        f"delim = {_literal(delimiter)}, quote = '\"', escape = '\"', "
        f"columns = {{{types}}}, encoding = {_literal(encoding)}, strict_mode = true, "
        f"null_padding = false)"
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


def _required_check(match: headers.HeaderMatch) -> tuple[str, str, str]:
    """SQL (over level 2) for (column, reason, value) of the first failing required field."""
    branches: list[tuple[str, str, str, str]] = []  # (condition, column, reason, value)
    branches.append(("t_order_number is null", "'order_number'", "'empty'", "null"))

    purchase = [n for n in ("finished_at", "started_at") if n in match.positions]
    empties = " and ".join(f"t_{n} is null" for n in purchase)
    branches.append(
        (empties, _literal(purchase[0]), _literal(f"empty ({' and '.join(purchase)})"), "null")
    )
    revenue = [n for n in ("order_total", "item_total") if n in match.positions]
    for group, reason in ((purchase, None), (revenue, "'not a number'")):
        for i, name in enumerate(group):
            earlier_empty = "".join(f" and t_{n} is null" for n in group[:i])
            problem = reason or parsing.timestamp_problem(f"t_{name}")
            branches.append((
                f"t_{name} is not null{earlier_empty} and v_{name} is null",
                _literal(name), problem, f"t_{name}",
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
            f"{_literal(file_name)} as source_file_name",
            f"timestamp {_literal(loaded_at.strftime('%Y-%m-%d %H:%M:%S'))} as loaded_at",
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
            final.append(f"cast(o_{col.name} as integer) as {col.name}{schema.OFFSET_SUFFIX}")
        else:
            level2 += [t, f"{parsing.number(t, _literal(decimal))} as v_{col.name}"]
            level3 += [t, f"v_{col.name}"]
            final.append(f"cast(v_{col.name} as {schema.DECIMAL_TYPE}) as {col.name}")
        unparsed.append(
            f"case when {t} is not null and v_{col.name} is null then {_literal(col.name)} end"
        )
    names = ", ".join(unparsed) or "null"
    final.append(f"nullif(concat_ws(', ', {names}), '') as unparsed_columns")
    if part == "order_lines":
        q_column, q_reason, q_value = _required_check(match)
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


def load_file(con: duckdb.DuckDBPyConnection, store: DataDir, path: Path,
              aliases: dict[str, str], options: IngestOptions) -> FileResult:
    """Load one file, or skip it (same content already loaded), or raise RefusedFile.

    The SHA-256/UTF-8 pass over the bytes runs in a thread beside DuckDB's first read of
    the file (``hashlib`` and DuckDB both release the GIL); its verdict is applied before
    anything is recorded. When a loaded file has the same size, it runs first instead, so
    a re-delivered file is skipped without being parsed.
    """
    encoding = ENCODINGS[options.encoding]
    size = path.stat().st_size
    with ThreadPoolExecutor(max_workers=1) as pool:
        checked = pool.submit(hash_and_check, path, encoding)
        if warehouse.has_size(con, size):
            checked.result()

        def verdict() -> FileResult | None:
            """Raise the byte check's refusal, or a skip when the content is loaded."""
            sha256, _ = checked.result()
            if warehouse.is_loaded(con, sha256):
                return FileResult(path, "skipped", "already loaded (same content)")
            return None

        try:
            if size == 0:
                raise RefusedFile("empty file (no header row)")
            result, prefix, written = _land(con, store, path, aliases, options, encoding)
        except RefusedFile:
            skipped = verdict()  # a bad byte or a known file explains the failure best
            if skipped:
                return skipped
            raise
        try:
            skipped = verdict()
            if skipped:
                return skipped
            sha256, _ = checked.result()
            warehouse.record_file(
                con, result=result, sha256=sha256, size=size, delimiter=written.delimiter,
                decimal=written.decimal, encoding=encoding, loaded_at=written.loaded_at,
                quarantine_source=written.quarantine, moves=written.moves,
                landed_prefix=prefix,
            )
        finally:
            warehouse.remove_tree(store.tmp / prefix)
    return result


@dataclass
class _Written:
    """What ``_land`` wrote under the data dir's tmp folder, ready to be recorded."""

    delimiter: str
    decimal: str
    loaded_at: datetime
    quarantine: str  # SQL for the file's quarantined rows (perhaps none)
    moves: list[tuple[Path, Path]]


def _land(con: duckdb.DuckDBPyConnection, store: DataDir, path: Path,
          aliases: dict[str, str], options: IngestOptions,
          encoding: str) -> tuple[FileResult, str, _Written]:
    """Read the file twice (its lines, then its details) into ``tmp/<prefix>/``."""
    header, delimiter = read_header(path, encoding, options.delimiter)
    match = headers.match_headers(header, aliases)
    if match.duplicates:
        first, second, name = match.duplicates[0]
        raise RefusedFile(f"columns {first!r} and {second!r} both mean {name!r}")
    missing = match.missing_required()
    if missing:
        raise RefusedFile("missing required column(s): " + ", ".join(missing))
    result = FileResult(path, "loaded")
    if match.unknown:
        result.warnings.append("ignored unknown column(s): " + ", ".join(match.unknown))

    reader = _reader(path, len(header), delimiter, encoding)
    decimal = options.decimal or _detect_decimal(con, reader, match)
    load_sequence = warehouse.next_load_sequence(con)
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    prefix = f"{load_sequence:08d}-{path.stat().st_size:x}"
    staging = store.tmp / prefix
    warehouse.remove_tree(staging)
    staging.mkdir(parents=True)

    # Two passes over the CSV, each writing one part with every record in file order.
    # The lines carry the quarantine verdict; the dbt source reads only the loaded rows.
    written = {part: staging / f"{part}.parquet" for part in schema.PARTS}
    try:
        for part, target in written.items():
            sql = land_sql(reader, match, decimal, load_sequence, path.name, loaded_at, part)
            _check_keeps_file_order(con, sql)
            con.execute(
                f"copy ({sql}) to {_literal(str(target))} (format parquet, compression snappy)"
            )
    except duckdb.Error as exc:
        warehouse.remove_tree(staging)
        raise RefusedFile(f"could not read the file as CSV: {exc}") from None
    except BaseException:
        warehouse.remove_tree(staging)
        raise
    lines = f"read_parquet({_literal(str(written['order_lines']))}, file_row_number = true)"
    details = (
        f"read_parquet({_literal(str(written['order_line_details']))}, file_row_number = true)"
    )
    quarantine = (
        f"(select *, file_row_number + 1 as record_number from {lines} "
        f"where quarantine_column is not null)"
    )
    loaded, emptied = con.execute(
        f"""select count(*) filter (where quarantine_column is null),
            coalesce(sum(len(string_split(unparsed_columns, ', ')))
                filter (where quarantine_column is null), 0)
        from {lines}"""
    ).fetchone()
    details_emptied = con.execute(
        f"""select coalesce(sum(len(string_split(unparsed_columns, ', '))), 0) from {details}
        where unparsed_columns is not null
            and file_row_number not in (select file_row_number from {quarantine})"""
    ).fetchone()[0]
    result.rows_loaded = int(loaded)
    result.values_emptied = int(emptied) + int(details_emptied)
    result.load_sequence = load_sequence
    result.message = f"delimiter {delimiter!r}, decimal {decimal!r}"
    moves = [(written[part], folder / f"{prefix}.parquet")
             for part, folder in warehouse.landing_dirs(store).items()]
    return result, prefix, _Written(delimiter, decimal, loaded_at, quarantine, moves)


# The command ------------------------------------------------------------------------------


def ingest(paths: list[str], store: DataDir, options: IngestOptions,
           aliases: dict[str, str]) -> list[FileResult]:
    files, results = collect_files(paths)
    with warehouse.connect(store) as con:
        warehouse.recover(con, store)
        progress = console.Progress("ingest", len(files), interval=2.0)
        for path in files:
            try:
                result = load_file(con, store, path, aliases, options)
            except RefusedFile as exc:
                result = FileResult(path, "refused", str(exc))
            except OSError as exc:
                result = FileResult(path, "refused", f"could not read: {exc.strerror or exc}")
            results.append(result)
            _report(result)
            progress.advance()
        progress.close()
    return results


def _report(result: FileResult) -> None:
    name = result.path.name
    if result.status == "refused":
        console.error(f"{result.path}: refused: {result.message}")
    elif result.status == "skipped":
        console.info(f"{name}: skipped, {result.message}")
    else:
        console.info(
            f"{name}: loaded {result.rows_loaded} rows (load {result.load_sequence}), "
            f"{result.rows_quarantined} quarantined, {result.values_emptied} values emptied; "
            f"{result.message}"
        )
    for warning in result.warnings:
        console.warn(f"{name}: {warning}")


def summarise(results: list[FileResult]) -> int:
    loaded = [r for r in results if r.status == "loaded"]
    skipped = [r for r in results if r.status == "skipped"]
    refused = [r for r in results if r.status == "refused"]
    quarantined = sum(r.rows_quarantined for r in loaded)
    console.info(
        f"files: {len(loaded)} loaded, {len(skipped)} skipped as already loaded, "
        f"{len(refused)} refused; rows: {sum(r.rows_loaded for r in loaded)} loaded, "
        f"{quarantined} quarantined, {sum(r.values_emptied for r in loaded)} values emptied"
    )
    if quarantined:
        console.info("quarantined rows: select * from ingest.quarantine (in warehouse.duckdb)")
    if refused and not loaded and not skipped:
        return console.FAILURE
    if refused or quarantined:
        return console.PARTIAL
    return console.OK


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "ingest", help="load Fenicio CSV exports (files or folders of *.csv) into the warehouse"
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--encoding", default="utf-8", choices=sorted(ENCODINGS),
                        help="file encoding (default utf-8; anything else is refused)")
    parser.add_argument("--delimiter", choices=[",", ";"], help="default: detected")
    parser.add_argument("--decimal", choices=[".", ","],
                        help="decimal separator for ambiguous numbers (default: detected)")
    return parser


def run(args: argparse.Namespace) -> int:
    store = DataDir(data_dir(args.data_dir)).ensure()
    options = IngestOptions(args.encoding, args.delimiter, args.decimal)
    aliases = headers.alias_map(store.config)
    results = ingest(args.paths, store, options, aliases)
    return summarise(results)

