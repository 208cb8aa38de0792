"""A run killed half way (SIGKILL) loses nothing acknowledged and resends only the rest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import export_support as support
import pytest

from fenicio_icommkt.icommkt.fake_server import FakeIcommkt

API_KEY = "kill-test-key"
PROFILE = "profile-kill"


def test_sigkill_then_rerun_sends_exactly_what_was_not_acknowledged(
        fixture_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = fixture_dir
    warehouse = store / "warehouse.duckdb"
    env = {**os.environ, "ICOMMKT_API_KEY": API_KEY, "ICOMMKT_PROFILE_KEY": PROFILE}
    with FakeIcommkt(API_KEY, PROFILE) as fake:
        env["ICOMMKT_API_URL"] = fake.url
        fake.state.delay = 0.1
        child = subprocess.Popen(
            [sys.executable, str(Path(support.__file__)), "--data-dir", str(store),
             "--batch-size", "10", "--concurrency", "2", "--timeout", "5"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while len(fake.state.calls) < 12 and time.monotonic() < deadline:
            assert child.poll() is None, child.communicate()
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        assert child.returncode == -signal.SIGKILL
        time.sleep(0.3)  # let the answers already on their way land on the server

        acked = support.acknowledged(warehouse)
        everyone = set(support.load_contacts())
        assert 0 < len(acked) < len(everyone)
        assert set(acked) <= {e for call in fake.state.calls for e in call.emails}
        runs = support.export_runs(warehouse)
        assert runs[0]["status"] == "running" and runs[0]["finished_at"] is None

        # the profiles move on before the rerun: some acknowledged ones change
        changed = sorted(acked)[:4]
        support.change_contacts(warehouse, changed, "Apellido", "Nuevo")
        latest = store / "latest.jsonl"
        assert support.run_export(["--data-dir", str(store), "--dry-run", "--full",
                                   "--out", str(latest)]) == 0

        fake.state.delay = 0.0
        for name in ("ICOMMKT_API_KEY", "ICOMMKT_PROFILE_KEY", "ICOMMKT_API_URL"):
            monkeypatch.setenv(name, env[name])
        calls = len(fake.state.calls)
        assert support.run_export(["--data-dir", str(store), "--batch-size", "10"]) == 0
        resent = [e for call in fake.state.calls[calls:] for e in call.emails]
        assert len(resent) == len(set(resent))
        assert set(resent) == (everyone - set(acked)) | set(changed)
        assert fake.state.saved == support.load_contacts(latest)
        assert set(support.acknowledged(warehouse)) == everyone
