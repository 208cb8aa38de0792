"""Shared by every test: dbt parses the project once per set of vars, not once per store.

Each test builds its own store (a fresh data dir); without this each first build parses
the whole project again. ``FENICIO_DBT_PARSE_CACHE`` (see ``build.reuse_parse``) lets a
store's first build start from the parse a store with the same vars left.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def shared_dbt_parse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    previous = os.environ.get("FENICIO_DBT_PARSE_CACHE")
    os.environ["FENICIO_DBT_PARSE_CACHE"] = str(tmp_path_factory.mktemp("dbt-parse"))
    yield
    if previous is None:
        os.environ.pop("FENICIO_DBT_PARSE_CACHE", None)
    else:
        os.environ["FENICIO_DBT_PARSE_CACHE"] = previous


#: The longest test files (several dbt builds each) start first, so that with two workers
#: (`make test`: pytest -n 2 --dist loadfile) the run does not end on one of them alone.
SLOW_FIRST = ("test_segment_history.py", "test_segment_history_start.py",
              "test_incremental_build.py", "test_settings.py",
              "test_ingest_faults.py", "test_run.py", "test_conformance_profiles.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return SLOW_FIRST.index(name) if name in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: the order within a file is kept
