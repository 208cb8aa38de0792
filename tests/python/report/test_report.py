"""`fenicio-icommkt report` and the report `run` writes, end to end.

One store for the module: a sample whose history file is ingested, a segment history
started with `history start`, the store's language set to Spanish, then a daily `run`
against a fake ICOMMKT on 127.0.0.1 that rejects some emails, with a broken file in the
inbox. The report it writes is opened in Debian's chromium, headless, through selenium
and the system chromedriver (no browser is downloaded): every chart drew, the console
logged no error, the page requested nothing but itself, and the figures it shows equal
the rpt_* models and an independent count of customer_profiles.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import store_support as support

from fenicio_icommkt import cli
from fenicio_icommkt.icommkt.fake_server import FakeIcommkt
from fenicio_icommkt.report.i18n import Formatter
from fenicio_icommkt.report.writing import MAX_BYTES

AS_OF = "2026-06-30"
API_KEY = "report-test-key-1c9e"
PROFILE_KEY = "report-test-profile"
CHARTS = {"chart-rfm-grid", "chart-movement-groups", "chart-movement-segments",
          "chart-counts-groups", "chart-counts-segments", "chart-sales-revenue",
          "chart-sales-buyers"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("report")
    sample, inbox, store = base / "sample", base / "inbox", base / "store"
    assert cli.main(["sample", "--out", str(sample), "--customers", "300", "--seed", "17",
                     "--as-of", AS_OF, "--days", "2"]) == 0
    files = sorted(sample.glob("*.csv"))
    inbox.mkdir()
    for path in files:
        shutil.copy(path, inbox)
    # a file refused whole: the report's data quality must say so
    (inbox / "zz-broken.csv").write_text(files[-1].read_text(encoding="utf-8")
                                         .splitlines()[0] + "\n1,2,3\n", encoding="utf-8")
    (store / "config").mkdir(parents=True)
    (store / "config" / "settings.yml").write_text("report_language: es\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        for name in support.STORE_ENV:
            env.delenv(name, raising=False)
        assert cli.main(["ingest", "--data-dir", str(store), str(files[0])]) == 0
        assert cli.main(["history", "start", "--data-dir", str(store), "--from", "2026-03-31",
                         "--to", "2026-06-29", "--every", "7"]) == 0
        with FakeIcommkt(API_KEY, PROFILE_KEY) as server:
            server.state.reject_pattern = re.compile(r"^[a-c]")
            env.setenv("ICOMMKT_API_KEY", API_KEY)
            env.setenv("ICOMMKT_PROFILE_KEY", PROFILE_KEY)
            env.setenv("ICOMMKT_API_URL", server.url)
            code = cli.main(["run", "--data-dir", str(store), "--inbox", str(inbox),
                             "--as-of", AS_OF])
    assert code == 3  # a refused file and rejected contacts: finished, with warnings
    return {"store": store, "files": files, "inbox": inbox}


def figures(store: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(store / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def parse_number(text: str, fmt: Formatter) -> Decimal:
    """The exact value a formatted number stands for (an independent reading)."""
    plain = text.replace("\u00a0", "").replace(" ", "").rstrip("%")
    plain = plain.replace(fmt.thousands, "").replace(fmt.decimal, ".")
    return Decimal(plain)


def test_run_writes_the_dated_and_latest_reports(store: dict) -> None:
    reports = store["store"] / "reports"
    dated, latest = reports / f"{AS_OF}.html", reports / "latest.html"
    assert dated.read_bytes() == latest.read_bytes()
    size = latest.stat().st_size
    assert size <= MAX_BYTES, f"{size} bytes"
    text = latest.read_text(encoding="utf-8")
    assert '<html lang="es">' in text  # the store's report_language
    assert "Clientes por RFM" in text and "Customers by RFM" not in text


def test_report_holds_nothing_personal(store: dict) -> None:
    text = (store["store"] / "reports" / "latest.html").read_text(encoding="utf-8")
    # Plotly's bundle is the first script; the rest is ours
    ours = text[text.index("</script>"):]
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", ours), "an email in the report"
    personal = figures(store["store"], """
        select first_name || ' ' || last_name, phone, document from marts.customer_profiles
        where first_name is not null or phone is not null or document is not null""")
    assert personal, "the sample should have names, phones and documents to look for"
    for row in personal:
        for value in row:
            if value and len(value) >= 6:
                assert value not in ours, "a customer's name, phone or document in the report"


def test_report_data_quality_and_delivery_figures(store: dict) -> None:
    measures = dict(figures(store["store"],
                            "select measure, measure_value from reporting.rpt_data_quality"))
    # the run's ingest: the history file was loaded before, the two daily files are new,
    # the broken one is refused
    assert measures["last_ingest_files_skipped"] == 1
    assert measures["last_ingest_files_loaded"] == len(store["files"]) - 1
    assert measures["last_ingest_files_refused"] == 1
    assert measures["files_loaded"] == len(store["files"])
    files = figures(store["store"], """select file_name, status from reporting.rpt_ingest_files
                                       where call_rank = 1 order by file_position""")
    assert files[-1] == ("zz-broken.csv", "refused")
    runs = figures(store["store"], """select status, contacts_rejected, contacts_saved
                                      from reporting.rpt_export_runs where run_rank = 1""")
    assert runs and runs[0][0] == "partial" and runs[0][1] > 0 and runs[0][2] > 0
    reasons = figures(store["store"],
                      "select rejection_reason, contacts from reporting.rpt_export_rejections")
    assert reasons == [("Email rejected by fake rule", runs[0][1])]


def test_the_delivery_tables_are_live_after_a_later_export(store: dict, tmp_path: Path) -> None:
    copy = support.store_copy(store["store"], tmp_path)
    with FakeIcommkt(API_KEY, PROFILE_KEY) as server:
        env = support.clean_env(ICOMMKT_API_KEY=API_KEY, ICOMMKT_PROFILE_KEY=PROFILE_KEY,
                                ICOMMKT_API_URL=server.url)
        result = support.cli("export", "--data-dir", str(copy), "--as-of", AS_OF, "--full",
                             env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    out = tmp_path / "after-export.html"
    assert support.cli("report", "--data-dir", str(copy), "--out", str(out)).returncode == 0
    runs = figures(copy, "select status, contacts_rejected from reporting.rpt_export_runs "
                         "order by run_rank")
    assert [r[0] for r in runs] == ["ok", "partial"]  # the new run first, without a build
    assert figures(copy, "select count(*) from reporting.rpt_export_rejections") == [(0,)]
    text = out.read_text(encoding="utf-8")
    assert text.count("<td>ok</td>") == 1 and text.count("<td>partial</td>") == 1


def test_missing_bookkeeping_tables_and_columns_read_as_empty(store: dict,
                                                              tmp_path: Path) -> None:
    copy = support.store_copy(store["store"], tmp_path)
    with duckdb.connect(str(copy / "warehouse.duckdb")) as con:
        con.execute("drop view reporting.rpt_export_runs")
        con.execute("drop view reporting.rpt_export_rejections")
        con.execute("alter table ops.export_runs drop column contacts_unanswered")  # older
        con.execute("drop table ops.icommkt_ledger")
    result = support.dbt(copy, "run", "--select", "rpt_export_runs", "rpt_export_rejections",
                         "--vars", json.dumps({"as_of_date": AS_OF}))
    assert result.returncode == 0, result.stdout[-3000:]
    assert figures(copy, "select count(*), count(contacts_unanswered), count(contacts_sent) "
                         "from reporting.rpt_export_runs") == [(1, 0, 1)]
    assert figures(copy, "select count(*) from reporting.rpt_export_rejections") == [(0,)]


def test_report_command_languages_and_out(store: dict, tmp_path: Path) -> None:
    as_of = date.fromisoformat(AS_OF)
    revenue = figures(store["store"],
                      "select revenue from reporting.rpt_headline where period = 'total'")[0][0]
    for language, label in (("en", "Customers by RFM"), ("pt", "Clientes por RFM"),
                            ("es", "Clientes por RFM")):
        out = tmp_path / f"{language}.html"
        result = support.cli("report", "--data-dir", str(store["store"]), "--lang", language,
                             "--out", str(out))
        assert result.returncode == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        fmt = Formatter(language)
        assert f'<html lang="{language}">' in text and label in text
        assert fmt.date(as_of) in text
        cell = re.search(r'data-figure="revenue:total">([^<]+)<', text).group(1)
        assert cell == fmt.money(revenue) and parse_number(cell, fmt) == revenue


def test_report_refuses_a_bad_language_setting_and_a_store_without_figures(
        store: dict, tmp_path: Path) -> None:
    bad = support.store_copy(store["store"], tmp_path)
    (bad / "config" / "settings.yml").write_text("report_language: fr\n", encoding="utf-8")
    result = support.cli("report", "--data-dir", str(bad))
    assert result.returncode == 2
    assert "report_language must be one of en, es, pt; got 'fr'" in result.stderr
    empty = tmp_path / "empty"
    result = support.cli("report", "--data-dir", str(empty))
    assert result.returncode == 1 and "ingest and build first" in result.stderr


def test_a_report_that_cannot_be_written_does_not_fail_the_run(store: dict,
                                                               tmp_path: Path) -> None:
    copy = support.store_copy(store["store"], tmp_path)
    shutil.rmtree(copy / "reports")
    (copy / "reports").write_text("not a folder", encoding="utf-8")
    inbox = tmp_path / "empty-inbox"
    inbox.mkdir()
    result = support.cli("run", "--data-dir", str(copy), "--inbox", str(inbox), "--as-of",
                         AS_OF, "--dry-run", "--out", str(tmp_path / "dry.jsonl"))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert "run: no report written (FileExistsError" in result.stderr
    assert (copy / "reports").read_text(encoding="utf-8") == "not a folder"


# The browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(store: dict):
    """The report `run` wrote, opened in headless chromium: the driver, after every chart
    drew (or 60 s)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver_path, (
        "the browser test needs Debian's chromium and chromium-driver: "
        "apt-get install -y chromium chromium-driver (.ci/run does)")
    os.environ["SE_OFFLINE"] = "true"  # selenium must never download anything
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,2000",
                     "--disable-background-networking", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get((store["store"] / "reports" / "latest.html").as_uri())
        WebDriverWait(driver, 60).until(lambda d: d.execute_script(
            "const divs = document.querySelectorAll('.plotly-graph-div');"
            "return divs.length > 0 && [...divs].every(d => d.querySelector('svg.main-svg'));"))
        yield driver
    finally:
        driver.quit()


def test_every_chart_rendered(browser) -> None:
    charts = browser.execute_script("""
        return [...document.querySelectorAll('.plotly-graph-div')].map(d => ({
            id: d.id,
            heatmaps: [...d.querySelectorAll('.heatmaplayer image')]
                .filter(i => (i.getAttribute('href') || '').length > 100).length,
            lines: [...d.querySelectorAll('.scatterlayer path.js-line')]
                .filter(p => (p.getAttribute('d') || '').length > 10).length,
            width: d.getBoundingClientRect().width,
            height: d.getBoundingClientRect().height,
        }));""")
    assert {c["id"] for c in charts} == CHARTS
    declared = browser.execute_script("return Number(document.body.dataset.charts)")
    assert declared == len(charts)
    for chart in charts:
        assert chart["width"] > 300 and chart["height"] > 200, chart
        if chart["id"] in ("chart-rfm-grid", "chart-movement-groups",
                           "chart-movement-segments"):
            assert chart["heatmaps"] == 1, chart  # the visible scope's heat map, drawn
        else:
            assert chart["lines"] >= 2, chart


def test_no_console_error_and_no_network_request(browser) -> None:
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    page = browser.current_url
    requests = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    assert page in requests, "the DevTools network log should show the page itself"
    assert [u for u in requests if u != page and not u.startswith(("data:", "blob:"))] == []
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert [u for u in resources if not u.startswith(("data:", "blob:"))] == []


def test_figures_shown_equal_the_models_and_an_independent_count(browser, store: dict) -> None:
    fmt = Formatter("es")
    shown = browser.execute_script("""
        const out = {};
        document.querySelectorAll('[data-figure]').forEach(e => out[e.dataset.figure] =
            e.textContent.trim());
        return out;""")
    headline = figures(store["store"], """
        select period, customers, buyers, prospects, repeat_rate, revenue, orders,
               average_ticket, revenue_per_buyer from reporting.rpt_headline""")
    names = ["customers", "buyers", "prospects", "repeat_rate", "revenue", "orders",
             "average_ticket", "revenue_per_buyer"]
    for period, *values in headline:
        for name, value in zip(names, values, strict=True):
            text = shown[f"{name}:{period}"]
            if name == "repeat_rate":
                assert text == fmt.share(value)
                assert parse_number(text, fmt) == round(Decimal(str(value)) * 100, 1)
            else:
                assert parse_number(text, fmt) == Decimal(value), (name, period, text)
    # customers per group and per lifetime segment: counted here from the profiles
    profiles = figures(store["store"],
                       "select rfm_group, rfm_segment_total, orders_total, revenue_total, "
                       "orders_30, revenue_30 from marts.customer_profiles")
    groups = Counter(p[0] for p in profiles)
    segments = Counter(p[1] for p in profiles if p[1] is not None)
    assert parse_number(shown["customers:total"], fmt) == len(profiles)
    assert parse_number(shown["prospects:total"], fmt) == sum(1 for p in profiles
                                                              if p[2] == 0)
    assert parse_number(shown["revenue:total"], fmt) == sum(p[3] for p in profiles)
    assert parse_number(shown["revenue:30"], fmt) == sum(p[5] for p in profiles)
    assert parse_number(shown["orders:30"], fmt) == sum(p[4] for p in profiles)
    for group, count in groups.items():
        assert parse_number(shown[f"group_customers:{group}"], fmt) == count
    for segment, count in segments.items():
        assert parse_number(shown[f"segment_customers:total:{segment}"], fmt) == count
    assert shown["as_of_date"] == f"al {fmt.date(date.fromisoformat(AS_OF))}"
