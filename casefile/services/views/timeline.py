"""A case's course on one time axis: the marks the window and the printed summary both draw.

A mark is one record at one date: the case's events, the day its preventive measure runs out,
its hearings, and the letters and parcels of its defendants. Each knows its record, so a click
on it can open that record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from casefile.domain.allowance import kg
from casefile.domain.describe import choice_label
from casefile.domain.errors import NotFoundError
from casefile.domain.timeline import LANES
from casefile.i18n import _
from casefile.services.records.session import Session

Who = Callable[[dict[str, Any]], str]
LANE_ORDER = {lane.key: n for n, lane in enumerate(LANES)}


@dataclass(frozen=True)
class Mark:
    on: str  # ISO date, YYYY-MM-DD (a hearing's date on the court's clock)
    moment: str  # the hearing's ISO time with offset; "" for marks that have only a date
    kind: str  # the record's own kind: event kind, hearing kind, letter direction, parcel status
    record_type: str
    id: str
    label: str  # in the current language, for tooltips and printed lists
    lane: str  # a key of casefile.domain.timeline.LANES

    def as_dict(self) -> dict[str, str]:
        """A plain dict, for the printing layer (which does not import services)."""
        return asdict(self)


def _sort_key(mark: Mark) -> tuple[str, int, str, str]:
    return (mark.on, LANE_ORDER[mark.lane], mark.moment, mark.id)


def _people(session: Session, case: dict[str, Any]) -> dict[str, str]:
    people = {}
    for person_id in case.get("person_ids") or []:
        try:
            people[person_id] = str(session.get("person", person_id).get("full_name") or "")
        except NotFoundError:
            continue  # a defendant deleted since: the case still lists the id
    return people


def _case_marks(session: Session, case: dict[str, Any], who: Who) -> list[Mark]:
    marks = []
    for event in session.list("event", {"case_id": case["id"]}):
        kind = str(event.get("kind") or "other")
        text = choice_label("event", "kind", kind)
        if event.get("description"):
            text += " — " + str(event["description"])
        marks.append(Mark(event["on"], "", kind, "event", event["id"], who(event) + text,
                          "event"))
    if case.get("measure_until") and case.get("measure") not in (None, "", "none"):
        marks.append(Mark(case["measure_until"], "", "measure_until", "case", case["id"],
                          _("Measure runs out: {0}").format(
                              choice_label("case", "measure", case["measure"])), "deadline"))
    for hearing in session.list("hearing", {"case_id": case["id"]}):
        if not hearing.get("starts_at"):
            continue
        moment = datetime.fromisoformat(hearing["starts_at"])
        kind = str(hearing.get("kind") or "other")
        text = choice_label("hearing", "kind", kind)
        if hearing.get("court"):
            text += " — " + str(hearing["court"])
        marks.append(Mark(moment.date().isoformat(), hearing["starts_at"], kind, "hearing",
                          hearing["id"], text, "hearing"))
    return marks


def _person_marks(session: Session, person_id: str, who: Who) -> list[Mark]:
    marks = []
    for letter in session.list("letter", {"person_id": person_id}):
        outgoing = letter.get("direction") == "out"
        on = letter.get("sent_on") if outgoing else (
            letter.get("received_on") or letter.get("sent_on"))
        if not on:
            continue  # a draft has no place in time yet
        arrow = "→" if outgoing else "←"
        subject = str(letter.get("subject") or _("(no subject)"))
        marks.append(Mark(on, "", str(letter.get("direction") or "out"), "letter",
                          letter["id"], f"{who(letter)}{arrow} {subject}", "letter"))
    for parcel in session.list("parcel", {"person_id": person_id}):
        if not parcel.get("planned_on"):
            continue
        status = str(parcel.get("status") or "planned")
        kilos = _("{0} kg").format(kg(parcel.get("total_weight_g") or 0))
        text = ", ".join((choice_label("parcel", "kind", parcel.get("kind") or "parcel"),
                          choice_label("parcel", "status", status), kilos))
        marks.append(Mark(parcel["planned_on"], "", status, "parcel", parcel["id"],
                          who(parcel) + text, "parcel"))
    return marks


def case_timeline(session: Session, case_id: str) -> list[Mark]:
    """Every dated record of the case, oldest first."""
    case = session.get("case", case_id)
    people = _people(session, case)
    several = len(people) > 1

    def who(record: dict[str, Any]) -> str:
        """With several defendants, whose record this is."""
        name = people.get(str(record.get("person_id") or ""), "")
        return f"{name}: " if several and name else ""

    marks = _case_marks(session, case, who)
    for person_id in people:
        marks += _person_marks(session, person_id, who)
    return sorted(marks, key=_sort_key)
