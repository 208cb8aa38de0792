"""A store whose Fenicio export stopped arriving hears it: `run` warns when the newest
loaded file is older than the store setting max_export_age_days (default 2 days), and
`dbt source freshness` on fenicio.order_lines applies the same var."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import store_support as support

from fenicio_icommkt import cli
from fenicio_icommkt.ingest.freshness import stale_export_warning
from fenicio_icommkt.settings import DataDir, store_settings


def age_loads(store: DataDir, days: float) -> None:
    """Pretend every load happened `days` ago (what a stopped export looks like later): the
    file log and the landed order lines' loaded_at (this test's copy of them)."""
    then = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=days)
    con = duckdb.connect(str(store.warehouse))
    try:
        con.execute("update ingest.file_log set loaded_at = ?::timestamp", [then])
        for path in sorted(store.landing.glob("*.parquet")):
            aged = path.with_suffix(".aged")
            con.execute(f"copy (select * replace (timestamp '{then:%Y-%m-%d %H:%M:%S}' as "
                        f"loaded_at) from read_parquet('{path}')) to '{aged}' (format parquet)")
            aged.replace(path)
    finally:
        con.close()


@pytest.fixture
def loaded_store(sample_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataDir:
    for name in support.STORE_ENV:
        monkeypatch.delenv(name, raising=False)
    store = DataDir(tmp_path / "store").ensure()
    assert cli.main(["ingest", "--data-dir", str(store.root), str(sample_inbox)]) in (0, 3)
    return store


def test_the_warning_follows_the_newest_load_and_the_setting(loaded_store: DataDir) -> None:
    assert stale_export_warning(loaded_store, 2) is None  # just loaded
    age_loads(loaded_store, 2.5)
    message = stale_export_warning(loaded_store, 2)
    assert message is not None
    assert "loaded 2.5 days ago" in message and "max_export_age_days is 2" in message
    assert stale_export_warning(loaded_store, 3) is None
    (loaded_store.config / "settings.yml").write_text("max_export_age_days: 7\n")
    assert stale_export_warning(loaded_store,
                                store_settings(loaded_store.config)["max_export_age_days"]) is None


def test_a_store_without_any_load_is_told_so(tmp_path: Path) -> None:
    store = DataDir(tmp_path / "empty").ensure()
    assert "no Fenicio export has been loaded" in stale_export_warning(store, 2)


def test_run_warns_about_a_stale_export_and_carries_on(
        loaded_store: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    age_loads(loaded_store, 4)
    inbox = tmp_path / "inbox"  # today's export did not arrive: nothing new
    inbox.mkdir()
    out = tmp_path / "contacts.jsonl"
    code = cli.main(["run", "--data-dir", str(loaded_store.root), "--inbox", str(inbox),
                     "--as-of", support.AS_OF, "--dry-run", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err[-2000:]
    assert "warning: the newest Fenicio export was loaded 4.0 days ago" in err
    assert out.exists()  # the build and the (dry-run) export still ran

    # the same rule as dbt's source freshness, which reads the var: 4 days pass at 7 (the
    # default, 2, would warn), 8 days warn (one set of vars: dbt parses the project once)
    fresh = support.dbt(loaded_store.root, "source", "freshness", "--vars",
                        '{"max_export_age_days": 7}')
    assert fresh.returncode == 0, fresh.stdout[-2000:]
    assert "PASS freshness of fenicio.order_lines" in fresh.stdout
    age_loads(loaded_store, 8)
    stale = support.dbt(loaded_store.root, "source", "freshness", "--vars",
                        '{"max_export_age_days": 7}')
    assert "WARN freshness of fenicio.order_lines" in stale.stdout, stale.stdout[-2000:]
