"""The zone offered for a hearing: its court's (from earlier hearings there), the case's
court's, the case's own hearings', then a defendant's facility's."""

from __future__ import annotations

from casefile.services.records.session import Session
from casefile.services.views.hearingzone import court_zone, hearing_zone


def test_nothing_known_offers_nothing(session: Session) -> None:
    case = session.add("case", {"title": "A"})
    assert hearing_zone(session) is None
    assert hearing_zone(session, case["id"], "Some court") is None
    assert hearing_zone(session, "00000000-0000-4000-8000-000000000000") is None
    assert court_zone(session, "  ") is None


def test_the_order_of_what_tells_the_zone(session: Session) -> None:
    facility = session.add("facility", {"name": "SIZO", "timezone": "Asia/Krasnoyarsk"})
    nowhere = session.add("person", {"full_name": "Free"})
    held = session.add("person", {"full_name": "Held", "facility_id": facility["id"]})
    case = session.add("case", {"title": "B", "court": "Court of Omsk",
                                "person_ids": [nowhere["id"], held["id"]]})
    assert hearing_zone(session, case["id"]) == "Asia/Krasnoyarsk"  # a defendant's facility
    other = session.add("case", {"title": "C"})
    session.add("hearing", {"case_id": case["id"], "timezone": "Asia/Irkutsk",
                            "starts_at": "2026-01-10T10:00+08:00"})
    assert hearing_zone(session, case["id"]) == "Asia/Irkutsk"  # the case's hearings
    session.add("hearing", {"case_id": other["id"], "court": "Court of Omsk",
                            "timezone": "Asia/Omsk"})
    assert hearing_zone(session, case["id"]) == "Asia/Omsk"  # the case's court
    session.add("hearing", {"case_id": other["id"], "court": "Court of Chita",
                            "timezone": "Asia/Chita"})
    assert hearing_zone(session, case["id"], "Court of Chita") == "Asia/Chita"  # the court
    assert court_zone(session, " Court of Chita ") == "Asia/Chita"
