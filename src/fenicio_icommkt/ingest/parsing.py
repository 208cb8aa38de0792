"""SQL expressions that read Fenicio's text values: numbers and timestamps.

Each function returns a DuckDB SQL expression over a text expression, so that DuckDB does
the parsing for the whole file in one vectorised pass (no per-row Python).  The rules are
the contract's "Reading rules" (numbers, timestamps);
``tests/python/ingest/test_ingest.py`` checks them value by value.
"""

from __future__ import annotations

from fenicio_icommkt.warehouse.schema import DECIMAL_TYPE

# Characters that count as white space when trimming: space, tab, LF, CR, NBSP.
_WS_CHARS = "' ' || chr(9) || chr(10) || chr(13) || chr(160)"


def trimmed(expr: str) -> str:
    """The value with surrounding white space removed; NULL when nothing is left.

    The test on the first and last character keeps the (slower) trim off values that need
    none, which is nearly all of them. It is a range test (any control character, space
    or NBSP; trim then removes only white space), not ``in (9, 10, 13, 32, 160)``: DuckDB
    plans that list as a hash join, and a join does not keep the file's row order, which
    numbers the landed records.
    """

    def may_be_space(char: str) -> str:
        return f"({char} <= 32 or {char} = 160)"

    return (
        f"nullif(case when {may_be_space(f'ascii({expr})')} "
        f"or {may_be_space(f'ascii(right({expr}, 1))')} "
        f"then trim({expr}, {_WS_CHARS}) else {expr} end, '')"
    )


# A number as written: an optional currency symbol or code before or after, a sign, digits
# and separators.  Groups 1 and 2 hold the sign (before or after the symbol), group 3 the
# digits with their separators.
_NUMBER_SHAPE = (
    r"^([-+]?)\s*(?:[A-Za-z$€£¥]{1,4}\.?\s*)?([-+]?)\s*(\d[\d.,]*)\s*(?:[A-Za-z$€£¥]{1,4}\.?)?$"
)
# Only digits, with at most one '.': DuckDB's own cast reads it, whatever the file's style.
_PLAIN = r"^-?\d+(\.\d+)?$"


def _digits(v: str) -> str:
    return f"regexp_extract({v}, '{_NUMBER_SHAPE}', 3)"


def _sign(v: str) -> str:
    return (
        f"(regexp_extract({v}, '{_NUMBER_SHAPE}', 1) || regexp_extract({v}, '{_NUMBER_SHAPE}', 2))"
    )


def _canonical_number(n: str, decimal: str) -> str:
    """Digits-and-separators text ``n`` as ``1234.5`` text, or NULL when malformed.

    ``decimal`` is a SQL expression giving the file's decimal separator ('.' or ',') used
    for ambiguous values (only separators, each followed by exactly three digits).
    """
    dots = f"(length({n}) - length(replace({n}, '.', '')))"
    commas = f"(length({n}) - length(replace({n}, ',', '')))"
    dot_is_last = f"(strpos(reverse({n}), '.') < strpos(reverse({n}), ','))"
    return f"""(case
        when {dots} = 0 and {commas} = 0 then {n}
        when {dots} > 0 and {commas} > 0 then (case
            when {dot_is_last} and regexp_full_match({n}, '\\d{{1,3}}(,\\d{{3}})*\\.\\d+')
                then replace({n}, ',', '')
            when not {dot_is_last} and regexp_full_match({n}, '\\d{{1,3}}(\\.\\d{{3}})*,\\d+')
                then replace(replace({n}, '.', ''), ',', '.')
            end)
        when {dots} + {commas} = 1 and regexp_full_match({n}, '\\d+[.,]\\d{{3}}') then (case
            when strpos({n}, {decimal}) > 0 then replace({n}, ',', '.')
            else replace(replace({n}, '.', ''), ',', '')
            end)
        when {dots} + {commas} = 1 and regexp_full_match({n}, '\\d+[.,]\\d*')
            then replace({n}, ',', '.')
        when regexp_full_match({n}, '\\d{{1,3}}(\\.\\d{{3}})+')
            then replace({n}, '.', '')
        when regexp_full_match({n}, '\\d{{1,3}}(,\\d{{3}})+')
            then replace({n}, ',', '')
        end)"""


def number(value: str, decimal: str) -> str:
    """A DECIMAL from a trimmed text value; NULL when empty or unparseable.

    Plain values (digits and at most the decimal separator) take DuckDB's cast directly;
    only the others go through the full rules. Empty values skip both: ``coalesce`` would
    still run the slow rules' regular expressions on them, and most money columns are
    empty on most lines (half the cost of landing the amounts).
    """
    n = _digits(value)
    slow = (
        f"try_cast({_sign(value)} || {_canonical_number(n, decimal)} as {DECIMAL_TYPE})"
    )
    no_exponent = f"not contains(lower({value}), 'e')"
    if decimal == "'.'":
        fast = f"(case when {no_exponent} then try_cast({value} as {DECIMAL_TYPE}) end)"
    else:
        fast = (
            f"(case when {no_exponent} and not contains({value}, '.') "
            f"then try_cast(replace({value}, ',', '.') as {DECIMAL_TYPE}) end)"
        )
    return f"(case when {value} is not null then coalesce({fast}, {slow}) end)"


def number_problem(value: str, decimal: str) -> str:
    """Why a non-empty amount did not parse: ``out of range`` when it is a well-formed number
    that does not fit the landed type (more than 12 integer digits), else ``not a number``.

    Only evaluated on the rows that failed (the quarantine's ``case``), so free on the rest.
    """
    digits = _digits(value)
    return (
        f"(case when {digits} <> '' and {_sign(value)} in ('', '-', '+') "
        f"and {_canonical_number(digits, decimal)} is not null "
        f"then 'out of range' else 'not a number' end)"
    )


def vote_text(value: str) -> str:
    """A trimmed amount without a trailing currency code or symbol, for ``decimal_vote``."""
    return (
        f"(case when ascii(right({value}, 1)) between 48 and 57 then {value} "
        f"else rtrim({value}, ' ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$€£¥.') end)"
    )


def decimal_vote(v: str) -> str:
    """'.' or ',' when an amount (a ``vote_text`` column) shows which is the decimal separator.

    Both separators: the last one.  One separator, once, not followed by exactly three
    digits: that one.  Anything else gives no vote (string functions only: this runs on
    every amount of the file).
    """
    after_dot = f"strpos(reverse({v}), '.')"
    after_comma = f"strpos(reverse({v}), ',')"
    dots = f"(length({v}) - length(replace({v}, '.', '')))"
    commas = f"(length({v}) - length(replace({v}, ',', '')))"
    return f"""(case
        when {after_dot} > 0 and {after_comma} > 0
            then (case when {after_dot} < {after_comma} then '.' else ',' end)
        when {after_dot} > 0 and {dots} = 1 and {after_dot} <> 4 then '.'
        when {after_comma} > 0 and {commas} = 1 and {after_comma} <> 4 then ','
        end)"""


# Timestamps ------------------------------------------------------------------------------

_DMY = r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
_ISO = (
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def _part(value: str, pattern: str, group: int) -> str:
    return f"nullif(regexp_extract({value}, '{pattern}', {group}), '')"


def _assemble(value: str, pattern: str, year: int, month: int, day: int) -> str:
    parts = [_part(value, pattern, g) for g in (year, month, day)]
    hour, minute, second = (_part(value, pattern, g) for g in (4, 5, 6))
    return (
        f"try_strptime({parts[0]} || '-' || {parts[1]} || '-' || {parts[2]} || ' ' || "
        f"coalesce({hour}, '0') || ':' || coalesce({minute}, '0') || ':' || "
        f"coalesce({second}, '0'), '%Y-%m-%d %H:%M:%S')"
    )


#: Formats without an offset, tried first (no regular expressions on the common path).
_FAST_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
)


def timestamp_fast(value: str) -> str:
    """The common, offset-free formats (no regular expressions); NULL for anything else."""
    formats = ", ".join(f"'{f}'" for f in _FAST_FORMATS)
    return f"try_strptime({value}, [{formats}])"


def timestamp(value: str, fast: str | None = None) -> str:
    """The wall-clock TIMESTAMP as written (offset not applied); NULL when unparseable.

    ``fast`` names an already computed ``timestamp_fast`` of the same value. Empty values
    skip the regular expressions (see ``number``).
    """
    return f"""(case when {value} is not null then coalesce({fast or timestamp_fast(value)}, (case
        when regexp_full_match({value}, '{_DMY}') then {_assemble(value, _DMY, 3, 2, 1)}
        when regexp_full_match({value}, '{_ISO}') and {_offset_in_range(value)}
            then {_assemble(value, _ISO, 1, 2, 3)}
        end)) end)"""


def _offset_in_range(value: str) -> str:
    """The written UTC offset, if any, is a real one: at most 18 hours and 59 minutes."""
    offset = f"replace({_part(value, _ISO, 7)}, ':', '')"
    return (f"coalesce({offset} = 'Z' or (try_cast(substr({offset}, 2, 2) as integer) <= 18 "
            f"and try_cast(substr({offset}, 4, 2) as integer) <= 59), true)")


def utc_offset_minutes(value: str) -> str:
    """The written UTC offset in minutes (``Z`` = 0, ``-03:00`` = -180); NULL when none."""
    offset = f"replace({_part(value, _ISO, 7)}, ':', '')"
    return f"""(case
        when {offset} = 'Z' then 0
        when {offset} is not null then
            (case when left({offset}, 1) = '-' then -1 else 1 end)
            * (cast(substr({offset}, 2, 2) as integer) * 60
               + cast(substr({offset}, 4, 2) as integer))
        end)"""


def timestamp_problem(value: str) -> str:
    """Why a non-empty timestamp did not parse: month / day / time out of range, or shape."""
    def field_checks(pattern: str, year: int, month: int, day: int) -> str:
        y, m, d = (f"cast({_part(value, pattern, g)} as integer)" for g in (year, month, day))
        days_in_month = (
            f"day(last_day(make_date({y}, {m}, 1)))"
        )
        offset = (f"when not {_offset_in_range(value)} then 'offset out of range'"
                  if pattern == _ISO else "")
        return f"""(case
            when {m} not between 1 and 12 then 'month out of range'
            when {d} not between 1 and {days_in_month} then 'day out of range'
            {offset}
            else 'time out of range' end)"""

    return f"""(case
        when regexp_full_match({value}, '{_DMY}') then {field_checks(_DMY, 3, 2, 1)}
        when regexp_full_match({value}, '{_ISO}') then {field_checks(_ISO, 1, 2, 3)}
        else 'not a date or timestamp' end)"""
