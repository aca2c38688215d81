"""The project installs what it needs: every package listed, resources reachable."""

from __future__ import annotations

import importlib.resources
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "casefile").rglob("__init__.py")}
    found.add("casefile.resources")
    assert found == listed


def test_resources_are_reached_through_the_package() -> None:
    root = importlib.resources.files("casefile.resources")
    assert (root / "translations" / "casefile.pot").is_file()
    assert (root / "translations" / "ru" / "LC_MESSAGES" / "casefile.po").is_file()


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 dev.py test" in readme
    assert "python3 dev.py demo" in readme
    assert "python3 dev.py test" in ci
