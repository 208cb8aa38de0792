"""Where the time goes (issue 18): per step, per ingest query and per dbt model, on each
sample shape. Measurements, not guesses; ``docs/performance.md`` reads them.

For each shape (``--shapes``, default ``default,independent``) at ``--lines`` (default
2,000,000): generate the sample (history up to D-1, one daily file for D), then

1. **ingest**: the real command in its own process (wall time), then the same ingest in this
   process with every DuckDB statement timed and the landing queries profiled by DuckDB
   (``enable_profiling = 'json'``: each operator's time, summed over threads), plus the
   SHA-256/UTF-8 pass timed in its thread;
2. **the landing's parts**, each query alone on the same file: the bare scan, reading every
   field, copying each landed part's columns to Parquet untyped, and each parsing family
   (amounts, timestamps with their offsets) beyond reading its columns;
3. **build**: ``build --as-of D-1`` (full), then the daily file's ``ingest`` and ``build
   --as-of D``, then ``build --as-of D`` again with nothing new; per dbt node the execution
   time from ``run_results.json``, and dbt's own elapsed time against the step's wall time;
4. **the heaviest models' operators**: each of the full build's slowest models, its compiled
   SQL run alone (``create temp table ... as``) on the built warehouse with DuckDB's
   profiler, in a fresh process with dbt's settings (memory limit, threads, insertion
   order); and the daily build's ``customer_profiles`` (rebuilt whole every day) the same way.

Writes ``<out>/profile.json`` (everything) and ``<out>/profile.md`` (tables). Reading the
ingest's internals (``fenicio_icommkt.ingest``: ``files``, ``landing_sql``, ``parsing``)
ties parts 1 and 2 to today's code: a part that no longer fits says so in the report
instead of failing the run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import dbt_phases

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLI = str(BIN / "fenicio-icommkt")
AS_OF = dt.date(2026, 6, 30)
#: dbt-duckdb's settings in profiles.yml, for running a model's SQL alone.
#: Each query of parts 2 and the value costs runs this many times; the quickest counts.
REPEAT = int(os.environ.get("PROFILE_REPEAT", "3"))
MODEL_SETTINGS = {"memory_limit": os.environ.get("FENICIO_MEMORY_LIMIT", "5GB"),
                  "threads": os.environ.get("FENICIO_THREADS", "2"),
                  "preserve_insertion_order": "false"}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict[str, str], ok: tuple[int, ...] = (0, 3)) -> dict:
    """Run a step in its own process: wall and CPU seconds (user + system, the process and
    the children it waited for: on a shared machine CPU time is the steadier figure)."""
    cpu = children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}")
    return {"wall": wall, "cpu": children_cpu() - cpu}


# DuckDB's profiler output ------------------------------------------------------------------


def short(value: object, width: int = 110) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def operators(profile: dict) -> list[dict]:
    """Every operator of a profiled query, flattened: name, time (s, over all threads),
    rows out, and a short description."""
    out = []
    stack = list(profile.get("children") or profile.get("operator") or [])
    while stack:
        node = stack.pop()
        info = node.get("extra_info") or {}
        described = {k: v for k, v in info.items() if k != "Estimated Cardinality"}
        out.append({"name": node.get("name") or node.get("operator_name"),
                    "seconds": float(node.get("timing") or node.get("operator_timing") or 0),
                    "rows": node.get("intermediate_rows") or node.get("operator_cardinality"),
                    "info": short(described) if described else ""})
        stack.extend(node.get("children") or [])
    return sorted(out, key=lambda o: -o["seconds"])


def query_summary(profile: dict) -> dict:
    query = profile.get("query") or {}
    system = profile.get("system") or {}
    return {"latency": float(query.get("total_time") or profile.get("latency") or 0),
            "cpu": float(query.get("cpu_time") or profile.get("cpu_time") or 0),
            "spilled_bytes": system.get("total_bytes_spilled", 0),
            "peak_buffer_bytes": system.get("peak_buffer_memory", 0)}


# 1. The ingest, instrumented ---------------------------------------------------------------


def classify(sql: str) -> str:
    text = " ".join(sql.split()).lower()
    if text.startswith("copy ("):
        for part in ("order_line_details", "order_lines"):
            if f"{part}.parquet" in text:
                return f"land {part} (read CSV, parse, write Parquet)"
        return "copy"
    if "vote" in text:
        return "detect the decimal separator"
    if text.startswith("explain"):
        return "check the landing plan keeps file order"
    if "unparsed_columns" in text and "from read_parquet" in text:
        return "count loaded rows and emptied values"
    if text.startswith(("insert", "update", "delete", "create", "begin", "commit")):
        return "record the file (file log, quarantine)"
    return "other bookkeeping"


def instrumented_ingest(path: Path, store: Path, out: Path) -> dict:
    """The ingest of one file in this process, every statement timed."""
    from fenicio_icommkt import ingest, warehouse
    from fenicio_icommkt.ingest import files, headers
    from fenicio_icommkt.settings import DataDir

    events: list[dict] = []
    real_connect = warehouse.connect
    real_hash = files.hash_and_check

    class Timed:
        def __init__(self, con) -> None:
            self._con = con

        def execute(self, sql, *args, **kwargs):
            label = classify(sql)
            profile = None
            if label.startswith("land"):
                profile = out / f"ingest-query-{len(events)}.json"
                self._con.execute("pragma enable_profiling = 'json'")
                self._con.execute(f"pragma profiling_output = '{profile}'")
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return self._con.execute(sql, *args, **kwargs)
            finally:
                seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
                if profile:
                    self._con.execute("pragma disable_profiling")
                events.append({"label": label, "seconds": seconds, "cpu": cpu,
                               "profile": str(profile) if profile else None})

        def __getattr__(self, name):
            return getattr(self._con, name)

    @contextlib.contextmanager
    def connect(*args, **kwargs):
        with real_connect(*args, **kwargs) as con:
            yield Timed(con)

    hashing: list[float] = []

    def timed_hash(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real_hash(*args, **kwargs)
        finally:
            hashing.append(time.perf_counter() - start)

    warehouse.connect, files.hash_and_check = connect, timed_hash
    try:
        data = DataDir(store).ensure()
        start, cpu = time.perf_counter(), time.process_time()
        results = ingest.ingest([str(path)], data, ingest.IngestOptions(),
                                headers.alias_map(data.config))
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        warehouse.connect, files.hash_and_check = real_connect, real_hash
    assert all(r.status == "loaded" for r in results), [r.message for r in results]
    grouped: dict[str, list[float]] = {}
    queries = []
    for event in events:
        total = grouped.setdefault(event["label"], [0.0, 0.0])
        total[0] += event["seconds"]
        total[1] += event["cpu"]
        if event["profile"] and Path(event["profile"]).exists():
            profile = json.loads(Path(event["profile"]).read_text())
            queries.append({"label": event["label"], "seconds": event["seconds"],
                            **query_summary(profile), "operators": operators(profile)[:8]})
    return {"wall": wall, "cpu": cpu, "statements": grouped, "hash_thread": sum(hashing),
            "landing_queries": queries}


# 2. The landing's parts, each alone ------------------------------------------------------


def landing_parts(path: Path, scratch: Path) -> dict:
    """Seconds of each part of landing one file, each query alone in a fresh connection."""
    import duckdb

    from fenicio_icommkt.ingest import files, headers, landing_sql, parsing
    from fenicio_icommkt.warehouse import schema

    header, delimiter = files.read_header(path, "utf-8", None)
    positions = headers.match_headers(header, headers.alias_map(None)).positions
    reader = landing_sql._reader(path, len(header), delimiter, "utf-8")

    def timed(sql: str) -> float:
        """CPU seconds (all threads), the least of REPEAT runs, each in a fresh connection
        (the machine is shared: the minimum is the figure least disturbed by other work)."""
        best = float("inf")
        for _ in range(REPEAT):
            con = duckdb.connect(config={"memory_limit": MODEL_SETTINGS["memory_limit"]})
            try:
                start = time.process_time()
                con.execute(sql).fetchall()
                best = min(best, time.process_time() - start)
            finally:
                con.close()
        return best

    def counts(exprs: list[str]) -> str:
        return ", ".join(f"count({e})" for e in exprs) or "count(*)"

    every = [f"c{i}" for i in range(len(header))]
    out: dict[str, float] = {
        "bare scan: count(*) of read_csv(all_varchar)": timed(
            f"select count(*) from read_csv('{path}', all_varchar = true)"),
        "read every field (count of each of the 86 columns)": timed(
            f"select {counts(every)} from {reader}"),
    }
    for part in schema.PARTS:
        cols = [f"c{positions[c.name]}" for c in schema.part_columns(part)
                if c.name in positions]
        target = scratch / f"raw-{part}.parquet"
        out[f"copy {part}'s {len(cols)} columns to Parquet as text, untyped"] = timed(
            f"copy (select {', '.join(cols)} from {reader}) to '{target}' "
            "(format parquet, compression snappy)")
        target.unlink(missing_ok=True)
    families = {
        "money and quantities": [c for c in schema.columns()
                                 if c.type in ("money", "number") and c.name in positions],
        "timestamps": [c for c in schema.columns()
                       if c.type == "timestamp" and c.name in positions],
    }
    for family, cols in families.items():
        # as the ingest does it: trim in one projection, parse the trimmed value in the next
        raw = [f"c{positions[c.name]}" for c in cols]
        names = [f"t_{c.name}" for c in cols]
        trimmed = ", ".join(f"{parsing.trimmed(r)} as {t}" for r, t in zip(raw, names,
                                                                            strict=True))
        level1 = f"(select {trimmed} from {reader})"
        base = timed(f"select {counts(raw)} from {reader}")
        trim = timed(f"select {counts(names)} from {level1}")
        out[f"{family} ({len(cols)} columns): read their fields"] = base
        out[f"{family}: trim, beyond reading"] = trim - base
        if family == "timestamps":
            fast = ", ".join(f"{t}, {parsing.timestamp_fast(t)} as f_{t}" for t in names)
            level2 = f"(select {fast} from {level1})"
            parsed = [parsing.timestamp(t, fast=f"f_{t}") for t in names]
            offsets = [f"case when f_{t} is null and {t} is not null "
                       f"then {parsing.utc_offset_minutes(t)} end" for t in names]
            fast_only = timed(f"select {counts([f'f_{t}' for t in names])} from {level2}")
            parse = timed(f"select {counts(parsed)} from {level2}")
            offset = timed(f"select {counts(parsed + offsets)} from {level2}")
            out[f"{family}: the offset-free formats (try_strptime), beyond trimming"] = (
                fast_only - trim)
            out[f"{family}: parse (those, then the rules' regular expressions), beyond "
                "trimming"] = parse - trim
            out[f"{family}: and the written offset, beyond parsing"] = offset - parse
        else:
            parsed = [parsing.number(t, "'.'") for t in names]
            parse = timed(f"select {counts(parsed)} from {level1}")
            cast = timed(f"select {counts([f'try_cast({t} as DECIMAL(18,6))' for t in names])}"
                         f" from {level1}")
            out[f"{family}: a bare try_cast to DECIMAL(18,6), beyond trimming"] = cast - trim
            out[f"{family}: parse (the cast, then the rules), beyond trimming"] = parse - trim
    return out


def value_costs(n: int = 2_000_000) -> dict[str, float]:
    """CPU nanoseconds per value of the ingest's parsing, by written style, against DuckDB's
    own cast of the same text: n synthetic values in memory, no CSV involved (the least of
    REPEAT runs)."""
    import duckdb

    from fenicio_icommkt.ingest import parsing

    con = duckdb.connect(config={"memory_limit": MODEL_SETTINGS["memory_limit"]})
    instant = ("TIMESTAMP '2024-06-01' + (hash(range) % 63072000)::BIGINT * INTERVAL 1 SECOND")
    amount = "((hash(range) % 2000000)::BIGINT / 100)::DECIMAL(18,2)"
    styles = {
        "timestamp dd/mm/yyyy HH:MM:SS": f"strftime({instant}, '%d/%m/%Y %H:%M:%S')",
        "timestamp yyyy-mm-dd HH:MM:SS": f"strftime({instant}, '%Y-%m-%d %H:%M:%S')",
        "timestamp yyyy-mm-ddTHH:MM:SS-03:00": f"strftime({instant}, '%Y-%m-%dT%H:%M:%S-03:00')",
        "timestamp yyyy-mm-ddTHH:MM:SSZ": f"strftime({instant}, '%Y-%m-%dT%H:%M:%SZ')",
        "money 1234.50": f"{amount}::VARCHAR",
        "money 1234,50 (file's decimal ',')": f"replace({amount}::VARCHAR, '.', ',')",
        "money 1.234,50 (file's decimal ',')":
            f"translate(format('{{:,.2f}}', {amount}::DOUBLE), ',.', '.,')",
        "money $ 1234.50": f"'$ ' || {amount}::VARCHAR",
    }
    out: dict[str, float] = {}

    def per_value(sql: str) -> float:
        best = float("inf")
        for _ in range(REPEAT):
            start = time.process_time()
            con.execute(sql).fetchall()
            best = min(best, time.process_time() - start)
        return best / n * 1e9

    for style, expr in styles.items():
        con.execute(f"create or replace table v as select {expr} as t from range({n})")
        base = per_value("select count(t) from v")
        if style.startswith("timestamp"):
            ours = per_value(
                f"select count({parsing.timestamp('t', fast='f')}), "
                f"count(case when f is null then {parsing.utc_offset_minutes('t')} end) "
                f"from (select t, {parsing.timestamp_fast('t')} as f from v)")
            fast = per_value(f"select count({parsing.timestamp_fast('t')}) from v")
            cast = per_value("select count(try_cast(t as timestamptz)) from v")
            out[f"{style}: the ingest's parsing (value and offset)"] = ours - base
            out[f"{style}: its try_strptime over the offset-free formats alone"] = fast - base
            out[f"{style}: DuckDB's own cast (try_cast as timestamptz)"] = cast - base
        else:
            decimal = "','" if "decimal ','" in style else "'.'"
            ours = per_value(f"select count({parsing.number('t', decimal)}) from v")
            cast = per_value("select count(try_cast(t as DECIMAL(18,6))) from v")
            out[f"{style}: the ingest's parsing"] = ours - base
            out[f"{style}: DuckDB's own cast (try_cast as DECIMAL(18,6))"] = cast - base
    con.close()
    return out


# 3. and 4. The builds and the heaviest models ---------------------------------------------


def dbt_nodes(target: Path) -> dict:
    data = json.loads((target / "run_results.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    nodes = []
    for r in data["results"]:
        uid = r["unique_id"]
        node = manifest["nodes"].get(uid, {})
        nodes.append({"id": uid, "kind": uid.split(".")[0], "name": uid.split(".")[2],
                      "materialized": (node.get("config") or {}).get("materialized", ""),
                      "seconds": float(r.get("execution_time") or 0),
                      "compiled_code": r.get("compiled_code") or ""})
    return {"elapsed": float(data.get("elapsed_time") or 0), "nodes": nodes}


PROFILE_MODEL = r'''
import json, sys, time, duckdb
warehouse, sql_file, out, settings = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
con = duckdb.connect(warehouse, read_only=True, config=settings)
con.execute("set enable_progress_bar = false")
con.execute("pragma enable_profiling = 'json'")
con.execute(f"pragma profiling_output = '{out}'")
start = time.perf_counter()
con.execute("create temp table profiled_model as " + open(sql_file).read())
print(time.perf_counter() - start)
'''


def profile_model(warehouse: Path, name: str, sql: str, out: Path) -> dict:
    sql_file = out / f"model-{name}.sql"
    sql_file.write_text(sql)
    result = out / f"model-{name}.json"
    cpu = children_cpu()
    proc = subprocess.run(
        [sys.executable, "-c", PROFILE_MODEL, str(warehouse), str(sql_file), str(result),
         json.dumps(MODEL_SETTINGS)], capture_output=True, text=True, check=False)
    cpu = children_cpu() - cpu
    if proc.returncode != 0:
        return {"model": name, "error": short(proc.stderr.strip().splitlines()[-1:], 300)}
    try:
        seconds = float(proc.stdout.strip().splitlines()[-1])
        profile = json.loads(result.read_text())
    except (ValueError, IndexError, OSError) as exc:
        return {"model": name, "error": f"{type(exc).__name__}: {short(str(exc), 200)}"}
    ops = operators(profile)
    total = sum(o["seconds"] for o in ops) or 1.0
    by_type: dict[str, float] = {}
    for o in ops:
        by_type[o["name"]] = by_type.get(o["name"], 0.0) + o["seconds"] / total
    return {"model": name, "seconds": seconds, "process_cpu": cpu,
            **query_summary(profile),
            "operators": [{**o, "share": o["seconds"] / total} for o in ops[:8]],
            "by_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1]))}


def profile_shape(shape: str, lines: int, work: Path, env: dict[str, str], top: int,
                  checkpoint=lambda result: None) -> dict:
    day_before = AS_OF - dt.timedelta(days=1)
    folder = work / shape
    shutil.rmtree(folder, ignore_errors=True)
    inbox, store, shadow, out = (folder / n for n in ("inbox", "store", "shadow", "out"))
    out.mkdir(parents=True)
    result: dict = {"shape": shape, "lines": lines}
    result["generate"] = run([CLI, "sample", "--out", str(inbox), "--lines", str(lines),
                              "--seed", "1", "--as-of", AS_OF.isoformat(), "--days", "1",
                              "--shape", shape], env)
    files = sorted(inbox.glob("*.csv"))
    history, daily = files[0], files[-1]
    result["bytes"] = history.stat().st_size
    rates = inbox / "config" / "currency_rates.csv"
    for data in (store, shadow):
        (data / "config").mkdir(parents=True)
        if rates.exists():
            shutil.copy(rates, data / "config" / "currency_rates.csv")
    build_env = {**env, "DBT_TARGET_PATH": str(store / "target"),
                 "DBT_LOG_PATH": str(store / "dbt-logs")}

    def build(name: str, as_of: dt.date) -> None:
        started = time.time()
        steps[name] = run([CLI, "build", "--data-dir", str(store), "--as-of",
                           as_of.isoformat()], build_env)
        builds[name] = dbt_nodes(store / "target")
        builds[name]["phases"] = dbt_phases(store / "dbt-logs" / "dbt.log", started,
                                            steps[name]["wall"])
        print(f"  {shape}: {name} {steps[name]['wall']:.1f} s", flush=True)
        result["steps"], result["builds"] = steps, builds
        checkpoint(result)

    steps: dict[str, dict] = {}
    builds: dict[str, dict] = {}
    steps["bare scan"] = run([sys.executable, "-c", (
        "import duckdb; duckdb.connect().execute(\"select count(*) from read_csv("
        f"'{history}', all_varchar = true)\").fetchall()")], env)
    steps["ingest"] = run([CLI, "ingest", "--data-dir", str(store), str(history)], env)
    print(f"  {shape}: ingest {steps['ingest']['wall']:.1f} s", flush=True)
    for name, part in (("ingest_statements", lambda: instrumented_ingest(history, shadow, out)),
                       ("landing_parts", lambda: landing_parts(history, out))):
        try:
            result[name] = part()
        except Exception as exc:  # the ingest's internals moved: say so, keep going
            result[name] = {"error": f"{type(exc).__name__}: {exc}",
                            "trace": traceback.format_exc()[-2000:]}
        print(f"  {shape}: {name} done", flush=True)
        checkpoint(result)
    shutil.rmtree(shadow, ignore_errors=True)
    build("build", day_before)
    models = [n for n in builds["build"]["nodes"]
              if n["kind"] == "model" and n["materialized"] != "view"]
    heaviest = sorted(models, key=lambda n: -n["seconds"])[:top]
    result["model_profiles"] = [
        profile_model(store / "warehouse.duckdb", n["name"], n["compiled_code"], out)
        for n in heaviest]
    steps["daily: ingest"] = run([CLI, "ingest", "--data-dir", str(store), str(daily)], env)
    build("daily: build", AS_OF)
    build("nothing new: build", AS_OF)
    mart = next((n for n in builds["daily: build"]["nodes"] if n["name"] == "customer_profiles"),
                None)
    if mart:
        daily_mart = profile_model(store / "warehouse.duckdb", "customer_profiles-daily",
                                   mart["compiled_code"], out)
        result["model_profiles"].append(daily_mart)
    for build in builds.values():
        for node in build["nodes"]:
            node.pop("compiled_code", None)
    result["steps"], result["builds"] = steps, builds
    return result


def compiled_full_refresh(store: Path, models: list[str], as_of: dt.date,
                          scratch: Path) -> dict[str, str]:
    """The SQL a full build of these models runs (``dbt compile --full-refresh``: the
    incremental models' first-run query)."""
    from fenicio_icommkt.dbt_runner import process
    from fenicio_icommkt.settings import DataDir

    target = scratch / "compile-target"
    command = [process.dbt_executable(), "compile", "--project-dir", str(REPO),
               "--profiles-dir", str(REPO), "--vars",
               json.dumps(process.build_vars(DataDir(store))),
               "--full-refresh", "--select", *models]
    run(command, {**os.environ, "DO_NOT_TRACK": "1", "FENICIO_DATA_DIR": str(store),
                  "FENICIO_AS_OF_DATE": as_of.isoformat(),  # as build --as-of passes it
                  "DBT_TARGET_PATH": str(target), "DBT_LOG_PATH": str(scratch / "logs")},
        ok=(0,))
    return {path.stem: path.read_text() for path in (target / "compiled").rglob("*.sql")
            if path.stem in models}


def models_only(results: list[dict], work: Path, top: int) -> None:
    """Profile the heaviest models again on stores a previous run left in ``work``: the
    full build's slowest tables by its run_results, their full-refresh SQL, and
    customer_profiles on the store as it is (after the daily builds)."""
    for r in results:
        store, out = work / r["shape"] / "store", work / r["shape"] / "out"
        tables = [n for n in r["builds"]["build"]["nodes"]
                  if n["kind"] == "model" and n["materialized"] != "view"]
        heaviest = [n["name"] for n in sorted(tables, key=lambda n: -n["seconds"])[:top]]
        print(f"  {r['shape']}: profiling {', '.join(heaviest)}", flush=True)
        sql = compiled_full_refresh(store, heaviest, AS_OF, out)
        r["model_profiles"] = [
            profile_model(store / "warehouse.duckdb", name, sql[name], out) for name in heaviest]
        if "customer_profiles" in sql:  # a table, rebuilt whole every day: the same query
            r["model_profiles"].append(profile_model(
                store / "warehouse.duckdb", "customer_profiles-daily", sql["customer_profiles"],
                out))


# The report ------------------------------------------------------------------------------


def report(results: list[dict], env: dict[str, str], costs: dict | None = None) -> str:
    import duckdb

    out = [
        "# Profile (scripts/profile_steps.py)",
        "",
        f"Measured {dt.date.today().isoformat()}, DuckDB {duckdb.__version__}, load average "
        f"at the start {env.get('PROFILE_LOADAVG', '?')}. Steps: wall and CPU seconds (user "
        "+ system, every thread and child process); the landing's parts and the value costs: "
        f"CPU, the least of {REPEAT} runs; operator times are DuckDB's profiler's, summed over "
        "threads.",
        "",
    ]
    if costs:
        out += ["## Parsing one value, by written style (in memory, no CSV)", ""]
        if "error" in costs:
            out.append(f"Not measured: {costs['error']}")
        else:
            out += ["| what | ns per value |", "|---|---:|"]
            out += [f"| {k} | {v:.0f} |" for k, v in costs.items()]
        out.append("")
    for r in results:
        steps = r["steps"]
        scan = steps["bare scan"]
        out += [f"## Shape `{r['shape']}`, {r['lines']:,} lines ({r['bytes'] / 1e9:.2f} GB)", "",
                "| step | wall s | x bare scan | CPU s | x bare scan's CPU |",
                "|---|---:|---:|---:|---:|"]
        out += [f"| {k} | {v['wall']:.1f} | {v['wall'] / scan['wall']:.1f}x | {v['cpu']:.1f} | "
                f"{v['cpu'] / scan['cpu']:.1f}x |" for k, v in steps.items()]
        statements = r.get("ingest_statements", {})
        out += ["", "### Ingest, statement by statement (in-process, profiler on)", ""]
        if "error" in statements:
            out.append(f"Not measured: {statements['error']}")
        else:
            out += [f"Total {statements['wall']:.1f} s wall, {statements['cpu']:.1f} s CPU; the "
                    f"SHA-256/UTF-8 thread {statements['hash_thread']:.1f} s beside DuckDB.", "",
                    "| statement | wall s | CPU s (the process's, all threads) |",
                    "|---|---:|---:|"]
            out += [f"| {k} | {v[0]:.1f} | {v[1]:.1f} |" for k, v in
                    sorted(statements["statements"].items(), key=lambda kv: -kv[1][1])]
            for q in statements["landing_queries"]:
                out += ["", f"**{q['label']}**: {q['seconds']:.1f} s, CPU {q['cpu']:.1f} s. "
                        "Operators:", "", "| operator | s | rows | what |", "|---|---:|---:|---|"]
                out += [f"| {o['name']} | {o['seconds']:.2f} | {o['rows'] or ''} | "
                        f"{o['info'].replace('|', '/')} |" for o in q["operators"][:6]]
        parts = r.get("landing_parts", {})
        out += ["", "### The landing's parts, each query alone", ""]
        if "error" in parts:
            out.append(f"Not measured: {parts['error']}")
        else:
            out += ["| query | CPU s |", "|---|---:|"]
            out += [f"| {k} | {v:.2f} |" for k, v in parts.items()]
        for name, build in r["builds"].items():
            nodes = sorted(build["nodes"], key=lambda n: -n["seconds"])
            kinds: dict[str, float] = {}
            for n in build["nodes"]:
                kinds[n["kind"]] = kinds.get(n["kind"], 0.0) + n["seconds"]
            phases = build.get("phases") or {}
            split = ", ".join(f"{k} {v:.1f} s" for k, v in phases.items() if k != "parse_kind")
            out += ["", f"### {name}: {steps[name]['wall']:.1f} s wall, "
                    f"{steps[name]['cpu']:.1f} s CPU; dbt ran {build['elapsed']:.1f} s", "",
                    f"Phases: {split} (parse: {phases.get('parse_kind', '?')}).", "",
                    "Node time by kind: " + ", ".join(
                        f"{k}s {v:.1f} s" for k, v in sorted(kinds.items())) + ".", "",
                    "| node | materialized | seconds |", "|---|---|---:|"]
            out += [f"| {n['name'] if n['kind'] == 'model' else n['kind'] + ' ' + n['name']} | "
                    f"{n['materialized']} | {n['seconds']:.2f} |" for n in nodes[:14]]
        out += ["", "### The heaviest models' operators (each alone, profiler on)", ""]
        for p in r["model_profiles"]:
            if "error" in p:
                out += [f"**{p['model']}**: not measured ({p['error']})", ""]
                continue
            out += [f"**{p['model']}**: {p['seconds']:.1f} s alone (the process's CPU "
                    f"{p['process_cpu']:.1f} s; DuckDB's CPU {p['cpu']:.1f} s; spilled "
                    f"{p['spilled_bytes'] / 1e6:,.0f} MB). By operator type: " + ", ".join(
                        f"{k} {v:.0%}" for k, v in list(p.get("by_type", {}).items())[:6]) + ".",
                    "",
                    "| operator | s | share | rows | what |", "|---|---:|---:|---:|---|"]
            out += [f"| {o['name']} | {o['seconds']:.2f} | {o['share']:.0%} | {o['rows'] or ''}"
                    f" | {o['info'].replace('|', '/')} |" for o in p["operators"][:6]]
            out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=int(os.environ.get("PROFILE_LINES",
                                                                        "2000000")))
    parser.add_argument("--shapes", default=os.environ.get("PROFILE_SHAPES",
                                                           "default,independent"))
    parser.add_argument("--top", type=int, default=5, help="models to profile operator by "
                                                           "operator (default 5)")
    parser.add_argument("--work", type=Path, default=None,
                        help="scratch folder (default: a temporary folder, deleted after)")
    parser.add_argument("--out", type=Path, default=REPO / "target" / "profile")
    parser.add_argument("--models-only", action="store_true",
                        help="only profile the heaviest models again, on the stores an earlier "
                             "run left in --work (its --out/profile.json)")
    args = parser.parse_args(argv)
    if args.models_only:
        if args.work is None:
            parser.error("--models-only needs the --work of an earlier run")
        saved = json.loads((args.out / "profile.json").read_text())
        models_only(saved["shapes"], args.work, args.top)
        (args.out / "profile.json").write_text(json.dumps(saved, indent=1, default=str))
        text = report(saved["shapes"], {"PROFILE_LOADAVG": saved.get("loadavg", "?")},
                      saved.get("value_costs"))
        (args.out / "profile.md").write_text(text, encoding="utf-8")
        print(text)
        return 0
    env = {**os.environ, "DO_NOT_TRACK": "1",
           "PROFILE_LOADAVG": ", ".join(f"{x:.1f}" for x in os.getloadavg())}
    work = args.work or Path(tempfile.mkdtemp(prefix="fenicio-profile-"))
    work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        results: list[dict] = []

        def checkpoint(current: dict) -> None:  # what is measured so far survives a crash
            (args.out / "profile.json").write_text(
                json.dumps({"shapes": [*results, current],
                            "loadavg": env["PROFILE_LOADAVG"]}, indent=1, default=str))

        for shape in [s.strip() for s in args.shapes.split(",") if s.strip()]:
            print(f"profile: {args.lines:,} lines, shape {shape}", flush=True)
            results.append(profile_shape(shape, args.lines, work, env, args.top, checkpoint))
        try:
            costs = value_costs()
        except Exception as exc:  # the parsing functions moved: say so
            costs = {"error": f"{type(exc).__name__}: {exc}"}
        (args.out / "profile.json").write_text(json.dumps(
            {"shapes": results, "value_costs": costs, "loadavg": env["PROFILE_LOADAVG"]},
            indent=1))
        text = report(results, env, costs)
        (args.out / "profile.md").write_text(text, encoding="utf-8")
        print(text)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
