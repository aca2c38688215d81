"""Travel mode through the command line: chosen cases leave no trace in the vault folder,
no deletion reaches a contact, and `travel off` brings them back as they were."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.domain.errors import CasefileError
from casefile.services.records.session import Session
from casefile.services.safety.travel import travel_off_from_bundle
from tests.conftest import PASSPHRASE, tree_bytes

MARKERS = ["Путешественникова Аглая", "улица Скрытная 41", "Протокол обыска Ъ17"]
STAYS = "Оставшийся Тимофей"


def run(cli, vault: Path, *argv: str):
    return cli("--vault", str(vault), *argv)


def everywhere(folder: Path, text: str) -> bool:
    needles = [text.encode("utf-8"), text.encode("utf-16-le"),
               json.dumps(text)[1:-1].encode("ascii")]
    return any(n in data for data in tree_bytes(folder).values() for n in needles)


@pytest.fixture
def pair(cli, tmp_path: Path):
    a, b = tmp_path / "anna.casefile", tmp_path / "boris.casefile"
    for v in (a, b):
        assert run(cli, v, "init", "--kdf-seconds", "0.05").code == 0
    for vault, name, other in ((b, "Anna", a), (a, "Boris", b)):
        key = run(cli, other, "identity", "--json").out
        assert run(cli, vault, "contact-key", "add", name, key).code == 0
    return a, b


def add(cli, vault: Path, record_type: str, data: dict) -> str:
    result = run(cli, vault, "add", record_type, "--data", json.dumps(data, ensure_ascii=False))
    assert result.code == 0, result.err
    return result.out.strip()


def snapshot(folder: Path, ids: list[str]) -> dict:
    with Session.open(folder, PASSPHRASE) as s:
        return {i: (s.get_any(i), s.history(i), [(a.filename, s.attachment(a.id)[1])
                                                  for a in s.attachments(i)]) for i in ids}


def test_travel_leaves_no_trace_sends_no_deletion_and_comes_back(cli, pair,
                                                                 tmp_path: Path) -> None:
    a, b = pair
    facility = add(cli, a, "facility", {"name": "СИЗО-1"})
    person = add(cli, a, "person", {"full_name": MARKERS[0], "facility_id": facility})
    stays = add(cli, a, "person", {"full_name": STAYS, "facility_id": facility})
    case = add(cli, a, "case", {"title": "Дело П.", "person_ids": [person]})
    other = add(cli, a, "case", {"title": "Другое дело", "person_ids": [stays]})
    letter = add(cli, a, "letter", {"person_id": person, "body": MARKERS[1]})
    run(cli, a, "edit", "letter", letter, "--data", json.dumps({"status": "sent"}))
    scan = tmp_path / "scan.txt"
    scan.write_text(MARKERS[2], encoding="utf-8")
    assert run(cli, a, "attach", "person", person, str(scan)).code == 0
    scan.unlink()
    assert run(cli, a, "share", "Boris", "--all").code == 0 or \
        run(cli, a, "share", "Boris", "--case", case, "--case", other).code == 0
    first = tmp_path / "1.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(first)).code == 0
    assert run(cli, b, "bundle", "import", str(first)).code == 0
    ids = [person, case, letter]
    before = snapshot(a, ids)

    stick = tmp_path / "usb"
    stick.mkdir()
    refused = run(cli, a, "travel", "on", "--case", case)
    assert refused.code == 1 and "backup folder" in refused.err  # nowhere to keep them yet
    assert run(cli, a, "backup", "--schedule", str(stick)).code == 0
    on = run(cli, a, "travel", "on", "--case", case, "--json")
    assert on.code == 0, on.err
    assert on.json()["records"] == 3  # the case, its person, the letter; not the facility
    for marker in MARKERS:
        assert not everywhere(a, marker), marker
    with Session.open(a, PASSPHRASE) as s:
        for record_id in ids:
            with pytest.raises(CasefileError):
                s.get_any(record_id)
            assert s.history(record_id) == [] and s.attachments(record_id) == []
        assert s.search("Путешественникова") == [] and s.list("letter") == []
        assert s.get("person", stays) and s.get("facility", facility)  # still in use

    # While travelling, a bundle to the contact deletes nothing there.
    run(cli, a, "edit", "person", stays, "--data", json.dumps({"notes": "в пути"}))
    second = tmp_path / "2.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(second)).code == 0
    assert run(cli, b, "bundle", "import", str(second)).code == 0
    with Session.open(b, PASSPHRASE) as s:
        assert s.get("person", person)["full_name"] == MARKERS[0]
        assert s.get("letter", letter)["body"] == MARKERS[1]
        assert s.get("person", stays)["notes"] == "в пути"

    off = run(cli, a, "travel", "off", "--json")
    assert off.code == 0, off.err
    assert off.json()["records"] == 3
    assert snapshot(a, ids) == before
    with Session.open(a, PASSPHRASE) as s:
        assert [h.id for h in s.search("Путешественникова")] == [person]
    assert run(cli, a, "check").code == 0


def test_travel_off_from_a_contacts_bundle_brings_back_records_history_and_files(
        cli, pair, tmp_path: Path) -> None:
    a, b = pair
    person = add(cli, a, "person", {"full_name": MARKERS[0]})
    case = add(cli, a, "case", {"title": "Дело П.", "person_ids": [person]})
    letter = add(cli, a, "letter", {"person_id": person, "body": MARKERS[1]})
    run(cli, a, "edit", "letter", letter, "--data", json.dumps({"status": "sent"}))
    scan = tmp_path / "scan.txt"
    scan.write_text(MARKERS[2], encoding="utf-8")
    assert run(cli, a, "attach", "person", person, str(scan)).code == 0
    scan.unlink()
    assert run(cli, a, "share", "Boris", "--case", case).code == 0
    sent = tmp_path / "to-boris.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(sent),
               "--attachments").code == 0
    assert run(cli, b, "bundle", "import", str(sent)).code == 0
    assert run(cli, b, "share", "Anna", "--case", case).code == 0  # and B shares it back
    before = snapshot(a, [person, case, letter])
    stick = tmp_path / "usb"
    stick.mkdir()
    assert run(cli, a, "backup", "--schedule", str(stick)).code == 0
    assert run(cli, a, "travel", "on", "--case", case).code == 0
    # Meanwhile the contact edits the letter: the edit is kept when the case comes back.
    run(cli, b, "edit", "letter", letter, "--data", json.dumps({"status": "delivered"}))

    # A bundle without the files brings back less than the case had: it changes nothing.
    bare = tmp_path / "bare.cfb"
    assert run(cli, b, "bundle", "export", "--to", "Anna", "-o", str(bare), "--full").code == 0
    refused = run(cli, a, "travel", "off", "--from-bundle", str(bare))
    assert refused.code == 1 and "attached file" in refused.err, refused.err
    with Session.open(a, PASSPHRASE) as s:
        assert s.search("Путешественникова") == [] and s.list("letter") == []
    full = tmp_path / "full.cfb"
    assert run(cli, b, "bundle", "export", "--to", "Anna", "-o", str(full), "--full",
               "--attachments").code == 0
    off = run(cli, a, "travel", "off", "--from-bundle", str(full), "--json")
    assert off.code == 0, off.err
    assert off.json()["records"] == 3

    after = snapshot(a, [person, case, letter])
    assert after[person] == before[person] and after[case] == before[case]
    record, history, files = after[letter]
    assert record["status"] == "delivered" and files == before[letter][2]
    assert history[:-1] == before[letter][1] and history[-1]["fields"] == {"status": "delivered"}
    with Session.open(a, PASSPHRASE) as s:
        assert [h.id for h in s.search("Путешественникова")] == [person]
        assert all(s.vault.attachments.is_own(f.id) for f in s.attachments(person))
        with pytest.raises(CasefileError, match="not travelling"):
            travel_off_from_bundle(s, full)
    assert run(cli, a, "check").code == 0


def test_local_only_records_go_too_and_so_does_what_also_names_a_staying_person(
        cli, pair, tmp_path: Path) -> None:
    a, _b = pair
    person = add(cli, a, "person", {"full_name": MARKERS[0]})
    stays = add(cli, a, "person", {"full_name": STAYS})
    case = add(cli, a, "case", {"title": "Дело П.", "person_ids": [person]})
    add(cli, a, "case", {"title": "Другое дело", "person_ids": [stays]})
    note = add(cli, a, "letter", {"person_id": person, "body": MARKERS[1], "local_only": True})
    event = add(cli, a, "event", {"on": "2026-11-02", "description": MARKERS[2],
                                  "case_id": case, "person_id": stays})
    stick = tmp_path / "usb"
    stick.mkdir()
    assert run(cli, a, "backup", "--schedule", str(stick)).code == 0
    on = run(cli, a, "travel", "on", "--case", case, "--json")
    assert on.code == 0, on.err
    assert on.json()["counts"] == {"case": 1, "person": 1, "letter": 1, "event": 1}
    assert on.json()["records"] == 4 and on.json()["files"] == 0
    for marker in MARKERS:
        assert not everywhere(a, marker), marker
    with Session.open(a, PASSPHRASE) as s:
        assert s.get("person", stays)["full_name"] == STAYS
    assert run(cli, a, "travel", "off", "--json").json() == {"records": 4}
    with Session.open(a, PASSPHRASE) as s:
        assert s.get("letter", note)["local_only"] is True
        assert s.get("event", event)["person_id"] == stays


def test_a_deleted_record_of_a_case_left_behind_leaves_the_trash_too(cli, pair,
                                                                      tmp_path: Path) -> None:
    """The trash keeps a deleted letter's text for 30 days; when its case is left behind,
    that copy goes too, so its words are in no file and no list."""
    a, _b = pair
    person = add(cli, a, "person", {"full_name": "Путешественникова Аглая"})
    case = add(cli, a, "case", {"title": "Дело П.", "person_ids": [person]})
    letter = add(cli, a, "letter", {"person_id": person, "body": "Письмо из корзины Ж42"})
    assert run(cli, a, "delete", "letter", letter).code == 0
    assert [r["id"] for r in run(cli, a, "trash", "--json").json()] == [letter]
    stick = tmp_path / "usb"
    stick.mkdir()
    assert run(cli, a, "backup", "--schedule", str(stick)).code == 0
    assert run(cli, a, "travel", "on", "--case", case).code == 0
    assert run(cli, a, "trash", "--json").json() == []
    assert not everywhere(a, "Письмо из корзины Ж42")
