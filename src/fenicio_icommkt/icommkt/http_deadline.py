"""HTTP calls with an overall deadline, that can also be cut from another thread.

``requests`` timeouts bound each socket operation, not the call: a server that trickles a
byte every 20 s never trips a 60 s read timeout and holds the call forever. Here each call
registers the connection it uses; a timer cuts it (shuts the socket down) at the deadline,
and ``cut_all`` cuts every call in flight (the run was interrupted), so a worker thread is
never left blocked in a read.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection

_current = threading.local()


class Call:
    """One call in flight: the connection it writes and reads on, and why it was cut."""

    def __init__(self) -> None:
        self.reason: str | None = None
        self._connection: HTTPConnection | None = None
        self._lock = threading.Lock()

    def attach(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._connection = connection
            cut = self.reason is not None
        if cut:
            _shut(connection)

    def cut(self, reason: str) -> None:
        with self._lock:
            if self.reason is not None:
                return
            self.reason = reason
            connection = self._connection
        if connection is not None:
            _shut(connection)


def _shut(connection: HTTPConnection) -> None:
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv/send in the calling thread


class _TrackedHTTPConnection(HTTPConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:
        call = getattr(_current, "call", None)
        if call is not None:
            call.attach(self)
        super().request(*args, **kwargs)


class _TrackedHTTPSConnection(HTTPSConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:
        call = getattr(_current, "call", None)
        if call is not None:
            call.attach(self)
        super().request(*args, **kwargs)


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TLSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


_POOLS = {"http": _Pool, "https": _TLSPool}


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if hasattr(manager, "pool_classes_by_scheme"):
            manager.pool_classes_by_scheme = dict(_POOLS)
        return manager


def session() -> requests.Session:
    """A session whose calls can be cut (see ``post``)."""
    result = requests.Session()
    adapter = _Adapter()
    result.mount("http://", adapter)
    result.mount("https://", adapter)
    return result


class Calls:
    """The calls in flight of one client, so they can all be cut at once."""

    def __init__(self) -> None:
        self._active: set[Call] = set()
        self._lock = threading.Lock()
        self.cut_reason: str | None = None

    def post(self, http: requests.Session, url: str, deadline: float,
             **kwargs: Any) -> tuple[requests.Response | None, Call, Exception | None]:
        """POST with an overall deadline in seconds (connect, send and the whole answer).

        Returns the response (None if the call failed), the call (``reason`` says whether
        it was cut: ``"deadline"`` or the reason given to ``cut_all``) and the exception.
        """
        call = Call()
        with self._lock:
            if self.cut_reason is not None:
                call.reason = self.cut_reason
                return None, call, None
            self._active.add(call)
        timer = threading.Timer(deadline, call.cut, args=("deadline",))
        timer.daemon = True
        _current.call = call
        timer.start()
        try:
            response = http.post(url, **kwargs)
        except requests.RequestException as exc:
            return None, call, exc
        finally:
            timer.cancel()
            _current.call = None
            with self._lock:
                self._active.discard(call)
        return response, call, None

    def cut_all(self, reason: str) -> None:
        """Cut every call in flight, and any call started from now on."""
        with self._lock:
            self.cut_reason = reason
            active = list(self._active)
        for call in active:
            call.cut(reason)
