"""The About box names the version (one source: casefile.__version__) and the licence."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from casefile import __version__
from casefile.i18n import set_language
from casefile.ui.about import app_icon


def _about_box(qtbot, window) -> QMessageBox:
    window.findChild(type(window.lock_action), "about-action").trigger()
    box = window.findChild(QMessageBox, "about")
    qtbot.waitUntil(lambda: box is not None and box.isVisible())
    return box


def test_about_box_shows_version_and_licence(qtbot, window) -> None:
    box = _about_box(qtbot, window)
    assert f"casefile {__version__}" in box.text()
    assert "GPL-3.0-or-later" in box.text()
    assert box.windowTitle() == "About casefile"
    assert not box.iconPixmap().isNull()
    box.accept()
    assert not box.isVisible()


def test_about_box_in_russian(qtbot, window) -> None:
    set_language("ru")
    try:
        box = _about_box(qtbot, window)
        assert box.windowTitle() == "О программе casefile"
        assert "Лицензия: GPL-3.0-or-later" in box.text()
        box.accept()
    finally:
        set_language("en")


def test_window_icon_has_every_size(qapp) -> None:
    icon = app_icon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
