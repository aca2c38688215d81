"""Long work off the UI thread, written as if it were a plain call.

``result = run_off_ui(parent, text, session, job)`` runs ``job`` on a worker thread with its
own connection to the vault (``Session.worker_opener``), shows a modal progress dialog, and
keeps the event loop turning meanwhile: the window repaints and answers, and nothing else can
be clicked. It returns the job's result, or raises its exception, on the UI thread — so a
wizard's ``validatePage`` or a button handler stays straight-line code.

Locking while a job runs is put off until it ends (``is_busy``), so a job never loses its
vault under it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from casefile.services.records.session import Session

T = TypeVar("T")
_running = 0


class _Finished(QObject):
    finished = Signal()


def is_busy() -> bool:
    """True while a job started by ``run_off_ui`` is running."""
    return _running > 0


def run_off_ui(parent: QWidget | None, text: str, session: Session | None,
               job: Callable[[Any], T]) -> T:
    """Run ``job(worker_session)`` (or ``job(None)`` without a session) on a worker thread."""
    global _running  # noqa: PLW0603 - one count for the whole window
    opener = session.worker_opener() if session is not None else None
    outcome: dict[str, Any] = {}
    signal = _Finished()
    loop = QEventLoop()
    signal.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            if opener is None:
                outcome["value"] = job(None)
            else:
                with opener() as worker_session:
                    outcome["value"] = job(worker_session)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the UI thread
            outcome["error"] = exc
        finally:
            signal.finished.emit()

    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setObjectName("busy")
    dialog.setAccessibleName(text)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.show()
    thread = threading.Thread(target=work, name="casefile-job", daemon=True)
    _running += 1
    try:
        thread.start()
        loop.exec()  # a quit posted before this runs is delivered by it: no lost wake-up
        thread.join()
    finally:
        _running -= 1
        dialog.close()
        dialog.setParent(None)  # gone from the window's children now, deleted soon after
        dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
