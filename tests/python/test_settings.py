"""Store settings: one set of rules for every command and for dbt; profiles built with
other settings than the store's are never sent.

The settings file, the environment and dbt's --vars are checked by the same rules
(settings.py; macros/hooks/check_store_settings.sql and macros/settings/); a plain
`dbt build` that ignores the store's config/settings.yml stops before building, and
`export` refuses profiles whose recorded settings differ from the store's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import store_support as support

from fenicio_icommkt.settings import ConfigError, store_settings

DEFAULTS = {"store_timezone": "America/Montevideo", "base_currency": "UYU",
            "purchase_windows": [30, 60, 90, 180, 360], "rfm_frequency_thresholds": [2, 3, 4, 6],
            "icommkt_max_list_chars": 255, "report_language": "en", "max_export_age_days": 2}


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in support.STORE_ENV:
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "config"
    folder.mkdir()
    return folder


def settings_file(config: Path, text: str) -> Path:
    path = config / "settings.yml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(config: Path) -> str:
    with pytest.raises(ConfigError) as error:
        store_settings(config)
    return str(error.value)


def test_defaults_file_and_environment_layers(config: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert store_settings(config) == DEFAULTS
    settings_file(config, "# a store in Buenos Aires\n"
                          "store_timezone: America/Argentina/Buenos_Aires\n"
                          "base_currency: ARS\npurchase_windows: [90, 7, 30]\n")
    assert store_settings(config) == {**DEFAULTS, "store_timezone":
                                      "America/Argentina/Buenos_Aires", "base_currency": "ARS",
                                      "purchase_windows": [7, 30, 90]}
    monkeypatch.setenv("FENICIO_PURCHASE_WINDOWS", "14, 28")
    monkeypatch.setenv("FENICIO_RFM_FREQUENCY_THRESHOLDS", "[1, 5, 10, 20]")
    assert store_settings(config)["purchase_windows"] == [14, 28]
    assert store_settings(config)["rfm_frequency_thresholds"] == [1, 5, 10, 20]
    monkeypatch.setenv("FENICIO_MAX_EXPORT_AGE_DAYS", "5")
    assert store_settings(config)["max_export_age_days"] == 5
    settings_file(config, "vars:\n  base_currency: BRL\n")  # dbt's own shape is read too
    assert store_settings(config)["base_currency"] == "BRL"
    settings_file(config, "")
    assert store_settings(config)["base_currency"] == "UYU"


@pytest.mark.parametrize(("text", "line"), [
    ("purchase_windows: [7, 30\nbase_currency: UYU\n", 2),
    ("base_currency: UYU\n  store_timezone: America/Montevideo\n", 2),
    ("store_timezone: America/Montevideo\nbase_currency: [UYU\n", 3),
    ("base_currency: 'UYU\n", 2),
    ("\tbase_currency: UYU\n", 1),
])
def test_malformed_yaml_names_file_and_line(config: Path, text: str, line: int) -> None:
    path = settings_file(config, text)
    message = refused(config)
    assert message.startswith(f"{path}, line {line}")


@pytest.mark.parametrize(("text", "expected"), [
    ("purchase_window: [7, 30]\n", "unknown setting 'purchase_window'; did you mean "
                                   "purchase_windows?"),
    ("base_curency: ARS\n", "did you mean base_currency?"),
    ("colour: blue\n", "unknown setting 'colour'; the settings are store_timezone"),
    ("as_of_date: 2026-06-30\n", "as_of_date is not a store setting; pass --as-of DATE"),
    ("- 7\n- 30\n", "expected `setting: value` lines, got a list"),
])
def test_an_unknown_key_is_refused_not_ignored(config: Path, text: str, expected: str) -> None:
    settings_file(config, text)
    assert expected in refused(config)


@pytest.mark.parametrize(("text", "expected"), [
    ("purchase_windows: []\n", "line 1: purchase_windows is empty"),
    ("purchase_windows: [30, -60]\n", "purchase_windows must be days from 1 to 3650, got -60"),
    ("purchase_windows: [0]\n", "got 0"),
    ("purchase_windows: [30, 30, 60]\n", "purchase_windows lists 30 twice"),
    ("purchase_windows: [7.5, 30]\n", "must hold whole numbers, got 7.5"),
    ("purchase_windows: thirty\n", "must hold whole numbers, got 'thirty'"),
    ("purchase_windows: {a: 1}\n", "must be a list of whole numbers"),
    ("purchase_windows: [true]\n", "must hold whole numbers, got True"),
    ("purchase_windows: [99999]\n", "got 99999"),
    ("rfm_frequency_thresholds: [2, 3, 3, 6]\n", "must be increasing order counts"),
    ("rfm_frequency_thresholds: [6, 4, 3, 2]\n", "must be increasing order counts"),
    ("rfm_frequency_thresholds: [0, 3, 4, 6]\n", "of at least 1"),
    ("rfm_frequency_thresholds: [2, 3, 4]\n", "must list 4 order counts"),
    ("rfm_frequency_thresholds: []\n", "must list 4 order counts"),
    ("base_currency: uyu\n", "base_currency must be a three-letter currency code"),
    ("base_currency: 858\n", "base_currency must be a three-letter currency code"),
    ("base_currency: PESOS\n", "got 'PESOS'"),
    ("store_timezone: America/Montevido\n", "store_timezone must be a time zone name"),
    ("store_timezone: ''\n", "store_timezone must be a time zone name"),
    ("max_export_age_days: 0\n", "max_export_age_days must be at least 1, got 0"),
    ("max_export_age_days: two\n", "max_export_age_days must be a whole number of days"),
    ("max_export_age_days: 1.5\n", "max_export_age_days must be a whole number of days"),
])
def test_bad_values_are_refused_with_file_and_line(config: Path, text: str,
                                                   expected: str) -> None:
    path = settings_file(config, "# store settings\n\n" + text)
    message = refused(config)
    assert message.startswith(f"{path}, line 3: ")
    assert expected.removeprefix("line 1: ") in message


def test_bad_environment_values_name_the_variable(config: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FENICIO_PURCHASE_WINDOWS", "[]")
    assert refused(config).startswith("environment variable FENICIO_PURCHASE_WINDOWS: ")
    monkeypatch.setenv("FENICIO_PURCHASE_WINDOWS", "7,30")
    monkeypatch.setenv("FENICIO_RFM_FREQUENCY_THRESHOLDS", "4,3,2,1")
    assert "FENICIO_RFM_FREQUENCY_THRESHOLDS: rfm_frequency_thresholds must be increasing" \
        in refused(config)


@pytest.mark.parametrize("command", ["build", "export", "run"])
def test_every_command_refuses_a_bad_settings_file_with_exit_2(
        command: str, built_store: Path, sample_inbox: Path, tmp_path: Path) -> None:
    store = support.store_copy(built_store, tmp_path)
    landed = sorted(p.name for p in (store / "landing").rglob("*"))
    path = store / "config" / "settings.yml"
    path.write_text("purchase_windows: [30, 60]\nrfm_frequency_tresholds: [2, 3, 4, 6]\n",
                    encoding="utf-8")
    args = {"build": ["build"], "export": ["export", "--dry-run"],
            "run": ["run", "--inbox", str(sample_inbox), "--dry-run"]}[command]
    result = support.cli(*args, "--data-dir", str(store))
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr
    assert (f"{path}: unknown setting 'rfm_frequency_tresholds'; did you mean "
            "rfm_frequency_thresholds?") in result.stderr
    assert "Running with dbt" not in result.stdout  # refused before dbt started
    assert sorted(p.name for p in (store / "landing").rglob("*")) == landed
    assert not (store / "exports").exists() or not list((store / "exports").iterdir())


def test_plain_dbt_build_refuses_vars_that_differ_from_the_store(built_store: Path,
                                                                 tmp_path: Path) -> None:
    store = support.store_copy(built_store, tmp_path)
    (store / "config" / "settings.yml").write_text(
        "purchase_windows: [7, 30]\nbase_currency: UYU\n", encoding="utf-8")
    readme = ["build", "--vars", json.dumps({"as_of_date": support.AS_OF})]
    result = support.dbt(store, *readme)
    assert result.returncode != 0
    assert ("purchase_windows is [30, 60, 90, 180, 360] here but [7, 30] in the store"
            in result.stdout)
    assert f"fenicio-icommkt build --data-dir {store}" in result.stdout
    assert """--vars '{"purchase_windows": [7, 30]}'""" in result.stdout
    assert "customer_profiles" not in _built_models(result.stdout)  # stopped before building

    # the environment layer counts too: the store's variable wins over its file
    env = support.clean_env(FENICIO_DATA_DIR=str(store), FENICIO_PURCHASE_WINDOWS="[14]")
    result = support.dbt(store, "build", "--vars", json.dumps(
        {"as_of_date": support.AS_OF, "purchase_windows": [7, 30]}), env=env)
    assert result.returncode != 0
    assert "purchase_windows is [7, 30] here but [14] in the store" in result.stdout

    # the vars the message names build the store, and its export then sends them
    result = support.dbt(store, "build", "--exclude", "test_type:unit", "--vars", json.dumps(
        {"as_of_date": support.AS_OF, "purchase_windows": [7, 30]}))
    assert result.returncode == 0, result.stdout[-3000:]
    out = tmp_path / "contacts.jsonl"
    result = support.cli("export", "--data-dir", str(store), "--dry-run", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "ICOMMKT_Purchases_7_Days" in out.read_text(encoding="utf-8")


def _built_models(stdout: str) -> str:
    return "\n".join(line for line in stdout.splitlines() if " OK created " in line)


@pytest.mark.parametrize("vars_text, expected", [
    ('{"purchase_windows": [30, -7]}', "purchase_windows must be days from 1 to 3650, got -7"),
    ('{"rfm_frequency_thresholds": [3, 2, 4, 6]}', "rfm_frequency_thresholds must be increasing"),
])
def test_dbt_refuses_bad_vars_with_a_compile_error(built_store: Path, tmp_path: Path,
                                                   vars_text: str, expected: str) -> None:
    store = support.store_copy(built_store, tmp_path)
    result = support.dbt(store, "run", "--select", "customer_profiles_settings",
                         "--vars", vars_text)
    assert result.returncode != 0
    assert "Compilation Error" in result.stdout
    assert f"dbt var (from --vars or dbt_project.yml): {expected}" in result.stdout


#: (setting, value) pairs, good and bad, that dbt and the command line must judge alike.
VERDICT_CASES = [
    ("purchase_windows", [90, 7, 30]), ("purchase_windows", "7, 30"),
    ("purchase_windows", "[14]"), ("purchase_windows", 30), ("purchase_windows", []),
    ("purchase_windows", [30, -60]), ("purchase_windows", [0]), ("purchase_windows", [3651]),
    ("purchase_windows", [30, 30, 60]), ("purchase_windows", [7.5, 30]),
    ("purchase_windows", "thirty"), ("purchase_windows", {"a": 1}),
    ("purchase_windows", [True]), ("purchase_windows", True),
    ("rfm_frequency_thresholds", [2, 3, 4, 6]), ("rfm_frequency_thresholds", "1,5,10,20"),
    ("rfm_frequency_thresholds", [2, 3, 3, 6]), ("rfm_frequency_thresholds", [6, 4, 3, 2]),
    ("rfm_frequency_thresholds", [0, 3, 4, 6]), ("rfm_frequency_thresholds", [2, 3, 4]),
    ("rfm_frequency_thresholds", []), ("rfm_frequency_thresholds", [2, 3, 4, "x"]),
    ("base_currency", "UYU"), ("base_currency", " ARS "), ("base_currency", "uyu"),
    ("base_currency", 858), ("base_currency", "PESOS"), ("base_currency", None),
    ("store_timezone", "America/Montevideo"), ("store_timezone", "America/Montevido"),
    ("store_timezone", ""), ("store_timezone", 3),
    ("max_export_age_days", 2), ("max_export_age_days", " 7 "), ("max_export_age_days", 0),
    ("max_export_age_days", "two"), ("max_export_age_days", True),
]


def test_dbt_and_the_command_line_judge_settings_alike(built_store: Path,
                                                       tmp_path: Path) -> None:
    from fenicio_icommkt.settings import check_setting

    store = support.store_copy(built_store, tmp_path)
    result = support.dbt(store, "run-operation", "print_setting_verdicts", "--args",
                         json.dumps({"cases": VERDICT_CASES}))
    assert result.returncode == 0, result.stdout[-3000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("verdicts: "))
    verdicts = json.loads(line.removeprefix("verdicts: "))
    expected = []
    for name, value in VERDICT_CASES:
        try:
            expected.append({"value": check_setting(name, value, "here")})
        except ConfigError as exc:
            expected.append({"problem": str(exc).removeprefix("here: ")})
    assert verdicts == expected
    assert sum("problem" in v for v in verdicts) == 26


def test_export_refuses_profiles_built_with_other_settings(built_store: Path,
                                                           tmp_path: Path) -> None:
    store = support.store_copy(built_store, tmp_path)
    out = tmp_path / "contacts.jsonl"
    export = ["export", "--data-dir", str(store), "--dry-run", "--out", str(out)]
    assert support.cli(*export).returncode == 0
    out.unlink()

    # settings edited after the build
    (store / "config" / "settings.yml").write_text("rfm_frequency_thresholds: [2, 4, 8, 12]\n",
                                                   encoding="utf-8")
    result = support.cli(*export)
    assert result.returncode == 2
    assert ("rfm_frequency_thresholds: built with 2,3,4,6, the store's settings say 2,4,8,12"
            in result.stderr)
    assert f"Run `fenicio-icommkt build --data-dir {store}` first" in result.stderr
    assert not out.exists()

    # the environment layer: what the store runs with decides
    env = support.clean_env(FENICIO_BASE_CURRENCY="USD")
    (store / "config" / "settings.yml").unlink()
    result = support.cli(*export, env=env)
    assert result.returncode == 2 and "base_currency: built with UYU" in result.stderr
    (store / "config" / "settings.yml").write_text("rfm_frequency_thresholds: [2, 4, 8, 12]\n",
                                                   encoding="utf-8")

    # a real send is refused the same way, before anything is sent
    result = support.cli("export", "--data-dir", str(store), env=support.clean_env(
        ICOMMKT_API_KEY="k", ICOMMKT_PROFILE_KEY="p", ICOMMKT_API_URL="http://127.0.0.1:9"))
    assert result.returncode == 2 and "built with 2,3,4,6" in result.stderr

    assert support.cli("build", "--data-dir", str(store), "--as-of", support.AS_OF
                       ).returncode == 0
    assert support.cli(*export).returncode == 0 and out.exists()
