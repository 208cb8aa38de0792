"""The ICOMMKT client against the fake server on 127.0.0.1: answers, faults and retries."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterator

import pytest

from fenicio_icommkt.icommkt.client import (
    NO_RESPONSE,
    ClientSettings,
    ConfigurationStop,
    IcommktClient,
    retry_after_seconds,
)
from fenicio_icommkt.icommkt.fake_server import FakeIcommkt

API_KEY = "client-test-key"
PROFILE = "profile-123"


@pytest.fixture
def fake() -> Iterator[FakeIcommkt]:
    with FakeIcommkt(API_KEY, PROFILE) as server:
        server.state.slow_seconds = 1.5
        yield server


def client_for(fake: FakeIcommkt, **overrides: object) -> IcommktClient:
    settings = {"api_url": fake.url, "api_key": API_KEY, "profile_key": PROFILE,
                "timeout": 2.0, "max_tries": 4, "backoff_base": 0.01, "backoff_max": 0.05}
    settings.update(overrides)
    return IcommktClient(ClientSettings(**settings), seed=1)  # type: ignore[arg-type]


def contacts(n: int, prefix: str = "c") -> list[str]:
    return [json.dumps({"Email": f"{prefix}{i}@example.com",
                        "CustomFields": [{"Key": "Nombre", "Value": f"N{i}"}]}) for i in range(n)]


def test_saves_every_contact(fake: FakeIcommkt) -> None:
    outcome = client_for(fake).send(contacts(3))
    assert outcome.error is None and outcome.saved == [0, 1, 2] and outcome.retries == 0
    assert fake.state.saved["c1@example.com"] == {"Nombre": "N1"}


def test_bare_key_auth_style(fake: FakeIcommkt) -> None:
    assert client_for(fake, auth_style="bare").send(contacts(1)).saved == [0]


def test_429_honours_retry_after_seconds(fake: FakeIcommkt) -> None:
    fake.script("429:1")
    started = time.monotonic()
    outcome = client_for(fake).send(contacts(2))
    assert time.monotonic() - started >= 0.9
    assert outcome.saved == [0, 1] and outcome.retries == 1
    assert [c.outcome for c in fake.state.calls][:1] == ["429:1"]


def test_429_honours_retry_after_http_date(fake: FakeIcommkt) -> None:
    fake.script("429:date:2")
    started = time.monotonic()
    outcome = client_for(fake).send(contacts(1))
    assert time.monotonic() - started >= 0.9
    assert outcome.saved == [0]


def test_retry_after_parsing() -> None:
    now = dt.datetime(2026, 6, 30, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("7") == 7
    assert retry_after_seconds("Tue, 30 Jun 2026 12:00:05 GMT", now) == 5
    assert retry_after_seconds("Tue, 30 Jun 2026 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_bursts_of_5xx_back_off_and_recover(fake: FakeIcommkt) -> None:
    fake.script("500", "503", "503")
    outcome = client_for(fake).send(contacts(2))
    assert outcome.error is None and outcome.saved == [0, 1] and outcome.retries == 3


def test_answers_slower_than_the_timeout_are_retried(fake: FakeIcommkt) -> None:
    fake.script("slow")
    outcome = client_for(fake, timeout=0.5).send(contacts(2))
    assert outcome.error is None and outcome.saved == [0, 1] and outcome.retries == 1


def test_dropped_connections_are_retried(fake: FakeIcommkt) -> None:
    fake.script("drop", "drop")
    outcome = client_for(fake).send(contacts(2))
    assert outcome.error is None and outcome.saved == [0, 1] and outcome.retries == 2


def test_retries_are_bounded(fake: FakeIcommkt) -> None:
    fake.script(*["503"] * 10)
    outcome = client_for(fake, max_tries=3).send(contacts(2))
    assert outcome.error is not None and "503" in outcome.error and outcome.retries == 2
    assert len(fake.state.calls) == 3


def test_other_4xx_fail_the_batch_without_retry(fake: FakeIcommkt) -> None:
    fake.script("400")
    outcome = client_for(fake).send(contacts(2))
    assert outcome.error is not None and "400" in outcome.error
    assert len(fake.state.calls) == 1


def test_401_stops_with_a_message_about_the_key(fake: FakeIcommkt) -> None:
    wrong = "wrong-key-0000"
    with pytest.raises(ConfigurationStop) as stop:
        client_for(fake, api_key=wrong).send(contacts(1))
    assert "ICOMMKT_API_KEY" in str(stop.value) and wrong not in str(stop.value)
    assert len(fake.state.calls) == 1


def test_403_stops_too(fake: FakeIcommkt) -> None:
    fake.script("403")
    with pytest.raises(ConfigurationStop):
        client_for(fake).send(contacts(1))


def test_wrong_profile_key_stops_with_icommkt_message(fake: FakeIcommkt) -> None:
    with pytest.raises(ConfigurationStop) as stop:
        client_for(fake, profile_key="nope").send(contacts(1))
    assert "ProfileKey not found" in str(stop.value)
    assert "ICOMMKT_PROFILE_KEY" in str(stop.value)


def test_per_contact_rejections(fake: FakeIcommkt) -> None:
    fake.state.reject_pattern = re.compile(r"^c[13]@")
    outcome = client_for(fake).send(contacts(4))
    assert outcome.saved == [0, 2]
    assert [(i, m) for i, m in outcome.rejected] == [(1, "Email rejected by fake rule"),
                                                     (3, "Email rejected by fake rule")]


def test_contacts_left_without_a_response_are_resent(fake: FakeIcommkt) -> None:
    fake.script("short:2")
    outcome = client_for(fake).send(contacts(5))
    assert outcome.saved == [0, 1, 2, 3, 4] and outcome.rejected == []
    assert outcome.unanswered == [] and outcome.retries == 1
    assert [len(call.emails) for call in fake.state.calls] == [5, 2]
    assert fake.state.calls[1].emails == ("c3@example.com", "c4@example.com")


def test_contacts_never_answered_are_unanswered_not_rejected(fake: FakeIcommkt) -> None:
    fake.state.short_by = 1
    answers: list[tuple[list[int], list[tuple[int, str]]]] = []
    outcome = client_for(fake, max_tries=3).send(
        contacts(4), on_answer=lambda saved, rejected: answers.append((saved, rejected)))
    # each answer is handed over as it arrives (so the ledger keeps it if the run dies)
    assert answers == [([0, 1, 2], [])]
    assert outcome.unanswered == [3] and outcome.failed == [] and outcome.rejected == []
    assert [len(call.emails) for call in fake.state.calls] == [4, 1, 1]
    assert NO_RESPONSE not in repr(outcome)


def test_settings_repr_hides_the_key() -> None:
    settings = ClientSettings(api_url="http://127.0.0.1:1", api_key="s3cr3t", profile_key="p")
    assert "s3cr3t" not in repr(settings) and "s3cr3t" not in str(settings)
