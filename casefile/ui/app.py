"""The composition root: builds the worker, settings and window, and runs the event loop."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from casefile.process import harden
from casefile.ui.fonts import register_fonts
from casefile.ui.mainwindow import MainWindow
from casefile.ui.settings import apply_language, chosen_language
from casefile.ui.worker import Worker


def make_settings() -> QSettings:
    # Window layout, language and idle time only; never case data.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "casefile", "casefile")


def run(vault: Path | None = None, demo: bool = False) -> int:
    harden()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("casefile")
    app.setOrganizationName("casefile")
    register_fonts(app, make_default=app.platformName() in ("offscreen", "minimal"))
    settings = make_settings()
    translators = apply_language(app, chosen_language(settings))  # noqa: F841 - kept alive
    worker = Worker()
    window = MainWindow(worker, settings)
    window.show()
    if demo:
        window.start.open_demo(vault)
    elif vault is not None:
        window.start.choose(vault, create=not (vault / "header.json").is_file())
    code = app.exec()
    worker.wait()
    return int(code)
