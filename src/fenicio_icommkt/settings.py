"""Where things live and which settings apply.

Three layers, later ones win: the repo's defaults (``dbt_project.yml`` vars and
``seeds/*.csv``), the store's ``<data dir>/config/`` (``settings.yml`` and CSV files
named like the seeds), and the environment (``FENICIO_*`` / ``ICOMMKT_*``).
"""

from __future__ import annotations

import csv
import difflib
import os
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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
        """The carried and sensitive columns of the landed rows (see ``warehouse.schema``)."""
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


# --- Store settings: one place that says what a setting may hold --------------------------
# The same rules live in dbt (macros/hooks/check_store_settings.sql, macros/settings/),
# so a plain `dbt build --vars ...` refuses what the command line refuses.

#: The longest window accepted (days): ten years; a longer one is a typo.
MAX_WINDOW_DAYS = 3650
#: F is 1 + the number of thresholds reached, on the same 1..5 scale as R and M.
FREQUENCY_THRESHOLDS = 4
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _whole_numbers(value: Any, name: str, where: str) -> list[int]:
    """A list of whole numbers from a YAML list, a number, or text like ``7, 30`` / ``[7, 30]``."""
    if isinstance(value, str):
        text = value.strip().removeprefix("[").removesuffix("]")
        items: list[Any] = [part.strip() for part in text.split(",") if part.strip()]
    elif isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        items = [value]
    else:
        raise ConfigError(f"{where}: {name} must be a list of whole numbers of days, "
                          f"got {value!r}")
    numbers = []
    for item in items:
        if isinstance(item, bool) or not (
                isinstance(item, int) or (isinstance(item, str) and re.fullmatch(r"-?\d+", item))):
            raise ConfigError(f"{where}: {name} must hold whole numbers, got {item!r}")
        numbers.append(int(item))
    return numbers


def _check_windows(value: Any, where: str) -> list[int]:
    windows = _whole_numbers(value, "purchase_windows", where)
    if not windows:
        raise ConfigError(f"{where}: purchase_windows is empty: list at least one window in "
                          "days, e.g. [30, 60, 90, 180, 360]")
    bad = [w for w in windows if not 1 <= w <= MAX_WINDOW_DAYS]
    if bad:
        raise ConfigError(f"{where}: purchase_windows must be days from 1 to {MAX_WINDOW_DAYS}, "
                          f"got {bad[0]}")
    twice = sorted({w for w in windows if windows.count(w) > 1})
    if twice:
        raise ConfigError(f"{where}: purchase_windows lists {twice[0]} twice")
    return sorted(windows)


def _check_thresholds(value: Any, where: str) -> list[int]:
    thresholds = _whole_numbers(value, "rfm_frequency_thresholds", where)
    if len(thresholds) != FREQUENCY_THRESHOLDS:
        raise ConfigError(
            f"{where}: rfm_frequency_thresholds must list {FREQUENCY_THRESHOLDS} order counts "
            f"(F is 1 + the number reached, 1 to 5), got {len(thresholds)}: {thresholds}")
    if thresholds[0] < 1 or any(b <= a for a, b in zip(thresholds, thresholds[1:], strict=False)):
        raise ConfigError(f"{where}: rfm_frequency_thresholds must be increasing order counts "
                          f"of at least 1, like [2, 3, 4, 6]; got {thresholds}")
    return thresholds


def _check_currency(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _CURRENCY.match(value.strip()):
        raise ConfigError(f"{where}: base_currency must be a three-letter currency code in "
                          f"capitals, like UYU; got {value!r}")
    return value.strip()


def _check_timezone(value: Any, where: str) -> str:
    name = value.strip() if isinstance(value, str) else ""
    try:
        if not name:
            raise ValueError(name)
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise ConfigError(f"{where}: store_timezone must be a time zone name like "
                          f"America/Montevideo; got {value!r}") from None
    return name


def _check_list_chars(value: Any, where: str) -> int:
    if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        raise ConfigError(f"{where}: icommkt_max_list_chars must be a whole number of "
                          f"characters, like 255; got {value!r}")
    number = int(value)
    if number < 1:
        raise ConfigError(f"{where}: icommkt_max_list_chars must be at least 1, got {number}")
    return number


#: The languages the report (``fenicio-icommkt report``) is written in.
REPORT_LANGUAGES = ("en", "es", "pt")


def _check_language(value: Any, where: str) -> str:
    name = value.strip().lower() if isinstance(value, str) else ""
    if name not in REPORT_LANGUAGES:
        raise ConfigError(f"{where}: report_language must be one of "
                          f"{', '.join(REPORT_LANGUAGES)}; got {value!r}")
    return name


def _check_export_age(value: Any, where: str) -> int:
    if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        raise ConfigError(f"{where}: max_export_age_days must be a whole number of days, "
                          f"like 2; got {value!r}")
    number = int(value)
    if number < 1:
        raise ConfigError(f"{where}: max_export_age_days must be at least 1, got {number}")
    return number


#: Every setting a store may set, with how it is checked and the environment variable
#: that wins over the files. Anything else in settings.yml is refused (a typo must not
#: silently fall back to the default).
STORE_SETTINGS: dict[str, tuple[str, Callable[[Any, str], Any]]] = {
    "store_timezone": ("FENICIO_STORE_TIMEZONE", _check_timezone),
    "base_currency": ("FENICIO_BASE_CURRENCY", _check_currency),
    "purchase_windows": ("FENICIO_PURCHASE_WINDOWS", _check_windows),
    "rfm_frequency_thresholds": ("FENICIO_RFM_FREQUENCY_THRESHOLDS", _check_thresholds),
    "icommkt_max_list_chars": ("FENICIO_ICOMMKT_MAX_LIST_CHARS", _check_list_chars),
    "report_language": ("FENICIO_REPORT_LANGUAGE", _check_language),
    "max_export_age_days": ("FENICIO_MAX_EXPORT_AGE_DAYS", _check_export_age),
}
#: Settings that are not dbt vars (only the command line reads them), with their defaults;
#: dbt's settings check skips them (macros/settings/command_only_setting_names.sql).
COMMAND_SETTINGS: dict[str, Any] = {"report_language": "en"}
VAR_ENVIRONMENT = {name: env for name, (env, _) in STORE_SETTINGS.items()}
#: Not settings: the command line sets them (``--as-of``, ``--data-dir``).
_COMMAND_LINE_VARS = {"as_of_date": "--as-of DATE", "data_dir": "--data-dir PATH"}


def check_setting(name: str, value: Any, where: str) -> Any:
    """The setting's value, normalised; ConfigError naming ``where`` if it is not valid."""
    return STORE_SETTINGS[name][1](value, where)


def _read_settings_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}, line {mark.line + 1}, column {mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(f"{where}: {problem} (settings.yml is YAML: `name: value` lines)") \
            from None
    if loaded is None:
        return {}
    if isinstance(loaded, dict) and set(loaded) == {"vars"}:
        loaded = loaded["vars"] or {}
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path}: expected `setting: value` lines, got a {type(loaded).__name__}")
    unknown = [str(k) for k in loaded if k not in STORE_SETTINGS]
    if unknown:
        name = unknown[0]
        if name in _COMMAND_LINE_VARS:
            raise ConfigError(f"{path}: {name} is not a store setting; pass "
                              f"{_COMMAND_LINE_VARS[name]} on the command line")
        close = difflib.get_close_matches(name, list(STORE_SETTINGS), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ConfigError(f"{path}: unknown setting {name!r}; {hint}the settings are "
                          + ", ".join(STORE_SETTINGS))
    lines = _key_lines(text)
    return {str(k): check_setting(str(k), v, f"{path}, line {lines.get(str(k), '?')}")
            for k, v in loaded.items()}


def _key_lines(text: str) -> dict[str, int]:
    """The line each top-level (or ``vars:``) key of a YAML mapping is on."""
    node = yaml.compose(text)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "vars" and isinstance(value, yaml.MappingNode):
                lines.update({k.value: k.start_mark.line + 1 for k, _ in value.value})
            lines[str(key.value)] = key.start_mark.line + 1
    return lines


def _parse_env_value(value: str) -> Any:
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        return value
    return parsed if parsed is not None else value


def store_settings(config_dir: Path | None) -> dict[str, Any]:
    """The store's settings, checked: repo defaults < config/settings.yml < environment."""
    defaults = {**COMMAND_SETTINGS, **_project_vars()}
    where = f"{project_dir() / 'dbt_project.yml'} (vars)"
    merged = {name: check_setting(name, defaults[name], where) for name in STORE_SETTINGS}
    settings_file = config_dir / "settings.yml" if config_dir else None
    if settings_file is not None and settings_file.exists():
        merged.update(_read_settings_file(settings_file))
    for name, (env_name, _) in STORE_SETTINGS.items():
        if env_name in os.environ:
            merged[name] = check_setting(name, _parse_env_value(os.environ[env_name]),
                                         f"environment variable {env_name}")
    return merged


def store_vars(config_dir: Path | None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """dbt vars for this store: project defaults < config/settings.yml < environment < overrides."""
    merged = _project_vars()
    merged.update({name: value for name, value in store_settings(config_dir).items()
                   if name not in COMMAND_SETTINGS})
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
