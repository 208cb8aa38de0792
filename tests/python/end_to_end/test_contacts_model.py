"""The icommkt_contacts model against an independent implementation (contact_reference), on
sample data built by the whole pipeline: with the default settings, and for a store with
other windows, frequency thresholds, segment map, status table and key map; random lists
against the cut rule; a broken key map fails the build naming what to fix."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path
from typing import Any

import duckdb
import export_support as support
import pytest
from contact_reference import REPO, contact, key_map, reference_list_text

from fenicio_icommkt import cli

AS_OF = "2026-06-30"

STORE_CONFIG = {
    "settings.yml": "purchase_windows: [7, 45]\nrfm_frequency_thresholds: [2, 5, 9, 14]\n",
    "rfm_segments.csv": "r_score,f_score,rfm_segment\n5,1,FIRST_TIMERS\n1,1,LOST\n",
    "status_values.csv": "field,value,counts,meaning\npayment_status,pendiente,true,store\n",
    # a changed key (field written in another case, with spaces), a field left unmapped,
    # a new window pattern and fields the default map does not send
    "icommkt_field_keys.csv": ("profile_field,icommkt_key\n FIRST_NAME ,Primer_Nombre\n"
                               "phone,\nunits_{W},Unidades_{W}\ncompany_name,Empresa\n"
                               "last_purchase_products,Productos\nr_score_total,R_Total\n"),
}


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("contacts-sample")
    assert cli.main(["sample", "--out", str(folder), "--customers", "300", "--seed", "41",
                     "--as-of", AS_OF, "--days", "1"]) == 0
    return sorted(folder.glob("*.csv"))


def _built_store(root: Path, files: list[Path], config: dict[str, str]) -> Path:
    (root / "config").mkdir(parents=True)
    for name, text in config.items():
        (root / "config" / name).write_text(text, encoding="utf-8")
    assert cli.main(["ingest", "--data-dir", str(root), *map(str, files)]) in (0, 3)
    assert cli.main(["build", "--data-dir", str(root), "--as-of", AS_OF]) == 0
    return root


@pytest.fixture(scope="module")
def default_store(built_store: Path) -> Path:
    """A store with the default settings: the test run's shared built store (read or
    copied here, never changed)."""
    return built_store


@pytest.fixture(scope="module")
def other_store(tmp_path_factory: pytest.TempPathFactory, sample_files: list[Path]) -> Path:
    return _built_store(tmp_path_factory.mktemp("other") / "store", sample_files, STORE_CONFIG)


def _rows(store: Path, table: str) -> dict[str, dict[str, Any]]:
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as conn:
        cursor = conn.execute(f"SELECT * FROM marts.{table}")
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _fields(store: Path) -> dict[str, dict[str, Any]]:
    """icommkt_contact_fields by profile field."""
    return {row["profile_field"]: row for row in _rows(store, "icommkt_contact_fields").values()}


def assert_contacts_match_reference(store: Path, windows: list[int]) -> int:
    profiles = _rows(store, "customer_profiles")
    contacts = _rows(store, "icommkt_contacts")
    payloads = _rows(store, "icommkt_contact_payloads")
    keys = key_map(store / "config", windows)
    assert set(contacts) == set(profiles) == set(payloads) and profiles
    differing = []
    for email, profile in profiles.items():
        expected = contact(profile, keys)
        row, sent_row = contacts[email], payloads[email]
        payload = json.loads(sent_row["payload"])
        assert payload["Email"] == email
        sent = {f["Key"]: f["Value"] for f in payload["CustomFields"]}
        assert len(sent) == len(payload["CustomFields"])
        # the hash the build stored is the md5 of the text the view makes and export sends
        assert row["payload_hash"] == sent_row["payload_hash"] == hashlib.md5(
            sent_row["payload"].encode()).hexdigest()
        if sent != expected:
            differing.append((email, {k: (v, sent.get(k)) for k, v in expected.items()
                                      if sent.get(k) != v}, set(sent) - set(expected)))
        for field, key in keys.items():  # each column is what is sent under its key
            assert row[field] == expected[key], (email, field)
        for field in set(row) - set(keys) - {"email", "payload_hash", "as_of_date"}:
            assert row[field] is None, (email, field)  # unmapped: not sent, NULL
    assert differing == [], differing[:3]
    return len(keys)


def test_default_store_contacts_equal_the_reference(default_store: Path) -> None:
    # 75 fields, and the segment history's four
    assert assert_contacts_match_reference(default_store, [30, 60, 90, 180, 360]) == 75 + 4


def test_other_store_contacts_equal_the_reference(other_store: Path) -> None:
    mapped = assert_contacts_match_reference(other_store, [7, 45])
    fields = _fields(other_store)
    keys = {row["icommkt_key"]: field for field, row in fields.items()}
    assert keys["Primer_Nombre"] == "first_name" and "Nombre" not in keys
    assert "phone" not in fields and keys["Unidades_45_Plus"] == "units_45_plus"
    assert keys["ICOMMKT_Purchases_7_Days"] == "orders_7" and "orders_30" not in fields
    assert mapped == len(fields)
    segments = {r["rfm_segment_total"] for r in _rows(other_store, "customer_profiles").values()}
    assert "FIRST_TIMERS" in segments or "LOST" in segments  # the store's map is in use


def test_random_lists_are_cut_like_the_reference(default_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(default_store, store, ignore=shutil.ignore_patterns("landing"))
    rng = random.Random(20260630)
    alphabet = "abc ,\"'ñéü😀日\\/"
    emails = sorted(_rows(store, "customer_profiles"))[:200]
    lists = {email: ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
                     for _ in range(rng.randint(0, 12))] for email in emails}
    lists[emails[0]] = ["x" * 250, "yyy", "z"]
    lists[emails[1]] = ["ñ" * 300]
    with duckdb.connect(str(store / "warehouse.duckdb")) as conn:
        conn.execute("CREATE TEMP TABLE l AS SELECT unnest($e::VARCHAR[]) AS email, "
                     "unnest($l::VARCHAR[][]) AS items",
                     {"e": list(lists), "l": list(lists.values())})
        conn.execute("UPDATE marts.customer_profiles p SET products_30 = l.items "
                     "FROM l WHERE p.email = l.email")
    result = support.build_contacts(store)
    assert result.returncode == 0, result.stdout[-3000:]
    contacts = _rows(store, "icommkt_contacts")
    payloads = _rows(store, "icommkt_contact_payloads")
    for email, items in lists.items():
        assert contacts[email]["products_30"] == reference_list_text(items), (email, items)
        sent = {f["Key"]: f["Value"]
                for f in json.loads(payloads[email]["payload"])["CustomFields"]}
        assert sent["ICOMMKT_Items_30_Days"] == reference_list_text(items)


@pytest.mark.parametrize(("rows", "message"), [
    ("shoe_size,Talle\n", "icommkt_field_keys maps shoe_size, which is no customer_profiles"),
    ("orders_{W},Compras\n", "key Compras is mapped twice"),
])
def test_a_broken_key_map_fails_the_build_naming_it(default_store: Path, tmp_path: Path,
                                                    rows: str, message: str) -> None:
    store = tmp_path / "store"
    shutil.copytree(default_store, store, ignore=shutil.ignore_patterns("landing"))
    (store / "config" / "icommkt_field_keys.csv").write_text(
        "profile_field,icommkt_key\n" + rows, encoding="utf-8")
    result = support.build_contacts(store)
    assert result.returncode != 0
    assert message in result.stdout


def test_the_default_key_map_has_the_documented_keys(default_store: Path) -> None:
    fields = _fields(default_store)
    expected = support.load_contacts()
    assert {row["icommkt_key"] for row in fields.values()} == set(next(iter(expected.values())))
    assert fields["rfm_segment_total"]["icommkt_key"] == "ICOMMKT_RFM_Segment"
    assert fields["products_360_plus"]["icommkt_key"] == "ICOMMKT_Items_360_Plus_Days"
    assert (REPO / "seeds" / "icommkt_field_keys.csv").exists()
