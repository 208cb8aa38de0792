"""The conformance case's "expected run", command by command, as its README states it.

Fresh data dir: `ingest inbox/` loads 9 files, skips 1, quarantines 8 rows, exits 3; each
file of `bad/` is refused (exit 1); `build --as-of 2026-06-30`; `export --as-of 2026-06-30
--dry-run --full --out F` writes exactly expected_contacts_with_history.jsonl (any order):
the contacts with the four segment-history keys of a fresh store's first build. The run is
made once (``conformance_run``); test_conformance_profiles.py reads the store it built.
"""

from __future__ import annotations

import json
from pathlib import Path

from conformance_case import CONFORMANCE, ExpectedRun


def contacts(path: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for text in path.read_text(encoding="utf-8").splitlines():
        contact = json.loads(text)
        fields = {f["Key"]: f["Value"] for f in contact["CustomFields"]}
        assert len(fields) == len(contact["CustomFields"]), "a key sent twice"
        assert contact["Email"] not in out, "a contact sent twice"
        out[contact["Email"]] = fields
    return out


def test_expected_run(conformance_run: ExpectedRun) -> None:
    steps = conformance_run.steps
    ingest = steps["ingest"]
    assert ingest["code"] == 3, ingest["stderr"][-2000:]
    assert "9 loaded, 1 skipped as already loaded, 0 refused" in ingest["stdout"]
    assert "8 quarantined" in ingest["stdout"]
    assert steps["bad"], f"no file in {CONFORMANCE / 'bad'}"
    for name, bad in steps["bad"].items():
        assert bad["code"] == 1, name
    build = steps["build"]
    assert build["code"] == 0, build["stdout"][-3000:] + build["stderr"][-2000:]
    assert steps["export"]["code"] == 0, steps["export"]["stderr"][-2000:]
    expected = contacts(CONFORMANCE / "expected_contacts_with_history.jsonl")
    got = contacts(conformance_run.contacts)
    assert sorted(got) == sorted(expected)
    differing = [(email, key, got[email].get(key), value)
                 for email, fields in expected.items()
                 for key, value in fields.items() if got[email].get(key) != value]
    assert differing == []
    assert all(len(fields) == 79 for fields in got.values())
