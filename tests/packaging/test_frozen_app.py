"""Build the Linux one-folder application with PyInstaller and use it as a person would.

Opt-in (it builds the whole program, about a minute):
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m slow tests/packaging/test_frozen_app.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from casefile import __version__
from casefile.services.demo.vault import DEMO_PASSPHRASE
from casefile.vault.keys import MIN_KDF_SECONDS

ROOT = Path(__file__).resolve().parents[2]
CYRILLIC = re.compile(r"[А-Яа-яЁё]{4,}")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux app"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/casefile built from this checkout, in a temporary folder."""
    out = tmp_path_factory.mktemp("build")
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist",
                    str(out / "dist"), "--work", str(out / "work")],
                   check=True, cwd=ROOT, timeout=1800)
    folder = out / "dist" / "casefile"
    assert (folder / "casefile").is_file()
    return folder


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment with its own empty home: the real one is never touched."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEFILE_", "XDG_"))}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
               XDG_DATA_HOME=str(tmp_path / "home" / ".local" / "share"),
               XDG_RUNTIME_DIR=str(tmp_path / "run"), LANG="C.UTF-8",
               CASEFILE_LANG="en", QT_QPA_PLATFORM="offscreen")
    (tmp_path / "run").mkdir(mode=0o700)
    return env


def run(app: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(app / "casefile"), *args], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, f"casefile {' '.join(args)}: {done.stderr}"
    return done


def demo_vault(app: Path, env: dict[str, str], tmp_path: Path) -> Path:
    vault = tmp_path / "demo.casefile"
    run(app, env, "--vault", str(vault), "demo", "--kdf-seconds", str(MIN_KDF_SECONDS))
    assert (vault / "header.json").is_file()
    return vault


def test_version_is_the_package_version(app: Path, home: dict[str, str]) -> None:
    assert run(app, home, "--version").stdout.strip() == f"casefile {__version__}"


def test_speaks_russian_from_the_bundled_catalog(app: Path, home: dict[str, str]) -> None:
    # The .mo is reached through importlib.resources inside the frozen app.
    shown = run(app, {**home, "CASEFILE_LANG": "ru"}, "--help").stdout
    assert CYRILLIC.search(shown), shown


def test_demo_vault_prints_a_case_with_cyrillic_text(app: Path, home: dict[str, str],
                                                     tmp_path: Path) -> None:
    vault = demo_vault(app, home, tmp_path)
    env = {**home, "CASEFILE_PASSPHRASE": DEMO_PASSPHRASE}
    cases = run(app, env, "--vault", str(vault), "list", "case").stdout.splitlines()
    assert len(cases) > 1
    case_id = cases[0].split("\t")[0]
    pdf = tmp_path / "case.pdf"
    run(app, env, "--vault", str(vault), "print", "case", case_id, "-o", str(pdf))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert CYRILLIC.search(text), text[:500]
    assert cases[0].split("\t")[1] in text  # the case's own (Russian) title


def test_init_says_a_weak_passphrase_is_weak(app: Path, home: dict[str, str],
                                            tmp_path: Path) -> None:
    # zxcvbn's word lists are imported only when a passphrase is judged: they must be packed.
    done = run(app, {**home, "CASEFILE_PASSPHRASE": "password1"}, "--vault",
               str(tmp_path / "new.casefile"), "init", "--kdf-seconds", str(MIN_KDF_SECONDS))
    assert "Weak passphrase" in done.stderr and "common passwords" in done.stderr


def test_window_opens_the_demo_vault_and_closes(app: Path, home: dict[str, str],
                                                tmp_path: Path) -> None:
    vault = demo_vault(app, home, tmp_path)
    # CASEFILE_SMOKE_TEST: casefile/ui/app.py prints the title once the vault is open in
    # the window, then closes it.
    done = run(app, {**home, "CASEFILE_SMOKE_TEST": "1"}, "--vault", str(vault), "gui",
               "--demo")
    assert "window shown: casefile — demo.casefile" in done.stdout, done.stdout + done.stderr


def test_unused_parts_of_qt_and_python_are_left_out(app: Path) -> None:
    names = {path.name for path in app.rglob("*")}
    for unwanted in ("libQt6WebEngineCore.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6",
                     "libQt63DCore.so.6", "libQt6Multimedia.so.6", "libqgtk3.so",
                     "libgtk-3.so.0", "_tkinter.cpython-311-x86_64-linux-gnu.so",
                     "QtQml.abi3.so", "QtNetwork.abi3.so", "numpy", "allkeys-9.0.0.txt"):
        assert unwanted not in names, unwanted
    for needed in ("libQt6Pdf.so.6", "libqxcb.so", "libqwayland.so", "libqoffscreen.so",
                   "qtbase_ru.qm", "DejaVuSans.ttf", "casefile.mo", "allkeys-10.0.0.txt"):
        assert needed in names, needed
    size = sum(p.stat().st_size for p in app.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbuilt folder: {size / 2**20:.1f} MiB")  # recorded in docs/release.md
