"""A lock, or a crash, loses no unsaved edit: it is kept in the vault and comes back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from casefile.services.records import drafts
from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import tree_bytes
from tests.ui.conftest import answer_question, type_text, unlock

PASS = "drafts passphrase"
LONG_LETTER = "Дорогой Ринат! Пишем тебе всей группой. " * 20


def letters_page(window: MainWindow) -> RecordPage:
    window.show_section("letter")
    page = window.page_of["letter"]
    assert isinstance(page, RecordPage)
    return page


def vault_with_a_letter(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "group.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        person = session.add("person", {"full_name": "Галимов Ринат"})
        letter = session.add("letter", {"person_id": person["id"], "body": "Привет!"})
    return folder, letter["id"]


def test_an_edit_survives_the_idle_lock(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder, letter_id = vault_with_a_letter(tmp_path)
    unlock(qtbot, window, folder, PASS)
    window.open_record("letter", letter_id)
    page = letters_page(window)
    body = page.editor.input("body")
    body.clear()
    type_text(body, LONG_LETTER)
    assert page.editor.is_dirty
    window.lock()  # as the idle timer does
    assert window.session is None
    # In the vault it is encrypted like the rest: the folder does not give it up.
    assert not any("Пишем тебе".encode() in data for data in tree_bytes(folder).values())

    unlock(qtbot, window, folder, PASS)
    page = letters_page(window)
    assert page.editor.record is not None and page.editor.record["id"] == letter_id
    assert page.editor.is_dirty and page.editor.value_of("body") == LONG_LETTER
    assert "kept from before the lock" in page.editor.status.text()
    assert "Letters" in window.statusBar().currentMessage()
    # Saved now, the draft is gone with the next lock.
    page.editor.save_button.click()
    assert window.session.get("letter", letter_id)["body"] == LONG_LETTER
    window.lock()
    unlock(qtbot, window, folder, PASS)
    assert not letters_page(window).editor.is_dirty
    assert drafts.stored(window.session) == []


def test_a_new_record_not_yet_saved_comes_back_as_new(qtbot, window: MainWindow,
                                                      tmp_path: Path) -> None:
    folder, _letter = vault_with_a_letter(tmp_path)
    unlock(qtbot, window, folder, PASS)
    window.show_section("task")
    tasks = window.page_of["task"]
    assert isinstance(tasks, RecordPage)
    tasks.new_record()
    type_text(tasks.editor.input("title"), "Позвонить адвокату в понедельник")
    window.lock()
    unlock(qtbot, window, folder, PASS)
    tasks = window.page_of["task"]
    assert isinstance(tasks, RecordPage)
    assert tasks.editor.record is None and tasks.editor.is_dirty
    assert tasks.editor.value_of("title") == "Позвонить адвокату в понедельник"
    assert window.session.count("task") == 0  # kept, not saved behind the person's back


def test_closing_with_discard_keeps_nothing(qtbot, window: MainWindow,
                                            tmp_path: Path) -> None:
    folder, letter_id = vault_with_a_letter(tmp_path)
    unlock(qtbot, window, folder, PASS)
    window.open_record("letter", letter_id)
    page = letters_page(window)
    type_text(page.editor.input("body"), " и ещё")
    window.keep_drafts()  # the half-minute timer ran once
    answer_question("Don't save")
    assert window.close()
    with Session.open(folder, PASS) as session:
        assert drafts.stored(session) == []


def test_a_crash_loses_no_more_than_the_last_half_minute(tmp_path: Path) -> None:
    """A real window in a child process keeps its draft, then is killed outright."""
    folder, letter_id = vault_with_a_letter(tmp_path)
    script = textwrap.dedent(f"""
        import os, sys
        from pathlib import Path
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        from casefile.services.records.session import Session
        from casefile.ui.mainwindow import MainWindow
        from casefile.ui.worker import Worker
        app = QApplication([])
        win = MainWindow(Worker(), QSettings({str(tmp_path / 's.ini')!r},
                         QSettings.Format.IniFormat), idle_minutes=60)
        win.on_unlocked(Session.open(Path({str(folder)!r}), {PASS!r}))
        win.open_record("letter", {letter_id!r})
        page = win.page_of["letter"]
        page.editor.set_value("body", "написано до сбоя")
        win.keep_drafts()
        print("kept", flush=True)
        sys.stdin.readline()
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None and child.stdout.readline().strip() == "kept"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    with Session.open(folder, PASS) as session:
        [kept] = drafts.stored(session)
    assert (kept.record_type, kept.record_id) == ("letter", letter_id)
    assert kept.changes["body"] == "написано до сбоя"


def test_the_vault_locks_even_when_the_draft_cannot_be_written(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder, letter_id = vault_with_a_letter(tmp_path)
    unlock(qtbot, window, folder, PASS)
    window.open_record("letter", letter_id)
    type_text(letters_page(window).editor.input("body"), " и ещё")
    session = window.session
    assert session is not None
    session.vault.db.execute("PRAGMA query_only = ON")  # every write now fails, as on a full disk
    with qtbot.waitSignal(window.locked, timeout=5000):
        window.lock()
    assert window.session is None
    assert window.statusBar().currentMessage() == "Unsaved changes could not be kept"
