"""One build step beyond pyproject.toml: the gettext catalogs are compiled into the build.

Everything else about the package is declared in pyproject.toml. ``pip wheel .``, ``pip
install .`` and ``python -m build`` copy ``resources/translations/<lang>/LC_MESSAGES/
casefile.po`` into the package; ``build_py`` below then writes the ``casefile.mo`` beside each
copy with packaging/translations.py (babel is in the build requirements), so an installed
casefile speaks Russian without dev.py. The build refuses, as packaging/build.py does, while
a message is untranslated. An editable install (``pip install -e .``) reads the catalogs from
the repository, where ``packaging/translations.py compile`` (run by dev.py) builds them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _translations() -> ModuleType:
    # Loaded by path: the folder's name, "packaging", is also the name of a package setuptools
    # itself imports.
    spec = importlib.util.spec_from_file_location(
        "casefile_translations", ROOT / "packaging" / "translations.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("packaging/translations.py is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithCatalogs(build_py):
    """build_py, then every copied .po compiled into a .mo beside it."""

    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            self._compiled = self._compile()

    def _catalogs(self) -> Path:
        return Path(self.build_lib, "casefile", "resources", "translations")

    def _compile(self) -> list[str]:
        written = _translations().compile_catalogs(self._catalogs())
        if not written:
            raise RuntimeError(f"no gettext catalogs (.po) found in {self._catalogs()}")
        for mo in written:
            self.announce(f"compiled {mo}", level=2)
        return [str(mo) for mo in written]

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "_compiled", [])]


setup(cmdclass={"build_py": BuildPyWithCatalogs})
