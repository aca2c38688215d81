"""The volunteers' packing list holds names, facilities and items, and nothing about cases."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from casefile.domain.errors import CasefileError
from casefile.printing import packing
from casefile.services.documents import printing
from casefile.services.records.session import Session
from tests.printing.conftest import TODAY
from tests.printing.pdfcheck import assert_document, assert_tables_fit, pages, squash

START, END = TODAY - timedelta(days=400), TODAY + timedelta(days=30)


def _planned(session: Session) -> list[dict]:
    return [p for p in session.list("parcel")
            if p["status"] in ("planned", "packed")
            and START.isoformat() <= p["planned_on"] <= END.isoformat()]


def test_each_parcel_has_its_recipient_facility_items_packer_and_carrier(demo: Session) -> None:
    parcels = _planned(demo)
    assert len(parcels) >= 5
    expected = []
    for parcel in parcels:
        person = demo.get("person", parcel["person_id"])
        facility = demo.get("facility", parcel["facility_id"])
        expected += [person["full_name"], str(person["birth_year"]), facility["name"],
                     facility["address"], parcel["packer"], parcel["carrier"],
                     *(i["name"] for i in parcel["items"])]
    data = printing.print_packing_list(demo, START, END)
    text = assert_document(data, expected)
    assert squash(text).count("☐") == sum(len(p["items"]) for p in parcels)


def _private_texts(session: Session) -> set[str]:
    """Every case detail, note, letter, need, hearing, event and payment text in the vault."""
    found: set[str] = set()
    for case in session.list("case"):
        found |= {case["title"], case["case_number"] or "", *(case["articles"] or []),
                  case["investigating_body"] or "", case["court"] or "", case["judge"] or "",
                  case["sentence"] or "", case["notes"] or ""}
    for record_type in ("person", "facility", "contact", "parcel", "task", "payment",
                        "hearing"):
        found |= {r["notes"] or "" for r in session.list(record_type)}
    found |= {p["needs"] or "" for p in session.list("person")}
    found |= {p["latin_name"] or "" for p in session.list("person")}
    for letter in session.list("letter"):
        found |= {letter["subject"] or "", letter["body"] or ""}
    found |= {h["outcome"] or "" for h in session.list("hearing")}
    found |= {e["description"] or "" for e in session.list("event")}
    found |= {p["purpose"] or "" for p in session.list("payment")}
    return {t for t in found if len(t.strip()) >= 4}


def test_the_packing_list_holds_no_case_details_notes_letters_or_needs(demo: Session) -> None:
    private = _private_texts(demo)
    assert len(private) > 300
    flat = squash("\n".join(pages(printing.print_packing_list(demo, START, END))))
    leaked = sorted(t for t in private if squash(t) in flat)
    assert leaked == []


def test_nothing_but_the_whitelist_reaches_the_page(session: Session) -> None:
    facility = session.add("facility", {"name": "ИК-1", "address": "пос. Тайга",
                                        "notes": "СЕКРЕТ-УЧРЕЖДЕНИЯ"})
    person = session.add("person", {"full_name": "Ёлкин Пётр", "birth_year": 1990,
                                    "facility_id": facility["id"], "notes": "СЕКРЕТ-ЗАМЕТКА",
                                    "needs": "СЕКРЕТ-НУЖДЫ", "latin_name": "SECRET-LATIN"})
    case = session.add("case", {"title": "СЕКРЕТ-ДЕЛО", "articles": ["ст. 000 СЕКРЕТ"],
                                "person_ids": [person["id"]]})
    session.add("letter", {"person_id": person["id"], "subject": "СЕКРЕТ-ТЕМА",
                           "body": "СЕКРЕТ-ПИСЬМО"})
    session.add("event", {"on": "2026-03-01", "description": "СЕКРЕТ-СОБЫТИЕ",
                          "case_id": case["id"]})
    session.add("parcel", {"person_id": person["id"], "facility_id": facility["id"],
                           "planned_on": "2026-03-12", "notes": "СЕКРЕТ-ПОСЫЛКИ",
                           "items": [{"name": "Чай", "quantity": 2, "unit_weight_g": 250}],
                           "packer": "Маша", "carrier": "Денис"})
    text = assert_document(printing.print_packing_list(session, "2026-03-01", "2026-03-31"),
                           ["Ёлкин Пётр", "1990", "ИК-1", "пос. Тайга", "Чай", "Маша", "Денис"])
    assert "СЕКРЕТ" not in text and "SECRET" not in text
    fields = {f.name for f in dataclasses.fields(packing.PackingEntry)}
    assert fields == {"planned_on", "kind", "recipient", "facility_name", "facility_address",
                      "items", "packer", "carrier"}
    assert {f.name for f in dataclasses.fields(packing.PackingItem)} == {
        "name", "quantity", "unit_weight_g", "refused"}


def test_an_empty_window_says_so_and_bad_dates_are_user_errors(session: Session,
                                                              english: None) -> None:
    text = "\n".join(pages(printing.print_packing_list(session, "2026-03-01", "2026-03-31")))
    assert "No parcels are planned in these dates." in text
    with pytest.raises(CasefileError, match="--from"):
        printing.print_packing_list(session, "1 March", "2026-03-31")
    with pytest.raises(CasefileError):
        printing.print_packing_list(session, "2026-03-31", "2026-03-01")


def test_the_packing_story_keeps_its_tables_within_the_margins(demo: Session) -> None:
    entries = printing.packing_entries(demo, START, END)
    long = dataclasses.replace(entries[0], items=(packing.PackingItem(
        "Очень длинное наименование предмета " * 8, 1, 10, refused=True),))
    flow = packing.story([*entries, long], START.isoformat(), END.isoformat())
    assert assert_tables_fit(flow) >= 2 * len(entries)
