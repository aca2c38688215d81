"""The toolbar's and the first steps' icons: small SVGs drawn for casefile (resources/icons/),
read with importlib.resources and rendered at the sizes asked for; where an SVG cannot be read
(a build without Qt's SVG plugin), Qt's own standard icon for the same thing stands in.
"""

from __future__ import annotations

import importlib.resources
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

SIZES = (16, 20, 24, 32, 48)
SP = QStyle.StandardPixmap

# name -> Qt's standard icon for the same thing
FALLBACKS: dict[str, QStyle.StandardPixmap] = {
    "lock": SP.SP_BrowserStop,
    "shield": SP.SP_DriveHDIcon,
    "settings": SP.SP_FileDialogDetailedView,
    "exchange": SP.SP_BrowserReload,
    "help": SP.SP_DialogHelpButton,
    "about": SP.SP_MessageBoxInformation,
    "search": SP.SP_FileDialogContentsView,
    "add": SP.SP_FileDialogNewFolder,
    "import": SP.SP_DialogOpenButton,
    "demo": SP.SP_DirOpenIcon,
}


def _svg(name: str) -> bytes | None:
    path = importlib.resources.files("casefile.resources") / "icons" / f"{name}.svg"
    return path.read_bytes() if path.is_file() else None


def _render(data: bytes, size: int) -> QPixmap:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    return QPixmap.fromImage(reader.read())


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (one of ``FALLBACKS``), crisp at every toolbar size."""
    data = _svg(name)
    result = QIcon()
    if data is not None:
        for size in SIZES:
            pixmap = _render(data, size)
            if not pixmap.isNull():
                result.addPixmap(pixmap)
    if result.isNull():
        style = QApplication.style()
        return style.standardIcon(FALLBACKS[name]) if style is not None else result
    return result
