"""What a facility's parcel limits mean, and how much of them a parcel uses.

One computation for every place that shows a limit: the parcel editor, the dashboard, a
person's page and the опись. The limits are the facility's own figures (marked "check with
the facility"), read from its three fields:

- with ``parcels_per_period`` (a colony: 20 kg a parcel, 6 parcels a year)
  ``parcel_limit_kg`` is the weight of each parcel, and parcels are counted in the period —
  small parcels (бандероли) separately from parcels and hand-overs, as the code does
  (Criminal Executive Code, art. 90);
- without it but with ``parcel_limit_period`` (a pre-trial centre: 30 kg a month)
  ``parcel_limit_kg`` is the total weight of everything handed over in the period;
- with neither, ``parcel_limit_kg`` is the weight of each parcel.

A small parcel weighs at most 5 kg in any case. The period is the calendar month or year of
the parcel's planned date (of today, for what is used now); the parcels counted are the same
person's at the same facility, planned in that period, not refused or returned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from casefile.i18n import _, format_date, format_number, ngettext

SMALL_PARCEL_LIMIT_G = 5000
NOT_COUNTED = ("refused", "returned")


def item_weight(item: Mapping[str, Any]) -> int:
    return int(item.get("quantity") or 0) * int(item.get("unit_weight_g") or 0)


def parcel_weight(parcel: Mapping[str, Any]) -> int:
    stored = parcel.get("total_weight_g")
    if isinstance(stored, int):
        return stored
    return sum(item_weight(i) for i in parcel.get("items") or [])


def period_bounds(day: date, period: str | None) -> tuple[date, date]:
    """The parcel-limit period ``day`` falls in: its calendar month, or its calendar year."""
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    first = day.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    return first, next_month - timedelta(days=1)


@dataclass(frozen=True)
class LimitCheck:
    """A parcel (or, with ``has_parcel`` false, just the period so far) against the limits."""

    weight_g: int  # this parcel's weight (0 without a parcel)
    per_parcel_limit_g: int | None = None
    period: str | None = None  # "month" or "year"
    period_start: str | None = None
    period_end: str | None = None
    period_limit_g: int | None = None  # total weight allowed in the period
    count_limit: int | None = None  # parcels allowed in the period
    others_weight_g: int = 0
    others_count: int = 0  # counted against count_limit
    counted: tuple[str, ...] = field(default=())  # ids of the other parcels counted
    has_parcel: bool = True
    kind: str = "parcel"  # what count_limit counts: small parcels apart from the rest

    @property
    def limited(self) -> bool:
        return self.per_parcel_limit_g is not None or self.period_limit_g is not None \
            or self.count_limit is not None

    @property
    def over_per_parcel(self) -> bool:
        return self.per_parcel_limit_g is not None and self.weight_g > self.per_parcel_limit_g

    @property
    def period_weight_g(self) -> int:
        """Everything counted in the period, this parcel included."""
        return self.others_weight_g + self.weight_g

    @property
    def period_count(self) -> int:
        """Parcels counted in the period, this one included: this parcel's number."""
        return self.others_count + (1 if self.has_parcel else 0)

    @property
    def over_period_weight(self) -> bool:
        return self.period_limit_g is not None and self.period_weight_g > self.period_limit_g

    @property
    def over_period_count(self) -> bool:
        return self.count_limit is not None and self.period_count > self.count_limit

    @property
    def over(self) -> bool:
        return self.over_per_parcel or self.over_period_weight or self.over_period_count

    @property
    def fraction(self) -> float:
        """How much of the period's allowance is used (more than 1 when over); 0 without one."""
        if self.count_limit:
            return self.period_count / self.count_limit
        if self.period_limit_g:
            return self.period_weight_g / self.period_limit_g
        return 0.0


def _in_period(other: Mapping[str, Any], start: str | None, end: str | None) -> bool:
    day = other.get("planned_on")
    if start is None or end is None:
        return False
    return bool(day) and start <= str(day) <= end


def check_limits(parcel: Mapping[str, Any], facility: Mapping[str, Any] | None,
                 others: Sequence[Mapping[str, Any]], period_start: str | None,
                 period_end: str | None, *, has_parcel: bool = True) -> LimitCheck:
    """The parcel against its facility's limits, counting the other parcels in the period.

    ``parcel``: a saved or unsaved parcel (``person_id``, ``facility_id``, ``kind``, ``items``
    or ``total_weight_g``); with ``has_parcel`` false only its person, facility and kind
    matter, and the check is of the period so far. ``others``: the person's parcels at this
    facility (this one and any outside the period or refused are left out here);
    ``period_start``/``period_end``: ISO dates.
    """
    weight = parcel_weight(parcel) if has_parcel else 0
    small = parcel.get("kind") == "small_parcel"
    facility = facility or {}
    limit_kg = facility.get("parcel_limit_kg")
    limit_g = round(float(limit_kg) * 1000) if limit_kg else None
    period = facility.get("parcel_limit_period") or None
    per_period = facility.get("parcels_per_period")
    counted = [o for o in others
               if o.get("id") != parcel.get("id")
               and o.get("status") not in NOT_COUNTED
               and o.get("person_id") == parcel.get("person_id")
               and o.get("facility_id") == parcel.get("facility_id")
               and _in_period(o, period_start, period_end)]
    per_parcel: int | None = None
    period_limit: int | None = None
    count_limit: int | None = None
    if per_period and period:
        per_parcel = limit_g
        count_limit = int(per_period)
        counted = [o for o in counted if (o.get("kind") == "small_parcel") == small]
    elif period and limit_g:
        period_limit = limit_g
    else:
        per_parcel = limit_g
        counted = []
    if small:
        per_parcel = min(per_parcel or SMALL_PARCEL_LIMIT_G, SMALL_PARCEL_LIMIT_G)
    if not period:
        period_start = period_end = None
    return LimitCheck(
        weight_g=weight, per_parcel_limit_g=per_parcel, period=period,
        period_start=period_start, period_end=period_end, period_limit_g=period_limit,
        count_limit=count_limit, others_weight_g=sum(parcel_weight(o) for o in counted),
        others_count=len(counted), counted=tuple(str(o.get("id")) for o in counted),
        has_parcel=has_parcel, kind="small_parcel" if small else "parcel")


# -- words ---------------------------------------------------------------------------------------

def kg(grams: float) -> str:
    """Grams as kilograms in the chosen language, at most two decimals: 3560 → '3,56' /
    '3.56', 1234 → '1,23'."""
    return format_number(round(grams / 1000, 2))


def period_words(check: LimitCheck) -> str:
    span = f"{format_date(check.period_start)} – {format_date(check.period_end)}"
    if check.period == "year":
        return _("This year ({0})").format(span)
    return _("This month ({0})").format(span)


def allowance_lines(check: LimitCheck) -> list[tuple[bool, str]]:
    """(is a warning, text): the parcel against each limit the facility sets, or nothing.

    The parcel editor shows these lines and the опись prints them.
    """
    lines: list[tuple[bool, str]] = []
    if check.per_parcel_limit_g is not None:
        if check.over_per_parcel:
            lines.append((True, _("WARNING: this parcel weighs {0} kg, over the limit of {1} kg "
                                  "per parcel.").format(kg(check.weight_g),
                                                        kg(check.per_parcel_limit_g))))
        else:
            lines.append((False, _("Limit per parcel: {0} kg; this parcel: {1} kg.").format(
                kg(check.per_parcel_limit_g), kg(check.weight_g))))
    if check.period_limit_g is not None:
        values = (period_words(check), kg(check.others_weight_g), kg(check.weight_g),
                  kg(check.period_weight_g), kg(check.period_limit_g))
        if check.over_period_weight:
            lines.append((True, _("WARNING: {0}: other parcels {1} kg + this one {2} kg = {3} kg, "
                                  "over the allowance of {4} kg.").format(*values)))
        else:
            lines.append((False, _("{0}: other parcels {1} kg + this one {2} kg = {3} kg of "
                                   "{4} kg allowed.").format(*values)))
    if check.count_limit is not None:
        values2 = (period_words(check), str(check.others_count), str(check.period_count),
                   str(check.count_limit))
        if check.over_period_count:
            lines.append((True, _("WARNING: {0}: other parcels: {1}, so this one would be "
                                  "number {2}; the facility allows {3}.").format(*values2)))
        else:
            lines.append((False, _("{0}: other parcels: {1}; this one is number {2} of {3} "
                                   "allowed.").format(*values2)))
    return lines


def allowance_summary(check: LimitCheck) -> str:
    """What is used of the period's allowance, short: '5 of 6 parcels', '24 of 30 kg'.

    The dashboard's bars and a person's page show it; empty when the facility sets no limit
    per period.
    """
    if check.count_limit is not None:
        if check.kind == "small_parcel":
            return ngettext("{0} of {1} small parcel", "{0} of {1} small parcels",
                            check.count_limit).format(check.period_count, check.count_limit)
        return ngettext("{0} of {1} parcel", "{0} of {1} parcels",
                        check.count_limit).format(check.period_count, check.count_limit)
    if check.period_limit_g is not None:
        return _("{0} of {1} kg").format(kg(check.period_weight_g), kg(check.period_limit_g))
    return ""


__all__ = ["LimitCheck", "allowance_lines", "allowance_summary", "check_limits",
           "parcel_weight", "period_bounds", "period_words"]
