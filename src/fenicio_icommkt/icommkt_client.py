"""The ICOMMKT ``SaveMultiContact`` call: one batch, with retries, classified (icommkt-api.md).

The API key only ever goes into the Authorization header; no message built here contains it.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import json
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import requests

DEFAULT_API_URL = "https://api.icommarketing.com"
SAVE_PATH = "/Contacts/SaveMultiContact.Json/"
RESULT_KEY = "SaveMultiContactJsonResult"
NO_RESPONSE = "no response for this contact in ICOMMKT's answer"
STOPPED = "run stopped before this batch"


class ConfigurationStop(Exception):
    """ICOMMKT refused the key or the profile: stop the run (exit 2)."""


@dataclass(frozen=True)
class ClientSettings:
    api_url: str
    api_key: str
    profile_key: str
    auth_style: str = "basic"
    timeout: float = 60.0
    max_tries: int = 6
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    retry_after_max: float = 600.0

    def __repr__(self) -> str:  # never show the key
        return f"ClientSettings(api_url={self.api_url!r}, auth_style={self.auth_style!r})"


@dataclass
class BatchOutcome:
    """Per position in the batch: saved, or rejected with ICOMMKT's message; or a failed batch."""

    saved: list[int] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    retries: int = 0
    error: str | None = None


def auth_header(api_key: str, style: str) -> str:
    """HTTP Basic with the key as user name and no password; ``bare`` sends the key alone."""
    if style.strip().lower() == "bare":
        return api_key
    return "Basic " + base64.b64encode(f"{api_key}:".encode()).decode("ascii")


def request_body(profile_key: str, payloads: Sequence[str]) -> bytes:
    """The request body from contacts already serialised as JSON objects."""
    return ('{"ProfileKey":' + json.dumps(profile_key) + ',"ContactList":['
            + ",".join(payloads) + "]}").encode("utf-8")


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds to wait: delta-seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    current = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - current).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform(0, min(cap, base * 2**attempt))."""
    return rng.uniform(0, min(cap, base * (2 ** attempt)))


def classify_answer(answer: object, batch_size: int) -> BatchOutcome:
    """Per-contact results from a 200 answer; ConfigurationStop if ICOMMKT refused the call."""
    result = answer.get(RESULT_KEY, answer) if isinstance(answer, dict) else None
    if not isinstance(result, dict):
        return BatchOutcome(error="ICOMMKT answered 200 with an unreadable body")
    responses = result.get("Responses")
    if str(result.get("StatusCode")) != "1" and not responses:
        raise ConfigurationStop(
            f"ICOMMKT refused the batch: {result.get('Message') or 'no message'} "
            f"(StatusCode {result.get('StatusCode')}); check ICOMMKT_PROFILE_KEY"
        )
    outcome = BatchOutcome()
    responses = responses if isinstance(responses, list) else []
    for position in range(batch_size):
        response = responses[position] if position < len(responses) else None
        if response is None:
            outcome.rejected.append((position, NO_RESPONSE))
        elif isinstance(response, dict) and str(response.get("StatusCode")) == "1":
            outcome.saved.append(position)
        else:
            message = response.get("Message") if isinstance(response, dict) else None
            outcome.rejected.append((position, str(message or "rejected without a message")))
    return outcome


class IcommktClient:
    """Sends batches; safe to share between threads (one HTTP session per thread)."""

    def __init__(self, settings: ClientSettings, stop: threading.Event | None = None,
                 seed: int | None = None) -> None:
        self._settings = settings
        self._url = settings.api_url.rstrip("/") + SAVE_PATH
        self._headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": auth_header(settings.api_key, settings.auth_style),
        }
        self._local = threading.local()
        self._rng = random.Random(seed)
        self.stop = stop or threading.Event()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # no ~/.netrc credentials in place of ours...
            session.proxies.update(requests.utils.get_environ_proxies(self._url))  # ...proxies yes
            self._local.session = session
        return session

    def _wait(self, seconds: float) -> None:
        self.stop.wait(seconds)

    def send(self, payloads: Sequence[str]) -> BatchOutcome:
        """POST one batch; retry transient failures; raise ConfigurationStop on 401/403."""
        settings = self._settings
        body = request_body(settings.profile_key, payloads)
        retries = 0
        last_error = "not sent"
        for attempt in range(settings.max_tries):
            if self.stop.is_set():
                return BatchOutcome(retries=retries, error=STOPPED)
            if attempt:
                retries += 1
            wait: float | None = None
            try:
                answer = self._session().post(
                    self._url, data=body, headers=self._headers,
                    timeout=(settings.timeout, settings.timeout),
                )
            except requests.Timeout:
                last_error = f"no answer within {settings.timeout:g} s"
            except requests.ConnectionError as exc:
                last_error = f"connection failed ({type(exc).__name__})"
                self._local.session = None
            else:
                status = answer.status_code
                if status in (401, 403):
                    raise ConfigurationStop(
                        f"ICOMMKT answered {status}: the API key was refused; "
                        "check ICOMMKT_API_KEY (and ICOMMKT_AUTH_STYLE)"
                    )
                if status == 200:
                    try:
                        parsed = answer.json()
                    except ValueError:
                        last_error = "ICOMMKT answered 200 with a body that is not JSON"
                    else:
                        outcome = classify_answer(parsed, len(payloads))
                        outcome.retries = retries
                        if outcome.error is None:
                            return outcome
                        last_error = outcome.error
                elif status == 429:
                    last_error = "ICOMMKT answered 429 (too many requests)"
                    wait = retry_after_seconds(answer.headers.get("Retry-After"))
                    if wait is not None:
                        wait = min(wait, settings.retry_after_max)
                elif status >= 500:
                    last_error = f"ICOMMKT answered {status}"
                else:
                    return BatchOutcome(retries=retries,
                                        error=f"ICOMMKT answered {status}; batch not retried")
            if attempt + 1 < settings.max_tries:
                if wait is None:
                    wait = backoff_seconds(attempt, settings.backoff_base, settings.backoff_max,
                                           self._rng)
                self._wait(wait)
        return BatchOutcome(retries=retries,
                            error=f"{last_error}; gave up after {settings.max_tries} tries")
