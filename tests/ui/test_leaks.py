"""After a whole session in the window, no file outside the vault holds what was typed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from tests.ui.conftest import type_text, unlock

MARKERS = ["Маркерова Зоя Тимуровна", "quuxplugh-zorkina", "Заметка-маркер-тайна",
           "Письмо со словом гиперквазипересылка"]


def encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be"),
            text.encode("cp1251", errors="ignore")]


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Route every temp file of this process into the test's folder, to search it after."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def test_a_session_leaves_no_plaintext_outside_the_vault(qtbot, private_tmp: Path,
                                                         window: MainWindow,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "vaults" / "group.casefile"
    unlock(qtbot, window, folder, "leak test passphrase", create=True)

    people = window.page_of["person"]
    assert isinstance(people, RecordPage)
    window.show_section("person")
    people.new_button.click()
    type_text(people.editor.input("full_name"), MARKERS[0])
    type_text(people.editor.input("latin_name"), MARKERS[1])
    type_text(people.editor.input("notes"), MARKERS[2])
    with qtbot.waitSignal(people.editor.saved):
        people.editor.save_button.click()
    # Edit it, attach a file, look at it, search for it.
    people.editor.input("notes").setPlainText(MARKERS[2] + " ещё")
    with qtbot.waitSignal(people.editor.saved):
        people.editor.save_button.click()
    source = tmp_path / "chosen-by-the-person"
    source.mkdir()
    scan = source / "скан.txt"
    scan.write_text(MARKERS[3], encoding="utf-8")
    people.files.add_paths([scan])
    assert people.files.list.count() == 1
    letters = window.page_of["letter"]
    assert isinstance(letters, RecordPage)
    window.show_section("letter")
    letters.new_button.click()
    letters.editor.set_value("person_id", people.editor.record["id"])
    type_text(letters.editor.input("body"), MARKERS[3])
    with qtbot.waitSignal(letters.editor.saved):
        letters.editor.save_button.click()
    type_text(window.search_field, "гиперквазипересылка")
    assert window.results.count() > 0
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    window.lock()
    window.close()  # writes the window's settings
    window.settings.sync()

    leaks = []
    for path in tmp_path.rglob("*"):
        if not path.is_file() or folder in path.parents or source in path.parents:
            continue
        data = path.read_bytes()
        leaks += [f"{path}: {m}" for m in MARKERS for e in encodings(m) if e and e in data]
    assert leaks == []
    checked = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert "settings.ini" in checked  # the settings file exists and was searched
