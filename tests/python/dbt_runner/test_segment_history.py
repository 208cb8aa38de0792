"""The segment history end to end, against an independent implementation of the spec.

A sample store goes through a sequence of builds: forward dates with gaps, a daily file
that arrives late (its customers appear late), backfills in between, a rebuild of the
latest date after a correction (a cancelled order, an order moved to another email),
``--full-refresh``. After every build the four movement fields of every profile, the
history kept in the warehouse (expanded to one value per customer and recorded date) and
the daily summary's counts equal ``segment_history_oracle``; the contacts ICOMMKT holds
after each export carry the same four fields. ``history start`` gives exactly what the
single builds for its dates give, refuses a range that would go back, and a year of
daily dates keeps fewer than ten rows per customer.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from segment_history_oracle import History, changed_today

from fenicio_icommkt import cli
from fenicio_icommkt.icommkt.fake_server import FakeIcommkt

pytestmark = pytest.mark.long

REPO = Path(__file__).resolve().parents[3]
AS_OF = dt.date(2026, 6, 30)
ORDER, EMAIL, STATUS = "Número do pedido", "E-mail do comprador", "Estado"
MOVED_TO = "history.moved@example.com"
LATE = "history.late@example.com"
API_KEY, PROFILE_KEY = "history-test-key", "history-test-profile"
KEYS = {"rfm_segment_previous": "ICOMMKT_RFM_Segment_Previous",
        "rfm_segment_since": "ICOMMKT_RFM_Segment_Since",
        "rfm_group_previous": "ICOMMKT_RFM_Grupo_Previous",
        "rfm_group_since": "ICOMMKT_RFM_Grupo_Since"}
SUMMARY = re.compile(r"history: as of (\S+), ([\d,]+) of ([\d,]+) customers changed segment "
                     r"and ([\d,]+) changed group")


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("history-sample")
    assert cli.main(["sample", "--out", str(folder), "--customers", "400", "--seed", "41",
                     "--as-of", AS_OF.isoformat(), "--days", "10"]) == 0
    files = sorted(folder.glob("*.csv"))
    return {("history" if i == 0 else path.stem[-10:]): path for i, path in enumerate(files)}


def ingest(store: Path, *files: Path) -> None:
    assert cli.main(["ingest", "--data-dir", str(store), *map(str, files)]) in (0, 3)


def build(store: Path, as_of: dt.date, capsys: pytest.CaptureFixture[str],
          *extra: str) -> tuple[int, int]:
    """Build; returns the summary line's (changed segment, changed group)."""
    capsys.readouterr()
    assert cli.main(["build", "--data-dir", str(store), "--as-of", as_of.isoformat(),
                     *extra]) == 0
    found = SUMMARY.search(capsys.readouterr().out)
    assert found and found.group(1) == as_of.isoformat(), "no movement summary"
    return int(found.group(2).replace(",", "")), int(found.group(4).replace(",", ""))


def query(store: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def profiles(store: Path) -> dict[str, tuple]:
    rows = query(store, "select email, rfm_group, rfm_segment_total, rfm_segment_previous, "
                        "rfm_segment_since, rfm_group_previous, rfm_group_since "
                        "from marts.customer_profiles")
    return {row[0]: row[1:] for row in rows}


def stored_history(store: Path) -> dict[dt.date, dict[str, tuple]]:
    """The warehouse's history as the oracle keeps it: date -> {email: value}."""
    dates = [d for (d,) in query(store, "select recorded_date from "
                                        "marts.segment_history_recorded_dates")]
    streaks = query(store, "select email, rfm_group, rfm_segment, first_recorded_date, "
                           "last_recorded_date from marts.customer_segment_streaks")
    recorded: dict[dt.date, dict[str, tuple]] = {d: {} for d in dates}
    for email, group, segment, first, last in streaks:
        for day in dates:
            if first <= day <= last:
                assert email not in recorded[day], f"{email} twice at {day}"
                recorded[day][email] = (group, segment)
    return recorded


def streak_rows(store: Path) -> list[tuple]:
    return sorted(query(store, "select * from marts.customer_segment_streaks"),
                  key=lambda r: (r[0], r[3]))


def check_build(store: Path, history: History, as_of: dt.date,
                summary: tuple[int, int]) -> dict[str, tuple]:
    """The profiles' four fields, the stored history and the summary equal the oracle's."""
    built = profiles(store)
    values = {email: (row[0], row[1]) for email, row in built.items()}
    expected = history.build(as_of, values)
    differing = [
        (email, got[2:], exp)
        for email, got in built.items()
        for exp in [expected[email]]
        if got[2:] != (exp.rfm_segment_previous, exp.rfm_segment_since,
                       exp.rfm_group_previous, exp.rfm_group_since)
    ]
    assert differing == [], f"{len(differing)} profiles differ, e.g. {differing[:3]}"
    assert stored_history(store) == history.recorded
    assert summary == changed_today(expected, as_of, history)
    return built


def correction_file(files: dict[str, Path], out: Path) -> tuple[str, str]:
    """A re-delivery of two history orders: the second counted order of a customer with
    exactly two cancelled (F falls back), and the only order of another customer moved to
    another email. Returns (the customer whose order was cancelled, the one left without)."""
    with files["history"].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    approved = [r for r in rows if r[STATUS] == "APROBADA" and "@" in r[EMAIL]]
    orders = {(r[EMAIL], r[ORDER]) for r in approved}
    counted = Counter(email for email, _ in orders)
    every = Counter(email for email, _ in {(r[EMAIL], r[ORDER]) for r in rows})
    cancelled_email = next(e for e, n in sorted(counted.items()) if n == 2 and every[e] == 2)
    cancelled = max(o for e, o in orders if e == cancelled_email)
    moved = next(r for r in rows if every[r[EMAIL]] == 1 and r[EMAIL] != cancelled_email
                 and r[EMAIL] == r[EMAIL].strip().lower() and "@" in r[EMAIL])
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            if row[ORDER] == cancelled:
                writer.writerow({**row, STATUS: "CANCELADA"})
            elif row[ORDER] == moved[ORDER]:
                writer.writerow({**row, EMAIL: MOVED_TO})
    return cancelled_email.strip().lower(), moved[EMAIL]


def late_order_file(files: dict[str, Path], out: Path) -> None:
    """An order of 06-25 by a new customer, exported only after the 06-28 build."""
    with files["history"].open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, row = list(reader.fieldnames or []), next(reader)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerow({**row, EMAIL: LATE, ORDER: "990001", STATUS: "Aprobada",
                         "Status do pagamento": "Aprobado",
                         "Data de início": "25/06/2026 10:00:00",
                         "Data final": "25/06/2026 10:05:00"})


def export_and_check(store: Path, history: History, fake: FakeIcommkt,
                     built: dict[str, tuple]) -> None:
    """A real export; the contacts ICOMMKT then holds carry the oracle's four fields."""
    assert cli.main(["export", "--data-dir", str(store), "--batch-size", "100"]) == 0
    latest = max(history.recorded)
    for email in built:
        saved = fake.state.saved[email]
        row = built[email]
        expected = {KEYS["rfm_segment_previous"]: row[2] or "",
                    KEYS["rfm_segment_since"]: row[3].strftime("%d/%m/%Y"),
                    KEYS["rfm_group_previous"]: row[4] or "",
                    KEYS["rfm_group_since"]: row[5].strftime("%d/%m/%Y")}
        assert {k: saved[k] for k in expected} == expected, (email, latest)


def test_builds_match_an_independent_implementation(
        sample_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    store, history = tmp_path / "store", History()
    day = dt.date.fromisoformat
    ingest(store, sample_files["history"])
    with FakeIcommkt(API_KEY, PROFILE_KEY) as fake:
        monkeypatch.setenv("ICOMMKT_API_KEY", API_KEY)
        monkeypatch.setenv("ICOMMKT_PROFILE_KEY", PROFILE_KEY)
        monkeypatch.setenv("ICOMMKT_API_URL", fake.url)

        check_build(store, history, day("2026-06-10"),
                    build(store, day("2026-06-10"), capsys))
        # three days without a build
        built = check_build(store, history, day("2026-06-13"),
                            build(store, day("2026-06-13"), capsys))
        export_and_check(store, history, fake, built)
        # a backfill: records nothing
        before = streak_rows(store)
        check_build(store, history, day("2026-06-05"), build(store, day("2026-06-05"), capsys))
        assert streak_rows(store) == before

        # 06-23's file comes only with the correction below
        ingest(store, sample_files["2026-06-21"], sample_files["2026-06-22"],
               sample_files["2026-06-24"])
        built = check_build(store, history, day("2026-06-24"),
                            build(store, day("2026-06-24"), capsys))
        export_and_check(store, history, fake, built)

        # a correction and 06-23's file, then a rebuild of the latest date: it replaces it
        fix = tmp_path / "ventas_2026-06-24_correccion.csv"
        cancelled, left = correction_file(sample_files, fix)
        ingest(store, fix, sample_files["2026-06-23"])
        first_record = dict(history.recorded[day("2026-06-24")])
        built = check_build(store, history, day("2026-06-24"),
                            build(store, day("2026-06-24"), capsys))
        rebuilt_record = history.recorded[day("2026-06-24")]
        assert left in first_record and left not in rebuilt_record
        assert MOVED_TO in rebuilt_record
        assert first_record[cancelled] != rebuilt_record[cancelled]
        export_and_check(store, history, fake, built)

        # --full-refresh recomputes the tables, never the recorded history
        before = streak_rows(store)
        check_build(store, history, day("2026-06-24"),
                    build(store, day("2026-06-24"), capsys, "--full-refresh"))
        assert streak_rows(store) == before

        # another backfill, between recorded dates
        check_build(store, history, day("2026-06-17"), build(store, day("2026-06-17"), capsys))

        ingest(store, *(sample_files[f"2026-06-{d}"] for d in range(25, 29)))
        check_build(store, history, day("2026-06-28"), build(store, day("2026-06-28"), capsys))
        # an order of 06-25 exported late: its customer appears at 06-30, not at 06-28
        late = tmp_path / "ventas_2026-06-29_atrasada.csv"
        late_order_file(sample_files, late)
        ingest(store, late, sample_files["2026-06-29"], sample_files["2026-06-30"])
        built = check_build(store, history, AS_OF, build(store, AS_OF, capsys))
        export_and_check(store, history, fake, built)

    assert LATE not in history.recorded[day("2026-06-28")]
    assert built[LATE][3] == AS_OF and built[LATE][5] == AS_OF
    # the case is not vacuous: customers changed segment and group, and kept them
    assert sum(row[2] is not None for row in built.values()) > 5, "few segment changes"
    assert sum(row[4] is not None for row in built.values()) > 5, "few group changes"
    assert sum(row[3] < AS_OF for row in built.values()) > 100
