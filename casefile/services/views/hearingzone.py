"""The time zone a hearing is most likely in, offered before the person chooses one.

Courts are text on a case and a hearing, not records with a zone of their own, so a court's
zone is the one given to earlier hearings at the same court (the same name, as typed). Failing
that, the case's own hearings tell it, and failing those, the facility where one of the case's
defendants is held (a remand prison is in the court's region).
"""

from __future__ import annotations

from typing import Any

from casefile.domain.errors import CasefileError
from casefile.services.records.session import Session

RECENT = 20  # hearings looked at, latest first


def _zone_of_hearings(session: Session, where: dict[str, Any]) -> str | None:
    hearings = session.list("hearing", where, order="starts_at", descending=True,
                            limit=RECENT)
    return next((str(h["timezone"]) for h in hearings if h.get("timezone")), None)


def court_zone(session: Session, court: str | None) -> str | None:
    """The zone of the latest hearing at ``court`` that has one."""
    court = (court or "").strip()
    return _zone_of_hearings(session, {"court": court}) if court else None


def _defendants_zone(session: Session, case: dict[str, Any]) -> str | None:
    for person_id in case.get("person_ids") or []:
        try:
            person = session.get("person", person_id)
            facility_id = person.get("facility_id")
            facility = session.get("facility", facility_id) if facility_id else {}
        except CasefileError:
            continue
        if facility.get("timezone"):
            return str(facility["timezone"])
    return None


def hearing_zone(session: Session, case_id: str | None = None,
                 court: str | None = None) -> str | None:
    """The zone to offer for a hearing of ``case_id`` at ``court`` (either may be None): the
    court's (from its earlier hearings), else that of the case's court, else that of the case's
    latest hearing with a zone, else that of a defendant's facility; None when nothing tells."""
    zone = court_zone(session, court)
    if zone or not case_id:
        return zone
    try:
        case = session.get("case", case_id)
    except CasefileError:
        return None
    return (court_zone(session, case.get("court"))
            or _zone_of_hearings(session, {"case_id": case_id})
            or _defendants_zone(session, case))
