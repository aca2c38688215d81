#!/usr/bin/env python3
"""One-step set-up for a fresh machine that has only python3.

    python3 dev.py demo   # build .venv, create the demo vault and open it
    python3 dev.py test   # build .venv and run the whole test suite
    python3 dev.py xvfb   # the journeys in real windows on a 1024×700 X screen (Xvfb and
                          # a window manager; screenshots in build/journeys/); the same as
                          # python3 dev.py test -m xvfb

The virtual environment is made in .venv from the pinned versions in
requirements/lock.txt, and reused (and brought up to date) on later runs.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".casefile-lock"


def _run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)  # noqa: S603


def ensure_venv() -> None:
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = LOCK.read_text(encoding="utf-8")
    if STAMP.exists() and STAMP.read_text(encoding="utf-8") == lock:
        return
    _run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(PY, "-m", "pip", "install", "--quiet", "-r", LOCK)
    _run(PY, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", ".")
    STAMP.write_text(lock, encoding="utf-8")


def wants_slow(pytest_args: list[str]) -> bool:
    """Whether pytest's marker expression (``-m EXPR``) selects slow tests."""
    for n, arg in enumerate(pytest_args):
        if arg == "-m" and n + 1 < len(pytest_args):
            expr = pytest_args[n + 1]
        elif arg.startswith("-m") and not arg.startswith("--"):
            expr = arg[2:].lstrip("=")
        else:
            continue
        if re.search(r"(?<!not )\bslow\b", expr):
            return True
    return False


def parallel(pytest_args: list[str]) -> list[str]:
    """One test process per core (pytest-xdist), a test file's tests kept on one process so
    its module fixtures are built once; not for benchmarks, whose timings need the machine."""
    chosen = any(a.startswith(("-n", "--numprocesses")) or "no:xdist" in a for a in pytest_args)
    bench = any(re.search(r"(?<!not )\bbench\b", a) for a in pytest_args)
    return [] if chosen or bench else ["-n", "auto", "--dist", "loadfile"]


def system_packages(pytest_args: list[str], *extra: str) -> None:
    """Debian packages the tests use (PDF rendering, Qt's X libraries...); with ``-m slow``
    also those only the slow tests use (Syncthing)."""
    script = ROOT / ".ci" / "system-packages.sh"
    if script.exists() and sys.platform.startswith("linux"):
        _run("bash", script, *(["slow"] if wants_slow(pytest_args) else []), *extra)


# The journeys' screen: the smallest the window must fit (tests/journeys/conftest.py).
XVFB_SCREEN = "1024x700x24"


def xvfb(pytest_args: list[str]) -> list[str]:
    """The journeys (or the tests named) in real windows on an X server of 1024×700."""
    if not shutil.which("xvfb-run"):
        raise SystemExit("dev.py xvfb: no xvfb-run (as root, dev.py installs it on Debian)")
    named = any((ROOT / a.split("::")[0]).exists() for a in pytest_args
                if not a.startswith("-"))
    tests = pytest_args if named else [*pytest_args, "tests/journeys"]
    return ["xvfb-run", "-a", "-s", f"-screen 0 {XVFB_SCREEN}", *with_keyring(),
            "bash", str(ROOT / ".ci" / "with-wm.sh"), str(PY), "-m", "pytest", "-p",
            "no:xdist", *tests]


def wants_xvfb(pytest_args: list[str]) -> bool:
    """``-m xvfb``: the journeys (marked so in tests/journeys/conftest.py) under Xvfb."""
    return "-mxvfb" in pytest_args or any(
        before == "-m" and a == "xvfb"
        for before, a in itertools.pairwise(pytest_args))


def with_keyring() -> list[str]:
    """A private D-Bus session with gnome-keyring's Secret Service for the test run (Linux)."""
    if not sys.platform.startswith("linux") or os.environ.get("CASEFILE_TEST_KEYRING"):
        return []
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        print("dev.py: no dbus-run-session or gnome-keyring: the keyring tests are skipped",
              file=sys.stderr)
        return []
    return ["dbus-run-session", "--", "bash", str(ROOT / ".ci" / "with-keyring.sh")]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "demo"
    if command == "test" and wants_xvfb(argv[1:]):
        command = "xvfb"
    if command not in {"demo", "test", "xvfb"}:
        print(__doc__)
        return 2
    if command in {"test", "xvfb"}:
        system_packages(argv[1:], *(["xvfb"] if command == "xvfb" else []))
    ensure_venv()
    # The Russian catalog's .mo is a build product of the .po in the repository.
    _run(PY, ROOT / "packaging" / "translations.py", "compile")
    env = dict(os.environ)
    if command == "xvfb":
        env["QT_QPA_PLATFORM"] = "xcb"
        return subprocess.run(xvfb(argv[1:]), cwd=ROOT, env=env,  # noqa: S603
                              check=False).returncode
    if command == "test":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        result = subprocess.run(  # noqa: S603
            [*with_keyring(), str(PY), "-m", "pytest", *parallel(argv[1:]), *argv[1:]],
            cwd=ROOT, env=env,
            check=False,
        )
        return result.returncode
    demo = [str(BIN / "casefile"), "demo", "--force", "--open", *argv[1:]]
    return subprocess.run(demo, cwd=ROOT, env=env, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
