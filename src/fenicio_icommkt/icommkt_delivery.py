"""Send contact batches with a few calls in flight and record each answer in the ledger.

HTTP runs in worker threads; the ledger is written by one writer thread (its own cursor), one
transaction per answered batch, so a run killed half way keeps everything acknowledged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import NamedTuple

import duckdb

from fenicio_icommkt import ledger
from fenicio_icommkt.console import Progress
from fenicio_icommkt.icommkt_client import (
    STOPPED,
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
    batch_errors: list[str] = field(default_factory=list)
    rejections: list[tuple[str, str]] = field(default_factory=list)


class _Recorder:
    """Applies answers to the ledger and the counts (from the single writer thread only)."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, run_id: str, as_of: dt.date | None,
                 progress: Progress | None, result: DeliveryResult) -> None:
        self.conn = conn
        self.run_id = run_id
        self.as_of = as_of
        self.progress = progress
        self.result = result

    def fatal(self, message: str) -> None:
        if self.result.fatal is None:
            self.result.fatal = message

    def apply(self, batch: Sequence[Contact], outcome: BatchOutcome) -> None:
        counts = self.result.counts
        counts.retries += outcome.retries
        if outcome.error is not None:
            if outcome.error != STOPPED:
                counts.sent += len(batch)
                counts.batches_failed += 1
                if len(self.result.batch_errors) < SHOWN:
                    self.result.batch_errors.append(outcome.error)
            return
        counts.sent += len(batch)
        saved = [batch[i] for i in outcome.saved]
        rejected = [(batch[i], message) for i, message in outcome.rejected]
        ledger.record_answers(self.conn, self.run_id, self.as_of,
                              [(c.email, c.payload_hash, c.change == "retire") for c in saved],
                              [(c.email, message) for c, message in rejected])
        counts.saved += len(saved)
        counts.retired += sum(1 for c in saved if c.change == "retire")
        counts.rejected += len(rejected)
        room = SHOWN - len(self.result.rejections)
        self.result.rejections.extend((c.email, m) for c, m in rejected[:max(0, room)])
        if self.progress is not None:
            self.progress.advance(len(batch))


def _outcome(future: Future[BatchOutcome], recorder: _Recorder,
             client: IcommktClient) -> BatchOutcome | None:
    try:
        return future.result()
    except ConfigurationStop as exc:
        client.stop.set()
        recorder.fatal(str(exc))
        return None
    except Exception as exc:  # an unexpected failure fails this batch, not the run
        return BatchOutcome(error=f"{type(exc).__name__} while sending the batch")


def deliver(batches: Iterable[Sequence[Contact]], client: IcommktClient,
            conn: duckdb.DuckDBPyConnection, run_id: str, as_of: dt.date | None,
            concurrency: int, progress: Progress | None = None) -> DeliveryResult:
    """Send every batch (``concurrency`` in flight); stop early on a configuration error."""
    result = DeliveryResult()
    writer_conn = conn.cursor()
    recorder = _Recorder(writer_conn, run_id, as_of, progress, result)
    pending: dict[Future[BatchOutcome], Sequence[Contact]] = {}
    writes: list[Future[None]] = []
    in_flight = max(1, concurrency)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger") as writer, \
            ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="icommkt") as pool:

        def drain(until: int) -> None:
            while len(pending) > until:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    batch = pending.pop(future)
                    outcome = _outcome(future, recorder, client)
                    if outcome is not None:
                        writes.append(writer.submit(recorder.apply, batch, outcome))
                for write in [w for w in writes if w.done()]:
                    writes.remove(write)
                    write.result()

        try:
            for batch in batches:
                if client.stop.is_set():
                    break
                drain(in_flight - 1)
                if client.stop.is_set():
                    break
                pending[pool.submit(client.send, [c.payload for c in batch])] = batch
            drain(0)
        except BaseException:
            client.stop.set()
            raise
        finally:
            for write in writes:
                write.exception()
    for write in writes:
        write.result()
    writer_conn.close()
    return result
