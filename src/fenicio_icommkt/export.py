"""``fenicio-icommkt export``: deliver the built contacts to ICOMMKT (or write a dry run).

Reads the dbt model ``icommkt_contacts`` (each email's payload, already formatted, and its
hash; on a Spark build, the Parquet copy of that same model), compares each hash with the
delivery ledger and sends only what changed (``--full``: everything) as ``SaveMultiContact``
batches. It formats no value: see ``models/marts/icommkt/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from fenicio_icommkt import console, ledger
from fenicio_icommkt.icommkt_client import DEFAULT_API_URL, ClientSettings, IcommktClient
from fenicio_icommkt.icommkt_delivery import Contact, DeliveryResult, deliver
from fenicio_icommkt.icommkt_payload import ContactsSource, contacts_source, diff_sql, send_sql
from fenicio_icommkt.settings import ConfigError, DataDir, data_dir, store_setting

DIFF_TABLE = "icommkt_export_diff"
CHANGES = ("new", "changed", "unchanged", "retire")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export", help="send the customer profiles to ICOMMKT (only what changed)",
        description="Send the profile mart to ICOMMKT as SaveMultiContact batches.",
    )
    parser.add_argument("--as-of", type=_date, help="refuse unless the profiles are built for it")
    parser.add_argument("--dry-run", action="store_true",
                        help="send nothing; write the contacts as JSON lines to --out")
    parser.add_argument("--out", help="dry-run output (default: <data dir>/exports/...)")
    parser.add_argument("--full", action="store_true",
                        help="send every profile, not only the changed ones")
    parser.add_argument("--batch-size", type=_positive_int, default=500)
    parser.add_argument("--concurrency", type=_positive_int, default=4,
                        help="calls in flight (default 4)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per call")
    parser.add_argument("--max-tries", type=_positive_int, default=6,
                        help="tries per batch on 429 / 5xx / timeouts (default 6)")
    parser.add_argument("--backoff", type=float, default=1.0,
                        help="first backoff in seconds, doubled per try, with jitter")
    parser.add_argument("--backoff-max", type=float, default=60.0)
    return parser


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
            f"SELECT min(as_of_date), max(as_of_date), count(*) FROM {source.contacts}"
        ).fetchone() or (None, None, 0)
        cleared = conn.execute(f"SELECT min(as_of_date), count(*) FROM {source.cleared}"
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


def _client_settings(args: argparse.Namespace, config_dir: Path) -> ClientSettings:
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
        backoff_max=args.backoff_max,
    )


def _change_counts(conn: duckdb.DuckDBPyConnection, diff: str) -> dict[str, int]:
    """Classify every contact once into a temp table (email, payload_hash, change); count."""
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {DIFF_TABLE} AS "
                 f"SELECT email, payload_hash, change FROM ({diff})")
    rows = conn.execute(f"SELECT change, count(*) FROM {DIFF_TABLE} GROUP BY change").fetchall()
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


def _dry_run(conn: duckdb.DuckDBPyConnection, dd: DataDir, args: argparse.Namespace,
             send: str, as_of: dt.date | None, counts: dict[str, int]) -> int:
    out = Path(args.out) if args.out else dd.exports / f"icommkt-contacts-{as_of or 'latest'}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    conn.execute(send)  # any order (unsorted: a sort of every payload costs GBs of memory)
    written = 0
    with partial.open("w", encoding="utf-8", newline="\n") as handle:
        for batch in _batches(conn, 10_000):
            handle.writelines(contact.payload + "\n" for contact in batch)
            written += len(batch)
    os.replace(partial, out)
    console.info(f"dry run: {_counts_line(counts)}")
    console.info(f"dry run: wrote {written} contacts (nothing sent, ledger untouched) to {out}")
    return console.OK


def _finish(conn: duckdb.DuckDBPyConnection, run_id: str, result: DeliveryResult,
            counts: dict[str, int]) -> int:
    totals = result.counts
    if result.fatal:
        status, code, message = "config_error", console.USAGE, result.fatal
    elif totals.batches_failed:
        status, code = "failed", console.FAILURE
        message = f"{totals.batches_failed} batch(es) failed: {result.batch_errors[0]}"
    elif totals.rejected:
        status, code, message = "partial", console.PARTIAL, None
    else:
        status, code, message = "ok", console.OK, None
    ledger.fold(conn)
    ledger.finish_run(conn, run_id, totals, status, message)
    console.info(f"export {run_id}: {_counts_line(counts)}")
    console.info(f"export: sent {totals.sent}, saved {totals.saved} (cleared {totals.retired}), "
                 f"rejected {totals.rejected}, batches failed {totals.batches_failed}, "
                 f"retries {totals.retries}")
    for email, reason in result.rejections[:5]:
        console.warn(f"rejected {email}: {reason}")
    if totals.rejected:
        console.warn(f"{totals.rejected} contact(s) rejected; reasons in "
                     f"{ledger.LEDGER}.last_rejection; they are retried on the next run")
    for error in result.batch_errors[:5]:
        console.error(f"batch failed: {error}")
    if result.fatal:
        console.error(result.fatal)
    return code


def run(args: argparse.Namespace) -> int:
    dd = DataDir(data_dir(args.data_dir)).ensure()
    source = contacts_source(dd)
    settings = None if args.dry_run else _client_settings(args, dd.config)
    try:
        conn = _connect(dd, args.dry_run, source)
    except duckdb.IOException as exc:
        console.error(f"cannot open {dd.warehouse}: {exc}")
        return console.FAILURE
    with conn:
        as_of = _contacts_as_of(conn, source)
        delivered = None if args.dry_run else ledger.last_delivered_as_of(conn)
        _check_as_of(args.as_of, as_of, delivered)
        if not args.dry_run:
            ledger.ensure(conn)
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
        ledger.start_run(conn, run_id, as_of, args.full, considered)
        console.info(f"export {run_id}: {_counts_line(counts)}; sending {to_send}")
        reader = conn.execute(send)
        progress = console.Progress("export", to_send)
        client = IcommktClient(settings)
        try:
            result = deliver(_batches(reader, args.batch_size), client, conn, run_id, as_of,
                             args.concurrency, progress)
        finally:
            progress.close()
        result.counts.considered = considered
        return _finish(conn, run_id, result, counts)
