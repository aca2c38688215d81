"""Take the README's screenshots of the window, in Russian, from a fresh demo vault.

    python -m casefile.ui.screenshots docs/screenshots

Runs offscreen; the demo vault lives in a temporary folder (encrypted like any vault) that
is removed afterwards. Anyone can rerun it after changing the window.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from casefile.services.demo.data import demo_id
from casefile.services.demo.vault import DEMO_PASSPHRASE, create_demo
from casefile.services.records.session import Session
from casefile.ui.fonts import register_fonts
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.settings import apply_language
from casefile.ui.sync.page import SyncPage
from casefile.ui.worker import Worker

SIZE = (1366, 768)  # a common laptop screen; everything must be readable at this size


def _laptop_screen() -> None:
    """Offscreen, on a virtual 1366×768 screen (Qt's offscreen default is 800×800, which the
    window would be cut to), with no fake window frame around the pictures."""
    folder = tempfile.mkdtemp(prefix="casefile-screen-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    config = Path(folder) / "screen.json"
    width, height = SIZE
    config.write_text(json.dumps({
        "windowFrameMargins": False,
        "screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                     "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={config}")



def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def _charts(window: MainWindow, session: Session, shot: Callable[[str], None]) -> None:
    """The money chart of the person with the most payments, and the Ufa case's timeline."""
    panteleev = session.list("person", match="Пантелеев")[0]
    window.open_record("person", panteleev["id"])
    person_page = window.page_of["person"]
    if isinstance(person_page, RecordPage) and person_page.tabs and person_page.money:
        person_page.tabs.setCurrentWidget(person_page.money)
        shot("person-money")
    window.open_record("case", demo_id("case:ufa"))
    case_page = window.page_of["case"]
    if isinstance(case_page, RecordPage) and case_page.tabs and case_page.timeline:
        case_page.tabs.setCurrentWidget(case_page.timeline)
        QApplication.processEvents()
        canvas = case_page.timeline.canvas
        canvas.setFocus()
        canvas.select(next(i for i, m in enumerate(canvas.marks) if m.kind == "search"))
        shot("case-timeline")


def _sync(window: MainWindow, session: Session, shot: Callable[[str], None]) -> None:
    """The Sync page with one trusted group (a key made for the picture), ready to export."""
    from casefile.services.exchange import bundles  # noqa: PLC0415
    from casefile.sync.identity import Identity  # noqa: PLC0415

    bundles.add_contact(session, "Уфа — группа поддержки", Identity.generate().public.to_json())
    bundles.peers(session).share("Уфа — группа поддержки", everything=True)
    window.show_section("sync")
    page = window.page_of["sync"]
    if isinstance(page, SyncPage):
        page.refresh()
        page.contacts.selectRow(0)
        page.with_files.setChecked(True)
    shot("sync")


def _file_dialog(window: MainWindow, work: Path, out: Path, language: str,
                 written: list[Path]) -> None:
    """Qt's own file dialog as casefile opens it (never the system's: it keeps no list of the
    folders visited), in the window's language, in a folder made for the picture (never the
    home folder of whoever runs this)."""
    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415

    from casefile.i18n import _  # noqa: PLC0415
    from casefile.ui.filedialogs import OPTIONS, forget_visited_folders  # noqa: PLC0415

    folder = work / "USB"
    for name in ("Уфа", "Москва"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    dialog = QFileDialog(window, _("Export bundle"), str(folder), _("casefile bundles (*.cfb)"))
    dialog.setOptions(OPTIONS)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.resize(900, 520)
    dialog.show()
    _grab(dialog, out / f"file-dialog-{language}.png", written)
    dialog.reject()
    forget_visited_folders()


def _grab(widget: QWidget, path: Path, written: list[Path]) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        _settle(app)
    widget.grab().save(str(path))
    written.append(path)


def _security(window: MainWindow, out: Path, language: str, written: list[Path]) -> None:
    """Vault security…, and a new recovery code as it is shown (made for the picture, never
    saved: the dialog is closed before it is typed back)."""
    security = window.edit_vault_settings()
    if security is None:
        return
    _grab(security, out / f"vault-security-{language}.png", written)
    code = security.make_recovery_code()
    if code is not None:
        _grab(code, out / f"recovery-code-{language}.png", written)
        code.reject()
    security.reject()


def take(out: Path, language: str = "ru") -> list[Path]:
    existing = QApplication.instance()
    if existing is None:
        _laptop_screen()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    register_fonts(app, make_default=True)
    apply_language(app, language)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="casefile-shots-"))
    written: list[Path] = []
    try:
        create_demo(work / "demo.casefile").close()
        settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Worker(), settings, idle_minutes=60)
        window.resize(*SIZE)
        window.show()
        key = Session.derive_key(work / "demo.casefile", DEMO_PASSPHRASE)
        session = Session.open_with_key(work / "demo.casefile", key)
        window.on_unlocked(session)

        def shot(name: str) -> None:
            _settle(app)
            path = out / f"{name}-{language}.png"
            window.grab().save(str(path))
            written.append(path)

        window.show_section("dashboard")
        shot("dashboard")
        boris = session.list("person", match="Кагарлицкий")[0]
        window.open_record("person", boris["id"])
        shot("person")
        window.open_record("case", demo_id("case:ufa"))  # its Overview: hearings, measure
        shot("case")
        _charts(window, session, shot)
        parcel = max(session.list("parcel"), key=lambda p: len(p["items"]))
        window.open_record("parcel", parcel["id"])
        page = window.page_of["parcel"]
        if isinstance(page, RecordPage):
            page.editor.input("items").setFocus()
        shot("parcel-editor")
        _sync(window, session, shot)
        _file_dialog(window, work, out, language, written)
        _security(window, out, language, written)
        window.lock()
        window.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return written


if __name__ == "__main__":
    from casefile.ui.documentshots import make_pictures

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    for p in take(target, sys.argv[2] if len(sys.argv) > 2 else "ru"):
        print(p)
    for p in make_pictures(target):  # the printed documents' first pages, from the same run
        print(p)
