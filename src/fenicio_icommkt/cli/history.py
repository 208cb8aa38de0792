"""``fenicio-icommkt history start``: record a range of past as-of dates in the segment
history (``dbt_runner.history``)."""

from __future__ import annotations

import argparse

from fenicio_icommkt.cli import arguments
from fenicio_icommkt.dbt_runner import history


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "history", help="the segment history: start it with a range of past dates")
    actions = parser.add_subparsers(dest="history_command", required=True, metavar="ACTION")
    start = actions.add_parser(
        "start", help="record past as-of dates (every N days) before the first daily build",
        description="Record the as-of dates FROM, FROM + EVERY, ... up to TO in the segment "
                    "history, as builds for those dates would, in one dbt build.")
    start.add_argument("--from", dest="start", required=True, type=arguments.iso_date,
                       metavar="DATE",
                       help="the first as-of date to record")
    start.add_argument("--to", dest="end", type=arguments.iso_date, metavar="DATE",
                       help="the last date the range may reach (default: yesterday in the "
                            "store's time zone)")
    start.add_argument("--every", type=arguments.positive_int, default=7, metavar="DAYS",
                       help="days between recorded dates (default 7)")
    return start


def run(args: argparse.Namespace) -> int:
    return history.start(args.data_dir, args.start, args.end, args.every)
