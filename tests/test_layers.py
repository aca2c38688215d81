"""Layers import downward only: Qt only under casefile/ui, SQLCipher only under casefile/vault."""

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
    # Printing turns record dicts into PDFs; only its picture script builds a demo vault.
    "printing": ("casefile.vault", "casefile.ui", "casefile.cli", "casefile.sync",
                 "sqlcipher3", "PySide6"),
    # Bundles are pure crypto and parsing: the vault side calls them, not the other way.
    "sync": ("casefile.vault", "casefile.services", "casefile.ui", "casefile.cli",
             "casefile.printing", "sqlcipher3", "PySide6"),
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


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


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport sqlcipher3\n")
    assert {"PySide6.QtCore", "sqlcipher3"} <= imports_of(bad)
