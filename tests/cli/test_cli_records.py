"""The contract's "Records" commands, with bad input for every type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.domain.records import TYPES
from tests.conftest import tree_bytes

UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def refs(cli, initialised: Path) -> dict[str, str]:
    """One record of each referenced type."""
    ids = {}
    ids["facility"] = cli("add", "facility", "--data", json.dumps(
        {"name": "ФКУ СИЗО-1 УФСИН России по Республике Башкортостан", "kind": "sizo",
         "timezone": "Asia/Yekaterinburg", "parcel_limit_kg": 30,
         "parcel_limit_period": "month"})).out.strip()
    ids["person"] = cli("add", "person", "--data", json.dumps(
        {"full_name": "Кагарлицкий Борис Юльевич", "birth_year": 1958,
         "status": "serving_sentence", "facility_id": ids["facility"]})).out.strip()
    ids["contact"] = cli("add", "contact", "--data", json.dumps(
        {"full_name": "Адвокат Петров", "role": "lawyer"})).out.strip()
    ids["case"] = cli("add", "case", "--data", json.dumps(
        {"title": "Дело уфимского марксистского кружка", "articles": ["ст. 205.4 ч. 2 УК РФ"],
         "stage": "trial", "person_ids": [ids["person"]],
         "lawyer_ids": [ids["contact"]]})).out.strip()
    return ids


def good(record_type: str, refs: dict[str, str]) -> dict:
    return {
        "person": {"full_name": "Орлов Олег", "status": "at_liberty"},
        "case": {"title": "Дело", "stage": "investigation", "person_ids": [refs["person"]]},
        "facility": {"name": "ФКУ ИК-4", "kind": "ik", "timezone": "Europe/Moscow"},
        "contact": {"full_name": "Иванова Анна", "role": "relative", "email": "a@example.org"},
        "letter": {"person_id": refs["person"], "direction": "out", "channel": "post",
                   "status": "sent", "sent_on": "2026-11-01", "subject": "Привет",
                   "body": "Текст письма"},
        "hearing": {"case_id": refs["case"], "starts_at": "2026-12-01T10:00+05:00",
                    "timezone": "Asia/Yekaterinburg", "kind": "trial"},
        "parcel": {"person_id": refs["person"], "facility_id": refs["facility"],
                   "planned_on": "2026-12-05", "items": [
                       {"name": "Чай", "quantity": 2, "unit_weight_g": 250}]},
        "event": {"on": "2023-07-25", "kind": "arrest", "person_id": refs["person"]},
        "task": {"title": "Отправить книги", "due_on": "2026-12-01"},
        "payment": {"amount": "200000.00", "direction": "out", "on": "2026-10-01",
                    "purpose": "штраф"},
    }[record_type]


# (type, bad data, the field the message must name)
BAD = [
    ("person", {}, "full_name"),
    ("person", {"full_name": "X", "status": "jailed"}, "status"),
    ("person", {"full_name": "X", "birth_year": "nineteen"}, "birth_year"),
    ("person", {"full_name": "X", "birth_date": "31.12.1990"}, "birth_date"),
    ("person", {"full_name": "X", "facility_id": UNKNOWN}, "facility_id"),
    ("person", {"full_name": "X", "shoe_size": 42}, "shoe_size"),
    ("case", {"title": "X", "stage": "done"}, "stage"),
    ("case", {"title": "X", "person_ids": [UNKNOWN]}, "person_ids"),
    ("case", {"title": "X", "articles": "205.2"}, "articles"),
    ("facility", {"name": "X", "timezone": "Mars/Olympus"}, "timezone"),
    ("facility", {"name": "X", "timezone": "Asia"}, "timezone"),  # a folder of zones
    ("facility", {"name": "X", "kind": "gulag"}, "kind"),
    ("facility", {"name": "X", "parcel_limit_kg": -1}, "parcel_limit_kg"),
    ("contact", {"full_name": "X", "email": "not-an-email"}, "email"),
    ("contact", {"full_name": "X", "role": "spy"}, "role"),
    ("letter", {"direction": "out"}, "person_id"),
    ("letter", {"person_id": UNKNOWN}, "person_id"),
    ("letter", {"person_id": "@person", "channel": "pigeon"}, "channel"),
    ("letter", {"person_id": "@person", "sent_on": "2026-02-30"}, "sent_on"),
    ("hearing", {"case_id": "@case", "starts_at": "2026-12-01T10:00"}, "starts_at"),
    ("hearing", {"case_id": "@case", "starts_at": "tomorrow"}, "starts_at"),
    ("parcel", {"person_id": "@person", "items": [{"name": "Чай", "quantity": 0}]}, "items"),
    ("parcel", {"person_id": "@person", "status": "lost"}, "status"),
    ("event", {"kind": "arrest"}, "on"),
    ("event", {"on": "yesterday"}, "on"),
    ("task", {"title": "X", "done": "maybe"}, "done"),
    ("task", {"title": "X", "case_id": UNKNOWN}, "case_id"),
    ("payment", {"amount": "много"}, "amount"),
    ("payment", {"amount": "10", "direction": "sideways"}, "direction"),
]


def _resolve(data: dict, refs: dict[str, str]) -> dict:
    return {k: refs[v[1:]] if isinstance(v, str) and v.startswith("@") else v
            for k, v in data.items()}


@pytest.mark.parametrize("record_type", TYPES)
def test_add_get_list_edit_delete_each_type(cli, refs, record_type: str) -> None:
    data = good(record_type, refs)
    added = cli("add", record_type, "--data", json.dumps(data), "--json")
    assert added.code == 0, added.err
    record = added.json()
    for key, value in data.items():
        assert record[key] == value, key
    assert {"id", "created_at", "updated_at", "local_only"} <= set(record)
    assert record["local_only"] is False
    got = cli("get", record_type, record["id"], "--json").json()
    assert got == record
    listed = cli("list", record_type, "--json").json()
    assert record["id"] in [r["id"] for r in listed]
    first_field = next(iter(data))
    if record_type not in ("letter", "hearing", "parcel", "event", "case"):
        change = {"local_only": True}
    else:
        change = {"local_only": True, first_field: data[first_field]}
    edited = cli("edit", record_type, record["id"], "--data", json.dumps(change), "--json")
    assert edited.code == 0, edited.err
    assert edited.json()["local_only"] is True
    deleted = cli("delete", record_type, record["id"])
    assert deleted.code == 0, deleted.err
    missing = cli("get", record_type, record["id"], "--json")
    assert missing.code == 1 and "no " + record_type in missing.err


@pytest.mark.parametrize(("record_type", "data", "field"), BAD,
                         ids=[f"{t}-{f}-{i}" for i, (t, _, f) in enumerate(BAD)])
def test_bad_input_is_refused_by_name_and_changes_nothing(cli, refs, initialised: Path,
                                                          record_type, data, field) -> None:
    before = tree_bytes(initialised)
    result = cli("add", record_type, "--data", json.dumps(_resolve(data, refs)))
    assert result.code == 1
    assert result.err.startswith("casefile: error: ")
    assert f"{record_type}.{field}" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert tree_bytes(initialised) == before


def test_enum_error_lists_allowed_values(cli, refs) -> None:
    result = cli("add", "person", "--data", '{"full_name": "X", "status": "jailed"}')
    assert "pretrial_detention" in result.err and "serving_sentence" in result.err


@pytest.mark.parametrize("record_type", TYPES)
def test_bad_edit_changes_nothing(cli, refs, initialised: Path, record_type: str) -> None:
    record = cli("add", record_type, "--data", json.dumps(good(record_type, refs)),
                 "--json").json()
    before = tree_bytes(initialised)
    result = cli("edit", record_type, record["id"], "--data", '{"no_such_field": 1}')
    assert result.code == 1 and f"{record_type}.no_such_field" in result.err
    assert tree_bytes(initialised) == before


def test_unknown_type_is_usage_error(cli, initialised) -> None:
    assert cli("add", "prisoner", "--data", "{}").code == 2


def test_malformed_json_is_named(cli, initialised) -> None:
    result = cli("add", "person", "--data", "{full_name:")
    assert result.code == 1 and "not valid JSON" in result.err


def test_data_from_file(cli, initialised, tmp_path: Path) -> None:
    f = tmp_path / "p.json"
    f.write_text('{"full_name": "Из файла"}', encoding="utf-8")
    result = cli("add", "person", "--data", f"@{f}", "--json")
    assert result.code == 0 and result.json()["full_name"] == "Из файла"


def test_delete_refused_while_referenced(cli, refs, initialised: Path) -> None:
    before = tree_bytes(initialised)
    result = cli("delete", "person", refs["person"])
    assert result.code == 1 and "case" in result.err
    assert tree_bytes(initialised) == before


def test_missing_record_is_exit_1(cli, initialised) -> None:
    for argv in (("get", "person", UNKNOWN), ("delete", "person", UNKNOWN),
                 ("edit", "person", UNKNOWN, "--data", '{"full_name": "x"}')):
        result = cli(*argv)
        assert result.code == 1 and UNKNOWN in result.err


def test_list_where_and_sort(cli, refs) -> None:
    for n, status in enumerate(["sent", "answered", "sent"]):
        cli("add", "letter", "--data", json.dumps({
            "person_id": refs["person"], "status": status, "sent_on": f"2026-0{n + 1}-01"}))
    sent = cli("list", "letter", "--where", "status=sent", "--json").json()
    assert [r["sent_on"] for r in sent] == ["2026-03-01", "2026-01-01"]  # newest first
    by_person = cli("list", "case", "--where", f"person_ids={refs['person']}", "--json").json()
    assert len(by_person) == 1
    bad = cli("list", "letter", "--where", "colour=red")
    assert bad.code == 1 and "letter.colour" in bad.err
    bad = cli("list", "letter", "--where", "status")
    assert bad.code == 1 and "FIELD=VALUE" in bad.err


def test_parcel_total_weight_is_computed(cli, refs) -> None:
    parcel = cli("add", "parcel", "--json", "--data", json.dumps({
        "person_id": refs["person"], "items": [
            {"name": "Чай", "quantity": 2, "unit_weight_g": 250},
            {"name": "Носки", "quantity": 3, "unit_weight_g": 100}]})).json()
    assert parcel["total_weight_g"] == 800
    edited = cli("edit", "parcel", parcel["id"], "--json", "--data", json.dumps(
        {"items": [{"name": "Чай", "quantity": 1, "unit_weight_g": 250}]})).json()
    assert edited["total_weight_g"] == 250


def test_hearing_time_entered_in_court_zone(cli, refs) -> None:
    hearing = cli("add", "hearing", "--json", "--data", json.dumps({
        "case_id": refs["case"], "starts_at": "2026-12-01T10:00",
        "timezone": "Asia/Yekaterinburg"})).json()
    assert hearing["starts_at"] == "2026-12-01T10:00+05:00"


def test_hearings_sort_chronologically_across_zones(cli, refs) -> None:
    # 09:00 in Moscow (06:00 UTC) is later than 10:00 in Yekaterinburg (05:00 UTC).
    for when in ("2026-12-01T09:00+03:00", "2026-12-01T10:00+05:00"):
        cli("add", "hearing", "--data", json.dumps({"case_id": refs["case"], "starts_at": when}))
    newest_first = [h["starts_at"] for h in cli("list", "hearing", "--json").json()]
    assert newest_first == ["2026-12-01T09:00+03:00", "2026-12-01T10:00+05:00"]


def test_every_write_is_tagged_and_history_kept(cli, refs, initialised) -> None:
    from casefile.services.records.session import Session
    from tests.conftest import PASSPHRASE

    cli("edit", "person", refs["person"], "--data", '{"status": "released"}')
    with Session.open(initialised, PASSPHRASE) as s:
        history = s.history(refs["person"])
        origin = s.vault.origin
    assert [h["op"] for h in history] == ["put", "put"]
    assert history[1]["fields"] == {"status": "released"}
    first = history[0]
    assert history[1]["replaces"] == {"status": [[origin, first["seq"]]]}
    assert all(h["origin"] == origin for h in history)
    assert history[0]["hlc"] < history[1]["hlc"]


def test_deleted_content_leaves_the_log(cli, refs, initialised) -> None:
    from casefile.services.records.session import Session
    from tests.conftest import PASSPHRASE

    task = cli("add", "task", "--data", '{"title": "Секретная задача"}').out.strip()
    assert cli("delete", "task", task).code == 0
    with Session.open(initialised, PASSPHRASE) as s:
        history = s.history(task)
    assert [h["op"] for h in history] == ["put", "delete"]
    assert "Секретная" not in json.dumps(history, ensure_ascii=False)


def test_contacts_list_lawyers_first(cli, initialised) -> None:
    for name, role in (("Алексеева Анна", "relative"), ("Яковлев Ян", "lawyer"),
                       ("Борисов Борис", "journalist"), ("Белов Олег", "lawyer")):
        cli("add", "contact", "--data", json.dumps({"full_name": name, "role": role}))
    names = [c["full_name"] for c in cli("list", "contact", "--json").json()]
    assert names == ["Белов Олег", "Яковлев Ян", "Алексеева Анна", "Борисов Борис"]
    by_name = cli("list", "contact", "--sort", "full_name", "--json").json()
    assert by_name[0]["full_name"] == "Алексеева Анна"


def test_search_finds_a_persons_name_declined_in_russian_letters(cli, initialised) -> None:
    """Issue 13: ``search kagarlitsky`` finds «Кагарлицкому» in a letter's text."""
    other = cli("add", "person", "--data", '{"full_name": "Орлов Олег"}').out.strip()
    bodies = ["Передайте Кагарлицкому, что книги отправлены.",
              "Адвокат Кагарлицкого подал жалобу.", "Юрист приедет в среду."]
    letters = [cli("add", "letter", "--data", json.dumps(
        {"person_id": other, "body": body}, ensure_ascii=False)).out.strip()
        for body in bodies]
    # The person is added after the letters: nothing is reindexed, the search still finds them.
    assert cli("search", "kagarlitsky", "--json").json() == []
    boris = cli("add", "person", "--data",
                '{"full_name": "Кагарлицкий Борис Юльевич"}').out.strip()
    hits = cli("search", "kagarlitsky", "--json").json()
    assert {h["id"] for h in hits} == {boris, *letters[:2]}
    assert "[Кагарлицкому]" in {h["id"]: h for h in hits}[letters[0]]["snippet"]
    plain = cli("search", "kagarlitsky", "--type", "letter")
    assert plain.code == 0 and "[Кагарлицкого]" in plain.out
    assert cli("search", "yurist", "--json").json() == []  # no one's name: not transliterated
