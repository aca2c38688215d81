"""Long work runs on a worker thread with its own connection while the window keeps going."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from casefile.domain.errors import CasefileError
from casefile.services.records.session import Session
from casefile.ui.background import is_busy, run_off_ui
from casefile.ui.mainwindow import MainWindow
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import unlock

PASS = "background passphrase"


@pytest.fixture
def opened(qtbot, window: MainWindow, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "group.casefile"
    Session.create(folder, PASS, MIN_KDF_SECONDS).close()
    unlock(qtbot, window, folder, PASS)
    return window


def test_the_job_runs_on_another_connection_while_the_ui_turns(opened: MainWindow) -> None:
    ui_thread = threading.get_ident()
    ticks: list[int] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    release = threading.Event()
    QTimer.singleShot(100, release.set)  # only the UI thread's event loop can set this

    def job(session: Session) -> tuple[int, str, bool]:
        assert release.wait(10), "the UI's event loop did not turn during the job"
        record = session.add("person", {"full_name": "Фоновая Вера"})
        return threading.get_ident(), record["id"], is_busy()

    thread, record_id, busy = run_off_ui(opened, "working", opened.session, job)
    timer.stop()
    assert thread != ui_thread and busy and not is_busy()
    assert len(ticks) >= 3
    # Written through the worker's connection, read through the window's.
    assert opened.session.get("person", record_id)["full_name"] == "Фоновая Вера"


def test_the_jobs_error_is_raised_on_the_ui_thread(opened: MainWindow) -> None:
    def job(session: Session) -> None:
        session.add("person", {"full_name": "Откат Ольга"})
        session.add("person", {"shoe_size": 42})

    with pytest.raises(CasefileError, match="shoe_size"):
        run_off_ui(opened, "working", opened.session, job)
    assert opened.session.list("person", match="Откат") != []  # add() is its own transaction
    assert not is_busy()


def test_locking_waits_for_the_job(qtbot, opened: MainWindow) -> None:
    seen: list[bool] = []

    def job(session: Session) -> int:
        threading.Event().wait(0.3)
        return session.count("person")

    QTimer.singleShot(50, opened.lock)  # the idle timer or the screen lock, mid-job
    assert run_off_ui(opened, "working", opened.session, job) == 0
    seen.append(opened.session is not None)  # still open when the job ended
    qtbot.waitUntil(lambda: opened.session is None, timeout=5000)
    assert seen == [True]
