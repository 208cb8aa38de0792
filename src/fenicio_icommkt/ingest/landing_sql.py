"""The SQL that lands one file: ``read_csv`` over it, its decimal separator, one pass per
landed part (every value trimmed and parsed once, the quarantine verdict on the lines), and
the guard that keeps the file's row order (a landed row's record number is its position)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb

from fenicio_icommkt.ingest import headers, parsing
from fenicio_icommkt.sql import literal as sql_literal
from fenicio_icommkt.warehouse import schema

#: The decimal separator is detected from the unambiguous amounts of the first records (all
#: records when those hold none): a file uses one convention throughout.
DETECT_SAMPLE_RECORDS = 100_000


def _reader(path: Path, n_columns: int, delimiter: str, encoding: str,
            compressed: bool = False) -> str:
    """read_csv over the file with positional column names c0, c1, ... all as text.

    ``path`` is the data dir's own link to the file (``tmp/<prefix>/source.csv``), never
    the file's name: DuckDB reads a name with ``*``, ``?``, ``[`` or ``{`` as a glob.
    No ``with ordinality``: numbering the records makes DuckDB read the file on one thread
    (more than twice as slow); the landed files keep the file's order instead.
    """
    names = [f"c{i}" for i in range(n_columns)]
    types = ", ".join(f"{sql_literal(n)}: 'varchar'" for n in names)
    return (
        f"read_csv({sql_literal(str(path))}, header = true, auto_detect = false, "
        f"delim = {sql_literal(delimiter)}, quote = '\"', escape = '\"', "
        f"columns = {{{types}}}, encoding = {sql_literal(encoding)}, strict_mode = true, "
        f"null_padding = false, compression = '{'gzip' if compressed else 'none'}')"
    )


def _detect_decimal(con: duckdb.DuckDBPyConnection, reader: str,
                    match: headers.HeaderMatch) -> str:
    """The file's decimal separator: the majority of its unambiguous amounts ('.' on a tie)."""
    numeric = [c.name for c in schema.columns()
               if c.type in ("money", "number") and c.name in match.positions]
    if not numeric:
        return "."
    level1 = ", ".join(
        f"{parsing.trimmed(f'c{match.positions[n]}')} as t_{n}" for n in numeric
    )
    level2 = ", ".join(f"{parsing.vote_text(f't_{n}')} as r_{n}" for n in numeric)
    votes = ", ".join(parsing.decimal_vote(f"r_{n}") for n in numeric)
    for limit in (f"limit {DETECT_SAMPLE_RECORDS}", ""):
        dots, commas = con.execute(
            f"select count(*) filter (where vote = '.'), count(*) filter (where vote = ',') "
            f"from (select unnest([{votes}]) as vote from (select {level2} from "
            f"(select {level1} from (select * from {reader} {limit}))))"
        ).fetchone()
        if dots or commas:
            break
    return "," if commas > dots else "."


def _required_check(match: headers.HeaderMatch, decimal: str) -> tuple[str, str, str]:
    """SQL (over level 2) for (column, reason, value) of the first failing required field."""
    branches: list[tuple[str, str, str, str]] = []  # (condition, column, reason, value)
    branches.append(("t_order_number is null", "'order_number'", "'empty'", "null"))

    purchase = [n for n in ("finished_at", "started_at") if n in match.positions]
    empties = " and ".join(f"t_{n} is null" for n in purchase)
    branches.append(
        (empties, sql_literal(purchase[0]),
         sql_literal(f"empty ({' and '.join(purchase)})"), "null")
    )
    revenue = [n for n in ("order_total", "item_total") if n in match.positions]
    for group, is_time in ((purchase, True), (revenue, False)):
        for i, name in enumerate(group):
            earlier_empty = "".join(f" and t_{n} is null" for n in group[:i])
            problem = (parsing.timestamp_problem(f"t_{name}") if is_time
                       else parsing.number_problem(f"t_{name}", sql_literal(decimal)))
            branches.append((
                f"t_{name} is not null{earlier_empty} and v_{name} is null",
                sql_literal(name), problem, f"t_{name}",
            ))

    def chain(pick: int) -> str:
        whens = " ".join(f"when {b[0]} then {b[pick]}" for b in branches)
        return f"(case {whens} end)"

    return chain(1), chain(2), chain(3)


def land_sql(reader: str, match: headers.HeaderMatch, decimal: str, load_sequence: int,
             file_name: str, loaded_at: datetime, part: str = "order_lines") -> str:
    """One pass over the CSV: one landed part's columns, typed.

    Three levels so each value is trimmed and parsed once: level 1 trims the text, level 2
    parses it, level 3 names the landed columns. The ``order_lines`` part also gets the
    quarantine verdict (its columns hold every required field). Rows come out in file
    order (with the default ``preserve_insertion_order``), which numbers them.
    """
    # (a constant keeps each level a valid select when the file has none of the columns)
    level1, level2, level3 = ["true as row_marker"], ["row_marker"], ["row_marker"]

    def carry(*names: str, upto: int = 3) -> None:
        for level in (level2, level3)[: upto - 1]:
            level.extend(names)

    if part == "order_lines":
        final = [
            f"cast({load_sequence} as bigint) as load_sequence",
            f"{sql_literal(file_name)} as source_file_name",
            f"timestamp {sql_literal(loaded_at.strftime('%Y-%m-%d %H:%M:%S'))} as loaded_at",
        ]
    else:
        final = [f"cast({load_sequence} as bigint) as load_sequence"]
    landed_types = dict(schema.landed_columns(part))
    unparsed: list[str] = []
    for col in schema.part_columns(part):
        position = match.positions.get(col.name)
        if position is None:
            final.append(f"cast(null as {landed_types[col.name]}) as {col.name}")
            if col.type == "timestamp":
                final.append(f"cast(null as integer) as {col.name}{schema.OFFSET_SUFFIX}")
            continue
        t = f"t_{col.name}"
        if col.type == "text":
            level1.append(f"c{position}")
            carry(f"c{position}")
            if col.name == "order_number":
                level1.append(f"{parsing.trimmed(f'c{position}')} as {t}")
                carry(t)
            final.append(f"c{position} as {col.name}")
            continue
        level1.append(f"{parsing.trimmed(f'c{position}')} as {t}")
        if col.type == "timestamp":
            level2 += [t, f"{parsing.timestamp_fast(t)} as f_{col.name}"]
            level3 += [
                t,
                f"{parsing.timestamp(t, fast=f'f_{col.name}')} as v_{col.name}",
                f"case when f_{col.name} is null and {t} is not null "
                f"then {parsing.utc_offset_minutes(t)} end as o_{col.name}",
            ]
            final.append(f"cast(v_{col.name} as timestamp) as {col.name}")
            final.append(f"cast(case when v_{col.name} is not null then o_{col.name} end "
                         f"as integer) as {col.name}{schema.OFFSET_SUFFIX}")
        else:
            level2 += [t, f"{parsing.number(t, sql_literal(decimal))} as v_{col.name}"]
            level3 += [t, f"v_{col.name}"]
            final.append(f"cast(v_{col.name} as {schema.DECIMAL_TYPE}) as {col.name}")
        unparsed.append(
            f"case when {t} is not null and v_{col.name} is null then {sql_literal(col.name)} end"
        )
    names = ", ".join(unparsed) or "null"
    final.append(f"nullif(concat_ws(', ', {names}), '') as unparsed_columns")
    if part == "order_lines":
        q_column, q_reason, q_value = _required_check(match, decimal)
        final += [
            f"{q_column} as quarantine_column",
            f"{q_reason} as quarantine_reason",
            f"{q_value} as quarantine_value",
        ]
    sep = ",\n    "
    return (
        f"select\n    {sep.join(final)}\nfrom (\n"
        f"select {sep.join(level3)}\nfrom (\n"
        f"select {sep.join(level2)}\nfrom (\n"
        f"select {sep.join(level1)}\nfrom {reader})))"
    )


#: Plan operators that keep the rows in the order the CSV reader gives them.
ORDER_KEEPING_OPERATORS = frozenset({"PROJECTION", "FILTER", "READ_CSV", "TABLE_SCAN"})


def _check_keeps_file_order(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse to land through a plan that could reorder rows (a join, a sort, a group).

    A landed row's record number is its position in the file, so this is a code bug,
    never a data problem: it must fail loudly, not number records wrongly.
    """
    plan = json.loads(con.execute(f"explain (format json) {sql}").fetchone()[1])
    stack, found = list(plan), set()
    while stack:
        node = stack.pop()
        found.add(node["name"])
        stack.extend(node.get("children", []))
    if not found <= ORDER_KEEPING_OPERATORS:
        raise RuntimeError(
            "the landing query would not keep the file's row order (operators "
            + ", ".join(sorted(found - ORDER_KEEPING_OPERATORS)) + ")"
        )
