"""What a screen reader hears: the window read through AT-SPI, the accessibility bus Orca
reads, in a real X server (opt-in: ``python3 dev.py test -m xvfb``; skipped offscreen, where
Qt has no bridge to AT-SPI).

casefile runs as a person starts it (``casefile demo --open``) in its own process, with Qt's
AT-SPI bridge on; the distribution's pyatspi (``tests/journeys/atspi_walk.py``, run by the
system's python3) finds it on the bus and lists every control showing that the keyboard
reaches. Each must have a name — in Russian, a Russian one. (tests/ui/test_accessibility.py
checks the same on Qt's side, dialog by dialog.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casefile.i18n import _, language, set_language
from tests.journeys.conftest import real_screen

LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = "/usr/bin/python3"
WALKER = Path(__file__).with_name("atspi_walk.py")
LOCALES = {"en": "en_GB.UTF-8", "ru": "ru_RU.UTF-8"}


def has_pyatspi() -> bool:
    return Path(SYSTEM_PYTHON).exists() and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False,
        timeout=60).returncode == 0


@pytest.fixture
def at_spi_bus() -> object:
    if not real_screen():
        pytest.skip("AT-SPI needs a real X server: python3 dev.py test -m xvfb")
    if not LAUNCHER.exists() or not has_pyatspi() or not os.environ.get(
            "DBUS_SESSION_BUS_ADDRESS"):
        pytest.skip("no AT-SPI here (.ci/system-packages.sh xvfb installs at-spi2-core and "
                    "python3-pyatspi; dev.py starts a session bus)")
    launcher = subprocess.Popen([str(LAUNCHER), "--launch-immediately"])
    time.sleep(1)
    yield launcher
    launcher.terminate()
    launcher.wait(timeout=30)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_screen_reader_hears_every_control_by_name(at_spi_bus: object, lang: str,
                                                     tmp_path: Path) -> None:
    casefile = shutil.which("casefile", path=str(Path(sys.executable).parent))
    assert casefile is not None
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "LANG": LOCALES[lang],
           "LANGUAGE": lang, "CASEFILE_LANG": lang, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path)}
    app = subprocess.Popen(
        [casefile, "demo", "--force", "--open", "--kdf-seconds", "0.05"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(8)  # the demo vault made and opened, the dashboard shown
        heard = subprocess.run([SYSTEM_PYTHON, str(WALKER), "casefile", "60"],
                               capture_output=True, text=True, timeout=180, check=False)
    finally:
        app.terminate()
        app.wait(timeout=30)
    assert heard.returncode == 0, heard.stderr
    found = [json.loads(line) for line in heard.stdout.splitlines() if line.strip()]
    controls = [c for c in found if not c["data"]]
    assert len(controls) >= 8, found  # the toolbar, the sidebar, the dashboard…
    assert [c for c in controls if not c["name"].strip()] == []
    before = language()
    set_language(lang)
    try:
        # (A toolbar button's text drops the menu entry's "…".)
        expected = {_("Lock"), _("Vault security…").rstrip("…"), _("Search"), _("Sections")}
    finally:
        set_language(before)
    assert expected <= {c["name"] for c in controls}, sorted({c["name"] for c in controls})
