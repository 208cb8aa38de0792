"""Where the shared conformance case and the spec are, for every test that uses them.

``FENICIO_CONFORMANCE_DIR`` when set, else ``../shared/conformance`` beside the repo (the
layout CI clones into); the spec is the folder ``spec`` beside the case. A missing case
or spec is a broken checkout: importing this module fails, so the tests that read them
can never be skipped silently.

``conformance_run`` is the case's "expected run" (its README), made once per test run and
shared (conftest.py registers it): the end-to-end test checks what each command said, and
the profile tests read (or copy) the store it built.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from store_support import cli, made_once

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = Path(
    os.environ.get("FENICIO_CONFORMANCE_DIR") or REPO.parent / "shared" / "conformance"
).resolve()
if not (CONFORMANCE / "manifest.json").is_file():
    raise RuntimeError(
        f"conformance case not found at {CONFORMANCE}: clone the repo beside ../shared or "
        "set FENICIO_CONFORMANCE_DIR"
    )
SPEC = CONFORMANCE.parent / "spec"
if not (SPEC / "fenicio-columns.csv").is_file():
    raise RuntimeError(f"spec not found at {SPEC}, beside the conformance case {CONFORMANCE}")


#: The as-of date of the case's expected run and of its expected profiles and contacts.
AS_OF = "2026-06-30"


@dataclass(frozen=True)
class ExpectedRun:
    """The store of the expected run (do not change: copy it), the contacts its export
    wrote, and each command's exit code and output: ``steps[name]`` for ingest, build and
    export, ``steps["bad"][file name]`` for each file of ``bad/``."""

    store: Path
    contacts: Path
    steps: dict[str, Any]


def _step(args: list[str]) -> dict[str, Any]:
    result = cli(*args)
    return {"code": result.returncode, "stdout": result.stdout, "stderr": result.stderr}


def _make_expected_run(folder: Path) -> None:
    """The expected run, command by command, each as a real process; nothing asserted
    here, so each test says what it expected."""
    store = ["--data-dir", str(folder / "store")]
    steps: dict[str, Any] = {"ingest": _step(["ingest", *store, str(CONFORMANCE / "inbox")])}
    steps["bad"] = {bad.name: _step(["ingest", *store, str(bad)])
                    for bad in sorted((CONFORMANCE / "bad").glob("*.csv"))}
    steps["build"] = _step(["build", *store, "--as-of", AS_OF])
    steps["export"] = _step(["export", *store, "--as-of", AS_OF, "--dry-run", "--full",
                             "--out", str(folder / "contacts.jsonl")])
    (folder / "steps.json").write_text(json.dumps(steps), encoding="utf-8")


@pytest.fixture(scope="session")
def conformance_run(tmp_path_factory: pytest.TempPathFactory) -> ExpectedRun:
    folder = made_once(tmp_path_factory, "conformance-run", _make_expected_run)
    return ExpectedRun(store=folder / "store", contacts=folder / "contacts.jsonl",
                       steps=json.loads((folder / "steps.json").read_text(encoding="utf-8")))
