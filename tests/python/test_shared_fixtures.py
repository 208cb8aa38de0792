"""The shared stores of the test helpers are registered once, in conftest.py.

A session fixture assigned in a test module (``built_store = support.built_store``) is a
fixture of that module: pytest makes it again for every module that names it. That is how
the 200-customer store came to be built five times a run, and the export template four.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def session_fixtures(tree: ast.Module) -> set[str]:
    """The names of the module's top-level session-scoped fixtures."""
    found = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if (isinstance(decorator, ast.Call) and "fixture" in ast.unparse(decorator.func)
                    and any(k.arg == "scope" and ast.literal_eval(k.value) == "session"
                            for k in decorator.keywords)):
                found.add(node.name)
    return found


def rebound(tree: ast.Module, names: set[str]) -> set[str]:
    """Which of ``names`` the module binds at its top level, by assignment from another
    module (``x = support.x``) or by import (``from support import x``)."""
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute):
            found |= {node.value.attr} & names
        elif isinstance(node, ast.ImportFrom):
            found |= {alias.name for alias in node.names} & names
    return found


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def helper_fixtures() -> set[str]:
    helpers = [p for p in TESTS.glob("*.py")
               if not p.name.startswith("test_") and p.name != "conftest.py"]
    return set().union(*(session_fixtures(_parse(p)) for p in helpers))


def test_the_finder_finds_a_rebound_fixture() -> None:
    helper = ast.parse('@pytest.fixture(scope="session")\ndef store(): ...\n'
                       '@pytest.fixture(scope="module")\ndef files(): ...\n')
    names = session_fixtures(helper)
    assert names == {"store"}
    module = ast.parse("import support\nstore = support.store\nfiles = support.files\n"
                       "from support import store as s\n")
    assert rebound(module, names) == {"store"}


def test_no_test_module_makes_a_shared_fixture_of_its_own() -> None:
    names = helper_fixtures()
    assert {"built_store", "sample_inbox", "fixture_template"} <= names
    offenders = {str(path.relative_to(TESTS)): sorted(found)
                 for path in sorted(TESTS.rglob("test_*.py"))
                 if (found := rebound(_parse(path), names))}
    assert offenders == {}, "register these in conftest.py instead"
    assert rebound(_parse(TESTS / "conftest.py"), names) == names
