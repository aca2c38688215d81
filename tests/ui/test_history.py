"""A record's history names each change and the vault that made it."""

from __future__ import annotations

from pathlib import Path

from casefile.services.exchange import bundles
from casefile.services.records.history import record_history
from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import unlock

PASS = "history passphrase"


def test_changes_from_a_bundle_name_the_vault_that_made_them(tmp_path: Path) -> None:
    with Session.create(tmp_path / "boris.casefile", PASS, MIN_KDF_SECONDS) as boris, \
            Session.create(tmp_path / "anna.casefile", PASS, MIN_KDF_SECONDS) as anna:
        bundles.add_contact(boris, "Анна", bundles.identity(anna).public.to_json())
        bundles.add_contact(anna, "Борис", bundles.identity(boris).public.to_json())
        bundles.peers(boris).share("Анна", everything=True)
        person = boris.add("person", {"full_name": "Орлов Олег", "status": "at_liberty"})
        boris.edit("person", person["id"], {"status": "pretrial_detention"})
        bundles.export_bundle(boris, ["Анна"], tmp_path / "b.cfb")
        bundles.import_bundle(anna, tmp_path / "b.cfb")
        anna.edit("person", person["id"], {"notes": "передача принята"})

        entries = record_history(anna, "person", person["id"])
        assert [(e.who, e.op, e.mine) for e in entries] == [
            ("this vault", "edit", True), ("Борис", "edit", False), ("Борис", "add", False)]
        assert [(c.label, c.value) for c in entries[1].changes] == [
            ("Status", "pre-trial detention")]
        assert ("Full name", "Орлов Олег") in [(c.label, c.value) for c in entries[2].changes]


def test_writes_in_one_millisecond_keep_their_order(tmp_path: Path) -> None:
    # A fast machine makes a record and changes it within one millisecond; the clock's
    # counter, not the wall time, says which came last.
    with Session.create(tmp_path / "fast.casefile", PASS, MIN_KDF_SECONDS) as session:
        session.vault.records.clock.wall_ms = lambda: 1_790_000_000_000
        person = session.add("person", {"full_name": "Быстров Пётр"})
        for status in ("pretrial_detention", "serving_sentence", "at_liberty"):
            session.edit("person", person["id"], {"status": status})
        entries = record_history(session, "person", person["id"])
    assert [e.op for e in entries] == ["edit", "edit", "edit", "add"]
    assert [c.value for e in entries[:3] for c in e.changes] == [
        "at liberty", "serving a sentence", "pre-trial detention"]


def test_the_history_dialog_shows_each_write(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "group.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        facility = session.add("facility", {"name": "СИЗО-1"})
        person = session.add("person", {"full_name": "Резник Ирина"})
        session.edit("person", person["id"], {"facility_id": facility["id"]})
    unlock(qtbot, window, folder, PASS)
    page = window.page_of["person"]
    assert isinstance(page, RecordPage)
    window.open_record("person", person["id"])
    dialog = page.show_history()
    assert dialog is not None
    qtbot.addWidget(dialog)
    tree = dialog.tree
    assert tree.topLevelItemCount() == 2
    newest = tree.topLevelItem(0)
    assert (newest.text(1), newest.text(2)) == ("this vault", "changed")
    assert (newest.child(0).text(1), newest.child(0).text(2)) == ("Held at", "СИЗО-1")
    assert tree.topLevelItem(1).text(2) == "created"


def test_what_comes_in_shows_at_once_on_the_open_record(qtbot, window: MainWindow,
                                                        tmp_path: Path) -> None:
    """After a bundle or a spreadsheet changes records, the open page shows them afresh."""
    folder = tmp_path / "group.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        person = session.add("person", {"full_name": "Обновлённая Анна"})
        gone = session.add("person", {"full_name": "Удаляемый Иван"})
    unlock(qtbot, window, folder, PASS)
    page = window.page_of["person"]
    assert isinstance(page, RecordPage) and page.money is not None
    window.open_record("person", person["id"])
    # As an import would: straight through the service layer, under the open page.
    window.session.edit("person", person["id"], {"notes": "пришло в пакете"})
    window.session.add("payment", {"amount": "500", "direction": "in", "on": "2026-11-01",
                                   "person_id": person["id"]})
    window.reload_pages()
    assert page.editor.record["notes"] == "пришло в пакете"
    assert [t.money_in for t in page.money.totals] == [500]
    window.open_record("person", gone["id"])
    window.session.delete("person", gone["id"])
    window.reload_pages()
    assert page.editor.record is None
