"""The benchmark behind ``make bench``: every pipeline step, per sample shape, against the bare
scan of the same file.

For each size (``--lines``, default 1,000,000; ``BENCH_LINES=1000000,10000000`` for both) and
each shape (``--shapes``, default ``default,independent``: this sample's own shape and issue
18's independent export, see ``fenicio-icommkt sample --help``): generate a sample (a history
file up to D-1 and one daily file for D), then, ``--runs`` times on a fresh data dir, measure
the bare DuckDB scan of the history file, ``ingest``, ``build --as-of D-1``, ``export
--dry-run``, the daily increment (``ingest`` of the day's file + ``build --as-of D`` +
``export --dry-run``) and a build with nothing new (``build --as-of D`` again). Each step runs
as its own process under ``/usr/bin/time -v``; a figure is the median of the runs, and every
ratio compares figures of the same shape, size and machine state. Then a real send to the
fake ICOMMKT server on 127.0.0.1 (full, then the next day) and the server's own ceiling.
Results, with a verdict per target of issue 18, go to ``docs/benchmarks.md`` (``--out``).
``bench_history`` adds the segment history's figures (``--keep-history`` or
``BENCH_KEEP_HISTORY=1`` skips them and keeps that section as it was; ``--history-only``
measures just those and replaces their section).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLI = str(BIN / "fenicio-icommkt")
API_KEY, PROFILE_KEY = "bench-key", "bench-profile"
DEFAULT_SHAPES = ("default", "independent")

# Issue 18's targets (ratios measured in one run on one machine).
#: ingest + build at most this many bare scans of the same file, on every shape.
FULL_RUN_SCANS = 12
#: The daily increment (ingest + build of one new day) at most this share of the full run:
#: from 10 M lines; below, dbt's fixed cost dominates and the limit is looser.
DAILY_SHARE_LARGE, DAILY_SHARE_SMALL, LARGE_LINES = 0.25, 0.35, 10_000_000
PEAK_MB = 6 * 1024
CONTACTS_PER_SECOND = 10_000

SCAN = "bare scan (DuckDB count(*), all_varchar)"
STEPS = (SCAN, "ingest", "build", "export --dry-run", "daily: ingest", "daily: build",
         "daily: export --dry-run", "nothing new: build")


def verdict(value: float, limit: float, higher_is_better: bool = False) -> str:
    """'met' or 'missed, N.NNx the limit': the benchmark says by how much a target is missed."""
    met = value >= limit if higher_is_better else value <= limit
    return "met" if met else f"**missed**, {value / limit:.2f}x the limit"


def daily_limit(lines: int) -> float:
    return DAILY_SHARE_LARGE if lines >= LARGE_LINES else DAILY_SHARE_SMALL


@dataclass
class Measure:
    wall: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    note: str = ""

    def add(self, wall: float, rss_mb: float, cpu: float | None = None) -> None:
        self.wall.append(wall)
        self.rss_mb.append(rss_mb)
        if cpu is not None:
            self.cpu.append(cpu)

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb)


@dataclass
class Target:
    """One of issue 18's targets for one shape and size, as measured."""

    name: str
    measured: str
    limit: str
    verdict: str
    remains: str = "none"


def slowest_nodes(found: dict, count: int | None = None) -> str:
    """'name 1.2 s, ...': the slowest nodes of a build step's run (``model_times``)."""
    return ", ".join(f"{n} {t:.1f} s" for n, t in found["top"][:count])


def _slowest(r: dict, step: str, count: int = 3) -> str:
    """The slowest nodes of a build step's last run, for saying where a miss lies."""
    found = (r.get("models") or {}).get(step)
    return "; slowest: " + slowest_nodes(found, count) if found else ""


def targets(r: dict) -> list[Target]:
    """Every target's verdict for one (size, shape) result, and for a missed one what
    remains: the seconds (or MB, or contacts/s) beyond the limit and where they are."""
    steps: dict[str, Measure] = r["steps"]
    scan = steps[SCAN].median_wall
    ingest, build = steps["ingest"].median_wall, steps["build"].median_wall
    full = ingest + build
    daily = steps["daily: ingest"].median_wall + steps["daily: build"].median_wall
    nothing = steps["nothing new: build"].median_wall
    share = daily_limit(r["lines"])
    peak_name, peak = max(((n, m.peak_mb) for n, m in steps.items()), key=lambda x: x[1])
    full_run = Target(
        "ingest + build", f"{full:.1f} s = {full / scan:.1f}x the bare scan ({scan:.1f} s)",
        f"{FULL_RUN_SCANS}x = {FULL_RUN_SCANS * scan:.0f} s", verdict(full / scan, FULL_RUN_SCANS))
    if full > FULL_RUN_SCANS * scan:
        full_run.remains = (f"{full - FULL_RUN_SCANS * scan:.0f} s over: ingest {ingest:.0f} s "
                            f"({ingest / scan:.1f}x), build {build:.0f} s ({build / scan:.1f}x)"
                            + _slowest(r, "build"))
    increment = Target("daily increment (ingest + build)",
                       f"{daily:.1f} s = {daily / full:.2f}x the full run", f"{share:.2f}x",
                       verdict(daily / full, share))
    if daily > share * full:
        increment.remains = (f"{daily - share * full:.0f} s over; a build with nothing new "
                             f"alone takes {nothing:.0f} s ({nothing / full:.2f}x)"
                             + _slowest(r, "nothing new: build"))
    memory = Target("peak memory, any step", f"{peak:,.0f} MB ({peak_name})", f"{PEAK_MB:,} MB",
                    verdict(peak, PEAK_MB))
    if peak > PEAK_MB:
        memory.remains = f"{peak - PEAK_MB:,.0f} MB over, in {peak_name}"
    out = [full_run, increment, memory]
    send = r.get("send")
    if send:
        wall, _, contacts = send["full"]
        rate = contacts / wall
        export = Target("export to the local server", f"{rate:,.0f} contacts/s",
                        f"at least {CONTACTS_PER_SECOND:,} contacts/s",
                        verdict(rate, CONTACTS_PER_SECOND, higher_is_better=True))
        if rate < CONTACTS_PER_SECOND:
            export.remains = (f"{CONTACTS_PER_SECOND - rate:,.0f} contacts/s short; the "
                              f"server's own ceiling: {send['ceiling']:,.0f} contacts/s")
        out.append(export)
    return out


def timed(command: list[str], env: dict[str, str] | None = None,
          ok: tuple[int, ...] = (0, 3)) -> tuple[float, float, str]:
    """Run a command under /usr/bin/time -v: (wall seconds, peak RSS in MB, stdout)."""
    wall, rss, _, out = timed_cpu(command, env, ok)
    return wall, rss, out


def timed_cpu(command: list[str], env: dict[str, str] | None = None,
              ok: tuple[int, ...] = (0, 3)) -> tuple[float, float, float, str]:
    """(wall seconds, peak RSS in MB, CPU seconds: user + system, stdout)."""
    full = ["/usr/bin/time", "-v", *command]
    start = time.perf_counter()
    proc = subprocess.run(full, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)",
                                            proc.stderr))
    return wall, (int(rss.group(1)) / 1024 if rss else float("nan")), cpu, proc.stdout


def bare_scan(path: Path) -> list[str]:
    code = (
        "import duckdb; print(duckdb.connect().execute(\"select count(*) from read_csv("
        f"'{path}', all_varchar = true)\").fetchone()[0])"
    )
    return [sys.executable, "-c", code]


def sample_statistics(folder: Path) -> dict:
    """What the generated files hold: orders, customers, the tail, currencies, styles."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"""create temp table t as select "Número do pedido" as o,
        lower(trim("E-mail do comprador")) as e, "Moeda" as c, "Data final" as ts
        from read_csv('{folder}/*.csv', all_varchar = true, header = true)""")
    lines, orders, customers = con.execute(
        "select count(*), count(distinct o), count(distinct e) from t").fetchone()
    once, p99, most, mean = con.execute("""select avg((n = 1)::int), quantile_disc(n, 0.99),
        max(n), avg(n) from (select count(distinct o) as n from t group by e)""").fetchone()
    currencies = dict(con.execute("""select coalesce(c, '(empty)'), count(*) / sum(count(*))
        over () from (select o, any_value(c) as c from t group by o) group by 1""").fetchall())
    example = con.execute("select ts from t where ts is not null limit 1").fetchone()
    return {"lines": lines, "orders": orders, "customers": customers, "once": once,
            "p99": p99, "max": most, "mean": mean, "currencies": currencies,
            "timestamp_example": example[0] if example else ""}


def model_times(targets: list[Path], since: float, top: int = 6) -> dict | None:
    """Where a dbt build's time went, from the run_results.json written after ``since`` in
    the first of ``targets`` that has one: the slowest nodes, dbt's own elapsed time (the
    rest of the step's wall time is start-up: imports, parsing the project) and the node
    time by kind (models, tests, seeds; nodes overlap on 2 threads)."""
    found = [t / "run_results.json" for t in targets
             if (t / "run_results.json").exists()
             and (t / "run_results.json").stat().st_mtime >= since]
    if not found:
        return None
    data = json.loads(found[0].read_text())
    nodes, kinds = [], {}
    for r in data["results"]:
        kind, _, name, *_ = r["unique_id"].split(".")  # test ids end in a hash
        seconds = float(r.get("execution_time") or 0)
        nodes.append((name if kind == "model" else f"{kind} {name}", seconds))
        kinds[kind] = kinds.get(kind, 0.0) + seconds
    return {"top": sorted(nodes, key=lambda n: -n[1])[:top],
            "elapsed": float(data.get("elapsed_time") or 0), "kinds": kinds}


_LOG_LINE = re.compile(r"(\d\d):(\d\d):(\d\d\.\d+) \[\w+ *\] \[MainThread\]: (.*)")


def dbt_phases(log_file: Path, started: float, wall: float) -> dict | None:
    """A dbt build's wall time in phases, from the last invocation in its dbt.log:
    start-up (Python and dbt's imports, before dbt's first log line), set-up (profile,
    adapter), parse (full or partial, up to "Found N models"), run (the nodes and hooks, up
    to "Finished running"), and the rest (writing the artefacts, exiting)."""
    if not log_file.exists():
        return None
    text = log_file.read_text(encoding="utf-8", errors="replace")
    last = text.rsplit("\n=====", 1)[-1]
    origin = dt.datetime.fromtimestamp(started)
    midnight = origin.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    marks: dict[str, float] = {}
    parse_kind = "?"
    for line in last.splitlines():
        found = _LOG_LINE.search(line)
        if not found:
            continue
        h, m, sec, message = found.groups()
        at = midnight + int(h) * 3600 + int(m) * 60 + float(sec)
        if at < started - 60:  # the log crossed midnight
            at += 86400
        marks.setdefault("first", at)
        if message.startswith("Registered adapter"):
            marks["adapter"] = at
        elif message.startswith("Unable to do partial parsing"):
            parse_kind = "full"
        elif message.startswith("Nothing changed, skipping partial parsing"):
            parse_kind = "none (the saved manifest)"
        elif message.startswith("Partial parsing enabled"):
            parse_kind = "partial"
        elif message.startswith("Found ") and "models" in message:
            marks["parsed"] = at
        elif message.startswith("Concurrency:"):
            marks["running"] = at
        elif message.startswith("Finished running"):
            marks["finished"] = at
    if not {"first", "adapter", "parsed", "running", "finished"} <= marks.keys():
        return None
    if parse_kind == "?" and "[debug" not in last:  # a build's dbt.log is at info level
        parse_kind = "saved (partial or none: dbt.log at info does not say which)"
    return {"start-up": marks["first"] - started,
            "set-up": marks["adapter"] - marks["first"],
            "parse": marks["parsed"] - marks["adapter"],
            "graph": marks["running"] - marks["parsed"],
            "run": marks["finished"] - marks["running"],
            "rest": started + wall - marks["finished"],
            "parse_kind": parse_kind}


def bench_shape(lines: int, shape: str, runs: int, work: Path, env: dict[str, str]) -> dict:
    as_of = dt.date(2026, 6, 30)
    day_before = as_of - dt.timedelta(days=1)
    exports = work / f"sample-{lines}-{shape}"
    gen_wall, gen_rss, _ = timed([CLI, "sample", "--out", str(exports), "--lines", str(lines),
                                  "--seed", "1", "--as-of", as_of.isoformat(), "--days", "1",
                                  "--shape", shape], env=env)
    files = sorted(exports.glob("*.csv"))
    history, daily = files[0], files[-1]
    rates = exports / "config" / "currency_rates.csv"
    stats = sample_statistics(exports)
    steps = {name: Measure() for name in STEPS}
    models: dict[str, dict | None] = {}
    for run in range(runs):
        store = work / f"store-{lines}-{shape}-{run}"
        shutil.rmtree(store, ignore_errors=True)
        if rates.exists():  # the dollars' rate, as a store would configure it
            (store / "config").mkdir(parents=True)
            shutil.copy(rates, store / "config" / "currency_rates.csv")
        common = ["--data-dir", str(store)]
        plan = [
            (SCAN, bare_scan(history)),
            ("ingest", [CLI, "ingest", *common, str(history)]),
            ("build", [CLI, "build", *common, "--as-of", day_before.isoformat()]),
            ("export --dry-run",
             [CLI, "export", *common, "--dry-run", "--out", str(store / "full.jsonl")]),
            ("daily: ingest", [CLI, "ingest", *common, str(daily)]),
            ("daily: build", [CLI, "build", *common, "--as-of", as_of.isoformat()]),
            ("daily: export --dry-run",
             [CLI, "export", *common, "--dry-run", "--out", str(store / "daily.jsonl")]),
            ("nothing new: build", [CLI, "build", *common, "--as-of", as_of.isoformat()]),
        ]
        for name, command in plan:
            # One dbt target folder per store, as a store's builds have: partial parsing
            # carries over from one build to the next when the vars are the same.
            started = time.time()
            wall, rss, cpu, _ = timed_cpu(command, env={
                **env, "DBT_TARGET_PATH": str(store / "target"),
                "DBT_LOG_PATH": str(store / "dbt-logs")})
            steps[name].add(wall, rss, cpu)
            if "build" in name:
                models[name] = model_times([store / "target"], started)
                if models[name] is not None:
                    models[name]["phases"] = dbt_phases(store / "dbt-logs" / "dbt.log",
                                                        started, wall)
            print(f"  {lines:>10,} {shape} run {run + 1}: {name}: {wall:.1f} s "
                  f"(CPU {cpu:.1f} s), {rss:,.0f} MB", flush=True)
        if run < runs - 1:
            shutil.rmtree(store, ignore_errors=True)
    send = real_send(work / f"store-{lines}-{shape}-{runs - 1}", as_of, env)
    shutil.rmtree(work / f"store-{lines}-{shape}-{runs - 1}", ignore_errors=True)
    result = {"lines": lines, "shape": shape, "bytes": history.stat().st_size,
              "daily_lines": sum(1 for _ in daily.open("rb")) - 1, "stats": stats,
              "generate": (gen_wall, gen_rss), "steps": steps, "models": models, "send": send}
    shutil.rmtree(exports, ignore_errors=True)
    return result


def real_send(store: Path, as_of: dt.date, env: dict[str, str]) -> dict:
    """Export for real to the fake server: the first full send, then after one more day."""
    from fenicio_icommkt.icommkt.fake_server import FakeIcommkt

    out: dict = {}
    with FakeIcommkt(API_KEY, PROFILE_KEY, store=False) as server:
        send_env = {**env, "ICOMMKT_API_KEY": API_KEY, "ICOMMKT_PROFILE_KEY": PROFILE_KEY,
                    "ICOMMKT_API_URL": server.url}
        common = ["--data-dir", str(store)]
        # The store ends at as-of D (daily included); send it all, then measure a day later.
        wall, rss, _ = timed([CLI, "export", *common], env=send_env)
        out["full"] = (wall, rss, server.state.contacts_received)
        received = server.state.contacts_received
        timed([CLI, "build", *common, "--as-of", (as_of + dt.timedelta(days=1)).isoformat()],
              env=env)
        wall, rss, _ = timed([CLI, "export", *common], env=send_env)
        out["next_day"] = (wall, rss, server.state.contacts_received - received)
        out["ceiling"] = server_ceiling(server.url)
    return out


def server_ceiling(url: str, batches: int = 400, batch_size: int = 500,
                   concurrency: int = 4) -> float:
    """Contacts per second the fake server takes from pre-built bodies (no formatting)."""
    import base64

    import requests

    contact = {"Email": "x@example.com", "CustomFields": [
        {"Key": f"ICOMMKT_Field_{i}", "Value": "valor de ejemplo"} for i in range(75)]}
    body = json.dumps({"ProfileKey": PROFILE_KEY, "ContactList": [contact] * batch_size})
    headers = {"Content-Type": "application/json",
               "Authorization": "Basic " + base64.b64encode(f"{API_KEY}:".encode()).decode()}
    target = url.rstrip("/") + "/Contacts/SaveMultiContact.Json/"
    remaining = list(range(batches))
    lock = threading.Lock()

    def worker() -> None:
        session = requests.Session()
        while True:
            with lock:
                if not remaining:
                    return
                remaining.pop()
            session.post(target, data=body, headers=headers, timeout=30).raise_for_status()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return batches * batch_size / (time.perf_counter() - start)


HISTORY_SECTION = "## Segment history"
#: dbt nodes of the segment history in a daily build (their share of the build's time).
HISTORY_NODES = re.compile(r"(int_customer_segments_scored|customer_segment_streaks|"
                           r"segment_history_recorded_dates|customer_segment_movement|"
                           r"assert_segment_streaks|assert_recorded_as_of|assert_profiles_track|"
                           r"segment_history_recorded_dates_recorded_date|customer_segment_)")


def bench_history(lines: int, runs: int, work: Path, env: dict[str, str]) -> dict:
    """Issue 16: ``history start`` for 104 weekly dates against one full build of the same
    store (median of ``runs`` fresh stores each), the history's share of the next daily
    build, and a year of daily dates (``--every 1``, 365 dates): rows per customer."""
    as_of = dt.date(2026, 6, 30)
    last = as_of - dt.timedelta(days=1)
    exports = work / f"history-sample-{lines}"
    timed([CLI, "sample", "--out", str(exports), "--lines", str(lines), "--seed", "1",
           "--as-of", as_of.isoformat(), "--days", "1"], env=env)
    history, daily = sorted(exports.glob("*.csv"))[0], sorted(exports.glob("*.csv"))[-1]
    weekly_from = (last - dt.timedelta(days=7 * 103)).isoformat()
    full, start, year, daily_build = Measure(), Measure(), Measure(), Measure()
    shares: list[float] = []
    for run in range(runs):
        stores = {name: work / f"history-{lines}-{run}-{name}" for name in ("build", "start")}
        for store in stores.values():
            shutil.rmtree(store, ignore_errors=True)
            timed([CLI, "ingest", "--data-dir", str(store), str(history)], env=env)
        full.add(*timed([CLI, "build", "--data-dir", str(stores["build"]), "--as-of",
                         last.isoformat()], env=env)[:2])
        start.add(*timed([CLI, "history", "start", "--data-dir", str(stores["start"]),
                          "--from", weekly_from, "--to", last.isoformat(), "--every", "7"],
                         env=env)[:2])
        timed([CLI, "ingest", "--data-dir", str(stores["start"]), str(daily)], env=env)
        target = stores["start"] / "dbt-target"
        daily_build.add(*timed([CLI, "build", "--data-dir", str(stores["start"]), "--as-of",
                                as_of.isoformat()],
                               env={**env, "DBT_TARGET_PATH": str(target)})[:2])
        results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
        shares.append(sum(r["execution_time"] for r in results["results"]
                          if HISTORY_NODES.search(r["unique_id"])))
        print(f"  history {lines:>10,} run {run + 1}: full build {full.wall[-1]:.1f} s, "
              f"history start (104 dates) {start.wall[-1]:.1f} s", flush=True)
        for store in stores.values():
            shutil.rmtree(store, ignore_errors=True)
    store = work / f"history-{lines}-year"
    shutil.rmtree(store, ignore_errors=True)
    timed([CLI, "ingest", "--data-dir", str(store), str(history)], env=env)
    year.add(*timed([CLI, "history", "start", "--data-dir", str(store), "--from",
                     (last - dt.timedelta(days=364)).isoformat(), "--to", last.isoformat(),
                     "--every", "1"], env=env)[:2])
    import duckdb

    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        rows, customers, dates = con.execute(
            "select count(*), count(distinct email), (select count(*) from "
            "marts.segment_history_recorded_dates) from marts.customer_segment_streaks"
        ).fetchone()
    shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(exports, ignore_errors=True)
    return {"lines": lines, "loadavg": env.get("BENCH_LOADAVG", "?"),
            "full": full, "start": start, "daily": daily_build,
            "history_share": statistics.median(shares), "year": year,
            "year_rows": rows, "year_customers": customers, "year_dates": dates}


def history_report(h: dict) -> list[str]:
    ratio = h["start"].median_wall / h["full"].median_wall
    per_customer = h["year_rows"] / max(h["year_customers"], 1)
    runs = len(h["full"].wall)
    return [
        f"{HISTORY_SECTION} ({h['lines']:,} lines)",
        "",
        f"Fresh stores with the history file ingested; medians of {runs} runs; load average "
        f"when the run started {h.get('loadavg', '?')}. The machine is shared: compare the "
        "ratio, not the seconds.",
        "",
        "| step | wall (median) | runs | peak memory |",
        "|---|---:|---|---:|",
        f"| build (one full build, as of D-1) | {h['full'].median_wall:.1f} s | "
        f"{', '.join(f'{w:.1f}' for w in h['full'].wall)} | {h['full'].peak_mb:,.0f} MB |",
        f"| history start, 104 weekly dates up to D-1 | {h['start'].median_wall:.1f} s | "
        f"{', '.join(f'{w:.1f}' for w in h['start'].wall)} | {h['start'].peak_mb:,.0f} MB |",
        f"| daily: build as of D (after ingesting D's file) | {h['daily'].median_wall:.1f} s | "
        f"{', '.join(f'{w:.1f}' for w in h['daily'].wall)} | {h['daily'].peak_mb:,.0f} MB |",
        f"| history start, 365 daily dates (`--every 1`) | {h['year'].median_wall:.1f} s | "
        f"{h['year'].wall[0]:.1f} | {h['year'].peak_mb:,.0f} MB |",
        "",
        f"- history start for 104 weekly dates: **{h['start'].median_wall:.1f} s** = "
        f"{ratio:.2f}x one full build (target: at most 2x): {verdict(ratio, 2.0)}.",
        f"- the history's nodes in the daily build (tracked values, the two history tables, "
        f"the movement view and their tests, from dbt's run_results): "
        f"**{h['history_share']:.1f} s** of {h['daily'].median_wall:.1f} s.",
        f"- a year of daily dates: {h['year_dates']} recorded dates keep "
        f"**{h['year_rows']:,} streak rows** for {h['year_customers']:,} customers = "
        f"**{per_customer:.2f} rows per customer** (target: fewer than 10): "
        f"{verdict(per_customer, 10.0)}; recorded in {h['year'].median_wall:.1f} s.",
        "",
    ]


#: A section of docs/benchmarks.md that another script writes (scripts/bench_report.py): a
#: full `make bench` keeps it as it was.
REPORT_SECTION = "## Results report"


def replace_section(text: str, header: str, section: list[str]) -> str:
    """``text`` with the section whose heading starts with ``header`` replaced by
    ``section`` (or ``section`` added at the end)."""
    start = text.find(header)
    if start < 0:
        return text.rstrip("\n") + "\n\n" + "\n".join(section)
    end = text.find("\n## ", start + 1)
    rest = text[end + 1:] if end >= 0 else ""
    return text[:start] + "\n".join(section) + ("\n" + rest if rest else "")


def section_of(text: str, header: str) -> str:
    """The section of ``text`` whose heading starts with ``header`` ('' if none)."""
    start = text.find(header)
    if start < 0:
        return ""
    end = text.find("\n## ", start + 1)
    return text[start:end + 1 if end >= 0 else len(text)].rstrip("\n") + "\n"


def versions() -> dict[str, str]:
    import duckdb

    dbt = subprocess.run([str(BIN / "dbt"), "--version"], capture_output=True, text=True,
                         check=False).stdout
    core = re.search(r"installed: (\S+)", dbt)
    adapter = re.search(r"duckdb: (\S+)", dbt)
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*: (.+)", cpuinfo.read_text())
        cpu = found.group(1) if found else ""
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s+(\d+)", meminfo.read_text())
        mem = f"{int(found.group(1)) / 1024 / 1024:.0f} GiB" if found else ""
    return {"python": platform.python_version(), "duckdb": duckdb.__version__,
            "dbt-core": core.group(1) if core else "?",
            "dbt-duckdb": adapter.group(1) if adapter else "?",
            "cpu": f"{os.cpu_count()} cores, {cpu}", "memory": mem,
            "os": platform.platform()}


def describe_sample(r: dict) -> str:
    s = r.get("stats")
    if not s:
        return ""
    money = ", ".join(f"{k} {v:.1%}" for k, v in sorted(s["currencies"].items()))
    return (f"{s['lines']:,} lines, {s['orders']:,} orders, {s['customers']:,} customers "
            f"({s['mean']:.2f} orders each; {s['once']:.0%} buy once, p99 {s['p99']}, the "
            f"largest {s['max']}); orders by currency: {money}; timestamps like "
            f"`{s['timestamp_example']}`")


def report(results: list[dict], runs: int, env: dict[str, str], notes: str = "") -> str:
    v = versions()
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.date.today().isoformat()} by `make bench` "
        f"(`scripts/bench.py`); each figure is the median of {runs} runs, each step in its "
        "own process under `/usr/bin/time -v` (peak = maximum resident set size over the "
        "runs). Every ratio compares steps of one shape and size measured in the same run, "
        "beside the bare scan of the same file.",
        "",
        f"- Machine: {v['cpu']}; {v['memory']}; {v['os']}",
        f"- Versions: Python {v['python']}, DuckDB {v['duckdb']}, dbt-core {v['dbt-core']}, "
        f"dbt-duckdb {v['dbt-duckdb']}",
        f"- Load average when the run started (1, 5, 15 min): {env.get('BENCH_LOADAVG', '?')}"
        " (other work on the machine slows every figure alike; compare ratios)",
        f"- Settings: `FENICIO_MEMORY_LIMIT={env.get('FENICIO_MEMORY_LIMIT', '5GB')}`, "
        f"`FENICIO_THREADS={env.get('FENICIO_THREADS', 'all cores')}`",
        "- Shapes (`fenicio-icommkt sample --shape`): `default` is this sample's own; "
        "`independent` is issue 18's export (ISO timestamps, nearly every optional column "
        "filled, 3 % of orders in USD and 2 % without a currency, 59 % of customers buying "
        "once, p99 21 orders, the largest about 600, order numbers of varying length)",
        "- Reproduce: `make bench` (1 M lines, both shapes) or "
        "`BENCH_LINES=1000000,10000000 make bench`; `BENCH_SHAPES`, `BENCH_RUNS` choose "
        "the rest",
        "",
    ]
    if notes:
        lines += [notes, ""]
    lines += [
        "## Every target (issue 18)",
        "",
        "| size | shape | target | measured | limit | verdict | what remains |",
        "|---:|---|---|---|---|---|---|",
    ]
    for r in results:
        for t in targets(r):
            lines.append(f"| {r['lines']:,} | {r['shape']} | {t.name} | {t.measured} | "
                         f"{t.limit} | {t.verdict} | {t.remains} |")
    lines.append("")
    for r in results:
        steps: dict[str, Measure] = r["steps"]
        scan = steps[SCAN].median_wall
        full = steps["ingest"].median_wall + steps["build"].median_wall
        lines += [
            f"## {r['lines']:,} lines, shape `{r['shape']}` ({r['bytes'] / 1e9:.2f} GB of CSV; "
            f"daily file {r['daily_lines']:,} lines)",
            "",
        ]
        described = describe_sample(r)
        if described:
            lines += [f"The sample: {described}.", ""]
        lines += [
            f"Generating it: {r['generate'][0]:.0f} s, peak {r['generate'][1]:,.0f} MB.",
            "",
            "| step | wall (median) | runs | x bare scan | CPU (median) | x bare scan's CPU "
            "| peak memory |",
            "|---|---:|---|---:|---:|---:|---:|",
        ]
        scan_cpu = steps[SCAN].median_cpu
        for name, m in steps.items():
            runs_text = ", ".join(f"{w:.1f}" for w in m.wall)
            cpu = m.median_cpu
            cpu_text = (f"{cpu:.1f} s | {cpu / scan_cpu:.1f}x" if cpu is not None and scan_cpu
                        else "? | ?")
            lines.append(f"| {name} | {m.median_wall:.1f} s | {runs_text} | "
                         f"{m.median_wall / scan:.1f}x | {cpu_text} | {m.peak_mb:,.0f} MB |")
        nothing = steps["nothing new: build"].median_wall
        daily_build = steps["daily: build"].median_wall
        cpu_full = [steps[n].median_cpu for n in ("ingest", "build")]
        in_cpu = (f"; in CPU time {sum(cpu_full) / scan_cpu:.1f}x the bare scan's (CPU time "
                  "is the steadier figure on a shared machine)"
                  if None not in cpu_full and scan_cpu else "")
        lines += [
            "",
            f"- ingest + build: {full:.1f} s = **{full / scan:.1f}x** the bare scan "
            f"(ingest {steps['ingest'].median_wall / scan:.1f}x, build "
            f"{steps['build'].median_wall / scan:.1f}x){in_cpu}.",
            f"- a build with nothing new: {nothing:.1f} s = {nothing / full:.2f}x the full run "
            f"and {nothing / daily_build:.0%} of the daily build: what every build pays "
            "whatever the day brings.",
        ]
        send = r.get("send")
        if send:
            full_wall, full_rss, full_n = send["full"]
            day_wall, _, day_n = send["next_day"]
            lines.append(
                f"- real export to the fake ICOMMKT on 127.0.0.1 (batches of 500, 4 in "
                f"flight): first send {full_n:,} contacts in {full_wall:.1f} s = "
                f"{full_n / full_wall:,.0f} contacts/s (peak {full_rss:,.0f} MB); the next "
                f"day (days-since changes for every buyer) {day_n:,} contacts in "
                f"{day_wall:.1f} s = {day_n / max(day_wall, 1e-9):,.0f} contacts/s; the "
                f"server's own ceiling (pre-built bodies, 4 clients): "
                f"{send['ceiling']:,.0f} contacts/s.")
        models = r.get("models") or {}
        for name in ("build", "daily: build", "nothing new: build"):
            found = models.get(name)
            if found:
                slowest = slowest_nodes(found)
                kinds = ", ".join(f"{k}s {t:.1f} s" for k, t in sorted(found["kinds"].items()))
                phases = found.get("phases")
                split = ("; " + ", ".join(
                    f"{k} {phases[k]:.1f} s" for k in ("start-up", "set-up", "parse", "graph",
                                                       "run", "rest"))
                         + f" (parse: {phases['parse_kind']})") if phases else ""
                lines.append(
                    f"- {name} (last run): dbt ran {found['elapsed']:.1f} s of the step's "
                    f"{steps[name].wall[-1]:.1f} s{split}; node time by kind: {kinds}; "
                    f"slowest: {slowest}.")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default=os.environ.get("BENCH_LINES", "1000000"),
                        help="comma-separated sizes (default 1000000)")
    parser.add_argument("--shapes", default=os.environ.get("BENCH_SHAPES",
                                                           ",".join(DEFAULT_SHAPES)),
                        help="comma-separated sample shapes (default default,independent)")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    parser.add_argument("--work", type=Path, default=None,
                        help="scratch folder (default: a temporary folder, deleted after)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--notes", default=os.environ.get("BENCH_NOTES", ""),
                        help="a paragraph to print under the header (the machine's state)")
    parser.add_argument("--keep-history", action="store_true",
                        default=bool(os.environ.get("BENCH_KEEP_HISTORY")),
                        help="do not measure the segment history; keep its section in --out")
    parser.add_argument("--history-only", action="store_true",
                        help="measure only the segment history; replace its section in --out")
    args = parser.parse_args(argv)
    env = {**os.environ, "DO_NOT_TRACK": "1",
           "BENCH_LOADAVG": ", ".join(f"{x:.1f}" for x in os.getloadavg())}
    sizes = [int(s) for s in str(args.lines).split(",") if s.strip()]
    shapes = [s.strip() for s in str(args.shapes).split(",") if s.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="fenicio-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        old_text = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        history = None if args.keep_history and not args.history_only else bench_history(
            1_000_000, args.runs, work, env)
        if args.history_only:
            old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
            args.out.write_text(replace_section(old, HISTORY_SECTION, history_report(history)),
                                encoding="utf-8")
            print("\n".join(history_report(history)))
            return 0
        results = []
        for lines in sizes:
            for shape in shapes:
                print(f"benchmark: {lines:,} lines, shape {shape}", flush=True)
                results.append(bench_shape(lines, shape, args.runs, work, env))
        history_lines = (history_report(history) if history is not None
                         else section_of(old_text, HISTORY_SECTION).splitlines())
        text = report(results, args.runs, env, args.notes) + "\n" + "\n".join(history_lines)
        kept = section_of(old_text, REPORT_SECTION)
        if kept:
            text = text.rstrip("\n") + "\n\n" + kept
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(text)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
