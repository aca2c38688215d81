"""The papers handed over with a parcel: Russian Post's form 107 and the hand-over application.

- **Form 107 (опись вложения)**: a parcel sent by post with declared value. Where to and to
  whom, numbered items with the number of each and the declared value in roubles, the total,
  the sender's signature and a blank for the post-office clerk. Two copies (one stays with
  the sender), laid out like the Post's form: both on one A4 sheet with a cut line when the
  list is short, each on its own page when it is not.
- **The hand-over application (заявление на передачу)** for a передача handed in at a СИЗО
  or colony: to the head of the facility, from the sender (name in the genitive, a passport
  line to fill in by hand), for the prisoner (name in the dative, year of birth), the items
  with quantity and weight, the total weight, date and signature. Two copies.

Neither carries the program's own warnings (what the facility does not accept, "check the
rules again"): those belong on the screen and the volunteer's packing list, not on the
paper the officer keeps. Names are declined only when the document is in Russian.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer
from reportlab.platypus.flowables import HRFlowable

from casefile.domain.allowance import item_weight
from casefile.i18n import _, format_amount, language
from casefile.printing.fonts import BOLD
from casefile.printing.layout import (
    BLANK,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MM,
    NBSP,
    Plain,
    address_line,
    facts,
    grams,
    kg,
    markup,
    para,
    render,
    rich,
    styles,
    table,
    widths,
)
from casefile.printing.names import decline


def _in_case(full_name: str, case: str, gender: object = None) -> str:
    if language() != "ru":
        return full_name
    return decline(full_name, case, str(gender) if gender else None)


def _birth_year(person: dict[str, Any]) -> str:
    return str(person.get("birth_year") or str(person.get("birth_date") or "")[:4] or "")


def item_value(item: dict[str, Any]) -> Decimal | None:
    """An item's declared value in roubles (all of its quantity), None when not declared."""
    raw = item.get("value_rub")
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw)) * int(item.get("quantity") or 1)
    except (InvalidOperation, ValueError):
        return None


def declared_total(items: Sequence[dict[str, Any]]) -> Decimal:
    return sum((v for v in map(item_value, items) if v is not None), Decimal(0))


FRAME_PADDING = 6  # reportlab's Frame pads each side by 6 pt: a page holds this much less
CUT_SPACE = 3 * MM  # above and below the cut line between two copies


def _story_height(flow: Sequence[Flowable]) -> float:
    """How tall ``flow`` is in a fresh frame, measured as reportlab's Frame lays it out: each
    flowable's ``wrap`` on the real width, the space before the first and after the last
    dropped, a space before overlapping the space after the one above."""
    width = FRAME_WIDTH - 2 * FRAME_PADDING
    height, after = 0.0, 0.0
    for n, flowable in enumerate(flow):
        before = 0.0 if n == 0 else max(flowable.getSpaceBefore() - after, 0)
        height += after + before + flowable.wrap(width, FRAME_HEIGHT)[1]
        after = flowable.getSpaceAfter()
    return height


def _cut_line() -> Flowable:
    return HRFlowable(width="100%", thickness=0.5, dash=(3, 3), spaceBefore=CUT_SPACE,
                      spaceAfter=CUT_SPACE)


def _two_copies(make: Callable[[], list[Flowable]], *, title: str) -> bytes:
    """Two copies: on one sheet with a cut line between them when both fit, else a page each."""
    # a flowable is laid out once: each copy is built anew, and so is the measured one
    sheet = [*make(), _cut_line(), *make()]
    flow: list[Flowable]
    if _story_height(sheet) <= FRAME_HEIGHT - 2 * FRAME_PADDING:
        flow = [*make(), _cut_line(), *make()]
    else:
        flow = [*make(), PageBreak(), *make()]
    return render(flow, title=title, page_numbers=False)


# -- form 107 ----------------------------------------------------------------------------------

def form107_story(parcel: dict[str, Any], person: dict[str, Any],
                  facility: dict[str, Any] | None) -> list[Flowable]:
    st = styles()
    facility = facility or {}
    kind = _("small parcel") if parcel.get("kind") == "small_parcel" else _("parcel")
    flow: list[Flowable] = [
        table([[Plain(_("form 107")), Plain("")]], widths(40, None), header=False, grid=False,
              extra=[("FONTSIZE", (0, 0), (-1, -1), 8)]),
        para(_("INVENTORY OF CONTENTS"), st.title),
        para(_("in a {0} with declared value").format(kind), st.note),
    ]
    year = _birth_year(person)
    name = str(person.get("full_name") or "")
    addressee = f"{name}, {year}{NBSP}" + _("b.") if year else name
    flow.append(facts([
        (_("To (address)"), address_line(facility.get("postal_code"), " ".join(
            p for p in (str(facility.get("name") or ""), str(facility.get("address") or ""))
            if p)) or BLANK + BLANK),
        (_("To whom"), addressee or BLANK + BLANK),
    ], label_mm=35))
    flow.append(Spacer(1, 3 * MM))
    items = list(parcel.get("items") or [])
    rows: list[list[object]] = [["№", _("Name of the items"), _("Number of items"),
                                 _("Declared value, rub.")]]
    total_qty = 0
    for n, item in enumerate(items, start=1):
        qty = int(item.get("quantity") or 0)
        total_qty += qty
        value = item_value(item)
        rows.append([Plain(n), str(item.get("name") or ""), Plain(grams(qty)),
                     Plain(format_amount(str(value)) if value is not None else "")])
    last = len(rows)
    total = declared_total(items)
    rows.append([Plain(_("Total")), Plain(""), Plain(grams(total_qty)),
                 Plain(format_amount(str(total)))])
    flow.append(table(rows, widths(10, None, 30, 38), extra=[
        ("SPAN", (0, last), (1, last)), ("FONTNAME", (0, last), (-1, last), BOLD),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("TOPPADDING", (0, 1), (-1, -1), 2.5)]))
    flow.append(Spacer(1, 2 * MM))
    flow.append(para(_("Total number of items: {0}; declared value: {1} rub.").format(
        grams(total_qty), format_amount(str(total))), st.body))
    flow.append(Spacer(1, 3 * MM))
    flow.append(table([
        [Plain(_("Sender")), Plain(BLANK), Plain(_("(signature)"))],
        [Plain(_("Checked by")), Plain(BLANK), Plain(_("(post-office clerk's signature)"))],
    ], widths(35, 55, None), header=False, grid=False,
        extra=[("FONTSIZE", (2, 0), (2, -1), 7.5), ("TOPPADDING", (0, 0), (-1, -1), 6)]))
    flow.append(para(_("Post-office stamp"), st.note))
    return flow


def render_form107(parcel: dict[str, Any], person: dict[str, Any],
                   facility: dict[str, Any] | None) -> bytes:
    return _two_copies(lambda: form107_story(parcel, person, facility),
                       title=_("Inventory of contents (form 107)"))


# -- the hand-over application -----------------------------------------------------------------

def handover_story(parcel: dict[str, Any], person: dict[str, Any],
                   facility: dict[str, Any] | None, *, sender: dict[str, Any],
                   on: str | None = None) -> list[Flowable]:
    from casefile.i18n import format_date  # noqa: PLC0415

    st = styles()
    facility = facility or {}
    sender_name = str(sender.get("name") or "").strip()
    head = [
        _("To the head of {0}").format(facility.get("name") or BLANK),
        _("from {0}").format(_in_case(sender_name, "genitive") if sender_name
                             else BLANK + BLANK),
        _("passport: series {0} no. {1} issued by {2}").format("______", "________",
                                                                BLANK + "______"),
        _("living at: {0}").format(address_line(sender.get("postal_code"),
                                                sender.get("address")) or BLANK + BLANK),
    ]
    if sender.get("phone"):
        head.append(_("phone: {0}").format(sender["phone"]))
    block = [para(line, st.block) for line in head]
    flow: list[Flowable] = [table([[Plain(""), block]], widths(80, None), header=False,
                                  grid=False)]
    flow.append(Spacer(1, 6 * MM))
    flow.append(para(_("APPLICATION"), st.title))
    name = str(person.get("full_name") or "")
    year = _birth_year(person)
    whom = _in_case(name, "dative", person.get("gender"))
    if year:
        whom += ", " + _("born {0}").format(year).replace(" ", NBSP)
    flow.append(rich(markup(_("Please accept, to be handed over to {0}, the following "
                              "items:").format(whom)), st.body))
    items = list(parcel.get("items") or [])
    rows: list[list[object]] = [["№", _("Item"), _("Quantity"), _("Weight, g")]]
    for n, item in enumerate(items, start=1):
        rows.append([Plain(n), str(item.get("name") or ""),
                     Plain(grams(int(item.get("quantity") or 0))),
                     Plain(grams(item_weight(item)))])
    last = len(rows)
    total = sum(item_weight(i) for i in items)
    rows.append([Plain(_("Total")), Plain(""), Plain(""), Plain(grams(total))])
    flow.append(table(rows, widths(10, None, 25, 28), extra=[
        ("SPAN", (0, last), (2, last)), ("FONTNAME", (0, last), (-1, last), BOLD),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("TOPPADDING", (0, 1), (-1, -1), 2.5)]))
    flow.append(Spacer(1, 2 * MM))
    flow.append(para(_("Total weight: {0} kg ({1} g).").format(kg(total), grams(total)),
                     st.body))
    flow.append(Spacer(1, 5 * MM))
    flow.append(table([[Plain(_("Date") + ": " + (format_date(on) if on else BLANK)),
                        Plain(_("Signature") + ": " + BLANK)]], widths(80, None),
                      header=False, grid=False))
    return flow


def render_handover(parcel: dict[str, Any], person: dict[str, Any],
                    facility: dict[str, Any] | None, *, sender: dict[str, Any],
                    on: str | None = None) -> bytes:
    return _two_copies(lambda: handover_story(parcel, person, facility, sender=sender, on=on),
                       title=_("Application for a hand-over"))
