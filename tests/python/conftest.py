"""Shared by every test: dbt parses the project once per set of vars, not once per store.

Each test builds its own store (a fresh data dir); without this each first build parses
the whole project again. ``FENICIO_DBT_PARSE_CACHE`` (see ``dbt_runner.process.reuse_parse``) lets a
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
