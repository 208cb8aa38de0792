"""Shared by every test.

- dbt parses the project once per set of vars, not once per store. Each test builds its
  own store (a fresh data dir); without this each first build parses the whole project
  again, and so does a build after ``history start`` (other vars).
  ``FENICIO_DBT_PARSE_CACHE`` (see ``dbt_runner.process.reuse_parse``) lets such a build
  start from the parse that a store with the same vars left.
- The shared stores are registered here, once: ``sample_inbox`` and ``built_store``
  (store_support.py), ``fixture_template`` and ``fixture_dir`` (export_support.py),
  ``conformance_run`` (conformance_case.py). A session fixture assigned in each test
  module is a fixture of that module, made again for every module that names it; these
  are made once per run (``made_once``).
- Files marked ``long`` (minutes of builds) are collected first. pytest-xdist hands each
  worker a whole file (``--dist loadfile``) in collection order when told not to reorder
  (``--no-loadscope-reorder``, as ``make pytest`` runs it); its own order puts the files
  with the most tests first, so these files of one or two tests came last and one worker
  ran the last of them alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from conformance_case import conformance_run
from export_support import fixture_dir, fixture_template
from store_support import built_store, run_folder, sample_inbox

__all__ = ["built_store", "conformance_run", "fixture_dir", "fixture_template", "sample_inbox"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable


@pytest.fixture(scope="session", autouse=True)
def shared_dbt_parse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    previous = os.environ.get("FENICIO_DBT_PARSE_CACHE")
    # one folder for the run's workers (pytest-xdist): each set of vars is parsed in full
    # once per run, not once per worker (a parse is shared by an atomic rename)
    folder = run_folder(tmp_path_factory) / "dbt-parse"
    folder.mkdir(exist_ok=True)
    os.environ["FENICIO_DBT_PARSE_CACHE"] = str(folder)
    yield
    if previous is None:
        os.environ.pop("FENICIO_DBT_PARSE_CACHE", None)
    else:
        os.environ["FENICIO_DBT_PARSE_CACHE"] = previous
