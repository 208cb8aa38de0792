"""``fenicio-icommkt sample``: the files it writes look and behave like Fenicio exports."""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import io
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import store_support as support

from fenicio_icommkt import console, sample
from fenicio_icommkt.cli import sample as sample_command
from fenicio_icommkt.warehouse.schema import columns

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
    """Parse and run like the real CLI does (cli adds --data-dir to every subcommand)."""
    parser = argparse.ArgumentParser(prog="fenicio-icommkt")
    subparsers = parser.add_subparsers(dest="command", required=True)
    sub = sample_command.add_parser(subparsers)
    sub.add_argument("--data-dir")
    sub.set_defaults(handler=sample_command.run)
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


# --------------------------------------------------------------------------------------------
# Shapes (issue 18): each option changes what it says and nothing else.

SHAPE_SEED = "11"
SHAPE_CUSTOMERS = "400"
TIMESTAMPS = [c.name for c in columns() if c.type == "timestamp"]
MONEY = [c.name for c in columns() if c.type == "money"]
#: SHA-256 of the default sample's files (--customers 300 --seed 7 --as-of 2026-05-15, in
#: file-name order), as written before the shape options existed, with DuckDB 2.0.1 (whose
#: hash function the draws use).
DEFAULT_SAMPLE_SHA256 = "e27021083b4788bb725c1f6b7673586283e0e171b4993577054d6575ce001d28"


def read_rows(folder: Path) -> list[tuple[str, dict[str, str]]]:
    """Every record of every file, in file-name and file order: (file name, row by name)."""
    out = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            assert next(reader) == HEADERS
            out.extend((path.name, dict(zip(H, row, strict=True))) for row in reader)
    return out


def shaped(folder: Path, *options: str, customers: str = SHAPE_CUSTOMERS) -> Path:
    assert generate(folder, "--customers", customers, "--seed", SHAPE_SEED, *options) == 0
    return folder


@pytest.fixture(scope="module")
def default_rows(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, dict[str, str]]]:
    return read_rows(shaped(tmp_path_factory.mktemp("default-shape")))


def instant(text: str) -> datetime:
    """A written timestamp as a UTC instant (store-local text is UTC-3)."""
    if "/" in text:
        local = datetime.strptime(text, "%d/%m/%Y %H:%M:%S")
        return local.replace(tzinfo=timezone(timedelta(hours=-3))).astimezone(UTC)
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone(timedelta(hours=-3)))
    return parsed.astimezone(UTC)


def test_default_shape_is_byte_for_byte_the_sample_as_it_was(tmp_path: Path) -> None:
    if duckdb.__version__ != "2.0.1":
        pytest.skip(f"hash recorded with DuckDB 2.0.1 (this is {duckdb.__version__})")
    assert generate(tmp_path, "--customers", "300", "--seed", "7") == console.OK
    digest = hashlib.sha256()
    for path in sorted(tmp_path.glob("*.csv")):
        digest.update(path.read_bytes())
    assert digest.hexdigest() == DEFAULT_SAMPLE_SHA256


def test_default_options_spelled_out_give_the_same_bytes(tmp_path: Path) -> None:
    plain = shaped(tmp_path / "plain", customers="200")
    spelled = shaped(tmp_path / "spelled", "--shape", "default", "--timestamps", "dmy",
                     "--money", "dot", "--fill", "0", "--usd-share", "0",
                     "--empty-currency-share", "0.2", "--order-numbers", "sequential",
                     "--max-orders", "100", customers="200")
    for name in expected_names():
        assert (plain / name).read_bytes() == (spelled / name).read_bytes()
    assert not (plain / "config").exists()


def test_the_independent_preset_is_its_options(tmp_path: Path) -> None:
    preset = shaped(tmp_path / "preset", "--shape", "independent", customers="200")
    spelled = shaped(tmp_path / "spelled", "--timestamps", "iso", "--fill", "0.95",
                     "--usd-share", "0.03", "--empty-currency-share", "0.02",
                     "--order-numbers", "varied", "--once-share", "0.59",
                     "--p99-orders", "21", "--max-orders", "600", customers="200")
    for name in expected_names():
        assert (preset / name).read_bytes() == (spelled / name).read_bytes()
    # and a preset option can be changed on the command line
    changed = shaped(tmp_path / "changed", "--shape", "independent", "--timestamps", "dmy",
                     customers="200")
    stamps = [r["started_at"] for _, r in read_rows(changed)]
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", s) for s in stamps)


@pytest.mark.parametrize(("style", "pattern"), [
    ("iso", r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"),
    ("iso-offset", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(-03:00|Z)"),
    ("mixed", r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d"
              r"(-03:00|-0300|Z)?"),
])
def test_timestamp_styles_write_the_same_instants(
        style: str, pattern: str, tmp_path: Path,
        default_rows: list[tuple[str, dict[str, str]]]) -> None:
    rows = read_rows(shaped(tmp_path, "--timestamps", style))
    assert len(rows) == len(default_rows)
    forms: Counter[str] = Counter()
    for (file_name, row), (default_file, default) in zip(rows, default_rows, strict=True):
        assert file_name == default_file
        for name in TIMESTAMPS:
            value = row[name]
            assert bool(value) == bool(default[name]), name
            if not value:
                continue
            assert re.fullmatch(pattern, value), (name, value)
            assert instant(value) == instant(default[name]), (name, value)
            forms[re.sub(r"\d", "9", value)] += 1
        # only the timestamps differ
        assert {k: v for k, v in row.items() if k not in set(TIMESTAMPS)} == {
            k: v for k, v in default.items() if k not in set(TIMESTAMPS)}
    if style == "iso-offset":
        utc = sum(n for form, n in forms.items() if form.endswith("Z"))
        assert 0.15 < utc / sum(forms.values()) < 0.25  # one order in five
    if style == "mixed":
        assert set(forms) == {"99/99/9999 99:99:99", "9999-99-99 99:99:99",
                              "9999-99-99T99:99:99", "9999-99-99T99:99:99-99:99",
                              "9999-99-99T99:99:99-9999", "9999-99-99T99:99:99Z"}
        # one style per order: every timestamp of an order's line has the same form
        per_order = {}
        for _, row in rows:
            form = re.sub(r"\d", "9", row["started_at"])
            assert per_order.setdefault(row["order_number"], form) == form


@pytest.mark.parametrize(("style", "pattern", "to_plain"), [
    ("short", r"\d+(\.\d\d?)?", lambda v: v),
    ("comma", r"\d+,\d\d", lambda v: v.replace(",", ".")),
    ("grouped", r"\d{1,3}(\.\d{3})*,\d\d", lambda v: v.replace(".", "").replace(",", ".")),
    ("symbol", r"\$ \d+\.\d\d", lambda v: v[2:]),
])
def test_money_styles_write_the_same_amounts(
        style: str, pattern: str, to_plain, tmp_path: Path,
        default_rows: list[tuple[str, dict[str, str]]]) -> None:
    folder = shaped(tmp_path, "--money", style)
    rows = read_rows(folder)
    seen = set()
    for (_, row), (_, default) in zip(rows, default_rows, strict=True):
        for name in MONEY:
            value = row[name]
            assert bool(value) == bool(default[name]), name
            if value:
                assert re.fullmatch(pattern, value), (name, value)
                assert Decimal(to_plain(value)) == Decimal(default[name]), (name, value)
                seen.add(value)
        money_headers = set(MONEY)
        assert ({k: v for k, v in row.items() if k not in money_headers}
                == {k: v for k, v in default.items() if k not in money_headers})
    if style == "grouped":
        assert any("." in v for v in seen)  # some amounts reach the thousands
        # the decimal comma is inside quotes in the raw file
        assert re.search(r',"\d{1,3}(\.\d{3})*,\d\d"', (folder / expected_names()[0]).read_text())
    if style == "short":
        assert any("." not in v for v in seen) and any(re.search(r"\.\d$", v) for v in seen)


#: The columns --fill fills (the others' emptiness means something, or they come from the
#: catalogue, the card or the discount codes).
FILLED = {
    "notes", "delivery_coordinates", "delivery_address_notes", "buyer_gender",
    "payment_discount_name", "authorization_code", "branch", "shipping_type", "paid_at",
    "delivered_at", "gift_amount", "delivery_schedule", "delivery_status", "billing_country",
    "tracking_info", "billing_state", "billing_city", "tracking_code",
    "coupon_discount_amount", "unknown_sai", "payment_discount_amount", "billing_apartment",
    "unknown_tomada", "billing_postal_code", "item_payment_discount_amount",
    "item_coupon_discount_amount", "item_discount_amount", "bank", "payment_amount",
    "payment_details", "delivery_apartment", "delivery_postal_code", "payment_id_external",
    "buyer_name", "buyer_first_name", "buyer_last_name", "buyer_phone", "buyer_document",
    "company_tax_id", "buyer_document_type", "company_name",
}
#: Filled columns whose value is generated afresh (varied free text, coordinates).
REPLACED = {"notes", "delivery_coordinates", "delivery_address_notes"}


def test_fill_one_fills_every_optional_column_and_nothing_else(
        tmp_path: Path, default_rows: list[tuple[str, dict[str, str]]]) -> None:
    rows = read_rows(shaped(tmp_path, "--fill", "1"))
    for (_, row), (_, default) in zip(rows, default_rows, strict=True):
        for name in H:
            if name in FILLED:
                assert row[name], name
                if name not in REPLACED and default[name]:
                    assert row[name] == default[name], name  # a value stays
            else:
                assert row[name] == default[name], name
    notes = {row["notes"] for _, row in rows}
    assert len(notes) > len(rows) / 4  # varied, not a handful of phrases
    assert any("\n" in n for n in notes) and any('"' in n for n in notes)
    assert all("," in n for n in notes)
    for _, row in rows:
        lat, lon = (float(x) for x in row["delivery_coordinates"].split(","))
        assert -35 < lat < -30 and -58 < lon < -53
    # every column the default leaves empty somewhere is one that --fill fills, or one
    # whose emptiness means something
    sometimes_empty = {n for n in H if any(not d[n] for _, d in default_rows)}
    assert sometimes_empty - FILLED == {
        "payment_discount_code", "finished_at", "item_name", "currency", "brand",
        "category", "payment_status", "item_payment_discount_code", "coupon_discount_code",
        "item_discount_code", "promo_code", "card_number", "card_bin", "card_last4",
        "coupon", "discount_coupon", "free_shipping_coupon"}


def test_fill_is_the_share_of_empty_values_given_one(
        tmp_path: Path, default_rows: list[tuple[str, dict[str, str]]]) -> None:
    rows = read_rows(shaped(tmp_path, "--fill", "0.5"))
    for name in ("notes", "gift_amount", "tracking_code", "company_name", "bank",
                 "item_discount_amount"):
        empty_before = [i for i, (_, d) in enumerate(default_rows) if not d[name]]
        filled = sum(1 for i in empty_before if rows[i][1][name])
        assert len(empty_before) > 500, name
        assert 0.44 < filled / len(empty_before) < 0.56, name


def test_currency_mix_prices_dollar_orders_in_dollars(
        tmp_path: Path, default_rows: list[tuple[str, dict[str, str]]]) -> None:
    folder = shaped(tmp_path, "--usd-share", "0.2", "--empty-currency-share", "0.1")
    rows = read_rows(folder)
    orders = {(f, r["order_number"]): r for f, r in rows}
    default_orders = {(f, r["order_number"]): r for f, r in default_rows}
    assert orders.keys() == default_orders.keys()
    currencies = Counter(r["currency"] for r in orders.values())
    assert set(currencies) == {"USD", "UYU", ""}
    assert 0.17 < currencies["USD"] / len(orders) < 0.23
    assert 0.07 < currencies[""] / len(orders) < 0.13
    for key, row in orders.items():
        total = Decimal(row["order_total"])
        before = Decimal(default_orders[key]["order_total"])
        if row["currency"] == "USD":
            # in dollars: every price divided by 40 and rounded to the cent
            assert abs(total * 40 - before) <= max(Decimal("0.01") * before, Decimal(2))
        else:
            assert total == before
    assert sample.rates_file(folder).read_text() == "currency,rate_to_base\nUSD,40\n"
    # an order keeps its currency in every file that exports it
    by_number: dict[str, set[str]] = {}
    for (_, number), row in orders.items():
        by_number.setdefault(number, set()).add(row["currency"])
    assert all(len(v) == 1 for v in by_number.values())


def test_varied_order_numbers_are_unique_and_of_many_lengths(
        tmp_path: Path, default_rows: list[tuple[str, dict[str, str]]]) -> None:
    rows = read_rows(shaped(tmp_path, "--order-numbers", "varied"))
    pairs = {(r["order_number"], d["order_number"])
             for (_, r), (_, d) in zip(rows, default_rows, strict=True)}
    varied = {a for a, _ in pairs}
    assert len(varied) == len({b for _, b in pairs}) == len(pairs)  # one to one
    lengths = Counter(len(n) for n in varied)
    assert {10, 12, 14} <= set(lengths) and min(lengths) < 5
    assert 0.6 < sum(n for length, n in lengths.items() if length < 10) / len(varied) < 0.8
    assert all(n.isdigit() and not n.startswith("0") for n in varied)


def orders_per_customer(folder: Path) -> list[int]:
    con = duckdb.connect()
    return [n for (n,) in con.execute(
        f"SELECT count(DISTINCT {q('order_number')}) FROM read_csv('{folder}/*.csv', "
        f"all_varchar = true) GROUP BY lower(trim({q('buyer_email')}))").fetchall()]


def test_orders_per_customer_through_the_given_statistics(tmp_path: Path) -> None:
    counts = sorted(orders_per_customer(shaped(
        tmp_path, "--once-share", "0.59", "--p99-orders", "21", "--max-orders", "600",
        customers="20000")))
    # a few customers share an email by chance (the sample's names), so allow a little
    assert 0.58 < sum(1 for n in counts if n == 1) / len(counts) < 0.60
    assert counts[int(0.99 * len(counts)) - 1] in (20, 21, 22)
    assert 540 <= counts[-1] <= 600
    expected = sample.OrdersLaw(cap=600, once=0.59, p99=21, customers=20000).mean()
    assert abs(sum(counts) / len(counts) - expected) < 0.05 * expected


def test_max_orders_caps_the_default_law(tmp_path: Path) -> None:
    counts = orders_per_customer(shaped(tmp_path, "--max-orders", "12", customers="3000"))
    assert max(counts) == 12
    assert 0.51 < sum(1 for n in counts if n == 1) / len(counts) < 0.56  # still Pareto 1.1
    assert sum(1 for n in counts if n == 12) > 0.05 * len(counts)  # the cap gathers the tail


def test_lines_target_holds_for_the_independent_shape(tmp_path: Path) -> None:
    assert generate(tmp_path, "--lines", "30000", "--shape", "independent") == console.OK
    assert 27000 <= len(read_rows(tmp_path)) <= 33000


def test_shape_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert generate(tmp_path, "--once-share", "0.5") == console.USAGE
    assert "--once-share and --p99-orders go together" in capsys.readouterr().err
    assert generate(tmp_path, "--once-share", "0.5", "--p99-orders", "30",
                    "--max-orders", "30") == console.USAGE
    assert generate(tmp_path, "--usd-share", "0.7", "--empty-currency-share", "0.5") == 2
    with pytest.raises(SystemExit):
        run_sample(["--out", str(tmp_path), "--fill", "1.5"])
    with pytest.raises(SystemExit):
        run_sample(["--out", str(tmp_path), "--timestamps", "unix"])
    assert not list(tmp_path.iterdir())


def test_help_lists_every_shape_option(capsys: pytest.CaptureFixture) -> None:
    from fenicio_icommkt import cli

    with pytest.raises(SystemExit):
        cli.main(["sample", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for option in ("--shape", "--timestamps", "--money", "--fill", "--usd-share",
                   "--empty-currency-share", "--order-numbers", "--once-share",
                   "--p99-orders", "--max-orders", "independent", "iso-offset"):
        assert option in text


# The shapes through the real pipeline: ingest, build, dry-run export.


def test_the_independent_shape_loads_builds_and_exports(
        tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    from fenicio_icommkt import cli

    inbox, store = tmp_path / "inbox", tmp_path / "store"
    assert generate(inbox, "--customers", "600", "--seed", "5", "--shape", "independent") == 0
    capfd.readouterr()
    assert cli.main(["ingest", "--data-dir", str(store), str(inbox)]) == console.OK
    printed = capfd.readouterr().out
    assert "0 quarantined, 0 values emptied" in printed.splitlines()[-1], printed
    # its dollars need the sample's rates file (without it the build fails, naming the
    # currency: test_build_report.py)
    (store / "config").mkdir(exist_ok=True)
    (store / "config" / "currency_rates.csv").write_bytes(sample.rates_file(inbox).read_bytes())
    assert cli.main(["build", "--data-dir", str(store), "--as-of", AS_OF.isoformat()]) == 0
    out = tmp_path / "contacts.jsonl"
    assert cli.main(["export", "--data-dir", str(store), "--as-of", AS_OF.isoformat(),
                     "--dry-run", "--out", str(out)]) == 0
    con = duckdb.connect(str(store / "warehouse.duckdb"), read_only=True)
    profiles = scalar(con, "SELECT count(*) FROM marts.customer_profiles")
    assert len(out.read_text().splitlines()) == profiles > 500
    # the dollar orders are converted at the sample's rate
    usd = con.execute("SELECT count(*), count(*) FILTER (WHERE revenue = order_amount * 40) "
                      "FROM marts.fct_orders WHERE currency = 'USD'").fetchone()
    assert usd[0] > 20 and usd[0] == usd[1]
    # the heavy tail reached the profiles
    assert scalar(con, "SELECT max(orders_total) FROM marts.customer_profiles") > 100


def test_timestamp_money_and_order_number_styles_give_the_same_profiles(
        sample_inbox: Path, built_store: Path, tmp_path: Path,
        capfd: pytest.CaptureFixture) -> None:
    """Written differently, the same orders: same instants, amounts and profiles. The plain
    side is the shared sample store (``built_store``); the styled side is the same sample
    (``SAMPLE_OPTIONS``) with mixed timestamps and grouped money, ingested and built here."""
    from fenicio_icommkt import cli

    inbox, store = tmp_path / "styled-inbox", tmp_path / "styled"
    assert run_sample(["--out", str(inbox), *support.SAMPLE_OPTIONS,
                       "--timestamps", "mixed", "--money", "grouped"]) == 0
    capfd.readouterr()
    assert cli.main(["ingest", "--data-dir", str(store), str(inbox)]) == console.OK
    printed = capfd.readouterr().out
    assert " 0 values emptied" in printed.splitlines()[-1], printed
    assert cli.main(["build", "--data-dir", str(store), "--as-of", support.AS_OF]) == 0
    con = duckdb.connect()
    con.execute(f"ATTACH '{built_store / 'warehouse.duckdb'}' AS s0 (READ_ONLY)")
    con.execute(f"ATTACH '{store / 'warehouse.duckdb'}' AS s1 (READ_ONLY)")
    assert scalar(con, "SELECT sum(rows_quarantined + values_emptied) "
                       "FROM s0.ingest.file_log") == 0
    total = scalar(con, "SELECT count(*) FROM s0.marts.customer_profiles")
    assert total > 150
    for a, b in (("s0", "s1"), ("s1", "s0")):
        assert scalar(con, f"SELECT count(*) FROM (SELECT * FROM {a}.marts.customer_profiles "
                           f"EXCEPT ALL SELECT * FROM {b}.marts.customer_profiles)") == 0
    # and the styles really were different files
    history = min(p.name for p in sample_inbox.glob("*.csv"))
    assert (sample_inbox / history).read_bytes() != (inbox / history).read_bytes()
