"""One ingest call: its files in file-name order, each loaded, skipped, refused or
deferred, or the call stopped at it; ``load`` is the command's work and exit code."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from fenicio_icommkt import console, warehouse
from fenicio_icommkt.ingest import faults, file_log, headers, outcomes
from fenicio_icommkt.ingest.faults import EnvironmentProblem, FileProblem, NotReady
from fenicio_icommkt.ingest.file_log import LandingMismatch
from fenicio_icommkt.ingest.files import (
    collect_files,
    compression,
    hash_and_check,
    settle_seconds,
    watch,
)
from fenicio_icommkt.ingest.landing import ENCODINGS, IngestOptions, load_file, where_raised
from fenicio_icommkt.ingest.outcomes import FileResult
from fenicio_icommkt.settings import ConfigError, DataDir, data_dir
from fenicio_icommkt.warehouse import bookkeeping


def _behind(con: duckdb.DuckDBPyConnection, path: Path, seen: os.stat_result,
            waiting_for: Path, options: IngestOptions) -> FileResult:
    """A file after a deferred one: skipped when already loaded, else deferred too, so the
    files still load in file-name order."""
    try:
        if bookkeeping.has_size(con, seen.st_size) and not compression(path):
            sha256, _ = hash_and_check(path, ENCODINGS[options.encoding])
            if bookkeeping.is_loaded(con, sha256):
                return FileResult(path, "skipped", "already loaded (same content)")
    except (FileProblem, OSError):
        pass  # deferred anyway; the problem shows when it is read
    raise NotReady(f"waits for {waiting_for.name}, which comes before it and is not complete "
                   "yet, so that files load in file-name order")


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
            raise LandingMismatch(file_log.unowned_message(store, state.unowned))
        stats, changed = watch(files, settle_seconds())
        if state.missing:
            results += file_log.restore(con, store, files, stats, aliases, options, state.missing)
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
                outcomes.say(result)
                results += [FileResult(later, "not tried", f"ingest stopped at {path.name}")
                            for later in files[index + 1:]]
                break
            results.append(result)
            outcomes.say(result)
            progress.advance()
        progress.close()
        outcomes.record(con, results)  # for the report: skipped and refused files too
    return results


def _safe_internal_error(exc: BaseException) -> None:
    """An unexpected error: its type and where, never its text (it may quote a row)."""
    console.error(f"ingest failed: unexpected {type(exc).__name__} at {where_raised(exc)}; "
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
            return file_log.rebuild(store)
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
    return outcomes.summarise(results)
