"""A store's build runs the checks of its data and skips the checks of the code.

README decision 13: the unit tests, the macros' behaviour tests (``tests/dbt/macros/``)
and ``columns_match_documentation`` answer the same for the same code in every store, so
CI runs them and a store's build does not. Read from the artifacts of a real build: what
the tag selects, and what the build ran.
"""

from __future__ import annotations

import json
from pathlib import Path

from fenicio_icommkt.dbt_runner import process


def _artifacts(store: Path) -> tuple[dict, list[dict]]:
    manifest = json.loads((store / "target" / "manifest.json").read_text(encoding="utf-8"))
    results = json.loads((store / "target" / "run_results.json").read_text(encoding="utf-8"))
    return manifest["nodes"], results["results"]


def _is_code_check(node: dict) -> bool:
    generic = (node.get("test_metadata") or {}).get("name")
    return (node["original_file_path"].startswith("tests/dbt/macros/")
            or generic == "columns_match_documentation")


def test_the_tag_selects_exactly_the_code_checks(built_store: Path) -> None:
    nodes, _ = _artifacts(built_store)
    tests = [n for n in nodes.values() if n["resource_type"] == "test"]
    tagged = {n["unique_id"] for n in tests if "code_check" in n["tags"]}
    expected = {n["unique_id"] for n in tests if _is_code_check(n)}
    assert tagged == expected
    assert len({n["original_file_path"] for n in tests if _is_code_check(n)
                and "macros/" in n["original_file_path"]}) >= 20


def test_a_store_build_ran_its_data_tests_and_no_code_check(built_store: Path) -> None:
    nodes, results = _artifacts(built_store)
    ran = [nodes[r["unique_id"]] for r in results if r["unique_id"] in nodes]
    ran_tests = [n for n in ran if n["resource_type"] == "test"]
    assert not [n["unique_id"] for n in ran_tests if _is_code_check(n)]
    assert not [r["unique_id"] for r in results if r["unique_id"].startswith("unit_test.")]
    data_tests = [n for n in nodes.values()
                  if n["resource_type"] == "test" and not _is_code_check(n)
                  and n["config"].get("enabled", True)]
    assert {n["unique_id"] for n in ran_tests} == {n["unique_id"] for n in data_tests}


def test_the_environment_can_ask_for_the_code_checks(monkeypatch) -> None:
    monkeypatch.delenv("FENICIO_CODE_CHECKS", raising=False)
    assert process.excluded_checks() == ["--exclude", "test_type:unit", "tag:code_check"]
    monkeypatch.setenv("FENICIO_CODE_CHECKS", "1")
    assert process.excluded_checks() == []
