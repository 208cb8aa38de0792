"""``fenicio-icommkt sample``: the files it writes look and behave like Fenicio exports."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from fenicio_icommkt import console, sample
from fenicio_icommkt.schema import columns

AS_OF = date(2026, 5, 15)
DAYS = 3
HEADERS = [c.header_pt for c in columns()]
H = {c.name: c.header_pt for c in columns()}
DISCOUNT_CODE_COLUMNS = [
    "coupon_discount_code", "item_discount_code", "payment_discount_code",
    "item_payment_discount_code", "promo_code", "coupon", "discount_coupon",
    "free_shipping_coupon",
]


def run_sample(argv: list[str]) -> int:
    """Parse and run like the real CLI does (cli.py adds --data-dir to every subcommand)."""
    parser = argparse.ArgumentParser(prog="fenicio-icommkt")
    subparsers = parser.add_subparsers(dest="command", required=True)
    sub = sample.add_parser(subparsers)
    sub.add_argument("--data-dir")
    sub.set_defaults(handler=sample.run)
    args = parser.parse_args(["sample", *argv])
    return int(args.handler(args))


def generate(out: Path, *extra: str) -> int:
    return run_sample(["--out", str(out), "--as-of", AS_OF.isoformat(), *extra])


def expected_names() -> list[str]:
    hist = AS_OF - timedelta(days=DAYS)
    return [f"ventas_{hist.isoformat()}_historico.csv"] + [
        f"ventas_{(hist + timedelta(days=i)).isoformat()}.csv" for i in range(1, DAYS + 1)
    ]


def q(name: str) -> str:
    return '"' + H[name] + '"'


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("sample")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert generate(out, "--customers", "2000") == console.OK
    return out, buffer.getvalue()


@pytest.fixture(scope="module")
def con(dataset: tuple[Path, str]) -> duckdb.DuckDBPyConnection:
    out, _ = dataset
    connection = duckdb.connect()
    connection.execute(
        f"CREATE TABLE t AS SELECT *, parse_filename(filename) AS f FROM read_csv("
        f"'{out}/*.csv', all_varchar = true, filename = true, header = true)")
    return connection


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    return con.execute(sql).fetchall()[0][0]


def test_files_are_named_by_date_and_sort_chronologically(dataset: tuple[Path, str]) -> None:
    out, _ = dataset
    names = sorted(p.name for p in out.iterdir())
    assert names == expected_names()
    assert sorted(names) == sorted(names, key=lambda n: n[7:17])


def test_header_and_format(dataset: tuple[Path, str]) -> None:
    out, _ = dataset
    for path in out.iterdir():
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
        raw.decode("utf-8")
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == HEADERS
        assert len(HEADERS) == 86
        assert all(len(row) == 86 for row in rows), path.name


def test_line_counts_match_summary_and_duckdb(dataset: tuple[Path, str]) -> None:
    out, summary = dataset
    for name in expected_names():
        path = out / name
        with path.open(newline="", encoding="utf-8") as handle:
            records = sum(1 for _ in csv.reader(handle)) - 1
        parsed = scalar(duckdb.connect(),
                        f"SELECT count(*) FROM read_csv('{path}', all_varchar = true)")
        assert parsed == records
        match = re.search(rf"{re.escape(name)}\s+([\d,]+) lines\s+([\d,]+) orders", summary)
        assert match, summary
        assert int(match.group(1).replace(",", "")) == records
    assert "customers" in summary


def test_values_are_formatted_like_fenicio(con: duckdb.DuckDBPyConnection) -> None:
    money = [c.name for c in columns() if c.type == "money"]
    for name in money:
        bad = scalar(con, f"SELECT count(*) FROM t WHERE {q(name)} IS NOT NULL "
                          f"AND NOT regexp_full_match({q(name)}, '-?\\d+\\.\\d\\d')")
        assert bad == 0, name
    stamp = "\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d:\\d\\d"
    for name in [c.name for c in columns() if c.type == "timestamp"]:
        bad = scalar(con, f"SELECT count(*) FROM t WHERE {q(name)} IS NOT NULL AND NOT "
                          f"regexp_full_match({q(name)}, '{stamp}')")
        assert bad == 0, name
    assert scalar(con, f"SELECT count(*) FROM t WHERE {q('quantity')} !~ '\\d+'") == 0
    currencies = {r[0] for r in con.execute(f"SELECT DISTINCT {q('currency')} FROM t").fetchall()}
    assert currencies == {"UYU", None}


def test_history_and_daily_dates(con: duckdb.DuckDBPyConnection) -> None:
    hist = AS_OF - timedelta(days=DAYS)
    started = f"strptime({q('started_at')}, '%d/%m/%Y %H:%M:%S')::DATE"
    lo, hi = con.execute(f"SELECT min({started}), max({started}) FROM t "
                         "WHERE f LIKE '%historico%'").fetchall()[0]
    assert hi <= hist
    assert (hist - lo).days > 700  # about two years
    # A daily file holds no order started after its day.
    late = scalar(con, f"SELECT count(*) FROM t WHERE f NOT LIKE '%historico%' "
                       f"AND {started} > strptime(f[8:17], '%Y-%m-%d')::DATE")
    assert late == 0


def test_reexported_orders_change_status_in_later_files(con: duckdb.DuckDBPyConnection) -> None:
    norm = "upper(trim(coalesce({}, '')))"
    versions = con.execute(f"""
        SELECT {q('order_number')} AS o, f,
               any_value({norm.format(q('order_status'))}) AS s,
               any_value({norm.format(q('payment_status'))}) AS p,
               count(*) AS n, any_value({q('order_total')}) AS total
        FROM t GROUP BY ALL
    """).fetchall()
    by_order: dict[str, list[tuple]] = {}
    for o, f, s, p, n, total in versions:
        by_order.setdefault(o, []).append((f, s, p, n, total))
    again = {o: sorted(v) for o, v in by_order.items() if len(v) > 1}
    assert again, "no order re-exported"
    assert all(v[-1][0] != expected_names()[0] for v in again.values())
    changed = [o for o, v in again.items() if (v[0][1], v[0][2]) != (v[-1][1], v[-1][2])]
    assert changed
    cancelled = [o for o, v in again.items() if v[-1][1] == "CANCELADA"]
    paid_later = [o for o, v in again.items() if v[0][2] == "PENDIENTE" and v[-1][2]]
    edited = [o for o, v in again.items() if v[0][4] != v[-1][4] or v[0][3] != v[-1][3]]
    assert cancelled and paid_later and edited


def test_order_shape(con: duckdb.DuckDBPyConnection) -> None:
    lines = con.execute(f"SELECT count(*) FROM t GROUP BY f, {q('order_number')}").fetchall()
    sizes = {n for (n,) in lines}
    assert 1 in sizes and max(sizes) > 1 and max(sizes) <= 5
    assert scalar(con, f"SELECT count(*) FROM t WHERE {q('quantity')}::INT > 1") > 0
    # Order-level values repeat on every line of an order.
    for name in ("order_total", "order_status", "payment_status", "buyer_email", "finished_at"):
        varying = scalar(con, f"SELECT count(*) FROM (SELECT 1 FROM t GROUP BY f, "
                              f"{q('order_number')} HAVING count(DISTINCT {q(name)}) > 1)")
        assert varying == 0, name


def test_order_total_adds_up(con: duckdb.DuckDBPyConnection) -> None:
    def dec(name: str) -> str:
        return f"coalesce({q(name)}::DECIMAL(18,2), 0)"

    wrong = scalar(con, f"""
        SELECT count(*) FROM (
            SELECT any_value({dec('order_total')}) AS total,
                   sum({dec('item_total')}) - sum({dec('item_discount_amount')})
                   - any_value({dec('coupon_discount_amount')})
                   - any_value({dec('payment_discount_amount')})
                   + any_value({dec('shipping_amount')}) AS computed
            FROM t GROUP BY f, {q('order_number')})
        WHERE total <> computed
    """)
    assert wrong == 0


def test_free_text_needs_quoting(dataset: tuple[Path, str], con: duckdb.DuckDBPyConnection) -> None:
    notes = [r[0] for r in con.execute(f"SELECT DISTINCT {q('notes')} FROM t").fetchall() if r[0]]
    assert any("\n" in n for n in notes)
    assert any("," in n for n in notes)
    assert any('"' in n for n in notes)
    names = [r[0] for r in con.execute(f"SELECT DISTINCT {q('item_name')} FROM t").fetchall()
             if r[0]]
    assert any('"' in n and "," in n for n in names)
    assert any(re.search("[áéíóúñ]", n) for n in names)
    raw = (dataset[0] / expected_names()[0]).read_text("utf-8")
    assert '""' in raw and ',"' in raw


def test_statuses_and_codes(con: duckdb.DuckDBPyConnection) -> None:
    statuses = {r[0] for r in con.execute(f"SELECT DISTINCT {q('order_status')} FROM t")
                .fetchall()}
    normal = {s.strip().upper() for s in statuses}
    assert {"APROBADA", "APROVADA", "APPROVED", "CANCELADA", "EN_CURSO", "ABANDONADA",
            "PAGO_PENDIENTE"} <= normal
    assert len(statuses) > len(normal)  # spelling variants
    payments = {(r[0] or "").strip().upper() for r in con.execute(
        f"SELECT DISTINCT {q('payment_status')} FROM t").fetchall()}
    assert {"APROBADO", "PAGO", "PENDIENTE", "REVERSADO", "RECHAZADO", ""} <= payments
    # Abandoned carts: started, never finished.
    abandoned = con.execute(f"SELECT count(*), count({q('finished_at')}), "
                            f"count({q('started_at')}) FROM t "
                            f"WHERE upper({q('order_status')}) = 'ABANDONADA'").fetchall()[0]
    assert abandoned[0] > 0 and abandoned[1] == 0 and abandoned[2] == abandoned[0]
    for name in DISCOUNT_CODE_COLUMNS:
        values = {r[0] for r in con.execute(f"SELECT DISTINCT {q(name)} FROM t").fetchall()}
        assert len(values - {None}) > 1, name
    codes = {r[0] for r in con.execute(f"SELECT DISTINCT {q('coupon_discount_code')} FROM t "
                                       "WHERE trim(upper(" + q('coupon_discount_code') +
                                       ")) = 'BIENVENIDA'").fetchall()}
    assert len(codes) > 1  # case / space variants of one code
    genders = {r[0] for r in con.execute(f"SELECT DISTINCT {q('buyer_gender')} FROM t")
               .fetchall()}
    assert {"M", "F", "Masculino", "Femenino", None} <= genders


def test_buyer_fields(con: duckdb.DuckDBPyConnection) -> None:
    assert scalar(con, f"SELECT count(*) FROM t WHERE {q('buyer_phone')} LIKE '0%'") > 0
    assert scalar(con, f"SELECT count(*) FROM t WHERE {q('buyer_document')} LIKE '0%'") > 0
    states = {r[0] for r in con.execute(f"SELECT DISTINCT {q('billing_state')} FROM t")
              .fetchall()}
    assert {"Montevideo", "Canelones", "Maldonado"} <= states
    assert scalar(con, f"SELECT count(DISTINCT {q('billing_country')}) FROM t") == 1
    # Sensitive columns hold obviously fake values.
    cards = {r[0] for r in con.execute(f"SELECT DISTINCT {q('card_bin')} FROM t").fetchall()}
    assert cards - {None} <= {"411111", "555555", "378282", "601100"}
    assert scalar(con, f"SELECT count(*) FROM t WHERE NOT regexp_matches({q('buyer_ip')}, "
                       "'^(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.')") == 0


def test_most_customers_buy_once_and_a_tail_buys_often(con: duckdb.DuckDBPyConnection) -> None:
    counts = [n for (n,) in con.execute(
        f"SELECT count(DISTINCT {q('order_number')}) FROM t "
        f"GROUP BY lower(trim({q('buyer_email')}))").fetchall()]
    once = sum(1 for n in counts if n == 1)
    assert once > len(counts) * 0.4
    assert once == max(sum(1 for n in counts if n == k) for k in set(counts))
    assert sum(1 for n in counts if n >= 10) > 10
    assert max(counts) >= 30


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        assert generate(tmp_path / name, "--customers", "300", "--seed", seed) == console.OK
    for file_name in expected_names():
        a = (tmp_path / "a" / file_name).read_bytes()
        assert a == (tmp_path / "b" / file_name).read_bytes()
        assert a != (tmp_path / "c" / file_name).read_bytes()


def test_lines_targets_total(tmp_path: Path) -> None:
    assert generate(tmp_path, "--lines", "6000", "--days", "2") == console.OK
    total = 0
    files = sorted(tmp_path.glob("*.csv"))
    assert len(files) == 3
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            total += sum(1 for _ in csv.reader(handle)) - 1
    assert 5400 <= total <= 6600


def test_no_temporary_files_left(dataset: tuple[Path, str]) -> None:
    assert not [p for p in dataset[0].iterdir() if p.name.startswith(".")]


def test_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        run_sample(["--out", str(tmp_path), "--customers", "5", "--lines", "50"])
    assert exc.value.code == console.USAGE
    with pytest.raises(SystemExit):
        run_sample(["--out", str(tmp_path), "--as-of", "15/05/2026"])
    with pytest.raises(SystemExit):
        run_sample(["--out", str(tmp_path), "--customers", "0"])


def test_defaults_through_the_real_cli(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from fenicio_icommkt import cli

    assert cli.main(["sample", "--out", str(tmp_path), "--as-of", AS_OF.isoformat()]) == 0
    summary = capsys.readouterr().out
    assert "(1,000 customers, seed 1" in summary
    assert sorted(p.name for p in tmp_path.iterdir()) == expected_names()
