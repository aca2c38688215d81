"""The buttons inside a field (the search's icon, a clear button) have names a screen reader
says: Qt leaves them nameless, and they are not in the Tab order, so the accessibility tour's
walk of focusable controls does not meet them (tests/journeys/test_screen_reader.py found the
search icon through AT-SPI)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from casefile.i18n import _
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from tests.ui.conftest import open_demo


def test_every_button_inside_a_field_has_a_name(qtbot, lang: str, window: MainWindow,
                                                tmp_path: Path) -> None:
    open_demo(qtbot, window, tmp_path)
    people = window.page_of["person"]
    assert isinstance(people, RecordPage)
    for field in (window.search_field, people.filter):
        QTest.keyClicks(field, "a")  # the clear button shows once there is text
        buttons = field.findChildren(QToolButton)
        assert buttons, field.objectName()
        assert [b for b in buttons if not b.accessibleName()] == []
    names = {b.accessibleName() for b in window.search_field.findChildren(QToolButton)}
    assert {_("Search"), _("Clear the field")} <= names
