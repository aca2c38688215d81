"""Envelopes: DL and C5, landscape, both addresses and the postal codes where Russia Post reads."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from casefile.domain.errors import CasefileError
from casefile.printing.envelope import _POINTS, _STROKES, DIGITS, SIZES
from casefile.printing.layout import MM
from casefile.services.demo.data import demo_id
from casefile.services.documents import printing
from casefile.services.records.session import Session
from tests.printing.pdfcheck import assert_document, squash

BORIS = demo_id("person:kagarlitsky")
SENDER = {"name": "Круглова Мария Андреевна", "address": "г. Москва, а/я 15",
          "postal_code": "101000"}


def _letter_id(session: Session) -> str:
    return session.list("letter", {"person_id": BORIS, "direction": "out"})[0]["id"]


@pytest.mark.parametrize(("size", "width_mm", "height_mm"), [("DL", 220, 110), ("C5", 229, 162)])
def test_an_envelope_has_both_addresses_and_both_postal_codes(demo: Session, size: str,
                                                              width_mm: int,
                                                              height_mm: int) -> None:
    data = printing.print_envelope(demo, _letter_id(demo), size, sender=SENDER)
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (width_mm,
                                                                             height_mm)
    text = assert_document(data, ["Кагарлицкий Борис Юльевич", "1958",
                                  "ФКУ ИК-4 УФСИН России по Тверской области",
                                  "Тверская область, г. Торжок, ул. Старицкая, д. 2",
                                  SENDER["name"], SENDER["address"]])
    flat = squash(text)
    assert "172002" in flat  # the recipient's index, one digit a box
    assert "101000" in flat  # the sender's


def test_without_a_sender_the_sender_fields_are_left_blank(demo: Session) -> None:
    data = printing.print_envelope(demo, _letter_id(demo), "C5")
    text = assert_document(data, ["Кагарлицкий Борис Юльевич"])
    assert "101000" not in squash(text)


def test_only_the_two_sizes_are_offered(demo: Session) -> None:
    assert set(SIZES) == set(printing.ENVELOPE_SIZES) == {"DL", "C5"}
    for width, height in SIZES.values():
        assert width > height  # landscape
    with pytest.raises(CasefileError, match="DL"):
        printing.print_envelope(demo, _letter_id(demo), "A4")


def test_every_stencil_digit_is_drawn_from_the_nine_strokes() -> None:
    assert sorted(DIGITS) == [str(n) for n in range(10)]
    assert len(_STROKES) == 9
    for strokes in DIGITS.values():
        assert strokes and set(strokes) <= set(_STROKES)
    for a, b in _STROKES.values():
        assert a in _POINTS and b in _POINTS
    assert len({frozenset(s) for s in DIGITS.values()}) == 10  # no two digits alike
