"""JSON Lines export and import, attachments, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import tree_bytes


def test_export_import_round_trip(cli, initialised: Path, tmp_path: Path) -> None:
    person = cli("add", "person", "--json", "--data",
                 '{"full_name": "Кагарлицкий Борис", "birth_year": 1958}').json()
    letter = cli("add", "letter", "--json", "--data", json.dumps(
        {"person_id": person["id"], "body": "Привет!"})).json()
    out = tmp_path / "all.jsonl"
    result = cli("export", "-o", str(out), "--yes")
    assert result.code == 0, result.err
    assert "plaintext" in result.err
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {r["id"] for r in lines} == {person["id"], letter["id"]}

    other = tmp_path / "other.casefile"
    assert cli("--vault", str(other), "init", "--kdf-seconds", "0.05").code == 0
    imported = cli("--vault", str(other), "import", str(out), "--json")
    assert imported.code == 0, imported.err
    assert imported.json() == {"added": 2, "updated": 0, "unchanged": 0, "given_ids": []}
    got = cli("--vault", str(other), "get", "letter", letter["id"], "--json").json()
    assert got["body"] == "Привет!" and got["person_id"] == person["id"]
    again = cli("--vault", str(other), "import", str(out), "--json").json()
    assert again == {"added": 0, "updated": 0, "unchanged": 2, "given_ids": []}


def test_import_lines_without_ids_get_new_ones(cli, initialised: Path, tmp_path: Path) -> None:
    """Issue 13, item 14: a group moving in from another system has no UUIDs."""
    known = cli("add", "person", "--json", "--data", '{"full_name": "Орлов Олег"}').json()
    src = tmp_path / "from-elsewhere.jsonl"
    lines = [
        {"type": "person", "full_name": "Кагарлицкий Борис Юльевич", "birth_year": 1958},
        {"type": "facility", "id": None, "name": "ИК-4 Торжок"},
        {"type": "letter", "person_id": known["id"], "body": "Письмо без id"},
        {"type": "person", "id": known["id"], "full_name": "Орлов Олег Петрович"},  # update
        {"type": "task", "title": "Задача без id"},
    ]
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                   encoding="utf-8")
    result = cli("import", str(src), "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert {k: report[k] for k in ("added", "updated", "unchanged")} == {
        "added": 4, "updated": 1, "unchanged": 0}
    given = report["given_ids"]
    assert [(g["line"], g["type"]) for g in given] == [
        (1, "person"), (2, "facility"), (3, "letter"), (5, "task")]
    assert len({g["id"] for g in given}) == 4 and known["id"] not in {g["id"] for g in given}
    boris = cli("get", "person", given[0]["id"], "--json").json()
    assert boris["full_name"] == "Кагарлицкий Борис Юльевич" and boris["birth_year"] == 1958
    letter = cli("get", "letter", given[2]["id"], "--json").json()
    assert letter["person_id"] == known["id"] and letter["body"] == "Письмо без id"
    assert cli("get", "person", known["id"], "--json").json()["full_name"] == (
        "Орлов Олег Петрович")
    # Importing the same file again adds the id-less lines again (nothing names them).
    text = cli("import", str(src))
    assert text.code == 0, text.err
    assert text.out.splitlines() == [
        "4 added, 0 updated, 1 unchanged",
        "4 lines had no id: their records were given new ones"]
    assert len(cli("list", "person", "--json").json()) == 3


def test_import_refuses_an_id_that_is_not_a_uuid(cli, initialised: Path,
                                                tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"type": "person", "full_name": "A"}) + "\n"
                   + json.dumps({"type": "person", "id": "42", "full_name": "B"}) + "\n",
                   encoding="utf-8")
    before = tree_bytes(initialised)
    result = cli("import", str(src))
    assert result.code == 1
    assert "line 2" in result.err and "UUID" in result.err
    assert tree_bytes(initialised) == before


def test_export_refuses_without_yes_when_not_interactive(cli, initialised, tmp_path) -> None:
    out = tmp_path / "x.jsonl"
    result = cli("export", "-o", str(out))
    assert result.code == 1 and "--yes" in result.err
    assert not out.exists()


def test_export_by_type(cli, initialised, tmp_path) -> None:
    cli("add", "person", "--data", '{"full_name": "A"}')
    cli("add", "task", "--data", '{"title": "T"}')
    out = tmp_path / "x.jsonl"
    assert cli("export", "-o", str(out), "--type", "task", "--yes").code == 0
    assert [json.loads(x)["type"] for x in out.read_text().splitlines()] == ["task"]


def test_bad_import_changes_nothing_and_names_the_line(cli, initialised: Path,
                                                       tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    good = {"type": "person", "id": "11111111-1111-4111-8111-111111111111", "full_name": "A"}
    bad = {"type": "letter", "id": "22222222-2222-4222-8222-222222222222",
           "person_id": good["id"], "status": "burnt"}
    src.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    before = tree_bytes(initialised)
    result = cli("import", str(src))
    assert result.code == 1
    assert "line 2" in result.err and "letter.status" in result.err
    assert tree_bytes(initialised) == before
    src.write_text("{not json\n", encoding="utf-8")
    result = cli("import", str(src))
    assert result.code == 1 and "line 1" in result.err
    assert tree_bytes(initialised) == before


def test_attach_and_get_back(cli, initialised: Path, tmp_path: Path) -> None:
    person = cli("add", "person", "--data", '{"full_name": "A"}').out.strip()
    scan = tmp_path / "скан письма.jpg"
    payload = bytes(range(256)) * 100
    scan.write_bytes(payload)
    att = cli("attach", "person", person, str(scan), "--json")
    assert att.code == 0, att.err
    meta = att.json()
    assert meta["size"] == len(payload) and meta["filename"] == "скан письма.jpg"
    assert meta["media_type"] == "image/jpeg" and len(meta["sha256"]) == 64
    listed = cli("attachment", "list", person, "--json").json()
    assert [a["id"] for a in listed] == [meta["id"]]
    out = tmp_path / "back.jpg"
    assert cli("attachment", "get", meta["id"], "-o", str(out)).code == 0
    assert out.read_bytes() == payload
    assert out.stat().st_mode & 0o077 == 0


def test_attach_failures(cli, initialised: Path, tmp_path: Path) -> None:
    person = cli("add", "person", "--data", '{"full_name": "A"}').out.strip()
    before = tree_bytes(initialised)
    missing = cli("attach", "person", person, str(tmp_path / "nope.pdf"))
    assert missing.code == 1 and "nope.pdf" in missing.err
    wrong = cli("attach", "person", "00000000-0000-4000-8000-000000000000", __file__)
    assert wrong.code == 1
    assert tree_bytes(initialised) == before
    assert cli("attachment", "get", "00000000-0000-4000-8000-000000000000",
               "-o", str(tmp_path / "x")).code == 1
