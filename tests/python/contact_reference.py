"""An independent implementation of the ICOMMKT contact, in plain Python, from icommkt-api.md.

It shares no code with the dbt models: the key map is read from the seed and the store's
override CSV (rows replace seed rows with the same profile_field, compared trimmed and
case-insensitively; new rows are added; an empty key leaves a field unmapped), ``{W}`` rows
are expanded per window, and each value is formatted by the rule the spec gives its field
(dates, counts, units, money, lists, text), the kind told by the field's name. Tests compare
the built ``icommkt_contacts`` with it field for field.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def reference_list_text(items: list[str | None] | None, max_chars: int = 255) -> str:
    """Whole elements joined with ", " while the text fits; stop at the first that does not;
    a first element alone too long gives its first max_chars (Python counts code points)."""
    if not items:
        return ""
    kept = [item for item in items if item is not None]
    text = ""
    for index, item in enumerate(kept):
        candidate = item if index == 0 else f"{text}, {item}"
        if len(candidate) > max_chars:
            return item[:max_chars] if index == 0 else text
        text = candidate
    return text


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def key_map(config_dir: Path | None, windows: list[int]) -> dict[str, str]:
    """profile field -> key, as the store's key map says (seed overridden by config/)."""
    rows = _rows(REPO / "seeds" / "icommkt_field_keys.csv")
    override = config_dir / "icommkt_field_keys.csv" if config_dir else None
    if override is not None and override.exists():
        store = _rows(override)
        keys = {r["profile_field"].strip().lower() for r in store}
        rows = store + [r for r in rows if r["profile_field"].strip().lower() not in keys]
    labels = [(str(w), str(w)) for w in sorted(set(windows))]
    labels.append((f"{max(windows)}_plus", f"{max(windows)}_Plus"))
    mapped: dict[str, str] = {}
    for row in rows:
        field = (row["profile_field"] or "").strip().lower()
        key = (row["icommkt_key"] or "").strip()
        if not field or not key:
            continue
        if "{w}" in field or "{W}" in key:
            for field_label, key_label in labels:
                mapped[field.replace("{w}", field_label)] = key.replace("{W}", key_label)
        else:
            mapped[field] = key
    return mapped


def value_kind(field: str) -> str:
    if field.endswith(("_date", "_since")):
        return "date"
    if field.startswith(("orders_", "days_since_", "r_score_", "f_score_", "m_score_")):
        return "count"
    if field.startswith(("revenue_", "avg_order_value_")) or field == "last_purchase_amount":
        return "money"
    if field.startswith("units_"):
        return "units"
    if field.startswith(("products_", "categories_", "discount_codes_", "last_purchase_")):
        return "list"
    return "text"


def format_value(value: Any, kind: str, max_chars: int = 255) -> str:
    if value is None:
        return ""
    if kind == "date":
        assert isinstance(value, dt.date)
        return value.strftime("%d/%m/%Y")
    if kind == "count":
        return str(int(value))
    if kind == "money":
        return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    if kind == "units":
        text = format(Decimal(value).normalize(), "f")
        return text
    if kind == "list":
        return reference_list_text(list(value), max_chars)
    return str(value)


def contact(profile: dict[str, Any], keys: dict[str, str]) -> dict[str, str]:
    """key -> value of the contact for one profile row (fields the map names)."""
    return {key: format_value(profile[field], value_kind(field)) for field, key in keys.items()}
