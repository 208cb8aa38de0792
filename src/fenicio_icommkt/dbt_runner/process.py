"""dbt as a child process of one store: its command, environment, vars and shared parse.

dbt runs from the project dir with ``FENICIO_DATA_DIR`` set to the store's data dir and
``--vars`` from the store's settings (repo defaults < ``config/settings.yml`` <
environment < ``--as-of``). dbt's log goes to ``<data dir>/logs/dbt.log`` and its
artifacts to ``<data dir>/target`` (``DBT_LOG_PATH`` / ``DBT_TARGET_PATH`` win), so two
stores built from one checkout never mix their run results. dbt runs as a child that
cannot outlive this process: SIGINT, SIGTERM or SIGHUP is forwarded to it, waited for
(``STOP_GRACE`` seconds, then SIGKILL), and the command exits 1; if this process is killed
outright, the kernel stops the child (Linux: parent-death signal), so no dbt is left
holding the warehouse's lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fenicio_icommkt import console
from fenicio_icommkt.settings import DataDir, project_dir, store_vars


def dbt_executable() -> str:
    """The dbt installed next to this Python (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise FileNotFoundError("dbt is not installed (run `make setup`)")
    return found


def build_vars(store: DataDir) -> dict[str, Any]:
    """The dbt vars for this store: its settings.

    Neither the data dir nor the as-of date is a var (they reach dbt through ``dbt_env``):
    dbt parses the whole project again whenever the vars differ, so builds of stores with
    the same settings, for any date, can share one parse (``reuse_parse``)."""
    return store_vars(store.config, {})


#: Seconds dbt gets to stop after a forwarded signal before it is killed.
STOP_GRACE = 30.0
_PR_SET_PDEATHSIG = 1


#: dbt's saved parse, in its target dir.
PARSE_FILE = "partial_parse.msgpack"


def parse_cache_file(dbt_vars: Mapping[str, Any]) -> Path | None:
    """Where builds with these vars keep a copy of dbt's parse, when
    ``FENICIO_DBT_PARSE_CACHE`` names a folder (many stores on one checkout; the tests)."""
    folder = os.environ.get("FENICIO_DBT_PARSE_CACHE")
    if not folder:
        return None
    key = json.dumps({"vars": dbt_vars, "target": os.environ.get("FENICIO_DBT_TARGET", "")},
                     sort_keys=True)
    return Path(folder) / f"{hashlib.sha256(key.encode()).hexdigest()[:20]}.msgpack"


def _own_parse(store: DataDir) -> tuple[Path, Path]:
    """The store's saved parse, and the file naming the shared parse it was made for."""
    target = target_dir(store)
    return target / PARSE_FILE, target / f"{PARSE_FILE}.for"


def reuse_parse(store: DataDir, dbt_vars: Mapping[str, Any]) -> None:
    """A build starts from the shared parse of its vars, if there is one, when the store
    has no parse of its own or has one made with other vars (``history start`` runs with
    its dates, a store's settings changed). dbt checks it as it checks its own (every
    file's checksum, the vars, the profile's keys and each env var a file read, such as
    the data dir) and re-parses what differs."""
    cached = parse_cache_file(dbt_vars)
    if cached is None or not cached.exists():
        return
    own, made_for = _own_parse(store)
    if own.exists() and made_for.exists() and made_for.read_text() == cached.name:
        return
    own.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, own)
    made_for.write_text(cached.name)


def share_parse(store: DataDir, dbt_vars: Mapping[str, Any]) -> None:
    """After a build: its parse becomes the shared one for its vars (replaced whole)."""
    cached = parse_cache_file(dbt_vars)
    own, made_for = _own_parse(store)
    if cached is None or not own.exists():
        return
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    shutil.copyfile(own, partial)
    partial.replace(cached)
    made_for.write_text(cached.name)


#: The warning filter (``PYTHONWARNINGS``) for the resource tracker's note (``dbt_env``).
RESOURCE_TRACKER_WARNING = "ignore:resource_tracker:UserWarning"


def dbt_env(store: DataDir, as_of: str | None = None) -> dict[str, str]:
    """dbt's environment for a store, as of ``as_of`` (None: today in the store's time
    zone). dbt runs inside the data dir (the child's cwd) and reads the warehouse by the
    relative name, so its profile does not differ from store to store (dbt re-parses when
    it does; the store's path reaches dbt as the ``FENICIO_DATA_DIR`` the models read).
    The date is ``FENICIO_AS_OF_DATE`` (macro ``as_of_date``): a new date re-parses only
    the models that read it (README decision 57)."""
    env = dict(os.environ)
    env["FENICIO_DATA_DIR"] = str(store.root)
    env["FENICIO_WAREHOUSE"] = store.warehouse.name
    env.pop("FENICIO_AS_OF_DATE", None)  # the command line's --as-of, or today
    if as_of is not None:
        env["FENICIO_AS_OF_DATE"] = as_of
    env.setdefault("DO_NOT_TRACK", "1")
    # dbt.log keeps what the console shows (each node's result, every error); debug adds
    # every statement (about 25,000 lines a build of a small store, 0.2 to 0.3 s of its
    # 10 s): ask for it with DBT_LOG_LEVEL_FILE=debug
    env.setdefault("DBT_LOG_LEVEL_FILE", "info")
    # A dbt stopped by a signal leaves its semaphores to Python's resource tracker, which
    # frees them and says so in a UserWarning ("leaked semaphore objects to clean up"):
    # nothing is left, so the stop's own message is all the store's log should hold.
    env["PYTHONWARNINGS"] = ",".join(filter(None, (env.get("PYTHONWARNINGS"),
                                                   RESOURCE_TRACKER_WARNING)))
    return env


def target_dir(store: DataDir) -> Path:
    return Path(os.environ.get("DBT_TARGET_PATH") or store.root / "target").resolve()


def log_dir(store: DataDir) -> Path:
    return Path(os.environ.get("DBT_LOG_PATH") or store.logs).resolve()


#: The checks of the code rather than of a store's data: dbt's unit tests (fixtures), the
#: macros' behaviour tests (fixed values) and every model's columns against its YAML. The
#: same code gives the same answer in every store, so CI runs them (``make dbt-test``,
#: ``make test-spark``) and a store's build skips them (README decision 13), unless
#: ``FENICIO_CODE_CHECKS=1``.
CODE_CHECKS = ("test_type:unit", "tag:code_check")


def excluded_checks() -> list[str]:
    """``--exclude`` and the code checks for a store's build; nothing when the environment
    sets ``FENICIO_CODE_CHECKS=1``."""
    if os.environ.get("FENICIO_CODE_CHECKS") == "1":
        return []
    return ["--exclude", *CODE_CHECKS]


def dbt_command(store: DataDir, extra: list[str] | None = None) -> list[str]:
    """``dbt build`` for the store: models and the data tests of its data (run it with
    ``dbt_env``, which carries the as-of date); the code checks are CI's
    (``excluded_checks``)."""
    return [
        dbt_executable(), "build",
        "--project-dir", str(project_dir()),
        "--profiles-dir", str(project_dir()),
        "--target-path", str(target_dir(store)),
        "--log-path", str(log_dir(store)),
        "--vars", json.dumps(build_vars(store)),
        *excluded_checks(),
        *(extra or []),
    ]


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(AttributeError, OSError):  # not Linux: forwarding still applies
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def run_dbt(store: DataDir, command: list[str], env: Mapping[str, str],
            dbt_vars: Mapping[str, Any]) -> int:
    """Run dbt for ``store`` as a child process (``run_child``), starting from the shared
    parse of ``dbt_vars`` and sharing its own afterwards; the exit code. A stop signal
    leaves the shared parse as it was."""
    reuse_parse(store, dbt_vars)
    code = run_child(command, store.root, env, "dbt")
    share_parse(store, dbt_vars)
    return code


def run_child(command: list[str], cwd: Path, env: Mapping[str, str], name: str) -> int:
    """Run a child to its end; on a stop signal forward it, wait, and raise it on."""
    child = subprocess.Popen(
        command, cwd=cwd, env=dict(env), start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    try:
        return child.wait()
    except BaseException as exc:
        signum = getattr(exc, "signum", signal.SIGINT if isinstance(exc, KeyboardInterrupt)
                         else signal.SIGTERM)
        stop_child(child, signum, name)
        raise


def stop_child(child: subprocess.Popen[Any], signum: int, name: str) -> None:
    if child.poll() is not None:
        return
    console.error(f"stopping {name} (pid {child.pid}) with {signal.Signals(signum).name}")
    child.send_signal(signum)
    try:
        child.wait(STOP_GRACE)
    except subprocess.TimeoutExpired:
        console.error(f"{name} did not stop within {STOP_GRACE:g} s: killed")
        child.kill()
        child.wait()
    console.error(f"{name} stopped (exit {child.returncode})")
