"""What the report costs (issue 17): the rpt_* models against a full build, and the drawing.

    .venv/bin/python scripts/bench_report.py [--lines 1000000] [--runs 2] [--dir DIR]

Makes a sample of --lines order lines, ingests it, starts a weekly segment history over
the year before the as-of date, then per run: a full build (`dbt build --full-refresh`
as `fenicio-icommkt build` runs it) without the rpt_* models, the same with them, the
rpt_* models alone, and `fenicio-icommkt report` (reading the figures and drawing the
HTML). Prints wall times, their medians, what the rpt_* models add to a full build, and
the report's size; then opens the report in Debian's headless chromium (selenium and the
system chromedriver, as tests/python/report/test_report.py does) and says how many charts
drew, how long that took and whether the console logged an error. Timings on a shared
2-core machine are noisy: read the medians, never one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AS_OF = "2026-06-30"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 3):
        sys.exit(f"{' '.join(command[:3])} failed ({result.returncode}):\n"
                 f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def render(page: Path) -> tuple[int, int, list[str], float]:
    """Open `page` in headless chromium: (charts declared, charts drawn, console errors,
    seconds until every chart drew)."""
    import shutil

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    os.environ["SE_OFFLINE"] = "true"  # selenium must never download anything
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,2000",
                     "--disable-background-networking", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        start = time.perf_counter()
        driver.get(page.as_uri())
        WebDriverWait(driver, 120).until(lambda d: d.execute_script(
            "const divs = document.querySelectorAll('.plotly-graph-div');"
            "return divs.length > 0 && [...divs].every(d => d.querySelector('svg.main-svg'));"))
        seconds = time.perf_counter() - start
        declared = driver.execute_script("return Number(document.body.dataset.charts)")
        drawn = driver.execute_script(
            "return [...document.querySelectorAll('.plotly-graph-div')]"
            ".filter(d => d.querySelector('svg.main-svg')).length")
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        return declared, drawn, errors, seconds
    finally:
        driver.quit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=REPO / "target" / "bench-report")
    args = parser.parse_args()
    base = args.dir.resolve()
    store, inbox = base / "store", base / "inbox"
    env = dict(os.environ, DO_NOT_TRACK="1", FENICIO_DATA_DIR=str(store))
    cli = str(BIN / "fenicio-icommkt")
    if not (store / "warehouse.duckdb").exists():
        subprocess.run(["rm", "-rf", str(base)], check=True)
        print(f"sample {args.lines} lines, ingest, history start ...", flush=True)
        timed([cli, "sample", "--out", str(inbox), "--lines", str(args.lines), "--seed", "3",
               "--as-of", AS_OF], env)
        timed([cli, "ingest", "--data-dir", str(store), str(inbox)], env)
        timed([cli, "history", "start", "--data-dir", str(store), "--from", "2025-07-07",
               "--to", "2026-06-29", "--every", "7"], env)
    sys.path.insert(0, str(REPO / "src"))
    from fenicio_icommkt.dbt_runner.process import dbt_command
    from fenicio_icommkt.settings import DataDir

    data = DataDir(store)
    reporting = ["--select", "path:models/marts/reporting"]
    env["FENICIO_AS_OF_DATE"] = AS_OF  # how build --as-of passes it (dbt_runner.process)
    without = dbt_command(data, ["--full-refresh", "--exclude", "path:models/marts/reporting"])
    with_all = dbt_command(data, ["--full-refresh"])
    only = dbt_command(data, reporting)
    report = [cli, "report", "--data-dir", str(store), "--out", str(base / "report.html")]
    rest, full, shares, rpt, draw = [], [], [], [], []
    for run in range(1, args.runs + 1):
        rest.append(timed(without, env))
        full.append(timed(with_all, env))
        results = json.loads((store / "target" / "run_results.json").read_text())["results"]
        mine = sum(r["execution_time"] for r in results if ".rpt_" in r["unique_id"]
                   or "reporting" in r["unique_id"])
        shares.append(100 * mine / sum(r["execution_time"] for r in results))
        rpt.append(timed(only, env))
        draw.append(timed(report, env))
        print(f"run {run}: build without rpt_* {rest[-1]:.1f} s, with {full[-1]:.1f} s "
              f"({shares[-1]:.1f} % of dbt's node time in rpt_* models and tests), rpt_* "
              f"alone {rpt[-1]:.1f} s, report {draw[-1]:.1f} s", flush=True)
    size = (base / "report.html").stat().st_size
    declared, drawn, errors, seconds = render(base / "report.html")
    print(f"chromium (headless): {drawn} of {declared} charts drew in {seconds:.1f} s; "
          f"console errors: {errors or 'none'}", flush=True)
    rest_m, full_m, rpt_m, draw_m = (statistics.median(v) for v in (rest, full, rpt, draw))
    print(f"\n| {args.lines:,} lines | median of {args.runs} |\n|---|---|\n"
          f"| full build without the rpt_* models (`--full-refresh --exclude "
          f"path:models/marts/reporting`) | {rest_m:.1f} s |\n"
          f"| full build with them | {full_m:.1f} s (+{100 * (full_m - rest_m) / rest_m:.0f} %) |\n"
          f"| rpt_* models and tests in that build (share of dbt's node time) "
          f"| {statistics.median(shares):.1f} % |\n"
          f"| rpt_* models and tests alone (a dbt run of their own, parse included) "
          f"| {rpt_m:.1f} s |\n"
          f"| `report` (read the figures, draw the HTML) | {draw_m:.1f} s |\n"
          f"| report size | {size / 1_000_000:.2f} MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
