"""Ctrl+K finds a person of the vault named in any text by a Latin spelling (issue 13)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from casefile.services.demo.data import demo_id
from casefile.ui.mainwindow import MainWindow
from tests.ui.conftest import open_demo


def shown(win: MainWindow) -> list[str]:
    return [win.results.item(i).text() for i in range(win.results.count())]


def test_ctrl_k_latin_spelling_finds_the_name_declined_in_russian_text(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    session = open_demo(qtbot, window, tmp_path)
    letter = session.add("letter", {
        "person_id": demo_id("person:kagarlitsky"), "subject": "Из Сыктывкара",
        "body": "Передайте Кагарлицкому, что книги дошли."})

    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    QTest.keyClicks(window.search_field, "kagarlitsky")
    qtbot.waitUntil(lambda: any("Кагарлицкому" in t for t in shown(window)), timeout=5000)

    texts = shown(window)
    assert texts[0] == "People" and "Кагарлицкий Борис Юльевич" in texts[1]
    # The letter to him, found by its body, with the declined name marked in the snippet.
    assert "Letters" in texts
    assert any(t.strip().startswith("Из Сыктывкара — ") and "[Кагарлицкому]" in t
               for t in texts), texts
    # The demo's lawyer, whose notes say «Защищает Кагарлицкого».
    assert "Contacts" in texts
    assert any("Крылова" in t and "[Кагарлицкого]" in t for t in texts), texts
    assert session.get("letter", letter["id"])["body"].startswith("Передайте")

    # A word that is no one's name is not transliterated: "knigi" does not find «книги».
    window.search_field.clear()
    QTest.keyClicks(window.search_field, "knigi")
    qtbot.waitUntil(lambda: shown(window) == ["Nothing found"], timeout=5000)
