"""The parcel manifest (опись): numbered items, weights, the facility's limits, signatures.

The limits are the facility's own figures (marked "check with the facility"); what they mean
and how much of them a parcel uses is computed once, in ``casefile.domain.allowance``, for
this document, the parcel editor and the dashboard alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from casefile.domain.allowance import (
    LimitCheck,
    allowance_lines,
    check_limits,
    item_weight,
    parcel_weight,
)
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

__all__ = ["LimitCheck", "check_limits", "item_weight", "not_accepted", "parcel_weight",
           "render_manifest", "story"]


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


# -- the document ------------------------------------------------------------------------------

def limit_lines(check: LimitCheck, facility: dict[str, Any] | None) -> list[tuple[bool, str]]:
    """(is a warning, text) lines under the items table: the editor's lines, then the rules."""
    lines = allowance_lines(check)
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

