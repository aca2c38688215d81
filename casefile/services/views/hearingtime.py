"""A hearing's time on the court's own clock, and the words the window shows for it.

A hearing's ``starts_at`` is an ISO moment; its ``timezone`` is the court's IANA zone. The
court's clock is that zone when the hearing has one (a time stored without an offset is a
wall time there), else the offset the moment was stored with. The window's case page and
reminders, and the iCalendar export, read it from here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casefile.domain.zones import zone_label, zone_name
from casefile.i18n import _, format_date, format_moment


def _zone(name: object) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def court_clock(hearing: dict[str, Any]) -> tuple[datetime, bool] | None:
    """The start on the court's clock, and whether the court's zone was known; None for a
    hearing without a (readable) time."""
    try:
        moment = datetime.fromisoformat(str(hearing.get("starts_at") or ""))
    except ValueError:
        return None
    zone = _zone(hearing.get("timezone"))
    if zone is None:
        # Without an offset: validation never stores this; a hand-made record may hold it.
        return (moment, False) if moment.tzinfo is not None else None
    try:
        return (moment.replace(tzinfo=zone) if moment.tzinfo is None
                else moment.astimezone(zone)), True
    except OverflowError:  # year 1 or 9999, stored before validation bounded years
        return None


def court_day(hearing: dict[str, Any]) -> date | None:
    """The hearing's date on the court's calendar."""
    clock = court_clock(hearing)
    return clock[0].date() if clock else None


def as_utc(hearing: dict[str, Any]) -> datetime | None:
    clock = court_clock(hearing)
    try:
        return clock[0].astimezone(UTC) if clock else None
    except OverflowError:
        return None


def when_text(hearing: dict[str, Any], *, offset: bool = True) -> str:
    """"12.01.2027 10:00, Екатеринбург (UTC+5)": the court's date and time and its zone as
    the zone picker names it ("12.01.2027 10:00, Екатеринбург" without ``offset``, for a list's
    narrow column); without a zone, the time with the offset it was stored with."""
    clock = court_clock(hearing)
    if clock is None:
        return str(hearing.get("starts_at") or "") or _("no time set")
    local, zoned = clock
    if not zoned:
        return format_moment(local.isoformat())
    shown = f"{format_date(local.date().isoformat())} {local:%H:%M}"
    zone = str(hearing["timezone"])
    return f"{shown}, {zone_label(zone, local) if offset else zone_name(zone)}"


def your_time(hearing: dict[str, Any], here: datetime | None = None) -> str:
    """"11:30 your time" when this computer's clock differs from the court's that day
    (``here``: a moment in this computer's zone, for tests); "" when they agree."""
    clock = court_clock(hearing)
    if clock is None:
        return ""
    local = clock[0]
    mine = local.astimezone(here.tzinfo) if here is not None and here.tzinfo else \
        local.astimezone()
    if mine.utcoffset() == local.utcoffset():
        return ""
    if mine.date() != local.date():
        return _("{0} your time").format(f"{format_date(mine.date().isoformat())} "
                                         f"{mine:%H:%M}")
    return _("{0} your time").format(f"{mine:%H:%M}")
