"""``fenicio-icommkt report``: the results report, one self-contained HTML file
(``report``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from fenicio_icommkt import report
from fenicio_icommkt.report import i18n


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report", help="the results report: one self-contained HTML file (opens offline)")
    parser.add_argument("--out", metavar="FILE", type=Path,
                        help="where to write it (default: <data dir>/reports/<as-of>.html "
                             "and reports/latest.html)")
    parser.add_argument("--lang", choices=i18n.LANGUAGES,
                        help="labels and formats (default: the store's report_language, en)")
    return parser


def run(args: argparse.Namespace) -> int:
    return report.write_report(args.data_dir, args.out, args.lang)
