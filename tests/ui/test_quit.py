"""The window opens and closes 200 times in one process, and the process quits cleanly.

PySide6 6.12 leaves None one reference short after every call of a method that returns
nothing, and True after every ``signal.emit()``; on Python 3.11 that aborted the process
(``Fatal Python error: bool_dealloc``), mostly while quitting. casefile/ui/refcounts.py is
the workaround; these tests run the window in a process of its own, as a person quits it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from casefile.ui import refcounts

REPO = Path(__file__).resolve().parents[2]
OPENINGS = 200
UNLOCK_EVERY = 20  # every 20th window opens the demo vault: its pages emit and set a lot

SCRIPT = r"""
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

from casefile.services.demo.vault import DEMO_PASSPHRASE, create_demo
from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.worker import Worker
from casefile.vault.keys import MIN_KDF_SECONDS, Secret

openings, unlock_every, folder = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
app = QApplication(sys.argv[:1])
settings = QSettings(str(folder.parent / "settings.ini"), QSettings.Format.IniFormat)
create_demo(folder, kdf_seconds=MIN_KDF_SECONDS).close()
key = Session.derive_key(folder, DEMO_PASSPHRASE)  # once: the KDF is not what is tested
for i in range(openings):
    worker = Worker()
    window = MainWindow(worker, settings, idle_minutes=60)
    window.show()
    if i % unlock_every == 0:
        window.start.unlocked.emit(Session.open_with_key(folder, Secret(key.bytes())))
        assert window.session is not None
    app.processEvents()
    window.close()  # locks: the vault's pages are deleted
    worker.wait()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
print("closed", openings, flush=True)
"""


def test_the_window_opens_and_closes_200_times_without_an_abort(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PYTHONFAULTHANDLER": "1"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(OPENINGS), str(UNLOCK_EVERY),
         str(tmp_path / "demo.casefile")],
        env=env, capture_output=True, text=True, timeout=300, check=False)
    assert "Fatal Python error" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"closed {OPENINGS}" in done.stdout


def test_none_true_and_false_cannot_run_out_of_references() -> None:
    """Importing casefile.ui gives them the head start Python 3.12 gives them."""
    if not refcounts.needed():
        return
    for singleton in refcounts.SINGLETONS:
        assert sys.getrefcount(singleton) > refcounts.HEAD_START // 2
