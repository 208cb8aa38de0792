"""Header matching: export headers (Portuguese, Spanish, canonical, or a store's own
aliases) to the canonical column names.

Matching ignores case, accents, surrounding and repeated white space and trailing
punctuation, so ``"  Codigo de rastreamento."`` and ``CÓDIGO DE RASTREAMENTO`` are the
same header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from fenicio_icommkt.settings import ConfigError, editable_table
from fenicio_icommkt.warehouse import schema

_TRAILING_PUNCTUATION = re.compile(r"[\s.,;:!?…]+$")
_WHITESPACE = re.compile(r"\s+")


def normalise_header(text: str) -> str:
    """Case-, accent-, spacing- and trailing-punctuation-insensitive form of a header."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    collapsed = _WHITESPACE.sub(" ", stripped).strip().casefold()
    return _TRAILING_PUNCTUATION.sub("", collapsed)


def alias_rows(config_dir: Path | None) -> list[dict[str, str]]:
    """Every accepted header: each column's three names from the column dictionary
    (``schema.dictionary_aliases``: Portuguese, Spanish, canonical), the seed's further
    aliases and the store's ``config/header_aliases.csv``; a seed or store row replaces the
    dictionary's row for the same header (compared as ``normalise_header`` does)."""
    extra = editable_table("header_aliases", config_dir)
    replaced = {normalise_header(row["alias"]) for row in extra}
    return extra + [row for row in schema.dictionary_aliases()
                    if normalise_header(row["alias"]) not in replaced]


def alias_map(config_dir: Path | None) -> dict[str, str]:
    """Normalised alias -> canonical name (``alias_rows``)."""
    known = {c.name for c in schema.columns()}
    mapping: dict[str, str] = {}
    for row in alias_rows(config_dir):
        canonical = row["canonical_name"].strip()
        if canonical not in known:
            raise ConfigError(
                f"header alias {row['alias']!r} points to unknown column {canonical!r}"
            )
        key = normalise_header(row["alias"])
        if mapping.get(key, canonical) != canonical:
            raise ConfigError(
                f"header alias {row['alias']!r} is ambiguous: it matches both "
                f"{mapping[key]!r} and {canonical!r}"
            )
        mapping[key] = canonical
    return mapping


@dataclass
class HeaderMatch:
    """How one file's header row maps onto the canonical columns."""

    positions: dict[str, int] = field(default_factory=dict)  # canonical -> 0-based position
    unknown: list[str] = field(default_factory=list)  # headers no alias matched
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # (first, second, name)

    def missing_required(self) -> list[str]:
        missing = [name for name in schema.REQUIRED_ALWAYS if name not in self.positions]
        for group in schema.REQUIRED_ONE_OF:
            if not any(name in self.positions for name in group):
                missing.append(" or ".join(group))
        return missing


def match_headers(headers: list[str], aliases: dict[str, str]) -> HeaderMatch:
    match = HeaderMatch()
    for position, header in enumerate(headers):
        canonical = aliases.get(normalise_header(header))
        if canonical is None:
            match.unknown.append(header)
        elif canonical in match.positions:
            first = headers[match.positions[canonical]]
            match.duplicates.append((first, header, canonical))
        else:
            match.positions[canonical] = position
    return match
