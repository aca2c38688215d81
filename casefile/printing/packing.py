"""The volunteers' packing list: what to pack for whom, and who carries it.

A volunteer should see only a name, a facility and a list of items. ``entry`` copies exactly
those fields out of the records into a ``PackingEntry`` (a whitelist), and the document is
drawn from entries alone, so no case, article, note, letter, need or payment can reach the
page whatever the records hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, KeepTogether, Spacer

from casefile.i18n import _, format_date
from casefile.printing.layout import (
    FLAG,
    MM,
    address_line,
    choice,
    facts,
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
from casefile.printing.manifest import not_accepted

BOX = "☐"  # ticked by hand when packed


@dataclass(frozen=True)
class PackingItem:
    name: str
    quantity: int
    unit_weight_g: int
    refused: bool  # on the facility's "not accepted" list


@dataclass(frozen=True)
class PackingEntry:
    planned_on: str
    kind: str
    recipient: str  # full name and year of birth
    facility_name: str
    facility_address: str  # postal code and address
    items: tuple[PackingItem, ...]
    packer: str
    carrier: str

    @property
    def weight_g(self) -> int:
        return sum(i.quantity * i.unit_weight_g for i in self.items)


def entry(parcel: dict[str, Any], person: dict[str, Any],
          facility: dict[str, Any] | None) -> PackingEntry:
    """The whitelist: the only fields of the records a packing list ever sees."""
    facility = facility or {}
    rules = [str(r) for r in facility.get("not_accepted") or []]
    items = tuple(
        PackingItem(name=str(i.get("name") or ""), quantity=int(i.get("quantity") or 0),
                    unit_weight_g=int(i.get("unit_weight_g") or 0),
                    refused=bool(not_accepted(str(i.get("name") or ""), rules)))
        for i in parcel.get("items") or [])
    return PackingEntry(
        planned_on=str(parcel.get("planned_on") or ""),
        kind=str(parcel.get("kind") or ""),
        recipient=person_line({"full_name": person.get("full_name"),
                               "birth_year": person.get("birth_year"),
                               "birth_date": person.get("birth_date")}),
        facility_name=str(facility.get("name") or ""),
        facility_address=address_line(facility.get("postal_code"), facility.get("address")),
        items=items,
        packer=str(parcel.get("packer") or ""),
        carrier=str(parcel.get("carrier") or ""),
    )


def _block(n: int, e: PackingEntry) -> list[Flowable]:
    st = styles()
    kind = choice("parcel", "kind", e.kind)
    head = " · ".join(p for p in (format_date(e.planned_on), kind) if p)
    title = f"{n}. {markup(e.recipient)}" + (f" <font size=9>({markup(head)})</font>"
                                             if head else "")
    rows: list[list[object]] = [["", "№", _("Item"), _("Quantity")]]
    extra: list[tuple[Any, ...]] = []
    for k, item in enumerate(e.items, start=1):
        name = markup(item.name)
        if item.refused:
            name = f'<font color="#bf0000"><b>{FLAG}</b></font> {name}'
            extra.append(("BACKGROUND", (0, k), (-1, k), Color(1, 0.9, 0.9)))
        rows.append([para(BOX, st.cell), para(str(k), st.cell), rich(name, st.cell),
                     para(grams(item.quantity), st.cell_right)])
    if not e.items:
        rows.append(["", "", para("—", st.cell), ""])
    about = facts([(label("parcel", "facility_id"), e.facility_name),
                   (label("facility", "address"), e.facility_address),
                   (label("parcel", "packer"), e.packer),
                   (label("parcel", "carrier"), e.carrier)], label_mm=38)
    # One parcel's block stays on one page, so a page never holds items without the name of
    # whom they are for (only a list longer than a page runs on, its header row repeated).
    block: list[Flowable] = [
        rich(f"<b>{title}</b>", st.heading), about, Spacer(1, 1.5 * MM),
        table(rows, widths(7, 9, None, 25), extra=extra),
        para(_("Total weight: {0} kg.").format(kg(e.weight_g)), st.small),
    ]
    if any(i.refused for i in e.items):
        block.append(rich(f'<font color="#bf0000"><b>{FLAG}</b></font> ' + markup(
            _("The facility does not accept this item: do not pack it, or check first.")),
            st.small))
    return [KeepTogether(block), Spacer(1, 5 * MM)]


def story(entries: Sequence[PackingEntry], date_from: str, date_to: str) -> list[Flowable]:
    st = styles()
    flow: list[Flowable] = [
        para(_("Packing list"), st.title),
        para(_("Parcels planned from {0} to {1}: {2}.").format(
            format_date(date_from), format_date(date_to), len(entries)), st.body),
        para(_("For the volunteers who pack and carry: names, facilities and items only."),
             st.note),
        Spacer(1, 3 * MM),
    ]
    if not entries:
        flow.append(para(_("No parcels are planned in these dates."), st.body))
    for n, e in enumerate(entries, start=1):
        flow.extend(_block(n, e))
    return flow


def render_packing_list(entries: Sequence[PackingEntry], date_from: str, date_to: str) -> bytes:
    return render(story(entries, date_from, date_to), title=_("Packing list"),
                  page_numbers=True)
