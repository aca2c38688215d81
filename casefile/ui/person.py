"""A person's page: everything about them in one place, as rich text built in memory."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from casefile.domain.allowance import allowance_summary, kg, period_words
from casefile.domain.describe import choice_label
from casefile.i18n import _, format_amount, format_date, format_moment, ngettext
from casefile.services.records.session import Session
from casefile.services.views.dashboard import person_overview


def _link(record: dict[str, Any], text: str) -> str:
    return f'<a href="cf:{record["type"]}/{record["id"]}">{escape(text)}</a>'


def _local(starts_at: str) -> str:
    moment = datetime.fromisoformat(starts_at)
    local = moment.astimezone()
    shown = format_moment(starts_at)
    if local.utcoffset() != moment.utcoffset():
        shown += " — " + _("{0} your time").format(local.strftime("%H:%M"))
    return shown


class PersonView(QTextBrowser):
    open_requested = Signal(str, str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("person_overview")
        self.setAccessibleName(_("Overview"))
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)

    def _clicked(self, url: QUrl) -> None:
        kind, _sep, record_id = url.toString().removeprefix("cf:").partition("/")
        if record_id:
            self.open_requested.emit(kind, record_id)

    def show_person(self, person_id: str | None, today: date | None = None) -> None:
        if person_id is None:
            self.clear()
            return
        self.setHtml(self.overview_html(person_id, today or date.today()))

    def overview_html(self, person_id: str, today: date) -> str:
        o = person_overview(self.session, person_id, today)
        p = o.person
        out = [f"<h2>{escape(p['full_name'])}</h2>"]
        if p.get("latin_name"):
            out.append(f"<p>{escape(p['latin_name'])}</p>")
        facts = []
        if p.get("birth_year"):
            facts.append(_("born {0}").format(p["birth_year"]))
        if p.get("status"):
            facts.append(choice_label("person", "status", p["status"]))
        out.append(f"<p><b>{escape(' · '.join(facts))}</b></p>")
        if o.facility:
            f = o.facility
            out.append(f"<h3>{escape(_('Held at'))}</h3><p>{_link(f, f['name'])}<br>"
                       f"{escape(f.get('postal_code') or '')} {escape(f.get('address') or '')}")
            if p.get("location_checked_on"):
                out.append("<br>" + escape(_("location confirmed on {0}").format(
                    format_date(p["location_checked_on"]))))
            out.append("</p>")
        out.append(f"<h3>{escape(_('Cases'))}</h3><ul>")
        out += [f"<li>{_link(c, c['title'])} {escape(c.get('case_number') or '')}</li>"
                for c in o.cases] or [f"<li>{escape(_('none'))}</li>"]
        out.append(f"</ul><h3>{escape(_('Upcoming hearings'))}</h3><ul>")
        out += [f"<li>{_link(h, _local(h['starts_at']))} {escape(h.get('court') or '')}</li>"
                for h in o.hearings] or [f"<li>{escape(_('none'))}</li>"]
        out.append(f"</ul><h3>{escape(_('Letters'))}</h3>")
        if o.unanswered_days is not None:
            out.append("<p style='color:#b00020'><b>" + escape(
                ngettext("no answer for {0} day", "no answer for {0} days",
                         o.unanswered_days).format(o.unanswered_days)) + "</b></p>")
        out.append("<ul>")
        out += [f"<li>{escape(format_date(x.get('sent_on') or x.get('received_on')))} "
                f"{'→' if x['direction'] == 'out' else '←'} "
                f"{_link(x, x.get('subject') or _('(no subject)'))} "
                f"({escape(choice_label('letter', 'status', x['status']))})</li>"
                for x in o.letters[:10]] or [f"<li>{escape(_('none'))}</li>"]
        out.append(f"</ul><h3>{escape(_('Parcels'))}</h3>")
        if o.allowance is not None:
            colour = " style='color:#b00020'" if o.allowance.over else ""
            out.append(f"<p{colour}>" + escape(_("{0}: {1} used").format(
                period_words(o.allowance), allowance_summary(o.allowance))) + "</p>")
        out.append("<ul>")
        out += [f"<li>{_link(x, format_date(x.get('planned_on')))} "
                f"{escape(choice_label('parcel', 'status', x['status']))}, "
                + escape(_("{0} kg").format(kg(x.get("total_weight_g") or 0)))
                + "</li>"
                for x in o.parcels[:10]] or [f"<li>{escape(_('none'))}</li>"]
        out.append(f"</ul><h3>{escape(_('Money'))}</h3><p>")
        out.append(escape(_("in: {0} · out: {1}").format(format_amount(o.payments_in),
                                                         format_amount(o.payments_out))))
        out.append(f"</p><h3>{escape(_('Files'))}</h3><ul>")
        out += [f"<li>{escape(a.filename)}</li>" for a in o.files] or [
            f"<li>{escape(_('none'))}</li>"]
        out.append("</ul>")
        if p.get("needs"):
            out.append(f"<h3>{escape(_('Needs'))}</h3><p>{escape(p['needs'])}</p>")
        return "".join(out)
