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
    "create schema if not exists ops",
    f"""create table if not exists {LEDGER} (
        email varchar primary key,
        payload_hash varchar,
        acknowledged_at timestamp,
        run_id varchar,
        as_of_date date,
        status varchar not null default 'active',
        last_rejection varchar,
        rejected_at timestamp,
        rejected_run_id varchar)""",
    f"""create table if not exists {ACKS} (
        email varchar not null,
        payload_hash varchar,
        answered_at timestamp not null,
        run_id varchar not null,
        as_of_date date,
        retired boolean not null,
        rejection varchar)""",
    f"""create table if not exists {RUNS} (
        run_id varchar primary key,
        as_of_date date,
        started_at timestamp,
        finished_at timestamp,
        full_export boolean,
        contacts_considered bigint,
        contacts_sent bigint,
        contacts_saved bigint,
        contacts_rejected bigint,
        contacts_retired bigint,
        batches_failed bigint,
        retries bigint,
        status varchar,
        message varchar)""",
)

#: Columns added to ops.export_runs after its first version (added in place to old tables).
_RUN_COLUMNS = {
    "contacts_unchanged": "bigint",
    "contacts_unanswered": "bigint",
    "contacts_failed": "bigint",
    "contacts_not_sent": "bigint",
    "rejection_reasons": "varchar",
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
        conn.execute(f"alter table {RUNS} add column if not exists {column} {kind}")


def mark_killed(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Runs left ``running`` ended without finishing (killed, or the machine stopped): mark
    them ``killed`` with what their answer log holds. Call before ``fold``. The warehouse
    admits one writer at a time, so no run that is still alive can be ``running`` here."""
    killed = [str(r[0]) for r in conn.execute(
        f"select run_id from {RUNS} where status = 'running' order by started_at").fetchall()]
    for run_id in killed:
        saved, rejected, retired = conn.execute(
            f"""select count(*) filter (where rejection is null),
                       count(*) filter (where rejection is not null),
                       count(*) filter (where rejection is null and retired)
                from {ACKS} where run_id = ?""", [run_id]).fetchone() or (0, 0, 0)
        conn.execute(
            f"""update {RUNS} set status = 'killed', contacts_saved = ?, contacts_rejected = ?,
                contacts_retired = ?,
                message = 'ended without finishing (killed or stopped); found by the next run '
                          || strftime(?, '%Y-%m-%d %H:%M:%S') || ' UTC'
            where run_id = ?""", [saved, rejected, retired, now(), run_id])
    return killed


def exists(conn: duckdb.DuckDBPyConnection) -> bool:
    row = conn.execute(
        "select count(*) from information_schema.tables"
        " where table_schema = 'ops' and table_name = 'icommkt_ledger'"
    ).fetchone()
    return bool(row and row[0])


def last_delivered_as_of(conn: duckdb.DuckDBPyConnection) -> dt.date | None:
    if not exists(conn):
        return None
    row = conn.execute(
        f"""select max(as_of_date) from (
              select as_of_date from {LEDGER} where acknowledged_at is not null
              union all select as_of_date from {ACKS} where rejection is null)"""
    ).fetchone()
    return row[0] if row else None


def current_sql() -> str:
    """The ledger as it stands: folded rows overridden by acknowledgements not yet folded.

    Columns: email, payload_hash (last acknowledged), status.
    """
    return f"""(
        select coalesce(a.email, l.email) as email,
               coalesce(a.payload_hash, l.payload_hash) as payload_hash,
               case when a.email is null then l.status
                    when a.retired then 'retired' else 'active' end as status
        from {LEDGER} l
        FULL join (
            select email, arg_max(payload_hash, answered_at) as payload_hash,
                   arg_max(retired, answered_at) as retired
            from {ACKS} where rejection is null group by email) a
        on a.email = l.email)"""


def record_answers(conn: duckdb.DuckDBPyConnection, run_id: str, as_of: dt.date | None,
                   saved: Sequence[tuple[str, str, bool]],
                   rejected: Sequence[tuple[str, str]]) -> None:
    """One answered batch: (email, hash, retired) saved and (email, message) rejected.

    Appends to the answer log and commits, so nothing acknowledged is lost if the run dies.
    """
    if not saved and not rejected:
        return
    conn.execute("begin transaction")
    try:
        conn.execute(
            f"""insert into {ACKS} (email, payload_hash, answered_at, run_id, as_of_date,
                                    retired, rejection)
            select unnest(?::varchar[]), unnest(?::varchar[]), ?, ?, ?,
                   unnest(?::boolean[]), unnest(?::varchar[])""",
            [[e for e, _, _ in saved] + [e for e, _ in rejected],
             [h for _, h, _ in saved] + [None] * len(rejected),
             now(), run_id, as_of,
             [r for _, _, r in saved] + [False] * len(rejected),
             [None] * len(saved) + [m for _, m in rejected]],
        )
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise


def fold(conn: duckdb.DuckDBPyConnection) -> None:
    """Move the answer log into the ledger (one transaction); rejections keep the old hash."""
    conn.execute("begin transaction")
    try:
        conn.execute(
            f"""insert into {LEDGER} (email, payload_hash, acknowledged_at, run_id, as_of_date,
                                      status, last_rejection, rejected_at, rejected_run_id)
            select email, arg_max(payload_hash, answered_at), max(answered_at),
                   arg_max(run_id, answered_at), arg_max(as_of_date, answered_at),
                   case when arg_max(retired, answered_at) then 'retired' else 'active' end,
                   null, null, null
            from {ACKS} where rejection is null group by email
            on CONFLICT (email) DO update set
                payload_hash = excluded.payload_hash, acknowledged_at = excluded.acknowledged_at,
                run_id = excluded.run_id, as_of_date = excluded.as_of_date,
                status = excluded.status, last_rejection = null, rejected_at = null,
                rejected_run_id = null"""
        )
        conn.execute(
            f"""insert into {LEDGER} (email, status, last_rejection, rejected_at, rejected_run_id)
            select email, 'active', arg_max(rejection, answered_at), max(answered_at),
                   arg_max(run_id, answered_at)
            from {ACKS} a where rejection is not null
              and not exists (select 1 from {ACKS} b where b.email = a.email
                              and b.rejection is null and b.answered_at > a.answered_at)
            group by email
            on CONFLICT (email) DO update set
                last_rejection = excluded.last_rejection, rejected_at = excluded.rejected_at,
                rejected_run_id = excluded.rejected_run_id"""
        )
        conn.execute(f"delete from {ACKS}")
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise


def start_run(conn: duckdb.DuckDBPyConnection, run_id: str, as_of: dt.date | None,
              full: bool, considered: int, unchanged: int) -> None:
    conn.execute(
        f"""insert into {RUNS} (run_id, as_of_date, started_at, full_export, contacts_considered,
                                contacts_unchanged, contacts_sent, contacts_saved,
                                contacts_rejected, contacts_unanswered, contacts_failed,
                                contacts_not_sent, contacts_retired, batches_failed, retries,
                                status)
        values (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'running')""",
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
        f"""update {RUNS} set finished_at = ?, contacts_considered = ?, contacts_unchanged = ?,
            contacts_sent = ?, contacts_saved = ?, contacts_rejected = ?,
            contacts_unanswered = ?, contacts_failed = ?, contacts_not_sent = ?,
            contacts_retired = ?, batches_failed = ?, retries = ?, status = ?, message = ?,
            rejection_reasons = ?
        where run_id = ?""",
        [now(), counts.considered, counts.unchanged, counts.sent, counts.saved,
         counts.rejected, counts.unanswered, counts.failed, counts.not_sent, counts.retired,
         counts.batches_failed, counts.retries, status, message, reasons, run_id],
    )
