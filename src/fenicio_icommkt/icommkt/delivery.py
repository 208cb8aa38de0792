"""Send contact batches with a few calls in flight and record each answer in the ledger.

HTTP runs in worker threads; the ledger is written by one writer thread (its own cursor), one
transaction per answer (a batch's retry of the contacts an answer left out is its own), so a
run killed half way keeps everything acknowledged.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import NamedTuple

import duckdb

from fenicio_icommkt.console import Progress
from fenicio_icommkt.icommkt import ledger
from fenicio_icommkt.icommkt.client import (
    AnswerHook,
    BatchOutcome,
    ConfigurationStop,
    IcommktClient,
)

#: How many rejections the summary shows (all are in the ledger).
SHOWN = 5


class Contact(NamedTuple):
    email: str
    payload_hash: str
    payload: str
    change: str


@dataclass
class DeliveryResult:
    counts: ledger.RunCounts = field(default_factory=ledger.RunCounts)
    fatal: str | None = None
    #: Why the run stopped before sending everything: interrupted (a signal) or early stop.
    interrupted: str | None = None
    stopped_early: str | None = None
    batch_errors: list[str] = field(default_factory=list)
    rejections: list[tuple[str, str]] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)


class _Recorder:
    """Writes answers to the ledger and counts them (from the single writer thread only)."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, run_id: str, as_of: dt.date | None,
                 result: DeliveryResult) -> None:
        self.conn = conn
        self.run_id = run_id
        self.as_of = as_of
        self.result = result

    def answered(self, batch: Sequence[Contact], saved_at: list[int],
                 rejected_at: list[tuple[int, str]]) -> None:
        counts = self.result.counts
        saved = [batch[i] for i in saved_at]
        rejected = [(batch[i], message) for i, message in rejected_at]
        ledger.record_answers(self.conn, self.run_id, self.as_of,
                              [(c.email, c.payload_hash, c.change == "retire") for c in saved],
                              [(c.email, message) for c, message in rejected])
        counts.saved += len(saved)
        counts.retired += sum(1 for c in saved if c.change == "retire")
        counts.rejected += len(rejected)
        self.result.reasons.update(message for _, message in rejected)
        room = SHOWN - len(self.result.rejections)
        self.result.rejections.extend((c.email, m) for c, m in rejected[:max(0, room)])


class _Batches:
    """What the main thread learns from each finished batch; decides an early stop."""

    def __init__(self, result: DeliveryResult, client: IcommktClient, stop_after: int,
                 progress: Progress | None) -> None:
        self.result = result
        self.client = client
        self.stop_after = stop_after
        self.progress = progress
        self.failed_in_a_row = 0

    def finished(self, batch: Sequence[Contact], outcome: BatchOutcome | None) -> None:
        counts = self.result.counts
        if outcome is None or outcome.tries == 0:
            return  # never sent: counted as not sent by the caller
        counts.sent += len(batch)
        counts.retries += outcome.retries
        counts.unanswered += len(outcome.unanswered)
        if self.progress is not None:
            self.progress.advance(len(batch))
        if not outcome.failed:
            self.failed_in_a_row = 0
            return
        counts.failed += len(outcome.failed)
        counts.batches_failed += 1
        if len(self.result.batch_errors) < SHOWN and outcome.error:
            self.result.batch_errors.append(outcome.error)
        self.failed_in_a_row += 1
        if (self.stop_after and self.failed_in_a_row >= self.stop_after
                and self.result.stopped_early is None and self.result.interrupted is None):
            self.result.stopped_early = (
                f"{self.failed_in_a_row} batches in a row failed after all their tries "
                f"(last: {outcome.error}); the run stopped early")
            self.client.stop.set()


def _outcome(future: Future[BatchOutcome], size: int, result: DeliveryResult,
             client: IcommktClient) -> BatchOutcome | None:
    try:
        return future.result()
    except ConfigurationStop as exc:
        client.stop.set()
        if result.fatal is None:
            result.fatal = str(exc)
        return None
    except Exception as exc:  # an unexpected failure fails this batch, not the run
        return BatchOutcome(error=f"{type(exc).__name__} while sending the batch", tries=1,
                            failed=list(range(size)))


def deliver(batches: Iterable[Sequence[Contact]], client: IcommktClient,
            conn: duckdb.DuckDBPyConnection, run_id: str, as_of: dt.date | None,
            concurrency: int, progress: Progress | None = None,
            stop_after: int = 0) -> DeliveryResult:
    """Send every batch (``concurrency`` in flight). Stops early on a configuration error,
    after ``stop_after`` batches in a row failed (0: never), or on an interrupt (Ctrl-C,
    SIGTERM, SIGHUP: the calls in flight are cut); what was acknowledged is kept."""
    result = DeliveryResult()
    writer_conn = conn.cursor()
    recorder = _Recorder(writer_conn, run_id, as_of, result)
    finished = _Batches(result, client, stop_after, progress)
    pending: dict[Future[BatchOutcome], Sequence[Contact]] = {}
    writes: list[Future[None]] = []
    writes_lock = threading.Lock()
    in_flight = max(1, concurrency)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger") as writer, \
            ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="icommkt") as pool:

        def hook(batch: Sequence[Contact]) -> AnswerHook:
            def record(saved: list[int], rejected: list[tuple[int, str]]) -> None:
                with writes_lock:
                    writes.append(writer.submit(recorder.answered, batch, saved, rejected))
            return record

        def drain(until: int) -> None:
            while len(pending) > until:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    batch = pending.pop(future)
                    finished.finished(batch, _outcome(future, len(batch), result, client))
                with writes_lock:
                    written = [w for w in writes if w.done()]
                    for write in written:
                        writes.remove(write)
                for write in written:
                    write.result()

        try:
            try:
                for batch in batches:
                    if client.stop.is_set():
                        break
                    drain(in_flight - 1)
                    if client.stop.is_set():
                        break
                    payloads = [c.payload for c in batch]
                    pending[pool.submit(client.send, payloads, hook(batch))] = batch
                drain(0)
            except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM / SIGHUP (console)
                result.interrupted = str(exc) or "interrupted (Ctrl-C)"
                client.abort("interrupted")
                drain(0)  # the calls in flight end now; what they got answered is kept
        except BaseException:
            client.abort("failed")
            raise
        finally:
            with writes_lock:
                remaining = list(writes)
            for write in remaining:
                write.exception()
    for write in writes:
        write.result()
    writer_conn.close()
    return result
