"""Journey 3, a coordinator: on the Sync page she adds another group's coordinator by pasting
his identity, shares one case with him, exports a bundle; he imports it in his own vault
(a second Session); both change the case's title, his bundle comes back, and she settles the
conflict on the page — at 1024×700, in English and in Russian."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from casefile.i18n import _
from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.sync.page import SyncPage
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.journeys.conftest import Person
from tests.ui.conftest import unlock

PASS = "coordinator passphrase"
SHARED = "Дело уфимского кружка"
PRIVATE = "Дело, которое остаётся у нас"
CTRL = Qt.KeyboardModifier.ControlModifier
Key = Qt.Key


@pytest.mark.parametrize("whole_window", [False, True], ids=["widgets", "window-size"])
def test_add_share_export_import_and_settle(
        qtbot, small_window: MainWindow, person: Person, lang: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, whole_window: bool) -> None:
    """``widgets``: each widget used lies inside its window; ``window-size``: the window
    itself stays within the 1024×700 screen too."""
    win = small_window
    anna_folder = tmp_path / "anna.casefile"
    with Session.create(anna_folder, PASS, MIN_KDF_SECONDS) as anna:
        shared = anna.add("case", {"title": SHARED})
        anna.add("case", {"title": PRIVATE})
    boris = Session.create(tmp_path / "boris.casefile", PASS, MIN_KDF_SECONDS)
    try:
        unlock(qtbot, win, anna_folder, PASS)
        session = win.session
        assert session is not None
        bundles.add_contact(boris, "Анна", bundles.identity(session).public.to_json())
        bundles.peers(boris).share("Анна", everything=True)
        boris_id = bundles.identity(boris).public

        # -- add Boris: his identity pasted, the fingerprint compared, confirmed ---------------
        page = person.click_section(win, "sync")
        assert isinstance(page, SyncPage)
        person.click(page.add_button)
        dialog = page.add_dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.waitUntil(dialog.isActiveWindow)
        person.click(dialog.name)
        person.type(dialog.name, "Борис")
        QGuiApplication.clipboard().setText(boris_id.to_json())  # as copied from his message
        person.click(dialog.identity)
        person.press(Key.Key_V, CTRL)
        assert dialog.fingerprint.text() == boris_id.fingerprint
        assert not dialog.ok.isEnabled()
        person.click(dialog.confirm, QPoint(8, dialog.confirm.height() // 2))  # on its box
        assert dialog.confirm.isChecked() and dialog.ok.isEnabled()
        person.click(dialog.ok)
        assert not dialog.isVisible()
        assert page.contacts.rowCount() == 1
        assert page.contacts.item(0, 0).text() == "Борис"
        assert page.contacts.item(0, 1).text() == boris_id.fingerprint

        # -- share one case ------------------------------------------------------------------
        person.click_row(page.contacts, 0)
        person.click(page.share_button)
        share = page.share_dialog
        assert share is not None and share.isVisible()
        qtbot.waitUntil(share.isActiveWindow)
        person.click(share.some, QPoint(8, share.some.height() // 2))
        assert share.cases.isEnabled()
        titles = [share.cases.item(r).text() for r in range(share.cases.count())]
        person.click_row(share.cases, titles.index(SHARED))
        person.press(Key.Key_Space)  # ticks the case chosen
        assert share.cases.item(titles.index(SHARED)).checkState() == Qt.CheckState.Checked
        person.click(share.ok)
        assert not share.isVisible()
        peer = bundles.peers(session).get("Борис")
        assert not peer.scope_all and peer.case_ids == (shared["id"],)

        # -- export to him; he imports it in his vault ------------------------------------------
        bundle = tmp_path / "to-boris.cfb"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *_a: (str(bundle), "")))
        person.click_row(page.contacts, 0)
        person.click(page.export_button)
        assert bundle.is_file()
        assert not page.result.property("error") and "Борис" in page.result.text()
        report = bundles.import_bundle(boris, bundle)
        assert report.sender == "Анна"
        assert [c["title"] for c in boris.list("case")] == [SHARED]  # the other stays home

        # -- both change the title: she in the window, he in his vault ----------------------------
        win.activateWindow()  # back to the main window after the dialogs
        qtbot.waitUntil(win.isActiveWindow)
        cases = person.click_section(win, "case")
        assert isinstance(cases, RecordPage)
        model = cases.view.model()
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == SHARED)
        person.click_row(cases.view, row)
        title = cases.editor.input("title")
        if not title.isVisible() and cases.tabs is not None:
            bar = cases.tabs.tabBar()
            person.click(bar, bar.tabRect(cases.tabs.indexOf(cases.editor)).center())
        person.click(title)
        person.press(Key.Key_A, CTRL)
        person.type(title, "Дело кружка (Уфа)")
        with qtbot.waitSignal(cases.editor.saved, timeout=5000):
            person.press(Key.Key_S, CTRL)
        boris.edit("case", shared["id"], {"title": "Уфимское дело"})
        back = tmp_path / "from-boris.cfb"
        bundles.export_bundle(boris, ["Анна"], back)

        # -- his bundle comes in through the page: apply, keep the file ----------------------
        questions: list[str] = []

        def answer(_parent, _title, text, *_args):
            questions.append(text)
            return (QMessageBox.StandardButton.Yes if len(questions) == 1
                    else QMessageBox.StandardButton.No)

        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            staticmethod(lambda *_a: (str(back), "")))
        monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
        page = person.click_section(win, "sync")
        assert isinstance(page, SyncPage)
        person.click(page.import_button)
        assert len(questions) == 2 and back.exists()
        assert not page.result.property("error"), page.result.text()

        # -- the conflict, side by side; she keeps his title -------------------------------------
        assert page.tabs.currentIndex() == 1, page.result.text()
        assert page.tabs.tabText(1) == _("Conflicts ({0})").format(1)
        assert page.conflicts.rowCount() == 1
        shown = [page.conflicts.item(0, c).text() for c in range(page.conflicts.columnCount())]
        assert shown[2:4] == ["Дело кружка (Уфа)", "Уфимское дело"], shown
        assert not page.keep_theirs.isEnabled()
        person.click_row(page.conflicts, 0)
        assert page.keep_theirs.isEnabled()
        person.click(page.keep_theirs)
        assert page.conflicts.rowCount() == 0 and bundles.conflicts(session) == []
        assert session.get("case", shared["id"])["title"] == "Уфимское дело"
        assert page.tabs.tabText(1) == _("Conflicts")
        cases = person.click_section(win, "case")
        assert isinstance(cases, RecordPage)
        model = cases.view.model()
        assert "Уфимское дело" in [model.index(r, 0).data() for r in range(model.rowCount())]
        if not whole_window:
            person.off_screen = [line for line in person.off_screen
                                 if not line.startswith("window MainWindow")]
        person.assert_all_on_screen()
    finally:
        boris.close()
