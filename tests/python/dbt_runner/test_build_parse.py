"""Stores with the same settings share dbt's parse, and each still reads its own data; a
build for another date starts from the parse too (the second store's build is for another
date than the first's), and the date reaches dbt alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import store_support as support
from conformance_case import CONFORMANCE

INBOX = CONFORMANCE / "inbox"


def _ingest_and_build(store: Path, files: list[Path], cache: Path,
                      as_of: str = support.AS_OF) -> str:
    env = support.clean_env(FENICIO_DBT_PARSE_CACHE=str(cache))
    ingest = support.cli("ingest", "--data-dir", str(store), *map(str, files), env=env)
    assert ingest.returncode in (0, 3), ingest.stderr
    build = support.cli("build", "--data-dir", str(store), "--as-of", as_of, env=env)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    return (store / "logs" / "dbt.log").read_text(encoding="utf-8")


def _as_of_dates(store: Path) -> list[object]:
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        return [d for (d,) in con.execute("select distinct as_of_date "
                                          "from marts.customer_profiles").fetchall()]


def _customers(store: Path) -> int:
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("select count(*) from marts.customer_profiles").fetchone()[0]


def test_a_second_store_reuses_the_parse_and_reads_its_own_files(tmp_path: Path) -> None:
    cache = tmp_path / "parse-cache"
    files = sorted(INBOX.glob("*.csv"))
    assert files, f"no export in {INBOX}"
    first = _ingest_and_build(tmp_path / "first", files, cache)
    assert "Starting full parse" in first
    assert len(list(cache.glob("*.msgpack"))) == 1
    # another store, and another as-of date, which is no other var (FENICIO_AS_OF_DATE,
    # decision 57): no full parse, and the date reaches the build
    second = _ingest_and_build(tmp_path / "second", files[:1], cache, "2026-06-20")
    assert second.count("Running with dbt") == 1
    assert "Unable to do partial parsing" not in second
    assert "Starting full parse" not in second
    assert [str(d) for d in _as_of_dates(tmp_path / "second")] == ["2026-06-20"]
    # the shared parse named the first store's folder nowhere in the second's build
    assert str(tmp_path / "first") not in (tmp_path / "second" / "target" /
                                           "manifest.json").read_text(encoding="utf-8")
    assert 0 < _customers(tmp_path / "second") < _customers(tmp_path / "first")
    env = support.clean_env(FENICIO_DBT_PARSE_CACHE=str(cache))
    # other settings: their own parse, next to the first
    third = tmp_path / "third"
    (third / "config").mkdir(parents=True)
    (third / "config" / "settings.yml").write_text("purchase_windows: [7, 30]\n")
    assert "Starting full parse" in _ingest_and_build(third, files[:1], cache)
    assert len(list(cache.glob("*.msgpack"))) == 2
    # back to the default settings: the store's own parse is for other vars, so the build
    # starts from the shared one of its vars (as a build after `history start` does)
    (third / "config" / "settings.yml").unlink()
    build = support.cli("build", "--data-dir", str(third), "--as-of", support.AS_OF, env=env)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    last = (third / "logs" / "dbt.log").read_text(encoding="utf-8").rsplit("Running with dbt",
                                                                            1)[-1]
    assert "Unable to do partial parsing" not in last
    with duckdb.connect(str(third / "warehouse.duckdb"), read_only=True) as con:
        columns = {c for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = "
            "'marts' and table_name = 'customer_profiles'").fetchall()}
    assert "orders_60" in columns and "orders_7" not in columns  # the default windows
    assert len(list(cache.glob("*.msgpack"))) == 2
    shutil.rmtree(cache)


def test_the_as_of_date_reaches_dbt_through_its_environment_alone(tmp_path: Path,
                                                                   monkeypatch) -> None:
    from fenicio_icommkt.dbt_runner import process
    from fenicio_icommkt.settings import DataDir

    store = DataDir(tmp_path / "store")
    monkeypatch.setenv("FENICIO_AS_OF_DATE", "2020-01-01")  # a shell's: never the build's
    assert "FENICIO_AS_OF_DATE" not in process.dbt_env(store)
    assert process.dbt_env(store, "2026-06-20")["FENICIO_AS_OF_DATE"] == "2026-06-20"
    assert process.build_vars(store).get("as_of_date") is None
    assert "2026-06-20" not in " ".join(process.dbt_command(store))
