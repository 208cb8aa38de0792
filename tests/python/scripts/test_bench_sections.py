"""``make bench`` rewrites only the segment-history section with ``--history-only``, and a
full run keeps the results-report section that ``scripts/bench_report.py`` writes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SPEC = importlib.util.spec_from_file_location(
    "bench_for_history", Path(__file__).resolve().parents[3] / "scripts" / "bench.py")
assert SPEC and SPEC.loader
bench = importlib.util.module_from_spec(SPEC)
sys.modules["bench_for_history"] = bench  # its dataclasses look their module up
SPEC.loader.exec_module(bench)


def test_the_history_section_is_replaced_and_the_rest_kept() -> None:
    report = "# Benchmarks\n\n## 1,000,000 lines\n\nfigures\n\n## Segment history (old)\n\nold\n"
    new = ["## Segment history (1,000,000 lines)", "", "new", ""]
    assert bench.replace_section(report, bench.HISTORY_SECTION, new) == (
        "# Benchmarks\n\n## 1,000,000 lines\n\nfigures\n\n"
        "## Segment history (1,000,000 lines)\n\nnew\n")
    middle = report.replace("old\n", "old\n\n## 10,000,000 lines\n\nmore\n")
    assert bench.replace_section(middle, bench.HISTORY_SECTION, new).endswith(
        "## Segment history (1,000,000 lines)\n\nnew\n\n## 10,000,000 lines\n\nmore\n")


def test_a_report_without_the_section_gets_it_at_the_end() -> None:
    assert bench.replace_section("# Benchmarks\n", bench.HISTORY_SECTION,
                                 ["## Segment history (x)", ""]) == (
        "# Benchmarks\n\n## Segment history (x)\n")


def test_the_report_section_is_found_whole_and_only_it() -> None:
    text = ("# Benchmarks\n\n## Results report (issue 17, 10,000,000 lines)\n\n| a |\n\n"
            "## Segment history (x)\n\nh\n")
    assert bench.section_of(text, bench.REPORT_SECTION) == (
        "## Results report (issue 17, 10,000,000 lines)\n\n| a |\n")
    assert bench.section_of(text.replace("## Results", "## Other"), bench.REPORT_SECTION) == ""
    last = "# Benchmarks\n\n## Results report (y)\n\nr\n"
    assert bench.section_of(last, bench.REPORT_SECTION) == "## Results report (y)\n\nr\n"
