"""Hearings and measure deadlines as an iCalendar file, on the court's own clock.

A hearing's local zone is its ``timezone`` field (the court's IANA zone, as the editor and
the case summary use it): the event is written with ``TZID=<zone>`` and a VTIMEZONE for it,
so a hearing at 10:00 in Yekaterinburg reads back as 10:00+05:00 in any calendar. A hearing
without a zone keeps its moment exactly, written in UTC (the calendar shows it in the
reader's own zone). A measure deadline (``case.measure_until`` of a case whose measure is
not "none") is an all-day event on that date. The file holds every case's hearings and
deadlines, or (``Scope``) one case's, or those of the cases that name one lawyer (a contact).

With ``initials`` the file names no one: defendants appear as initials, and only the kind of
hearing and the court are written - no case title, judge, case number or notes. Notes,
outcomes and who attends are never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar

from casefile.atomicfile import write_atomic
from casefile.domain.describe import choice_label
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.views.hearingtime import court_clock

PRODID = "-//casefile//casefile calendar//EN"


@dataclass
class CalendarReport:
    hearings: int = 0
    deadlines: int = 0
    utc_only: int = 0  # hearings with no court time zone, written in UTC
    without_time: int = 0  # hearings with no start time, left out

    def as_dict(self) -> dict[str, int]:
        return {"hearings": self.hearings, "deadlines": self.deadlines,
                "utc_only": self.utc_only, "without_time": self.without_time}


def initials(full_name: str) -> str:
    """'Кагарлицкий Борис Юльевич' -> 'К. Б. Ю.'."""
    return " ".join(f"{word[0].upper()}." for word in full_name.replace("-", " ").split()
                    if word[0].isalpha())


def hearing_start(hearing: dict[str, Any]) -> tuple[datetime, bool] | None:
    """The start on the court's clock (in UTC when the court's zone is not known), and
    whether the court's zone was known."""
    clock = court_clock(hearing)
    if clock is None:
        return None
    start, zoned = clock
    if zoned:
        return start, True
    try:
        return start.astimezone(UTC), False
    except OverflowError:
        return None


class _Names:
    """Defendants of each case, as names or initials, looked up once."""

    def __init__(self, session: Session, use_initials: bool) -> None:
        self.session = session
        self.use_initials = use_initials
        self.people = {p["id"]: p["full_name"] for p in session.list("person")}

    def of(self, case: dict[str, Any]) -> str:
        names = [self.people[pid] for pid in case.get("person_ids") or [] if pid in self.people]
        if self.use_initials:
            return ", ".join(initials(n) for n in names)
        return ", ".join(names) or str(case.get("title") or "")


def _event(uid: str, summary: str, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    return event


def _hearing_event(hearing: dict[str, Any], case: dict[str, Any], names: _Names,
                   start: datetime, stamp: datetime) -> icalendar.Event:
    kind = choice_label("hearing", "kind", hearing.get("kind")) if hearing.get("kind") \
        else _("Hearing")
    kind = kind[:1].upper() + kind[1:]  # the labels are lower case, as in a sentence
    who = names.of(case)
    event = _event(f"{hearing['id']}@casefile", f"{kind}: {who}" if who else kind, stamp)
    event.add("dtstart", start)
    court = hearing.get("court") or case.get("court")
    if names.use_initials:
        if court:
            event.add("location", court)
        return event
    place = ", ".join(str(x) for x in (court, hearing.get("courtroom")) if x)
    if place:
        event.add("location", place)
    lines = [str(case.get("title") or "")]
    if case.get("case_number"):
        lines.append(_("Case number: {0}").format(case["case_number"]))
    judge = hearing.get("judge") or case.get("judge")
    if judge:
        lines.append(_("Judge: {0}").format(judge))
    event.add("description", "\n".join(x for x in lines if x))
    return event


def _deadline_event(case: dict[str, Any], names: _Names, stamp: datetime) -> icalendar.Event:
    measure = choice_label("case", "measure", case.get("measure"))
    who = names.of(case)
    summary = _("Measure runs out: {0}").format(measure) + (f" — {who}" if who else "")
    event = _event(f"measure-{case['id']}@casefile", summary, stamp)
    event.add("dtstart", date.fromisoformat(case["measure_until"]))
    if case.get("court"):
        event.add("location", case["court"])
    if not names.use_initials:
        event.add("description", str(case.get("title") or ""))
    return event


def lawyer_cases(session: Session, lawyer_id: str) -> list[dict[str, Any]]:
    """The cases that name the contact ``lawyer_id`` among their lawyers."""
    return [c for c in session.list("case") if lawyer_id in (c.get("lawyer_ids") or [])]


def lawyers(session: Session) -> list[dict[str, Any]]:
    """The contacts who are a lawyer on at least one case, in the contacts' order."""
    named = {i for c in session.list("case") for i in c.get("lawyer_ids") or []}
    return [c for c in session.list("contact") if c["id"] in named]


@dataclass(frozen=True)
class Scope:
    """Which hearings and deadlines: every case's (both None), one case's, or those of the
    cases one lawyer (a contact) is on."""

    case_id: str | None = None
    lawyer_id: str | None = None

    def cases(self, session: Session) -> list[dict[str, Any]]:
        if self.case_id:
            return [session.get("case", self.case_id)]  # NotFoundError names a wrong id
        if self.lawyer_id:
            session.get("contact", self.lawyer_id)
            return lawyer_cases(session, self.lawyer_id)
        return session.list("case")

    def hearings(self, session: Session, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not (self.case_id or self.lawyer_id):
            return session.list("hearing", order="starts_at", descending=False)
        return [h for c in cases for h in session.list(
            "hearing", {"case_id": c["id"]}, order="starts_at", descending=False)]

    def name(self, session: Session, use_initials: bool) -> str:
        """The calendar's name: whose hearings, unless the file is to name no one."""
        whole = _("Hearings and deadlines")
        if use_initials or not (self.case_id or self.lawyer_id):
            return whole
        if self.case_id:
            return f"{whole}: {session.get('case', self.case_id).get('title') or ''}"
        return f"{whole}: {session.get('contact', str(self.lawyer_id))['full_name']}"


def build_calendar(session: Session, *, use_initials: bool = False,
                   now: datetime | None = None,
                   scope: Scope | None = None) -> tuple[bytes, CalendarReport]:
    """The iCalendar file of ``scope`` (every case when None), and what it holds."""
    scope = scope or Scope()
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", scope.name(session, use_initials))
    names = _Names(session, use_initials)
    cases = {c["id"]: c for c in scope.cases(session)}
    report = CalendarReport()
    starts: list[date] = []
    for hearing in scope.hearings(session, list(cases.values())):
        start = hearing_start(hearing)
        if start is None:
            report.without_time += 1
            continue
        case = cases.get(hearing.get("case_id") or "", {})
        cal.add_component(_hearing_event(hearing, case, names, start[0], stamp))
        starts.append(start[0].date())
        report.hearings += 1
        report.utc_only += not start[1]
    for case in sorted(cases.values(), key=lambda c: str(c.get("measure_until") or "")):
        if case.get("measure_until") and case.get("measure") not in (None, "", "none"):
            cal.add_component(_deadline_event(case, names, stamp))
            report.deadlines += 1
    if starts:
        # One VTIMEZONE per zone used, from the tz database, beginning just before the first
        # hearing: a zone's history since 1970 (several STANDARD blocks with RDATEs) is read
        # wrongly by parsers that follow the VTIMEZONE rather than the zone's name (vobject
        # gives Yekaterinburg +06:00 in 2026), while Russia's zones have had one offset each
        # since October 2014, which makes a one-block VTIMEZONE for recent hearings.
        cal.add_missing_timezones(
            first_date=max(min(starts), date(1970, 1, 2)) - timedelta(days=1))
    return cal.to_ical(), report


def write_calendar(session: Session, target: Path, *, use_initials: bool = False,
                   scope: Scope | None = None) -> CalendarReport:
    """Write the calendar of ``scope`` (every case when None) to ``target``."""
    data, report = build_calendar(session, use_initials=use_initials, scope=scope)
    write_atomic(Path(target), data)
    return report
