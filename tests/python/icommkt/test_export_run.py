"""``export`` end to end against the fake server: ledger, retirements, faults, exit codes."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import export_support as support
import pytest

from fenicio_icommkt.icommkt.fake_server import FakeIcommkt

API_KEY = "run-test-key"
PROFILE = "profile-run"
FAST = ["--timeout", "1.5", "--max-tries", "4", "--backoff", "0.01", "--backoff-max", "0.05"]


@pytest.fixture
def fake(fixture_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeIcommkt]:
    with FakeIcommkt(API_KEY, PROFILE) as server:
        server.state.slow_seconds = 2.0
        monkeypatch.setenv("ICOMMKT_API_KEY", API_KEY)
        monkeypatch.setenv("ICOMMKT_PROFILE_KEY", PROFILE)
        monkeypatch.setenv("ICOMMKT_API_URL", server.url)
        yield server


def export(data_dir: Path, *extra: str) -> int:
    return support.run_export(["--data-dir", str(data_dir), "--batch-size", "50", *FAST, *extra])


def sent_emails(fake: FakeIcommkt, since: int = 0) -> list[str]:
    """Emails of the answered calls from call number ``since`` on."""
    return [e for call in fake.state.calls[since:] if call.outcome not in ("drop", "answer-lost")
            and not call.outcome.isdigit() and not call.outcome.startswith("429")
            for e in call.emails]


def warehouse(data_dir: Path) -> Path:
    return data_dir / "warehouse.duckdb"


def test_first_run_sends_all_then_only_changes(fixture_dir: Path, fake: FakeIcommkt) -> None:
    expected = support.load_contacts()
    assert export(fixture_dir) == 0
    assert sorted(sent_emails(fake)) == sorted(expected)
    assert fake.state.saved == expected
    ledger = support.ledger_rows(warehouse(fixture_dir))
    assert set(ledger) == set(expected)
    assert {r["status"] for r in ledger.values()} == {"active"}

    calls = len(fake.state.calls)
    assert export(fixture_dir) == 0
    assert len(fake.state.calls) == calls  # nothing changed, nothing sent

    changed = sorted(expected)[:3]
    support.change_contacts(warehouse(fixture_dir), changed, "Nombre", "Zoë")
    assert export(fixture_dir) == 0
    assert sorted(sent_emails(fake, calls)) == changed
    assert all(fake.state.saved[e]["Nombre"] == "Zoë" for e in changed)

    calls = len(fake.state.calls)
    assert export(fixture_dir, "--full") == 0
    assert sorted(sent_emails(fake, calls)) == sorted(expected)

    runs = support.export_runs(warehouse(fixture_dir))
    assert [r["contacts_sent"] for r in runs] == [359, 0, 3, 359]
    assert [r["contacts_saved"] for r in runs] == [359, 0, 3, 359]
    assert all(r["status"] == "ok" and r["finished_at"] is not None for r in runs)
    assert all(r["contacts_considered"] == 359 for r in runs)


def test_email_gone_from_profiles_is_cleared_once_then_retired(fixture_dir: Path,
                                                               fake: FakeIcommkt) -> None:
    assert export(fixture_dir) == 0
    gone = "acabrera@gmail.com"
    support.sql(warehouse(fixture_dir),
                f"DELETE FROM marts.icommkt_contacts WHERE email = '{gone}'")
    calls = len(fake.state.calls)
    assert export(fixture_dir) == 0
    assert sent_emails(fake, calls) == [gone]
    cleared = fake.state.saved[gone]
    assert set(cleared) == set(support.load_contacts()[gone]) and set(cleared.values()) == {""}
    row = support.ledger_rows(warehouse(fixture_dir))[gone]
    assert row["status"] == "retired"
    calls = len(fake.state.calls)
    assert export(fixture_dir) == 0 and export(fixture_dir, "--full") == 0
    assert gone not in sent_emails(fake, calls)
    assert support.export_runs(warehouse(fixture_dir))[1]["contacts_retired"] == 1


def test_rejected_contacts_exit_3_and_are_retried(fixture_dir: Path, fake: FakeIcommkt,
                                                  capfd: pytest.CaptureFixture[str]) -> None:
    fake.state.reject_pattern = re.compile(r"^a")
    expected = support.load_contacts()
    rejected = sorted(e for e in expected if e.startswith("a"))
    assert rejected
    assert export(fixture_dir) == 3
    assert "rejected" in capfd.readouterr().err
    ledger = support.ledger_rows(warehouse(fixture_dir))
    assert all(ledger[e]["last_rejection"] == "Email rejected by fake rule" for e in rejected)
    assert all(ledger[e]["payload_hash"] is None for e in rejected)
    fake.state.reject_pattern = None
    calls = len(fake.state.calls)
    assert export(fixture_dir) == 0
    assert sorted(sent_emails(fake, calls)) == rejected
    assert fake.state.saved == expected
    assert support.ledger_rows(warehouse(fixture_dir))[rejected[0]]["last_rejection"] is None


def test_contacts_never_answered_are_counted_apart_and_sent_next_run(
        fixture_dir: Path, fake: FakeIcommkt, capfd: pytest.CaptureFixture[str]) -> None:
    fake.state.short_by = 1  # every answer leaves the last contact out, retries included
    assert export(fixture_dir, "--batch-size", "100") == 1
    first_tries = [call for call in fake.state.calls if len(call.emails) > 1]
    unanswered = sorted(call.emails[-1] for call in first_tries)
    assert len(first_tries) == 4
    # each left-out contact was resent alone, up to the batch's tries (4 in FAST)
    assert sorted(e for call in fake.state.calls if len(call.emails) == 1
                  for e in call.emails) == sorted(unanswered * 3)
    err = capfd.readouterr().err
    assert "4 contact(s) got no response from ICOMMKT after all tries" in err
    ledger = support.ledger_rows(warehouse(fixture_dir))
    assert not any(e in ledger for e in unanswered)  # not acknowledged, not "rejected"
    run = support.export_runs(warehouse(fixture_dir))[0]
    assert (run["contacts_unanswered"], run["contacts_rejected"], run["contacts_saved"],
            run["status"]) == (4, 0, 355, "failed")
    fake.state.short_by = 0
    calls = len(fake.state.calls)
    assert export(fixture_dir) == 0
    assert sorted(sent_emails(fake, calls)) == unanswered


def test_transient_faults_are_absorbed(fixture_dir: Path, fake: FakeIcommkt) -> None:
    fake.script("429:0.2", "500", "503", "drop", "slow", "429:date:1")
    assert export(fixture_dir) == 0
    assert fake.state.saved == support.load_contacts()
    run = support.export_runs(warehouse(fixture_dir))[0]
    assert run["retries"] >= 6 and run["status"] == "ok"


def test_batches_failing_after_retries_exit_1_and_keep_the_rest(
        fixture_dir: Path, fake: FakeIcommkt, capfd: pytest.CaptureFixture[str]) -> None:
    fake.script(*["503"] * 4)  # the first batch's four tries
    assert export(fixture_dir, "--concurrency", "1") == 1
    assert "batch failed" in capfd.readouterr().err
    failed = set(fake.state.calls[0].emails)
    acknowledged = set(support.ledger_rows(warehouse(fixture_dir)))
    assert len(failed) == 50 and acknowledged == set(support.load_contacts()) - failed
    run = support.export_runs(warehouse(fixture_dir))[0]
    assert run["status"] == "failed" and run["batches_failed"] == 1
    calls = len(fake.state.calls)
    assert export(fixture_dir) == 0
    assert set(sent_emails(fake, calls)) == failed


def test_other_4xx_fails_the_batch(fixture_dir: Path, fake: FakeIcommkt) -> None:
    fake.script("422")
    assert export(fixture_dir, "--concurrency", "1") == 1
    assert len(support.ledger_rows(warehouse(fixture_dir))) == 359 - 50


def test_401_stops_the_run_with_exit_2(fixture_dir: Path, fake: FakeIcommkt,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ICOMMKT_API_KEY", "not-the-key")
    assert export(fixture_dir) == 2
    assert "check ICOMMKT_API_KEY" in capfd.readouterr().err
    assert len(fake.state.calls) <= 4  # the calls already in flight, no more
    assert support.ledger_rows(warehouse(fixture_dir)) == {}
    assert support.export_runs(warehouse(fixture_dir))[0]["status"] == "config_error"


def test_wrong_profile_key_stops_with_exit_2(fixture_dir: Path, fake: FakeIcommkt,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ICOMMKT_PROFILE_KEY", "other-profile")
    assert export(fixture_dir) == 2
    err = capfd.readouterr().err
    assert "ProfileKey not found" in err and "ICOMMKT_PROFILE_KEY" in err


def test_missing_settings_exit_2(fixture_dir: Path, fake: FakeIcommkt,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ICOMMKT_PROFILE_KEY")
    assert export(fixture_dir) == 2
    assert fake.state.calls == []


def test_settings_from_the_store_config_file(fixture_dir: Path, fake: FakeIcommkt,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ICOMMKT_API_KEY", "ICOMMKT_PROFILE_KEY", "ICOMMKT_API_URL"):
        monkeypatch.delenv(name)
    (fixture_dir / "config" / "icommkt.yml").write_text(
        f"ICOMMKT_API_KEY: {API_KEY}\nICOMMKT_PROFILE_KEY: {PROFILE}\n"
        f"ICOMMKT_API_URL: {fake.url}\nICOMMKT_AUTH_STYLE: bare\n", encoding="utf-8")
    assert export(fixture_dir) == 0
    assert len(fake.state.saved) == 359


def test_as_of_checks(fixture_dir: Path, fake: FakeIcommkt) -> None:
    assert export(fixture_dir, "--as-of", "2026-07-01") == 2
    assert fake.state.calls == []
    assert export(fixture_dir, "--as-of", "2026-06-30") == 0
    for table in ("icommkt_contacts", "icommkt_cleared_contact"):
        support.sql(warehouse(fixture_dir),
                    f"UPDATE marts.{table} SET as_of_date = DATE '2026-06-29'")
    calls = len(fake.state.calls)
    assert export(fixture_dir) == 2  # older than what was delivered
    assert export(fixture_dir, "--dry-run", "--as-of", "2026-06-29") == 0  # a backfill
    assert len(fake.state.calls) == calls


def test_dry_run_reports_changes_and_touches_no_ledger(fixture_dir: Path, fake: FakeIcommkt,
                                                       capfd: pytest.CaptureFixture[str]) -> None:
    assert export(fixture_dir) == 0
    emails = [e for e in support.load_contacts() if e.startswith("b")]
    support.change_contacts(warehouse(fixture_dir), emails, "Telefono", "1")
    changed = support.sql(warehouse(fixture_dir),
                          "SELECT count(*) FROM marts.icommkt_contacts WHERE email LIKE 'b%'")
    before = support.ledger_rows(warehouse(fixture_dir))
    capfd.readouterr()
    out = fixture_dir / "dry.jsonl"
    assert export(fixture_dir, "--dry-run", "--out", str(out)) == 0
    printed = capfd.readouterr().out
    n = changed[0][0]
    assert f"0 new, {n} changed, {359 - n} unchanged" in printed
    assert len(support.load_contacts(out)) == n
    assert support.ledger_rows(warehouse(fixture_dir)) == before
    assert len(support.export_runs(warehouse(fixture_dir))) == 1


def test_the_key_never_leaks(fixture_dir: Path, monkeypatch: pytest.MonkeyPatch,
                             capfd: pytest.CaptureFixture[str]) -> None:
    secret = "LEAKCHECK-9f3b1c-SECRET"
    needles = [secret.encode(), base64.b64encode(f"{secret}:".encode()),
               base64.b64encode(secret.encode())]
    with FakeIcommkt(secret, PROFILE) as server:
        server.state.slow_seconds = 2.0
        monkeypatch.setenv("ICOMMKT_API_KEY", secret)
        monkeypatch.setenv("ICOMMKT_PROFILE_KEY", PROFILE)
        monkeypatch.setenv("ICOMMKT_API_URL", server.url)
        server.state.reject_pattern = re.compile("^b")
        server.script("500", "drop", "slow", "429:0.1", "400")
        codes = [export(fixture_dir)]
        monkeypatch.setenv("ICOMMKT_PROFILE_KEY", "bad-profile")
        codes.append(export(fixture_dir, "--full"))
    with FakeIcommkt("another-key", PROFILE) as server:  # refuses our key: 401
        monkeypatch.setenv("ICOMMKT_API_URL", server.url)
        monkeypatch.setenv("ICOMMKT_PROFILE_KEY", PROFILE)
        codes.append(export(fixture_dir, "--full"))
    codes.append(export(fixture_dir, "--dry-run", "--full"))
    assert codes == [1, 2, 2, 0]
    captured = capfd.readouterr()
    written = [captured.out.encode(), captured.err.encode()]
    written += [p.read_bytes() for p in fixture_dir.rglob("*") if p.is_file()]
    assert len(written) > 3
    for blob in written:
        for needle in needles:
            assert needle not in blob


def test_empty_profiles_never_clear_everyone(fixture_dir: Path, fake: FakeIcommkt) -> None:
    assert export(fixture_dir) == 0
    support.sql(warehouse(fixture_dir), "DELETE FROM marts.icommkt_contacts")
    calls = len(fake.state.calls)
    assert export(fixture_dir) == 2
    assert len(fake.state.calls) == calls
