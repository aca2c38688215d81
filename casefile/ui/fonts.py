"""Register the bundled DejaVu fonts with Qt, read from the package (never a relative path)."""

from __future__ import annotations

import importlib.resources

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FAMILY = "DejaVu Sans"


def register_fonts(app: QApplication, *, make_default: bool = False) -> bool:
    root = importlib.resources.files("casefile.resources") / "fonts"
    ok = True
    for entry in root.iterdir():
        if entry.name.endswith(".ttf"):
            ok &= QFontDatabase.addApplicationFontFromData(entry.read_bytes()) >= 0
    if make_default and ok:
        # Screenshots and headless runs look the same everywhere; a desktop keeps its own font.
        app.setFont(QFont(FAMILY, 10))
    return ok
