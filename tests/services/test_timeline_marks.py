"""A case's timeline: every dated record of the case, in its lane, oldest first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from casefile.services.demo.data import demo_id
from casefile.services.demo.vault import create_demo
from casefile.services.records.session import Session
from casefile.services.views.timeline import case_timeline
from casefile.vault.keys import MIN_KDF_SECONDS

TODAY = date(2026, 3, 10)
UFA = demo_id("case:ufa")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    folder = tmp_path_factory.mktemp("demo") / "d.casefile"
    session = create_demo(folder, "pw", kdf_seconds=MIN_KDF_SECONDS, today=TODAY)
    yield session
    session.close()


def expected_ids(session: Session, case_id: str) -> set[tuple[str, str]]:
    """The records the timeline should show, gathered independently of it."""
    case = session.get("case", case_id)
    out = {("event", e["id"]) for e in session.list("event", {"case_id": case_id})}
    out |= {("hearing", h["id"]) for h in session.list("hearing", {"case_id": case_id})}
    for person_id in case["person_ids"]:
        out |= {("letter", x["id"]) for x in session.list("letter", {"person_id": person_id})
                if x["status"] != "draft"}
        out |= {("parcel", x["id"]) for x in session.list("parcel", {"person_id": person_id})}
    if case.get("measure_until"):
        out.add(("case", case_id))
    return out


def test_the_demo_case_has_every_record_once_in_its_lane(demo: Session) -> None:
    marks = case_timeline(demo, UFA)
    assert {(m.record_type, m.id) for m in marks} == expected_ids(demo, UFA)
    assert len(marks) == len({(m.record_type, m.id) for m in marks})
    lanes = {"event": "event", "hearing": "hearing", "letter": "letter", "parcel": "parcel",
             "case": "deadline"}
    assert all(m.lane == lanes[m.record_type] for m in marks)
    assert [m.on for m in marks] == sorted(m.on for m in marks)
    search = next(m for m in marks if m.kind == "search")
    assert search.on == demo.list("event", {"case_id": UFA, "kind": "search"})[0]["on"]
    assert "Обыски у пятерых" in search.label


def test_dates_and_labels_come_from_the_records(demo: Session) -> None:
    marks = {(m.record_type, m.id): m for m in case_timeline(demo, UFA)}
    case = demo.get("case", UFA)
    deadline = marks[("case", UFA)]
    assert deadline.on == case["measure_until"] and deadline.kind == "measure_until"
    for hearing in demo.list("hearing", {"case_id": UFA}):
        mark = marks[("hearing", hearing["id"])]
        # The court's own calendar day, not the viewer's.
        assert mark.on == hearing["starts_at"][:10] and mark.moment == hearing["starts_at"]
    for person_id in case["person_ids"]:
        for letter in demo.list("letter", {"person_id": person_id, "direction": "out"}):
            if letter["status"] != "draft":
                assert marks[("letter", letter["id"])].on == letter["sent_on"]
                assert "→" in marks[("letter", letter["id"])].label


def test_a_small_case_by_hand(session: Session) -> None:
    person = session.add("person", {"full_name": "Сорокин Иван"})
    other = session.add("person", {"full_name": "Посторонний"})
    case = session.add("case", {"title": "Дело", "person_ids": [person["id"]],
                                "measure": "none", "measure_until": "2026-05-01"})
    event = session.add("event", {"on": "2026-01-05", "kind": "search", "case_id": case["id"],
                                  "description": "Обыск"})
    session.add("event", {"on": "2026-01-06", "kind": "search"})  # another case's
    letter = session.add("letter", {"person_id": person["id"], "direction": "in",
                                    "status": "delivered", "received_on": "2026-02-01"})
    session.add("letter", {"person_id": person["id"], "status": "draft"})  # no date: left out
    session.add("letter", {"person_id": other["id"], "sent_on": "2026-02-02"})
    marks = case_timeline(session, case["id"])
    # measure "none": its date is no deadline.
    assert [(m.record_type, m.id, m.on) for m in marks] == [
        ("event", event["id"], "2026-01-05"), ("letter", letter["id"], "2026-02-01")]
    assert marks[1].label.startswith("←")
    assert marks[0].as_dict()["lane"] == "event"


def test_an_unknown_case_is_an_error(session: Session) -> None:
    from casefile.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        case_timeline(session, "2f1c6b9e-8d1a-4c3e-9b7a-1e2d3c4b5a69")
