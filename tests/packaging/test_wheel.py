"""A wheel built with the standard tools speaks Russian: the build compiles the catalogs.

setup.py's build_py writes casefile.mo beside each casefile.po it copies into the build
(dev.py compiles them in the repository only for development). The wheel is built offline
from a copy of the source that has no compiled catalog, as a fresh checkout has none.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = "casefile/resources/translations/ru/LC_MESSAGES/casefile"
# What a source checkout or sdist holds that building the package reads.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "casefile", "resources",
           "packaging/translations.py")


def _fresh_source(to: Path) -> Path:
    for name in SOURCES:
        source, target = ROOT / name, to / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
        else:
            shutil.copy2(source, target)
    assert not list(to.rglob("*.mo"))
    return to


def _build_wheel(source: Path, out: Path) -> Path:
    # No isolation and no index: the build requirements come from this environment (the
    # lock file pins setuptools, wheel and babel), so the test needs no network.
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "--wheel-dir", str(out), str(source)],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    wheels = list(out.glob("casefile-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_babel_is_a_build_requirement() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requires = [r.split(">")[0].split("=")[0].strip().lower()
                for r in config["build-system"]["requires"]]
    assert "babel" in requires


def test_a_wheel_built_with_pip_carries_the_compiled_russian_catalog(tmp_path: Path) -> None:
    source = _fresh_source(tmp_path / "src")
    wheel = _build_wheel(source, tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        assert f"{CATALOG}.mo" in archive.namelist()
        archive.extractall(tmp_path / "site")

    # Installed as pip would install it, gettext reads Russian from it through casefile.i18n
    # (-S: none of this environment's site-packages, so not the repository's own catalog).
    probe = ("import casefile.i18n as i18n; i18n.set_language('ru'); "
             "print(i18n.__file__); print(i18n._('Search'))")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    done = subprocess.run([sys.executable, "-S", "-c", probe], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    module, translated = done.stdout.splitlines()
    assert Path(module).is_relative_to(tmp_path / "site")
    assert translated == "Поиск"

    # Every translated message of the .po is in the .mo.
    with (source / "resources/translations/ru/LC_MESSAGES/casefile.po").open("rb") as fh:
        catalog = read_po(fh)
    expected = {m.id: m.string for m in catalog if m.id and m.string and not m.pluralizable}
    with (tmp_path / "site" / f"{CATALOG}.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    assert compiled.info()["language"] == "ru"
    assert len(expected) > 100
    assert {msgid: compiled.gettext(msgid) for msgid in expected} == expected
