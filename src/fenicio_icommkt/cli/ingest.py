"""``fenicio-icommkt ingest PATH...``: Fenicio CSV exports into the warehouse (``ingest``)."""

from __future__ import annotations

import argparse

from fenicio_icommkt import console, ingest


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "ingest", help="load Fenicio CSV exports (files or folders of *.csv, *.csv.gz) into "
                       "the warehouse"
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--encoding", default="utf-8", choices=sorted(ingest.ENCODINGS),
                        help="file encoding (default utf-8; anything else is refused)")
    parser.add_argument("--delimiter", choices=[",", ";"], help="default: detected")
    parser.add_argument("--decimal", choices=[".", ","],
                        help="decimal separator for ambiguous numbers (default: detected)")
    parser.add_argument("--rebuild-file-log", action="store_true",
                        help="rebuild ingest.file_log and ingest.quarantine from landing/ "
                             "(after warehouse.duckdb was lost or replaced); takes no PATH")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.rebuild_file_log and args.paths:
        console.error("--rebuild-file-log takes no PATH")
        return console.USAGE
    if not args.rebuild_file_log and not args.paths:
        console.error("give the files or folders to load (or --rebuild-file-log)")
        return console.USAGE
    return ingest.load(args.data_dir, args.paths,
                       ingest.IngestOptions(args.encoding, args.delimiter, args.decimal),
                       rebuild_file_log=args.rebuild_file_log)
