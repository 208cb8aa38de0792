"""The generated column entries of the metric dictionary (scripts/generate_docs_yaml.py):
the committed YAML is what the script writes, and what it writes follows the windows, the
key map and the segment map it reads (so a changed default never leaves stale docs)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "scripts" / "generate_docs_yaml.py"


def generator():
    spec = importlib.util.spec_from_file_location("generate_docs_yaml", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_committed_yaml_is_what_the_script_generates() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_no_placeholder_column_is_left_in_any_yaml() -> None:
    placeholders = []
    for path in [*REPO.glob("models/**/*.yml"), REPO / "seeds" / "_seeds.yml"]:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for node in loaded.get("models", []) + loaded.get("seeds", []):
            placeholders += [f"{node['name']}.{c['name']}" for c in node.get("columns", [])
                             if "{" in c["name"]]
    assert placeholders == []


def copy_inputs(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ["dbt_project.yml", "models", "seeds", "macros/icommkt",
                 "src/fenicio_icommkt/warehouse/columns.csv"]:
        source, target = REPO / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    return root


def test_the_entries_follow_the_windows_the_key_map_and_the_segment_map(tmp_path: Path) -> None:
    module = generator()
    root = copy_inputs(tmp_path)
    project = root / "dbt_project.yml"
    project.write_text(project.read_text(encoding="utf-8").replace(
        "purchase_windows: [30, 60, 90, 180, 360]", "purchase_windows: [45, 7]"),
        encoding="utf-8")
    keys = root / "seeds" / "icommkt_field_keys.csv"
    keys.write_text(keys.read_text(encoding="utf-8").replace(
        "avg_order_value_{W},ICOMMKT_Avg_Amount_{W}_Days", "avg_order_value_{W},Promedio_{W}"),
        encoding="utf-8")
    segments = root / "seeds" / "rfm_segments.csv"
    segments.write_text(segments.read_text(encoding="utf-8").replace(
        "5,5,CHAMPIONS", "5,5,STARS"), encoding="utf-8")

    generated = {path.relative_to(root).as_posix(): text
                 for path, (_, text) in module.generate(root).items()}
    marts = yaml.safe_load(generated["models/marts/_marts__models.yml"])
    profiles = next(m for m in marts["models"] if m["name"] == "customer_profiles")
    columns = {c["name"]: c for c in profiles["columns"]}
    assert "avg_order_value_90" not in columns and "orders_360_plus" not in columns
    assert {"avg_order_value_7", "avg_order_value_45", "avg_order_value_45_plus",
            "avg_order_value_total"} <= set(columns)
    seven = columns["avg_order_value_7"]["description"]
    assert "days_ago 0 to 6" in seven and "`Promedio_7`" in seven
    assert "{{ doc('metric_avg_order_value') }}" in seven
    plus = columns["orders_45_plus"]["description"]
    assert "days_ago 45 or more" in plus and "`ICOMMKT_Purchases_45_Plus_Days`" in plus
    assert "Not sent to ICOMMKT" in columns["r_score_7"]["description"]
    assert columns["rfm_code_45"]["config"]["meta"] == {"scope_family": "rfm_code_{S}",
                                                        "scope": "45"}
    overview = generated["models/overview.md"]
    assert "| 5 | NEW_CUSTOMERS | POTENTIAL_LOYALISTS | POTENTIAL_LOYALISTS | CHAMPIONS | STARS |" \
        in overview
    assert "| 7 | `_7` | days_ago 0 to 6 (the last 7 days) |" in overview
    # the hand-written entries around the generated blocks are kept as they are
    assert "- name: rfm_group\n        description: \"{{ doc('rfm_group') }}\"" in \
        generated["models/marts/_marts__models.yml"]


def test_check_mode_reports_a_stale_file(tmp_path: Path) -> None:
    module = generator()
    root = copy_inputs(tmp_path)
    marts = root / "models" / "marts" / "_marts__models.yml"
    marts.write_text(marts.read_text(encoding="utf-8").replace(
        "days_ago 0 to 89", "days_ago 0 to 90", 1), encoding="utf-8")
    stale = [path for path, (current, text) in module.generate(root).items() if current != text]
    assert stale == [marts]
