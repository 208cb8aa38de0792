"""``history start`` gives exactly what the single builds for its dates give, refuses a
range that would go back (the model too), and a year of daily dates keeps fewer than ten
rows per customer. (Apart from test_segment_history.py so that two test workers run the
two long sequences side by side.)"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_segment_history import (  # helpers and the module's sample, not its tests
    AS_OF,
    REPO,
    build,
    ingest,
    profiles,
    query,
    sample_files,
    streak_rows,
)

from fenicio_icommkt import cli

pytestmark = pytest.mark.long

__all__ = ["sample_files"]


def history_start(store: Path, *args: str) -> int:
    return cli.main(["history", "start", "--data-dir", str(store), *args])


def test_history_start_equals_single_builds(
        sample_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One history start (then a second starting on its latest date, which replaces it)
    gives exactly the history, and then the profiles, that a build per date gives."""
    started, single = tmp_path / "started", tmp_path / "single"
    for store in (started, single):
        ingest(store, *sample_files.values())
    day = dt.date.fromisoformat
    assert history_start(started, "--from", "2026-05-01", "--to", "2026-06-12",
                         "--every", "28") == 0
    assert history_start(started, "--from", "2026-05-29", "--to", "2026-06-14",
                         "--every", "8") == 0
    for as_of in ("2026-05-01", "2026-05-29", "2026-06-06", "2026-06-14"):
        build(single, day(as_of), capsys)
    assert query(started, "select list(recorded_date order by recorded_date) from "
                          "marts.segment_history_recorded_dates") == [(
        [day("2026-05-01"), day("2026-05-29"), day("2026-06-06"), day("2026-06-14")],)]
    assert streak_rows(started) == streak_rows(single)
    changed = query(started, "select count(*) from (select email from "
                             "marts.customer_segment_streaks group by email having count(*) > 1)"
                    )[0][0]
    assert changed > 0, "no customer changed between the dates: the comparison is vacuous"

    for store in (started, single):
        build(store, AS_OF, capsys)
    assert streak_rows(started) == streak_rows(single)
    assert profiles(started) == profiles(single)

    # a range that would go back, or reach the future, is refused and changes nothing
    before = streak_rows(started)
    assert history_start(started, "--from", "2026-06-01", "--to", "2026-06-20") == 2
    assert history_start(started, "--from", "2026-06-30",
                         "--to", (dt.date.today() + dt.timedelta(days=30)).isoformat()) == 2
    assert history_start(started, "--from", "2026-06-30", "--to", "2026-06-29") == 2
    # the model refuses it too (the command cannot check the history on every engine)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "build", "--select",
         "int_customer_segments_replayed", "customer_segment_streaks",
         "--vars", json.dumps({"history_dates": ["2026-06-01"]}), "--exclude", "test_type:unit",
         "--target-path", str(tmp_path / "dbt-target"), "--log-path", str(tmp_path / "logs")],
        cwd=REPO, env={**os.environ, "FENICIO_DATA_DIR": str(started)},
        capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "the history already has dates up to 2026-06-30" in result.stdout
    assert streak_rows(started) == before


def test_a_year_of_daily_dates_keeps_few_rows(sample_files: dict[str, Path],
                                               tmp_path: Path) -> None:
    store = tmp_path / "year"
    ingest(store, *sample_files.values())
    assert history_start(store, "--from", "2025-07-01", "--to", "2026-06-30",
                         "--every", "1") == 0
    (dates,), = query(store, "select count(*) from marts.segment_history_recorded_dates")
    (rows, customers), = query(store, "select count(*), count(distinct email) "
                                      "from marts.customer_segment_streaks")
    assert dates == 365
    assert customers > 300
    assert rows < customers * 10, f"{rows / customers:.1f} rows per customer"
