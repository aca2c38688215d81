"""The trash (issue 15): deleted records listed for 30 days, restored by a new write that
travels to contacts in a real bundle, or deleted for good."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.domain.errors import CasefileError
from casefile.services.exchange import bundles
from casefile.services.records import trash
from casefile.services.records.session import Session
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import PASSPHRASE

DAY_MS = 24 * 3600 * 1000


def _kept(s: Session) -> list[str]:
    """The ids whose values the trash keeps in the vault."""
    return [key.removeprefix("local:trash:") for (key,) in s.vault.db.execute(
        "SELECT key FROM meta WHERE key LIKE 'local:trash:%'")]


def _letter(s: Session) -> tuple[dict, dict]:
    person = s.add("person", {"full_name": "Орлов Олег"})
    letter = s.add("letter", {"person_id": person["id"], "subject": "О свидании",
                              "body": "Передайте Орлову книги"})
    return person, letter


def test_a_deleted_record_is_listed_and_comes_back_with_its_values(session: Session) -> None:
    _person, letter = _letter(session)
    session.delete("letter", letter["id"])
    assert session.search("книги") == []
    [shown] = trash.deleted_records(session)
    assert (shown.id, shown.type, shown.title, shown.about, shown.deleted_by, shown.files) == (
        letter["id"], "letter", "О свидании", "Орлов Олег", "this vault", 0)
    assert shown.as_dict()["deleted_at"].endswith("Z")

    [back] = trash.restore(session, letter["id"].upper())
    assert back == {**letter, "updated_at": back["updated_at"]}
    assert session.get("letter", letter["id"])["body"] == "Передайте Орлову книги"
    assert [hit.id for hit in session.search("книги")] == [letter["id"]]
    assert trash.deleted_records(session) == [] and _kept(session) == []
    assert [h["op"] for h in session.history(letter["id"])] == ["put", "delete", "put"]


def test_what_is_not_deleted_or_not_in_the_trash_is_refused(session: Session) -> None:
    person = _letter(session)[0]
    with pytest.raises(CasefileError, match="is not deleted"):
        trash.restore(session, person["id"])
    with pytest.raises(CasefileError, match="no record with id 0000 in the trash"):
        trash.restore(session, "0000")


def test_a_letter_brings_back_the_person_deleted_after_it(session: Session) -> None:
    person, letter = _letter(session)
    session.delete("letter", letter["id"])  # the person can go only once its letters have
    session.delete("person", person["id"])
    assert [d.id for d in trash.deleted_records(session)] == [person["id"], letter["id"]]
    restored = trash.restore(session, letter["id"])
    assert [r["id"] for r in restored] == [person["id"], letter["id"]]
    assert session.get("person", person["id"])["full_name"] == "Орлов Олег"
    assert session.get("letter", letter["id"])["person_id"] == person["id"]
    assert trash.deleted_records(session) == []


def test_a_reference_that_cannot_come_back_is_named_and_nothing_is_restored(
        session: Session) -> None:
    person, letter = _letter(session)
    session.delete("letter", letter["id"])
    session.delete("person", person["id"])
    assert trash.forget(session, [person["id"]]) == 1
    with pytest.raises(CasefileError) as refused:
        trash.restore(session, letter["id"])
    assert "“О свидании”" in str(refused.value) and person["id"] in str(refused.value)
    assert "“Person”" in str(refused.value)
    assert [d.id for d in trash.deleted_records(session)] == [letter["id"]]
    assert session.vault.records.type_of(letter["id"]) is None


def test_deleted_for_good_leaves_the_trash_and_the_vault(session: Session) -> None:
    _person, letter = _letter(session)
    task = session.add("task", {"title": "Позвонить адвокату"})
    session.delete("letter", letter["id"])
    session.delete("task", task["id"])
    assert trash.forget(session, [task["id"]]) == 1
    assert [d.id for d in trash.deleted_records(session)] == [letter["id"]]
    assert _kept(session) == [letter["id"]]
    assert trash.empty(session) == 1
    assert trash.deleted_records(session) == [] and _kept(session) == []
    with pytest.raises(CasefileError, match="in the trash"):
        trash.restore(session, letter["id"])


def test_files_do_not_come_back_and_the_trash_says_how_many(session: Session,
                                                           tmp_path: Path) -> None:
    _person, letter = _letter(session)
    scan = tmp_path / "scan.txt"
    scan.write_text("скан письма")
    session.attach("letter", letter["id"], scan)
    session.delete("letter", letter["id"])
    assert trash.deleted_records(session)[0].files == 1
    trash.restore(session, letter["id"])
    assert session.attachments(letter["id"]) == []


def test_a_deletion_older_than_30_days_is_not_listed_and_its_copy_goes(
        vault_dir: Path) -> None:
    s = Session.create(vault_dir, PASSPHRASE, MIN_KDF_SECONDS)
    clock = s.vault.records.clock
    real = clock.wall_ms
    clock.wall_ms = lambda: real() - 31 * DAY_MS  # the vault's clock, a month back
    old = s.add("task", {"title": "Старая задача"})
    s.delete("task", old["id"])
    clock.wall_ms = lambda: real() - 29 * DAY_MS
    recent = s.add("task", {"title": "Недавняя задача"})
    s.delete("task", recent["id"])
    clock.wall_ms = real
    assert [d.id for d in trash.deleted_records(s)] == [recent["id"]]
    with pytest.raises(CasefileError, match="30 days"):
        trash.restore(s, old["id"])
    assert sorted(_kept(s)) == sorted([old["id"], recent["id"]])
    s.close()
    with Session.open(vault_dir, PASSPHRASE) as s:  # opening removes what is past keeping
        assert _kept(s) == [recent["id"]]
        assert "Старая" not in json.dumps(list(s.vault.db.execute("SELECT * FROM meta")),
                                          ensure_ascii=False)
        assert trash.restore(s, recent["id"])[0]["title"] == "Недавняя задача"


# -- between two vaults, through real bundles -------------------------------------------------


def _pair(tmp_path: Path) -> tuple[Session, Session]:
    anna, boris = (Session.create(tmp_path / f"{n}.casefile", PASSPHRASE, MIN_KDF_SECONDS)
                   for n in ("anna", "boris"))
    bundles.add_contact(anna, "Boris", bundles.identity(boris).public.to_json())
    bundles.add_contact(boris, "Anna", bundles.identity(anna).public.to_json())
    bundles.peers(anna).share("Boris", everything=True)
    bundles.peers(boris).share("Anna", everything=True)
    return anna, boris


def _send(sender: Session, to: str, receiver: Session, path: Path) -> bundles.ImportReport:
    bundles.export_bundle(sender, [to], path)
    return bundles.import_bundle(receiver, path)


def test_the_restore_is_a_write_a_contact_applies(tmp_path: Path) -> None:
    anna, boris = _pair(tmp_path)
    _person, letter = _letter(anna)
    _send(anna, "Boris", boris, tmp_path / "1.cfb")
    anna.delete("letter", letter["id"])
    _send(anna, "Boris", boris, tmp_path / "2.cfb")
    assert boris.count("letter") == 0
    [seen] = trash.deleted_records(boris)  # read from Boris's own change log
    assert (seen.id, seen.title, seen.deleted_by) == (letter["id"], "О свидании", "Anna")

    trash.restore(anna, letter["id"])
    report = _send(anna, "Boris", boris, tmp_path / "3.cfb")
    assert report.added == 1 and report.conflicts == 0
    assert boris.get("letter", letter["id"])["body"] == "Передайте Орлову книги"
    assert [hit.id for hit in boris.search("книги")] == [letter["id"]]
    assert trash.deleted_records(boris) == []
    anna.close()
    boris.close()


def test_a_contacts_deletion_is_restored_here_and_comes_back_there(tmp_path: Path) -> None:
    anna, boris = _pair(tmp_path)
    task = anna.add("task", {"title": "Отправить посылку"})
    _send(anna, "Boris", boris, tmp_path / "1.cfb")
    _send(boris, "Anna", anna, tmp_path / "2.cfb")  # a deletion goes where the record went
    boris.delete("task", task["id"])
    _send(boris, "Anna", anna, tmp_path / "3.cfb")
    assert anna.count("task") == 0
    [seen] = trash.deleted_records(anna)
    assert (seen.title, seen.deleted_by) == ("Отправить посылку", "Boris")
    trash.restore(anna, task["id"])
    assert _send(anna, "Boris", boris, tmp_path / "4.cfb").added == 1
    assert boris.get("task", task["id"])["title"] == "Отправить посылку"
    assert trash.deleted_records(boris) == []
    anna.close()
    boris.close()


def test_a_contacts_deletion_deleted_for_good_leaves_the_history(tmp_path: Path) -> None:
    anna, boris = _pair(tmp_path)
    task = anna.add("task", {"title": "Адрес свидетеля"})
    _send(anna, "Boris", boris, tmp_path / "1.cfb")
    anna.delete("task", task["id"])
    _send(anna, "Boris", boris, tmp_path / "2.cfb")
    assert "Адрес свидетеля" in json.dumps(boris.history(task["id"]), ensure_ascii=False)
    trash.forget(boris, [task["id"]])
    assert trash.deleted_records(boris) == []
    assert "Адрес свидетеля" not in json.dumps(boris.history(task["id"]), ensure_ascii=False)
    anna.close()
    boris.close()
