"""SQL text made in Python: the one way to quote a value into a statement."""

from __future__ import annotations


def literal(text: str) -> str:
    """A SQL string literal for ``text`` (single quotes doubled), for DuckDB and Spark."""
    return "'" + text.replace("'", "''") + "'"
