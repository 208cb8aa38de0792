"""The dry run writes exactly the built contacts, from DuckDB's tables or another engine's
Parquet copies (the formats and the key map are the dbt models', see test_contacts_model)."""

from __future__ import annotations

import json
from pathlib import Path

import export_support as support
import pytest


def _dry_run_equals_expected(data_dir: Path, extra: list[str]) -> None:
    out = data_dir / "contacts.jsonl"
    code = support.run_export(["--data-dir", str(data_dir), "--as-of", "2026-06-30",
                               "--dry-run", "--full", "--out", str(out), *extra])
    assert code == 0
    assert support.load_contacts(out) == support.load_contacts()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(support.load_contacts())
    assert all(set(json.loads(line)) == {"Email", "CustomFields"} for line in lines)


def test_dry_run_writes_exactly_the_expected_contacts(fixture_dir: Path) -> None:
    _dry_run_equals_expected(fixture_dir, [])
    assert not support.sql(fixture_dir / "warehouse.duckdb",
                           "SELECT * FROM information_schema.schemata WHERE schema_name = 'ops'")


@pytest.mark.parametrize("spark_folder", [False, True])
def test_dry_run_from_parquet(fixture_dir: Path, tmp_path: Path, spark_folder: bool,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Another engine's build: the exporter reads the Parquet copies of the same models."""
    other = tmp_path / "spark-store"
    for name in ("icommkt_contacts", "icommkt_contact_payloads", "icommkt_cleared_contact"):
        parquet = other / "marts" / f"{name}.parquet"
        target = parquet / "part-00000-x.snappy.parquet" if spark_folder else parquet
        target.parent.mkdir(parents=True, exist_ok=True)
        support.sql(fixture_dir / "warehouse.duckdb",
                    f"COPY marts.{name} TO '{target}' (FORMAT parquet)")
    monkeypatch.setenv("FENICIO_DBT_TARGET", "spark")
    _dry_run_equals_expected(other, [])


def test_a_missing_parquet_copy_is_a_config_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FENICIO_DBT_TARGET", "spark")
    assert support.run_export(["--data-dir", str(tmp_path / "s"), "--dry-run"]) == 2
    assert "no Parquet copy of icommkt_contacts" in capsys.readouterr().err


def test_dry_run_default_path_and_counts(fixture_dir: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    assert support.run_export(["--data-dir", str(fixture_dir), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "359 new, 0 changed, 0 unchanged" in out
    written = list((fixture_dir / "exports").glob("*.jsonl"))
    assert len(written) == 1 and "2026-06-30" in written[0].name


def test_dry_run_refuses_another_as_of(fixture_dir: Path) -> None:
    code = support.run_export(["--data-dir", str(fixture_dir), "--as-of", "2026-06-29",
                               "--dry-run"])
    assert code == 2


def test_the_command_line_runs_export(fixture_dir: Path, tmp_path: Path) -> None:
    from fenicio_icommkt import cli

    out = tmp_path / "cli.jsonl"
    assert cli.main(["export", "--data-dir", str(fixture_dir), "--dry-run", "--full",
                     "--out", str(out)]) == 0
    assert support.load_contacts(out) == support.load_contacts()
    assert cli.main(["export", "--data-dir", str(tmp_path / "empty"), "--dry-run"]) == 2
