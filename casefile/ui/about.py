"""The About box: which casefile this is (one version source: casefile.__version__)."""

from __future__ import annotations

import html
import importlib.resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from casefile import __version__
from casefile.i18n import _
from casefile.ui.widgets import named

LICENCE = "GPL-3.0-or-later"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The window icon, from the PNGs packaging/icons.py renders from casefile.svg."""
    icon = QIcon()
    root = importlib.resources.files("casefile.resources") / "icons"
    for size in ICON_SIZES:
        png = root / f"casefile-{size}.png"
        if png.is_file():
            with importlib.resources.as_file(png) as path:
                icon.addFile(str(path))
    return icon


def about_text() -> str:
    lines = [
        f"<h3>casefile {html.escape(__version__)}</h3>",
        "<p>" + html.escape(_("Encrypted, offline case files for groups that support "
                              "political prisoners.")) + "</p>",
        "<p>" + html.escape(_("Licence: {0}. You may share and change it under the same "
                              "terms.")).format(LICENCE) + "</p>",
    ]
    return "".join(lines)


def show_about(parent: QWidget) -> QMessageBox:
    """Open the About box without blocking; returned so tests can read and close it."""
    box = named(QMessageBox(parent), "about")
    box.setWindowTitle(_("About casefile"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box
