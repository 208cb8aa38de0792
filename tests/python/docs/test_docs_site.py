"""The metric dictionary as an analyst opens it: `dbt docs generate --static`, rendered by a
real headless browser (Debian's chromium; nothing downloads one), shows a non-empty
definition for every column of customer_profiles and of the ICOMMKT contact model, no
placeholder column, and an overview page that explains the words."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
import store_support as support

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"

ROW = re.compile(r'<tr ng-repeat-start="column in get_columns\(model\)')
NAME = re.compile(r'<span class="text-dark ng-binding">(.*?)</span>', re.S)
DESCRIPTION = re.compile(r'<span ng-show="!column.expanded" class="ng-binding">(.*?)</span>',
                         re.S)


def rendered(page: Path, route: str) -> str:
    """The page's DOM once its JavaScript ran (scripts, i.e. the inlined manifest, removed)."""
    assert shutil.which(CHROMIUM), "needs Debian's chromium: apt-get install -y chromium"
    result = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-extensions",
         "--no-first-run", "--virtual-time-budget=30000", "--dump-dom",
         f"{page.as_uri()}#!/{route}"],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return re.sub(r"<script.*?</script>", "", result.stdout, flags=re.S)


def shown_columns(dom: str) -> dict[str, str]:
    """Column name -> the description the page shows, from the rendered columns table."""
    columns = {}
    for row in ROW.split(dom)[1:]:
        row = row.split("</tr>", 1)[0]
        name, description = NAME.search(row), DESCRIPTION.search(row)
        assert name and description, row[:500]
        columns[html.unescape(name.group(1)).strip()] = html.unescape(
            re.sub(r"<[^>]+>", "", description.group(1))).strip()
    return columns


@pytest.fixture(scope="module")
def docs_site(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    store = support.store_copy(built_store, tmp_path_factory.mktemp("docs"))
    result = support.dbt(store, "docs", "generate", "--static",
                         "--vars", f'{{"as_of_date": "{support.AS_OF}"}}')
    assert result.returncode == 0, result.stdout[-3000:]
    page = store / "target" / "static_index.html"
    assert page.exists()
    return store, page


def built_columns(store: Path, model: str) -> list[str]:
    con = duckdb.connect(str(store / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute("select column_name from information_schema.columns where "
                           "table_schema = 'marts' and table_name = ? order by ordinal_position",
                           [model]).fetchall()
    finally:
        con.close()
    return [name for (name,) in rows]


@pytest.mark.parametrize("model", ["customer_profiles", "icommkt_contacts"])
def test_every_column_of_the_page_has_its_definition(docs_site: tuple[Path, Path],
                                                     model: str) -> None:
    store, page = docs_site
    shown = shown_columns(rendered(page, f"model/model.fenicio_icommkt.{model}"))
    expected = built_columns(store, model)
    assert len(expected) > 100
    assert sorted(shown) == sorted(expected)  # every real column, and no placeholder row
    blank = [name for name, text in shown.items() if not text]
    assert blank == []
    unrendered = [name for name, text in shown.items() if "{{" in text or "{S}" in text]
    assert unrendered == []
    # a per-window column says what it is, which orders count and how it is sent
    if model == "customer_profiles":
        text = shown["avg_order_value_90"]
        assert text.startswith("Revenue of the scope divided by its orders")
        assert "days_ago 0 to 89" in text and "base currency" in text
        assert "`ICOMMKT_Avg_Amount_90_Days`" in text
    else:
        assert "`ICOMMKT_Avg_Amount_90_Days`" in shown["avg_order_value_90"]
        assert "2 decimals" in shown["avg_order_value_90"]


def test_the_overview_page_explains_the_metrics(docs_site: tuple[Path, Path]) -> None:
    _, page = docs_site
    text = html.unescape(re.sub(r"<[^>]+>", " ", rendered(page, "overview")))
    for words in ["the metric dictionary", "Counted order", "days_ago 0 to 89",
                  "RFM: recency, frequency, monetary", "CANT_LOSE_THEM", "dd/mm/yyyy"]:
        assert words in text, words
