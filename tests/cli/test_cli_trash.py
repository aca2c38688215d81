"""``casefile trash`` and ``casefile restore-record`` (issue 15), through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import tree_bytes


def _deleted_letter(cli) -> tuple[str, str]:
    person = cli("add", "person", "--data", '{"full_name": "Орлов Олег"}').out.strip()
    letter = cli("add", "letter", "--data", json.dumps(
        {"person_id": person, "subject": "О свидании", "body": "Книги переданы"},
        ensure_ascii=False)).out.strip()
    assert cli("delete", "letter", letter).code == 0
    return person, letter


def test_trash_lists_and_restore_record_brings_back(cli, initialised: Path) -> None:
    assert cli("trash").out == "" and cli("trash", "--json").json() == []
    _person, letter = _deleted_letter(cli)
    [shown] = cli("trash", "--json").json()
    assert {k: shown[k] for k in ("id", "type", "title", "about", "deleted_by", "files")} == {
        "id": letter, "type": "letter", "title": "О свидании", "about": "Орлов Олег",
        "deleted_by": "this vault", "files": 0}
    assert shown["deleted_at"].endswith("Z")
    line = cli("trash").out.splitlines()
    assert line == [f"letter\t{letter}\t{shown['deleted_at']}\tthis vault\tО свидании\t"
                    "Орлов Олег"]

    result = cli("restore-record", letter)
    assert result.code == 0 and result.out == f"letter\t{letter}\tО свидании\n"
    assert cli("get", "letter", letter, "--json").json()["body"] == "Книги переданы"
    assert [h["id"] for h in cli("search", "книги", "--json").json()] == [letter]
    assert cli("trash", "--json").json() == []


def test_restore_record_brings_back_the_person_a_letter_names(cli, initialised: Path) -> None:
    person, letter = _deleted_letter(cli)
    assert cli("delete", "person", person).code == 0
    restored = cli("restore-record", letter, "--json").json()
    assert [(r["type"], r["id"]) for r in restored] == [("person", person), ("letter", letter)]
    assert cli("get", "person", person, "--json").json()["full_name"] == "Орлов Олег"


def test_failures_are_one_line_and_change_nothing(cli, initialised: Path) -> None:
    person, letter = _deleted_letter(cli)
    assert cli("delete", "person", person).code == 0
    assert cli("trash", "--forget", person).code == 0
    before = tree_bytes(initialised)
    for argv, words in ((("restore-record", letter), ["cannot be restored", person]),
                        (("restore-record", person), ["no record with id", "30 days"]),
                        (("restore-record", "not-an-id"), ["no record with id not-an-id"]),
                        (("trash", "--forget", "not-an-id"), ["no record with id"])):
        result = cli(*argv)
        assert result.code == 1 and result.out == ""
        assert result.err.startswith("casefile: error: ") and result.err.count("\n") == 1
        assert all(w in result.err for w in words), result.err
    assert tree_bytes(initialised) == before
    assert cli("trash", "--empty", "--forget", letter).code == 2  # one or the other


def test_forget_and_empty_delete_for_good(cli, initialised: Path) -> None:
    _person, letter = _deleted_letter(cli)
    task = cli("add", "task", "--data", '{"title": "Позвонить"}').out.strip()
    assert cli("delete", "task", task).code == 0
    assert cli("trash", "--forget", task.upper(), "--json").json() == {"forgotten": 1}
    assert [d["id"] for d in cli("trash", "--json").json()] == [letter]
    assert cli("trash", "--empty", "--json").json() == {"forgotten": 1}
    assert cli("trash", "--json").json() == []
    assert cli("restore-record", letter).code == 1
