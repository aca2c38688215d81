"""The Sync page, driven as a coordinator would: trust a contact, share, export, import,
settle a conflict; a damaged bundle changes nothing. Real vaults on both sides."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QFileDialog, QMessageBox

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.sync.bundlefile import suggested_name
from casefile.ui.sync.identity import QR_BOX
from casefile.ui.sync.page import SyncPage
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import tree_bytes
from tests.ui.conftest import type_text, unlock

PASS = "sync page passphrase"


@pytest.fixture
def boris(tmp_path: Path) -> Iterator[Session]:
    """Boris's vault, open beside the window for the whole test."""
    session = Session.create(tmp_path / "boris.casefile", PASS, MIN_KDF_SECONDS)
    yield session
    session.close()


@pytest.fixture
def anna(tmp_path: Path, boris: Session) -> Path:
    """Anna's vault, closed (the window opens it); Boris already trusts her."""
    folder = tmp_path / "anna.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        anna_identity = bundles.identity(session).public.to_json()
    bundles.add_contact(boris, "Анна", anna_identity)
    bundles.peers(boris).share("Анна", everything=True)
    return folder


def sync_page(win: MainWindow) -> SyncPage:
    win.show_section("sync")
    page = win.page_of["sync"]
    assert isinstance(page, SyncPage)
    assert win.pages.currentWidget() is page
    return page


def read_qr(shown: QPixmap) -> list[str]:
    """The texts a QR reader (zxing-cpp) finds in what the screen shows."""
    import io

    import zxingcpp
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    shown.save(buffer, "PNG")  # in memory
    image = Image.open(io.BytesIO(bytes(buffer.data())))
    return [found.text for found in zxingcpp.read_barcodes(image)]


def cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_trust_share_export_import_and_settle_a_conflict(
        qtbot, window: MainWindow, anna: Path, boris: Session, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    unlock(qtbot, window, anna, PASS)
    session = window.session
    assert session is not None
    page = sync_page(window)
    me = bundles.identity(session).public
    boris_id = bundles.identity(boris).public

    # This vault's identity: the fingerprint to read aloud, the QR code, the copy button.
    # Its ten groups in two lines of five, as read aloud; the QR code 3 px a module (≥ 160).
    lines = page.fingerprint.text().split("\n")
    assert [len(line.split()) for line in lines] == [5, 5]
    assert " ".join(lines) == me.fingerprint
    assert 160 <= page.qr.pixmap().width() <= QR_BOX
    # What a phone's camera reads off the screen is the identity the copy button copies.
    assert read_qr(page.qr.grab()) == [me.to_json()]
    page.copy_button.click()
    assert QGuiApplication.clipboard().text() == me.to_json()
    assert page.contacts.rowCount() == 0
    assert not page.export_button.isEnabled() and not page.share_button.isEnabled()

    # Add Boris: paste his identity, compare the fingerprint, confirm.
    page.add_button.click()
    dialog = page.add_dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.name, "Борис")
    dialog.identity.setPlainText("not an identity")
    assert dialog.error.text() and not dialog.ok.isEnabled()
    dialog.identity.setPlainText(me.to_json())  # her own, by mistake: refused in the dialog
    dialog.confirm.setChecked(True)
    dialog.ok.click()
    assert dialog.isVisible() and "own identity" in dialog.error.text()
    dialog.identity.setPlainText(boris_id.to_json())
    assert dialog.fingerprint.text() == boris_id.fingerprint
    assert not dialog.confirm.isChecked() and not dialog.ok.isEnabled()  # confirm again
    dialog.confirm.setChecked(True)
    dialog.ok.click()
    assert not dialog.isVisible()
    assert page.contacts.rowCount() == 1
    assert cells(page.contacts, 0)[:3] == ["Борис", boris_id.fingerprint, "nothing yet"]

    # Share everything with him.
    page.contacts.selectRow(0)
    page.share_button.click()
    share = page.share_dialog
    assert share is not None
    share.everything.setChecked(True)
    share.ok.click()
    assert cells(page.contacts, 0)[2] == "everything"
    assert bundles.peers(session).get("Борис").scope_all

    # Export a bundle to him.
    task = session.add("task", {"title": "Позвонить адвокату"})
    asked: list[str] = []

    def save_as(_parent, _title, start, _filter, *_options):
        asked.append(Path(start).name)
        return str(tmp_path / "to-boris"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    page.contacts.selectRow(0)
    assert page.selected_contacts() == ["Борис"]
    page.export_button.click()
    # The suggested name says nothing of the group or the person the bundle is for.
    assert len(asked) == 1 and re.fullmatch(r"\d{8}-[0-9a-f]{6}\.cfb", asked[0]), asked
    assert "Борис" not in asked[0] and "casefile" not in asked[0]
    assert suggested_name() != suggested_name()
    bundle = tmp_path / "to-boris.cfb"  # the suffix was added
    assert bundle.is_file()
    assert page.result.text().startswith("1 write sent to Борис"), page.result.text()
    assert not page.result.property("error")
    assert cells(page.contacts, 0)[3].startswith("#1, ")

    # Boris imports it into his vault: the task arrived.
    report = bundles.import_bundle(boris, bundle)
    assert report.sender == "Анна" and report.added == 1
    assert boris.get("task", task["id"])["title"] == "Позвонить адвокату"

    # Both change the title; Boris sends his bundle; Anna imports it through the page.
    session.edit("task", task["id"], {"title": "Позвонить в среду"})
    boris.edit("task", task["id"], {"title": "Позвонить в четверг"})
    from_boris = tmp_path / "from-boris.cfb"
    bundles.export_bundle(boris, ["Анна"], from_boris)
    questions: list[str] = []

    def answer_yes(_parent, _title, text, *_args):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a: (str(from_boris), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer_yes))
    page.import_button.click()
    # First the preview of what it will do, then (after applying) the offer to delete it.
    assert len(questions) == 2
    assert "Apply this bundle?" in questions[0] and "1 conflicts" in questions[0]
    assert "\n~ Task: Позвонить в " in questions[0]  # the record it changes, by name
    assert "seized disk" in questions[1]
    assert not from_boris.exists()
    assert not page.result.property("error")
    assert "Борис" in page.result.text() and "1 conflicts" in page.result.text()
    assert "deleted" in page.result.text()
    assert cells(page.contacts, 0)[4].startswith("#1, ")

    # The conflict, side by side.
    assert page.tabs.currentIndex() == 1
    assert page.conflicts.rowCount() == 1
    shown = session.get("task", task["id"])["title"]  # the newer value, until she chooses
    assert cells(page.conflicts, 0) == [f"Task: {shown}", "Title", "Позвонить в среду",
                                        "Позвонить в четверг"]

    # Double-click opens the record; back to the Sync page.
    where = page.conflicts.visualItemRect(page.conflicts.item(0, 0)).center()
    with qtbot.waitSignal(page.open_requested, timeout=2000) as opened:
        # An item view takes a double click only after a press on the same line.
        qtbot.mouseClick(page.conflicts.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(page.conflicts.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == ["task", task["id"]]
    assert window.pages.currentWidget() is window.page_of["task"]
    page = sync_page(window)

    # Keep theirs: Boris's title stands and the list is empty.
    assert not page.keep_theirs.isEnabled()
    page.conflicts.selectRow(0)
    assert page.keep_theirs.isEnabled()
    page.keep_theirs.click()
    assert session.get("task", task["id"])["title"] == "Позвонить в четверг"
    assert page.conflicts.rowCount() == 0 and bundles.conflicts(session) == []
    tasks = window.page_of["task"]  # the lists were reloaded after the change
    assert [tasks.model.record_at(r)["title"] for r in range(tasks.model.rowCount())] == [
        "Позвонить в четверг"]
    assert page.tabs.tabText(1) == "Conflicts"

    # The log: the export, then the import (newest first).
    assert page.log.rowCount() == 2
    newest, oldest = cells(page.log, 0), cells(page.log, 1)
    assert newest[1:4] == ["←", "Борис", "#1"] and newest[6] == "1"
    assert oldest[1:5] == ["→", "Борис", "#1", "1"]


def test_a_damaged_bundle_shows_an_error_and_changes_nothing(
        qtbot, window: MainWindow, anna: Path, boris: Session, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A real bundle from Boris with a flipped byte in the middle.
    with Session.open(anna, PASS) as session:
        bundles.add_contact(session, "Борис", bundles.identity(boris).public.to_json())
    boris.add("person", {"full_name": "Орлов Олег"})
    good = tmp_path / "good.cfb"
    bundles.export_bundle(boris, ["Анна"], good)
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.cfb"
    damaged.write_bytes(bytes(data))

    unlock(qtbot, window, anna, PASS)
    page = sync_page(window)
    before = tree_bytes(anna)
    for bad in (damaged, tmp_path / "garbage.cfb"):
        if not bad.exists():
            bad.write_bytes(b"this is not a bundle" * 40)
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            staticmethod(lambda *_a, f=bad: (str(f), "")))
        page.import_button.click()  # no question: an unexpected dialog fails the test
        assert page.result.property("error") is True
        assert page.result.text().startswith("Nothing was imported: "), page.result.text()
        assert "color: #b00020" in page.result.styleSheet()
        assert bad.exists()
    assert window.session is not None
    assert window.session.list("person") == []
    assert bundles.peers(window.session).exchanges() == []
    assert page.log.rowCount() == 0
    assert tree_bytes(anna) == before


def test_a_bundle_with_attached_files_from_the_page(
        qtbot, window: MainWindow, anna: Path, boris: Session, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"With attached files" carries a letter's scan; a bundle with files comes in through
    the page with the scan readable at once."""
    unlock(qtbot, window, anna, PASS)
    session = window.session
    assert session is not None
    bundles.add_contact(session, "Борис", bundles.identity(boris).public.to_json())
    bundles.peers(session).share("Борис", everything=True)
    person = session.add("person", {"full_name": "Орлов Олег"})
    scan = session.attach_bytes(person["id"], "письмо.jpg", b"\xff\xd8 scan of a letter")
    page = sync_page(window)
    page.refresh()
    page.contacts.selectRow(0)
    assert page.with_files.isEnabled() and not page.with_files.isChecked()
    page.with_files.setChecked(True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(tmp_path / "to-boris.cfb"), "")))
    page.export_button.click()
    assert "1 attached file" in page.result.text(), page.result.text()
    assert bundles.import_bundle(boris, tmp_path / "to-boris.cfb").files == 1
    assert boris.attachment(scan.id)[1] == b"\xff\xd8 scan of a letter"

    # Boris answers with a photo of his own on the same person.
    photo = boris.attach_bytes(person["id"], "фото.png", b"\x89PNG photo")
    bundles.export_bundle(boris, ["Анна"], tmp_path / "from-boris.cfb", files=True)
    questions: list[str] = []

    def answer(_parent, _title, text, *_args):
        questions.append(text)
        return (QMessageBox.StandardButton.Yes if len(questions) == 1
                else QMessageBox.StandardButton.No)

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a: (str(tmp_path / "from-boris.cfb"), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    page.import_button.click()
    assert "1 attached file added" in questions[0]
    assert "1 attached file added" in page.result.text()
    assert session.attachment(photo.id)[1] == b"\x89PNG photo"


def test_removing_a_contact_whose_laptop_was_seized(
        qtbot, window: MainWindow, anna: Path, boris: Session, tmp_path: Path) -> None:
    unlock(qtbot, window, anna, PASS)
    session = window.session
    assert session is not None
    bundles.add_contact(session, "Борис", bundles.identity(boris).public.to_json())
    page = sync_page(window)
    page.refresh()
    assert not page.remove_button.isEnabled()
    page.contacts.selectRow(0)
    page.remove_button.click()
    dialog = page.remove_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Борис" in dialog.windowTitle() and not dialog.revoke.isChecked()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter cancels: nothing removed
    assert not dialog.isVisible()
    assert [p.name for p in bundles.peers(session).all()] == ["Борис"]
    page.contacts.selectRow(0)
    page.remove_button.click()
    dialog = page.remove_dialog
    assert dialog is not None
    dialog.revoke.setChecked(True)
    dialog.ok.click()
    assert bundles.peers(session).all() == [] and page.contacts.rowCount() == 0
    assert "no longer trusted" in page.result.text() and "revoked" in page.result.text()
    # A bundle Boris's laptop signs now is refused, and changes nothing.
    bundles.export_bundle(boris, ["Анна"], tmp_path / "after.cfb")
    before = tree_bytes(anna)
    with pytest.raises(bundles.BundleError):
        bundles.import_bundle(session, tmp_path / "after.cfb")
    assert tree_bytes(anna) == before


def test_the_share_dialog_can_take_a_case_away(
        qtbot, window: MainWindow, anna: Path, boris: Session) -> None:
    unlock(qtbot, window, anna, PASS)
    session = window.session
    assert session is not None
    bundles.add_contact(session, "Борис", bundles.identity(boris).public.to_json())
    ufa = session.add("case", {"title": "Уфимское дело"})
    other = session.add("case", {"title": "Дело Тайнова"})
    bundles.peers(session).share("Борис", everything=True)
    page = sync_page(window)
    page.refresh()
    page.contacts.selectRow(0)
    page.share_button.click()
    dialog = page.share_dialog
    assert dialog is not None and dialog.everything.isChecked()
    assert not dialog.cases.isEnabled()
    dialog.some.setChecked(True)  # from everything to the ticked cases only
    assert dialog.cases.isEnabled()
    titles = [dialog.cases.item(r).text() for r in range(dialog.cases.count())]
    dialog.cases.item(titles.index("Уфимское дело")).setCheckState(Qt.CheckState.Checked)
    dialog.ok.click()
    peer = bundles.peers(session).get("Борис")
    assert not peer.scope_all and peer.case_ids == (ufa["id"],)
    assert cells(page.contacts, 0)[2] != "everything"
    # Untick it again: nothing is shared any more.
    page.contacts.selectRow(0)
    page.share_button.click()
    dialog = page.share_dialog
    assert dialog is not None
    item = dialog.cases.item(titles.index("Уфимское дело"))
    assert item.checkState() == Qt.CheckState.Checked
    item.setCheckState(Qt.CheckState.Unchecked)
    dialog.ok.click()
    assert bundles.peers(session).get("Борис").case_ids == ()
    assert other["id"] not in bundles.peers(session).get("Борис").case_ids


def test_the_preview_names_records_and_counts_the_rest(
        qtbot, window: MainWindow, anna: Path, boris: Session, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    unlock(qtbot, window, anna, PASS)
    session = window.session
    assert session is not None
    bundles.add_contact(session, "Борис", bundles.identity(boris).public.to_json())
    for n in range(20):
        boris.add("task", {"title": f"задача {n:02d}"})
    bundles.export_bundle(boris, ["Анна"], tmp_path / "many.cfb")
    questions: list[str] = []

    def cancel(_parent, _title, text, *_args):
        questions.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a: (str(tmp_path / "many.cfb"), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(cancel))
    page = sync_page(window)
    page.import_button.click()
    lines = questions[0].splitlines()
    assert "+ Task: задача 00" in lines and "+ Task: задача 14" in lines
    assert "+ Task: задача 15" not in lines and lines[-1] == "and 5 more records"
    assert session.count("task") == 0  # cancelled: nothing applied
