"""Windows no larger than the screen they open on (a 1024×700 netbook, a 1366×768 laptop).

Forms scroll up and down only, and put each label over its field where they do not fit side
by side (``form_area``, ``fit_form_rows``).

Every dialog, wizard, the print preview and the main window are cut to the screen's
available area when shown, frame included, and moved inside it. The same watch gives Qt's own
dialogs the accessible names Qt leaves out (``qtnames.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QWidget,
)

from casefile.ui.qtnames import name_qt_controls

FIELD_ROOM = 260  # a field beside its label is at least this wide (the form's margins in it)


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


def form_area(body: QWidget) -> QScrollArea:
    """A scroll area for a form that scrolls up and down only: never narrower than the form,
    so there is no horizontal scroll bar."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(body.minimumSizeHint().width()
                           + scroll.verticalScrollBar().sizeHint().width()
                           + 2 * scroll.frameWidth())
    return scroll


def fit_form_rows(form: QFormLayout, labels: list[QLabel], width: int) -> None:
    """Labels beside their fields while the longest label leaves a field FIELD_ROOM of the
    form's ``width``; narrower, each label over its field, so that no field is squeezed to a
    few letters by a long label on another row (a form beside a list on a small screen)."""
    longest = max((label.sizeHint().width() for label in labels), default=0)
    wrap = QFormLayout.RowWrapPolicy
    policy = wrap.WrapLongRows if width >= longest + FIELD_ROOM else wrap.WrapAllRows
    if form.rowWrapPolicy() != policy:
        form.setRowWrapPolicy(policy)


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
