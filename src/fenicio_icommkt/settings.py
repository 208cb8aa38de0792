"""Where things live and which settings apply.

Three layers, later ones win: the repo's defaults (``dbt_project.yml`` vars and
``seeds/*.csv``), the store's ``<data dir>/config/`` (``settings.yml`` and CSV files
named like the seeds), and the environment (``FENICIO_*`` / ``ICOMMKT_*``).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: dbt vars a store may override, with the environment variable that wins over both files.
VAR_ENVIRONMENT = {
    "store_timezone": "FENICIO_STORE_TIMEZONE",
    "base_currency": "FENICIO_BASE_CURRENCY",
    "purchase_windows": "FENICIO_PURCHASE_WINDOWS",
    "rfm_frequency_thresholds": "FENICIO_RFM_FREQUENCY_THRESHOLDS",
}

#: Editable lookup tables: seed name -> the columns that identify a row.  A store's
#: ``<data dir>/config/<name>.csv`` replaces seed rows with the same key and adds new ones.
EDITABLE_TABLES = {
    "header_aliases": ("alias",),
    "status_values": ("field", "value"),
    "currency_rates": ("currency",),
    "rfm_segments": ("r_score", "f_score"),
    "icommkt_field_keys": ("profile_field",),
}


class ConfigError(Exception):
    """A setting is missing or wrong; the message says what to fix (exit code 2)."""


def project_dir() -> Path:
    """The dbt project (repo root): ``FENICIO_PROJECT_DIR`` or the checkout this package is in."""
    env = os.environ.get("FENICIO_PROJECT_DIR")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "dbt_project.yml").exists():
            return parent
    return Path.cwd()


def data_dir(cli_value: str | None = None) -> Path:
    """``--data-dir`` wins over ``FENICIO_DATA_DIR``, which wins over ``data/`` in the repo."""
    raw = cli_value or os.environ.get("FENICIO_DATA_DIR")
    path = Path(raw) if raw else project_dir() / "data"
    return path.resolve()


@dataclass(frozen=True)
class DataDir:
    """Everything the pipeline keeps for one store."""

    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def landing(self) -> Path:
        return self.root / "landing" / "order_lines"

    @property
    def landing_details(self) -> Path:
        """The carried and sensitive columns of the landed rows (see ``schema``)."""
        return self.root / "landing" / "order_line_details"

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    def ensure(self) -> DataDir:
        for path in (self.root, self.landing, self.landing_details, self.config, self.exports,
                     self.logs, self.tmp):
            path.mkdir(parents=True, exist_ok=True)
        return self


def _read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def editable_table(name: str, config_dir: Path | None) -> list[dict[str, str]]:
    """Rows of an editable lookup table: the repo's seed, overridden by the store's file."""
    if name not in EDITABLE_TABLES:
        raise KeyError(name)
    key_columns = EDITABLE_TABLES[name]
    rows = _read_csv_rows(project_dir() / "seeds" / f"{name}.csv")
    override = config_dir / f"{name}.csv" if config_dir else None
    if override is None or not override.exists():
        return rows
    store_rows = _read_csv_rows(override)
    missing = [c for c in key_columns if store_rows and c not in store_rows[0]]
    if missing:
        raise ConfigError(f"{override}: missing column(s) {', '.join(missing)}")
    store_keys = {tuple(r[c] for c in key_columns) for r in store_rows}
    kept = [r for r in rows if tuple(r[c] for c in key_columns) not in store_keys]
    return store_rows + kept


def _project_vars() -> dict[str, Any]:
    with (project_dir() / "dbt_project.yml").open(encoding="utf-8") as handle:
        project = yaml.safe_load(handle)
    return dict(project.get("vars") or {})


def _parse_env_value(value: str) -> Any:
    parsed = yaml.safe_load(value)
    return parsed if parsed is not None else value


def store_vars(config_dir: Path | None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """dbt vars for this store: project defaults < config/settings.yml < environment < overrides."""
    merged = _project_vars()
    settings_file = config_dir / "settings.yml" if config_dir else None
    if settings_file is not None and settings_file.exists():
        with settings_file.open(encoding="utf-8") as handle:
            store = yaml.safe_load(handle) or {}
        if not isinstance(store, dict):
            raise ConfigError(f"{settings_file}: expected a mapping of setting: value")
        merged.update(store.get("vars", store))
    for var, env_name in VAR_ENVIRONMENT.items():
        if env_name in os.environ:
            merged[var] = _parse_env_value(os.environ[env_name])
    merged.update(overrides or {})
    return merged


def store_setting(config_dir: Path | None, name: str, default: str | None = None) -> str | None:
    """An ICOMMKT setting: the environment wins over ``<data dir>/config/icommkt.yml``."""
    if os.environ.get(name):
        return os.environ[name]
    path = config_dir / "icommkt.yml" if config_dir else None
    if path is not None and path.exists():
        with path.open(encoding="utf-8") as handle:
            values = yaml.safe_load(handle) or {}
        if isinstance(values, dict) and values.get(name) not in (None, ""):
            return str(values[name])
    return default
