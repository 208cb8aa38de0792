"""Value formats, the key map and the dry run (icommkt-api.md, Values / Default field keys)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import duckdb
import export_support as support
import pytest

from fenicio_icommkt.icommkt_keys import FieldKey, expand_key_map, store_key_map
from fenicio_icommkt.icommkt_payload import LIST_MACROS, MappedColumn, contact_json_sql
from fenicio_icommkt.settings import ConfigError

fixture_template = support.fixture_template
fixture_dir = support.fixture_dir


def reference_list_text(items: list[str | None] | None, max_chars: int = 255) -> str:
    """The rule in plain Python: whole elements joined with ", " while the text fits; stop at
    the first that does not; a first element alone too long gives its first max_chars."""
    if not items:
        return ""
    kept = [item for item in items if item is not None]
    text = ""
    for index, item in enumerate(kept):
        candidate = item if index == 0 else f"{text}, {item}"
        if len(candidate) > max_chars:
            return item[:max_chars] if index == 0 else text
        text = candidate
    return text


def _list_cases() -> list[tuple[list[str | None] | None, int]]:
    a254, a255, a256 = "a" * 254, "a" * 255, "a" * 256
    cases: list[tuple[list[str | None] | None, int]] = [
        (None, 255), ([], 255), ([""], 255), (["x"], 255), (["a", "b", "c"], 255),
        ([a255], 255), ([a256], 255), ([a254, "b"], 255), ([a256, "b"], 255),
        (["x" * 250, "yy"], 255), (["x" * 250, "yyy"], 255), (["x" * 250, "yyy", "z"], 255),
        (["x" * 251, "yy", "z"], 255), (["x" * 100, "y" * 200, "z"], 255),
        (["ñ" * 255], 255), (["ñ" * 300], 255), (["é" * 120, "ü" * 133], 255),
        (["😀" * 260], 255), (["😀" * 120, "🎉" * 133], 255), (["日本" * 200], 255),
        (["a, b", "c \"quoted\"", "d'e"], 255), (['"' * 255], 255), (["\\" * 256], 255),
        (["Camiseta, talle M", "Pantalón \"slim\""], 20), (["x", None, "y"], 255),
        ([None, None], 255), (["a", "", "b"], 255), (["abc", "def"], 3), (["abc", "def"], 8),
        (["abc", "def"], 7), (["abcd"], 3), (["e\u0301" * 200], 255),
    ]
    rng = random.Random(20260630)
    alphabet = "abc ,\"'ñéü😀日\\"
    for _ in range(400):
        items = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
                 for _ in range(rng.randint(0, 12))]
        cases.append((items, rng.choice([255, 255, 40, 10])))
    return cases


def test_list_macro_matches_the_python_reference() -> None:
    cases = _list_cases()
    with duckdb.connect() as conn:
        for statement in LIST_MACROS:
            conn.execute(statement)
        got = conn.execute(
            "SELECT i, icommkt_list_text(items, n) FROM (SELECT unnest(range(len($items))) AS i,"
            " unnest($items::VARCHAR[][]) AS items, unnest($ns::INTEGER[]) AS n) ORDER BY i",
            {"items": [c[0] for c in cases], "ns": [c[1] for c in cases]},
        ).fetchall()
    assert len(got) == len(cases)
    for (index, text), (items, limit) in zip(got, cases, strict=True):
        assert text == reference_list_text(items, limit), (index, items, limit)
        assert len(text) <= limit


def test_reference_rule_examples() -> None:
    assert reference_list_text(["x" * 250, "yyy", "z"]) == "x" * 250 + ", yyy"
    assert reference_list_text(["x" * 251, "yyy", "z"]) == "x" * 251  # never skip to fit "z"
    assert reference_list_text(["a" * 300]) == "a" * 255
    assert reference_list_text(["a" * 252, "b"]) == "a" * 252 + ", b"  # exactly 255
    assert reference_list_text(["a" * 253, "b"]) == "a" * 253


def test_key_map_expands_windows() -> None:
    rows = [{"profile_field": "first_name", "icommkt_key": "Nombre"},
            {"profile_field": "orders_{W}", "icommkt_key": "ICOMMKT_Purchases_{W}_Days"},
            {"profile_field": "gender", "icommkt_key": ""}]
    assert expand_key_map(rows, [30, "7"]) == [
        FieldKey("first_name", "Nombre"),
        FieldKey("orders_7", "ICOMMKT_Purchases_7_Days"),
        FieldKey("orders_30", "ICOMMKT_Purchases_30_Days"),
        FieldKey("orders_30_plus", "ICOMMKT_Purchases_30_Plus_Days"),
    ]
    with pytest.raises(ConfigError):
        expand_key_map(rows + [{"profile_field": "x", "icommkt_key": "Nombre"}], [30])


def test_default_key_map_has_the_documented_keys() -> None:
    keys = {f.icommkt_key: f.profile_field for f in store_key_map(None)}
    assert keys["ICOMMKT_Items_360_Plus_Days"] == "products_360_plus"
    assert keys["ICOMMKT_RFM_Segment"] == "rfm_segment_total"
    assert keys["ICOMMKT_RFM_Segment_Since"] == "rfm_segment_since"
    assert keys["ICOMMKT_RFM_Grupo_Previous"] == "rfm_group_previous"
    assert len(keys) == 21 + 4 + 9 * 6  # 4: the segment history's previous and since


def test_value_formats_follow_duckdb_types() -> None:
    columns = [MappedColumn("D", "d", "DATE"), MappedColumn("I", "i", "INTEGER"),
               MappedColumn("M", "m", "DECIMAL(18,2)"), MappedColumn("U", "u", "DECIMAL(18,6)"),
               MappedColumn("L", "l", "VARCHAR[]"), MappedColumn("T", "t", "VARCHAR"),
               MappedColumn("B", "b", "BIGINT")]
    with duckdb.connect() as conn:
        for statement in LIST_MACROS:
            conn.execute(statement)
        conn.execute("""CREATE TABLE p AS SELECT * FROM (VALUES
            ('a@x.com', DATE '2024-06-27', 3, 1234.5::DECIMAL(18,2), 2.5::DECIMAL(18,6),
             ['b, 1', 'c"2'], 'Ana "la" \\ Ñ', 10::BIGINT),
            ('b@x.com', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            ('c@x.com', DATE '2024-01-05', 0, 0::DECIMAL(18,2), 3::DECIMAL(18,6), [], '', -1),
            ('d@x.com', NULL, -2, -0.5::DECIMAL(18,2), 0.000001::DECIMAL(18,6), NULL, 'x', 0)
            ) t(email, d, i, m, u, l, t, b)""")
        rows = conn.execute(
            f"SELECT {contact_json_sql(columns, 'email', 255)} FROM p ORDER BY email").fetchall()
    values = [{f["Key"]: f["Value"] for f in json.loads(r[0])["CustomFields"]} for r in rows]
    assert values[0] == {"D": "27/06/2024", "I": "3", "M": "1234.50", "U": "2.5",
                         "L": 'b, 1, c"2', "T": 'Ana "la" \\ Ñ', "B": "10"}
    assert values[1] == dict.fromkeys("DIMULTB", "")
    assert values[2] == {"D": "05/01/2024", "I": "0", "M": "0.00", "U": "3", "L": "", "T": "",
                         "B": "-1"}
    assert values[3] == {"D": "", "I": "-2", "M": "-0.50", "U": "0.000001", "L": "", "T": "x",
                         "B": "0"}


def _dry_run_equals_expected(data_dir: Path, extra: list[str]) -> None:
    out = data_dir / "contacts.jsonl"
    code = support.run_export(["--data-dir", str(data_dir), "--as-of", "2026-06-30",
                               "--dry-run", "--full", "--out", str(out), *extra])
    assert code == 0
    assert support.load_contacts(out) == support.load_contacts()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(support.load_contacts())
    assert all(set(json.loads(line)) == {"Email", "CustomFields"} for line in lines)


def test_dry_run_writes_exactly_the_expected_contacts(fixture_dir: Path) -> None:
    _dry_run_equals_expected(fixture_dir, [])
    assert not support.sql(fixture_dir / "warehouse.duckdb",
                           "SELECT * FROM information_schema.schemata WHERE schema_name = 'ops'")


@pytest.mark.parametrize("spark_folder", [False, True])
def test_dry_run_from_parquet(fixture_dir: Path, tmp_path: Path, spark_folder: bool) -> None:
    parquet = tmp_path / "customer_profiles.parquet"
    target = parquet / "part-00000-x.snappy.parquet" if spark_folder else parquet
    target.parent.mkdir(parents=True, exist_ok=True)
    support.sql(fixture_dir / "warehouse.duckdb",
                f"COPY marts.customer_profiles TO '{target}' (FORMAT parquet)")
    other = tmp_path / "spark-store"
    _dry_run_equals_expected(other, ["--profiles-parquet", str(parquet)])


def test_dry_run_default_path_and_counts(fixture_dir: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    assert support.run_export(["--data-dir", str(fixture_dir), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "359 new, 0 changed, 0 unchanged" in out
    written = list((fixture_dir / "exports").glob("*.jsonl"))
    assert len(written) == 1 and "2026-06-30" in written[0].name


def test_dry_run_refuses_another_as_of(fixture_dir: Path) -> None:
    code = support.run_export(["--data-dir", str(fixture_dir), "--as-of", "2026-06-29",
                               "--dry-run"])
    assert code == 2


def test_a_mapped_field_missing_from_the_profiles_is_a_config_error(fixture_dir: Path) -> None:
    (fixture_dir / "config" / "icommkt_field_keys.csv").write_text(
        "profile_field,icommkt_key\nshoe_size,Talle\n", encoding="utf-8")
    assert support.run_export(["--data-dir", str(fixture_dir), "--dry-run"]) == 2


def test_changed_windows_change_the_keys(fixture_dir: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.setenv("FENICIO_PURCHASE_WINDOWS", "[30, 60, 90, 180]")
    # the fixture has no 180_plus columns: the key map now asks for them
    assert support.run_export(["--data-dir", str(fixture_dir), "--dry-run"]) == 2


def test_the_command_line_runs_export(fixture_dir: Path, tmp_path: Path) -> None:
    from fenicio_icommkt import cli

    out = tmp_path / "cli.jsonl"
    assert cli.main(["export", "--data-dir", str(fixture_dir), "--dry-run", "--full",
                     "--out", str(out)]) == 0
    assert support.load_contacts(out) == support.load_contacts()
    assert cli.main(["export", "--data-dir", str(tmp_path / "empty"), "--dry-run"]) == 2
