"""``fenicio-icommkt export``: deliver the built contacts to ICOMMKT, or write a dry run
(``icommkt.export``)."""

from __future__ import annotations

import argparse

from fenicio_icommkt.cli import arguments
from fenicio_icommkt.icommkt import export

_DEFAULT = export.ExportOptions()


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export", help="send the customer profiles to ICOMMKT (only what changed)",
        description="Send the profile mart to ICOMMKT as SaveMultiContact batches.",
    )
    parser.add_argument("--as-of", type=arguments.iso_date,
                        help="refuse unless the profiles are built for it")
    parser.add_argument("--dry-run", action="store_true",
                        help="send nothing; write the contacts as JSON lines to --out")
    parser.add_argument("--out", help="dry-run output (default: <data dir>/exports/...)")
    parser.add_argument("--full", action="store_true",
                        help="send every profile, not only the changed ones")
    parser.add_argument("--batch-size", type=arguments.positive_int,
                        default=_DEFAULT.batch_size)
    parser.add_argument("--concurrency", type=arguments.positive_int,
                        default=_DEFAULT.concurrency,
                        help="calls in flight (default %(default)s)")
    parser.add_argument("--timeout", type=arguments.seconds, default=_DEFAULT.timeout,
                        help="deadline of one call in seconds: connecting, sending and the "
                             "whole answer (default %(default)s)")
    parser.add_argument("--max-tries", type=arguments.positive_int, default=_DEFAULT.max_tries,
                        help="tries per batch on 429 / 5xx / timeouts / contacts left without "
                             "a response (default %(default)s)")
    parser.add_argument("--backoff", type=arguments.seconds, default=_DEFAULT.backoff,
                        help="first backoff in seconds, doubled per try, with jitter")
    parser.add_argument("--backoff-max", type=arguments.seconds, default=_DEFAULT.backoff_max)
    parser.add_argument("--retry-after-max", type=arguments.seconds,
                        default=_DEFAULT.retry_after_max,
                        help="longest wait a 429's Retry-After gets, in seconds "
                             "(default %(default)s)")
    parser.add_argument("--stop-after-failures", type=int, metavar="N",
                        default=_DEFAULT.stop_after_failures,
                        help="stop the run once N batches in a row failed all their tries "
                             "(default %(default)s; 0 never stops early)")
    return parser


def run(args: argparse.Namespace) -> int:
    return export.export(args.data_dir, export.ExportOptions.from_args(args))
