"""Writing a sample's files: the tables built once, then each file's rows, one ready-made
CSV line each, copied out by DuckDB to a hidden name and renamed when complete."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import duckdb

from fenicio_icommkt import console
from fenicio_icommkt.sample.columns import column_sql
from fenicio_icommkt.sample.draws import Draws
from fenicio_icommkt.sample.plan import LINE_COLUMNS, USD_RATE, Plan, file_names
from fenicio_icommkt.sample.tables import build_tables
from fenicio_icommkt.sql import literal as sql_literal
from fenicio_icommkt.warehouse.schema import columns


class Generator:
    """One sample's tables in a DuckDB connection, and each file's rows as SQL."""

    def __init__(self, con: duckdb.DuckDBPyConnection, plan: Plan) -> None:
        self.draws = Draws(con, plan)
        self.exprs: dict[str, str] | None = None
        self.layers: list[dict[str, str]] = []
        self.line_layers: list[dict[str, str]] = []
        self.catalogue_var = ""

    def build(self) -> None:
        self.catalogue_var = build_tables(self.draws)

    def execute(self, sql: str) -> None:
        self.draws.execute(sql)

    def select_sql(self, file_day: date) -> str:
        """One file's rows, each a single pre-formatted CSV line (written unquoted).

        Order-level columns are formatted once per order version, as the text segments
        between the line-level columns; the lines are then unnested and the segments joined
        with the line's own values. The header is the column's name.
        """
        if self.exprs is None:  # once: the tags (hence the values) must not change per file
            self.exprs, self.layers, self.line_layers = column_sql(self.draws,
                                                                   self.catalogue_var)
        exprs = self.exprs
        names = [c.name for c in columns()]
        missing = set(names) - set(exprs)
        extra = set(exprs) - set(names)
        if missing or extra:
            raise RuntimeError(f"sample columns out of sync: missing {missing}, extra {extra}")
        # Split the columns into runs of order-level columns and single line-level columns.
        parts: list[str] = []  # final concat arguments (segment names or line expressions)
        segments: dict[str, str] = {}
        run: list[str] = []

        def close_run() -> None:
            if run:
                name = f"s{len(segments)}"
                segments[name] = "concat(" + ", ',', ".join(run) + ")"
                parts.append(name)
                run.clear()

        for name in names:
            if name in LINE_COLUMNS:
                close_run()
                parts.append(exprs[name])
            else:
                run.append(exprs[name])
        close_run()
        header = ",".join(c.header_pt for c in columns()).replace('"', '""')
        source = (f"select * from versions where file_day = date '{file_day.isoformat()}'")
        for layer in self.layers:
            extra_cols = ", ".join(f"{expr} as {name}" for name, expr in layer.items())
            source = f"select *, {extra_cols} from ({source})"
        seg_cols = ", ".join(f"{expr} as {name}" for name, expr in segments.items())
        source = f"select k, pdisc, coupon, lines, {seg_cols} from ({source})"
        source = (f"select k, pdisc, coupon, {', '.join(segments)}, unnest(lines) as l "
                  f"from ({source})")
        for layer in self.line_layers:
            extra_cols = ", ".join(f"{expr} as {name}" for name, expr in layer.items())
            source = f"select *, {extra_cols} from ({source})"
        line = "concat(" + ", ',', ".join(parts) + ")"
        return f'select {line} as "{header}" from ({source})'


def rates_file(out: Path) -> Path:
    """Where the sample writes the currency rates its USD orders need (not an export: the
    folder's *.csv are the exports, so it goes one level down)."""
    return out / "config" / "currency_rates.csv"


def generate(out: Path, plan: Plan, threads: int | None = None,
             progress: bool = False) -> list[tuple[str, int, int, int]]:
    """Write the files; return (file name, lines, orders, customers) per file.

    Each file is written to a hidden temporary name in ``out`` and renamed when complete.
    """
    out.mkdir(parents=True, exist_ok=True)
    config: dict[str, object] = {"preserve_insertion_order": True}
    if threads:
        config["threads"] = threads
    con = duckdb.connect(config=config)
    try:
        gen = Generator(con, plan)
        gen.build()
        stats = {
            row[0]: row[1:]
            for row in con.execute(
                "select file_day, sum(len(lines))::bigint, count(*)::bigint,"
                " count(distinct cid)::bigint from versions group by file_day").fetchall()
        }
        total = sum(v[0] for v in stats.values())
        bar = console.Progress("sample lines written", total) if progress else None
        result = []
        for day, name in file_names(plan):
            final = out / name
            tmp = out / f".{name}.tmp"
            try:
                # Rows are ready-made CSV lines: write them as they are (no quoting).
                gen.execute(f"copy ({gen.select_sql(day)}) to {sql_literal(str(tmp))} "
                            "(format csv, header true, quote '', escape '')")
                os.replace(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)
            lines, orders, customers = stats.get(day, (0, 0, 0))
            result.append((name, lines, orders, customers))
            if bar:
                bar.advance(lines)
        if bar:
            bar.close()
        if plan.shape.usd_share > 0:
            rates = rates_file(out)
            rates.parent.mkdir(exist_ok=True)
            rates.write_text(f"currency,rate_to_base\nUSD,{USD_RATE}\n", encoding="utf-8")
        return result
    finally:
        con.close()


def write(out: Path, plan: Plan) -> int:
    """Write the sample's files into ``out`` and say what each holds; the exit code."""
    started = time.monotonic()
    try:
        written = generate(out, plan, progress=True)
    except (OSError, duckdb.Error) as exc:
        console.error(f"could not write the sample: {exc}")
        return console.FAILURE
    width = max(len(name) for name, *_ in written)
    for name, lines, orders, customers in written:
        console.info(f"{name:<{width}}  {lines:>10,} lines  {orders:>9,} orders  "
                     f"{customers:>9,} customers")
    total = sum(w[1] for w in written)
    console.info(f"wrote {len(written)} files, {total:,} lines, to {out} "
                 f"({plan.customers:,} customers, seed {plan.seed}, as of "
                 f"{plan.as_of.isoformat()}, shape {plan.shape.describe()}, "
                 f"{time.monotonic() - started:.1f} s)")
    rates = rates_file(out)
    if plan.shape.usd_share > 0:
        console.info(f"orders in USD: copy {rates} to the store's config folder "
                     "(<data dir>/config/) before building: a currency without a rate fails "
                     "the build")
    return console.OK
