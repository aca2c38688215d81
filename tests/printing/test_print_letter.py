"""Letters: addressed as Russian facilities require, templates filled from the records."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from casefile.domain.errors import CasefileError, NotFoundError
from casefile.i18n import _, format_date
from casefile.printing import letter as letter_doc
from casefile.printing.layout import BLANK
from casefile.printing.templates import (
    PLACEHOLDERS,
    TEMPLATES,
    LetterText,
    fill,
    from_template,
    load,
    parse,
    split_name,
    strip_comments,
)
from casefile.services.demo.data import demo_id
from casefile.services.documents import printing
from casefile.services.records.session import Session
from tests.printing.conftest import TODAY
from tests.printing.pdfcheck import (
    assert_document,
    assert_tables_fit,
    has,
    pages,
)

BORIS = demo_id("person:kagarlitsky")
SENDER = {"name": "Круглова Мария Андреевна", "address": "г. Москва, а/я 15",
          "postal_code": "101000", "phone": "+7 900 000-00-41"}


def _letter(session: Session, person_id: str = BORIS) -> dict[str, Any]:
    letters = session.list("letter", {"person_id": person_id, "direction": "out"})
    return max((x for x in letters if x["body"]), key=lambda x: len(x["body"]))


def _facility(session: Session, person_id: str = BORIS) -> dict[str, Any]:
    return session.get("facility", session.get("person", person_id)["facility_id"])


def test_a_letter_is_addressed_to_the_facility_and_the_person_with_year_of_birth(
        demo: Session) -> None:
    letter = _letter(demo)
    facility = _facility(demo)
    data = printing.print_letter(demo, letter["id"], sender=SENDER, lang="en")
    first_line = letter["body"].split("\n")[0]
    text = assert_document(data, [
        "ФКУ ИК-4 УФСИН России по Тверской области", facility["postal_code"],
        facility["address"], "Кагарлицкий Борис Юльевич", "1958", first_line,
        SENDER["name"], "101000, г. Москва, а/я 15", format_date(letter["sent_on"]),
    ])
    # The address comes first, then the person, then the body.
    flat = "".join(text.split())
    assert flat.index("ФКУ") < flat.index("Кагарлицкий") < flat.index("".join(first_line.split()))


def test_in_russian_the_person_is_named_with_year_of_birth_and_dates_read_dd_mm_yyyy(
        demo: Session, russian: None) -> None:
    letter = _letter(demo)
    data = printing.print_letter(demo, letter["id"])
    text = "\n".join(pages(data))
    assert has(text, _("{0}, born {1}").format("Кагарлицкий Борис Юльевич", 1958))
    assert has(text, _("To: {0}").format("Кагарлицкий"))
    day = date.fromisoformat(letter["sent_on"])
    assert f"{day:%d.%m.%Y}" in text


def test_without_a_sender_the_return_address_is_left_to_write_by_hand(demo: Session) -> None:
    data = printing.print_letter(demo, _letter(demo)["id"])
    assert BLANK in "\n".join(pages(data))


def test_a_long_letter_numbers_its_pages_and_a_short_one_does_not(demo: Session,
                                                                  english: None) -> None:
    letter = _letter(demo)
    long_body = "\n\n".join(f"Абзац {n}. " + "Длинное письмо о новостях группы. " * 12
                            for n in range(40))
    data = printing.print_letter(demo, letter["id"], text=LetterText(body=long_body),
                                 lang="en")
    texts = pages(data)
    assert len(texts) >= 2
    for n, page in enumerate(texts, start=1):
        assert f"page {n} of {len(texts)}" in page
    short = pages(printing.print_letter(demo, letter["id"], lang="en"))
    assert len(short) == 1
    assert "page 1 of 1" not in short[0]


def test_edited_text_is_what_prints(demo: Session) -> None:
    text = LetterText(body="Своё письмо, исправленное перед печатью.", title="ПИСЬМО")
    data = printing.print_letter(demo, _letter(demo)["id"], text=text)
    assert_document(data, ["Своё письмо, исправленное перед печатью.", "ПИСЬМО",
                           "Кагарлицкий Борис Юльевич"])


def test_a_letter_to_a_person_without_a_facility_still_prints(demo: Session) -> None:
    belousova = demo_id("person:belousova")
    data = printing.print_letter(demo, _letter(demo, belousova)["id"])
    assert_document(data, ["Белоусова Ксения Андреевна", "1992"])


def test_bad_ids_and_template_names_are_user_errors(demo: Session) -> None:
    with pytest.raises(NotFoundError):
        printing.print_letter(demo, "00000000-0000-4000-8000-000000000000")
    with pytest.raises(NotFoundError):
        printing.print_envelope(demo, "00000000-0000-4000-8000-000000000000")
    with pytest.raises(CasefileError, match="letter-to-prisoner"):
        printing.print_letter(demo, _letter(demo)["id"], "no-such-template")


def test_the_letter_story_keeps_its_tables_within_the_margins(demo: Session) -> None:
    person = demo.get("person", BORIS)
    flow = letter_doc.story(LetterText(body="Текст"), person, _facility(demo), SENDER,
                            "2026-03-01")
    assert assert_tables_fit(flow) >= 1


# -- templates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_template_exists_in_both_languages_and_fills_from_the_records(
        demo: Session, name: str, lang: str) -> None:
    raw = load(name, lang)
    used = set(re.findall(r"\{([a-z_]+)\}", raw))
    assert used <= set(PLACEHOLDERS), used - set(PLACEHOLDERS)
    letter = _letter(demo)
    values = printing.template_values(demo, letter["id"], SENDER, TODAY)
    assert set(values) == set(PLACEHOLDERS)
    filled = from_template(name, values, lang)
    whole = "\n".join([*(filled.recipient or ()), filled.title, filled.body])
    assert not re.search(r"\{[a-z_]+\}", whole), whole
    assert "# " not in whole  # the comments for editors never print
    assert "Кагарлицкий Борис Юльевич" in whole or "Борис" in whole
    if name != "letter-to-prisoner":
        assert filled.recipient is not None
        assert any("ФКУ ИК-4 УФСИН России по Тверской области" in line
                   for line in filled.recipient)
        assert filled.title
        assert "1958" in filled.body


def test_a_template_prints_with_its_own_addressee_block(demo: Session, russian: None) -> None:
    data = printing.print_letter(demo, _letter(demo)["id"], "request-to-head", sender=SENDER,
                                 today=TODAY)
    text = assert_document(data, ["Начальнику ФКУ ИК-4 УФСИН России по Тверской области",
                                  "ЗАЯВЛЕНИЕ", "Кагарлицкий Борис Юльевич, 1958 г. р.",
                                  "Круглова Мария Андреевна", "10.03.2026"])
    assert not has(text, _("To: {0}").format(""))  # no prisoner's "To:" line on a request


def test_the_window_can_show_a_filled_template_before_printing(demo: Session,
                                                                russian: None) -> None:
    text = printing.letter_text(demo, _letter(demo)["id"], "letter-to-prisoner",
                                sender=SENDER, today=TODAY)
    assert text.recipient is None  # addressed to the prisoner, as the facility requires
    assert text.body.startswith("Здравствуйте, Борис!")
    assert _letter(demo)["body"].split("\n")[0] in text.body
    own = printing.letter_text(demo, _letter(demo)["id"])
    assert own.body == _letter(demo)["body"]


def test_empty_fields_become_lines_to_fill_in() -> None:
    assert fill("от {sender_name}, тел. {nope}", {"sender_name": "____"}) == \
        "от ____, тел. {nope}"


def test_sections_split_addressee_title_and_body() -> None:
    text = parse(strip_comments(
        "# a comment\n# {body}\n[to]\nНачальнику\n\n[title]\nЖАЛОБА\n[body]\nТекст\n\nЕщё"))
    assert text == LetterText(body="Текст\n\nЕщё", title="ЖАЛОБА", recipient=("Начальнику",))
    assert parse("Просто текст\n") == LetterText(body="Просто текст")


def test_names_split_into_surname_first_name_and_patronymic() -> None:
    assert split_name("Кагарлицкий Борис Юльевич") == ("Кагарлицкий", "Борис", "Юльевич")
    assert split_name("Tom Walsh") == ("Tom", "Walsh", "")
    assert split_name("") == ("", "", "")
