"""Small modules and short functions (issue 17): a newcomer reads any of them in one sitting.

No module under casefile/ is over 400 lines and no function over 60 (its ``def`` line to its last
line); the demo's data is data, not code, and is exempt.
"""

from __future__ import annotations

import ast
from pathlib import Path

import casefile

PACKAGE = Path(casefile.__file__).parent
MODULE_LINES = 400
FUNCTION_LINES = 60
EXEMPT = {Path("services/demo/data.py")}


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE) not in EXEMPT)


def long_functions(path: Path, limit: int = FUNCTION_LINES) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno is not None and node.end_lineno - node.lineno + 1 > limit]


def test_no_module_over_400_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES}
    assert long == {}


def test_no_function_over_60_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): found for p in sources() if (found := long_functions(p))}
    assert long == {}


def test_the_counter_counts_a_long_function(tmp_path: Path) -> None:
    source = tmp_path / "long.py"
    body = "".join(f"    x{n} = {n}\n" for n in range(60))
    source.write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}")
    assert long_functions(source) == ["long (61 lines, line 5)"]
