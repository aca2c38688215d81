"""Scans and photos travel with the records they belong to, once, and only where shared."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.services.exchange import bundlefiles, bundles
from casefile.services.records.session import Session
from casefile.sync.bundle import make_bundle, open_bundle
from casefile.sync.errors import BundleError
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import PASSPHRASE, tree_bytes

SCAN = os.urandom(300_000)  # a photographed letter: does not compress


@pytest.fixture
def pair(cli, tmp_path: Path):
    """Anna's and Boris's vaults, each trusting the other."""
    a, b = tmp_path / "anna.casefile", tmp_path / "boris.casefile"
    for v in (a, b):
        assert cli("--vault", str(v), "init", "--kdf-seconds", str(MIN_KDF_SECONDS)).code == 0
    ida = cli("--vault", str(a), "identity", "--json").out
    idb = cli("--vault", str(b), "identity", "--json").out
    assert cli("--vault", str(b), "contact-key", "add", "Anna", ida).code == 0
    assert cli("--vault", str(a), "contact-key", "add", "Boris", idb).code == 0
    return a, b


@pytest.fixture
def sharing(cli, pair):
    a, b = pair
    assert cli("--vault", str(a), "share", "Boris", "--all").code == 0
    assert cli("--vault", str(b), "share", "Anna", "--all").code == 0
    return a, b


def run(cli, vault: Path, *argv: str):
    return cli("--vault", str(vault), *argv)


def _letter_with_scan(cli, vault: Path, tmp_path: Path, name: str = "Орлов Олег",
                      filename: str = "письмо из СИЗО.jpg", data: bytes = SCAN) -> tuple[str, str]:
    person = run(cli, vault, "add", "person", "--data",
                 json.dumps({"full_name": name})).out.strip()
    letter = run(cli, vault, "add", "letter", "--data", json.dumps(
        {"person_id": person, "direction": "in", "body": "Здравствуйте!"})).out.strip()
    scan = tmp_path / filename
    scan.write_bytes(data)
    assert run(cli, vault, "attach", "letter", letter, str(scan)).code == 0
    scan.unlink()
    return person, letter


def _export(cli, vault: Path, target: Path, *extra: str) -> dict:
    result = run(cli, vault, "bundle", "export", "--to", "Boris" if "anna" in vault.name
                 else "Anna", "-o", str(target), "--json", *extra)
    assert result.code == 0, result.err
    return result.json()


def test_a_scan_travels_once_with_its_letter(cli, sharing, tmp_path: Path) -> None:
    a, b = sharing
    _person, letter = _letter_with_scan(cli, a, tmp_path)
    # Without --attachments nothing but records travels.
    plain = _export(cli, a, tmp_path / "plain.cfb")
    assert plain["files"] == 0 and plain["bytes"] < len(SCAN)
    sent = _export(cli, a, tmp_path / "with.cfb", "--attachments")
    assert sent["files"] == 1 and sent["bytes"] > len(SCAN)
    report = run(cli, b, "bundle", "import", str(tmp_path / "with.cfb"), "--json").json()
    assert report["files"] == 1 and "1 attached file added" in report["notes"]
    listed = run(cli, b, "attachment", "list", letter, "--json").json()
    assert [(f["filename"], f["size"]) for f in listed] == [("письмо из СИЗО.jpg", len(SCAN))]
    out = tmp_path / "out.jpg"
    assert run(cli, b, "attachment", "get", listed[0]["id"], "-o", str(out)).code == 0
    assert out.read_bytes() == SCAN
    mine = run(cli, a, "attachment", "list", letter, "--json").json()
    assert listed == mine  # same id, name, type, checksum and time
    # Sent once: the next bundle to Boris does not carry it again, nor does Boris's
    # bundle carry it back to Anna; --full sends it again.
    assert _export(cli, a, tmp_path / "again.cfb", "--attachments")["files"] == 0
    assert _export(cli, b, tmp_path / "back.cfb", "--attachments")["files"] == 0
    assert _export(cli, a, tmp_path / "full.cfb", "--attachments", "--full")["files"] == 1
    log = run(cli, a, "exchanges", "--json").json()
    assert "1 attached file" in [e["note"] for e in log]


def test_only_files_of_shared_records_travel(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    shared, _l1 = _letter_with_scan(cli, a, tmp_path, "Галимов Ринат", "shared.jpg")
    _other, _l2 = _letter_with_scan(cli, a, tmp_path, "Тайнов Секрет", "secret.jpg",
                                    b"the other case's scan")
    case = run(cli, a, "add", "case", "--data", json.dumps(
        {"title": "Уфимское дело", "person_ids": [shared]})).out.strip()
    assert run(cli, a, "share", "Boris", "--case", case).code == 0
    bundle = tmp_path / "scoped.cfb"
    sent = _export(cli, a, bundle, "--attachments")
    assert sent["files"] == 1
    with Session.open(b, PASSPHRASE) as s:
        me = bundles.identity(s)
    with Session.open(a, PASSPHRASE) as s:
        anna = bundles.identity(s).public
    body = open_bundle(bundle.read_bytes(), me, [anna]).body
    assert [f["filename"] for f in body["files"]] == ["shared.jpg"]
    text = json.dumps(body, ensure_ascii=False)
    assert "secret.jpg" not in text
    assert base64.b64encode(b"the other case's scan").decode() not in text


def test_a_bundle_carries_what_a_messenger_takes_and_the_rest_follows(
        cli, sharing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = sharing
    monkeypatch.setattr(bundlefiles, "FILES_PER_BUNDLE", 700_000)
    monkeypatch.setattr(bundlefiles, "LARGEST_FILE", 1_000_000)
    for n in range(3):
        _letter_with_scan(cli, a, tmp_path, f"Человек {n}", f"скан{n}.jpg")
    _letter_with_scan(cli, a, tmp_path, "Огромов", "видео.mp4", os.urandom(1_000_001))
    first = run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(tmp_path / "1.cfb"),
                "--attachments")
    assert first.code == 0, first.err
    assert "1 more attached file waits for the next bundle" in first.out
    assert "видео.mp4" in first.out  # named, to be passed by hand
    second = _export(cli, a, tmp_path / "2.cfb", "--attachments")
    assert (second["files"], second["files_waiting"]) == (1, 0)
    assert second["files_too_large"] == ["видео.mp4"]
    for n in (1, 2):
        assert run(cli, b, "bundle", "import", str(tmp_path / f"{n}.cfb")).code == 0
    with Session.open(b, PASSPHRASE) as s:
        names = sorted(r[0] for r in s.vault.db.execute("SELECT filename FROM attachment"))
    assert names == ["скан0.jpg", "скан1.jpg", "скан2.jpg"]


def test_preview_counts_files_and_changes_nothing(cli, sharing, tmp_path: Path) -> None:
    a, b = sharing
    _letter_with_scan(cli, a, tmp_path)
    _export(cli, a, tmp_path / "x.cfb", "--attachments")
    before = tree_bytes(b)
    preview = run(cli, b, "bundle", "import", str(tmp_path / "x.cfb"), "--preview",
                  "--json").json()
    assert preview["files"] == 1
    assert tree_bytes(b) == before


# -- crafted bundles -------------------------------------------------------------------------

def _identities(a: Path, b: Path):
    with Session.open(a, PASSPHRASE) as s:
        anna = bundles.identity(s)
    with Session.open(b, PASSPHRASE) as s:
        boris = bundles.identity(s)
    return anna, boris


def _file_entry(record_id: str, data: bytes = b"scan bytes", **over) -> dict:
    entry = {"id": "22222222-2222-4222-8222-222222222222", "record_id": record_id,
             "filename": "scan.jpg", "media_type": "image/jpeg", "size": len(data),
             "sha256": hashlib.sha256(data).hexdigest(), "created_at": "2026-11-27T10:00:00Z",
             "parts": [base64.b64encode(data).decode()]}
    entry.update(over)
    return entry


def _crafted(anna, boris, target: Path, files: object = None, number: int = 1,
             **more: object) -> Path:
    """A bundle signed by Anna for Boris holding no writes, only ``files`` and ``more``."""
    body = {"bundle_id": "crafted", "sequence": {boris.public.signing_key: number},
            "previous": {}, "vector": {}, "batches": [], **more}
    if files is not None:
        body["files"] = files
    target.write_bytes(make_bundle(anna, [boris.public], body))
    return target


@pytest.fixture
def boris_has_a_record(cli, pair, tmp_path: Path):
    a, b = pair
    person = run(cli, b, "add", "person", "--data", '{"full_name": "Резник Ирина"}').out.strip()
    anna, boris = _identities(a, b)
    return b, anna, boris, person


@pytest.mark.parametrize("bad", [
    {"sha256": "0" * 64},                                    # not the file's checksum
    {"size": 11},                                            # not the file's size
    {"parts": ["!!!not base64!!!"]},                         # not base64
    {"parts": ["c2Nhbi\nBieXRlcw=="]},                       # base64 with a line break
    {"parts": "c2NhbiBieXRlcw=="},                           # not a list
    {"filename": "../../.bashrc"},                           # a path, not a name
    {"filename": "scan\x00.jpg"},                            # a control character
    {"filename": ""},
    {"media_type": "image/jpeg\r\nX-Evil: 1"},
    {"id": "not-a-uuid"},
    {"record_id": 7},
    {"size": True},
    {"size": -1},
    {"created_at": "yesterday"},
    {"extra": "key"},
])
def test_crafted_files_are_refused_and_change_nothing(
        cli, boris_has_a_record, tmp_path: Path, bad: dict) -> None:
    b, anna, boris, person = boris_has_a_record
    f = _crafted(anna, boris, tmp_path / "bad.cfb", [{**_file_entry(person), **bad}])
    before = tree_bytes(b)
    result = run(cli, b, "bundle", "import", str(f))
    assert result.code == 1 and result.err.startswith("casefile: error: ")
    assert "attached file" in result.err
    assert tree_bytes(b) == before


def test_the_same_file_twice_or_a_file_list_that_is_not_a_list_is_refused(
        cli, boris_has_a_record, tmp_path: Path) -> None:
    b, anna, boris, person = boris_has_a_record
    before = tree_bytes(b)
    for files in ([_file_entry(person), _file_entry(person)], {"a": 1}, "files"):
        f = _crafted(anna, boris, tmp_path / "bad.cfb", files)
        result = run(cli, b, "bundle", "import", str(f))
        assert result.code == 1 and result.err.startswith("casefile: error: ")
    assert tree_bytes(b) == before


def test_a_good_crafted_file_is_kept_and_one_for_a_missing_record_is_left_out(
        cli, boris_has_a_record, tmp_path: Path) -> None:
    b, anna, boris, person = boris_has_a_record
    missing = _file_entry("33333333-3333-4333-8333-333333333333",
                          id="44444444-4444-4444-8444-444444444444")
    f = _crafted(anna, boris, tmp_path / "ok.cfb", [_file_entry(person), missing])
    report = run(cli, b, "bundle", "import", str(f), "--json").json()
    assert report["files"] == 1
    assert "1 attached file was left out: its record is not in this vault" in report["notes"]
    listed = run(cli, b, "attachment", "list", person, "--json").json()
    assert [x["filename"] for x in listed] == ["scan.jpg"]


def test_a_file_under_an_id_this_vault_holds_does_not_replace_it(
        cli, pair, tmp_path: Path) -> None:
    a, b = pair
    _person, letter = _letter_with_scan(cli, b, tmp_path)
    held = run(cli, b, "attachment", "list", letter, "--json").json()[0]
    anna, boris = _identities(a, b)
    forged = _file_entry(letter, b"someone else's picture", id=held["id"])
    f = _crafted(anna, boris, tmp_path / "swap.cfb", [forged])
    report = run(cli, b, "bundle", "import", str(f), "--json").json()
    assert report["files"] == 0 and any("different file" in n for n in report["notes"])
    out = tmp_path / "still.jpg"
    assert run(cli, b, "attachment", "get", held["id"], "-o", str(out)).code == 0
    assert out.read_bytes() == SCAN


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner,
                                                                 max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(bundlefiles.KEYS)), value=_json_values,
       whole=st.one_of(st.none(), _json_values))
def test_any_file_entry_is_checked_or_refused_by_name(field: str, value: object,
                                                      whole: object) -> None:
    """Whatever a crafted body holds under "files", checking it either passes a file whose
    bytes match its checksum or raises BundleError; nothing else escapes."""
    good = _file_entry("11111111-1111-4111-8111-111111111111")
    for files in ([{**good, field: value}], whole):
        try:
            checked = bundlefiles.checked(files)
        except BundleError as exc:
            assert str(exc)
            continue
        for att, data in checked:
            assert hashlib.sha256(data).hexdigest() == att.sha256 and len(data) == att.size


def test_session_api_round_trip(tmp_path: Path) -> None:
    """The service call the window uses carries the files as the command line does."""
    with Session.create(tmp_path / "a", PASSPHRASE, MIN_KDF_SECONDS) as a, \
            Session.create(tmp_path / "b", PASSPHRASE, MIN_KDF_SECONDS) as b:
        bundles.add_contact(a, "Б", bundles.identity(b).public.to_json())
        bundles.add_contact(b, "А", bundles.identity(a).public.to_json())
        bundles.peers(a).share("Б", everything=True)
        person = a.add("person", {"full_name": "Тест Тестов"})
        att = a.attach_bytes(person["id"], "фото.png", SCAN)
        assert bundles.export_bundle(a, ["Б"], tmp_path / "x.cfb", files=True)["files"] == 1
        assert bundles.import_bundle(b, tmp_path / "x.cfb").files == 1
        assert b.attachment(att.id) == a.attachment(att.id)


# -- deleting a file -------------------------------------------------------------------------

def test_a_deleted_scan_is_deleted_wherever_it_went(cli, sharing, tmp_path: Path) -> None:
    """Anna sends a scan to Boris, who passes it on to Carol; Anna deletes it (the wrong
    person can be recognised on it). Her next bundle, without files, deletes it at Boris's,
    and his next bundle deletes it at Carol's. Nobody sends it back."""
    a, b = sharing
    c = tmp_path / "carol.casefile"
    assert run(cli, c, "init", "--kdf-seconds", str(MIN_KDF_SECONDS)).code == 0
    assert run(cli, b, "contact-key", "add", "Carol",
               run(cli, c, "identity", "--json").out).code == 0
    assert run(cli, c, "contact-key", "add", "Boris",
               run(cli, b, "identity", "--json").out).code == 0
    assert run(cli, b, "share", "Carol", "--all").code == 0
    _person, letter = _letter_with_scan(cli, a, tmp_path)
    scan = run(cli, a, "attachment", "list", letter, "--json").json()[0]["id"]
    _export(cli, a, tmp_path / "1.cfb", "--attachments")
    assert run(cli, b, "bundle", "import", str(tmp_path / "1.cfb")).code == 0
    to_carol = run(cli, b, "bundle", "export", "--to", "Carol", "-o", str(tmp_path / "2.cfb"),
                   "--attachments", "--json").json()
    assert to_carol["files"] == 1
    assert run(cli, c, "bundle", "import", str(tmp_path / "2.cfb")).code == 0
    assert len(run(cli, c, "attachment", "list", letter, "--json").json()) == 1

    deleted = run(cli, a, "attachment", "delete", scan)
    assert deleted.code == 0, deleted.err
    assert run(cli, a, "attachment", "list", letter, "--json").json() == []
    gone = _export(cli, a, tmp_path / "3.cfb")
    assert gone["files_deleted"] == 1
    report = run(cli, b, "bundle", "import", str(tmp_path / "3.cfb"), "--json").json()
    assert report["files_deleted"] == 1
    assert "1 attached file deleted, as the sender deleted it" in report["notes"]
    assert run(cli, b, "attachment", "list", letter, "--json").json() == []
    relay = run(cli, b, "bundle", "export", "--to", "Carol", "-o", str(tmp_path / "4.cfb"),
                "--json").json()
    assert relay["files_deleted"] == 1
    assert run(cli, c, "bundle", "import", str(tmp_path / "4.cfb")).code == 0
    assert run(cli, c, "attachment", "list", letter, "--json").json() == []
    # Said once: the next bundles carry the deletion no more, and nobody re-sends the file.
    assert _export(cli, a, tmp_path / "5.cfb", "--attachments")["files_deleted"] == 0
    assert _export(cli, b, tmp_path / "6.cfb", "--attachments")["files"] == 0
    # The deleted bytes are not in the vault's files (secure_delete overwrote them).
    needle = SCAN[1000:1032]
    for vault in (a, b, c):
        assert not any(needle in data for data in tree_bytes(vault).values())


def test_a_file_that_arrives_after_its_deletion_stays_deleted(
        cli, boris_has_a_record, tmp_path: Path) -> None:
    b, anna, boris, person = boris_has_a_record
    entry = _file_entry(person)
    gone = _crafted(anna, boris, tmp_path / "gone.cfb", files_deleted=[entry["id"]])
    report = run(cli, b, "bundle", "import", str(gone), "--json").json()
    assert report["files_deleted"] == 0  # it never had it
    late = _crafted(anna, boris, tmp_path / "late.cfb", [entry], number=2)
    assert run(cli, b, "bundle", "import", str(late), "--json").json()["files"] == 0
    assert run(cli, b, "attachment", "list", person, "--json").json() == []


@pytest.mark.parametrize("bad", ["not-a-list", ["not-a-uuid"], [7], {"a": 1}])
def test_a_crafted_deletion_list_is_refused(cli, boris_has_a_record, tmp_path: Path,
                                            bad: object) -> None:
    b, anna, boris, _person = boris_has_a_record
    f = _crafted(anna, boris, tmp_path / "bad.cfb", files_deleted=bad)
    before = tree_bytes(b)
    result = run(cli, b, "bundle", "import", str(f))
    assert result.code == 1 and "deleted files" in result.err
    assert tree_bytes(b) == before


def test_a_contact_cannot_delete_a_file_this_vault_attached_or_one_they_never_sent(
        cli, pair, tmp_path: Path) -> None:
    """Anna's keys in hostile hands: her crafted deletions of Boris's own scan, and of a
    scan Boris received from Carol, are refused and noted; the files stay."""
    a, b = pair
    _person, letter = _letter_with_scan(cli, b, tmp_path)
    own = run(cli, b, "attachment", "list", letter, "--json").json()[0]["id"]
    anna, boris = _identities(a, b)
    f = _crafted(anna, boris, tmp_path / "del.cfb", files_deleted=[own])
    report = run(cli, b, "bundle", "import", str(f), "--json").json()
    assert report["files_deleted"] == 0
    assert "1 file deletion was refused: the file was not received from Anna" in report["notes"]
    assert [x["id"] for x in run(cli, b, "attachment", "list", letter, "--json").json()] == [own]
    logged = run(cli, b, "exchanges", "--json").json()[-1]
    assert "file deletion was refused" in logged["note"]

    # A file Anna did send her may delete.
    sent = _file_entry(letter, id="55555555-5555-4555-8555-555555555555")
    assert run(cli, b, "bundle", "import", str(_crafted(anna, boris, tmp_path / "s.cfb",
                                                       [sent], number=2))).code == 0
    gone = _crafted(anna, boris, tmp_path / "g.cfb", files_deleted=[sent["id"]], number=3)
    assert run(cli, b, "bundle", "import", str(gone), "--json").json()["files_deleted"] == 1
    assert [x["id"] for x in run(cli, b, "attachment", "list", letter, "--json").json()] == [own]


def test_a_file_whose_record_is_held_arrives_once_the_record_applies(tmp_path: Path) -> None:
    """Anna's clock runs two days ahead: her letter is held back at Boris's, and so is its
    scan, which moves in when the letter's time comes (it is never sent again)."""
    import time as _time

    anna = Session.create(tmp_path / "a.casefile", PASSPHRASE, MIN_KDF_SECONDS)
    boris = Session.create(tmp_path / "b.casefile", PASSPHRASE, MIN_KDF_SECONDS)
    try:
        bundles.add_contact(anna, "Boris", bundles.identity(boris).public.to_json())
        bundles.add_contact(boris, "Anna", bundles.identity(anna).public.to_json())
        bundles.peers(anna).share("Boris", everything=True)
        ahead = 2 * 24 * 3600 * 1000
        anna.vault.records.clock.wall_ms = lambda: int(_time.time() * 1000) + ahead
        person = anna.add("person", {"full_name": "Орлов Олег"})
        letter = anna.add("letter", {"person_id": person["id"], "body": "Привет"})
        scan = anna.attach_bytes(letter["id"], "скан.jpg", SCAN)
        first = tmp_path / "1.cfb"
        bundles.export_bundle(anna, ["Boris"], first, files=True)
        report = bundles.import_bundle(boris, first)
        assert report.files == 0 and report.writes_held_future > 0
        assert "1 attached file waits for its record, which has not applied yet" in report.notes

        # Two days on at Boris's: the next bundle (nothing new in it) releases both.
        boris.vault.records.clock.wall_ms = lambda: int(_time.time() * 1000) + ahead + 60_000
        anna.add("task", {"title": "Позвонить"})
        second = tmp_path / "2.cfb"
        bundles.export_bundle(anna, ["Boris"], second, files=True)
        report = bundles.import_bundle(boris, second)
        assert report.files == 1
        att, data = boris.attachment(scan.id)
        assert data == SCAN and att.record_id == letter["id"]
    finally:
        anna.close()
        boris.close()
