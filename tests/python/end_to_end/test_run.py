"""`fenicio-icommkt run`: the daily job end to end against a fake ICOMMKT on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fenicio_icommkt import cli
from fenicio_icommkt.daily import run_lock
from fenicio_icommkt.icommkt.fake_server import FakeIcommkt
from fenicio_icommkt.settings import DataDir

AS_OF = "2026-06-30"
API_KEY = "run-test-key-7f3a"
PROFILE_KEY = "run-test-profile"


def contacts(path: Path) -> dict[str, str]:
    """Email -> the contact's fields, canonically ordered, from a dry-run file."""
    out = {}
    for text in path.read_text(encoding="utf-8").splitlines():
        contact = json.loads(text)
        fields = sorted((f["Key"], f["Value"]) for f in contact["CustomFields"])
        out[contact["Email"]] = json.dumps(fields, ensure_ascii=False)
    return out


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("sample")
    code = cli.main(["sample", "--out", str(folder), "--customers", "300", "--seed", "11",
                     "--as-of", AS_OF, "--days", "2"])
    assert code == 0
    return sorted(folder.glob("*.csv"))


def test_daily_runs_send_everything_then_nothing_then_only_what_changed(
        sample_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, store = tmp_path / "inbox", tmp_path / "store"
    inbox.mkdir()
    *history, last_day = sample_files
    for path in history:
        shutil.copy(path, inbox)
    with FakeIcommkt(API_KEY, PROFILE_KEY) as server:
        monkeypatch.setenv("ICOMMKT_API_KEY", API_KEY)
        monkeypatch.setenv("ICOMMKT_PROFILE_KEY", PROFILE_KEY)
        monkeypatch.setenv("ICOMMKT_API_URL", server.url)
        run = ["run", "--data-dir", str(store), "--inbox", str(inbox), "--as-of", AS_OF]

        assert cli.main(run) == 0
        before = tmp_path / "before.jsonl"
        assert cli.main(["export", "--data-dir", str(store), "--dry-run", "--full",
                         "--out", str(before)]) == 0
        profiles = contacts(before)
        assert set(server.state.saved) == set(profiles)  # every profile sent
        received = server.state.contacts_received

        assert cli.main(run) == 0  # nothing new: nothing sent
        assert server.state.contacts_received == received

        shutil.copy(last_day, inbox)
        after = tmp_path / "after.jsonl"
        assert cli.main([*run, "--dry-run", "--out", str(tmp_path / "dry.jsonl")]) == 0
        assert server.state.contacts_received == received  # a dry run sends nothing
        assert cli.main(["export", "--data-dir", str(store), "--dry-run", "--full",
                         "--out", str(after)]) == 0
        changed = {e for e, fields in contacts(after).items() if profiles.get(e) != fields}
        assert changed, "the extra daily file should change some profiles"
        assert len(changed) < len(profiles)

        emails_before = server.state.save_counts.copy()
        assert cli.main(run) == 0
        sent = {e for e, n in server.state.save_counts.items() if n != emails_before.get(e, 0)}
        assert sent == changed
        for email, fields in contacts(after).items():
            saved = sorted(server.state.saved[email].items())
            assert json.dumps(saved, ensure_ascii=False) == fields


def test_a_second_run_is_refused_while_one_holds_the_lock(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    store = DataDir(tmp_path / "store").ensure()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with run_lock(store):
        code = cli.main(["run", "--data-dir", str(store.root), "--inbox", str(inbox),
                         "--dry-run"])
    assert code == 1
    assert "another run is in progress" in capsys.readouterr().err


def test_a_failed_stage_stops_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # (complete, with its final line break: a file ending without one may still be being
    # written, and is deferred rather than refused)
    (inbox / "only.csv").write_bytes("Número do pedido\nñ\n".encode("latin-1"))
    code = cli.main(["run", "--data-dir", str(tmp_path / "store"), "--inbox", str(inbox),
                     "--dry-run"])
    err = capsys.readouterr().err
    assert code == 1
    assert "stage ingest failed" in err
    assert not (tmp_path / "store" / "warehouse.duckdb.wal").exists()
