"""A laptop is lost; the group restores its vault from last week's backup. Nothing it wrote
since is lost at its contacts, and it gets back from them what it had sent."""

from __future__ import annotations

from pathlib import Path

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.services.safety import backups
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import PASSPHRASE


def _exchange(sender: Session, name: str, receiver: Session, target: Path) -> bundles.ImportReport:
    bundles.export_bundle(sender, [name], target)
    return bundles.import_bundle(receiver, target)


def test_a_vault_restored_from_an_old_backup_loses_nothing_either_way(tmp_path: Path) -> None:
    a = Session.create(tmp_path / "a.casefile", PASSPHRASE, MIN_KDF_SECONDS)
    b = Session.create(tmp_path / "b.casefile", PASSPHRASE, MIN_KDF_SECONDS)
    try:
        bundles.add_contact(a, "B", bundles.identity(b).public.to_json())
        bundles.add_contact(b, "A", bundles.identity(a).public.to_json())
        bundles.peers(a).share("B", everything=True)
        bundles.peers(b).share("A", everything=True)
        before = a.add("task", {"title": "До копии"})
        backup = tmp_path / "a.cfbackup"
        a.backup(backup)
        # After the backup: A writes, and B receives it.
        lost = a.add("task", {"title": "После копии"})
        edited = a.edit("task", before["id"], {"title": "До копии, исправлено"})
        assert _exchange(a, "B", b, tmp_path / "1.cfb").added == 2
    finally:
        a.close()

    # The laptop is gone; the backup is restored, and A writes again.
    restored = backups.restore(backup, tmp_path / "a2.casefile", PASSPHRASE)
    try:
        fresh = restored.add("task", {"title": "После восстановления"})
        report = _exchange(restored, "B", b, tmp_path / "2.cfb")
        assert report.added == 1 and report.waiting == 0
        assert b.get("task", fresh["id"])["title"] == "После восстановления"
        assert b.get("task", lost["id"])["title"] == "После копии"

        # B gives A back what A had sent before the laptop was lost.
        back = _exchange(b, "A", restored, tmp_path / "3.cfb")
        assert back.added == 1 and back.changed == 1
        assert restored.get("task", lost["id"])["title"] == "После копии"
        assert restored.get("task", before["id"])["title"] == edited["title"]

        # And on: both keep exchanging, both ways, and hold the same.
        restored.edit("task", fresh["id"], {"done": True})
        b.add("task", {"title": "От B"})
        _exchange(restored, "B", b, tmp_path / "4.cfb")
        _exchange(b, "A", restored, tmp_path / "5.cfb")
        titles = {t["title"]: t["done"] for t in restored.list("task")}
        assert titles == {t["title"]: t["done"] for t in b.list("task")}
        assert titles["После восстановления"] is True and "От B" in titles
        assert bundles.conflicts(restored) == [] and bundles.conflicts(b) == []
    finally:
        restored.close()
        b.close()


def test_a_restored_vault_writes_under_a_new_origin_and_keeps_the_old_as_its_own(
        tmp_path: Path) -> None:
    a = Session.create(tmp_path / "a.casefile", PASSPHRASE, MIN_KDF_SECONDS)
    with a:
        task = a.add("task", {"title": "Одна"})
        origin = a.vault.records.clock.origin
        a.backup(tmp_path / "a.cfbackup")
    with backups.restore(tmp_path / "a.cfbackup", tmp_path / "a2.casefile", PASSPHRASE) as r:
        assert r.vault.records.clock.origin != origin
        assert bundles.peers(r).own_origins() == {origin, r.vault.records.clock.origin}
        edited = r.edit("task", task["id"], {"title": "Две"})
        writes = r.history(task["id"])
        assert [w["seq"] for w in writes] == [1, 1] and writes[0]["origin"] == origin
        assert edited["title"] == "Две"
        from casefile.services.records.history import record_history

        assert all(entry.mine for entry in record_history(r, "task", task["id"]))
