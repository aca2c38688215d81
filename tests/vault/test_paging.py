"""Pages of a list are slices of the whole list, however deep, in every order and filter."""

from __future__ import annotations

import pytest

from casefile.services.records.session import Session


@pytest.fixture
def letters(session: Session) -> Session:
    people = [session.add("person", {"full_name": name})["id"] for name in ("Анна", "Борис")]
    with session.vault.db.transaction():
        for n in range(230):
            session.add("letter", {
                "person_id": people[n % 2], "direction": "in" if n % 3 else "out",
                "sent_on": f"2026-0{1 + n % 9}-1{n % 7}" if n % 5 else None,  # ties, blanks
                "subject": f"Тема {n % 11}", "body": "письмо" if n % 4 else "открытка"})
    return session


@pytest.mark.parametrize("query", [
    {}, {"where": {"direction": "in"}}, {"order": "subject"},
    {"order": "sent_on", "descending": False}, {"order": "created_at"},
    {"match": "письмо"}, {"where": {"direction": "out"}, "match": "открытка"},
])
def test_deep_pages_are_slices_of_the_whole_list(letters: Session, query: dict) -> None:
    whole = [r["id"] for r in letters.list("letter", **query)]
    assert len(whole) == letters.count("letter", query.get("where"), match=query.get("match"))
    for offset in (0, 1, 37, 100, len(whole) - 3, len(whole) + 5):
        page = [r["id"] for r in letters.list("letter", limit=40, offset=offset, **query)]
        assert page == whole[offset:offset + 40], (query, offset)
