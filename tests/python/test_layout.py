"""The package's layout rules: no import cycle between its modules."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "fenicio_icommkt"


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node, except what sits under ``if TYPE_CHECKING:`` (never imported at run time,
    so no cycle: the type checker resolves those)."""
    found: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def module_names() -> dict[str, Path]:
    """Every module of the package by its dotted name under the package (``ingest.files``);
    a subpackage's ``__init__.py`` is the subpackage (``ingest``), the package's own is
    left out."""
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if parts:
            names[".".join(parts)] = path
    return names


def _targets(imported: str, names: set[str], importer: str) -> set[str]:
    """The modules an import of ``imported`` (dotted, under the package) runs: the module and
    each subpackage on its way that the importer is not inside of (importing
    ``ingest.files`` from outside ``ingest`` runs ``ingest/__init__.py`` first)."""
    parts = imported.split(".")
    found = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    inside = {".".join(importer.split(".")[:i]) for i in range(1, importer.count(".") + 1)}
    return (found - inside) & names


def imports() -> dict[str, set[str]]:
    """module -> the package's modules it imports at run time (anywhere in it, functions
    included), dotted names as ``module_names`` gives them."""
    modules = module_names()
    names = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in _runtime_nodes(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:  # relative: from the module's own package upwards
                    base = package.split(".") if package else []
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                elif node.module == "fenicio_icommkt":
                    module = ""
                elif node.module and node.module.startswith("fenicio_icommkt."):
                    module = node.module.removeprefix("fenicio_icommkt.")
                else:
                    continue
                if module:
                    found |= _targets(module, names, name)
                for alias in node.names:  # ``from package import module``
                    child = f"{module}.{alias.name}" if module else alias.name
                    if child in names:
                        found |= _targets(child, names, name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("fenicio_icommkt."):
                        found |= _targets(alias.name.removeprefix("fenicio_icommkt."), names,
                                          name)
        graph[name] = found - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_type_checking_imports_are_not_run_time_imports() -> None:
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                     "    from fenicio_icommkt.ingest import X\nelse:\n    import os\n")
    names = [n.module for n in _runtime_nodes(tree) if isinstance(n, ast.ImportFrom)]
    assert names == ["typing"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_the_package() -> None:
    names = {"cli", "cli.run", "daily", "ingest", "ingest.files", "ingest.faults", "settings"}
    assert _targets("ingest.faults", names, "daily") == {"ingest", "ingest.faults"}
    assert _targets("ingest.faults", names, "ingest.files") == {"ingest.faults"}
    assert _targets("cli", names, "cli.run") == set()  # a module's own package: no edge
    graph = imports()
    assert len(graph) > 20 and "settings" in graph["ingest.call"]  # the graph is really read
    assert "cli" in graph["daily"] and "daily" in graph["cli.run"]  # subpackages too
    assert cycles(graph) == []
