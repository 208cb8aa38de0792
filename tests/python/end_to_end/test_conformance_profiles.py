"""The conformance case end to end: ingest the inbox, build at as-of 2026-06-30, and
compare ``marts.customer_profiles`` with ``expected_profiles.jsonl`` field for field.

Numbers compare as decimals ("0" == 0.00), lists as lists, and "" equals NULL for text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conformance_case import AS_OF, CONFORMANCE, ExpectedRun

pytestmark = pytest.mark.long

REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DO_NOT_TRACK="1", FENICIO_DATA_DIR=str(data_dir))
    return env


def ingest(data_dir: Path, paths: list[Path] | None = None) -> None:
    result = subprocess.run(
        [str(BIN / "fenicio-icommkt"), "ingest", "--data-dir", str(data_dir),
         *map(str, paths or [CONFORMANCE / "inbox"])],
        cwd=REPO, env=_env(data_dir), capture_output=True, text=True,
    )
    # 3 = loaded with quarantined rows, which the case has on purpose.
    assert result.returncode in (0, 3), result.stdout + result.stderr


def dbt_build(data_dir: Path, dbt_vars: str, unit_tests: bool = True) -> None:
    command = [str(BIN / "dbt"), "build", "--profiles-dir", str(REPO), "--vars", dbt_vars]
    if not unit_tests:
        command += ["--exclude", "resource_type:unit_test"]
    result = subprocess.run(command, cwd=REPO, env=_env(data_dir), capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def read_profiles(data_dir: Path) -> tuple[list[str], dict[str, dict]]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        cursor = con.execute("select * from marts.customer_profiles")
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    return names, {row[0]: dict(zip(names, row, strict=True)) for row in rows}


def _same(expected, actual) -> bool:
    if isinstance(expected, list):
        return list(actual or []) == expected
    if expected is None or expected == "":
        return actual is None or actual == ""
    if isinstance(actual, Decimal | int | float) and not isinstance(actual, bool):
        return Decimal(str(expected)) == Decimal(str(actual))
    if isinstance(actual, dt.date):
        return actual.isoformat() == expected
    return actual == expected


def cli_build(data_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "fenicio-icommkt"), "build", "--data-dir", str(data_dir), *extra],
        cwd=REPO, env=_env(data_dir), capture_output=True, text=True,
    )


@pytest.fixture
def conformance_build(conformance_run: ExpectedRun) -> Path:
    """The case as a store runs it: `ingest`, then `fenicio-icommkt build --as-of`; the
    store of the expected run, made once (do not change: copy it)."""
    build = conformance_run.steps["build"]
    assert build["code"] == 0, build["stdout"][-4000:] + build["stderr"][-2000:]
    return conformance_run.store


def load_expected() -> dict[str, dict]:
    return {
        row["email"]: row
        for row in map(json.loads, (CONFORMANCE / "expected_profiles.jsonl").read_text(
            encoding="utf-8").splitlines())
    }


def assert_profiles_match(data_dir: Path) -> None:
    expected = load_expected()
    names, actual = read_profiles(data_dir)
    assert sorted(actual) == sorted(expected), "customers differ"
    missing_columns = sorted(set(next(iter(expected.values()))) - set(names))
    assert not missing_columns, f"columns missing from the mart: {missing_columns}"
    differences = [
        f"{email} {field}: expected {value!r}, got {actual[email][field]!r}"
        for email, row in sorted(expected.items())
        for field, value in row.items()
        if not _same(value, actual[email][field])
    ]
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences[:50])
    assert {row["as_of_date"] for row in actual.values()} == {dt.date.fromisoformat(AS_OF)}


def test_profiles_match_expected(conformance_build: Path) -> None:
    assert_profiles_match(conformance_build)


def test_incremental_loads_match_expected(tmp_path: Path) -> None:
    """Building between loads (incremental supersede/orders models) ends the same."""
    data_dir = tmp_path / "incremental"
    files = sorted((CONFORMANCE / "inbox").glob("*.csv"), key=lambda p: p.name)
    vars_ = json.dumps({"as_of_date": AS_OF})
    ingest(data_dir, files[:3])
    dbt_build(data_dir, vars_, unit_tests=False)
    ingest(data_dir, files[3:])
    dbt_build(data_dir, vars_, unit_tests=False)
    assert_profiles_match(data_dir)


def test_mart_types(conformance_build: Path) -> None:
    with duckdb.connect(str(conformance_build / "warehouse.duckdb"), read_only=True) as con:
        types = dict(con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'customer_profiles'"
        ).fetchall())
    assert types["email"] == "VARCHAR"
    assert types["first_purchase_date"] == "DATE"
    assert types["days_since_last_purchase"] == "INTEGER"
    assert types["last_order_number"] == "VARCHAR"
    assert types["revenue_30"] == "DECIMAL(18,2)"
    assert types["avg_order_value_total"] == "DECIMAL(18,2)"
    assert types["units_360_plus"] == "DECIMAL(18,6)"
    assert types["orders_total"] == "INTEGER"
    assert types["products_30"] == "VARCHAR[]"
    assert types["r_score_total"] == "INTEGER"
    assert types["rfm_code_90"] == "VARCHAR"
    assert types["as_of_date"] == "DATE"


def test_other_windows_need_no_model_edit(tmp_path: Path, conformance_build: Path) -> None:
    data_dir = tmp_path / "windows"
    shutil.copytree(conformance_build, data_dir)
    dbt_build(data_dir, json.dumps({"as_of_date": AS_OF, "purchase_windows": [7, 30]}),
              unit_tests=False)
    names, profiles = read_profiles(data_dir)
    for metric in ("orders", "revenue", "units", "avg_order_value", "products", "categories",
                   "discount_codes", "r_score", "f_score", "m_score", "rfm_code",
                   "rfm_segment"):
        for scope in ("7", "30", "30_plus", "total"):
            assert f"{metric}_{scope}" in names
        assert f"{metric}_60" not in names
    for row in profiles.values():
        assert row["orders_30"] + row["orders_30_plus"] == row["orders_total"]
        assert row["orders_7"] <= row["orders_30"]


def test_past_as_of_ignores_later_orders(tmp_path: Path, conformance_build: Path) -> None:
    data_dir = tmp_path / "past"
    shutil.copytree(conformance_build, data_dir)
    past = "2026-05-31"
    result = cli_build(data_dir, "--as-of", past)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    _, profiles = read_profiles(data_dir)
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        later = con.execute(
            "select count(*) from marts.fct_orders where purchase_date > ?", [past]
        ).fetchone()[0]
    assert later > 0
    past_date = dt.date.fromisoformat(past)
    for row in profiles.values():
        assert row["as_of_date"] == past_date
        assert row["last_purchase_date"] is None or row["last_purchase_date"] <= past_date
        assert row["days_since_last_purchase"] is None or row["days_since_last_purchase"] >= 0


def test_build_rejects_a_bad_as_of(tmp_path: Path) -> None:
    result = cli_build(tmp_path, "--as-of", "30/06/2026")
    assert result.returncode == 2
