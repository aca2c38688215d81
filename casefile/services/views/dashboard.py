"""What needs doing this week, and everything about one person: read models for the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from casefile.domain.allowance import LimitCheck, period_bounds
from casefile.services.records.session import Session
from casefile.services.views.allowance import period_allowance
from casefile.vault import queries

HEARING_DAYS = 14
MEASURE_DAYS = 30
PARCEL_DAYS = 14
UNANSWERED_DAYS = 30

__all__ = ["PersonOverview", "Week", "days_unanswered", "hearings_this_week", "period_bounds",
           "person_overview", "week"]


@dataclass
class Week:
    hearings: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    parcels: list[dict[str, Any]] = field(default_factory=list)
    unanswered: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)


def _utc(day: date) -> str:
    return datetime.combine(day, time(0), UTC).strftime("%Y-%m-%d %H:%M:%S")


def week(session: Session, today: date) -> Week:
    store = session.vault.records

    def load(record_type: str, ids: list[str]) -> list[dict[str, Any]]:
        return [store.get(record_type, i) for i in ids]

    return Week(
        hearings=load("hearing", queries.hearings_between(
            store, _utc(today), _utc(today + timedelta(days=HEARING_DAYS + 1)))),
        measures=load("case", queries.measures_ending(
            store, today.isoformat(), (today + timedelta(days=MEASURE_DAYS)).isoformat())),
        parcels=load("parcel", queries.parcels_planned(
            store, today.isoformat(), (today + timedelta(days=PARCEL_DAYS)).isoformat())),
        unanswered=load("letter", queries.unanswered_letters(
            store, (today - timedelta(days=UNANSWERED_DAYS)).isoformat())),
        tasks=load("task", queries.open_tasks(store, (today + timedelta(days=7)).isoformat())),
    )


def hearings_this_week(session: Session, today: date) -> int:
    """How many hearings are in the seven days from ``today`` (the sidebar's count)."""
    return len(queries.hearings_between(session.vault.records, _utc(today),
                                        _utc(today + timedelta(days=7))))


def days_unanswered(letter: dict[str, Any], today: date) -> int:
    return (today - date.fromisoformat(letter["sent_on"])).days


@dataclass
class PersonOverview:
    person: dict[str, Any]
    facility: dict[str, Any] | None
    cases: list[dict[str, Any]]
    hearings: list[dict[str, Any]]
    letters: list[dict[str, Any]]
    unanswered_days: int | None
    parcels: list[dict[str, Any]]
    allowance: LimitCheck | None  # what is used this period of the facility's parcel limits
    payments_in: str
    payments_out: str
    files: list[Any]


def person_overview(session: Session, person_id: str, today: date) -> PersonOverview:
    from decimal import Decimal  # noqa: PLC0415

    store = session.vault.records
    person = session.get("person", person_id)
    facility = session.get("facility", person["facility_id"]) if person["facility_id"] else None
    cases = [session.get("case", i) for i in queries.cases_of_person(store, person_id)]
    now_utc = _utc(today)
    hearings = [h for c in cases for h in session.list("hearing", {"case_id": c["id"]},
                                                       order="starts_at", descending=False)
                if datetime.fromisoformat(h["starts_at"]).astimezone(UTC).strftime(
                    "%Y-%m-%d %H:%M:%S") >= now_utc] if cases else []
    letters = session.list("letter", {"person_id": person_id}, limit=50)
    open_letters = queries.unanswered_letters(
        store, (today - timedelta(days=UNANSWERED_DAYS)).isoformat(), person_id)
    unanswered = days_unanswered(session.get("letter", open_letters[0]), today) \
        if open_letters else None
    parcels = session.list("parcel", {"person_id": person_id}, limit=20)
    allowance = period_allowance(session, person_id, facility, today)
    money = session.list("payment", {"person_id": person_id})
    total_in = sum((Decimal(p["amount"]) for p in money if p["direction"] == "in"), Decimal(0))
    total_out = sum((Decimal(p["amount"]) for p in money if p["direction"] == "out"), Decimal(0))
    return PersonOverview(person, facility, cases, hearings, letters, unanswered, parcels,
                          allowance, format(total_in, "f"), format(total_out, "f"),
                          session.attachments(person_id))
