"""Reading printed PDFs back in tests: text per page, embedded fonts, tables within margins."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from pypdf import PdfReader

from casefile.printing.layout import FRAME_HEIGHT, FRAME_WIDTH, tables_in

MOJIBAKE = re.compile(r"■|\ufffd|\?{2,}|Ð[\x80-\xbf]|Ñ[\x80-\xbf]")


def pages(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-"), data[:20]
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    """Text without any whitespace, so a phrase wrapped over lines still matches."""
    return "".join(text.split())


# A word hyphenated at the end of a line ("Башкор-" / "тостан"): read as one word.
HYPHENATED = re.compile(r"(?<=\w)-\s*\n\s*(?=\w)")


def has(text: str, phrase: str) -> bool:
    """``phrase`` is in ``text``, whatever the line breaks and hyphenation between its words."""
    return squash(phrase) in squash(text) or squash(phrase) in squash(HYPHENATED.sub("", text))


def assert_has_all(text: str, phrases: Iterable[str]) -> None:
    missing = [p for p in phrases if not has(text, p)]
    assert not missing, f"not in the PDF text: {missing}\n---\n{text[:3000]}"


def assert_clean(text: str) -> None:
    """No replacement boxes, question-mark runs or UTF-8-read-as-Latin-1 where letters were."""
    found = MOJIBAKE.search(text)
    assert found is None, f"mojibake {found.group(0)!r} in: {text[:2000]}"


def fonts(data: bytes) -> list[tuple[str, bool]]:
    """(font name, is embedded) for every font any page uses."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        resources: Any = page.get("/Resources")
        if resources is None:
            continue
        font_dict = resources.get_object().get("/Font")
        if font_dict is None:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile2", "/FontFile",
                                                           "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return sorted(found.items())


def assert_fonts_embedded(data: bytes) -> None:
    used = fonts(data)
    assert used, "the PDF uses no font at all"
    assert all(embedded for _name, embedded in used), used
    assert all("DejaVuSans" in name for name, _e in used), used


def assert_tables_fit(story: list[Any]) -> int:
    """Every table in the story is no wider than the frame; returns how many were checked."""
    count = 0
    for t in tables_in(story):
        t.wrap(FRAME_WIDTH, FRAME_HEIGHT)
        assert t._width <= FRAME_WIDTH + 0.01, (t._width, FRAME_WIDTH)
        count += 1
    return count


def assert_document(data: bytes, phrases: Iterable[str]) -> str:
    """The common checks: the phrases are there, no mojibake, every font embedded."""
    text = "\n".join(pages(data))
    assert_has_all(text, phrases)
    assert_clean(text)
    assert_fonts_embedded(data)
    return text
