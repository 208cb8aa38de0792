"""The raw layer on disk: the landed Parquet files of every load (``landing/order_lines/``
and ``landing/order_line_details/``, see ``schema``), the empty typed file dbt reads before
anything is loaded, and the SQL that reads them."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from fenicio_icommkt.settings import DataDir
from fenicio_icommkt.sql import literal as sql_literal
from fenicio_icommkt.warehouse import schema

EMPTY_LANDED_FILE = "00000000-empty.parquet"


def landing_dirs(store: DataDir) -> dict[str, Path]:
    """Each part of the raw layer (``schema.PARTS``) and its folder."""
    return {"order_lines": store.landing, "order_line_details": store.landing_details}


def ensure_empty_landed_file(con: duckdb.DuckDBPyConnection, store: DataDir) -> None:
    """Zero-row typed files, so the dbt sources read a schema before anything is loaded."""
    for part, folder in landing_dirs(store).items():
        path = folder / EMPTY_LANDED_FILE
        if path.exists():
            continue
        columns = ", ".join(
            f"cast(null as {t}) as {n}" for n, t in schema.landed_columns(part)
        )
        tmp = Path(str(path) + ".tmp")
        con.execute(
            f"copy (select {columns} limit 0) to {sql_literal(str(tmp))} (format parquet)"
        )
        tmp.replace(path)


def landed_sql(root: Path, part: str = "order_lines") -> str:
    """SQL for one landed part's rows with their ``record_number`` (the row's position).

    The same reading as the dbt source: ``order_lines`` without the quarantined rows.
    """
    glob = sql_literal(f"{root}/landing/{part}/*.parquet")
    loaded_only = " where quarantine_column is null" if part == "order_lines" else ""
    return (
        f"(select * exclude (file_row_number), file_row_number + 1 as record_number "
        f"from read_parquet({glob}, union_by_name = true, file_row_number = true)"
        f"{loaded_only})"
    )


def quarantine_sql(lines_parquet: Path) -> str:
    """The quarantined records of one landed (or staged) ``order_lines`` file."""
    lines = f"read_parquet({sql_literal(str(lines_parquet))}, file_row_number = true)"
    return (f"(select *, file_row_number + 1 as record_number from {lines} "
            f"where quarantine_column is not null)")


def landed_counts(con: duckdb.DuckDBPyConnection, lines_parquet: Path,
                  details_parquet: Path) -> tuple[int, int, int]:
    """(rows loaded, rows quarantined, values emptied) of one load's two Parquet files."""
    lines = f"read_parquet({sql_literal(str(lines_parquet))}, file_row_number = true)"
    details = f"read_parquet({sql_literal(str(details_parquet))}, file_row_number = true)"
    loaded, quarantined, emptied = con.execute(
        f"""select count(*) filter (where quarantine_column is null),
            count(*) filter (where quarantine_column is not null),
            coalesce(sum(len(string_split(unparsed_columns, ', ')))
                filter (where quarantine_column is null), 0)
        from {lines}"""
    ).fetchone()
    details_emptied = con.execute(
        f"""select coalesce(sum(len(string_split(unparsed_columns, ', '))), 0) from {details}
        where unparsed_columns is not null and file_row_number not in
            (select file_row_number from {lines} where quarantine_column is not null)"""
    ).fetchone()[0]
    return int(loaded), int(quarantined), int(emptied) + int(details_emptied)


def remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
