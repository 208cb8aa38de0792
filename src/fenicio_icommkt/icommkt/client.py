"""The ICOMMKT ``SaveMultiContact`` call: one batch, with retries, classified (icommkt-api.md).

Each try has an overall deadline (``timeout``: connect, send and the whole answer); a wait
before a retry (backoff, or ``Retry-After`` capped at ``retry_after_max``) is announced
through ``on_wait`` when it is long enough to notice; contacts an answer left without a
response are resent in the next try, within the same bounded number of tries.

The API key only ever goes into the Authorization header; no message built here contains it.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import json
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import requests

from fenicio_icommkt.icommkt import http_deadline

DEFAULT_API_URL = "https://api.icommarketing.com"
SAVE_PATH = "/Contacts/SaveMultiContact.Json/"
RESULT_KEY = "SaveMultiContactJsonResult"
NO_RESPONSE = "no response for this contact in ICOMMKT's answer"
STOPPED = "run stopped before this batch"
#: Waits at least this long (seconds) are announced through ``on_wait``.
WAIT_SHOWN = 1.0


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
    retry_after_max: float = 60.0

    def __repr__(self) -> str:  # never show the key
        return f"ClientSettings(api_url={self.api_url!r}, auth_style={self.auth_style!r})"


@dataclass
class BatchOutcome:
    """Per position in the batch: saved, rejected with ICOMMKT's message, left without a
    response after every try (``unanswered``), or in a try that failed (``failed``, with
    ``error``). ``tries`` 0 means nothing was sent (the run stopped first)."""

    saved: list[int] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    unanswered: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retries: int = 0
    tries: int = 0
    error: str | None = None


#: Called with the positions saved and (position, message) rejected as each answer arrives.
AnswerHook = Callable[[list[int], list[tuple[int, str]]], None]


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
            outcome.unanswered.append(position)
        elif isinstance(response, dict) and str(response.get("StatusCode")) == "1":
            outcome.saved.append(position)
        else:
            message = response.get("Message") if isinstance(response, dict) else None
            outcome.rejected.append((position, str(message or "rejected without a message")))
    return outcome


class IcommktClient:
    """Sends batches; safe to share between threads (one HTTP session per thread)."""

    def __init__(self, settings: ClientSettings, stop: threading.Event | None = None,
                 seed: int | None = None,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self._settings = settings
        self._url = settings.api_url.rstrip("/") + SAVE_PATH
        self._headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": auth_header(settings.api_key, settings.auth_style),
        }
        self._local = threading.local()
        self._rng = random.Random(seed)
        self._calls = http_deadline.Calls()
        self._on_wait = on_wait
        self.stop = stop or threading.Event()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = http_deadline.session()
            session.trust_env = False  # no ~/.netrc credentials in place of ours...
            session.proxies.update(requests.utils.get_environ_proxies(self._url))  # ...proxies yes
            self._local.session = session
        return session

    def abort(self, reason: str = "stopped") -> None:
        """Stop: no new try starts, and the calls in flight are cut now."""
        self.stop.set()
        self._calls.cut_all(reason)

    def _announce(self, wait: float, attempt: int, size: int, why: str) -> None:
        if self._on_wait is not None and wait >= WAIT_SHOWN:
            self._on_wait(f"waiting {round(wait, 1):g} s before try {attempt + 1} of "
                          f"{self._settings.max_tries} for {size} contact(s): {why}")

    def _try(self, body: bytes, size: int) -> tuple[object | None, str, float | None, str]:
        """One POST. Returns (parsed 200 answer or None, error, wait asked, why the wait)."""
        settings = self._settings
        answer, call, exc = self._calls.post(
            self._session(), self._url, settings.timeout, data=body, headers=self._headers,
            timeout=(settings.timeout, settings.timeout))
        if call.reason is not None and call.reason != "deadline" and answer is None:
            return None, STOPPED, None, ""
        if answer is None:
            self._local.session = None  # the connection is gone; start a new one
            if call.reason == "deadline":
                error = f"no complete answer within {settings.timeout:g} s"
            elif isinstance(exc, requests.Timeout):
                error = f"no answer within {settings.timeout:g} s"
            else:
                error = f"connection failed ({type(exc).__name__})"
            return None, error, None, error
        status = answer.status_code
        if status in (401, 403):
            raise ConfigurationStop(
                f"ICOMMKT answered {status}: the API key was refused; "
                "check ICOMMKT_API_KEY (and ICOMMKT_AUTH_STYLE)"
            )
        if status == 200:
            try:
                return answer.json(), "", None, ""
            except ValueError:
                error = "ICOMMKT answered 200 with a body that is not JSON"
                return None, error, None, error
        if status == 429:
            error = "ICOMMKT answered 429 (too many requests)"
            asked = retry_after_seconds(answer.headers.get("Retry-After"))
            if asked is None:
                return None, error, None, error
            if asked > settings.retry_after_max:
                return None, error, settings.retry_after_max, (
                    f"ICOMMKT answered 429 with Retry-After {asked:.0f} s, cut to "
                    f"{settings.retry_after_max:g} s (--retry-after-max)")
            return None, error, asked, f"ICOMMKT answered 429 with Retry-After {asked:.0f} s"
        if status >= 500:
            error = f"ICOMMKT answered {status}"
            return None, error, None, error
        raise _NotRetried(f"ICOMMKT answered {status}; batch not retried")

    def send(self, payloads: Sequence[str], on_answer: AnswerHook | None = None) -> BatchOutcome:
        """POST one batch; retry transient failures and the contacts an answer left out;
        raise ConfigurationStop on 401/403 or a refused ProfileKey.

        ``on_answer`` gets each answer's saved and rejected positions as it arrives (the
        outcome then holds only what is left: unanswered or failed); without it the
        outcome holds everything.
        """
        settings = self._settings
        outcome = BatchOutcome()
        pending = list(range(len(payloads)))  # positions still without an answer
        body = request_body(settings.profile_key, payloads)
        error, why, wait = "", "", None
        short = False
        for attempt in range(settings.max_tries):
            if attempt:
                if wait is None:
                    wait = backoff_seconds(attempt - 1, settings.backoff_base,
                                           settings.backoff_max, self._rng)
                self._announce(wait, attempt, len(pending), why)
                self.stop.wait(wait)
            if self.stop.is_set():
                break
            outcome.tries += 1
            outcome.retries += 1 if attempt else 0
            try:
                parsed, error, wait, why = self._try(body, len(pending))
            except _NotRetried as exc:
                outcome.error, outcome.failed = str(exc), pending
                return outcome
            if error == STOPPED:
                break
            if parsed is None:
                short = False
                continue
            part = classify_answer(parsed, len(pending))
            if part.error is not None:
                error = why = part.error
                short = False
                continue
            saved = [pending[i] for i in part.saved]
            rejected = [(pending[i], message) for i, message in part.rejected]
            if on_answer is not None:
                if saved or rejected:
                    on_answer(saved, rejected)
            else:
                outcome.saved.extend(saved)
                outcome.rejected.extend(rejected)
            pending = [pending[i] for i in part.unanswered]
            if not pending:
                return outcome
            short = True
            error = why = f"ICOMMKT's answer left {len(pending)} contact(s) without a response"
            body = request_body(settings.profile_key, [payloads[i] for i in pending])
        if short:
            outcome.unanswered = pending
        else:
            outcome.failed = pending
            if outcome.tries == 0:
                outcome.error = STOPPED
            elif self.stop.is_set() and outcome.tries < settings.max_tries:
                outcome.error = f"{error}; the run stopped before the next try"
            else:
                outcome.error = f"{error}; gave up after {outcome.tries} tries"
        return outcome


class _NotRetried(Exception):
    """An answer that retrying would not change (a 4xx other than 401/403/429)."""
