"""Helpers for the export tests: the conformance profiles as a typed mart, the contacts the
dbt models build from it, a runner.

Run as a script (``python export_support.py ARGS``) it is the ``export`` command, so tests can
start it as a subprocess without depending on the other subcommands.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conformance_case import CONFORMANCE
from store_support import made_once

from fenicio_icommkt import console
from fenicio_icommkt.cli import export as export_command
from fenicio_icommkt.dbt_runner import process
from fenicio_icommkt.settings import ConfigError, DataDir

EXPECTED_PROFILES = CONFORMANCE / "expected_profiles.jsonl"
# The contacts with the four segment-history keys of a fresh store's first build.
EXPECTED_CONTACTS = CONFORMANCE / "expected_contacts_with_history.jsonl"
AS_OF = dt.date(2026, 6, 30)

_LISTS = re.compile(r"^(last_purchase_(brands|categories|products|promo_codes)"
                    r"|(products|categories|discount_codes)_.+)$")
_INTEGERS = re.compile(r"^(days_since_.+|(orders|r_score|f_score|m_score)_.+)$")
_MONEY = re.compile(r"^(last_purchase_amount|(revenue|avg_order_value)_.+)$")


def column_type(name: str) -> str:
    """The mart's DuckDB type for a profile column (the contract in the brief)."""
    if name.endswith("_date") or name.endswith("_since"):
        return "DATE"
    if _LISTS.match(name):
        return "VARCHAR[]"
    if _INTEGERS.match(name):
        return "INTEGER"
    if _MONEY.match(name):
        return "DECIMAL(18,2)"
    if name.startswith("units_"):
        return "DECIMAL(18,6)"
    return "VARCHAR"


def load_profiles(path: Path = EXPECTED_PROFILES) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [with_fresh_history(json.loads(line)) for line in handle if line.strip()]


def with_fresh_history(profile: dict[str, Any], as_of: dt.date = AS_OF) -> dict[str, Any]:
    """The four segment-history fields of a fresh store's first build (the profile contract's
    "Segment history and movement"): every since is the as-of date, every previous empty."""
    fresh = {"rfm_segment_previous": "", "rfm_segment_since": as_of.isoformat(),
             "rfm_group_previous": "", "rfm_group_since": as_of.isoformat()}
    return {**profile, **{k: v for k, v in fresh.items() if k not in profile}}


def load_contacts(path: Path = EXPECTED_CONTACTS) -> dict[str, dict[str, str]]:
    """Contacts as {email: {key: value}} (fields in any order)."""
    contacts: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                contact = json.loads(line)
                fields = {f["Key"]: f["Value"] for f in contact["CustomFields"]}
                assert len(fields) == len(contact["CustomFields"]), "a key sent twice"
                contacts[contact["Email"]] = fields
    return contacts


def write_profiles(warehouse: Path, rows: list[dict[str, Any]], as_of: dt.date = AS_OF) -> None:
    """(Re)create ``marts.customer_profiles`` in the warehouse from fixture-shaped rows.

    Types follow the mart contract; empty text becomes NULL as in the mart.
    """
    columns = [c for c in rows[0] if c != "as_of_date"]
    types = {c: column_type(c) for c in columns}
    spec = "{" + ", ".join(f"'{c}': '{types[c]}'" for c in columns) + "}"
    select = ", ".join(f"NULLIF(\"{c}\", '') AS \"{c}\"" if types[c] == "VARCHAR" else f'"{c}"'
                       for c in columns)
    staging = warehouse.with_name(warehouse.name + ".profiles.jsonl")
    with staging.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    try:
        with duckdb.connect(str(warehouse)) as conn:
            conn.execute("CREATE SCHEMA IF NOT EXISTS marts")
            conn.execute(
                f"CREATE OR REPLACE TABLE marts.customer_profiles AS SELECT {select}, "
                f"DATE '{as_of.isoformat()}' AS as_of_date FROM read_json('{staging}', "
                f"columns = {spec}, format = 'newline_delimited')"
            )
    finally:
        staging.unlink()


#: The dbt nodes between customer_profiles and what the exporter reads.
CONTACT_NODES = ("icommkt_field_keys stg_settings__icommkt_field_keys icommkt_contact_fields "
                 "icommkt_contacts icommkt_contact_payloads icommkt_cleared_contact")

ENV_NAMES = ("ICOMMKT_API_KEY", "ICOMMKT_PROFILE_KEY", "ICOMMKT_API_URL", "ICOMMKT_AUTH_STYLE",
             "FENICIO_PURCHASE_WINDOWS", "FENICIO_DATA_DIR", "FENICIO_DBT_TARGET")


def build_contacts(store: Path, as_of: dt.date = AS_OF) -> subprocess.CompletedProcess[str]:
    """``dbt build`` of the contact models (and their tests) on the store's customer_profiles,
    as ``fenicio-icommkt build`` runs them; the output is returned, not printed."""
    command = process.dbt_command(DataDir(store), ["--select", CONTACT_NODES])
    env = process.dbt_env(DataDir(store), as_of.isoformat())
    env.pop("FENICIO_DBT_TARGET", None)
    return subprocess.run(command, cwd=store, env=env, capture_output=True, text=True,
                          check=False)


def _make_template(store: Path) -> None:
    write_profiles(store / "warehouse.duckdb", load_profiles())
    result = build_contacts(store)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.fixture(scope="session")
def fixture_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding the conformance profiles and the contacts the models build from
    them, built once per test run (conftest.py registers it; do not change: copy it)."""
    return made_once(tmp_path_factory, "export-template", _make_template) / "warehouse.duckdb"


def change_contacts(warehouse: Path, emails: list[str], key: str, value: str) -> None:
    """Give the built contacts of ``emails`` a new value under ``key`` (the formatted column,
    hence the payload the view makes, and the hash of that payload), as a build after a
    profile change would (``value`` must need no JSON escaping)."""
    assert emails and '"' not in value and "\\" not in value
    listed = ", ".join("'" + e.replace("'", "''") + "'" for e in emails)
    (field,), = sql(warehouse, "SELECT profile_field FROM marts.icommkt_contact_fields "
                               f"WHERE icommkt_key = '{key}'")
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(f"UPDATE marts.icommkt_contacts SET {field} = '{value}' "
                     f"WHERE email IN ({listed})")
        conn.execute("CREATE TEMP TABLE rehashed AS SELECT email, md5(payload) AS payload_hash "
                     "FROM marts.icommkt_contact_payloads")
        conn.execute("UPDATE marts.icommkt_contacts c SET payload_hash = r.payload_hash "
                     "FROM rehashed r WHERE c.email = r.email")


@pytest.fixture
def fixture_dir(fixture_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data dir whose warehouse holds the conformance profiles (as-of 2026-06-30)."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    store = tmp_path / "store"
    (store / "config").mkdir(parents=True)
    shutil.copy(fixture_template, store / "warehouse.duckdb")
    return store


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fenicio-icommkt")
    sub = export_command.add_parser(parser.add_subparsers(dest="command", required=True))
    sub.add_argument("--data-dir")
    return parser


def run_export(argv: list[str]) -> int:
    """The ``export`` command as cli.main runs it (ConfigError -> exit 2)."""
    args = build_parser().parse_args(["export", *argv])
    try:
        return export_command.run(args)
    except ConfigError as exc:
        console.error(str(exc))
        return console.USAGE


if __name__ == "__main__":
    sys.exit(run_export(sys.argv[1:]))


def ledger_rows(warehouse: Path) -> dict[str, dict[str, Any]]:
    """The folded ledger as {email: row} (read after a run has finished)."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        cursor = conn.execute("SELECT * FROM ops.icommkt_ledger")
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def export_runs(warehouse: Path) -> list[dict[str, Any]]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        cursor = conn.execute("SELECT * FROM ops.export_runs ORDER BY started_at")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def sql(warehouse: Path, statement: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(warehouse)) as conn:
        return conn.execute(statement).fetchall()


def acknowledged(warehouse: Path) -> dict[str, str]:
    """{email: hash} the ledger holds as acknowledged, including a killed run's answer log."""
    from fenicio_icommkt.icommkt import ledger

    with duckdb.connect(str(warehouse)) as conn:
        rows = conn.execute(
            f"SELECT email, payload_hash FROM {ledger.current_sql()} "
            "WHERE payload_hash IS NOT NULL AND status = 'active'").fetchall()
    return dict(rows)
