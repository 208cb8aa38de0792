"""Profiles are sent only when built with the store's current settings.

``marts.customer_profiles_settings`` (one row, written by every dbt build after
``customer_profiles`` and its tests pass) says which settings the profiles were built with.
An analyst's plain ``dbt build`` that ignored the store's ``config/settings.yml``, or a
settings file edited since the last build, would otherwise send profiles computed with
other windows or thresholds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from fenicio_icommkt.settings import STORE_SETTINGS, ConfigError, store_settings

RECORD = "marts.customer_profiles_settings"


def _text(value: Any) -> str:
    return ",".join(str(v) for v in value) if isinstance(value, list) else str(value)


def built_with(conn: duckdb.DuckDBPyConnection) -> dict[str, str] | None:
    """The settings of the last successful build, or None for a warehouse without a record
    (built before the record existed, or profiles written by hand)."""
    recorded = {str(name) for (name,) in conn.execute(
        "select column_name from information_schema.columns"
        " where table_schema = 'marts' and table_name = 'customer_profiles_settings'"
    ).fetchall()}
    if not recorded:
        return None
    # a record written before a setting existed says nothing about that setting
    names = [name for name in STORE_SETTINGS if name in recorded]
    row = conn.execute(f"select {', '.join(names)} from {RECORD}").fetchone()
    if row is None:
        return None
    return {name: str(value) for name, value in zip(names, row, strict=True)}


def check(conn: duckdb.DuckDBPyConnection, config_dir: Path, data_dir: Path) -> None:
    """ConfigError (exit 2) naming each difference and the command that fixes it."""
    built = built_with(conn)
    if built is None:
        return
    wanted = {name: _text(value) for name, value in store_settings(config_dir).items()}
    differ = [f"{name}: built with {built[name]}, the store's settings say {wanted[name]}"
              for name in STORE_SETTINGS if name in built and built[name] != wanted[name]]
    if differ:
        raise ConfigError(
            "the profiles were built with other settings than the store's "
            f"({config_dir / 'settings.yml'} and FENICIO_* variables): "
            + "; ".join(differ)
            + f". Run `fenicio-icommkt build --data-dir {data_dir}` first; nothing was sent"
        )
