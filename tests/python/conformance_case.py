"""Where the shared conformance case and the spec are, for every test that uses them.

``FENICIO_CONFORMANCE_DIR`` when set, else ``../shared/conformance`` beside the repo (the
layout CI clones into); the spec is the folder ``spec`` beside the case. A missing case
or spec is a broken checkout: importing this module fails, so the tests that read them
can never be skipped silently.
"""

from __future__ import annotations

import os
from pathlib import Path

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
