"""The composition root: builds the worker, settings and window, and runs the event loop."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from casefile.process import harden
from casefile.ui.about import app_icon
from casefile.ui.fonts import register_fonts
from casefile.ui.mainwindow import MainWindow
from casefile.ui.settings import apply_language, chosen_language
from casefile.ui.worker import Worker

APP_ID = "org.casefile.Casefile"  # the .desktop file's name and the AppStream id
# Set by tests/packaging/test_frozen_app.py: report the window once it is up, then quit.
SMOKE_TEST_ENV = "CASEFILE_SMOKE_TEST"


def make_settings() -> QSettings:
    # Window layout, language and idle time only; never case data.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "casefile", "casefile")


def run(vault: Path | None = None, demo: bool = False) -> int:
    harden()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("casefile")
    app.setOrganizationName("casefile")
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its .desktop entry
    app.setWindowIcon(app_icon())
    register_fonts(app, make_default=app.platformName() in ("offscreen", "minimal"))
    settings = make_settings()
    translators = apply_language(app, chosen_language(settings))  # noqa: F841 - kept alive
    worker = Worker()
    window = MainWindow(worker, settings)
    window.show()
    if os.environ.get(SMOKE_TEST_ENV) == "1":
        smoke_test(window, wait_for_vault=demo)
    if demo:
        window.start.open_demo(vault)
    elif vault is not None:
        window.start.choose(vault, create=not (vault / "header.json").is_file())
    code = app.exec()
    worker.wait()
    return int(code)


def smoke_test(window: MainWindow, *, wait_for_vault: bool) -> None:
    """Print the window's title once it is up (and its vault open), then quit.

    Only for checking a built application without a screen; it changes nothing."""
    def report() -> None:
        print(f"window shown: {window.windowTitle()}", flush=True)
        window.close()

    if wait_for_vault:
        window.start.unlocked.connect(lambda _session: QTimer.singleShot(0, report))
    else:
        QTimer.singleShot(0, report)
