"""After a failed ``dbt build``: what failed, with a few offending values, from dbt's artifacts.

dbt prints "Got 1 result, configured to fail if != 0" for a failed data test; the store's
analyst needs the values (which currency has no rate, which orders). For each failed
error-severity test this reads ``run_results.json``, runs the test's own compiled query
again on the (now closed) DuckDB warehouse, read-only, and prints up to ``SHOWN`` of its
rows. Tests select the few columns that explain a failure (never a whole input row); any
column named like a sensitive Fenicio column is left out all the same, and long values are
cut. A test's ``meta.fix`` (``{data_dir}`` filled in) says what to do.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import duckdb

from fenicio_icommkt import console
from fenicio_icommkt.warehouse import schema

SHOWN = 5
MAX_VALUE_CHARS = 80


def _sensitive_names() -> set[str]:
    names = {c.name for c in schema.columns() if c.is_sensitive}
    return names | {n + schema.OFFSET_SUFFIX for n in names}


def _load(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _text(value: Any) -> str:
    text = "NULL" if value is None else str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 3] + "..."


def _rows(warehouse: Path, compiled: str) -> tuple[list[str], list[tuple[Any, ...]]] | None:
    if not compiled or not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as conn:
            cursor = conn.execute(f"select * from ({compiled}) as failing limit {SHOWN}")
            names = [d[0] for d in cursor.description]
            return names, cursor.fetchall()
    except duckdb.Error:
        return None  # another engine, or the warehouse is busy: the names alone then


def failed_tests(target: Path) -> list[dict[str, Any]]:
    """The failed error-severity data tests of the last dbt invocation (status fail/error)."""
    results = _load(target / "run_results.json").get("results") or []
    nodes = _load(target / "manifest.json").get("nodes") or {}
    failed = []
    for result in results:
        unique_id = str(result.get("unique_id", ""))
        if not unique_id.startswith("test.") or result.get("status") not in ("fail", "error"):
            continue
        node = nodes.get(unique_id) or {}
        failed.append({
            "name": node.get("name") or unique_id.rsplit(".", 1)[-1],
            "status": result.get("status"),
            "failures": result.get("failures"),
            "message": result.get("message") or "",
            "compiled": result.get("compiled_code") or "",
            "model": (node.get("attached_node") or "").rsplit(".", 1)[-1],
            "column": node.get("column_name"),
            "description": (node.get("description") or "").strip(),
            "fix": ((node.get("config") or {}).get("meta") or {}).get("fix")
                   or (node.get("meta") or {}).get("fix"),
        })
    return failed


def _detail(text: str) -> None:
    console.info("  " + text, sys.stderr)


def report(target: Path, warehouse: Path, data_dir: Path) -> int:
    """Print each failed data test with a few offending rows; returns how many failed."""
    failed = failed_tests(target)
    hidden = _sensitive_names()
    for test in failed:
        where = test["model"] + (f".{test['column']}" if test["column"] else "")
        what = (f"{test['failures']} failing row(s)" if test["status"] == "fail"
                else f"could not run: {test['message']}")
        console.error(f"data test {test['name']}" + (f" on {where}" if where else "")
                      + f" failed: {what}")
        if test["description"]:
            _detail(f"checks: {test['description']}")
        found = _rows(warehouse, test["compiled"]) if test["status"] == "fail" else None
        if found:
            names, rows = found
            shown = [i for i, name in enumerate(names) if name.lower() not in hidden]
            for row in rows:
                _detail(", ".join(f"{names[i]}={_text(row[i])}" for i in shown))
            if test["failures"] and test["failures"] > len(rows):
                _detail(f"... and {test['failures'] - len(rows)} more")
        if test["fix"]:
            _detail("fix: " + str(test["fix"]).replace("{data_dir}", str(data_dir)))
    return len(failed)
