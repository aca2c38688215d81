"""Window fixtures: the real MainWindow, offscreen, with settings in the test's own folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.worker import Worker
from casefile.vault.keys import MIN_KDF_SECONDS


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal box nobody answers would hang the offscreen run: fail the test instead.

    Tests that expect a question patch it again with the answer a person would give.
    """
    from PySide6.QtWidgets import QMessageBox

    def unexpected(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, unexpected)


@pytest.fixture
def russian() -> Iterator[None]:
    """The interface in Russian for one test, English again after."""
    from PySide6.QtWidgets import QApplication

    from casefile.i18n import set_language
    from casefile.ui.settings import apply_language

    app = QApplication.instance()
    translators = apply_language(app, "ru")
    yield
    for t in translators:
        app.removeTranslator(t)
    set_language("en")


@pytest.fixture(params=["en", "ru"])
def lang(request: pytest.FixtureRequest) -> str:
    """A test run in English and in Russian; asked for before the window, which is then
    made in that language."""
    if request.param == "ru":
        request.getfixturevalue("russian")
    return request.param


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings: QSettings) -> Iterator[MainWindow]:
    worker = Worker()
    win = MainWindow(worker, settings, kdf_seconds=MIN_KDF_SECONDS, idle_minutes=60)
    win.show()
    qtbot.waitExposed(win)
    try:
        yield win
    finally:
        win.lock()  # never asks: locking drops unsaved edits by design
        win.close()
        worker.wait()
        win.deleteLater()


@pytest.fixture
def app_font(qapp) -> Iterator[None]:
    """The font the application sets for itself offscreen (``app.run``: DejaVu Sans 10), not
    the test platform's smaller default: under that, a window 1070 px wide in Russian measured
    1010 and passed. (Under Xvfb the application's own start-up font is what it is.)"""
    from PySide6.QtGui import QGuiApplication

    from casefile.ui.fonts import register_fonts

    before = qapp.font()
    if QGuiApplication.platformName() != "xcb":
        register_fonts(qapp, make_default=True)
    yield
    qapp.setFont(before)


def unlock(qtbot, win: MainWindow, folder: Path, passphrase: str, *, create: bool = False) -> None:
    """Type the passphrase as a person would and wait for the vault to open."""
    win.start.choose(folder, create=create)
    type_text(win.start.passphrase, passphrase)
    if create:
        type_text(win.start.repeat, passphrase)
    with qtbot.waitSignal(win.start.unlocked, timeout=30_000):
        win.start.go.click()
    if create:
        # A new vault shows its recovery code at once; "Later" puts it off (journey 4 and
        # tests/ui/test_recovery_code_window.py write it down).
        from casefile.ui.recoverycode import RecoveryCodeDialog

        code = win.findChild(RecoveryCodeDialog)
        assert code is not None and code.isVisible()
        code.cancel_button.click()
        qtbot.waitUntil(lambda: not code.isVisible())


def open_demo(qtbot, win: MainWindow, tmp_path: Path) -> Session:
    """A fresh demo vault under ``tmp_path``, unlocked in the window as a person would."""
    from casefile.services.demo.vault import create_demo

    folder = tmp_path / "demo.casefile"
    create_demo(folder, "demo", kdf_seconds=0.05).close()
    unlock(qtbot, win, folder, "demo")
    assert win.session is not None
    return win.session


def type_text(widget, text: str) -> None:
    """Type any text, Cyrillic included, as key events (QTest's keyClicks is ASCII-only)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     ch))


def answer_question(button_text: str, seen: list[str] | None = None) -> None:
    """When the next message box comes up, click its button ``button_text`` with the mouse
    (noting the box's text in ``seen``), as a person would."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        if seen is not None:
            seen.append(box.text())
        button = next(b for b in box.buttons() if b.text().replace("&", "") == button_text)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, look)
