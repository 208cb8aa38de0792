"""Terminal output: a progress bar on a terminal, plain lines otherwise, and exit codes."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

# Exit codes (cli.md).
OK = 0
FAILURE = 1
USAGE = 2
PARTIAL = 3


#: The signals that stop a command cleanly: Ctrl-C, ``kill``/systemd stop, a closed terminal.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """A stop signal arrived; raised in the main thread at the first one."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


@contextmanager
def stop_on_signals(then_ignore: bool = False) -> Iterator[None]:
    """Turn the first SIGINT / SIGTERM / SIGHUP into ``Interrupted`` (so ``finally`` blocks,
    the run's bookkeeping and a child's shutdown happen); later ones are ignored while the
    command winds down. Only in the main thread (elsewhere signals cannot be handled).
    ``then_ignore``: the process exits right after, so the signals stay ignored instead of
    getting their old handlers back (a signal that arrives once the work is done must not
    kill the process and make finished work look killed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def handler(signum: int, frame: object) -> None:
        received.append(signum)
        if len(received) == 1:
            raise Interrupted(signum)

    previous = {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, signal.SIG_IGN if then_ignore else old)


def info(message: str, stream: TextIO | None = None) -> None:
    print(message, file=stream or sys.stdout, flush=True)


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


class Progress:
    """Counts work done: redraws one line on a terminal, else prints a line now and then."""

    def __init__(self, label: str, total: int | None, stream: TextIO | None = None,
                 interval: float = 5.0) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.is_tty = self.stream.isatty()
        self.interval = interval if not self.is_tty else 0.1
        self._last = 0.0

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._draw()

    def _draw(self, final: bool = False) -> None:
        if self.total:
            share = min(1.0, self.done / self.total)
            bar = "#" * int(share * 30)
            text = f"{self.label} [{bar:<30}] {self.done}/{self.total}"
        else:
            text = f"{self.label} {self.done}"
        if self.is_tty:
            end = "\n" if final else ""
            print(f"\r{text}", end=end, file=self.stream, flush=True)
        elif not final:
            done = f"{self.done}/{self.total}" if self.total else str(self.done)
            print(f"{self.label}: {done}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.is_tty:
            self._draw(final=True)
