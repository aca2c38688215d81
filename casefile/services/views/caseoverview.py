"""Everything a lawyer looks for on a case's page: its facts, defendants and lawyers, its
hearings to come and past, the day its measure runs out, and its documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from casefile.domain.describe import choice_label
from casefile.domain.errors import NotFoundError
from casefile.services.records.session import Session
from casefile.services.views.hearingtime import as_utc, court_day, when_text, your_time
from casefile.services.views.reminders import has_measure_deadline


@dataclass(frozen=True)
class HearingLine:
    hearing: dict[str, Any]
    when: str  # "12.01.2027 10:00, Екатеринбург (UTC+5)", on the court's clock
    yours: str  # "11:30 your time" when this computer's clock differs; else ""
    kind: str  # the hearing's kind, in words ("" when not given)
    days: int | None  # from today to its day on the court's calendar; None without a time


@dataclass
class CaseOverview:
    case: dict[str, Any]
    defendants: list[dict[str, Any]]
    lawyers: list[dict[str, Any]]
    upcoming: list[HearingLine]  # soonest first; hearings with no time last
    past: list[HearingLine]  # latest first
    measure: str  # the preventive measure in words, "" when none is recorded
    measure_until: date | None  # when a measure (other than none) runs out
    measure_days: int | None  # days from today to measure_until; negative: it ran out
    files: list[Any]  # the case's attachments (id, filename, size, media_type)


def _records(session: Session, record_type: str, ids: list[str] | None) -> list[dict[str, Any]]:
    found = []
    for record_id in ids or []:
        try:
            found.append(session.get(record_type, record_id))
        except NotFoundError:
            continue  # deleted since: the case still lists the id
    return found


def _line(hearing: dict[str, Any], here: datetime) -> HearingLine:
    kind = choice_label("hearing", "kind", hearing["kind"]) if hearing.get("kind") else ""
    on = court_day(hearing)
    return HearingLine(hearing, when_text(hearing), your_time(hearing, here), kind,
                       (on - here.date()).days if on else None)


def case_hearings(session: Session, case_id: str,
                  now: datetime) -> tuple[list[HearingLine], list[HearingLine]]:
    """(upcoming soonest first, past latest first); a hearing without a time is upcoming."""
    upcoming: list[tuple[datetime | None, HearingLine]] = []
    past: list[tuple[datetime, HearingLine]] = []
    for hearing in session.list("hearing", {"case_id": case_id}):
        moment = as_utc(hearing)
        line = _line(hearing, now)
        if moment is not None and moment < now:
            past.append((moment, line))
        else:
            upcoming.append((moment, line))
    upcoming.sort(key=lambda x: (x[0] is None, x[0] or now))
    past.sort(key=lambda x: x[0], reverse=True)
    return [line for _m, line in upcoming], [line for _m, line in past]


def case_overview(session: Session, case_id: str,
                  now: datetime | None = None) -> CaseOverview:
    """The case page's content; ``now`` is this computer's time (for tests)."""
    now = now or datetime.now().astimezone()
    now = now if now.tzinfo else now.astimezone()
    case = session.get("case", case_id)
    upcoming, past = case_hearings(session, case_id, now)
    until = date.fromisoformat(case["measure_until"]) if has_measure_deadline(case) else None
    measure = choice_label("case", "measure", case["measure"]) if case.get("measure") else ""
    return CaseOverview(
        case, _records(session, "person", case.get("person_ids")),
        _records(session, "contact", case.get("lawyer_ids")), upcoming, past, measure, until,
        (until - now.date()).days if until else None, list(session.attachments(case_id)))
