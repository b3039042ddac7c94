"""The shape of the code, checked: no module of the package is part of an import cycle, none imports another
inside a function to dodge one, none reaches into a domain object with ``getattr``/``hasattr``, and none is
over 500 lines."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import grimp

import leavingcare

SOURCE = Path(leavingcare.__file__).resolve().parent
MAX_LINES = 500

LAZY_IMPORTS = {("store/__init__.py", "leavingcare.store.service")}
"""Imports inside a function that dodge no cycle: ``open_store`` loads the eventsourcing-backed service only
when a store is opened, so ``import leavingcare`` stays light."""

GETATTR_ALLOWED = {
    ("events/codec.py", "exc"),
    ("events/codec.py", "sub"),
    ("interop/child903.py", "exc"),
    ("report/catalogue.py", "sys.stdout"),
    ("cli_store.py", "args"),
    ("cli_input.py", "args"),
    ("events/codec.py", "lines"),
    ("store/sealing.py", "validator"),
}
"""``getattr`` on things that are not domain objects: exceptions (their notes and groups), the standard
output stream, the parsed command line, a file that may offer ``readline``, and an attrs validator (its
name tells a closed list of codes)."""


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        yield path.relative_to(SOURCE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    modules = sorted(m for m in graph.modules if m.startswith("leavingcare"))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if not imported.startswith("leavingcare"):
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_module_is_part_of_an_import_cycle() -> None:
    """Every import counts, at module level, inside a function or under ``TYPE_CHECKING``."""
    assert _cycles(grimp.build_graph("leavingcare")) == []


def test_no_module_imports_the_package_inside_a_function() -> None:
    """An import inside a function body hides a cycle from a reader; only the listed lazy import is allowed."""
    found = set()
    for name, tree in _modules():
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("leavingcare"):
                    found.add((name, node.module))
                elif isinstance(node, ast.Import):
                    found |= {(name, a.name) for a in node.names if a.name.startswith("leavingcare")}
    assert found <= LAZY_IMPORTS, sorted(found - LAZY_IMPORTS)


def test_no_getattr_or_hasattr_on_domain_objects() -> None:
    """Typed values are read by their fields, never probed by name."""
    found = set()
    for name, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr")
            ):
                found.add((name, ast.unparse(node.args[0])))
    assert found <= GETATTR_ALLOWED, sorted(found - GETATTR_ALLOWED)


def test_no_module_is_over_500_lines() -> None:
    long = {
        path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*.py")
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }
    assert not long, sorted(long)
