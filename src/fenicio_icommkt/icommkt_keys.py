"""The editable key map: profile fields -> ICOMMKT custom-field keys, per-window rows expanded."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fenicio_icommkt.settings import ConfigError, editable_table, store_vars

WINDOW_PLACEHOLDER = "{W}"


@dataclass(frozen=True)
class FieldKey:
    """One mapped field: the profile column and the ICOMMKT key it is sent as."""

    profile_field: str
    icommkt_key: str


def window_labels(windows: Iterable[object]) -> list[tuple[str, str]]:
    """(profile label, key label) per window: ``30`` ... and the open ``<largest>_plus``."""
    days = sorted({int(str(w).strip()) for w in windows})
    if not days:
        raise ConfigError("purchase_windows is empty: set at least one window in days")
    labels = [(str(d), str(d)) for d in days]
    labels.append((f"{days[-1]}_plus", f"{days[-1]}_Plus"))
    return labels


def expand_key_map(rows: Sequence[dict[str, str]], windows: Iterable[object]) -> list[FieldKey]:
    """Key-map rows in order, each ``{W}`` row expanded once per window; blank keys unmapped."""
    labels = window_labels(windows)
    fields: list[FieldKey] = []
    for row in rows:
        field = (row.get("profile_field") or "").strip()
        key = (row.get("icommkt_key") or "").strip()
        if not field or not key:
            continue
        if WINDOW_PLACEHOLDER in field or WINDOW_PLACEHOLDER in key:
            for field_label, key_label in labels:
                fields.append(FieldKey(field.replace(WINDOW_PLACEHOLDER, field_label),
                                       key.replace(WINDOW_PLACEHOLDER, key_label)))
        else:
            fields.append(FieldKey(field, key))
    _check_unique(fields)
    return fields


def _check_unique(fields: Sequence[FieldKey]) -> None:
    seen: set[str] = set()
    for field in fields:
        if field.icommkt_key in seen:
            raise ConfigError(f"icommkt_field_keys: key {field.icommkt_key!r} is mapped twice")
        seen.add(field.icommkt_key)


def store_key_map(config_dir: Path | None) -> list[FieldKey]:
    """The store's key map (seed overridden by ``<data dir>/config/icommkt_field_keys.csv``)."""
    rows = editable_table("icommkt_field_keys", config_dir)
    windows = store_vars(config_dir).get("purchase_windows") or []
    if isinstance(windows, str | int):
        windows = [w for w in str(windows).strip("[]").split(",") if w.strip()]
    return expand_key_map(rows, windows)
