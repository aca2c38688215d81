"""The parcel manifest (опись): items, weights, the facility's limits, flagged items."""

from __future__ import annotations

from typing import Any

import pytest

from casefile.domain.errors import CasefileError, NotFoundError
from casefile.i18n import _
from casefile.printing import manifest as manifest_doc
from casefile.printing.layout import FLAG, grams
from casefile.printing.manifest import check_limits, not_accepted
from casefile.services.documents import printing
from casefile.services.records.session import Session
from tests.printing.pdfcheck import assert_document, assert_tables_fit, has, pages

WARNING = "WARNING"


def _biggest_planned(session: Session) -> dict[str, Any]:
    return max(session.list("parcel", {"status": "planned"}), key=lambda p: len(p["items"]))


def test_a_manifest_lists_every_item_with_weights_and_the_total(demo: Session,
                                                                english: None) -> None:
    parcel = _biggest_planned(demo)
    person = demo.get("person", parcel["person_id"])
    facility = demo.get("facility", parcel["facility_id"])
    data = printing.print_manifest(demo, parcel["id"], lang="en")
    total = sum(i["quantity"] * i["unit_weight_g"] for i in parcel["items"])
    text = assert_document(data, [
        person["full_name"], str(person["birth_year"]), facility["name"], facility["address"],
        facility["postal_code"], *(i["name"] for i in parcel["items"]), grams(total),
        _("Signature"),
    ])
    assert parcel["total_weight_g"] == total
    assert WARNING not in text


def test_items_the_facility_does_not_accept_are_flagged(demo: Session) -> None:
    refused = demo.list("parcel", {"status": "refused"})[0]
    assert any("консервы" in i["name"] for i in refused["items"])
    text = assert_document(printing.print_manifest(demo, refused["id"], lang="en"),
                           [f"{FLAG} Домашние консервы (лечо)", "«домашние консервы»"])
    assert text.count(FLAG) == 2  # the item's mark and the note under the table


def test_two_copies_print_on_two_pages(demo: Session, english: None) -> None:
    parcel = _biggest_planned(demo)
    texts = pages(printing.print_manifest(demo, parcel["id"], copies=2, lang="en"))
    assert len(texts) == 2
    assert "Copy 1 of 2" in texts[0]
    assert "Copy 2 of 2" in texts[1]
    for text in texts:
        assert has(text, parcel["items"][0]["name"])
    with pytest.raises(CasefileError):
        printing.print_manifest(demo, parcel["id"], copies=0)
    with pytest.raises(NotFoundError):
        printing.print_manifest(demo, "00000000-0000-4000-8000-000000000000")


def test_the_manifest_story_keeps_its_tables_within_the_margins(demo: Session) -> None:
    parcel = _biggest_planned(demo)
    person = demo.get("person", parcel["person_id"])
    facility = demo.get("facility", parcel["facility_id"])
    long_name = {"name": "Очень длинное наименование предмета " * 8, "quantity": 1,
                 "unit_weight_g": 5}
    parcel = {**parcel, "items": [*parcel["items"], long_name]}
    check = check_limits(parcel, facility, [], None, None)
    flow = manifest_doc.story(parcel, person, facility, check, sender={})
    assert assert_tables_fit(flow) >= 2


# -- limits, in a vault of our own -------------------------------------------------------------

def _setup(session: Session, **rules: Any) -> tuple[str, str]:
    facility = session.add("facility", {"name": "ФКУ СИЗО-1 УФСИН России по Тестовой области",
                                        "kind": "sizo", "address": "г. Тестов, ул. Тюремная, "
                                        "д. 1", "postal_code": "123456",
                                        "not_accepted": ["дрожжи"], **rules})
    person = session.add("person", {"full_name": "Пётр Ёлкин Семёнович", "birth_year": 1990,
                                    "facility_id": facility["id"]})
    return person["id"], facility["id"]


def _parcel(session: Session, person: str, facility: str, day: str, kilos: float,
            **extra: Any) -> str:
    item = {"name": "Чай чёрный", "quantity": round(kilos * 4), "unit_weight_g": 250}
    return session.add("parcel", {"person_id": person, "facility_id": facility,
                                  "planned_on": day, "items": [item], **extra})["id"]


def _text(session: Session, parcel_id: str) -> str:
    return "\n".join(pages(printing.print_manifest(session, parcel_id, lang="en")))


def test_the_monthly_allowance_counts_the_other_parcels_of_the_same_month(
        session: Session, english: None) -> None:
    person, facility = _setup(session, parcel_limit_kg=30, parcel_limit_period="month")
    first = _parcel(session, person, facility, "2026-03-05", 12)
    assert WARNING not in _text(session, first)  # 12 of 30 kg
    _parcel(session, person, facility, "2026-02-27", 20)  # another month
    _parcel(session, person, facility, "2026-03-15", 20, status="refused")  # not counted
    second = _parcel(session, person, facility, "2026-03-20", 12)
    text = _text(session, second)
    assert WARNING not in text  # 24 of 30 kg
    assert has(text, "other parcels 12 kg + this one 12 kg = 24 kg of 30 kg allowed")
    third = _parcel(session, person, facility, "2026-03-28", 10)
    text = _text(session, third)
    assert WARNING in text  # 12 + 12 + 10 = 34 kg
    assert has(text, "other parcels 24 kg + this one 10 kg = 34 kg, over the allowance of 30 kg")
    # The earlier parcels are over too now: the month holds 34 kg whichever one is printed.
    assert WARNING in _text(session, first)
    april = _parcel(session, person, facility, "2026-04-02", 10)
    assert WARNING not in _text(session, april)


def test_a_colony_limits_each_parcel_and_counts_parcels_in_the_year(session: Session,
                                                                    english: None) -> None:
    person, facility = _setup(session, kind="ik", parcel_limit_kg=20,
                              parcel_limit_period="year", parcels_per_period=3)
    heavy = _parcel(session, person, facility, "2026-01-10", 21)
    text = _text(session, heavy)
    assert WARNING in text
    assert has(text, "this parcel weighs 21 kg, over the limit of 20 kg per parcel")
    session.edit("parcel", heavy, {"items": [{"name": "Чай", "quantity": 4,
                                              "unit_weight_g": 250}]})
    assert WARNING not in _text(session, heavy)
    second = _parcel(session, person, facility, "2026-05-10", 5)
    small = _parcel(session, person, facility, "2026-06-10", 2, kind="small_parcel")
    third = _parcel(session, person, facility, "2026-07-10", 5)
    assert WARNING not in _text(session, third)  # 3 of 3 (the small parcel counts apart)
    assert WARNING not in _text(session, second)
    assert WARNING not in _text(session, small)
    fourth = _parcel(session, person, facility, "2026-12-30", 5)
    text = _text(session, fourth)
    assert WARNING in text
    assert has(text, "other parcels: 3, so this one would be number 4; the facility allows 3")
    next_year = _parcel(session, person, facility, "2027-01-02", 5)
    assert WARNING not in _text(session, next_year)


def test_a_small_parcel_is_limited_to_five_kilograms(session: Session, english: None) -> None:
    person, facility = _setup(session, kind="ik", parcel_limit_kg=20,
                              parcel_limit_period="year", parcels_per_period=6)
    small = _parcel(session, person, facility, "2026-03-01", 6, kind="small_parcel")
    assert has(_text(session, small), "this parcel weighs 6 kg, over the limit of 5 kg")


def test_without_limits_on_record_the_manifest_says_so(session: Session,
                                                       english: None) -> None:
    person, facility = _setup(session)
    parcel = _parcel(session, person, facility, "2026-03-01", 50)
    text = _text(session, parcel)
    assert WARNING not in text
    assert has(text, "The facility's limits are not recorded.")


def test_the_limit_check_is_available_before_printing(session: Session) -> None:
    person, facility = _setup(session, parcel_limit_kg=30, parcel_limit_period="month")
    _parcel(session, person, facility, "2026-03-05", 25)
    second = _parcel(session, person, facility, "2026-03-06", 10)
    check = printing.manifest_check(session, second)
    assert check.over and check.over_period_weight and not check.over_per_parcel
    assert (check.others_weight_g, check.period_limit_g) == (25_000, 30_000)
    assert (check.period_start, check.period_end) == ("2026-03-01", "2026-03-31")


def test_not_accepted_matches_either_way_ignoring_case_and_yo() -> None:
    rules = ["Домашние консервы", "дрожжи", "алкоголь и содержащие его (духи)", ""]
    assert not_accepted("домашние КОНСЕРВЫ (лечо)", rules) == ["Домашние консервы"]
    assert not_accepted("Дрожжи", rules) == ["дрожжи"]
    assert not_accepted("алкоголь", rules) == ["алкоголь и содержащие его (духи)"]
    assert not_accepted("Чай чёрный", ["чай черный"]) == ["чай черный"]
    assert not_accepted("Печенье", rules) == []
    assert not_accepted("", rules) == []


def test_check_limits_ignores_this_parcel_other_people_and_other_facilities() -> None:
    facility = {"id": "f", "parcel_limit_kg": 30, "parcel_limit_period": "month"}
    parcel = {"id": "p", "person_id": "a", "facility_id": "f", "planned_on": "2026-03-10",
              "items": [{"name": "x", "quantity": 1, "unit_weight_g": 1000}]}
    others = [
        {**parcel},  # itself
        {**parcel, "id": "q", "total_weight_g": 2000},
        {**parcel, "id": "r", "person_id": "b", "total_weight_g": 50_000},
        {**parcel, "id": "s", "facility_id": "g", "total_weight_g": 50_000},
        {**parcel, "id": "t", "status": "returned", "total_weight_g": 50_000},
        {**parcel, "id": "u", "planned_on": "2026-04-01", "total_weight_g": 50_000},
        {**parcel, "id": "v", "planned_on": None, "total_weight_g": 50_000},
    ]
    check = check_limits(parcel, facility, others, "2026-03-01", "2026-03-31")
    assert check.counted == ("q",)
    assert (check.weight_g, check.others_weight_g, check.over) == (1000, 2000, False)


def test_one_line_names_are_plain_cells_and_print_as_typed(demo: Session,
                                                           english: None) -> None:
    from reportlab.platypus import Paragraph

    from casefile.printing.layout import Plain, tables_in

    parcel = _biggest_planned(demo)
    person = demo.get("person", parcel["person_id"])
    facility = demo.get("facility", parcel["facility_id"])
    odd = {"name": "Чай <чёрный> & «Кения»", "quantity": 3, "unit_weight_g": 100}
    long_name = {"name": "Очень длинное наименование предмета, которое не помещается в одну "
                         "строку таблицы", "quantity": 1, "unit_weight_g": 5}
    parcel = {**parcel, "items": [*parcel["items"], odd, long_name]}
    check = check_limits(parcel, facility, [], None, None)
    flow = manifest_doc.story(parcel, person, facility, check, sender={})
    items = next(t for t in tables_in(flow) if len(t._cellvalues[0]) == 5)
    names = [row[1] for row in items._cellvalues[1:-1]]
    assert isinstance(names[-2], Plain) and names[-2] == odd["name"]
    assert isinstance(names[-1], Paragraph)  # too wide for one line: wrapped
    data = manifest_doc.render_manifest(parcel, person, facility, check)
    assert_document(data, [odd["name"], long_name["name"]])


def test_numbers_follow_the_language_even_when_cached(english: None) -> None:
    from casefile import i18n

    assert grams(1234567) == "1,234,567"
    i18n.set_language("ru")
    try:
        assert grams(1234567) == "1\xa0234\xa0567"
    finally:
        i18n.set_language("en")
    assert grams(1234567) == "1,234,567"


def test_facts_print_one_line_values_plain_and_wrap_long_ones() -> None:
    from reportlab.platypus import Paragraph

    from casefile.printing.layout import Plain, facts, render

    long_value = "ул. Тюремная, д. 1, " * 12
    table = facts([("Адрес <почтовый>", "A & B <c>"), ("Примечание", long_value),
                   ("Пусто", "")])
    cells = table._cellvalues
    assert len(cells) == 2  # the empty value is left out
    assert isinstance(cells[0][0], Plain) and isinstance(cells[0][1], Plain)
    assert isinstance(cells[1][1], Paragraph)
    assert_document(render([table], title="t"), ["Адрес <почтовый>", "A & B <c>",
                                                 long_value.strip()])
