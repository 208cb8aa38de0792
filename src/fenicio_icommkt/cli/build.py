"""``fenicio-icommkt build [--as-of DATE] [--full-refresh]``: ``dbt build`` for one store
(``dbt_runner.build``)."""

from __future__ import annotations

import argparse

from fenicio_icommkt.cli import arguments
from fenicio_icommkt.dbt_runner import build


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "build", help="compute the customer profiles (dbt build: models and data tests)"
    )
    parser.add_argument("--as-of", type=arguments.iso_date, metavar="DATE",
                        help="the date the metrics are computed for (default: today in the "
                             "store's time zone)")
    parser.add_argument("--full-refresh", action="store_true",
                        help="recompute every table from the landed files instead of only "
                             "what changed (after editing a macro, or to check the "
                             "incremental tables)")
    return parser


def run(args: argparse.Namespace) -> int:
    as_of = args.as_of.isoformat() if args.as_of else None
    return build.build(args.data_dir, as_of, args.full_refresh)
