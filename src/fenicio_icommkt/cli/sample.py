"""``fenicio-icommkt sample``: realistic synthetic Fenicio exports (``sample``)."""

from __future__ import annotations

import argparse
from dataclasses import fields, replace
from pathlib import Path

from fenicio_icommkt import console, sample
from fenicio_icommkt.cli import arguments


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "sample",
        help="write realistic sample Fenicio exports (a history file and daily files)",
        description="Write realistic synthetic Fenicio 'Produtos por venda' CSV exports: "
                    "ventas_<date>_historico.csv with two years of orders, then one "
                    "ventas_<date>.csv per day up to --as-of, re-exporting some earlier "
                    "orders with a new status.",
    )
    parser.add_argument("--out", required=True, type=Path, help="folder to write the files to")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--customers", type=arguments.positive_int,
                      help="number of customers (default 1000)")
    size.add_argument("--lines", type=arguments.positive_int,
                      help="target about this many lines in total, across all files")
    parser.add_argument("--seed", type=int, default=1,
                        help="same seed, same bytes (default 1)")
    parser.add_argument("--as-of", type=arguments.iso_date, dest="as_of",
                        help="date of the last daily file, YYYY-MM-DD (default today)")
    parser.add_argument("--days", type=arguments.non_negative_int, default=3,
                        help="number of daily files after the history file (default 3)")
    shape = parser.add_argument_group(
        "shape", "how the files are written and how many orders a customer has; --shape "
        "picks a preset, the other options change it (default: the sample as always, same "
        "seed, same bytes)")
    shape.add_argument("--shape", choices=sorted(sample.SHAPES), default="default",
                       help="default: this sample's own shape; independent: issue 18's "
                            "export (--timestamps iso --fill 0.95 --usd-share 0.03 "
                            "--empty-currency-share 0.02 --order-numbers varied "
                            "--once-share 0.59 --p99-orders 21 --max-orders 600)")
    shape.add_argument("--timestamps", choices=list(sample.TIMESTAMP_STYLES),
                       help="; ".join(f"{k}: {v}" for k, v in sample.TIMESTAMP_STYLES.items()))
    shape.add_argument("--money", choices=list(sample.MONEY_STYLES),
                       help="; ".join(f"{k}: {v}" for k, v in sample.MONEY_STYLES.items()))
    shape.add_argument("--fill", type=arguments.share, metavar="F",
                       help="0..1: the share of the rows where an optional column would be "
                            "empty that get a value (carried, sensitive and profile columns; "
                            "free-text notes and coordinates are then varied text with "
                            "quotes, commas and line breaks); default 0")
    shape.add_argument("--usd-share", type=arguments.share, metavar="F",
                       help="share of the orders in USD, priced in dollars (default 0); the "
                            f"sample then writes config/currency_rates.csv (USD,{sample.USD_RATE}) "
                            "beside the exports: copy it to the store's <data dir>/config/, "
                            "a currency without a rate fails the build")
    shape.add_argument("--empty-currency-share", type=arguments.share, metavar="F",
                       help="share of the orders with an empty currency (default 0.2; the "
                            "others are UYU)")
    shape.add_argument("--order-numbers", choices=list(sample.ORDER_NUMBER_STYLES),
                       help="; ".join(f"{k}: {v}" for k, v in sample.ORDER_NUMBER_STYLES.items()))
    shape.add_argument("--once-share", type=arguments.share, metavar="F",
                       help="share of the customers who buy once; with --p99-orders, orders "
                            "per customer follow a law through these points and "
                            "--max-orders instead of the default Pareto (P(N >= n) = n^-1.1: "
                            "53 %% once, p99 65)")
    shape.add_argument("--p99-orders", type=arguments.positive_int, metavar="N",
                       help="99th percentile of orders per customer (with --once-share)")
    shape.add_argument("--max-orders", type=arguments.positive_int, metavar="N",
                       help="the most orders one customer has (default 100; with "
                            "--once-share about one customer has that many)")
    return parser


def shape_from_args(args: argparse.Namespace) -> sample.Shape:
    """The preset named by --shape with the options given on the command line."""
    shape = sample.SHAPES[getattr(args, "shape", None) or "default"]
    changes = {f.name: getattr(args, f.name) for f in fields(sample.Shape)
               if getattr(args, f.name, None) is not None}
    return replace(shape, **changes)


def run(args: argparse.Namespace) -> int:
    as_of = args.as_of or sample.today()
    shape = shape_from_args(args)
    try:
        shape.check()
    except ValueError as exc:
        console.error(f"sample: {exc}")
        return console.USAGE
    customers = None if args.lines is not None else (args.customers or sample.DEFAULT_CUSTOMERS)
    plan = sample.make_plan(customers, args.lines, args.seed, as_of, args.days, shape)
    return sample.write(Path(args.out), plan)
