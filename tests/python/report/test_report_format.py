"""The report's formats and words (report.i18n): no OS locale, every label in every language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from fenicio_icommkt.report.i18n import LANGUAGES, Formatter, all_keys_translated, words
from fenicio_icommkt.report.page import thinned


@pytest.mark.parametrize(("language", "number", "money", "share", "day"), [
    ("en", "1,234,567", "1,234,567.90", "12.5%", "Jun 3, 2026"),
    ("es", "1.234.567", "1.234.567,90", "12,5 %", "3 jun 2026"),
    ("pt", "1.234.567", "1.234.567,90", "12,5%", "3 jun 2026"),
])
def test_numbers_and_dates_per_language(language: str, number: str, money: str, share: str,
                                        day: str) -> None:
    fmt = Formatter(language)
    assert fmt.number(1234567) == number
    assert fmt.money(Decimal("1234567.895")) == money  # half away from zero
    assert fmt.share(0.1254) == share
    assert fmt.date(date(2026, 6, 3)) == day
    assert fmt.timestamp(datetime(2026, 6, 3, 7, 5)) == f"{day} 07:05"


def test_edges_of_number_formatting() -> None:
    fmt = Formatter("es")
    assert fmt.number(0) == "0" and fmt.number(999) == "999" and fmt.number(1000) == "1.000"
    assert fmt.money(Decimal("-1234.5")) == "-1.234,50"
    assert fmt.money(Decimal("-0.004")) == "0,00"  # no "-0,00"
    assert fmt.money(Decimal("0.005")) == "0,01" and fmt.money(Decimal("-0.005")) == "-0,01"
    assert fmt.money(Decimal("123456789012.34")) == "123.456.789.012,34"
    assert fmt.number(None) == "–" and fmt.date(None) == "–"
    assert fmt.month(date(2026, 9, 1)) == "sept 2026"
    assert Formatter("pt").month(date(2026, 2, 1)) == "fev 2026"
    assert fmt.plotly_separators() == ",." and Formatter("en").plotly_separators() == ".,"
    with pytest.raises(ValueError):
        Formatter("fr")


def test_every_word_in_every_language() -> None:
    assert all_keys_translated() == []
    english = words("en")
    for language in LANGUAGES:
        translated = words(language)
        assert set(translated) == set(english)
        assert all(text.strip() for text in translated.values())
        for key, text in english.items():  # placeholders survive translation
            for name in ("{date}", "{days}", "{group}", "{currency}"):
                assert (name in text) == (name in translated[key]), (language, key)


def test_long_series_are_thinned_keeping_the_latest_date() -> None:
    days = [date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + i) for i in range(365)]
    kept = thinned(days)
    assert len(kept) <= 120 and kept[-1] == days[-1] and kept == sorted(kept)
    assert thinned(days[:50]) == days[:50]
