"""What is coming up: hearings and measure deadlines within N days, for reminders.

One list, ``due_items``, serves the dashboard's "Coming up" lines and the tray's notification;
``due_summary`` words it for the tray without a name in it (a notification can show on a
locked screen or a shared one), and ``days_words`` says "tomorrow", "in 3 days" wherever a
distance in days is shown (the case page's measure deadline too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from casefile.domain.describe import choice_label
from casefile.i18n import _, format_date, ngettext
from casefile.services.records.session import Session
from casefile.services.views.hearingtime import as_utc, court_day, when_text
from casefile.vault import queries

DEFAULT_REMIND_DAYS = 3
MAX_REMIND_DAYS = 60
NO_MEASURE = (None, "", "none")


@dataclass(frozen=True)
class DueItem:
    """A hearing or a case's measure deadline ``days`` days from today (0: today)."""

    kind: str  # "hearing" or "measure"
    on: date  # the hearing's day on the court's calendar, or the day the measure runs out
    days: int
    record: dict[str, Any]  # the hearing, or the case whose measure runs out
    case: dict[str, Any]
    when: str  # the hearing's date, time and zone; the deadline's date

    @property
    def target(self) -> tuple[str, str]:
        """The record a click opens: (type, id)."""
        return str(self.record["type"]), str(self.record["id"])


def days_words(days: int) -> str:
    """"today", "tomorrow", "in 3 days", "yesterday", "3 days ago"."""
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("yesterday")
    if days > 0:
        return ngettext("in {0} day", "in {0} days", days).format(days)
    return ngettext("{0} day ago", "{0} days ago", -days).format(-days)


def has_measure_deadline(case: dict[str, Any]) -> bool:
    return bool(case.get("measure_until")) and case.get("measure") not in NO_MEASURE


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _now(now: datetime | None) -> datetime:
    now = now or datetime.now().astimezone()
    return now if now.tzinfo else now.astimezone()


def _hearings(session: Session, now: datetime, last: date) -> list[DueItem]:
    store = session.vault.records
    today = now.date()
    # A day either side: a court's calendar day can begin before this computer's or end after.
    first = datetime.combine(today - timedelta(days=1), time(0), UTC)
    end = datetime.combine(last + timedelta(days=2), time(0), UTC)
    items = []
    cases: dict[str, dict[str, Any]] = {}
    for hearing_id in queries.hearings_between(store, _utc(first), _utc(end)):
        hearing = session.get("hearing", hearing_id)
        on, moment = court_day(hearing), as_utc(hearing)
        if on is None or moment is None or not today <= on <= last or moment < now:
            continue  # outside the days, or already begun
        case_id = str(hearing.get("case_id") or "")
        if case_id not in cases:
            cases[case_id] = session.get("case", case_id)
        items.append(DueItem("hearing", on, (on - today).days, hearing, cases[case_id],
                             when_text(hearing)))
    return items


def due_items(session: Session, days: int = DEFAULT_REMIND_DAYS,
              now: datetime | None = None) -> list[DueItem]:
    """Hearings not yet begun whose day (on the court's calendar) is from today to ``days``
    days ahead, and measures that run out in those days, by day (deadlines before hearings
    on the same day, hearings by time). ``now`` is this computer's time (for tests)."""
    now = _now(now)
    today = now.date()
    last = today + timedelta(days=max(0, days))
    items = _hearings(session, now, last)
    store = session.vault.records
    for case_id in queries.measures_ending(store, today.isoformat(), last.isoformat()):
        case = session.get("case", case_id)
        on = date.fromisoformat(case["measure_until"])
        items.append(DueItem("measure", on, (on - today).days, case, case, format_date(
            case["measure_until"])))
    return sorted(items, key=lambda x: (x.on, x.kind != "measure",
                                        _utc(_moment_of(x, now)), x.record["id"]))


def _moment_of(item: DueItem, now: datetime) -> datetime:
    return (as_utc(item.record) if item.kind == "hearing" else None) or now


def measure_words(item: DueItem) -> str:
    """"detention runs out on 30.11.2026"."""
    return _("{0} runs out on {1}").format(
        choice_label("case", "measure", item.case["measure"]), item.when)


def due_summary(items: list[DueItem], days: int) -> str:
    """"2 hearings and 1 measure deadline in the next 3 days": counts only, no names, no
    case titles, no courts; "" when nothing is due."""
    hearings = sum(item.kind == "hearing" for item in items)
    measures = len(items) - hearings
    parts = []
    if hearings:
        parts.append(ngettext("{0} hearing", "{0} hearings", hearings).format(hearings))
    if measures:
        parts.append(ngettext("{0} measure deadline", "{0} measure deadlines",
                              measures).format(measures))
    if not parts:
        return ""
    what = _("{0} and {1}").format(*parts) if len(parts) == 2 else parts[0]
    if days <= 0:
        return _("{0} today").format(what)
    if days == 1:
        return _("{0} today or tomorrow").format(what)
    return ngettext("{0} in the next {1} day", "{0} in the next {1} days", days).format(
        what, days)
