"""Deliver the built contacts to ICOMMKT, or write a dry run (``fenicio-icommkt export``).

Reads the dbt model ``icommkt_contacts`` (each email's formatted fields and the hash of its
payload; on a Spark build, the Parquet copy of that same model), compares each hash with the
delivery ledger and sends only what changed (``--full``: everything) as ``SaveMultiContact``
batches, their payloads made by the view ``icommkt_contact_payloads``. It formats no value:
see ``models/marts/icommkt/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import duckdb

from fenicio_icommkt import console
from fenicio_icommkt.icommkt import built_settings, ledger
from fenicio_icommkt.icommkt.client import DEFAULT_API_URL, ClientSettings, IcommktClient
from fenicio_icommkt.icommkt.delivery import Contact, DeliveryResult, deliver
from fenicio_icommkt.icommkt.payload import ContactsSource, contacts_source, diff_sql, send_sql
from fenicio_icommkt.settings import ConfigError, DataDir, data_dir, store_setting

DIFF_TABLE = "icommkt_export_diff"
CHANGES = ("new", "changed", "unchanged", "retire")


@dataclass(frozen=True)
class ExportOptions:
    """What one export does; the command line's defaults are these (``cli/export.py``)."""

    as_of: dt.date | None = None
    dry_run: bool = False
    out: str | None = None
    full: bool = False
    batch_size: int = 500
    concurrency: int = 4
    timeout: float = 60.0
    max_tries: int = 6
    backoff: float = 1.0
    backoff_max: float = 60.0
    retry_after_max: float = 60.0
    stop_after_failures: int = 4

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> ExportOptions:
        return cls(**{f.name: getattr(args, f.name) for f in fields(cls)})


def _connect(dd: DataDir, dry_run: bool, source: ContactsSource) -> duckdb.DuckDBPyConnection:
    if dry_run and not dd.warehouse.exists():
        if source.in_warehouse:
            raise ConfigError(f"no warehouse at {dd.warehouse}: run `fenicio-icommkt build` first")
        return duckdb.connect()
    return duckdb.connect(str(dd.warehouse), read_only=dry_run)


def _contacts_as_of(conn: duckdb.DuckDBPyConnection, source: ContactsSource) -> dt.date | None:
    """The as-of the contacts were built for (one date, or the build is broken)."""
    try:
        low, high, rows = conn.execute(
            f"select min(as_of_date), max(as_of_date), count(*) from {source.contacts}"
        ).fetchone() or (None, None, 0)
        cleared = conn.execute(f"select min(as_of_date), count(*) from {source.cleared}"
                               ).fetchone() or (None, 0)
    except duckdb.Error as exc:
        raise ConfigError(
            f"cannot read the built contacts ({source.origin}): run `fenicio-icommkt build` "
            f"first ({type(exc).__name__})"
        ) from exc
    if cleared[1] != 1:
        raise ConfigError(f"the built contacts ({source.origin}) have no cleared contact: "
                          "run `fenicio-icommkt build`")
    if low != high or (rows and cleared[0] != low):
        raise ConfigError(f"the built contacts mix as-of dates {low}, {high} and {cleared[0]}: "
                          "run `fenicio-icommkt build`")
    return low if rows else cleared[0]


def _check_as_of(requested: dt.date | None, built: dt.date | None,
                 delivered: dt.date | None) -> None:
    if requested is not None and built is not None and requested != built:
        raise ConfigError(
            f"--as-of {requested} but the profiles are built for {built}: "
            f"run `fenicio-icommkt build --as-of {requested}` first"
        )
    if delivered is not None and built is not None and built < delivered:
        raise ConfigError(
            f"the profiles are built for {built}, earlier than {delivered} already sent; "
            "sending them would overwrite newer values. A backfill is a build plus "
            "`export --dry-run`"
        )


def _client_settings(args: ExportOptions, config_dir: Path) -> ClientSettings:
    api_key = store_setting(config_dir, "ICOMMKT_API_KEY")
    profile_key = store_setting(config_dir, "ICOMMKT_PROFILE_KEY")
    missing = [name for name, value in (("ICOMMKT_API_KEY", api_key),
                                        ("ICOMMKT_PROFILE_KEY", profile_key)) if not value]
    if missing:
        raise ConfigError(f"set {' and '.join(missing)} in the environment or in "
                          f"{config_dir / 'icommkt.yml'} (see config/icommkt.example.yml)")
    style = (store_setting(config_dir, "ICOMMKT_AUTH_STYLE", "basic") or "basic").lower()
    if style not in ("basic", "bare"):
        raise ConfigError("ICOMMKT_AUTH_STYLE must be basic or bare")
    return ClientSettings(
        api_url=store_setting(config_dir, "ICOMMKT_API_URL", DEFAULT_API_URL) or DEFAULT_API_URL,
        api_key=str(api_key), profile_key=str(profile_key), auth_style=style,
        timeout=args.timeout, max_tries=args.max_tries, backoff_base=args.backoff,
        backoff_max=args.backoff_max, retry_after_max=args.retry_after_max,
    )


def _change_counts(conn: duckdb.DuckDBPyConnection, diff: str) -> dict[str, int]:
    """Classify every contact once into a temp table (email, payload_hash, change); count."""
    conn.execute(f"create or replace temp table {DIFF_TABLE} as "
                 f"select email, payload_hash, change from ({diff})")
    rows = conn.execute(f"select change, count(*) from {DIFF_TABLE} group by change").fetchall()
    counts = dict.fromkeys(CHANGES, 0)
    counts.update({str(change): int(n) for change, n in rows})
    return counts


def _batches(cursor: duckdb.DuckDBPyConnection, size: int) -> Iterator[list[Contact]]:
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            return
        yield [Contact(*row) for row in rows]


def _counts_line(counts: dict[str, int]) -> str:
    return (f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged, "
            f"{counts['retire']} gone from the profiles (to clear)")


def _dry_run(conn: duckdb.DuckDBPyConnection, dd: DataDir, args: ExportOptions,
             send: str, as_of: dt.date | None, counts: dict[str, int]) -> int:
    out = Path(args.out) if args.out else dd.exports / f"icommkt-contacts-{as_of or 'latest'}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    conn.execute(send)  # any order (unsorted: a sort of every payload costs GBs of memory)
    written = 0
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as handle:
            for batch in _batches(conn, 10_000):
                handle.writelines(contact.payload + "\n" for contact in batch)
                written += len(batch)
        os.replace(partial, out)
    except BaseException as exc:  # a full disk, or an interrupt: no half-written file stays
        partial.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        console.error(f"dry run: cannot write {out}: {exc.strerror or exc}; nothing was "
                      "written (an earlier file of that name is left as it was)")
        return console.FAILURE
    console.info(f"dry run: {_counts_line(counts)}")
    console.info(f"dry run: wrote {written} contacts (nothing sent, ledger untouched) to {out}")
    return console.OK


def _status(result: DeliveryResult) -> tuple[str, int, str | None]:
    totals = result.counts
    if result.fatal:
        return "config_error", console.USAGE, result.fatal
    if result.interrupted:
        return "interrupted", console.FAILURE, result.interrupted
    if result.stopped_early:
        return "stopped", console.FAILURE, result.stopped_early
    if totals.batches_failed or totals.unanswered:
        problems = []
        if totals.batches_failed:
            problems.append(f"{totals.batches_failed} batch(es) failed: {result.batch_errors[0]}")
        if totals.unanswered:
            problems.append(f"{totals.unanswered} contact(s) got no response after all tries")
        return "failed", console.FAILURE, "; ".join(problems)
    if totals.rejected:
        return "partial", console.PARTIAL, None
    return "ok", console.OK, None


def _finish(conn: duckdb.DuckDBPyConnection, run_id: str, result: DeliveryResult,
            counts: dict[str, int], to_send: int) -> int:
    totals = result.counts
    totals.not_sent = max(0, to_send - totals.sent)
    status, code, message = _status(result)
    reasons = ledger.reasons_text(result.reasons)
    ledger.fold(conn)
    ledger.finish_run(conn, run_id, totals, status, message, reasons)
    console.info(f"export {run_id}: {totals.considered} considered: {_counts_line(counts)}")
    console.info(f"export: sent {totals.sent}: saved {totals.saved} (cleared {totals.retired}), "
                 f"rejected {totals.rejected}, unanswered after all tries {totals.unanswered}, "
                 f"in failed batches {totals.failed}; not sent {totals.not_sent}; "
                 f"retries {totals.retries}; status {status}")
    for email, reason in result.rejections[:5]:
        console.warn(f"rejected {email}: {reason}")
    if totals.rejected:
        console.warn(f"{totals.rejected} contact(s) rejected by ICOMMKT ({reasons}); reasons in "
                     f"{ledger.LEDGER}.last_rejection; they are sent again on the next run")
    for error in result.batch_errors[:5]:
        console.error(f"batch failed: {error}")
    if totals.unanswered:
        console.error(f"{totals.unanswered} contact(s) got no response from ICOMMKT after all "
                      "tries; they are sent again on the next run")
    if result.stopped_early or result.interrupted:
        console.error(f"{result.interrupted or result.stopped_early}; "
                      f"{totals.not_sent} contact(s) not sent, everything acknowledged is kept; "
                      "the next run sends the rest")
    if result.fatal:
        console.error(result.fatal)
    return code


def export(data_dir_arg: str | None, args: ExportOptions) -> int:
    """Deliver (or, ``args.dry_run``, write) the contacts of the store at ``data_dir_arg``
    (None: the default data dir); the exit code. Raises ConfigError (exit 2)."""
    dd = DataDir(data_dir(data_dir_arg)).ensure()
    source = contacts_source(dd)
    settings = None if args.dry_run else _client_settings(args, dd.config)
    try:
        conn = _connect(dd, args.dry_run, source)
    except duckdb.IOException as exc:
        console.error(f"cannot open {dd.warehouse}: {exc}")
        return console.FAILURE
    with conn:
        if source.in_warehouse:
            built_settings.check(conn, dd.config, dd.root)
        as_of = _contacts_as_of(conn, source)
        delivered = None if args.dry_run else ledger.last_delivered_as_of(conn)
        _check_as_of(args.as_of, as_of, delivered)
        if not args.dry_run:
            ledger.ensure(conn)
            for killed in ledger.mark_killed(conn):
                console.warn(f"export run {killed} ended without finishing (killed or stopped): "
                             f"marked killed in {ledger.RUNS}; what it got acknowledged is "
                             "kept, the rest is sent now")
            ledger.fold(conn)
        has_ledger = ledger.exists(conn)
        diff = diff_sql(source, ledger.current_sql() if has_ledger else None)
        counts = _change_counts(conn, diff)
        send = send_sql(source, DIFF_TABLE, args.full)
        if args.dry_run:
            return _dry_run(conn, dd, args, send, as_of, counts)
        assert settings is not None
        considered = sum(counts.values())
        if counts["retire"] and considered == counts["retire"]:
            raise ConfigError(
                f"the contacts ({source.origin}) are empty: refusing to clear all "
                f"{counts['retire']} contacts delivered before; rebuild the profiles first"
            )
        to_send = considered if args.full else considered - counts["unchanged"]
        run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]
        unchanged = 0 if args.full else counts["unchanged"]
        ledger.start_run(conn, run_id, as_of, args.full, considered, unchanged)
        console.info(f"export {run_id}: {_counts_line(counts)}; sending {to_send}")
        progress = console.Progress("export", to_send)
        client = IcommktClient(settings, on_wait=lambda text: console.warn(f"export: {text}"))
        try:
            reader = conn.execute(send)
            result = deliver(_batches(reader, args.batch_size), client, conn, run_id, as_of,
                             args.concurrency, progress, args.stop_after_failures)
        except KeyboardInterrupt as exc:  # before the first batch went out (deliver has its own)
            counts_so_far = ledger.RunCounts(considered=considered, unchanged=unchanged,
                                             not_sent=to_send)
            ledger.finish_run(conn, run_id, counts_so_far, "interrupted", str(exc) or None)
            raise
        finally:
            progress.close()
        result.counts.considered = considered
        result.counts.unchanged = unchanged
        return _finish(conn, run_id, result, counts, to_send)
