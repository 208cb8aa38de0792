"""What real stores and servers do to the ingest (issue 12): nothing lost, nothing leaked,
no crash.

Every test uses real files (sample exports with all 86 columns, bent the way real files
bend), real processes (the command line in a subprocess, killed with real signals, a
writer still writing, another process holding the warehouse) and, for the disk, a real
full or read-only file system (a small tmpfs mounted as the data dir; skipped with the
reason when mounting is not permitted). Nothing is patched.

The three outcomes (``fenicio_icommkt.faults``): a file bad in itself is refused and the
others load; a file still being written is deferred with the files after it; a failing
machine stops the call at that file. And no output, log, table or file ever holds a row's
content when a row is refused.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from fenicio_icommkt.warehouse import schema
from fenicio_icommkt.warehouse.landed import landed_sql

pytestmark = pytest.mark.long

AS_OF = "2026-06-30"
HEADER = {c.name: c.header_pt for c in schema.columns()}
#: What a refused row holds that must never be written anywhere.
CARD, IP, STREET = "4111111111111111", "203.0.113.77", "Calle Secreta 4321"
SECRET_EMAIL = "secreta.persona@example.org"
SECRETS = (CARD, IP, STREET, SECRET_EMAIL)
TWO_HOURS_AGO = time.time() - 7200


# Helpers --------------------------------------------------------------------------------


def fenicio(*args: str, env: dict[str, str] | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """The command line in its own process, as cron runs it; stdout and stderr captured."""
    return subprocess.run(
        [sys.executable, "-m", "fenicio_icommkt", *args], capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=timeout, check=False,
    )


def ingest(data_dir: Path, *paths: Path | str, env: dict[str, str] | None = None,
           ) -> subprocess.CompletedProcess[str]:
    return fenicio("ingest", "--data-dir", str(data_dir), *map(str, paths), env=env)


def said(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def assert_no_traceback_and_no_row(result: subprocess.CompletedProcess[str]) -> None:
    text = said(result)
    assert "Traceback" not in text, text
    assert "Original Line" not in text, text
    for secret in SECRETS:
        assert secret not in text, (secret, text)


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def write_rows(path: Path, header: list[str], rows: list[list[str]],
               terminator: str = "\n") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=terminator).writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def with_secrets(header: list[str], row: list[str]) -> list[str]:
    """The row with a full card number, an IP, a street and an email of its own."""
    row = list(row)
    for name, value in (("card_number", CARD), ("buyer_ip", IP), ("billing_street", STREET),
                        ("buyer_email", SECRET_EMAIL)):
        row[header.index(HEADER[name])] = value
    return row


def make_old(*paths: Path) -> None:
    """As if the files had arrived hours ago (the daily run's case)."""
    for path in paths:
        os.utime(path, (TWO_HOURS_AGO, TWO_HOURS_AGO))


def query(data_dir: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def file_log(data_dir: Path) -> list[tuple]:
    return query(data_dir, "select load_sequence, file_name, rows_loaded, rows_quarantined "
                           "from ingest.file_log order by load_sequence")


def landed_orders(data_dir: Path) -> list[tuple]:
    con = duckdb.connect()
    try:
        return con.execute(
            f"select load_sequence, record_number, order_number, order_status "
            f"from {landed_sql(data_dir)} where load_sequence > 0 order by all").fetchall()
    finally:
        con.close()


def landing_listing(data_dir: Path) -> dict[str, str]:
    """Every file under landing/ and the SHA-256 of its bytes."""
    return {str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((data_dir / "landing").rglob("*")) if p.is_file()}


def assert_consistent(data_dir: Path) -> None:
    """The promise after any interruption: every landed load has its row, every row its
    landed files, and tmp/ holds no load."""
    prefixes = {r[0] for r in query(data_dir, "select landed_file from ingest.file_log")}
    for part in schema.PARTS:
        landed = {p.stem for p in (data_dir / "landing" / part).glob("*.parquet")}
        assert landed - {"00000000-empty"} == prefixes, part
    assert not [p for p in (data_dir / "tmp").iterdir() if p.is_dir()]


def contains_bytes(folder: Path, needle: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A history file and three daily files (300 customers), as Fenicio exports them."""
    folder = tmp_path_factory.mktemp("sample")
    result = fenicio("sample", "--out", str(folder), "--customers", "300", "--seed", "12",
                     "--as-of", AS_OF, "--days", "3")
    assert result.returncode == 0, said(result)
    files = sorted(folder.glob("*.csv"))
    assert len(files) == 4 and "historico" in files[0].name
    make_old(*files)
    return files


@pytest.fixture
def inbox(tmp_path: Path, sample: list[Path]) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path in sample:
        shutil.copy2(path, folder)
    return folder


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[callable]:
    """Mount small tmpfs file systems (a real disk that fills up); unmounted at the end."""
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                               str(point)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'}): "
                        "the full-disk and read-only cases need a real file system")
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], check=False)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder`` until ``leave`` bytes are free."""
    filler = folder / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


# 1. A refused row is never written anywhere ------------------------------------------------


def _bend(kind: str, header: list[str], rows: list[list[str]], at: int) -> str:
    """Break record ``at`` (1-based) the way ``kind`` says; returns the expected message."""
    row = with_secrets(header, rows[at - 1])
    if kind == "extra column":
        rows[at - 1] = [*row, "EXTRA"]
        return f"record {at} has {len(header) + 1} fields where the header has {len(header)}"
    if kind == "missing columns":
        rows[at - 1] = row[:40]
        return f"record {at} has 40 fields where the header has {len(header)}"
    raise AssertionError(kind)


@pytest.mark.parametrize(("kind", "at"), [
    ("extra column", 1), ("extra column", 200), ("missing columns", 57),
])
def test_a_broken_row_refuses_the_file_by_record_number_without_its_content(
        tmp_path: Path, sample: list[Path], kind: str, at: int) -> None:
    """Issue 12, item 1: DuckDB's error quotes the whole raw row. The refusal says the file,
    the record and the kind of problem, and nothing of the row, in any output or file;
    the files around it load."""
    header, rows = read_rows(sample[0])
    expected = _bend(kind, header, rows, at)
    bad = write_rows(tmp_path / "b_broken.csv", header, rows)
    good_header, good_rows = read_rows(sample[1])
    first = write_rows(tmp_path / "a_good.csv", good_header, good_rows[:10])
    last = write_rows(tmp_path / "c_good.csv", good_header, good_rows[10:20])
    make_old(bad, first, last)
    store = tmp_path / "store"
    result = ingest(store, first, bad, last)
    assert result.returncode == 3, said(result)
    assert f"b_broken.csv: refused: not a well-formed CSV: {expected}" in result.stderr
    assert_no_traceback_and_no_row(result)
    assert [r[1] for r in file_log(store)] == ["a_good.csv", "c_good.csv"]
    for secret in SECRETS:
        assert contains_bytes(store, secret) == [], secret


def test_a_broken_row_deep_in_a_big_file_is_found_by_its_record_number(tmp_path: Path,
                                                                      sample: list[Path]) -> None:
    """A file read in parallel (about 90 MB), quoted line breaks before the broken record:
    the record number is still the record's, counted as the quarantine counts."""
    header, rows = read_rows(sample[0])
    notes = header.index(HEADER["notes"])
    big = []
    while len(big) < 160_000:
        big.extend(list(r) for r in rows)
    for i in range(0, len(big), 97):
        big[i][notes] = "primera línea\nsegunda, \"con comillas\""
    at = 151_234
    big[at - 1] = [*with_secrets(header, big[at - 1]), "x"]
    path = write_rows(tmp_path / "big.csv", header, big)
    assert path.stat().st_size > 64 * 1024 * 1024
    make_old(path)
    result = ingest(tmp_path / "store", path)
    assert result.returncode == 1, said(result)
    assert f"record {at} has 87 fields where the header has 86" in result.stderr
    assert_no_traceback_and_no_row(result)


def csv_line(row: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "at", "bend", "message"), [
    ("unclosed_quote.csv", -1, lambda text: '"' + text,
     "has a quoted field that is not closed right"),
    ("after_quote.csv", 3, lambda text: '"12"x' + text,
     "record 3 has a quoted field that is not closed right"),
    ("long_field.csv", 4, lambda text: "7" * 2_100_000 + text,
     "record 4 is longer than 2000000 bytes"),
])
def test_other_broken_records_are_said_by_kind_and_place(
        tmp_path: Path, sample: list[Path], name: str, at: int, bend, message: str) -> None:
    """The record is written raw (a CSV writer would quote the damage away)."""
    header, rows = read_rows(sample[0])
    at = at if at > 0 else len(rows)
    text = [csv_line(header)] + [csv_line(r) for r in rows]
    text[at] = bend(csv_line(with_secrets(header, rows[at - 1])))
    bad = tmp_path / name
    bad.write_text("".join(text), encoding="utf-8", newline="")
    make_old(bad)
    result = ingest(tmp_path / "store", bad)
    assert result.returncode == 1, said(result)
    assert f"{name}: refused: not a well-formed CSV: " in result.stderr
    assert message in result.stderr, result.stderr
    assert_no_traceback_and_no_row(result)


def test_the_daily_run_log_never_holds_a_refused_row(tmp_path: Path, inbox: Path) -> None:
    """The README's cron line: `run ... >> <data dir>/logs/run.log 2>&1`."""
    header, rows = read_rows(inbox / "ventas_2026-06-29.csv")
    rows[3] = [*with_secrets(header, rows[3]), "EXTRA"]
    write_rows(inbox / "ventas_2026-06-29.csv", header, rows)
    make_old(inbox / "ventas_2026-06-29.csv")
    store = tmp_path / "store"
    (store / "logs").mkdir(parents=True)
    log = store / "logs" / "run.log"
    with log.open("a") as out:
        code = subprocess.run(
            [sys.executable, "-m", "fenicio_icommkt", "run", "--data-dir", str(store),
             "--inbox", str(inbox), "--as-of", AS_OF, "--dry-run",
             "--out", str(tmp_path / "contacts.jsonl")],
            stdout=out, stderr=subprocess.STDOUT, check=False, timeout=600,
        ).returncode
    text = log.read_text(encoding="utf-8")
    assert code == 3, text
    assert "ventas_2026-06-29.csv: refused: not a well-formed CSV: record 4 has 87" in text
    assert "Traceback" not in text and "Original Line" not in text
    for secret in SECRETS:
        assert contains_bytes(store, secret) == [], secret
        assert secret not in (tmp_path / "contacts.jsonl").read_text(encoding="utf-8")


# 2. Landed data is never deleted; the file log can be rebuilt from landing/ ----------------


def _with_quarantine(folder: Path, sample: list[Path]) -> Path:
    """A small file of the history's shape with rows the quarantine keeps."""
    header, rows = read_rows(sample[0])
    bad = [list(r) for r in rows[:6]]
    bad[1][header.index(HEADER["finished_at"])] = "31/02/2026 10:00:00"
    bad[3][header.index(HEADER["order_total"])] = "doce"
    for i, row in enumerate(bad):
        row[header.index(HEADER["order_number"])] = f"Q{i}"
    path = write_rows(folder / "ventas_2026-06-27_zz_extra.csv", header, bad)  # after the history
    make_old(path)
    return path


def profiles(data_dir: Path) -> list[tuple]:
    return query(data_dir, "select * from marts.customer_profiles order by email")


def test_a_lost_warehouse_refuses_to_ingest_and_the_file_log_is_rebuilt_from_landing(
        tmp_path: Path, sample: list[Path]) -> None:
    """Issue 12, item 2: deleting warehouse.duckdb and keeping landing/ made the next
    ingest delete every landed file as an orphan and give the new file load 1. Now the
    ingest refuses (exit 2) and deletes nothing; ``--rebuild-file-log`` gives back the file
    log and quarantine; the next files load after the old ones and the profiles equal
    those of a store that never lost its warehouse."""
    history, day1, day2, day3 = sample
    extra = _with_quarantine(tmp_path, sample)
    reference, store = tmp_path / "reference", tmp_path / "store"
    for data_dir in (reference, store):
        assert ingest(data_dir, history, extra, day1).returncode == 3
    before_log = query(store, "select * from ingest.file_log order by load_sequence")
    before_quarantine = query(store, "select * from ingest.quarantine order by all")
    assert len(before_quarantine) == 2
    before_landing = landing_listing(store)

    (store / "warehouse.duckdb").unlink()
    refused = ingest(store, day2)
    assert refused.returncode == 2, said(refused)
    assert "landing/ holds 3 load(s) that the file log" in refused.stderr
    assert "--rebuild-file-log" in refused.stderr
    assert landing_listing(store) == before_landing  # nothing deleted, nothing added

    rebuilt = fenicio("ingest", "--data-dir", str(store), "--rebuild-file-log")
    assert rebuilt.returncode == 0, said(rebuilt)
    assert "rebuilt the file log from landing/: 3 load(s) (1 to 3), 2 quarantined" in \
        rebuilt.stdout
    assert query(store, "select * from ingest.file_log order by load_sequence") == before_log
    assert query(store, "select * from ingest.quarantine order by all") == before_quarantine

    for data_dir in (reference, store):
        assert ingest(data_dir, day2, day3).returncode == 0
        assert fenicio("build", "--data-dir", str(data_dir), "--as-of", AS_OF).returncode == 0
    assert file_log(store) == file_log(reference)
    assert [r[0] for r in file_log(store)] == [1, 2, 3, 4, 5]
    assert len(profiles(store)) == len(profiles(reference)) > 290  # (of 300 customers)
    assert profiles(store) == profiles(reference)


def test_a_replaced_warehouse_is_detected_too(tmp_path: Path, sample: list[Path]) -> None:
    """An older copy of the warehouse put back (a backup): the loads after it are in
    landing/ only; they are rebuilt, and the copy's own rows are kept."""
    store = tmp_path / "store"
    assert ingest(store, sample[0]).returncode == 0
    shutil.copy(store / "warehouse.duckdb", tmp_path / "backup.duckdb")
    assert ingest(store, sample[1], sample[2]).returncode == 0
    expected = file_log(store)
    shutil.copy(tmp_path / "backup.duckdb", store / "warehouse.duckdb")
    result = ingest(store, sample[3])
    assert result.returncode == 2 and "landing/ holds 2 load(s)" in result.stderr
    assert fenicio("ingest", "--data-dir", str(store), "--rebuild-file-log").returncode == 0
    assert file_log(store) == expected
    assert ingest(store, sample[3]).returncode == 0
    assert [r[0] for r in file_log(store)] == [1, 2, 3, 4]


def test_loads_landed_before_manifests_get_theirs_and_rebuild_without_one_warns(
        tmp_path: Path, sample: list[Path]) -> None:
    store = tmp_path / "store"
    assert ingest(store, sample[0], sample[1]).returncode == 0
    manifests = sorted((store / "landing" / "order_lines").glob("*.json"))
    assert [m.stem for m in manifests] == [r[0] for r in query(
        store, "select landed_file from ingest.file_log order by load_sequence")]
    first = manifests[0].read_text(encoding="utf-8")
    for manifest in manifests:
        manifest.unlink()  # a data dir landed by the version before manifests
    assert ingest(store, sample[0]).returncode == 0  # skipped; the manifests are written
    assert manifests[0].read_text(encoding="utf-8") == first
    manifests[1].unlink()
    (store / "warehouse.duckdb").unlink()
    result = fenicio("ingest", "--data-dir", str(store), "--rebuild-file-log")
    assert result.returncode == 3, said(result)
    assert "load 2 (ventas_2026-06-28.csv) has no manifest: its SHA-256 is unknown" in \
        result.stderr
    assert file_log(store) == [(1, sample[0].name, *file_log_counts(sample[0])),
                               (2, sample[1].name, *file_log_counts(sample[1]))]


def file_log_counts(path: Path) -> tuple[int, int]:
    return len(read_rows(path)[1]), 0


def test_killed_loads_never_leave_a_landed_file_without_its_row(tmp_path: Path,
                                                                sample: list[Path]) -> None:
    """SIGKILL (and SIGINT, SIGTERM) at many points of a load (reading, writing,
    committing, moving): right after, no landed file lacks its row; the next ingest leaves
    the whole load or nothing of it, and loads the file exactly once."""
    header, rows = read_rows(sample[0])
    big = []
    while len(big) < 30_000:
        big.extend(rows)
    path = write_rows(tmp_path / "ventas_big.csv", header, big[:30_000])
    make_old(path)
    calibrate = tmp_path / "calibrate"
    started = time.monotonic()
    assert ingest(calibrate, path).returncode == 0
    duration = time.monotonic() - started
    expected = landed_orders(calibrate)
    looked = 0
    for share, sig in ((0.15, signal.SIGKILL), (0.4, signal.SIGKILL), (0.5, signal.SIGINT),
                       (0.6, signal.SIGKILL), (0.75, signal.SIGKILL), (0.9, signal.SIGTERM),
                       (0.98, signal.SIGKILL)):
        store = tmp_path / f"killed-{share}"
        process = subprocess.Popen(
            [sys.executable, "-m", "fenicio_icommkt", "ingest", "--data-dir", str(store),
             str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(duration * share)
        process.send_signal(sig)
        out, err = process.communicate(timeout=120)
        if sig == signal.SIGINT and process.returncode != 0:  # it ends by itself
            assert process.returncode == 1 and "interrupted" in err, out + err
            assert "Traceback" not in err
        if (store / "warehouse.duckdb").exists():  # right after the kill, before recovery
            looked += 1
            recorded = {r[0] for r in query(store, "select landed_file from ingest.file_log")}
            for part in schema.PARTS:
                landed = {p.stem for p in (store / "landing" / part).glob("*.parquet")}
                assert landed - {"00000000-empty"} <= recorded, (share, part)
        result = ingest(store, path)
        assert result.returncode == 0, said(result)
        assert_consistent(store)
        assert [r[1:] for r in file_log(store)] == [(path.name, 30_000, 0)]
        assert landed_orders(store) == expected
    assert looked  # some kills found a warehouse to look at


def test_a_load_killed_the_moment_its_first_file_lands_was_recorded_first(
        tmp_path: Path, sample: list[Path]) -> None:
    """The window between the commit and the moves, hit for real: a watcher kills the
    ingest (SIGKILL) as soon as the load's first file appears in landing/. The file-log
    row must already be committed then, and the next ingest finishes the other moves."""
    header, rows = read_rows(sample[0])
    path = write_rows(tmp_path / "ventas.csv", header, (rows * 8)[:20_000])
    make_old(path)
    reference = tmp_path / "reference"
    assert ingest(reference, path).returncode == 0
    finished = 0
    for attempt in range(3):
        store = tmp_path / f"store-{attempt}"
        landing = store / "landing" / "order_lines"
        process = subprocess.Popen(
            [sys.executable, "-m", "fenicio_icommkt", "ingest", "--data-dir", str(store),
             str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        landed = False
        while process.poll() is None and not landed:
            landed = landing.is_dir() and any(
                p.name.startswith("00000001-") for p in landing.iterdir())
        process.kill()
        process.wait()
        assert landed
        assert [r[1] for r in file_log(store)] == [path.name]  # recorded before it landed
        result = ingest(store, path)
        assert result.returncode == 0, said(result)
        finished += "finished moving its files into landing/" in result.stdout
        assert_consistent(store)
        assert landed_orders(store) == landed_orders(reference)
    assert finished  # at least one kill fell between two moves


def test_a_load_recorded_but_not_yet_moved_is_finished_by_the_next_ingest(
        tmp_path: Path, sample: list[Path]) -> None:
    """The one window a kill rarely hits (row committed, files still in tmp/): the state
    it leaves is made here by hand, with one part moved and one not."""
    store = tmp_path / "store"
    assert ingest(store, sample[0]).returncode == 0
    expected = landed_orders(store)
    (prefix,) = [r[0] for r in query(store, "select landed_file from ingest.file_log")]
    staging = store / "tmp" / prefix
    staging.mkdir()
    (store / "landing" / "order_lines" / f"{prefix}.parquet").rename(
        staging / "order_lines.parquet")
    (store / "landing" / "order_lines" / f"{prefix}.json").rename(staging / "manifest.json")
    result = ingest(store, sample[1])
    assert result.returncode == 0, said(result)
    assert f"load {prefix}: finished moving its files into landing/" in result.stdout
    assert_consistent(store)
    assert landed_orders(store)[: len(expected)] == expected


def test_landed_files_that_went_missing_are_reported_and_the_same_export_lands_them_again(
        tmp_path: Path, sample: list[Path]) -> None:
    """The reverse mismatch: a row whose landed files are gone. Ingest refuses (exit 2),
    names the load and its file; given the same export again, it lands it under its own
    load number (so the supersede order stays), then loads the rest."""
    history, day1, day2, day3 = sample
    extra = _with_quarantine(tmp_path, sample)
    store = tmp_path / "store"
    assert ingest(store, history, extra, day1).returncode == 3
    expected = landed_orders(store)
    quarantine = query(store, "select * exclude (quarantined_at) from ingest.quarantine "
                              "order by all")
    (prefix,) = [r[0] for r in query(store, "select landed_file from ingest.file_log "
                                            "where load_sequence = 2")]
    for part in schema.PARTS:
        (store / "landing" / part / f"{prefix}.parquet").unlink()
    refused = ingest(store, day2)
    assert refused.returncode == 2, said(refused)
    assert f"load 2 ({extra.name}: order_lines, order_line_details)" in refused.stderr
    assert len(file_log(store)) == 3
    # a build would drop the load's customers (and the export then clear their contacts)
    build = fenicio("build", "--data-dir", str(store), "--as-of", AS_OF)
    assert build.returncode == 2, said(build)
    assert "whose landed files are missing" in build.stderr
    again = ingest(store, extra, day2)
    assert again.returncode == 0, said(again)
    assert f"{extra.name}: landed again as load 2" in again.stdout
    assert [r[:2] for r in file_log(store)] == [(1, history.name), (2, extra.name),
                                                (3, day1.name), (4, day2.name)]
    assert [r for r in landed_orders(store) if r[0] <= 3] == expected
    assert query(store, "select * exclude (quarantined_at) from ingest.quarantine "
                        "order by all") == quarantine
    assert_consistent(store)


# 4. A failing machine stops the call at that file -----------------------------------------


def test_a_full_disk_stops_the_call_at_that_file_and_the_rerun_keeps_the_order(
        tmp_path: Path, inbox: Path, tmpfs) -> None:
    """Issue 12, item 4: the history was refused like a bad file, the dailies loaded, and
    the rerun loaded the history last, superseding newer files. Now the call stops at the
    history (exit 1), nothing of it or after it is recorded, and once space is freed the
    rerun loads everything in file-name order, as on a disk that never filled."""
    reference = tmp_path / "reference"
    assert ingest(reference, inbox).returncode == 0
    disk = tmpfs("disk", "24m")
    store = disk / "store"
    assert ingest(store, tmp_path / "nothing-yet").returncode == 1  # the warehouse, empty
    filler = fill(disk, leave=16 * 1024)  # less than the history's landed files need

    full = ingest(store, inbox)
    assert full.returncode == 1, said(full)
    assert "ventas_2026-06-27_historico.csv: not loaded, ingest stopped: No space left on " \
           "device" in full.stderr
    assert "3 later file(s) were not tried" in full.stderr
    assert_no_traceback_and_no_row(full)
    assert file_log(store) == []
    assert_consistent(store)

    filler.unlink()
    again = ingest(store, inbox)
    assert again.returncode == 0, said(again)
    assert file_log(store) == file_log(reference)
    assert landed_orders(store) == landed_orders(reference)


def test_a_disk_that_fills_after_the_history_stops_at_the_first_daily(
        tmp_path: Path, inbox: Path, tmpfs) -> None:
    history, *days = sorted(inbox.iterdir())
    reference = tmp_path / "reference"
    assert ingest(reference, history).returncode == 0
    assert ingest(reference, *days).returncode == 0
    disk = tmpfs("disk", "24m")
    store = disk / "store"
    assert ingest(store, history).returncode == 0
    filler = fill(disk)
    full = ingest(store, *days)
    assert full.returncode == 1, said(full)
    assert f"{days[0].name}: not loaded, ingest stopped: No space left on device" in \
        full.stderr
    assert_no_traceback_and_no_row(full)
    assert [r[1] for r in file_log(store)] == [history.name]
    filler.unlink()
    assert ingest(store, *days).returncode == 0
    assert file_log(store) == file_log(reference)
    assert landed_orders(store) == landed_orders(reference)


def test_a_read_only_data_dir_is_said_by_every_command(tmp_path: Path, sample: list[Path],
                                                       tmpfs) -> None:
    disk = tmpfs("disk", "16m")
    store = disk / "store"
    assert ingest(store, sample[0]).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    try:
        for result in (ingest(store, sample[1]),
                       fenicio("build", "--data-dir", str(store), "--as-of", AS_OF)):
            assert result.returncode == 1, said(result)
            assert "Read-only file system" in result.stderr
            assert "Traceback" not in said(result)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    assert ingest(store, sample[1]).returncode == 0


def test_out_of_memory_stops_the_call_and_a_rerun_with_memory_loads_in_order(
        tmp_path: Path, inbox: Path) -> None:
    """DuckDB's memory limit (the store's setting) too small for the history: a machine
    problem, not a bad file."""
    store = tmp_path / "store"
    tight = ingest(store, inbox, env={"FENICIO_MEMORY_LIMIT": "12MB"})
    assert tight.returncode == 1, said(tight)
    assert "ingest stopped: out of memory (DuckDB's memory limit is 12MB)" in tight.stderr
    assert_no_traceback_and_no_row(tight)
    assert file_log(store) == []
    assert_consistent(store)
    assert ingest(store, inbox).returncode == 0
    assert [r[1] for r in file_log(store)] == sorted(p.name for p in inbox.iterdir())


# 5. A name is a name, not a pattern ------------------------------------------------------


@pytest.mark.parametrize("folder_name", ["inbox", "inbox [store] {a,b}"])
def test_names_with_glob_characters_or_quotes_read_exactly_that_file(
        tmp_path: Path, sample: list[Path], folder_name: str) -> None:
    """Issue 12, item 5: `v*.csv` loaded the rows of its neighbours too. (A folder name
    with glob characters hid it: DuckDB then read the name as written.)"""
    header, rows = read_rows(sample[0])
    folder = tmp_path / folder_name
    folder.mkdir()
    names = ["v*.csv", "v?.csv", "va.csv", "v[a].csv", "v{a,b}.csv", "v**.csv",
             "it's \"quoted\".csv", "v\\a.csv"]
    expected = {}
    for i, name in enumerate(names):
        part = rows[i * 7: i * 7 + 3 + i]
        write_rows(folder / name, header, part)
        expected[name] = sorted(r[header.index(HEADER["order_number"])] for r in part)
    make_old(*folder.iterdir())
    store = tmp_path / "store"
    result = ingest(store, folder)
    assert result.returncode == 0, said(result)
    by_load: dict[int, list[str]] = {}
    for load, _, order, _ in landed_orders(store):
        by_load.setdefault(load, []).append(order)
    got = {name: sorted(by_load[load]) for load, name, _, _ in file_log(store)}
    assert got == expected
    single = tmp_path / "single"
    assert ingest(single, folder / "v*.csv").returncode == 0
    assert [r[1:3] for r in file_log(single)] == [("v*.csv", 3)]


# 6. A file still being written is deferred -----------------------------------------------


WRITER = r"""
import sys, time
source, target, pause, held = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
lines = open(source, encoding="utf-8", newline="").read().splitlines(keepends=True)
with open(target, "w", encoding="utf-8", newline="") as out:
    for i, text in enumerate(lines):
        out.write(text[: len(text) // 2])
        out.flush()
        if i == held:  # half a line written: hold it until told to go on
            print("holding", flush=True)
            sys.stdin.readline()
        elif i < held:
            time.sleep(pause)
        out.write(text[len(text) // 2:])
        out.flush()
print("done", flush=True)
"""


def test_a_file_still_being_written_is_deferred_and_loaded_once_complete(
        tmp_path: Path, sample: list[Path]) -> None:
    """Issue 12, item 6: a file still being written was loaded as complete. A real writer
    process writes the history line by line while ingest runs (it holds half of line 200
    until ingest has ended): it is deferred (exit 3, recorded nowhere), the daily file
    after it waits for it, and the next ingest loads both, whole, in order."""
    history, day1 = sample[0], sample[1]
    assert len(read_rows(history)[1]) > 400
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(day1, inbox / day1.name)
    target = inbox / history.name
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(history), str(target),
                               "0.001", "200"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"
        store = tmp_path / "store"
        result = ingest(store, inbox)
        still_writing = writer.poll() is None
        assert result.returncode == 3, said(result)
        assert f"{history.name}: deferred:" in result.stderr
        assert f"{day1.name}: deferred: waits for {history.name}" in result.stderr
        assert "0 loaded, 0 skipped as already loaded, 0 refused, 2 deferred" in result.stdout
        assert file_log(store) == []
        assert still_writing
    finally:
        writer.stdin.write("go\n")
        writer.stdin.close()
        assert writer.stdout.readline().strip() == "done"
        writer.wait()
    assert target.read_bytes() == history.read_bytes()
    again = ingest(store, inbox)
    assert again.returncode == 0, said(again)
    assert [r[1:3] for r in file_log(store)] == [
        (history.name, len(read_rows(history)[1])), (day1.name, len(read_rows(day1)[1]))]


def test_a_file_cut_mid_line_is_deferred_while_recent_and_refused_when_old(
        tmp_path: Path, sample: list[Path]) -> None:
    """The issue's case: 55,480 of 198,872 rows, exit 0. A file that ends without a line
    break is not complete: deferred while it changed recently, refused (cut short) once
    it has not changed for an hour; a refused file no longer holds back the others."""
    data = sample[0].read_bytes()
    cut = data[: len(data) // 3]
    assert not cut.endswith(b"\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a_before.csv").write_bytes(sample[1].read_bytes())
    (inbox / "b_cut.csv").write_bytes(cut)
    (inbox / "c_after.csv").write_bytes(sample[2].read_bytes())
    make_old(inbox / "a_before.csv", inbox / "c_after.csv")
    store = tmp_path / "store"
    recent = ingest(store, inbox)
    assert recent.returncode == 3, said(recent)
    assert "b_cut.csv: deferred: ends without a line break" in recent.stderr
    assert "c_after.csv: deferred: waits for b_cut.csv" in recent.stderr
    assert [r[1] for r in file_log(store)] == ["a_before.csv"]
    make_old(inbox / "b_cut.csv")
    old = ingest(store, inbox)
    assert old.returncode == 3, said(old)
    assert "b_cut.csv: refused: ends without a line break (unchanged for " in old.stderr
    assert "min): the export looks cut short" in old.stderr
    assert [r[1] for r in file_log(store)] == ["a_before.csv", "c_after.csv"]
    empty = inbox / "d_empty.csv"
    empty.write_bytes(b"")
    fresh = ingest(store, empty)
    assert "d_empty.csv: deferred: empty file (no header row)" in fresh.stderr


APPENDER = r"""
import pathlib, re, sys, time
path, text, tmp = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    if tmp.is_dir() and any(re.match(r"\d{8}-", p.name) for p in tmp.iterdir()):
        break
    time.sleep(0.01)
time.sleep(0.2)
with open(path, "a", encoding="utf-8", newline="") as out:
    out.write(text)
"""


def test_a_file_that_grows_while_it_is_read_is_deferred(tmp_path: Path,
                                                        sample: list[Path]) -> None:
    """The file was old when ingest looked (no wait), then a writer appended complete
    lines while DuckDB read it: its size and time differ at the end, so it is deferred."""
    header, rows = read_rows(sample[0])
    big = []
    while len(big) < 80_000:
        big.extend(rows)
    path = write_rows(tmp_path / "growing.csv", header, big)
    make_old(path)
    more = io.StringIO()
    csv.writer(more, lineterminator="\n").writerows(rows[:50])
    store = tmp_path / "store"
    # appends once the load has begun (its staging folder exists), while DuckDB reads
    appender = subprocess.Popen([sys.executable, "-c", APPENDER, str(path), more.getvalue(),
                                 str(store / "tmp")])
    result = ingest(store, path)
    appender.wait()
    assert result.returncode == 3, said(result)
    assert "growing.csv: deferred: changed while it was being read" in result.stderr
    assert file_log(store) == []
    assert_consistent(store)
    make_old(path)
    assert ingest(store, path).returncode == 0
    assert [r[2] for r in file_log(store)] == [len(big) + 50]


def test_the_daily_run_does_not_wait_for_files_that_stopped_changing(
        tmp_path: Path, inbox: Path) -> None:
    """The watch is only for files changed in the last FENICIO_SETTLE_SECONDS: with a
    30 s setting, old files load at once."""
    started = time.monotonic()
    result = ingest(tmp_path / "store", inbox, env={"FENICIO_SETTLE_SECONDS": "30"})
    assert result.returncode == 0, said(result)
    assert time.monotonic() - started < 25


# 7. No file crashes the call --------------------------------------------------------------


def _mixed(data: bytes) -> bytes:
    cut = data.index(b"\n", len(data) // 2)
    return data[:cut].replace(b"\n", b"\r\n") + data[cut:]


@pytest.mark.parametrize(("name", "make", "message"), [
    ("mixed_endings.csv", _mixed, "mixed line endings: record "),
    ("cr_then_lf.csv", lambda d: d.replace(b"\n", b"\r", 3),
     "mixed line endings: record 3 ends with LF, the lines before it with CR"),
    ("zeroed.csv", lambda d: bytes(len(d) - 1) + b"\n", "NUL bytes where the header row"),
    ("zeroed_tail.csv", lambda d: d[: len(d) // 2] + bytes(len(d) // 2) + b"\n",
     "not a well-formed CSV: record "),
    ("binary.csv", lambda d: bytes(range(256)) * 40 + b"\n", "not valid UTF-8"),
    ("huge_header_field.csv", lambda d: b'"' + b"h" * 200_000 + b'",' + d,
     "the header row is not well-formed CSV"),
    ("bom_only.csv", lambda d: b"\xef\xbb\xbf\n", "empty file (no header row)"),
    ("long_first_record.csv", lambda d: d.replace(b"\n", b"\n" + b"9" * 2_100_000, 1),
     "not a well-formed CSV: record 1 is longer than 2000000 bytes"),
])
def test_a_file_that_cannot_be_read_is_refused_and_the_others_load(
        tmp_path: Path, sample: list[Path], name: str, make, message: str) -> None:
    """Issue 12, item 7: a truncated last line, mixed or CR-only line endings or a field
    over 2 MB crashed the call (detection ran outside the error handling), so the files
    after it never loaded."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy2(sample[1], folder / "a.csv")
    (folder / f"b_{name}").write_bytes(make(sample[0].read_bytes()))
    shutil.copy2(sample[3], folder / "c.csv")
    make_old(*folder.iterdir())
    store = tmp_path / "store"
    result = ingest(store, folder)
    assert result.returncode == 3, said(result)
    assert f"b_{name}: refused: " in result.stderr and message in result.stderr, said(result)
    assert "Traceback" not in said(result)
    assert [r[1] for r in file_log(store)] == ["a.csv", "c.csv"]


def test_cr_only_line_endings_load_like_lf(tmp_path: Path, sample: list[Path]) -> None:
    path = tmp_path / "cr.csv"
    path.write_bytes(sample[1].read_bytes().replace(b"\n", b"\r"))
    make_old(path)
    crs, lfs = tmp_path / "cr-store", tmp_path / "lf-store"
    assert ingest(crs, path).returncode == 0
    assert ingest(lfs, sample[1]).returncode == 0
    assert landed_orders(crs) == landed_orders(lfs)


# 11. The warehouse, gzip, out-of-range values --------------------------------------------


def test_a_locked_warehouse_is_said_for_ingest_and_build(tmp_path: Path,
                                                         sample: list[Path]) -> None:
    store = tmp_path / "store"
    assert ingest(store, sample[0]).returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\nc = duckdb.connect(sys.argv[1])\n"
         "print('open', flush=True)\ntime.sleep(60)", str(store / "warehouse.duckdb")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        for result in (ingest(store, sample[1]),
                       fenicio("build", "--data-dir", str(store), "--as-of", AS_OF)):
            assert result.returncode == 1, said(result)
            assert f"is in use by another process (PID {holder.pid})" in result.stderr
            assert "Traceback" not in said(result)
    finally:
        holder.kill()
        holder.wait()
    assert ingest(store, sample[1]).returncode == 0


@pytest.mark.parametrize("damage", ["zeroed", "truncated", "cut to 100 bytes", "not duckdb"])
def test_a_damaged_warehouse_is_said_with_how_to_recover(tmp_path: Path, sample: list[Path],
                                                         damage: str) -> None:
    store = tmp_path / "store"
    assert ingest(store, sample[0]).returncode == 0
    warehouse_file = store / "warehouse.duckdb"
    size = warehouse_file.stat().st_size
    if damage == "zeroed":
        warehouse_file.write_bytes(bytes(size))
    elif damage == "truncated":
        os.truncate(warehouse_file, size // 2)
    elif damage == "cut to 100 bytes":
        os.truncate(warehouse_file, 100)
    else:
        warehouse_file.write_text("SQLite format 3\0" * 100, encoding="utf-8")
    landing = landing_listing(store)
    for result in (ingest(store, sample[1]),
                   fenicio("build", "--data-dir", str(store), "--as-of", AS_OF)):
        assert result.returncode == 2, said(result)
        assert "cannot be read: it is truncated, zeroed or not a DuckDB file" in \
            result.stderr
        assert "--rebuild-file-log" in result.stderr
        assert "Traceback" not in said(result)
    assert landing_listing(store) == landing
    warehouse_file.rename(tmp_path / "damaged.duckdb")
    assert fenicio("ingest", "--data-dir", str(store), "--rebuild-file-log").returncode == 0
    assert [r[1] for r in file_log(store)] == [sample[0].name]


def test_gzip_exports_are_read_and_other_files_are_named(tmp_path: Path,
                                                         sample: list[Path]) -> None:
    """Issue 12, item 11: `.csv.gz` in an inbox was skipped silently."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a_history.csv.gz").write_bytes(gzip.compress(sample[0].read_bytes()))
    shutil.copy2(sample[1], folder / "b_day.csv")
    (folder / "b_day_again.csv.gz").write_bytes(gzip.compress(sample[1].read_bytes()))
    shutil.copy2(sample[2], folder / "c_not_gzip.csv.gz")
    (folder / "d_cut.csv.gz").write_bytes(gzip.compress(sample[3].read_bytes())[:500])
    (folder / "notes.txt").write_text("not an export", encoding="utf-8")
    (folder / "ventas.zip").write_bytes(b"PK\x03\x04")
    (folder / "archive").mkdir()
    make_old(*folder.iterdir())
    store = tmp_path / "store"
    result = ingest(store, folder)
    assert result.returncode == 3, said(result)
    err = result.stderr
    assert "not read (ingest reads .csv and .csv.gz files): " in err
    for name in ("notes.txt", "ventas.zip", "archive/"):
        assert name in err
    assert "b_day_again.csv.gz: skipped, already loaded (same content)" in result.stdout
    assert "c_not_gzip.csv.gz: refused: named .gz but not gzip-compressed" in err
    assert "d_cut.csv.gz: refused: the gzip data is cut short" in err
    assert [r[1:3] for r in file_log(store)] == [
        ("a_history.csv.gz", len(read_rows(sample[0])[1])),
        ("b_day.csv", len(read_rows(sample[1])[1]))]
    plain = tmp_path / "plain"
    assert ingest(plain, sample[0]).returncode == 0
    assert [r[2:] for r in landed_orders(store) if r[0] == 1] == \
        [r[2:] for r in landed_orders(plain)]
    assert query(store, "select sha256 from ingest.file_log where load_sequence = 1") == \
        query(plain, "select sha256 from ingest.file_log")


@pytest.mark.parametrize(("column", "written", "reason"), [
    ("order_total", "1234567890123.50", "out of range"),
    ("order_total", "99999999999999999999", "out of range"),
    ("order_total", "1.234.567.890.123,00", "out of range"),
    ("order_total", "$ 9.999.999.999.999", "out of range"),
    ("order_total", "doce", "not a number"),
    ("order_total", "1e5", "not a number"),
    ("item_total", "12345678901234", "out of range"),
    ("finished_at", "2026-13-40 10:00", "month out of range"),
    ("finished_at", "30/02/2026", "day out of range"),
    ("finished_at", "27/06/2026 25:10", "time out of range"),
    ("finished_at", "2026-06-27T10:00:00+25:00", "offset out of range"),
    ("finished_at", "2026-06-27T10:00:00-03:75", "offset out of range"),
    ("finished_at", "ayer", "not a date or timestamp"),
])
def test_every_quarantine_reason_names_the_real_problem(
        tmp_path: Path, sample: list[Path], column: str, written: str, reason: str) -> None:
    """An amount with more integer digits than DECIMAL(18,6) holds was quarantined as "not
    a number"; it is a number, out of range."""
    header, rows = read_rows(sample[1])
    rows = [list(r) for r in rows[:3]]
    if column == "item_total":
        rows[1][header.index(HEADER["order_total"])] = ""
    rows[1][header.index(HEADER[column])] = written
    path = write_rows(tmp_path / "f.csv", header, rows)
    make_old(path)
    store = tmp_path / "store"
    assert ingest(store, path).returncode == 3
    assert query(store, "select record_number, column_name, reason, value "
                        "from ingest.quarantine") == [(2, column, reason, written)]


def test_an_optional_amount_out_of_range_is_emptied_and_counted(tmp_path: Path,
                                                                sample: list[Path]) -> None:
    header, rows = read_rows(sample[1])
    rows = [list(r) for r in rows[:3]]
    rows[0][header.index(HEADER["shipping_amount"])] = "123456789012345"
    path = write_rows(tmp_path / "f.csv", header, rows)
    make_old(path)
    store = tmp_path / "store"
    result = ingest(store, path)
    assert result.returncode == 0, said(result)
    assert "1 values emptied" in result.stdout
    con = duckdb.connect()
    details = landed_sql(store, "order_line_details")
    assert con.execute(f"select shipping_amount, unparsed_columns from {details} "
                       f"where record_number = 1 and load_sequence = 1").fetchall() == [
        (None, "shipping_amount")]


def test_the_manifest_is_the_file_log_row(tmp_path: Path, sample: list[Path]) -> None:
    store = tmp_path / "store"
    assert ingest(store, sample[0]).returncode == 0
    (manifest,) = (store / "landing" / "order_lines").glob("*.json")
    payload = json.loads(manifest.read_text(encoding="utf-8"))
    (row,) = query(store, "select load_sequence, file_name, sha256, rows_loaded, landed_file "
                          "from ingest.file_log")
    assert (payload["load_sequence"], payload["file_name"], payload["sha256"],
            payload["rows_loaded"], payload["landed_file"]) == row
    assert payload["sha256"] == hashlib.sha256(sample[0].read_bytes()).hexdigest()
