"""The command line is a thin layer: its defaults are the functions' defaults, and the
daily run calls the stages' functions, not the command line."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

from fenicio_icommkt import cli
from fenicio_icommkt import daily as run
from fenicio_icommkt.icommkt import export


def test_export_command_defaults_are_the_export_options_defaults() -> None:
    args = cli.build_parser().parse_args(["export"])
    assert export.ExportOptions.from_args(args) == export.ExportOptions()
    args = cli.build_parser().parse_args(["export", "--concurrency", "2", "--dry-run"])
    assert export.ExportOptions.from_args(args) == export.ExportOptions(concurrency=2,
                                                                        dry_run=True)


def test_run_stages_are_function_calls() -> None:
    tree = ast.parse(Path(run.__file__).read_text(encoding="utf-8"))
    called = {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    assert {"ingest.load", "build.build", "export.export"} <= called
    assert not {"cli.main", "cli.dispatch"} & called
    args = argparse.Namespace(inbox=Path("inbox"), as_of="2026-06-30", dry_run=True, out=None)
    store = run.DataDir(Path("/nonexistent/store"))
    assert [name for name, _ in run.stages(args, store)] == ["ingest", "build", "export"]
