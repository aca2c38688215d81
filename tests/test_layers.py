"""Layers import downward only: Qt only under casefile/ui, SQLCipher only under casefile/vault,
no layer imports one above it, and no module imports itself back through others (no cycles)."""

from __future__ import annotations

import ast
from pathlib import Path

import casefile

PACKAGE = Path(casefile.__file__).parent
# Which top-level modules each layer may not import.
FORBIDDEN = {
    "domain": ("casefile.vault", "casefile.services", "casefile.ui", "casefile.cli",
               "casefile.sync", "casefile.printing", "sqlcipher3", "PySide6"),
    "vault": ("casefile.services", "casefile.ui", "casefile.cli", "casefile.sync",
              "casefile.printing", "PySide6"),
    "services": ("casefile.ui", "casefile.cli", "PySide6", "sqlcipher3"),
    # Printing turns record dicts into PDFs; the services gather the records for it.
    "printing": ("casefile.vault", "casefile.services", "casefile.ui", "casefile.cli",
                 "casefile.sync", "sqlcipher3", "PySide6"),
    # Bundles are pure crypto and parsing: the vault side calls them, not the other way.
    "sync": ("casefile.vault", "casefile.services", "casefile.ui", "casefile.cli",
             "casefile.printing", "sqlcipher3", "PySide6"),
    # The window may be opened by the CLI (`casefile gui`), never the other way round; both
    # reach the vault only through the services.
    "ui": ("casefile.cli", "casefile.vault", "sqlcipher3"),
    "cli": ("casefile.vault", "sqlcipher3", "PySide6"),
}
# Height of each layer: a module may import only from its own height or below. The modules at
# the package's top (i18n, process, atomicfile) sit with the domain, under everything.
HEIGHT = {"domain": 0, "vault": 1, "sync": 1, "printing": 2, "services": 3, "cli": 4, "ui": 4}


def imports_of(path: Path, *, runtime_only: bool = False) -> set[str]:
    """Every module ``path`` imports, at its top or inside functions; ``from a import b`` counts
    as ``a.b`` when that is a module. With ``runtime_only``, imports made only for type checking
    (under ``if TYPE_CHECKING:``) do not count."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                typing_only.update(id(inner) for inner in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if module_path(f"{node.module}.{alias.name}") is not None)
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def name_of(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> Path | None:
    if name != "casefile" and not name.startswith("casefile."):
        return None
    base = PACKAGE.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def height(module: str) -> int:
    parts = module.split(".")
    return HEIGHT.get(parts[1], 0) if len(parts) > 1 else 0


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def import_graph() -> dict[str, set[str]]:
    return {name_of(path): {m for m in imports_of(path, runtime_only=True)
                            if module_path(m) is not None} - {name_of(path)}
            for path in modules()}


def test_qt_only_under_ui() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in modules()
                 if "ui" not in p.relative_to(PACKAGE).parts[:1]
                 and any(m.split(".")[0] == "PySide6" for m in imports_of(p))]
    assert offenders == []


def test_sqlcipher_only_under_vault() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in modules()
                 if p.relative_to(PACKAGE).parts[0] != "vault"
                 and any(m.split(".")[0] == "sqlcipher3" for m in imports_of(p))]
    assert offenders == []


def test_layers_import_downward() -> None:
    offenders = []
    for path in modules():
        layer = path.relative_to(PACKAGE).parts[0]
        for module in imports_of(path):
            for banned in FORBIDDEN.get(layer, ()):
                if module == banned or module.startswith(banned + "."):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert offenders == []


def test_no_layer_imports_a_higher_one() -> None:
    offenders = [f"{name_of(path)} imports {module}"
                 for path in modules() for module in imports_of(path)
                 if module_path(module) is not None and height(module) > height(name_of(path))]
    assert offenders == []


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e2"}, "e2": {"e"}}
    assert sorted(cycles(graph)) == [["a", "b", "c"], ["e", "e2"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_checker_sees_an_arrow_up(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def later():\n    from casefile.services.records import session\n")
    assert "casefile.services.records.session" in imports_of(bad)
    assert height("casefile.services.records.session") > height("casefile.printing.letter")


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport sqlcipher3\n")
    assert {"PySide6.QtCore", "sqlcipher3"} <= imports_of(bad)
