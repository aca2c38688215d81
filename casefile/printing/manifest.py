"""The parcel manifest (опись): numbered items, weights, the facility's limits, signatures.

The limits are the facility's own figures (marked "check with the facility"):

- a facility with ``parcels_per_period`` (a colony: 20 kg a parcel, 6 parcels a year) limits
  each parcel's weight to ``parcel_limit_kg`` and counts parcels in the period — small
  parcels (бандероли) separately from parcels and hand-overs, as the code does;
- a facility without it but with ``parcel_limit_period`` (a pre-trial centre: 30 kg a month)
  limits the total weight of everything handed over in the period;
- a facility with neither limits each parcel to ``parcel_limit_kg``.

A small parcel weighs at most 5 kg in any case (Criminal Executive Code, art. 90). The period
is the calendar month or year of the parcel's planned date; the other parcels counted are the
same person's at the same facility, planned in that period, not refused or returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from casefile.i18n import _, format_date
from casefile.printing.fonts import BOLD
from casefile.printing.layout import (
    BLANK,
    CELL_PADDING,
    FLAG,
    MM,
    Plain,
    address_line,
    choice,
    facts,
    fits_one_line,
    grams,
    kg,
    label,
    markup,
    para,
    person_line,
    render,
    rich,
    styles,
    table,
    widths,
)

SMALL_PARCEL_LIMIT_G = 5000
NOT_COUNTED = ("refused", "returned")


def item_weight(item: dict[str, Any]) -> int:
    return int(item.get("quantity") or 0) * int(item.get("unit_weight_g") or 0)


def parcel_weight(parcel: dict[str, Any]) -> int:
    stored = parcel.get("total_weight_g")
    if isinstance(stored, int):
        return stored
    return sum(item_weight(i) for i in parcel.get("items") or [])


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def not_accepted(name: str, rules: Iterable[str]) -> list[str]:
    """The facility's "not accepted" entries an item's name matches (substring either way)."""
    item = _norm(name)
    found = []
    for rule in rules:
        ref = _norm(str(rule))
        if ref and item and (ref in item or item in ref):
            found.append(str(rule))
    return found


@dataclass(frozen=True)
class LimitCheck:
    weight_g: int
    per_parcel_limit_g: int | None = None
    period: str | None = None  # "month" or "year"
    period_start: str | None = None
    period_end: str | None = None
    period_limit_g: int | None = None  # total weight allowed in the period
    count_limit: int | None = None  # parcels allowed in the period
    others_weight_g: int = 0
    others_count: int = 0  # counted against count_limit
    counted: tuple[str, ...] = field(default=())  # ids of the other parcels counted

    @property
    def over_per_parcel(self) -> bool:
        return self.per_parcel_limit_g is not None and self.weight_g > self.per_parcel_limit_g

    @property
    def period_weight_g(self) -> int:
        return self.others_weight_g + self.weight_g

    @property
    def over_period_weight(self) -> bool:
        return self.period_limit_g is not None and self.period_weight_g > self.period_limit_g

    @property
    def over_period_count(self) -> bool:
        return self.count_limit is not None and self.others_count + 1 > self.count_limit

    @property
    def over(self) -> bool:
        return self.over_per_parcel or self.over_period_weight or self.over_period_count


def _in_period(other: dict[str, Any], start: str | None, end: str | None) -> bool:
    day = other.get("planned_on")
    if start is None or end is None:
        return False
    return bool(day) and start <= str(day) <= end


def check_limits(parcel: dict[str, Any], facility: dict[str, Any] | None,
                 others: Sequence[dict[str, Any]], period_start: str | None,
                 period_end: str | None) -> LimitCheck:
    """The parcel against its facility's limits, counting the other parcels in the period.

    ``others``: the person's parcels at this facility (this one and any outside the period
    or refused are left out here); ``period_start``/``period_end``: ISO dates.
    """
    weight = parcel_weight(parcel)
    small = parcel.get("kind") == "small_parcel"
    facility = facility or {}
    limit_kg = facility.get("parcel_limit_kg")
    limit_g = round(float(limit_kg) * 1000) if limit_kg else None
    period = facility.get("parcel_limit_period") or None
    per_period = facility.get("parcels_per_period")
    counted = [o for o in others
               if o.get("id") != parcel.get("id") and o.get("status") not in NOT_COUNTED
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
    elif period:
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
        others_count=len(counted), counted=tuple(str(o.get("id")) for o in counted))


# -- the document ------------------------------------------------------------------------------

def _period_words(check: LimitCheck) -> str:
    span = f"{format_date(check.period_start)} – {format_date(check.period_end)}"
    if check.period == "year":
        return _("This year ({0})").format(span)
    return _("This month ({0})").format(span)


def limit_lines(check: LimitCheck, facility: dict[str, Any] | None) -> list[tuple[bool, str]]:
    """(is a warning, text) lines under the items table."""
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
        values = (_period_words(check), kg(check.others_weight_g), kg(check.weight_g),
                  kg(check.period_weight_g), kg(check.period_limit_g))
        if check.over_period_weight:
            lines.append((True, _("WARNING: {0}: other parcels {1} kg + this one {2} kg = {3} kg, "
                                  "over the allowance of {4} kg.").format(*values)))
        else:
            lines.append((False, _("{0}: other parcels {1} kg + this one {2} kg = {3} kg of "
                                   "{4} kg allowed.").format(*values)))
    if check.count_limit is not None:
        values2 = (_period_words(check), str(check.others_count), str(check.others_count + 1),
                   str(check.count_limit))
        if check.over_period_count:
            lines.append((True, _("WARNING: {0}: other parcels: {1}, so this one would be "
                                  "number {2}; the facility allows {3}.").format(*values2)))
        else:
            lines.append((False, _("{0}: other parcels: {1}; this one is number {2} of {3} "
                                   "allowed.").format(*values2)))
    if not lines:
        lines.append((False, _("The facility's limits are not recorded.")))
    checked = (facility or {}).get("rules_checked_on")
    if checked:
        lines.append((False, _("Rules checked with the facility on {0}; check them again "
                               "before sending.").format(format_date(checked))))
    else:
        lines.append((False, _("Check the rules with the facility before sending.")))
    return lines


def _items_table(items: Sequence[dict[str, Any]], rules: Sequence[str]) -> tuple[Any, list[str]]:
    st = styles()
    header: list[object] = ["№", _("Item"), _("Quantity"), _("Weight of one, g"),
                            _("Weight, g")]
    rows: list[list[object]] = [header]
    extra: list[tuple[Any, ...]] = []
    flagged_rules: list[str] = []
    total_qty = 0
    col_widths = widths(10, None, 25, 27, 24)
    name_width = col_widths[1] - 2 * CELL_PADDING
    for n, item in enumerate(items, start=1):
        name = str(item.get("name") or "")
        hits = not_accepted(name, rules)
        qty = int(item.get("quantity") or 0)
        total_qty += qty
        if hits:
            flagged_rules.extend(h for h in hits if h not in flagged_rules)
            cell = rich(f'<font color="#bf0000"><b>{FLAG}</b></font> {markup(name)}', st.cell)
            extra.append(("BACKGROUND", (0, n), (-1, n), Color(1, 0.9, 0.9)))
        elif fits_one_line(name, name_width, st.cell):
            cell = Plain(name)  # most names: one line, no Paragraph needed
        else:
            cell = para(name, st.cell)
        # Numbers are Plain cells (one line, right-aligned by the table): much cheaper than
        # Paragraphs, which matters when a batch of manifests is printed.
        rows.append([Plain(n), cell, Plain(grams(qty)),
                     Plain(grams(int(item.get("unit_weight_g") or 0))),
                     Plain(grams(item_weight(item)))])
    total = sum(item_weight(i) for i in items)
    last = len(rows)
    rows.append([Plain(_("Total")), Plain(""), Plain(grams(total_qty)), Plain(""),
                 Plain(grams(total))])
    extra += [("SPAN", (0, last), (1, last)), ("FONTNAME", (0, last), (-1, last), BOLD),
              ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
              # Plain text sits on its baseline: a little lower, level with Paragraph cells.
              ("TOPPADDING", (0, 1), (-1, -1), 2.5)]
    return table(rows, col_widths, extra=extra), flagged_rules


def story(parcel: dict[str, Any], person: dict[str, Any], facility: dict[str, Any] | None,
          check: LimitCheck, *, sender: dict[str, Any], copy: int = 1,
          copies: int = 1) -> list[Flowable]:
    st = styles()
    facility = facility or {}
    flow: list[Flowable] = [para(_("Manifest of contents"), st.title)]
    if copies > 1:
        flow.append(para(_("Copy {0} of {1}").format(copy, copies), st.note))
    flow.append(facts([
        (_("Recipient"), person_line(person)),
        (label("parcel", "facility_id"), facility.get("name")),
        (label("facility", "address"),
         address_line(facility.get("postal_code"), facility.get("address"))),
        (label("parcel", "kind"), choice("parcel", "kind", parcel.get("kind"))),
        (label("parcel", "planned_on"), format_date(parcel.get("planned_on"))),
    ]))
    flow.append(Spacer(1, 4 * MM))
    items = list(parcel.get("items") or [])
    items_table, flagged = _items_table(items, list(facility.get("not_accepted") or []))
    flow.append(items_table)
    flow.append(Spacer(1, 2 * MM))
    flow.append(para(_("Total weight: {0} kg ({1} g); items: {2}.").format(
        kg(check.weight_g), grams(check.weight_g), grams(len(items))), st.body))
    if flagged:
        quoted = ", ".join(f"«{r}»" for r in flagged)
        flow.append(rich(f'<font color="#bf0000"><b>{FLAG}</b></font> ' + markup(
            _("The facility does not accept: {0}. Take these items out or check with the "
              "facility.").format(quoted)), st.warning))
    for warning, text in limit_lines(check, facility):
        flow.append(para(text, st.warning if warning else st.small))
    name = str(sender.get("name") or "").strip()
    signatures = facts([(_("Sender"), name or BLANK + BLANK), (_("Date"), BLANK),
                        (_("Signature"), BLANK)], label_mm=30)
    flow += [Spacer(1, 8 * MM), KeepTogether([signatures])]
    return flow


def render_manifest(parcel: dict[str, Any], person: dict[str, Any],
                    facility: dict[str, Any] | None, check: LimitCheck, *,
                    sender: dict[str, Any] | None = None, copies: int = 1) -> bytes:
    copies = max(1, int(copies))
    flow: list[Flowable] = []
    for n in range(1, copies + 1):
        if n > 1:
            flow.append(PageBreak())
        flow.extend(story(parcel, person, facility, check, sender=sender or {}, copy=n,
                          copies=copies))
    return render(flow, title=_("Manifest of contents"), page_numbers=None)


__all__ = ["LimitCheck", "check_limits", "not_accepted", "render_manifest", "story"]
