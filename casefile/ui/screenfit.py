"""Windows no larger than the screen they open on (a 1024×700 netbook, a 1366×768 laptop).

Every dialog, wizard, the print preview and the main window are cut to the screen's
available area when shown, frame included, and moved inside it. The same watch gives Qt's own
dialogs the accessible names Qt leaves out (``qtnames.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget

from casefile.ui.qtnames import name_qt_controls


def available_area(widget: QWidget) -> QRect:
    """The part of the widget's screen that windows may use (tests narrow it)."""
    screen = QWidget.screen(widget) or QGuiApplication.primaryScreen()  # not a shadowing attr
    return screen.availableGeometry()


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` (its frame included) to the available area and move it inside."""
    area = available_area(window)
    frame = window.frameGeometry()
    extra_w = max(0, frame.width() - window.width())
    extra_h = max(0, frame.height() - window.height())
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 1), max(height, 1))
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.left()), max(y, area.top()))


class _DialogFitter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog | QMainWindow):
            fit_to_screen(watched)
            if isinstance(watched, QDialog):
                name_qt_controls(watched)
            # Again once the window manager has put its frame round it (its title bar).
            QTimer.singleShot(0, watched, lambda: fit_to_screen(watched))
        return False


_fitter: list[_DialogFitter] = []


def fit_dialogs_to_screen() -> None:
    """From now on, cut every dialog to the screen when it is shown (once per application)."""
    app = QApplication.instance()
    if app is None or _fitter:
        return
    _fitter.append(_DialogFitter(app))
    app.installEventFilter(_fitter[0])
