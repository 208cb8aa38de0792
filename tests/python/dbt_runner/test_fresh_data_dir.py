"""A data dir with nothing loaded builds an empty mart instead of failing obscurely."""

from __future__ import annotations

from pathlib import Path

import duckdb

from fenicio_icommkt import cli


def test_build_on_a_fresh_data_dir_gives_an_empty_mart(tmp_path: Path) -> None:
    store = tmp_path / "never-used"
    assert cli.main(["build", "--data-dir", str(store), "--as-of", "2026-06-30"]) == 0
    con = duckdb.connect(str(store / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from marts.customer_profiles").fetchone() == (0,)
        assert con.execute("select count(*) from ingest.file_log").fetchone() == (0,)
    finally:
        con.close()
