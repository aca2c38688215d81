"""A parcel against its facility's limits, and what a person has used of them this period.

The parcel editor, the dashboard, a person's page and the опись all ask here, and
``casefile.domain.allowance`` does the arithmetic once, so they show the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from casefile.domain.allowance import LimitCheck, check_limits, period_bounds
from casefile.domain.errors import NotFoundError
from casefile.services.records.session import Session
from casefile.vault import queries


def _get(session: Session, record_type: str, record_id: str | None) -> dict[str, Any] | None:
    if not record_id:
        return None
    try:
        return session.get(record_type, record_id)
    except NotFoundError:
        return None


def _day(value: Any, today: date | None) -> date:
    if value:
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            pass
    return today or date.today()


def facility_of(session: Session, parcel: Mapping[str, Any]) -> dict[str, Any] | None:
    """The parcel's facility, or where its person is held when it names none."""
    facility_id = parcel.get("facility_id")
    if not facility_id:
        person = _get(session, "person", parcel.get("person_id"))
        facility_id = (person or {}).get("facility_id")
    return _get(session, "facility", facility_id)


def parcel_check(session: Session, parcel: Mapping[str, Any], today: date | None = None,
                 facility: Mapping[str, Any] | None = None) -> LimitCheck:
    """A saved or unsaved parcel (the editor's values) against its facility's limits, counting
    the person's other parcels at that facility in the period of its planned date (of
    ``today`` while it has none)."""
    if facility is None:
        facility = facility_of(session, parcel)
    facility_id = (facility or {}).get("id")
    period = (facility or {}).get("parcel_limit_period")
    start, end = period_bounds(_day(parcel.get("planned_on"), today), period)
    person_id = parcel.get("person_id")
    others = queries.parcels_in_period(session.vault.records, person_id, facility_id,
                                       start.isoformat(), end.isoformat()) \
        if facility_id and person_id and period else []
    return check_limits({**parcel, "facility_id": facility_id}, facility, others,
                        start.isoformat(), end.isoformat())


def period_allowance(session: Session, person_id: str, facility: Mapping[str, Any] | None,
                     today: date, kind: str = "parcel") -> LimitCheck | None:
    """What the person has used this period (the one ``today`` falls in) of the facility's
    allowance for parcels of ``kind``; None when the facility sets no limit per period."""
    if not facility:
        return None
    check = check_limits({"person_id": person_id, "facility_id": facility.get("id"),
                          "kind": kind}, facility, [], None, None, has_parcel=False)
    if check.period_limit_g is None and check.count_limit is None:
        return None
    start, end = period_bounds(today, facility.get("parcel_limit_period"))
    others = queries.parcels_in_period(session.vault.records, person_id, str(facility["id"]),
                                       start.isoformat(), end.isoformat())
    return check_limits({"person_id": person_id, "facility_id": facility["id"], "kind": kind},
                        facility, others, start.isoformat(), end.isoformat(), has_parcel=False)


__all__ = ["facility_of", "parcel_check", "period_allowance"]
