"""Form 107 and the hand-over application: in Russian whatever the window's language, names
declined, declared values totalled, two copies, no internal warnings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casefile.domain.errors import ValidationError
from casefile.domain.validate import validate
from casefile.i18n import format_amount, language
from casefile.printing import forms
from casefile.printing.layout import grams, kg
from casefile.services.documents import printing
from casefile.services.records.session import Session
from tests.conftest import PASSPHRASE
from tests.printing.pdfcheck import assert_document, assert_tables_fit, has, pages

SENDER = {"name": "Петрова Анна Сергеевна", "address": "г. Москва, а/я 15",
          "postal_code": "101000"}
# What the manifest and the screen warn with: never on the papers handed over.
WARNINGS = ("не принимает", "Проверьте", "проверьте", "does not accept", "check",
            "WARNING", "⚠", "лимит", "limit")


def _posted(session: Session) -> dict[str, Any]:
    parcels = [p for p in session.list("parcel") if p["kind"] != "handover"]
    return max(parcels, key=lambda p: len(p["items"]))


def _handed_over(session: Session) -> dict[str, Any]:
    parcels = [p for p in session.list("parcel") if p["kind"] == "handover"
               and p["status"] == "refused"]  # the one with an item the facility refuses
    return parcels[0]


def test_form107_lists_declared_values_and_their_total(demo: Session, english: None) -> None:
    parcel = _posted(demo)
    person = demo.get("person", parcel["person_id"])
    data = printing.print_form107(demo, parcel["id"])
    assert language() == "en"  # the window's language is untouched
    total = sum(Decimal(i["value_rub"]) * i["quantity"] for i in parcel["items"])
    assert total > 0
    from casefile.i18n import document_language

    with document_language("ru"):
        values = [format_amount(Decimal(i["value_rub"]) * i["quantity"])
                  for i in parcel["items"]]
        shown_total = format_amount(total)
    text = assert_document(data, ["ОПИСЬ ВЛОЖЕНИЯ", "ф. 107", "Куда", "Кому",
                                  "Наименование предметов", "Объявленная",
                                  str(person["full_name"]), "Отправитель", "Проверил",
                                  "подпись работника связи", shown_total,
                                  *(i["name"] for i in parcel["items"]), *values])
    assert has(text, f"объявленной ценности: {shown_total} руб.")
    assert not [w for w in WARNINGS if w in text]
    copies = [p for p in pages(data) if "ОПИСЬ ВЛОЖЕНИЯ" in p]
    assert sum(p.count("ОПИСЬ ВЛОЖЕНИЯ") for p in copies) == 2
    facility = demo.get("facility", parcel["facility_id"])
    assert assert_tables_fit(forms.form107_story(parcel, person, facility)) >= 2


def test_handover_application_declines_names_and_totals_weight(demo: Session,
                                                              english: None) -> None:
    parcel = _handed_over(demo)
    person = demo.get("person", parcel["person_id"])
    facility = demo.get("facility", parcel["facility_id"])
    data = printing.print_handover(demo, parcel["id"], sender=SENDER)
    from casefile.i18n import document_language
    from casefile.printing.names import decline

    with document_language("ru"):
        total = sum(i["quantity"] * i["unit_weight_g"] for i in parcel["items"])
        weights = [kg(total), grams(total)]
    dative = decline(person["full_name"], "dative")
    assert dative != person["full_name"]
    text = assert_document(data, [
        f"Начальнику {facility['name']}", "от Петровой Анны Сергеевны", "паспорт",
        "ЗАЯВЛЕНИЕ", f"для передачи {dative}", str(person["birth_year"]),
        *(i["name"] for i in parcel["items"]), f"Общий вес: {weights[0]} кг",
        f"({weights[1]} г)", "Подпись"])
    assert not [w for w in WARNINGS if w in text]
    # the refused parcel's preserves are listed as an item, but not flagged
    assert "Домашние консервы" in text
    assert sum(p.count("ЗАЯВЛЕНИЕ") for p in pages(data)) == 2
    assert assert_tables_fit(forms.handover_story(parcel, person, facility, sender=SENDER)) >= 2


def test_the_manifest_prints_in_russian_with_the_window_in_english(demo: Session,
                                                                   english: None) -> None:
    parcel = _posted(demo)
    russian = "\n".join(pages(printing.print_manifest(demo, parcel["id"])))
    assert "Опись вложения" in russian or "ОПИСЬ" in russian.upper()
    assert "Manifest of contents" not in russian
    english_text = "\n".join(pages(printing.print_manifest(demo, parcel["id"], lang="en")))
    assert "Manifest of contents" in english_text
    assert language() == "en"


def test_cli_prints_russian_by_default_and_english_with_lang(cli, vault_dir: Path,
                                                             tmp_path: Path) -> None:
    assert cli("demo").code == 0
    session = Session.open(vault_dir, PASSPHRASE)
    try:
        parcel = _posted(session)["id"]
        handover = _handed_over(session)["id"]
    finally:
        session.close()
    out = tmp_path / "m.pdf"
    env = {"CASEFILE_LANG": "en"}
    for args, expect, absent in [
        (("manifest", parcel), "Итого", "Manifest of contents"),
        (("manifest", parcel, "--lang", "en"), "Manifest of contents", "Итого"),
        (("form107", parcel), "ОПИСЬ ВЛОЖЕНИЯ", "INVENTORY"),
        (("form107", parcel, "--lang", "en"), "INVENTORY OF CONTENTS", "ОПИСЬ"),
        (("handover", handover), "ЗАЯВЛЕНИЕ", "APPLICATION"),
    ]:
        result = cli("print", *args, "-o", str(out), env=env)
        assert result.code == 0, result.err
        text = "\n".join(pages(out.read_bytes()))
        assert expect in text and absent not in text, (args, text[:300])


@pytest.mark.parametrize(("name", "gender", "genitive", "dative"), [
    ("Ключников Семён Аркадьевич", None, "Ключникова Семёна Аркадьевича",
     "Ключникову Семёну Аркадьевичу"),
    ("Петрова Анна Сергеевна", None, "Петровой Анны Сергеевны", "Петровой Анне Сергеевне"),
    ("Римская-Корсакова Мария Ивановна", None, "Римской-Корсаковой Марии Ивановны",
     "Римской-Корсаковой Марии Ивановне"),
    ("Петров-Водкин Кузьма Сергеевич", None, "Петрова-Водкина Кузьмы Сергеевича",
     "Петрову-Водкину Кузьме Сергеевичу"),
    ("Черных Ольга Ивановна", None, "Черных Ольги Ивановны", "Черных Ольге Ивановне"),
    ("Черных Иван Петрович", None, "Черных Ивана Петровича", "Черных Ивану Петровичу"),
    ("Шевчук Оксана Петровна", None, "Шевчук Оксаны Петровны", "Шевчук Оксане Петровне"),
    ("Шевчук Тарас Петрович", None, "Шевчука Тараса Петровича", "Шевчуку Тарасу Петровичу"),
    ("Іжакевич Ігор Олександрович", None, "Іжакевича Ігора Олександровича",
     "Іжакевичу Ігору Олександровичу"),
    ("Ковальчук Наталія Олегівна", "female", "Ковальчук", "Ковальчук"),
    # the name alone says a man; the person's gender field says otherwise
    ("Шевчук Саша", None, "Шевчука Саши", "Шевчуку Саше"),
    ("Шевчук Саша", "female", "Шевчук Саши", "Шевчук Саше"),
])
def test_declension(name: str, gender: str | None, genitive: str, dative: str) -> None:
    from casefile.printing.names import decline

    assert decline(name, "genitive", gender).startswith(genitive)
    assert decline(name, "dative", gender).startswith(dative)
    assert decline(name, "nominative", gender) == name


def test_the_gender_override_reaches_the_application(demo: Session) -> None:
    parcel = _handed_over(demo)
    person = demo.get("person", parcel["person_id"])
    demo.edit("person", person["id"], {"full_name": "Шевчук Саша", "gender": "female"})
    try:
        text = "\n".join(pages(printing.print_handover(demo, parcel["id"], sender=SENDER)))
        assert has(text, "для передачи Шевчук Саше")
    finally:
        demo.edit("person", person["id"], {"full_name": person["full_name"],
                                           "gender": None})


def test_item_values_are_validated() -> None:
    ok = validate("parcel", {"items": [
        {"name": "Чай", "quantity": 2, "unit_weight_g": 250, "value_rub": "150,5"},
        {"name": "Мыло", "quantity": 1, "unit_weight_g": 200}]}, partial=True)
    assert ok["items"][0]["value_rub"] == "150.5"
    assert "value_rub" not in ok["items"][1]  # an undeclared value adds nothing
    for bad in ("-1", "abc"):
        with pytest.raises(ValidationError, match="value_rub"):
            validate("parcel", {"items": [
                {"name": "Чай", "quantity": 1, "unit_weight_g": 1, "value_rub": bad}]},
                partial=True)
    assert validate("person", {"gender": "female"}, partial=True)["gender"] \
        == "female"


def test_two_copies_share_one_sheet_when_they_fit(demo: Session, english: None) -> None:
    from casefile.i18n import document_language

    parcel = next(p for p in demo.list("parcel") if len(p["items"]) == 5)
    data = printing.print_form107(demo, parcel["id"])
    sheets = pages(data)
    assert len(sheets) == 1
    assert sheets[0].count("ОПИСЬ ВЛОЖЕНИЯ") == 2
    assert sheets[0].count("ф. 107") == 2
    # a longer list: a page for each copy
    person = demo.get("person", parcel["person_id"])
    facility = demo.get("facility", parcel["facility_id"])

    def listing(count: int) -> list[str]:
        items = [{**parcel["items"][0], "name": f"Книга {n}"} for n in range(1, count + 1)]
        with document_language("ru"):
            return pages(forms.render_form107({**parcel, "items": items}, person, facility))

    sheets = listing(20)
    assert [s.count("ОПИСЬ ВЛОЖЕНИЯ") for s in sheets] == [1, 1]
    assert all("Книга 20" in s and "Проверил" in s for s in sheets)
    # 40 items: each copy runs over two pages, the second copy starts on a page of its own
    sheets = listing(40)
    assert [s.count("ОПИСЬ ВЛОЖЕНИЯ") for s in sheets] == [1, 0, 1, 0]
    assert ["Проверил" in s for s in sheets] == [False, True, False, True]
