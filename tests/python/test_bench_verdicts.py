"""The benchmark report says whether each of issue 5's targets is met, and by how much not."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SPEC = importlib.util.spec_from_file_location(
    "bench", Path(__file__).resolve().parents[2] / "scripts" / "bench.py")
assert SPEC and SPEC.loader
bench = importlib.util.module_from_spec(SPEC)
sys.modules["bench"] = bench  # its dataclasses look their module up
SPEC.loader.exec_module(bench)


def test_a_time_over_its_limit_is_missed_by_the_ratio() -> None:
    assert bench.verdict(174.0, 126.0) == "**missed**, 1.38x the limit"
    assert bench.verdict(126.0, 126.0) == "met"
    assert bench.verdict(0.20, 0.25) == "met"


def test_a_throughput_under_its_floor_is_missed() -> None:
    assert bench.verdict(21_028, 10_000, higher_is_better=True) == "met"
    assert bench.verdict(9_856, 10_000, higher_is_better=True) == "**missed**, 0.99x the limit"


def test_the_full_run_limit_is_twice_the_hand_tuned_query_of_issue_5() -> None:
    assert bench.HAND_TUNED_SECONDS[10_000_000] * 2 == 126.0
