"""The delivery ledger and run history in the warehouse's ``ops`` schema.

``ops.icommkt_ledger``: one row per email ever sent: the hash of the last payload ICOMMKT
acknowledged, when, by which run and for which as-of; its status (active / retired, never
deleted) and the last rejection. ``ops.icommkt_acks``: the answers of the run in progress,
appended and committed per batch (cheap: no index), folded into the ledger when the run ends or,
after a run was killed, when the next one starts; ``current_sql()`` reads both.
``ops.export_runs``: one row per export run, with what it did; a run that was killed is
marked ``killed`` by the next one (with what its answer log shows it got acknowledged).
Tables made by an older version gain the new columns in place (``ensure``); no row is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

LEDGER = "ops.icommkt_ledger"
ACKS = "ops.icommkt_acks"
RUNS = "ops.export_runs"

_DDL = (
    "CREATE SCHEMA IF NOT EXISTS ops",
    f"""CREATE TABLE IF NOT EXISTS {LEDGER} (
        email VARCHAR PRIMARY KEY,
        payload_hash VARCHAR,
        acknowledged_at TIMESTAMP,
        run_id VARCHAR,
        as_of_date DATE,
        status VARCHAR NOT NULL DEFAULT 'active',
        last_rejection VARCHAR,
        rejected_at TIMESTAMP,
        rejected_run_id VARCHAR)""",
    f"""CREATE TABLE IF NOT EXISTS {ACKS} (
        email VARCHAR NOT NULL,
        payload_hash VARCHAR,
        answered_at TIMESTAMP NOT NULL,
        run_id VARCHAR NOT NULL,
        as_of_date DATE,
        retired BOOLEAN NOT NULL,
        rejection VARCHAR)""",
    f"""CREATE TABLE IF NOT EXISTS {RUNS} (
        run_id VARCHAR PRIMARY KEY,
        as_of_date DATE,
        started_at TIMESTAMP,
        finished_at TIMESTAMP,
        full_export BOOLEAN,
        contacts_considered BIGINT,
        contacts_sent BIGINT,
        contacts_saved BIGINT,
        contacts_rejected BIGINT,
        contacts_retired BIGINT,
        batches_failed BIGINT,
        retries BIGINT,
        status VARCHAR,
        message VARCHAR)""",
)

#: Columns added to ops.export_runs after its first version (added in place to old tables).
_RUN_COLUMNS = {
    "contacts_unchanged": "BIGINT",
    "contacts_unanswered": "BIGINT",
    "contacts_failed": "BIGINT",
    "contacts_not_sent": "BIGINT",
    "rejection_reasons": "VARCHAR",
}


@dataclass
class RunCounts:
    """What a run did, as stored in ``ops.export_runs``.

    considered = unchanged + to send; to send = sent + not_sent (left when the run
    stopped early); sent = saved + rejected + unanswered + failed.
    """

    considered: int = 0
    unchanged: int = 0
    sent: int = 0
    saved: int = 0
    rejected: int = 0
    unanswered: int = 0
    failed: int = 0
    not_sent: int = 0
    retired: int = 0
    batches_failed: int = 0
    retries: int = 0


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def ensure(conn: duckdb.DuckDBPyConnection) -> None:
    for statement in _DDL:
        conn.execute(statement)
    for column, kind in _RUN_COLUMNS.items():
        conn.execute(f"ALTER TABLE {RUNS} ADD COLUMN IF NOT EXISTS {column} {kind}")


def mark_killed(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Runs left ``running`` ended without finishing (killed, or the machine stopped): mark
    them ``killed`` with what their answer log holds. Call before ``fold``. The warehouse
    admits one writer at a time, so no run that is still alive can be ``running`` here."""
    killed = [str(r[0]) for r in conn.execute(
        f"SELECT run_id FROM {RUNS} WHERE status = 'running' ORDER BY started_at").fetchall()]
    for run_id in killed:
        saved, rejected, retired = conn.execute(
            f"""SELECT count(*) FILTER (WHERE rejection IS NULL),
                       count(*) FILTER (WHERE rejection IS NOT NULL),
                       count(*) FILTER (WHERE rejection IS NULL AND retired)
                FROM {ACKS} WHERE run_id = ?""", [run_id]).fetchone() or (0, 0, 0)
        conn.execute(
            f"""UPDATE {RUNS} SET status = 'killed', contacts_saved = ?, contacts_rejected = ?,
                contacts_retired = ?,
                message = 'ended without finishing (killed or stopped); found by the next run '
                          || strftime(?, '%Y-%m-%d %H:%M:%S') || ' UTC'
            WHERE run_id = ?""", [saved, rejected, retired, now(), run_id])
    return killed


def exists(conn: duckdb.DuckDBPyConnection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM information_schema.tables"
        " WHERE table_schema = 'ops' AND table_name = 'icommkt_ledger'"
    ).fetchone()
    return bool(row and row[0])


def last_delivered_as_of(conn: duckdb.DuckDBPyConnection) -> dt.date | None:
    if not exists(conn):
        return None
    row = conn.execute(
        f"""SELECT max(as_of_date) FROM (
              SELECT as_of_date FROM {LEDGER} WHERE acknowledged_at IS NOT NULL
              UNION ALL SELECT as_of_date FROM {ACKS} WHERE rejection IS NULL)"""
    ).fetchone()
    return row[0] if row else None


def current_sql() -> str:
    """The ledger as it stands: folded rows overridden by acknowledgements not yet folded.

    Columns: email, payload_hash (last acknowledged), status.
    """
    return f"""(
        SELECT coalesce(a.email, l.email) AS email,
               coalesce(a.payload_hash, l.payload_hash) AS payload_hash,
               CASE WHEN a.email IS NULL THEN l.status
                    WHEN a.retired THEN 'retired' ELSE 'active' END AS status
        FROM {LEDGER} l
        FULL JOIN (
            SELECT email, arg_max(payload_hash, answered_at) AS payload_hash,
                   arg_max(retired, answered_at) AS retired
            FROM {ACKS} WHERE rejection IS NULL GROUP BY email) a
        ON a.email = l.email)"""


def record_answers(conn: duckdb.DuckDBPyConnection, run_id: str, as_of: dt.date | None,
                   saved: Sequence[tuple[str, str, bool]],
                   rejected: Sequence[tuple[str, str]]) -> None:
    """One answered batch: (email, hash, retired) saved and (email, message) rejected.

    Appends to the answer log and commits, so nothing acknowledged is lost if the run dies.
    """
    if not saved and not rejected:
        return
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute(
            f"""INSERT INTO {ACKS} (email, payload_hash, answered_at, run_id, as_of_date,
                                    retired, rejection)
            SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?, ?, ?,
                   unnest(?::BOOLEAN[]), unnest(?::VARCHAR[])""",
            [[e for e, _, _ in saved] + [e for e, _ in rejected],
             [h for _, h, _ in saved] + [None] * len(rejected),
             now(), run_id, as_of,
             [r for _, _, r in saved] + [False] * len(rejected),
             [None] * len(saved) + [m for _, m in rejected]],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def fold(conn: duckdb.DuckDBPyConnection) -> None:
    """Move the answer log into the ledger (one transaction); rejections keep the old hash."""
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute(
            f"""INSERT INTO {LEDGER} (email, payload_hash, acknowledged_at, run_id, as_of_date,
                                      status, last_rejection, rejected_at, rejected_run_id)
            SELECT email, arg_max(payload_hash, answered_at), max(answered_at),
                   arg_max(run_id, answered_at), arg_max(as_of_date, answered_at),
                   CASE WHEN arg_max(retired, answered_at) THEN 'retired' ELSE 'active' END,
                   NULL, NULL, NULL
            FROM {ACKS} WHERE rejection IS NULL GROUP BY email
            ON CONFLICT (email) DO UPDATE SET
                payload_hash = excluded.payload_hash, acknowledged_at = excluded.acknowledged_at,
                run_id = excluded.run_id, as_of_date = excluded.as_of_date,
                status = excluded.status, last_rejection = NULL, rejected_at = NULL,
                rejected_run_id = NULL"""
        )
        conn.execute(
            f"""INSERT INTO {LEDGER} (email, status, last_rejection, rejected_at, rejected_run_id)
            SELECT email, 'active', arg_max(rejection, answered_at), max(answered_at),
                   arg_max(run_id, answered_at)
            FROM {ACKS} a WHERE rejection IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM {ACKS} b WHERE b.email = a.email
                              AND b.rejection IS NULL AND b.answered_at > a.answered_at)
            GROUP BY email
            ON CONFLICT (email) DO UPDATE SET
                last_rejection = excluded.last_rejection, rejected_at = excluded.rejected_at,
                rejected_run_id = excluded.rejected_run_id"""
        )
        conn.execute(f"DELETE FROM {ACKS}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def start_run(conn: duckdb.DuckDBPyConnection, run_id: str, as_of: dt.date | None,
              full: bool, considered: int, unchanged: int) -> None:
    conn.execute(
        f"""INSERT INTO {RUNS} (run_id, as_of_date, started_at, full_export, contacts_considered,
                                contacts_unchanged, contacts_sent, contacts_saved,
                                contacts_rejected, contacts_unanswered, contacts_failed,
                                contacts_not_sent, contacts_retired, batches_failed, retries,
                                status)
        VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'running')""",
        [run_id, as_of, now(), full, considered, unchanged],
    )


def reasons_text(reasons: dict[str, int], shown: int = 5) -> str | None:
    """The most frequent rejection reasons with their counts (no email: they are in the
    ledger): ``Email rejected (12); Invalid domain (3)``."""
    if not reasons:
        return None
    ranked = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    text = "; ".join(f"{reason} ({n})" for reason, n in ranked[:shown])
    return text + (f"; {len(ranked) - shown} other reason(s)" if len(ranked) > shown else "")


def finish_run(conn: duckdb.DuckDBPyConnection, run_id: str, counts: RunCounts, status: str,
               message: str | None = None, reasons: str | None = None) -> None:
    conn.execute(
        f"""UPDATE {RUNS} SET finished_at = ?, contacts_considered = ?, contacts_unchanged = ?,
            contacts_sent = ?, contacts_saved = ?, contacts_rejected = ?,
            contacts_unanswered = ?, contacts_failed = ?, contacts_not_sent = ?,
            contacts_retired = ?, batches_failed = ?, retries = ?, status = ?, message = ?,
            rejection_reasons = ?
        WHERE run_id = ?""",
        [now(), counts.considered, counts.unchanged, counts.sent, counts.saved,
         counts.rejected, counts.unanswered, counts.failed, counts.not_sent, counts.retired,
         counts.batches_failed, counts.retries, status, message, reasons, run_id],
    )
