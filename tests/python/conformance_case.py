"""Where the shared conformance case is, for every test that uses it.

``FENICIO_CONFORMANCE_DIR`` when set, else ``../shared/conformance`` beside the repo (the
layout CI clones into). A missing case is a broken checkout: importing this module fails,
so the conformance tests can never be skipped silently.
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
