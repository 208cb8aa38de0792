"""`fenicio-icommkt ingest`: every reading rule of the contract and every bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conformance_case import CONFORMANCE, SPEC

from fenicio_icommkt import cli
from fenicio_icommkt.ingest import headers
from fenicio_icommkt.ingest import landing_sql as ingest_module
from fenicio_icommkt.ingest.headers import normalise_header
from fenicio_icommkt.warehouse import schema
from fenicio_icommkt.warehouse.landed import landed_sql

PT = {c.name: c.header_pt for c in schema.columns()}
ES = {c.name: c.header_es_guess for c in schema.columns()}

BASE_LINE = {
    "order_number": "1001",
    "buyer_email": "ana@example.com",
    "order_status": "APROBADA",
    "payment_status": "APROBADO",
    "finished_at": "27/06/2026 14:05:00",
    "started_at": "27/06/2026 13:50:00",
    "order_total": "1500.50",
    "item_total": "1500.50",
    "quantity": "1",
    "item_name": "Remera",
    "currency": "UYU",
}


def line(**changes: str) -> dict[str, str]:
    return {**BASE_LINE, **changes}


def write_csv(path: Path, rows: list[dict[str, str]], *, headers: dict[str, str] | None = None,
              columns: list[str] | None = None, delimiter: str = ",", bom: bool = False,
              encoding: str = "utf-8", extra: dict[str, str] | None = None) -> Path:
    """A Fenicio-like export: ``columns`` (canonical names) written with ``headers``."""
    columns = columns or list(BASE_LINE)
    names = headers or PT
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    header = [names.get(c, c) for c in columns] + list(extra or {})
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns] + list((extra or {}).values()))
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def ingest(data_dir: Path, *paths: Path | str, options: tuple[str, ...] = ()) -> int:
    return cli.main(["ingest", "--data-dir", str(data_dir), *options, *map(str, paths)])


def landed(data_dir: Path, where: str = "true") -> list[dict]:
    con = duckdb.connect()
    try:
        # both landed parts of each loaded row, as the dbt sources read them; each part
        # names its own unparsed columns
        cursor = con.execute(
            f"select * from (select lines.* replace (nullif(concat_ws(', ', "
            f"lines.unparsed_columns, details.unparsed_columns), '') as unparsed_columns), "
            f"details.* exclude (load_sequence, record_number, unparsed_columns) "
            f"from {landed_sql(data_dir)} as lines "
            f"join {landed_sql(data_dir, 'order_line_details')} as details "
            f"using (load_sequence, record_number)) "
            f"where {where} order by load_sequence, record_number"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def warehouse(data_dir: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


# Headers --------------------------------------------------------------------------------


def test_header_normalisation_ignores_case_accents_spacing_and_trailing_punctuation() -> None:
    assert normalise_header("  CÓDIGO  DE Rastreamento. ") == normalise_header(
        "Código de rastreamento"
    )
    assert normalise_header("razón  social...") == normalise_header("Razón social")
    assert normalise_header("Moneda:") == normalise_header("moneda")
    assert normalise_header("\ufeffE-mail do comprador") == "e-mail do comprador"


@pytest.mark.parametrize(
    "style",
    ["pt", "es", "canonical", "upper", "no_accents", "messy"],
)
def test_every_header_style_loads_the_same_values(tmp_path: Path, style: str) -> None:
    def header(name: str) -> str:
        if style == "pt":
            return PT[name]
        if style == "es":
            return ES[name]
        if style == "canonical":
            return name
        if style == "upper":
            return PT[name].upper()
        if style == "no_accents":
            return normalise_header(PT[name])
        return f"  {PT[name].replace(' ', '  ')}. "

    names = {c: header(c) for c in BASE_LINE}
    path = write_csv(tmp_path / "f.csv", [line()], headers=names)
    assert ingest(tmp_path / "d", path) == 0
    (row,) = landed(tmp_path / "d", "load_sequence > 0")
    assert row["order_number"] == "1001"
    assert row["order_total"] == Decimal("1500.50")
    assert str(row["finished_at"]) == "2026-06-27 14:05:00"


def test_shuffled_columns_and_an_unknown_extra_column(data_dir: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    columns = list(reversed(list(BASE_LINE)))
    path = write_csv(tmp_path / "f.csv", [line()], columns=columns,
                     extra={"Etiqueta interna": "x"})
    assert ingest(data_dir, path) == 0
    assert "ignored unknown column(s): Etiqueta interna" in capsys.readouterr().err
    (row,) = landed(data_dir, "load_sequence > 0")
    assert (row["buyer_email"], row["order_status"]) == ("ana@example.com", "APROBADA")


def test_store_alias_in_config_folder(data_dir: Path, tmp_path: Path) -> None:
    names = {**PT, "buyer_email": "Correo del cliente"}
    path = write_csv(tmp_path / "f.csv", [line()], headers=names)
    assert ingest(data_dir, path) == 1  # refused: no email column known
    (data_dir / "config").mkdir(parents=True, exist_ok=True)
    (data_dir / "config" / "header_aliases.csv").write_text(
        "alias,canonical_name,source\nCorreo del cliente,buyer_email,store\n", encoding="utf-8"
    )
    assert ingest(data_dir, path) == 0
    assert landed(data_dir, "load_sequence > 0")[0]["buyer_email"] == "ana@example.com"


def test_missing_required_column_refuses_the_file_and_names_it(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    columns = [c for c in BASE_LINE if c not in ("buyer_email", "order_total", "item_total")]
    path = write_csv(tmp_path / "f.csv", [line()], columns=columns)
    assert ingest(data_dir, path) == 1
    err = capsys.readouterr().err
    assert "f.csv" in err and "buyer_email" in err and "order_total or item_total" in err
    assert landed(data_dir, "load_sequence > 0") == []


# Encodings, delimiters, quoting ----------------------------------------------------------


def test_latin1_is_refused_with_its_name_and_offset_while_the_rest_loads(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = write_csv(tmp_path / "a_latin1.csv", [line(item_name="Camiseta algodón")],
                    encoding="latin-1")
    good = write_csv(tmp_path / "b_good.csv", [line(order_number="2002")])
    assert ingest(data_dir, bad, good) == 3
    err = capsys.readouterr().err
    assert "a_latin1.csv" in err and "not valid UTF-8" in err and "offset" in err
    assert [r["order_number"] for r in landed(data_dir, "load_sequence > 0")] == ["2002"]
    # Told the encoding, it loads, and the accent survives.
    assert ingest(data_dir, bad, options=("--encoding", "latin-1")) == 0
    rows = landed(data_dir, "order_number = '1001'")
    assert rows[0]["item_name"] == "Camiseta algodón"


def test_every_file_refused_exits_1(data_dir: Path, tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "x.csv", [line()], encoding="latin-1",
                    columns=["order_number", "item_name"])
    assert ingest(data_dir, bad) == 1


def test_record_numbers_and_details_follow_the_file_order_on_a_parallel_read(
        data_dir: Path, tmp_path: Path) -> None:
    """Records are numbered by their position in the landed files, not while reading:
    a file big enough for DuckDB to read it in parallel (about 70 MB, several buffers)
    must still land every line and its details under the record number it has in the
    CSV, quoted newlines included, with quarantined records in between."""
    columns = [*BASE_LINE, "notes", "sku"]
    rows = []
    for n in range(1, 300_001):
        row = line(order_number=str(n), item_name=f"item {n} " + "x" * 120, sku=f"sku-{n}",
                   notes=f"nota {n}\nsegunda línea" if n % 997 == 0 else f"nota {n}")
        if n % 50_000 == 0:
            row["finished_at"] = "31/02/2026 10:00:00"  # quarantined
        rows.append(row)
    path = write_csv(tmp_path / "big.csv", rows, columns=columns)
    assert path.stat().st_size > 64 * 1024 * 1024
    assert ingest(data_dir, path) == 3
    con = duckdb.connect()
    mismatched, loaded = con.execute(
        f"""select count(*) filter (where lines.record_number <> cast(lines.order_number as int)
                or details.sku <> 'sku-' || lines.order_number
                or details.notes not like 'nota ' || lines.order_number || '%'),
            count(*)
        from {landed_sql(data_dir)} as lines
        join {landed_sql(data_dir, 'order_line_details')} as details
            using (load_sequence, record_number)"""
    ).fetchone()
    assert (mismatched, loaded) == (0, 300_000 - 6)
    quarantined = warehouse(data_dir, "select record_number from ingest.quarantine order by 1")
    assert [r[0] for r in quarantined] == [50_000 * k for k in range(1, 7)]


def test_a_landing_plan_that_could_reorder_rows_is_refused(tmp_path: Path) -> None:
    """The guard behind record numbers: an IN list DuckDB plans as a join once broke the
    file order (caught by the test above); any join, sort or group now stops the ingest."""
    path = write_csv(tmp_path / "f.csv", [line()])
    reader = f"read_csv('{path}', all_varchar = true)"
    con = duckdb.connect()
    ingest_module._check_keeps_file_order(con, f"select trim(c) as c from (select "
                                               f"#1 as c from {reader}) where c > '3'")
    with pytest.raises(RuntimeError, match="row order"):
        ingest_module._check_keeps_file_order(
            con, f"select #1 from {reader} where ascii(#1) in (9, 10, 13, 32, 160, 48, 49)")
    with pytest.raises(RuntimeError, match="row order"):
        ingest_module._check_keeps_file_order(con, f"select #1 from {reader} order by 1")


def test_semicolon_decimal_comma_thousands_dot_bom_and_quoted_newlines(
        data_dir: Path, tmp_path: Path) -> None:
    columns = [*BASE_LINE, "notes", "shipping_amount"]
    rows = [
        line(order_total="1.234,50", item_total="1.234,50", notes='Dejar en portería;\n"timbre 2"',
             shipping_amount="1.250"),
        line(order_number="1002", order_total="$ 99,90", item_total="UYU 99,90",
             shipping_amount="0"),
    ]
    path = write_csv(tmp_path / "f.csv", rows, columns=columns, delimiter=";", bom=True)
    assert ingest(data_dir, path) == 0
    first, second = landed(data_dir, "load_sequence > 0")
    assert first["order_total"] == Decimal("1234.50")
    assert first["notes"] == 'Dejar en portería;\n"timbre 2"'
    # Ambiguous '1.250' follows the file's detected decimal separator (',' here).
    assert first["shipping_amount"] == Decimal("1250")
    assert second["order_total"] == Decimal("99.90")
    assert second["item_total"] == Decimal("99.90")
    log = warehouse(data_dir, "select delimiter, decimal_separator from ingest.file_log")
    assert log == [(";", ",")]


@pytest.mark.parametrize(("written", "expected"), [
    ("1234.5", "1234.5"), ("1234,5", "1234.5"), ("1.234,50", "1234.50"),
    ("1,234.50", "1234.50"), ("$ 1.234,50", "1234.50"), ("UYU 1234.50", "1234.50"),
    ("$U 100", "100"), ("1.250.000,00", "1250000"), ("-12,5", "-12.5"), ("1,234,567", "1234567"),
])
def test_number_formats(data_dir: Path, tmp_path: Path, written: str, expected: str) -> None:
    path = write_csv(tmp_path / "f.csv", [line(order_total=written)])
    assert ingest(data_dir, path) == 0
    assert landed(data_dir, "load_sequence > 0")[0]["order_total"] == Decimal(expected)


def test_decimal_option_overrides_detection_for_ambiguous_values(data_dir: Path,
                                                                 tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [line(order_total="1.234")])
    assert ingest(data_dir, path) == 0
    assert landed(data_dir, "load_sequence > 0")[0]["order_total"] == Decimal("1.234")
    other = tmp_path / "d2"
    assert ingest(other, path, options=("--decimal", ",")) == 0
    assert landed(other, "load_sequence > 0")[0]["order_total"] == Decimal("1234")


@pytest.mark.parametrize(("written", "wall_clock", "offset"), [
    ("27/06/2026", "2026-06-27 00:00:00", None),
    ("27/06/2026 14:05", "2026-06-27 14:05:00", None),
    ("2026-06-27T14:05:09", "2026-06-27 14:05:09", None),
    ("2026-07-01T02:30:00Z", "2026-07-01 02:30:00", 0),
    ("2026-06-30T22:30:00-05:00", "2026-06-30 22:30:00", -300),
    ("2026-06-30 23:30:00-0300", "2026-06-30 23:30:00", -180),
    ("2026-06-30T01:00:00+02:00", "2026-06-30 01:00:00", 120),
])
def test_timestamps_keep_wall_clock_and_offset(data_dir: Path, tmp_path: Path, written: str,
                                               wall_clock: str, offset: int | None) -> None:
    path = write_csv(tmp_path / "f.csv", [line(finished_at=written)])
    assert ingest(data_dir, path) == 0
    row = landed(data_dir, "load_sequence > 0")[0]
    assert str(row["finished_at"]) == wall_clock
    assert row["finished_at_utc_offset_minutes"] == offset


def test_offsets_that_cross_midnight_give_the_store_local_date(data_dir: Path,
                                                              tmp_path: Path) -> None:
    """The landed wall clock + offset is enough to get the store-local date (dbt does it)."""
    rows = [line(order_number="1", finished_at="2026-07-01T02:30:00Z"),
            line(order_number="2", finished_at="2026-06-30T22:30:00-05:00")]
    path = write_csv(tmp_path / "f.csv", rows)
    assert ingest(data_dir, path) == 0
    con = duckdb.connect()
    local = con.execute(
        f"""select order_number, cast(timezone('America/Montevideo',
                cast(strftime(finished_at - to_minutes(finished_at_utc_offset_minutes),
                '%Y-%m-%d %H:%M:%S') || '+00' as timestamptz)) as date)
            from {landed_sql(data_dir)}
            where load_sequence > 0 order by 1"""
    ).fetchall()
    assert [(n, str(d)) for n, d in local] == [("1", "2026-06-30"), ("2", "2026-07-01")]


# Quarantine -----------------------------------------------------------------------------


def test_unparseable_required_values_are_quarantined_and_the_rest_loads(
        data_dir: Path, tmp_path: Path) -> None:
    rows = [
        line(order_number="1"),
        line(order_number="2", finished_at="31/02/2026 10:00:00"),
        line(order_number="3", order_total="abc"),
        line(order_number=" "),
        line(order_number="5", finished_at="", started_at=""),
        line(order_number="6", finished_at="2026-13-01 10:00"),
        line(order_number="7", order_total="", item_total="n/d"),
        line(order_number="8", order_total="", item_total=""),  # no revenue: not quarantined
    ]
    path = write_csv(tmp_path / "f.csv", rows)
    assert ingest(data_dir, path) == 3
    got = warehouse(data_dir, "select record_number, column_name, reason, value "
                              "from ingest.quarantine order by record_number")
    assert got == [
        (2, "finished_at", "day out of range", "31/02/2026 10:00:00"),
        (3, "order_total", "not a number", "abc"),
        (4, "order_number", "empty", None),
        (5, "finished_at", "empty (finished_at and started_at)", None),
        (6, "finished_at", "month out of range", "2026-13-01 10:00"),
        (7, "item_total", "not a number", "n/d"),
    ]
    assert [r["order_number"] for r in landed(data_dir, "load_sequence > 0")] == ["1", "8"]


def test_unparseable_started_at_next_to_valid_finished_at_is_not_quarantined(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = write_csv(tmp_path / "f.csv", [line(started_at="ayer", paid_at="??")],
                     columns=[*BASE_LINE, "paid_at"])
    assert ingest(data_dir, path) == 0
    (row,) = landed(data_dir, "load_sequence > 0")
    assert row["started_at"] is None and row["paid_at"] is None
    assert row["unparsed_columns"] == "started_at, paid_at"
    assert "2 values emptied" in capsys.readouterr().out


def test_unparseable_finished_at_does_not_fall_back_to_started_at(data_dir: Path,
                                                                  tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [line(finished_at="mañana")])
    assert ingest(data_dir, path) == 3
    assert warehouse(data_dir, "select column_name from ingest.quarantine") == [("finished_at",)]


def test_started_at_used_when_the_file_has_no_finished_at(data_dir: Path,
                                                          tmp_path: Path) -> None:
    columns = [c for c in BASE_LINE if c != "finished_at"]
    path = write_csv(tmp_path / "f.csv", [line(started_at="bad")], columns=columns)
    assert ingest(data_dir, path) == 3
    assert warehouse(data_dir, "select column_name from ingest.quarantine") == [("started_at",)]


# Files: empty, header only, twice, order, atomic ------------------------------------------


def test_empty_file_is_refused_and_header_only_loads_nothing(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """An empty file changed long ago is refused (a recent one may still be being written:
    test_ingest_faults.py defers it)."""
    empty = tmp_path / "a.csv"
    empty.write_bytes(b"")
    two_hours_ago = time.time() - 7200
    os.utime(empty, (two_hours_ago, two_hours_ago))
    header_only = write_csv(tmp_path / "b.csv", [])
    assert ingest(data_dir, empty, header_only) == 3
    assert "a.csv: refused: empty file (no header row)" in capsys.readouterr().err
    assert warehouse(data_dir, "select file_name, rows_loaded from ingest.file_log") == [
        ("b.csv", 0)
    ]


def test_same_content_again_even_under_another_name_is_skipped(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = write_csv(tmp_path / "a.csv", [line()])
    assert ingest(data_dir, path) == 0
    before = sorted(p.name for p in (data_dir / "landing" / "order_lines").iterdir())
    copy = tmp_path / "z_copy.csv"
    shutil.copy(path, copy)
    capsys.readouterr()
    assert ingest(data_dir, path, copy) == 0
    out = capsys.readouterr().out
    assert "0 loaded, 2 skipped as already loaded" in out
    assert sorted(p.name for p in (data_dir / "landing" / "order_lines").iterdir()) == before
    assert warehouse(data_dir, "select count(*) from ingest.file_log") == [(1,)]


def test_files_of_one_call_load_in_file_name_order(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_csv(folder / "ventas_2026-06-02.csv", [line(order_status="CANCELADA")])
    write_csv(folder / "ventas_2026-06-01.csv", [line()])
    later = write_csv(tmp_path / "a_given_first.csv", [line(order_status="Aprobada ")])
    assert ingest(data_dir, later, folder) == 0
    log = warehouse(data_dir, "select file_name from ingest.file_log order by load_sequence")
    assert [r[0] for r in log] == ["a_given_first.csv", "ventas_2026-06-01.csv",
                                   "ventas_2026-06-02.csv"]


def test_reexport_lands_as_a_later_load_with_its_own_lines(data_dir: Path,
                                                           tmp_path: Path) -> None:
    """Supersede itself is dbt's (int model); ingest keeps both versions in load order."""
    first = write_csv(tmp_path / "d1.csv", [line(item_name="A"), line(item_name="B")])
    second = write_csv(tmp_path / "d2.csv", [line(order_status="CANCELADA", item_name="A")])
    assert ingest(data_dir, first) == 0
    assert ingest(data_dir, second) == 0
    rows = landed(data_dir, "load_sequence > 0")
    assert [(r["load_sequence"], r["item_name"], r["order_status"]) for r in rows] == [
        (1, "A", "APROBADA"), (1, "B", "APROBADA"), (2, "A", "CANCELADA"),
    ]


def test_card_number_is_never_stored(data_dir: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [line(card_number="4111111111111111")],
                     columns=[*BASE_LINE, "card_number"])
    assert ingest(data_dir, path) == 0
    assert "card_number" not in landed(data_dir)[0]
    for file in data_dir.rglob("*"):
        if file.is_file():
            assert b"4111111111111111" not in file.read_bytes(), file


def test_an_interrupted_load_leaves_nothing_behind_and_landed_files_are_never_deleted(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """What a load killed before its commit leaves (a staging folder no row owns) is removed;
    a landed file without a row is no such leftover (rows are committed before files land):
    it is kept, and ingest refuses to go on (exit 2). test_ingest_faults.py kills real loads."""
    path = write_csv(tmp_path / "f.csv", [line()])
    assert ingest(data_dir, path) == 0
    staged = data_dir / "tmp" / "00000002-1f"
    staged.mkdir()
    shutil.copy(next((data_dir / "landing" / "order_lines").glob("00000001-*.parquet")),
                staged / "order_lines.parquet")
    assert ingest(data_dir, path) == 0  # skipped; recovery runs first
    assert not staged.exists()
    foreign = []
    for part in schema.PARTS:
        copy = data_dir / "landing" / part / "00000099-deadbeef.parquet"
        shutil.copy(next((data_dir / "landing" / part).glob("00000001-*.parquet")), copy)
        foreign.append(copy)
    capsys.readouterr()
    assert ingest(data_dir, path) == 2
    assert "00000099-deadbeef" in capsys.readouterr().err
    assert all(copy.exists() for copy in foreign)


def test_fresh_data_dir_has_an_empty_typed_landed_file(data_dir: Path, tmp_path: Path) -> None:
    assert ingest(data_dir, tmp_path / "nothing-here") == 1
    con = duckdb.connect()
    for part in schema.PARTS:
        empty = data_dir / "landing" / part / "00000000-empty.parquet"
        described = con.execute(f"describe select * from read_parquet('{empty}')").fetchall()
        assert [(r[0], r[1]) for r in described] == [
            (n, t) for n, t in schema.landed_columns(part)
        ]


# The conformance case -------------------------------------------------------------------


def test_conformance_inbox_loads_with_exactly_the_manifest_quarantine(
        data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    manifest = json.loads((CONFORMANCE / "manifest.json").read_text(encoding="utf-8"))
    assert ingest(data_dir, CONFORMANCE / "inbox") == 3
    out = capsys.readouterr().out
    assert "9 loaded, 1 skipped as already loaded, 0 refused" in out
    got = warehouse(data_dir, "select file_name, record_number, column_name, value "
                              "from ingest.quarantine order by all")
    expected = sorted((q["file"], q["record"], q["column"], q["value"])
                      for q in manifest["quarantine"])
    assert got == expected
    loaded = warehouse(data_dir, "select sum(rows_loaded) + sum(rows_quarantined) "
                                 "from ingest.file_log")[0][0]
    assert loaded == manifest["counts"]["rows_in_inbox_files_excluding_duplicate"]
    order = warehouse(data_dir, "select file_name from ingest.file_log order by load_sequence")
    expected_order = [f for f in manifest["load_order"] if "reenvio" not in f]
    assert [r[0] for r in order] == expected_order


@pytest.mark.parametrize(("name", "message"), [
    ("ventas_2026-06-30_latin1.csv", "not valid UTF-8 (first invalid byte at offset 1)"),
    ("ventas_2026-06-30_sin_email.csv", "missing required column(s): buyer_email"),
])
def test_conformance_bad_files_are_refused_whole(data_dir: Path, capsys: pytest.CaptureFixture,
                                                 name: str, message: str) -> None:
    assert ingest(data_dir, CONFORMANCE / "bad" / name) == 1
    err = capsys.readouterr().err
    assert name in err and message in err
    assert warehouse(data_dir, "select count(*) from ingest.file_log") == [(0,)]


def test_the_column_dictionary_is_the_spec_and_the_one_source_of_header_names() -> None:
    spec = SPEC / "fenicio-columns.csv"
    packaged = Path(schema.__file__).with_name("columns.csv")
    assert packaged.read_bytes() == spec.read_bytes()
    aliases = {(r["alias"], r["canonical_name"]) for r in headers.alias_rows(None)}
    for c in schema.columns():
        assert {(c.header_pt, c.name), (c.header_es_guess, c.name), (c.name, c.name)} <= aliases
    seed = (Path(__file__).resolve().parents[3] / "seeds" / "header_aliases.csv").read_text()
    assert not any(c.header_pt in seed for c in schema.columns())  # no name kept twice


def test_a_store_alias_can_give_a_dictionary_header_another_meaning(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "header_aliases.csv").write_text(
        "alias,canonical_name,source\nsexo do comprador,buyer_first_name,store\n",
        encoding="utf-8")
    mapping = headers.alias_map(config)
    assert mapping[headers.normalise_header("Sexo do comprador")] == "buyer_first_name"
    assert mapping[headers.normalise_header("Número do pedido")] == "order_number"
