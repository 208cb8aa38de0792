"""A small built store (sample exports ingested and built), and ways to run the real CLI.

``sample_inbox`` and ``built_store`` are made once per test run and shared by the
pytest-xdist workers (conftest.py registers them, so every module uses the same fixture);
tests copy the store (``store_copy``) before changing anything.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AS_OF = "2026-06-30"
#: The variables that would change what a test's CLI run does.
STORE_ENV = ("FENICIO_DATA_DIR", "FENICIO_AS_OF_DATE", "FENICIO_STORE_TIMEZONE",
             "FENICIO_BASE_CURRENCY", "FENICIO_PURCHASE_WINDOWS",
             "FENICIO_RFM_FREQUENCY_THRESHOLDS", "DBT_TARGET_PATH",
             "FENICIO_ICOMMKT_MAX_LIST_CHARS", "FENICIO_MAX_EXPORT_AGE_DAYS",
             "DBT_LOG_PATH", "FENICIO_REPORT_LANGUAGE", "ICOMMKT_API_KEY", "ICOMMKT_PROFILE_KEY",
             "ICOMMKT_API_URL")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in STORE_ENV}
    env["DO_NOT_TRACK"] = "1"
    env.update(extra)
    return env


def cli(*args: str, env: dict[str, str] | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``fenicio-icommkt ARGS`` as a real process."""
    return subprocess.run([str(BIN / "fenicio-icommkt"), *args], cwd=REPO,
                          env=env or clean_env(), capture_output=True, text=True,
                          timeout=timeout)


def dbt(data_dir: Path, *args: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    """A plain dbt command as the README's analyst runs it (from the repo root)."""
    return subprocess.run([str(BIN / "dbt"), *args, "--target-path", str(data_dir / "target"),
                           "--log-path", str(data_dir / "logs")],
                          cwd=REPO, env=env or clean_env(FENICIO_DATA_DIR=str(data_dir)),
                          capture_output=True, text=True, timeout=600)


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the whole test run: the workers' common parent under pytest-xdist."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str,
              make: Callable[[Path], None]) -> Path:
    """``make(folder)`` once per test run: the first worker to ask makes it while the
    others wait on a lock, then they all read the same folder. A failed ``make`` leaves
    no folder behind, so the next worker to ask tries again (and fails the same way)."""
    base = run_folder(tmp_path_factory)
    folder, done = base / name, base / f"{name}.made"
    with (base / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            done.touch()
    return folder


#: The ``sample`` options of ``sample_inbox`` (test_sample.py writes the same sample in
#: other styles and compares it with ``built_store``).
SAMPLE_OPTIONS = ("--customers", "200", "--seed", "5", "--as-of", AS_OF, "--days", "1")


def _make_sample_inbox(inbox: Path) -> None:
    result = cli("sample", "--out", str(inbox), *SAMPLE_OPTIONS)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def sample_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's exports (do not change: tests only read them)."""
    return made_once(tmp_path_factory, "store-inbox", _make_sample_inbox)


@pytest.fixture(scope="session")
def built_store(sample_inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the sample ingested and built as of AS_OF (do not change: copy it)."""
    def make(folder: Path) -> None:
        store = folder / "store"
        result = cli("ingest", "--data-dir", str(store), str(sample_inbox))
        assert result.returncode in (0, 3), result.stdout + result.stderr
        result = cli("build", "--data-dir", str(store), "--as-of", AS_OF)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr

    return made_once(tmp_path_factory, "built-store", make) / "store"


def store_copy(built_store: Path, where: Path) -> Path:
    store = where / "store"
    shutil.copytree(built_store, store)
    return store


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def holds_file(pid: int, path: Path) -> bool:
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return False
    return str(path) in links


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGHUP": signal.SIGHUP}
