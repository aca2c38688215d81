"""Record titles: ISO dates for the command line (scripts read them), the language's dates in
the window, and a type named before a title that is only a date."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from casefile.domain.describe import record_title, shown_title
from casefile.i18n import language, set_language

PARCEL = {"type": "parcel", "id": "p1", "planned_on": "2026-12-09", "kind": "parcel"}
EVENT = {"type": "event", "id": "e1", "kind": "search", "on": "2026-11-05"}


@pytest.fixture(params=["en", "ru"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    before = language()
    set_language(request.param)
    yield request.param
    set_language(before)


def test_the_command_line_keeps_iso_dates(lang: str) -> None:
    assert record_title(PARCEL) == "2026-12-09"


def test_the_window_writes_dates_as_the_language_does(lang: str) -> None:
    assert shown_title(PARCEL) == {"en": "Parcel · 9 Dec 2026",
                                   "ru": "Посылка/передача · 09.12.2026"}[lang]
    # A date beside other words needs no type before it.
    assert shown_title(EVENT) == {"en": "search · 5 Nov 2026", "ru": "обыск · 05.11.2026"}[lang]


def test_titles_without_dates_are_the_same_in_both(lang: str) -> None:
    case = {"type": "case", "id": "c1", "title": "Дело Сорокина"}
    assert shown_title(case) == record_title(case) == "Дело Сорокина"
    assert shown_title({"type": "parcel", "id": "p2"}) == record_title({"type": "parcel",
                                                                        "id": "p2"})
