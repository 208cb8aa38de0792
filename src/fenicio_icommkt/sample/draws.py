"""The generator's randomness: hash based (``hash(seed, key, tag)``), so a seed gives the
same values whatever the thread count, and each attribute draws with its own tag."""

from __future__ import annotations

import duckdb

from fenicio_icommkt.sample.plan import SHAPE_DRAWS, SHAPE_TAG_BASE, Plan
from fenicio_icommkt.sample.sql_values import lit


class Tag:
    """Distinct integer tags, one per random attribute, so draws are independent."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> int:
        self.n += 1
        return self.n


class Draws:
    """Random draws as SQL expressions over an integer key expression: each draw takes the
    next tag (``h``), or a shape draw's fixed tag (``sh``); constant lists go into DuckDB
    variables (``const``), set before the next statement runs (``execute``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, plan: Plan) -> None:
        self.con = con
        self.plan = plan
        self.tag = Tag()
        self.consts: dict[str, str] = {}  # SQL literal -> variable name
        self.pending: list[str] = []
        # Fixed tags for the product catalogue, used both when pricing and when writing.
        self.type_tag = self.tag()
        self.price_tag = self.tag()

    def const(self, literal: str) -> str:
        """A reference to a DuckDB variable holding a constant list (keeps the SQL short)."""
        name = self.consts.get(literal)
        if name is None:
            name = self.consts[literal] = f"v{len(self.consts)}"
            self.pending.append(f"set variable {name} = {literal}")
        return f"getvariable('{name}')"

    def execute(self, sql: str) -> None:
        for statement in self.pending:
            self.con.execute(statement)
        self.pending.clear()
        self.con.execute(sql)

    # Random helpers: SQL expressions over an integer key expression.
    def h(self, key: str) -> str:
        return self.mix(key, self.tag())

    def mix(self, key: str, tag: int) -> str:
        """A well-mixed 64-bit hash of (seed, key, tag). DuckDB's multi-argument hash
        combines its arguments' hashes too simply (low bits correlate between tags), so
        the combination is hashed again."""
        return f"hash(hash({self.plan.seed}::bigint, ({key})::bigint, {tag}::bigint))"

    def u(self, key: str) -> str:
        """Uniform double in [0, 1)."""
        return f"({self.h(key)}::double / 18446744073709551616.0)"

    def n(self, key: str, modulus: int) -> str:
        """Uniform integer in [0, modulus)."""
        return f"({self.h(key)} % {modulus})::bigint"

    def pick(self, values: list, key: str) -> str:
        """A uniformly picked element of a Python list (repeat values to weight them)."""
        return f"{self.const(lit(values))}[1 + {self.n(key, len(values))}]"

    def digits(self, key: str, width: int) -> str:
        return f"lpad({self.n(key, 10 ** width)}::varchar, {width}, '0')"

    # Shape draws: fixed tags (see SHAPE_DRAWS), so they never shift the default draws.
    def sh(self, key: str, draw: str, salt: int = 0) -> str:
        tag = SHAPE_TAG_BASE + SHAPE_DRAWS.index(draw) * 4096 + salt
        return self.mix(key, tag)

    def su(self, key: str, draw: str, salt: int = 0) -> str:
        return f"({self.sh(key, draw, salt)}::double / 18446744073709551616.0)"

    def sn(self, key: str, modulus: int, draw: str, salt: int = 0) -> str:
        return f"({self.sh(key, draw, salt)} % {modulus})::bigint"

    def spick(self, values: list, key: str, salt: int) -> str:
        return f"{self.const(lit(values))}[1 + {self.sn(key, len(values), 'pick', salt)}]"

    def sdigits(self, key: str, width: int, salt: int) -> str:
        return f"lpad({self.sn(key, 10 ** width, 'digits', salt)}::varchar, {width}, '0')"

    def usd(self) -> str:
        """Whether order k is in dollars (a shape draw: the same in build and in the files)."""
        return f"({self.su('k', 'currency')} < {self.plan.shape.usd_share!r})"
