"""Two coordinators keep the same cases through bundles, on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.services.exchange.bundles import identity
from casefile.services.records.session import Session
from casefile.sync.bundle import open_bundle
from tests.conftest import PASSPHRASE, tree_bytes


@pytest.fixture
def pair(cli, tmp_path: Path):
    """Anna's and Boris's vaults, each trusting the other."""
    a, b = tmp_path / "anna.casefile", tmp_path / "boris.casefile"
    for v in (a, b):
        assert cli("--vault", str(v), "init", "--kdf-seconds", "0.05").code == 0
    ida = cli("--vault", str(a), "identity", "--json").json()
    idb = cli("--vault", str(b), "identity", "--json").json()
    assert ida["public_key"].startswith("age1") and len(ida["fingerprint"]) > 20
    (tmp_path / "anna.id").write_text(json.dumps(ida))
    assert cli("--vault", str(b), "contact-key", "add", "Anna", str(tmp_path / "anna.id")).code == 0
    added = cli("--vault", str(a), "contact-key", "add", "Boris", json.dumps(idb))
    assert added.code == 0 and idb["fingerprint"] in added.out
    return a, b


def run(cli, vault: Path, *argv: str):
    return cli("--vault", str(vault), *argv)


def test_bundle_round_trip_and_twice(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    assert run(cli, a, "share", "Boris", "--all").code == 0
    person = run(cli, a, "add", "person", "--json", "--data",
                 '{"full_name": "Кагарлицкий Борис Юльевич", "birth_year": 1958}').json()
    bundle = tmp_path / "to-boris.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(bundle)).code == 0
    assert b"\xd0\x9a\xd0\xb0\xd0\xb3" not in bundle.read_bytes()  # "Каг" is encrypted
    result = run(cli, b, "bundle", "import", str(bundle), "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert report["sender"] == "Anna" and report["added"] == 1
    got = run(cli, b, "get", "person", person["id"], "--json").json()
    assert got["full_name"] == "Кагарлицкий Борис Юльевич"
    before = tree_bytes(b)
    again = run(cli, b, "bundle", "import", str(bundle), "--json").json()
    assert again["duplicate_bundle"] is True and again["added"] == 0
    assert tree_bytes(b) == before
    # The search index and the history came along.
    hits = run(cli, b, "search", "kagarlitsky", "--json").json()
    assert [h["id"] for h in hits] == [person["id"]]


def test_concurrent_edits_become_a_conflict_and_resolve(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    run(cli, a, "share", "Boris", "--all")
    run(cli, b, "share", "Anna", "--all")
    task = run(cli, a, "add", "task", "--data", '{"title": "Позвонить адвокату"}').out.strip()
    f1 = tmp_path / "1.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(f1))
    assert run(cli, b, "bundle", "import", str(f1)).code == 0
    run(cli, a, "edit", "task", task, "--data", '{"title": "Позвонить в среду"}')
    run(cli, b, "edit", "task", task, "--data", '{"title": "Позвонить в четверг"}')
    f2, f3 = tmp_path / "2.cfb", tmp_path / "3.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(f2))
    run(cli, b, "bundle", "export", "--to", "Anna", "-o", str(f3))
    assert run(cli, b, "bundle", "import", str(f2), "--json").json()["conflicts"] == 1
    assert run(cli, a, "bundle", "import", str(f3), "--json").json()["conflicts"] == 1
    shown_a = run(cli, a, "get", "task", task, "--json").json()["title"]
    assert shown_a == run(cli, b, "get", "task", task, "--json").json()["title"]
    listed = run(cli, a, "conflicts", "--json").json()
    assert [c["field"] for c in listed] == ["title"]
    assert {v["value"] for v in listed[0]["values"]} == {"Позвонить в среду",
                                                         "Позвонить в четверг"}
    assert run(cli, a, "resolve", listed[0]["id"], "--keep", "theirs").code == 0
    assert run(cli, a, "get", "task", task, "--json").json()["title"] == "Позвонить в четверг"
    assert run(cli, a, "conflicts", "--json").json() == []
    f4 = tmp_path / "4.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(f4))
    assert run(cli, b, "bundle", "import", str(f4)).code == 0
    assert run(cli, b, "conflicts", "--json").json() == []


def test_a_case_scope_carries_nothing_of_other_cases(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    p1 = run(cli, a, "add", "person", "--data", '{"full_name": "Галимов Ринат"}').out.strip()
    p2 = run(cli, a, "add", "person", "--data", '{"full_name": "Тайнов Секрет"}').out.strip()
    c1 = run(cli, a, "add", "case", "--data", json.dumps(
        {"title": "Уфимское дело", "person_ids": [p1]})).out.strip()
    c2 = run(cli, a, "add", "case", "--data", json.dumps(
        {"title": "Совсем другое дело", "person_ids": [p2]})).out.strip()
    run(cli, a, "add", "letter", "--data", json.dumps({"person_id": p2, "body": "секретное"}))
    run(cli, a, "add", "task", "--data", json.dumps({"title": "общая задача", "case_id": c1,
                                                     "person_id": p2}))
    assert run(cli, a, "share", "Boris", "--case", c1).code == 0
    bundle = tmp_path / "scoped.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(bundle)).code == 0
    # Decrypt it as Boris would, and search the plaintext for the other case.
    with Session.open(b, PASSPHRASE) as s:
        me = identity(s)
    with Session.open(a, PASSPHRASE) as s:
        anna = identity(s).public
    opened = open_bundle(bundle.read_bytes(), me, [anna])
    text = json.dumps(opened.body, ensure_ascii=False)
    assert "Уфимское дело" in text and "Галимов Ринат" in text
    for secret in ("Совсем другое дело", "Тайнов Секрет", "секретное", "общая задача", p2, c2):
        assert secret not in text
    assert run(cli, b, "bundle", "import", str(bundle)).code == 0
    assert [c["title"] for c in run(cli, b, "list", "case", "--json").json()] == ["Уфимское дело"]


def test_rejected_bundles_change_nothing(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    run(cli, a, "share", "Boris", "--all")
    run(cli, a, "add", "person", "--data", '{"full_name": "Орлов Олег"}')
    bundle = tmp_path / "b.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(bundle))
    before = tree_bytes(b)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    result = run(cli, b, "bundle", "import", str(bundle))
    assert result.code == 1 and result.err.startswith("casefile: error: ")
    assert tree_bytes(b) == before
    # A bundle from a stranger: Carol is not trusted by Boris.
    c = tmp_path / "carol.casefile"
    cli("--vault", str(c), "init", "--kdf-seconds", "0.05")
    idb = run(cli, b, "identity", "--json").json()
    run(cli, c, "contact-key", "add", "Boris", json.dumps(idb))
    run(cli, c, "share", "Boris", "--all")
    run(cli, c, "add", "person", "--data", '{"full_name": "Подделкин"}')
    forged = tmp_path / "carol.cfb"
    assert run(cli, c, "bundle", "export", "--to", "Boris", "-o", str(forged)).code == 0
    result = run(cli, b, "bundle", "import", str(forged))
    assert result.code == 1 and "unknown key" in result.err
    assert tree_bytes(b) == before


def test_missing_bundle_is_reported(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    run(cli, a, "share", "Boris", "--all")
    files = []
    for n in range(3):
        run(cli, a, "add", "task", "--data", json.dumps({"title": f"задача {n}"}))
        f = tmp_path / f"{n}.cfb"
        run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(f))
        files.append(f)
    run(cli, b, "bundle", "import", str(files[0]))
    report = run(cli, b, "bundle", "import", str(files[2]), "--json").json()
    assert "bundle 2 from Anna is missing" in report["notes"]
    # Bundle 3 carried everything Boris had not acknowledged: nothing was lost.
    assert len(run(cli, b, "list", "task", "--json").json()) == 3


def test_every_exchange_is_logged(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    run(cli, a, "share", "Boris", "--all")
    run(cli, a, "add", "task", "--data", '{"title": "x"}')
    f = tmp_path / "x.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(f))
    run(cli, b, "bundle", "import", str(f))
    sent = run(cli, a, "exchanges", "--json").json()
    got = run(cli, b, "exchanges", "Anna", "--json").json()
    assert [(e["direction"], e["peer"], e["sender_seq"]) for e in sent] == [("export", "Boris", 1)]
    assert [(e["direction"], e["peer"], e["records"]) for e in got] == [("import", "Anna", 1)]


def _anna_and_boris(a: Path, b: Path):
    from casefile.services.exchange.bundles import identity as ident

    with Session.open(a, PASSPHRASE) as s:
        anna = ident(s)
    with Session.open(b, PASSPHRASE) as s:
        boris = ident(s)
    return anna, boris


def _write(origin: str, **over) -> dict:
    w = {"origin": origin, "seq": 1, "hlc": "1780000000000.000000",
         "record_id": "11111111-1111-4111-8111-111111111111", "record_type": "task",
         "op": "put", "fields": {"title": "x"}, "replaces": {}}
    w.update(over)
    return w


@pytest.mark.parametrize(("bad", "why"), [
    ({"fields": {"title": "x", "done": "maybe"}}, "task.done: "),      # fails validation
    ({"fields": {"title": "x", "colour": "red"}}, "task.colour: "),    # unknown field
])
def test_a_signed_write_that_does_not_validate_is_refused_alone(
        cli, pair, tmp_path: Path, bad: dict, why: str) -> None:
    """Well formed and signed by a contact, but wrong: that write is refused and named, and
    the rest of the bundle applies (a group relaying it must not block what follows)."""
    from casefile.sync.batches import sign_writes
    from casefile.sync.bundle import make_bundle

    a, b = pair
    anna, boris = _anna_and_boris(a, b)
    good = _write(anna.public.origin, seq=2, record_id="22222222-2222-4222-8222-222222222222")
    batch = sign_writes(anna, [_write(anna.public.origin, **bad), good])
    body = {"bundle_id": "x", "sequence": {boris.public.signing_key: 1}, "previous": {},
            "vector": {}, "batches": [batch]}
    f = tmp_path / "crafted.cfb"
    f.write_bytes(make_bundle(anna, [boris.public], body))
    result = run(cli, b, "bundle", "import", str(f), "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert report["added"] == 1
    assert [(r["id"], r["seq"]) for r in report["writes_refused"]] == [
        ("11111111-1111-4111-8111-111111111111", 1)]
    assert why in report["writes_refused"][0]["reason"]
    assert any(n.startswith("a write for Task 11111111-") for n in report["notes"])
    assert run(cli, b, "get", "task", "11111111-1111-4111-8111-111111111111").code == 1


@pytest.mark.parametrize("bad", [
    {"record_type": "prisoner"},                        # unknown type
    {"hlc": "yesterday"},                               # malformed clock
    {"replaces": {"title": [["x", "one"]]}},            # malformed tags
])
def test_crafted_writes_are_refused(cli, pair, tmp_path: Path, bad: dict) -> None:
    from casefile.sync.batches import sign_writes
    from casefile.sync.bundle import make_bundle

    a, b = pair
    anna, boris = _anna_and_boris(a, b)
    batch = sign_writes(anna, [_write(anna.public.origin, **bad)])
    body = {"bundle_id": "x", "sequence": {boris.public.signing_key: 1}, "previous": {},
            "vector": {}, "batches": [batch]}
    f = tmp_path / "crafted.cfb"
    f.write_bytes(make_bundle(anna, [boris.public], body))
    before = tree_bytes(b)
    result = run(cli, b, "bundle", "import", str(f))
    assert result.code == 1 and result.err.startswith("casefile: error: ")
    assert tree_bytes(b) == before


def test_writes_under_a_borrowed_origin_are_refused(cli, pair, tmp_path: Path) -> None:
    """Anna signs the bundle, but the writes claim Carol's origin with Anna's signature."""
    from casefile.sync.batches import sign_writes
    from casefile.sync.bundle import make_bundle
    from casefile.sync.identity import Identity

    a, b = pair
    anna, boris = _anna_and_boris(a, b)
    carol = Identity.generate()
    batch = sign_writes(anna, [_write(anna.public.origin)])
    batch["origin"] = carol.public.origin
    batch["writes"][0]["origin"] = carol.public.origin
    body = {"bundle_id": "x", "sequence": {boris.public.signing_key: 1}, "previous": {},
            "vector": {}, "batches": [batch]}
    f = tmp_path / "borrowed.cfb"
    f.write_bytes(make_bundle(anna, [boris.public], body))
    before = tree_bytes(b)
    result = run(cli, b, "bundle", "import", str(f))
    assert result.code == 1 and "origin" in result.err
    assert tree_bytes(b) == before


def test_a_bundle_for_someone_else_is_refused(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    c = tmp_path / "carol.casefile"
    cli("--vault", str(c), "init", "--kdf-seconds", "0.05")
    idc = run(cli, c, "identity", "--json").json()
    run(cli, a, "contact-key", "add", "Carol", json.dumps(idc))
    run(cli, a, "share", "Carol", "--all")
    run(cli, a, "add", "task", "--data", '{"title": "для Карол"}')
    f = tmp_path / "for-carol.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Carol", "-o", str(f)).code == 0
    before = tree_bytes(b)
    result = run(cli, b, "bundle", "import", str(f))
    assert result.code == 1 and "not addressed to this vault" in result.err
    assert tree_bytes(b) == before


def test_writes_from_the_future_are_held_back(cli, pair, tmp_path: Path) -> None:
    """A vault whose clock runs a year ahead cannot make its values win for a year."""
    import time as _time

    a, b = pair
    run(cli, a, "share", "Boris", "--all")
    run(cli, b, "share", "Anna", "--all")
    task = run(cli, a, "add", "task", "--data", '{"title": "начало"}').out.strip()
    f1 = tmp_path / "1.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(f1))
    run(cli, b, "bundle", "import", str(f1))
    year = 365 * 24 * 3600 * 1000
    with Session.open(a, PASSPHRASE) as s:
        s.vault.records.clock.wall_ms = lambda: int(_time.time() * 1000) + year
        s.edit("task", task, {"title": "из будущего"})
    f2 = tmp_path / "2.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(f2))
    report = run(cli, b, "bundle", "import", str(f2), "--json").json()
    assert any("held back" in n for n in report["notes"])
    assert run(cli, b, "get", "task", task, "--json").json()["title"] == "начало"


def test_preview_says_what_would_change_and_changes_nothing(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    run(cli, a, "share", "Boris", "--all")
    run(cli, a, "add", "task", "--data", '{"title": "посмотреть"}')
    f = tmp_path / "p.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(f))
    before = tree_bytes(b)
    preview = run(cli, b, "bundle", "import", str(f), "--preview", "--json")
    assert preview.code == 0, preview.err
    assert preview.json()["added"] == 1 and preview.json()["sender"] == "Anna"
    assert tree_bytes(b) == before
    assert run(cli, b, "bundle", "import", str(f), "--json").json()["added"] == 1


def test_preview_names_each_record_it_would_add_change_or_delete(cli, pair,
                                                                tmp_path: Path) -> None:
    """Before applying a bundle from a contact whose laptop may be in other hands, the
    coordinator sees which records it touches, by name."""
    a, b = pair
    run(cli, a, "share", "Boris", "--all")
    person = run(cli, a, "add", "person", "--data", '{"full_name": "Орлов Олег"}').out.strip()
    task = run(cli, a, "add", "task", "--data", '{"title": "позвонить адвокату"}').out.strip()
    first = tmp_path / "1.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(first))
    assert run(cli, b, "bundle", "import", str(first)).code == 0
    run(cli, a, "edit", "person", person, "--data", '{"full_name": "Орлов Олег Петрович"}')
    run(cli, a, "delete", "task", task)
    run(cli, a, "add", "facility", "--data", '{"name": "СИЗО-1 Уфа"}')
    second = tmp_path / "2.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(second))
    before = tree_bytes(b)
    shown = run(cli, b, "bundle", "import", str(second), "--preview")
    assert shown.code == 0, shown.err
    assert shown.out.splitlines()[-3:] == ["+ Facility: СИЗО-1 Уфа",
                                          "~ Person: Орлов Олег Петрович",
                                          "− Task: позвонить адвокату"]
    rows = run(cli, b, "bundle", "import", str(second), "--preview", "--json").json()["records"]
    assert [(r["change"], r["type"], r["id"]) for r in rows][1:] == [
        ("changed", "person", person), ("deleted", "task", task)]
    assert tree_bytes(b) == before
    applied = run(cli, b, "bundle", "import", str(second), "--json").json()
    assert applied["records"] == [] and applied["deleted"] == 1  # details in previews only


def _hostile_files(tmp_path: Path, good: bytes, boris_age: str) -> dict[str, bytes]:
    import pyrage

    recipient = pyrage.x25519.Recipient.from_str(boris_age)
    return {
        "truncated": good[: len(good) // 3],
        "empty": b"",
        "random": bytes(range(256)) * 64,
        "plain age, no frame": pyrage.encrypt(b"just some text", [recipient]),
        "passphrase age": pyrage.passphrase.encrypt(b"x", "hunter2"),
        "tail altered": good[:-1] + bytes([good[-1] ^ 0xFF]),
        "head altered": bytes([good[0] ^ 0x01]) + good[1:],
    }


def test_hostile_files_are_refused_and_change_nothing(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    run(cli, a, "share", "Boris", "--all")
    run(cli, a, "add", "person", "--data", '{"full_name": "Орлов Олег"}')
    good = tmp_path / "good.cfb"
    run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(good))
    boris_age = run(cli, b, "identity", "--json").json()["public_key"]
    before = tree_bytes(b)
    for name, data in _hostile_files(tmp_path, good.read_bytes(), boris_age).items():
        f = tmp_path / "hostile.cfb"
        f.write_bytes(data)
        result = run(cli, b, "bundle", "import", str(f))
        assert result.code == 1, name
        assert result.err.startswith("casefile: error: ") and len(result.err.splitlines()) == 1
        assert tree_bytes(b) == before, name
    assert run(cli, b, "bundle", "import", str(good)).code == 0  # the real one still works
