"""A fake ICOMMKT ``SaveMultiContact`` server on 127.0.0.1, for tests and the benchmark.

It implements icommkt-api.md: checks the Authorization header (Basic ``key:`` or the bare
key) and the ProfileKey, upserts the custom fields it receives per email and answers one
per-contact response each. Faults are scriptable: a queue of one-shot faults consumed one per
request (``429``, ``429:SECONDS``, ``429:date:SECONDS``, ``500``, ``503``, any other status,
``slow``, ``drop``, ``short:N``, ``trickle`` (the headers at once, then the body one byte
every ``trickle_seconds``), ``trickle-head`` (the status line and headers too), ``ok``)
plus standing ones (rejected-email pattern, a delay on every answer, answers shorter than
the batch, and ``standing``: a fault for every request once the queue is empty).

Run it alone: ``python -m fenicio_icommkt.icommkt.fake_server --port 8080 --api-key K
--profile-key P``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import email.utils
import json
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SAVE_PATH = "/Contacts/SaveMultiContact.Json/"
STATS_PATH = "/_fake/stats"
#: Count-only (benchmark) mode reads just these from the body instead of parsing all of it.
_PROFILE_KEY = re.compile(rb'"ProfileKey"\s*:\s*"((?:[^"\\]|\\.)*)"')
_EMAIL = re.compile(rb'"Email"\s*:\s*"((?:[^"\\]|\\.)*)"')


def _skim(raw: bytes) -> dict[str, Any]:
    """ProfileKey and the contacts' emails without parsing the custom fields (count-only mode)."""
    profile = _PROFILE_KEY.search(raw)
    if profile is None:
        raise ValueError("no ProfileKey")
    return {"ProfileKey": json.loads(b'"' + profile.group(1) + b'"'),
            "ContactList": [{"Email": json.loads(b'"' + m + b'"')} for m in _EMAIL.findall(raw)]}


@dataclass
class Call:
    """One request as the server saw it."""

    emails: tuple[str, ...]
    outcome: str


@dataclass
class FakeState:
    api_key: str
    profile_key: str
    store: bool = True
    reject_pattern: re.Pattern[str] | None = None
    delay: float = 0.0
    slow_seconds: float = 2.0
    short_by: int = 0
    trickle_seconds: float = 20.0
    standing: str | None = None
    closing: threading.Event = field(default_factory=threading.Event)
    script: deque[str] = field(default_factory=deque)
    saved: dict[str, dict[str, str]] = field(default_factory=dict)
    save_counts: dict[str, int] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    contacts_received: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_fault(self) -> str | None:
        with self.lock:
            return self.script.popleft() if self.script else self.standing

    def authorised(self, header: str | None) -> bool:
        if not header:
            return False
        if header == self.api_key:
            return True
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return decoded == f"{self.api_key}:"

    def save(self, contacts: list[dict[str, Any]], short_by: int) -> list[dict[str, Any]]:
        responses = []
        with self.lock:
            for contact in contacts:
                address = str(contact.get("Email", ""))
                if self.reject_pattern is not None and self.reject_pattern.search(address):
                    responses.append({"StatusCode": 0, "Message": "Email rejected by fake rule",
                                      "Data": {"Email": address, "Status": "E"}})
                    continue
                if self.store:
                    fields = self.saved.setdefault(address, {})
                    for custom in contact.get("CustomFields") or []:
                        fields[str(custom["Key"])] = str(custom["Value"])
                self.save_counts[address] = self.save_counts.get(address, 0) + 1
                responses.append({"StatusCode": 1, "Message": "OK",
                                  "Data": {"Email": address, "Status": "A"}})
        return responses[: max(0, len(responses) - short_by)]


@dataclass
class Reply:
    """What the server answers: ``status`` None drops the connection instead."""

    outcome: str
    status: int | None
    body: dict[str, Any] | None = None
    headers: dict[str, str] | None = None
    trickle: str | None = None  # "body" or "head": what is sent a byte at a time


def _result(status_code: int, message: str, responses: list[Any] | None) -> dict[str, Any]:
    return {"SaveMultiContactJsonResult": {"StatusCode": status_code, "Message": message,
                                           "Responses": responses}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FakeServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        return

    def _send(self, status: int, body: dict[str, Any] | None,
              headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        state = self.server.state
        if self.path != STATS_PATH:
            self._send(404, {"Message": "not found"})
            return
        with state.lock:
            stats = {"calls": len(state.calls), "contacts_received": state.contacts_received,
                     "contacts_saved": sum(state.save_counts.values()),
                     "emails_saved": len(state.save_counts)}
        self._send(200, stats)

    def do_POST(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path.rstrip("/") != SAVE_PATH.rstrip("/"):
            self._send(404, {"Message": "not found"})
            return
        try:
            body = json.loads(raw) if state.store else _skim(raw)
            contacts = list(body.get("ContactList") or [])
        except (ValueError, AttributeError):
            self._send(400, {"Message": "body is not the expected JSON"})
            return
        emails = tuple(str(c.get("Email", "")) for c in contacts)
        reply = self._decide(state, body, contacts)
        call = Call(emails, reply.outcome)
        with state.lock:  # recorded before answering, so a client never sees an unrecorded call
            state.calls.append(call)
            state.contacts_received += len(contacts)
        if reply.status is None:  # drop the connection without answering
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            if reply.trickle:
                self._send_trickled(reply.status, reply.body, reply.trickle == "head")
            else:
                self._send(reply.status, reply.body, reply.headers)
        except OSError:
            call.outcome = "answer-lost"

    def _send_trickled(self, status: int, body: dict[str, Any] | None, head: bool) -> None:
        """The answer one byte every ``trickle_seconds`` (from the body on, or all of it)."""
        state = self.server.state
        data = json.dumps(body).encode()
        header = (f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(data)}\r\n\r\n").encode()
        if not head:
            self.wfile.write(header)
        slow = header + data if head else data
        for index in range(len(slow)):
            self.wfile.write(slow[index:index + 1])
            self.wfile.flush()
            if state.closing.wait(state.trickle_seconds):
                self.close_connection = True
                return

    def _decide(self, state: FakeState, body: dict[str, Any], contacts: list[Any]) -> Reply:
        if not state.authorised(self.headers.get("Authorization")):
            return Reply("401", 401, {"Message": "Authorization has been denied for this request."})
        fault = state.next_fault()
        if state.delay:
            time.sleep(state.delay)
        short_by = state.short_by
        if fault == "drop":
            return Reply("drop", None)
        if fault == "slow":
            time.sleep(state.slow_seconds)
        elif fault and fault.startswith("429"):
            return Reply(fault, 429, {"Message": "Too many requests"}, _retry_after(fault))
        elif fault and fault.startswith("short:"):
            short_by = int(fault.split(":", 1)[1])
        elif fault and fault.isdigit():
            return Reply(fault, int(fault), {"Message": f"fake fault {fault}"})
        if body.get("ProfileKey") != state.profile_key:
            return Reply("bad-profile", 200, _result(-1, "ProfileKey not found", None))
        responses = state.save(contacts, short_by)
        trickle = {"trickle": "body", "trickle-head": "head"}.get(fault or "")
        return Reply(fault or "ok", 200, _result(1, "OK", responses), trickle=trickle)


def _retry_after(fault: str) -> dict[str, str]:
    parts = fault.split(":")
    if len(parts) == 1:
        return {}
    if parts[1] == "date":
        when = time.time() + float(parts[2])
        return {"Retry-After": email.utils.formatdate(when, usegmt=True)}
    return {"Retry-After": parts[1]}


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, state: FakeState, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.state = state

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client that went away mid-answer is part of the game


class FakeIcommkt:
    """A fake server in a background thread: ``with FakeIcommkt(key, profile) as fake: ...``."""

    def __init__(self, api_key: str, profile_key: str, port: int = 0, store: bool = True) -> None:
        self.state = FakeState(api_key=api_key, profile_key=profile_key, store=store)
        self.server = FakeServer(self.state, port)
        self._thread = threading.Thread(target=self.server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *faults: str) -> None:
        with self.state.lock:
            self.state.script.extend(faults)

    def start(self) -> FakeIcommkt:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.state.closing.set()  # trickling answers end now
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeIcommkt:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fake ICOMMKT SaveMultiContact server")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--api-key", default="fake-key")
    parser.add_argument("--profile-key", default="fake-profile")
    parser.add_argument("--reject-pattern", help="reject emails matching this regex")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    parser.add_argument("--short-by", type=int, default=0, help="answer N responses short")
    parser.add_argument("--script", default="", help="comma-separated one-shot faults")
    parser.add_argument("--standing", help="a fault for every request once the script is done "
                                           "(e.g. 503, trickle, 429:99999)")
    parser.add_argument("--trickle-seconds", type=float, default=20.0,
                        help="seconds between the bytes of a trickled answer")
    parser.add_argument("--no-store", action="store_true",
                        help="count only, reading just ProfileKey and emails (benchmarks)")
    args = parser.parse_args(argv)
    fake = FakeIcommkt(args.api_key, args.profile_key, args.port, store=not args.no_store)
    state = fake.state
    state.reject_pattern = re.compile(args.reject_pattern) if args.reject_pattern else None
    state.delay, state.short_by = args.delay, args.short_by
    state.standing, state.trickle_seconds = args.standing, args.trickle_seconds
    fake.script(*[f for f in args.script.split(",") if f])
    print(f"fake ICOMMKT listening on {fake.url}", flush=True)
    try:
        fake.server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        fake.server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
