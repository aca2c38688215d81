"""An unexpected error prints where it happened, never its message (which may quote case data)."""

from __future__ import annotations

import os
import subprocess
import sys

MARKER = "Маркерова Зоя Тимуровна"

SCRIPTS = {
    "main thread": f"""
from casefile.process import harden
harden()
def save_note(): raise ValueError({MARKER!r})
save_note()
""",
    "worker thread": f"""
import threading
from casefile.process import harden
harden()
def save_note(): raise ValueError({MARKER!r})
t = threading.Thread(target=save_note); t.start(); t.join()
""",
    "Qt slot": f"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from casefile.process import harden
harden()
app = QApplication([])
def save_note(): raise ValueError({MARKER!r})
QTimer.singleShot(0, save_note)
QTimer.singleShot(50, app.quit)
app.exec()
""",
}


def test_crash_reports_name_the_place_not_the_message() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for where, script in SCRIPTS.items():
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env,
                              check=False, timeout=60)
        err = done.stderr.decode("utf-8", errors="replace")
        assert "internal error: builtins.ValueError" in err, (where, err)
        assert "in save_note" in err, (where, err)
        assert MARKER not in err and MARKER not in done.stdout.decode(errors="replace"), where
