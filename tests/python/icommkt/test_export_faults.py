"""What real servers do to a daily export, against the fake server on 127.0.0.1 (or a port
where nothing listens): answers trickled a byte at a time, huge Retry-After, a dead or a
failing server, answers that leave contacts out, Ctrl-C and SIGTERM to a real process, a
run killed outright, a ledger made by an older version, a full disk during a dry run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import export_support as support
import pytest

from fenicio_icommkt.icommkt.client import ClientSettings, IcommktClient
from fenicio_icommkt.icommkt.fake_server import FakeIcommkt

API_KEY = "fault-test-key"
PROFILE = "profile-faults"
EVERYONE = 359
FAST = ["--max-tries", "4", "--backoff", "0.01", "--backoff-max", "0.05"]


@pytest.fixture
def fake(fixture_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeIcommkt]:
    with FakeIcommkt(API_KEY, PROFILE) as server:
        server.state.trickle_seconds = 0.3
        monkeypatch.setenv("ICOMMKT_API_KEY", API_KEY)
        monkeypatch.setenv("ICOMMKT_PROFILE_KEY", PROFILE)
        monkeypatch.setenv("ICOMMKT_API_URL", server.url)
        yield server


def export(data_dir: Path, *extra: str) -> int:
    return support.run_export(["--data-dir", str(data_dir), "--batch-size", "50", *extra])


def warehouse(data_dir: Path) -> Path:
    return data_dir / "warehouse.duckdb"


def answered(fake: FakeIcommkt) -> set[str]:
    return {e for call in fake.state.calls if call.outcome in ("ok", "short:1")
            for e in call.emails}


def closed_port() -> int:
    """A loopback port where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- an overall deadline per call -------------------------------------------------------

@pytest.mark.parametrize("fault", ["trickle", "trickle-head"])
def test_a_trickled_answer_is_cut_at_the_call_deadline_and_retried(
        fake: FakeIcommkt, fault: str) -> None:
    # a byte every 0.3 s never trips a per-read timeout of 1 s: only a deadline stops it
    fake.script(fault)
    client = IcommktClient(ClientSettings(api_url=fake.url, api_key=API_KEY, profile_key=PROFILE,
                                          timeout=1.0, max_tries=3, backoff_base=0.01))
    started = time.monotonic()
    outcome = client.send(['{"Email":"a@example.com","CustomFields":[]}'])
    elapsed = time.monotonic() - started
    assert outcome.saved == [0] and outcome.retries == 1 and outcome.error is None
    assert 1.0 <= elapsed < 3.0
    assert [c.outcome for c in fake.state.calls] == [fault, "ok"]


def test_a_server_that_only_trickles_fails_the_batch_in_bounded_time(
        fixture_dir: Path, fake: FakeIcommkt, capfd: pytest.CaptureFixture[str]) -> None:
    fake.state.standing = "trickle"
    started = time.monotonic()
    code = export(fixture_dir, "--timeout", "0.8", *FAST, "--concurrency", "2",
                  "--stop-after-failures", "2")
    elapsed = time.monotonic() - started
    assert code == 1
    assert elapsed < 4 * 0.8 * 2 + 5  # two rounds of four cut tries, not forever
    err = capfd.readouterr().err
    assert "no complete answer within 0.8 s; gave up after 4 tries" in err
    run = support.export_runs(warehouse(fixture_dir))[0]
    assert run["status"] == "stopped" and run["contacts_saved"] == 0


# --- waits are printed; Retry-After is capped --------------------------------------------

def test_long_retry_after_is_capped_and_every_wait_is_printed(
        fixture_dir: Path, fake: FakeIcommkt, capfd: pytest.CaptureFixture[str]) -> None:
    fake.script("429:99999", "429:date:99999", "429:1")
    started = time.monotonic()
    assert export(fixture_dir, "--concurrency", "1", "--retry-after-max", "1.5", *FAST) == 0
    elapsed = time.monotonic() - started
    assert 1.5 + 1.5 + 1 <= elapsed < 15
    err = capfd.readouterr().err
    assert ("export: waiting 1.5 s before try 2 of 4 for 50 contact(s): ICOMMKT answered 429 "
            "with Retry-After 99999 s, cut to 1.5 s (--retry-after-max)") in err
    assert ("waiting 1.5 s before try 3 of 4 for 50 contact(s): ICOMMKT answered 429 with "
            "Retry-After 9999") in err  # the HTTP-date form
    assert "waiting 1 s before try 4 of 4 for 50 contact(s): ICOMMKT answered 429 with " \
           "Retry-After 1 s\n" in err
    assert support.ledger_rows(warehouse(fixture_dir)).keys() == support.load_contacts().keys()


# --- a dead or failing server stops the run early ----------------------------------------

def test_a_dead_server_stops_the_run_early(fixture_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ICOMMKT_API_KEY", API_KEY)
    monkeypatch.setenv("ICOMMKT_PROFILE_KEY", PROFILE)
    monkeypatch.setenv("ICOMMKT_API_URL", f"http://127.0.0.1:{closed_port()}")
    assert export(fixture_dir, "--batch-size", "10", "--concurrency", "2", *FAST,
                  "--stop-after-failures", "3") == 1
    err = capfd.readouterr().err
    assert "3 batches in a row failed after all their tries" in err
    assert "connection failed (ConnectionError); gave up after 4 tries" in err
    run = support.export_runs(warehouse(fixture_dir))[0]
    assert run["status"] == "stopped" and run["contacts_saved"] == 0
    assert 30 <= run["contacts_sent"] <= 40  # three failed batches, and those in flight
    assert run["contacts_not_sent"] == EVERYONE - run["contacts_sent"]
    assert run["contacts_failed"] == run["contacts_sent"]
    assert f"{EVERYONE - run['contacts_sent']} contact(s) not sent" in err


def test_a_failing_server_stops_early_and_what_was_acknowledged_stays(
        fixture_dir: Path, fake: FakeIcommkt) -> None:
    fake.script("ok", "ok")
    fake.state.standing = "503"
    assert export(fixture_dir, "--concurrency", "1", *FAST, "--stop-after-failures", "2") == 1
    assert len(fake.state.calls) == 2 + 2 * 4  # two answered, two batches of four tries
    kept = support.ledger_rows(warehouse(fixture_dir))
    assert set(kept) == answered(fake) and len(kept) == 100
    run = support.export_runs(warehouse(fixture_dir))[0]
    assert (run["status"], run["contacts_saved"], run["contacts_failed"],
            run["contacts_not_sent"], run["batches_failed"]) == ("stopped", 100, 100, 159, 2)

    fake.state.standing = None
    calls = len(fake.state.calls)
    assert export(fixture_dir) == 0
    resent = {e for call in fake.state.calls[calls:] for e in call.emails}
    assert resent == set(support.load_contacts()) - set(kept)


def test_batches_that_recover_do_not_stop_the_run(fixture_dir: Path, fake: FakeIcommkt) -> None:
    # failures that alternate with successes never make N in a row
    fake.script(*(["503"] * 4 + ["ok"]) * 3)
    assert export(fixture_dir, "--concurrency", "1", *FAST, "--stop-after-failures", "2") == 1
    run = support.export_runs(warehouse(fixture_dir))[0]
    assert run["status"] == "failed" and run["batches_failed"] == 3
    assert run["contacts_not_sent"] == 0 and run["contacts_saved"] == EVERYONE - 150


# --- unanswered contacts are resent within the run ---------------------------------------

def test_a_storm_of_short_answers_is_resent_within_the_run(
        fixture_dir: Path, fake: FakeIcommkt) -> None:
    storm = ["short:7", "short:50", "503", "short:1", "drop", "short:3", "short:20", "500"]
    fake.script(*storm)
    # more tries than faults: however the storm falls on the batches, none runs out
    assert export(fixture_dir, "--max-tries", "10", "--backoff", "0.01", "--backoff-max",
                  "0.05", "--concurrency", "2") == 0
    assert fake.state.saved == support.load_contacts()
    run = support.export_runs(warehouse(fixture_dir))[0]
    assert (run["contacts_saved"], run["contacts_unanswered"], run["contacts_rejected"]) == \
        (EVERYONE, 0, 0)
    assert run["retries"] >= len(storm)
    # each contact got exactly one response: a retry resent only what was left out
    responses: dict[str, int] = {}
    for call in fake.state.calls:
        if call.outcome == "ok" or call.outcome.startswith("short:"):
            left_out = int(call.outcome.split(":")[1]) if ":" in call.outcome else 0
            for email in call.emails[:len(call.emails) - left_out]:
                responses[email] = responses.get(email, 0) + 1
    assert responses == dict.fromkeys(support.load_contacts(), 1)


# --- the summary and ops.export_runs -----------------------------------------------------

def test_the_summary_and_the_runs_table_count_everything(
        fixture_dir: Path, fake: FakeIcommkt, capfd: pytest.CaptureFixture[str]) -> None:
    import re

    wh = warehouse(fixture_dir)
    assert export(fixture_dir) == 0
    # The contact model holds what is sent: one contact gone, the b* and c* contacts changed.
    support.sql(wh, "DELETE FROM marts.icommkt_contacts WHERE email = 'acabrera@gmail.com'")
    support.sql(wh, "UPDATE marts.icommkt_contacts SET payload_hash = md5(payload_hash) "
                    "WHERE email LIKE 'b%' OR email LIKE 'c%'")
    changed = support.sql(wh, "SELECT count(*) FROM marts.icommkt_contacts"
                              " WHERE email LIKE 'b%' OR email LIKE 'c%'")[0][0]
    rejected = support.sql(wh, "SELECT count(*) FROM marts.icommkt_contacts"
                               " WHERE email LIKE 'b%'")[0][0]
    fake.state.reject_pattern = re.compile("^b")
    fake.script("short:5")  # five left without a response, then resent and saved
    capfd.readouterr()
    assert export(fixture_dir, *FAST, "--concurrency", "1", "--batch-size", "500") == 3
    out = capfd.readouterr()
    sent = changed + 1
    assert f"{EVERYONE} considered: 0 new, {changed} changed, {EVERYONE - sent} unchanged, " \
           "1 gone from the profiles (to clear)" in out.out
    assert (f"export: sent {sent}: saved {sent - rejected} (cleared 1), rejected {rejected}, "
            "unanswered after all tries 0, in failed batches 0; not sent 0; retries 1; "
            "status partial") in out.out
    assert (f"{rejected} contact(s) rejected by ICOMMKT (Email rejected by fake rule "
            f"({rejected}))") in out.err
    assert out.err.count(": Email rejected by fake rule\n") == min(5, rejected)
    run = support.export_runs(wh)[-1]
    assert {k: run[k] for k in ("contacts_considered", "contacts_unchanged", "contacts_sent",
                                "contacts_saved", "contacts_rejected", "contacts_unanswered",
                                "contacts_retired", "contacts_failed", "contacts_not_sent",
                                "retries", "status")} == {
        "contacts_considered": EVERYONE, "contacts_unchanged": EVERYONE - sent,
        "contacts_sent": sent, "contacts_saved": sent - rejected,
        "contacts_rejected": rejected, "contacts_unanswered": 0, "contacts_retired": 1,
        "contacts_failed": 0, "contacts_not_sent": 0, "retries": 1, "status": "partial"}
    assert run["rejection_reasons"] == f"Email rejected by fake rule ({rejected})"


# --- stop signals to a real export process -----------------------------------------------

def _start_export(store: Path, fake: FakeIcommkt, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ICOMMKT_API_KEY": API_KEY, "ICOMMKT_PROFILE_KEY": PROFILE,
           "ICOMMKT_API_URL": fake.url}
    return subprocess.Popen(
        [sys.executable, "-m", "fenicio_icommkt", "export", "--data-dir", str(store),
         "--batch-size", "50", "--concurrency", "2", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_calls(fake: FakeIcommkt, child: subprocess.Popen[str], n: int) -> None:
    deadline = time.monotonic() + 60
    while len(fake.state.calls) < n:
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the export made no calls"
        time.sleep(0.02)


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_signal_stops_an_export_held_by_a_trickling_server(
        fixture_dir: Path, fake: FakeIcommkt, name: str) -> None:
    fake.script("ok", "ok")
    fake.state.standing = "trickle"  # every later answer: a byte every 0.3 s, for minutes
    child = _start_export(fixture_dir, fake, "--timeout", "600")
    _wait_for_calls(fake, child, 4)
    time.sleep(1.0)  # the two answered batches are recorded; two calls hang
    started = time.monotonic()
    child.send_signal(getattr(signal, name))
    _, err = child.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert child.returncode == 1
    assert f"interrupted by {name}" in err and "everything acknowledged is kept" in err
    run = support.export_runs(warehouse(fixture_dir))[0]
    assert run["status"] == "interrupted" and run["finished_at"] is not None
    assert set(support.ledger_rows(warehouse(fixture_dir))) == answered(fake)
    assert run["contacts_saved"] == 100
    assert run["contacts_not_sent"] == EVERYONE - run["contacts_sent"]


def test_a_killed_run_is_marked_killed_by_the_next_one(
        fixture_dir: Path, fake: FakeIcommkt, capfd: pytest.CaptureFixture[str]) -> None:
    fake.state.delay = 0.1
    child = _start_export(fixture_dir, fake, "--batch-size", "10")
    _wait_for_calls(fake, child, 12)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    time.sleep(0.3)
    killed_run = support.export_runs(warehouse(fixture_dir))[0]
    assert killed_run["status"] == "running"
    acked = support.acknowledged(warehouse(fixture_dir))

    fake.state.delay = 0.0
    assert export(fixture_dir) == 0
    assert f"export run {killed_run['run_id']} ended without finishing" in capfd.readouterr().err
    runs = support.export_runs(warehouse(fixture_dir))
    assert runs[0]["status"] == "killed" and runs[0]["contacts_saved"] == len(acked)
    assert "ended without finishing" in runs[0]["message"]
    assert runs[1]["status"] == "ok" and runs[1]["contacts_sent"] == EVERYONE - len(acked)


# --- a ledger from an older version ------------------------------------------------------

OLD_RUNS = """CREATE TABLE ops.export_runs (
    run_id VARCHAR PRIMARY KEY, as_of_date DATE, started_at TIMESTAMP, finished_at TIMESTAMP,
    full_export BOOLEAN, contacts_considered BIGINT, contacts_sent BIGINT,
    contacts_saved BIGINT, contacts_rejected BIGINT, contacts_retired BIGINT,
    batches_failed BIGINT, retries BIGINT, status VARCHAR, message VARCHAR)"""


def test_an_older_runs_table_gains_the_new_columns_in_place(fixture_dir: Path,
                                                            fake: FakeIcommkt) -> None:
    with duckdb.connect(str(warehouse(fixture_dir))) as conn:
        conn.execute("CREATE SCHEMA ops")
        conn.execute(OLD_RUNS)
        conn.execute("INSERT INTO ops.export_runs VALUES ('old-1', DATE '2026-06-01', "
                     "TIMESTAMP '2026-06-01 06:30:00', TIMESTAMP '2026-06-01 06:31:00', false, "
                     "10, 10, 9, 1, 0, 0, 2, 'partial', NULL), ('old-2', DATE '2026-06-02', "
                     "TIMESTAMP '2026-06-02 06:30:00', NULL, false, 10, 3, 3, 0, 0, 0, 0, "
                     "'running', NULL)")
    assert export(fixture_dir) == 0
    runs = support.export_runs(warehouse(fixture_dir))
    assert [r["run_id"] for r in runs[:2]] == ["old-1", "old-2"]
    assert runs[0]["status"] == "partial" and runs[0]["contacts_saved"] == 9
    assert runs[0]["contacts_unanswered"] is None  # unknown for old runs, not invented
    assert runs[1]["status"] == "killed"
    assert runs[2]["contacts_unanswered"] == 0 and runs[2]["contacts_unchanged"] == 0


# --- a full disk during a dry run --------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB tmpfs (the dry run of the case is about 1 MB)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                             str(mount_point)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def test_a_full_disk_during_a_dry_run_leaves_no_partial_file(
        fixture_dir: Path, small_disk: Path, capfd: pytest.CaptureFixture[str]) -> None:
    earlier = small_disk / "contacts.jsonl"
    earlier.write_text('{"Email": "yesterday@example.com"}\n', encoding="utf-8")
    assert export(fixture_dir, "--dry-run", "--full", "--out", str(earlier)) == 1
    assert "No space left on device; nothing was written" in capfd.readouterr().err
    assert sorted(p.name for p in small_disk.iterdir()) == ["contacts.jsonl"]
    assert earlier.read_text(encoding="utf-8") == '{"Email": "yesterday@example.com"}\n'
    fresh = small_disk / "new" / "contacts.jsonl"
    assert export(fixture_dir, "--dry-run", "--out", str(fresh)) == 1
    assert list(fresh.parent.iterdir()) == []
