"""Where the built contacts are read from, and the SQL that diffs them with the ledger.

Every value, key and payload is made by the dbt models ``icommkt_contacts`` (one row per
email: its formatted fields and ``payload_hash``), ``icommkt_contact_payloads`` (a view:
each contact's ``payload`` as sent, the text that hash was made from) and
``icommkt_cleared_contact`` (what an email gone from the profiles is sent with). This
module formats nothing: it picks the built relations of the engine that builds
(``FENICIO_DBT_TARGET``, as ``profiles.yml`` does: the warehouse's tables on DuckDB, the
Parquet copies the build writes to ``<data dir>/marts/`` elsewhere), classifies each
contact against the ledger and selects what to send.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from fenicio_icommkt.settings import ConfigError, DataDir
from fenicio_icommkt.sql import literal as sql_literal

CONTACTS = "icommkt_contacts"
PAYLOADS = "icommkt_contact_payloads"
CLEARED = "icommkt_cleared_contact"


@dataclass(frozen=True)
class ContactsSource:
    """The built relations as DuckDB SQL, and where they come from (for messages)."""

    contacts: str
    payloads: str
    cleared: str
    origin: str

    @property
    def in_warehouse(self) -> bool:
        return self.contacts == f"marts.{CONTACTS}"


def _parquet_relation(dd: DataDir, name: str) -> str:
    path = (dd.root / "marts" / f"{name}.parquet").resolve()
    if not path.exists():
        raise ConfigError(f"no Parquet copy of {name} at {path}: run `fenicio-icommkt build` "
                          "(the Spark build writes it) first")
    pattern = str(path / "**" / "*.parquet") if path.is_dir() else str(path)  # Spark: a folder
    return f"read_parquet({sql_literal(pattern)})"


def contacts_source(dd: DataDir) -> ContactsSource:
    """The contacts of the engine that builds: DuckDB's tables, or another engine's copies."""
    target = os.environ.get("FENICIO_DBT_TARGET") or "duckdb"
    if target == "duckdb":
        return ContactsSource(f"marts.{CONTACTS}", f"marts.{PAYLOADS}", f"marts.{CLEARED}",
                              str(dd.warehouse))
    return ContactsSource(_parquet_relation(dd, CONTACTS), _parquet_relation(dd, PAYLOADS),
                          _parquet_relation(dd, CLEARED),
                          f"the {target} build's copies in {dd.root / 'marts'}")


def cleared_payload_sql(email_sql: str, cleared_alias: str) -> str:
    """An email gone from the profiles put into icommkt_cleared_contact's envelope."""
    return (f"concat({cleared_alias}.payload_before_email, cast(to_json({email_sql}) as varchar),"
            f" {cleared_alias}.payload_after_email)")


def diff_sql(source: ContactsSource, ledger_table: str | None) -> str:
    """One row per contact to consider: email, payload_hash, change.

    ``change`` is new / changed / unchanged against the ledger's acknowledged hash, or retire
    for an email delivered before that is gone from the contacts (sent with every field "").
    """
    hashed = f"select email, payload_hash, false as retire from {source.contacts}"
    if not ledger_table:
        return f"select email, payload_hash, 'new' as change from ({hashed})"
    blank = f"md5({cleared_payload_sql('l.email', 'c')})"
    hashed += (
        f"\n union all select l.email, {blank} as payload_hash, true as retire"
        f" from {ledger_table} l cross join {source.cleared} c"
        " where l.status = 'active' and l.payload_hash is not null"
        f" and not exists (select 1 from {source.contacts} p where p.email = l.email)"
    )
    return (
        "select h.email, h.payload_hash, case"
        " when h.retire then 'retire'"
        " when l.payload_hash is null then 'new'"
        " when l.payload_hash = h.payload_hash then 'unchanged'"
        " else 'changed' end as change"
        f" from ({hashed}) h left join {ledger_table} l on l.email = h.email"
    )


def send_sql(source: ContactsSource, diff_table: str, full: bool) -> str:
    """The contacts to send: email, payload_hash, payload, change (rows of ``diff_table``).

    The payloads (made by the view icommkt_contact_payloads for the rows it is asked for)
    are joined to the (narrow) diff rows; emails to clear take the cleared contact's
    envelope. The warehouse is held open, so nothing changes in between.
    """
    sent = "" if full else " and d.change <> 'unchanged'"
    return (f"select d.email, d.payload_hash, p.payload, d.change "
            f"from {source.payloads} p join {diff_table} d on p.email = d.email "
            f"where d.change <> 'retire'{sent}"
            f" union all select d.email, d.payload_hash, {cleared_payload_sql('d.email', 'c')}"
            f" as payload, d.change from {diff_table} d cross join {source.cleared} c"
            " where d.change = 'retire'")
