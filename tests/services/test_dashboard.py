"""The dashboard's week, over the demo data and hand-made records."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.services.records.session import Session
from casefile.services.views.dashboard import days_unanswered, week
from casefile.vault.keys import MIN_KDF_SECONDS

TODAY = date(2026, 11, 27)


def test_week_lists_what_needs_doing(session: Session) -> None:
    p = session.add("person", {"full_name": "Галимов Ринат"})
    case = session.add("case", {"title": "Дело", "person_ids": [p["id"]],
                                "measure": "detention", "measure_until": "2026-12-10"})
    session.add("case", {"title": "Далёкое", "measure": "detention",
                         "measure_until": "2027-06-01"})
    soon = session.add("hearing", {"case_id": case["id"], "starts_at": "2026-12-03T10:00+05:00"})
    session.add("hearing", {"case_id": case["id"], "starts_at": "2026-11-01T10:00+05:00"})
    old = session.add("letter", {"person_id": p["id"], "direction": "out", "status": "sent",
                                 "sent_on": "2026-09-01"})
    older = session.add("letter", {"person_id": p["id"], "direction": "out", "status": "sent",
                                   "sent_on": "2026-08-01"})
    task = session.add("task", {"title": "Позвонить адвокату", "due_on": "2026-11-30"})
    session.add("task", {"title": "Сделано", "done": True})
    w = week(session, TODAY)
    assert [h["id"] for h in w.hearings] == [soon["id"]]
    assert [c["id"] for c in w.measures] == [case["id"]]
    assert [x["id"] for x in w.unanswered] == [old["id"]]  # only the newest per person
    assert older["id"] not in [x["id"] for x in w.unanswered]
    assert [t["id"] for t in w.tasks] == [task["id"]]
    assert days_unanswered(old, TODAY) == 87


def test_an_answer_clears_the_unanswered_letter(session: Session) -> None:
    p = session.add("person", {"full_name": "X"})
    session.add("letter", {"person_id": p["id"], "direction": "out", "status": "sent",
                           "sent_on": "2026-09-01"})
    session.add("letter", {"person_id": p["id"], "direction": "in", "status": "delivered",
                           "received_on": "2026-09-20"})
    assert week(session, TODAY).unanswered == []


def test_person_overview_gathers_everything(session: Session) -> None:
    from casefile.services.views.dashboard import period_bounds, person_overview

    f = session.add("facility", {"name": "СИЗО-1", "parcel_limit_kg": 30,
                                 "parcel_limit_period": "month", "address": "ул. Тюремная, 1"})
    p = session.add("person", {"full_name": "Галимов Ринат", "facility_id": f["id"]})
    c = session.add("case", {"title": "Дело", "person_ids": [p["id"]]})
    session.add("hearing", {"case_id": c["id"], "starts_at": "2026-12-03T10:00+05:00"})
    session.add("hearing", {"case_id": c["id"], "starts_at": "2026-10-03T10:00+05:00"})
    session.add("letter", {"person_id": p["id"], "direction": "out", "status": "sent",
                           "sent_on": "2026-10-01"})
    session.add("parcel", {"person_id": p["id"], "facility_id": f["id"],
                           "planned_on": "2026-11-10",
                           "items": [{"name": "Чай", "quantity": 4, "unit_weight_g": 250}]})
    session.add("parcel", {"person_id": p["id"], "facility_id": f["id"],
                           "planned_on": "2026-10-10",
                           "items": [{"name": "Чай", "quantity": 9, "unit_weight_g": 250}]})
    session.add("payment", {"amount": "1500.50", "direction": "in", "person_id": p["id"]})
    session.add("payment", {"amount": "500", "direction": "out", "person_id": p["id"]})
    o = person_overview(session, p["id"], TODAY)
    assert o.facility["address"] == "ул. Тюремная, 1"
    assert [x["title"] for x in o.cases] == ["Дело"]
    assert [h["starts_at"] for h in o.hearings] == ["2026-12-03T10:00+05:00"]
    assert o.unanswered_days == 57
    # October's parcel is another period; the limit is a weight per month (no parcel count).
    assert o.allowance is not None
    assert (o.allowance.period_weight_g, o.allowance.period_limit_g) == (1000, 30_000)
    assert o.allowance.count_limit is None and not o.allowance.over
    assert (o.payments_in, o.payments_out) == ("1500.50", "500")
    assert period_bounds(TODAY, "month") == (date(2026, 11, 1), date(2026, 11, 30))
    assert period_bounds(TODAY, "year") == (date(2026, 1, 1), date(2026, 12, 31))


LETTER = st.fixed_dictionaries({
    "person": st.integers(0, 2),
    "direction": st.sampled_from(["in", "out"]),
    "status": st.sampled_from(["draft", "sent", "delivered", "answered"]),
    "sent_on": st.none() | st.sampled_from(["2026-09-01", "2026-09-20", "2026-10-05",
                                            "2026-10-20", "2026-11-20"]),
    "received_on": st.none() | st.sampled_from(["2026-09-10", "2026-10-05", "2026-11-01"]),
})


def _expected_unanswered(letters: list[dict], cutoff: str) -> set[int]:
    """The rule, stated plainly: per person, the newest outgoing sent letter before the
    cutoff that no incoming letter (received, else sent, on or after it) answers."""
    result: set[int] = set()
    for person in {x["person"] for x in letters}:
        mine = [(n, x) for n, x in enumerate(letters) if x["person"] == person]
        answers = [x["received_on"] or x["sent_on"] for _n, x in mine
                   if x["direction"] == "in" and (x["received_on"] or x["sent_on"])]
        open_ = [(n, x) for n, x in mine if x["direction"] == "out"
                 and x["status"] in ("sent", "delivered") and x["sent_on"]
                 and x["sent_on"] < cutoff and not any(a >= x["sent_on"] for a in answers)]
        if open_:
            newest = max(x["sent_on"] for _n, x in open_)
            result |= {n for n, x in open_ if x["sent_on"] == newest}
    return result


@settings(max_examples=30, deadline=None)
@given(st.lists(LETTER, max_size=12))
def test_unanswered_letters_follow_the_rule(letters: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s = Session.create(Path(tmp) / "v.casefile", "pw", MIN_KDF_SECONDS)
        try:
            people = [s.add("person", {"full_name": f"P{n}"})["id"] for n in range(3)]
            ids = [s.add("letter", {
                "person_id": people[x["person"]], "direction": x["direction"],
                "status": x["status"], "sent_on": x["sent_on"],
                "received_on": x["received_on"]})["id"] for x in letters]
            found = [x["id"] for x in week(s, TODAY).unanswered]
            assert set(found) == {ids[n] for n in _expected_unanswered(letters, "2026-10-28")}
            dates = [s.get("letter", i)["sent_on"] for i in found]
            assert dates == sorted(dates)
        finally:
            s.close()
