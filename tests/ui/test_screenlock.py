"""The vault locks when the desktop's screen saver says the screen locked (session D-Bus).

`python3 dev.py test` runs the suite inside a private D-Bus session (.ci/with-keyring.sh), so
here a real bus carries a real signal from another process, as a screen saver would send it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.screenlock import SERVICES
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import unlock

PASS = "screen lock passphrase"


@pytest.fixture(autouse=True)
def session_bus() -> None:
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS") and shutil.which("dbus-send"):
        return
    if os.environ.get("CASEFILE_TEST_KEYRING"):
        pytest.fail("dev.py test started a D-Bus session, but it is not usable here")
    pytest.skip("no session D-Bus here (run through dev.py test)")


def screen_saver_says(path: str, interface: str, active: bool) -> None:
    """The signal a screen saver broadcasts, sent to this test process only: the suite's
    other processes (pytest-xdist) share the bus, and their open windows would lock too."""
    from PySide6.QtDBus import QDBusConnection

    here = QDBusConnection.sessionBus().baseService()  # this process's unique bus name
    subprocess.run(["dbus-send", "--session", "--type=signal", f"--dest={here}", path,
                    f"{interface}.ActiveChanged", f"boolean:{str(active).lower()}"],
                   check=True, timeout=30)


@pytest.mark.parametrize(("path", "interface"), SERVICES)
def test_the_vault_locks_when_the_screen_locks(qtbot, window: MainWindow, tmp_path: Path,
                                               path: str, interface: str) -> None:
    folder = tmp_path / "group.casefile"
    Session.create(folder, PASS, MIN_KDF_SECONDS).close()
    unlock(qtbot, window, folder, PASS)
    assert window.screen.listening
    # The screen saver turning off is not a reason to lock.
    screen_saver_says(path, interface, False)
    qtbot.wait(300)
    assert window.session is not None
    with qtbot.waitSignal(window.locked, timeout=10_000):
        screen_saver_says(path, interface, True)
    assert window.session is None
