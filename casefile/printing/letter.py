"""A letter on A4, addressed as Russian facilities require.

Top right: the facility's full name, its postal code and address, then "Кому:" with the
prisoner's full name and year of birth (or a template's own addressee block); then the date,
an optional title, the body, and the sender's block with a return address. Long letters get
"стр. N из M" at the foot of each page.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from casefile.i18n import _, format_date
from casefile.printing.layout import (
    BLANK,
    MM,
    address_line,
    markup,
    para,
    paragraphs,
    person_line,
    render,
    rich,
    styles,
    table,
    widths,
)
from casefile.printing.templates import LetterText

BLOCK_MM = 88  # the addressee block's width, top right


def recipient_lines(person: dict[str, Any], facility: dict[str, Any] | None) -> list[str]:
    """The facility's name and address, then whom the letter is for."""
    lines: list[str] = []
    if facility:
        lines.append(str(facility.get("name") or ""))
        where = address_line(facility.get("postal_code"), facility.get("address"))
        if where:
            lines.append(where)
    lines.append(_("To: {0}").format(person_line(person)))
    return [line for line in lines if line]


def sender_lines(sender: dict[str, Any]) -> list[str]:
    """The sender's name and return address, or lines to fill in by hand."""
    name = str(sender.get("name") or "").strip()
    where = address_line(sender.get("postal_code"), sender.get("address"))
    return [_("From: {0}").format(name or BLANK),
            _("Address for the reply: {0}").format(where or BLANK + BLANK)]


def story(text: LetterText, person: dict[str, Any], facility: dict[str, Any] | None,
          sender: dict[str, Any], on: str | None) -> list[Flowable]:
    st = styles()
    block = text.recipient if text.recipient is not None else recipient_lines(person, facility)
    addressee = [para(line, st.block) for line in block]
    if text.recipient is None and addressee:  # the "To:" line stands out, a little apart
        addressee[-1] = rich(f"<b>{markup(block[-1])}</b>", st.block)
        addressee.insert(-1, Spacer(1, 2 * MM))
    top = table([["", addressee]], widths(None, BLOCK_MM), header=False, grid=False)
    flow: list[Flowable] = [top, Spacer(1, 8 * MM)]
    to_prisoner = text.recipient is None  # a request's template carries its own date and "from"
    if on and to_prisoner:
        flow.append(para(format_date(on), st.body))
    if text.title:
        flow.append(para(text.title, st.title))
    else:
        flow.append(Spacer(1, 4 * MM))
    flow.extend(paragraphs(text.body, st.body) or [para(BLANK, st.body)])
    if to_prisoner:
        flow.append(Spacer(1, 8 * MM))
        flow.extend(rich(markup(line), st.small) for line in sender_lines(sender))
    return flow


def render_letter(text: LetterText, person: dict[str, Any], facility: dict[str, Any] | None,
                  sender: dict[str, Any] | None = None, on: str | None = None) -> bytes:
    """The letter's PDF. ``on``: the date printed (ISO), usually the letter's sent_on."""
    flow = story(text, person, facility, sender or {}, on)
    return render(flow, title=_("Letter"), page_numbers=None)
