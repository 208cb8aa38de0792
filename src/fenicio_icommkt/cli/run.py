"""``fenicio-icommkt run --inbox DIR``: the daily job, for cron (``daily``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from fenicio_icommkt import daily
from fenicio_icommkt.cli import arguments


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "run", help="the daily job: ingest new files from an inbox, build, export"
    )
    parser.add_argument("--inbox", required=True, type=Path, metavar="DIR",
                        help="folder the Fenicio exports arrive in (already loaded files "
                             "are skipped by content)")
    parser.add_argument("--as-of", type=arguments.iso_date, metavar="DATE",
                        help="default: today in the store's time zone")
    parser.add_argument("--dry-run", action="store_true",
                        help="write what would be sent instead of sending it")
    parser.add_argument("--out", metavar="FILE", help="dry-run output file")
    return parser


def run(args: argparse.Namespace) -> int:
    options = daily.DailyOptions(args.inbox, args.as_of, args.dry_run, args.out)
    return daily.run(args.data_dir, options)
