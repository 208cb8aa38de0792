"""A stop signal to `build` or `run` stops dbt too: no dbt is left holding the warehouse.

Real processes and real signals: the command is started, its dbt child found in /proc
once it holds warehouse.duckdb, the signal sent to the command (as cron's kill, systemd's
stop or a closed terminal would), and then the dbt child must be gone, the command must
have exited 1 saying what happened and no Python warning (the resource tracker frees the
semaphores of a stopped dbt, and its note about them is silenced), and the warehouse must
open for writing (the next run works: the run test does the whole next run).
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import duckdb
import pytest
import store_support as support


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([str(support.BIN / "fenicio-icommkt"), *args], cwd=support.REPO,
                            env=support.clean_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def dbt_holding_the_warehouse(command: subprocess.Popen[str], store: Path) -> int:
    """The dbt child of ``command`` once it has the warehouse open."""
    found: list[int] = []

    def holding() -> bool:
        assert command.poll() is None, command.communicate()
        found[:] = [pid for pid in support.children(command.pid)
                    if support.holds_file(pid, store / "warehouse.duckdb")]
        return bool(found)

    support.wait_for(holding, 120, "dbt to open the warehouse")
    return found[0]


def stop(command: subprocess.Popen[str], signum: int) -> tuple[int, str]:
    command.send_signal(signum)
    _, err = command.communicate(timeout=60)
    return command.returncode, err


def warehouse_is_free(store: Path) -> bool:
    """The next run can open the warehouse for writing (no process holds its lock)."""
    try:
        with duckdb.connect(str(store / "warehouse.duckdb")) as conn:
            conn.execute("select count(*) from marts.customer_profiles").fetchone()
    except duckdb.IOException:
        return False
    return True


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_to_build_stops_dbt_and_frees_the_warehouse(
        name: str, built_store: Path, tmp_path: Path) -> None:
    store = support.store_copy(built_store, tmp_path)
    command = start("build", "--data-dir", str(store), "--as-of", support.AS_OF,
                    "--full-refresh")
    dbt = dbt_holding_the_warehouse(command, store)
    code, err = stop(command, support.SIGNALS[name])
    assert code == 1
    assert f"stopping dbt (pid {dbt}) with {name}" in err
    assert f"interrupted by {name}" in err
    assert "Warning" not in err, err  # e.g. the resource tracker's note on dbt's semaphores
    assert not support.alive(dbt)
    assert warehouse_is_free(store)


def test_sigterm_to_run_stops_dbt_releases_the_lock_and_skips_export(
        built_store: Path, sample_inbox: Path, tmp_path: Path) -> None:
    store = support.store_copy(built_store, tmp_path)
    out = tmp_path / "contacts.jsonl"
    run = ["run", "--data-dir", str(store), "--inbox", str(sample_inbox), "--as-of",
           support.AS_OF, "--dry-run", "--out", str(out)]
    command = start(*run)
    dbt = dbt_holding_the_warehouse(command, store)
    code, err = stop(command, signal.SIGTERM)
    assert code == 1
    assert "run: stage build interrupted; later stages skipped" in err
    assert "Warning" not in err, err
    assert not support.alive(dbt)
    assert not out.exists()  # the export never ran
    result = support.cli(*run)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert out.exists()


def test_sigkill_to_build_still_takes_dbt_down(built_store: Path, tmp_path: Path) -> None:
    """Nothing can be forwarded from a SIGKILLed process: the kernel stops the child."""
    store = support.store_copy(built_store, tmp_path)
    command = start("build", "--data-dir", str(store), "--as-of", support.AS_OF,
                    "--full-refresh")
    dbt = dbt_holding_the_warehouse(command, store)
    command.send_signal(signal.SIGKILL)
    command.wait(timeout=30)  # not communicate(): an orphan would keep its pipes open
    # at once: an orphan would go on building (and holding the lock) for many seconds
    try:
        support.wait_for(lambda: not support.alive(dbt), 2, "the orphaned dbt to stop")
    finally:
        command.communicate(timeout=120)
    assert warehouse_is_free(store)
