"""The conformance case's "expected run", command by command, as its README states it.

Fresh data dir: `ingest inbox/` loads 9 files, skips 1, quarantines 8 rows, exits 3; each
file of `bad/` is refused (exit 1); `build --as-of 2026-06-30`; `export --as-of 2026-06-30
--dry-run --full --out F` writes exactly expected_contacts_with_history.jsonl (any order):
the contacts with the four segment-history keys of a fresh store's first build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conformance_case import CONFORMANCE

from fenicio_icommkt import cli

AS_OF = "2026-06-30"


def contacts(path: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for text in path.read_text(encoding="utf-8").splitlines():
        contact = json.loads(text)
        fields = {f["Key"]: f["Value"] for f in contact["CustomFields"]}
        assert len(fields) == len(contact["CustomFields"]), "a key sent twice"
        assert contact["Email"] not in out, "a contact sent twice"
        out[contact["Email"]] = fields
    return out


def test_expected_run(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    store = ["--data-dir", str(tmp_path / "store")]
    assert cli.main(["ingest", *store, str(CONFORMANCE / "inbox")]) == 3
    out = capsys.readouterr().out
    assert "9 loaded, 1 skipped as already loaded, 0 refused" in out
    assert "8 quarantined" in out
    for bad in sorted((CONFORMANCE / "bad").glob("*.csv")):
        assert cli.main(["ingest", *store, str(bad)]) == 1, bad.name
    assert cli.main(["build", *store, "--as-of", AS_OF]) == 0
    sent = tmp_path / "contacts.jsonl"
    assert cli.main(["export", *store, "--as-of", AS_OF, "--dry-run", "--full",
                     "--out", str(sent)]) == 0
    expected = contacts(CONFORMANCE / "expected_contacts_with_history.jsonl")
    got = contacts(sent)
    assert sorted(got) == sorted(expected)
    differing = [(email, key, got[email].get(key), value)
                 for email, fields in expected.items()
                 for key, value in fields.items() if got[email].get(key) != value]
    assert differing == []
    assert all(len(fields) == 79 for fields in got.values())
