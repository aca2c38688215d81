"""The demo's records, made from its data file for a given day.

Pure: no storage, no Qt. ``demo_records`` is deterministic for a given (today, seed): ids are
UUIDv5 over readable keys, randomness comes from one ``random.Random(seed)``, drawn in the
order the sections are built.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from casefile.services.demo.data import (
    CaseRow,
    ContactRow,
    Demo,
    EventRow,
    FacilityRow,
    HearingRow,
    PersonRow,
    Record,
    TaskRow,
    demo_data,
    demo_id,
)
from casefile.services.demo.letters import letters
from casefile.services.demo.money import payments
from casefile.services.demo.parcels import parcels


def _facility(demo: Demo, row: FacilityRow, today: date, rng: random.Random) -> Record:
    data: dict[str, Any] = {
        "id": demo_id(f"facility:{row.key}"),
        "name": row.name,
        "kind": row.kind,
        "region": row.region,
        "address": row.address,
        "postal_code": row.postal_code,
        "timezone": row.timezone,
        "not_accepted": [*demo.not_accepted, *row.extra_refused],
        "rules_checked_on": (today - timedelta(days=rng.randint(20, 200))).isoformat(),
        "notes": demo.facility_notes,
    }
    if row.kind == "sizo":
        # 30 kg a month under the 2005 rules; the number of hand-overs is not limited.
        data.update(parcel_limit_kg=30, parcel_limit_period="month")
    else:
        # General regime, ordinary conditions: 20 kg a parcel, 6 parcels a year.
        data.update(parcel_limit_kg=20, parcel_limit_period="year", parcels_per_period=6)
    return "facility", data


def _contact(row: ContactRow) -> Record:
    data: dict[str, Any] = {"id": demo_id(f"contact:{row.key}"), "full_name": row.full_name,
                            "role": row.role}
    for name in ("organization", "phone", "email", "notes"):
        value = getattr(row, name)
        if value:
            data[name] = value
    return "contact", data


def _person(row: PersonRow, today: date) -> Record:
    data: dict[str, Any] = {
        "id": demo_id(f"person:{row.key}"),
        "full_name": row.full_name,
        "latin_name": row.latin_name,
        "birth_year": row.birth_year,
        "status": row.status,
    }
    if row.birth_date:
        data["birth_date"] = row.birth_date
    if row.facility:
        data["facility_id"] = demo_id(f"facility:{row.facility}")
    if row.checked_days_ago is not None:
        data["location_checked_on"] = (today - timedelta(days=row.checked_days_ago)).isoformat()
    if row.needs:
        data["needs"] = row.needs
    if row.notes:
        data["notes"] = row.notes
    return "person", data


def _case(demo: Demo, row: CaseRow, today: date) -> Record:
    data: dict[str, Any] = {
        "id": demo_id(f"case:{row.key}"),
        "title": row.title,
        "case_number": row.case_number,
        "articles": list(row.articles),
        "stage": row.stage,
        "investigating_body": row.investigating_body,
        "court": demo.courts[row.court].name,
        "judge": row.judge,
        "person_ids": [demo_id(f"person:{p}") for p in row.people],
        "lawyer_ids": [demo_id(f"contact:{c}") for c in row.lawyers],
        "measure": row.measure,
    }
    if row.measure_in_days is not None:
        data["measure_until"] = (today + timedelta(days=row.measure_in_days)).isoformat()
    if row.sentence:
        data["sentence"] = row.sentence
    if row.notes:
        data["notes"] = row.notes
    return "case", data


def _hearing(demo: Demo, row: HearingRow, index: int, today: date,
             rng: random.Random) -> Record:
    case = demo.case(row.case)
    court, tz = demo.courts[row.court or case.court]
    hour, minute = (int(x) for x in row.at.split(":"))
    local = datetime.combine(today + timedelta(days=row.days), time(hour, minute),
                             tzinfo=ZoneInfo(tz))
    data: dict[str, Any] = {
        "id": demo_id(f"hearing:{row.case}:{index:02d}"),
        "case_id": demo_id(f"case:{row.case}"),
        "starts_at": local.isoformat(timespec="minutes"),
        "timezone": tz,
        "court": court,
        "courtroom": row.courtroom,
        "judge": row.judge or case.judge,
        "kind": row.kind,
        "attendees": rng.choice(demo.attendees),
    }
    if row.days < 0:
        data["outcome"] = row.outcome or rng.choice(demo.hearing_outcomes)
    elif row.days <= 14:
        data["notes"] = demo.upcoming_note
    return "hearing", data


def _event(index: int, row: EventRow, today: date) -> Record:
    data: dict[str, Any] = {
        "id": demo_id(f"event:{row.case}:{index:03d}"),
        "on": (today + timedelta(days=row.days)).isoformat(),
        "kind": row.kind,
        "description": row.description,
        "case_id": demo_id(f"case:{row.case}"),
    }
    if row.person:
        data["person_id"] = demo_id(f"person:{row.person}")
    return "event", data


def _task(row: TaskRow, today: date) -> Record:
    data: dict[str, Any] = {
        "id": demo_id(f"task:{row.key}"),
        "title": row.title,
        "due_on": (today + timedelta(days=row.days)).isoformat(),
        "done": row.done,
    }
    if row.person:
        data["person_id"] = demo_id(f"person:{row.person}")
    if row.case:
        data["case_id"] = demo_id(f"case:{row.case}")
    return "task", data


Builder = Callable[[Demo, date, random.Random], list[Record]]


def _sections() -> tuple[Builder, ...]:
    return (
        lambda demo, today, rng: [_facility(demo, f, today, rng) for f in demo.facilities],
        lambda demo, today, rng: [_contact(c) for c in demo.contacts],
        lambda demo, today, rng: [_person(p, today) for p in demo.people],
        lambda demo, today, rng: [_case(demo, c, today) for c in demo.cases],
        lambda demo, today, rng: [_hearing(demo, h, n, today, rng)
                                  for n, h in enumerate(demo.hearings)],
        lambda demo, today, rng: [_event(n, e, today) for n, e in enumerate(demo.events)],
        letters,
        parcels,
        lambda demo, today, rng: [_task(t, today) for t in demo.tasks],
        payments,
    )


def demo_records(today: date, seed: int = 1) -> list[Record]:
    """Sample (record_type, data) pairs; every referenced record comes before its referrers.

    Each data dict carries a deterministic "id" and passes ``validate(record_type, data)``.
    The same (today, seed) always gives the same list.
    """
    demo = demo_data()
    rng = random.Random(seed)  # noqa: S311 - sample data, not security
    records: list[Record] = []
    for build in _sections():
        records.extend(build(demo, today, rng))
    return records
