"""Lay casefile out as it is installed, for PyInstaller (packaging/casefile.spec).

resources/ sits at the top of the repository but is the package ``casefile.resources``
(pyproject maps it). PyInstaller cannot follow that mapping, so the spec analyses a copy
with resources/ moved inside the package, and ships every resource file as data beside it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class MissingBuildProductError(Exception):
    """The translations were not compiled before the build."""


def stage(dest: Path, root: Path = ROOT) -> list[tuple[str, str]]:
    """Copy casefile/ and resources/ to ``dest``/casefile; return PyInstaller's datas.

    Each data entry is (file, folder inside the app), e.g.
    ('.../casefile/resources/fonts/DejaVuSans.ttf', 'casefile/resources/fonts').
    """
    if not list((root / "resources" / "translations").glob("*/LC_MESSAGES/*.mo")):
        raise MissingBuildProductError(
            "no compiled translations: run `python packaging/translations.py compile` "
            "(python packaging/build.py does it for you)")
    shutil.rmtree(dest, ignore_errors=True)
    junk = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(root / "casefile", dest / "casefile", ignore=junk)
    shutil.copytree(root / "resources", dest / "casefile" / "resources", ignore=junk)
    package = dest / "casefile"
    return [(str(path), (Path("casefile") / path.parent.relative_to(package)).as_posix())
            for path in sorted((package / "resources").rglob("*"))
            if path.is_file() and path.suffix != ".py"]


def version(root: Path = ROOT) -> str:
    """casefile.__version__, read without importing the package (the one version source)."""
    text = (root / "casefile" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise ValueError("casefile/__init__.py has no __version__")
    return match.group(1)
