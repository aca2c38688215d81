"""A case's Overview: its facts, people, hearings, measure deadline and documents, as rich text
built in memory (like a person's page), each line a link that opens its record or file.

A lawyer's contact page has a bar of its own (``LawyerBar``): how many cases name them, and
the export of those cases' hearings to a calendar file.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import choice_label
from casefile.domain.errors import NotFoundError
from casefile.domain.records import SPECS
from casefile.i18n import _, format_date, ngettext
from casefile.services.interop.calendar import Scope, lawyer_cases
from casefile.services.records.session import Session
from casefile.services.views.caseoverview import CaseOverview, HearingLine, case_overview
from casefile.services.views.reminders import days_words
from casefile.ui.exports import ExportOptionsDialog, ask_calendar
from casefile.ui.widgets import named

FILE_LINK = "cf-file:"
SOON_DAYS = 7  # a measure deadline this close (or past) is red; hearings say "in 3 days"
RED = "#b00020"


def _label(field: str) -> str:
    spec = SPECS["case"].field(field)
    return _(spec.label) if spec is not None else field


def _link(record: dict[str, Any], text: str) -> str:
    return f'<a href="cf:{record["type"]}/{record["id"]}">{escape(text)}</a>'


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items or [escape(_("none"))]) + "</ul>"


def _facts(o: CaseOverview) -> str:
    c = o.case
    rows = [(_label("case_number"), c.get("case_number")),
            (_label("articles"), "; ".join(c.get("articles") or [])),
            (_label("stage"), choice_label("case", "stage", c["stage"]) if c.get("stage")
             else ""),
            (_label("investigating_body"), c.get("investigating_body")),
            (_label("court"), c.get("court")), (_label("judge"), c.get("judge")),
            (_label("sentence"), c.get("sentence"))]
    cells = "".join(f"<tr><td>{escape(name)}:&nbsp;</td><td>{escape(str(value))}</td></tr>"
                    for name, value in rows if value)
    return f"<table>{cells}</table>" if cells else ""


def _measure(o: CaseOverview) -> str:
    """The measure and the day it runs out, with the days left; red when close or past."""
    if not o.measure:
        return escape(_("none"))
    if o.measure_until is None or o.measure_days is None:
        return escape(o.measure)
    text = escape(_("{0} until {1}").format(o.measure, format_date(o.measure_until.isoformat())))
    days = o.measure_days
    left = _("ran out {0}").format(days_words(days)) if days < 0 else days_words(days)
    colour = f" style='color:{RED}'" if days <= SOON_DAYS else ""
    return f"{text} — <b{colour}>{escape(left)}</b>"


def _hearing(line: HearingLine, *, past: bool) -> str:
    h = line.hearing
    where = ", ".join(str(x) for x in (h.get("court"), h.get("courtroom")) if x)
    parts = [_link(h, line.when)]
    if not past and line.days is not None and line.days <= SOON_DAYS:
        parts.append(f"<b>{escape(days_words(line.days))}</b>")
    parts += [escape(x) for x in (line.kind, where) if x]
    text = " — ".join(parts)
    if line.yours and not past:
        text += f" <i>({escape(line.yours)})</i>"
    if past and h.get("outcome"):
        outcome = str(h["outcome"]).strip().splitlines()[0]
        text += "<br><i>" + escape(outcome[:120] + ("…" if len(outcome) > 120 else "")) + "</i>"
    return text


def _person(person: dict[str, Any]) -> str:
    status = choice_label("person", "status", person["status"]) if person.get("status") else ""
    return _link(person, person["full_name"]) + (f" — {escape(status)}" if status else "")


def _lawyer(contact: dict[str, Any]) -> str:
    more = [str(contact[k]) for k in ("organization", "phone") if contact.get(k)]
    return _link(contact, contact["full_name"]) + (
        f" — {escape(', '.join(more))}" if more else "")


def overview_html(o: CaseOverview) -> str:
    """The title and facts, the measure, hearings to come, the people, past hearings, files."""
    out = [f"<h2>{escape(o.case['title'])}</h2>", _facts(o),
           f"<p>{escape(_('Preventive measure'))}: {_measure(o)}</p>",
           f"<h3>{escape(_('Upcoming hearings'))}</h3>",
           _list([_hearing(x, past=False) for x in o.upcoming]),
           f"<h3>{escape(_label('person_ids'))}</h3>", _list([_person(p) for p in o.defendants]),
           f"<h3>{escape(_label('lawyer_ids'))}</h3>", _list([_lawyer(c) for c in o.lawyers]),
           f"<h3>{escape(_('Past hearings'))}</h3>",
           _list([_hearing(x, past=True) for x in o.past]),
           f"<h3>{escape(_('Documents'))}</h3>",
           _list([f'<a href="{FILE_LINK}{escape(f.id)}">{escape(f.filename)}</a> '
                  f"({f.size // 1024 + 1} KB)" for f in o.files])]
    return "".join(out)


class CaseView(QWidget):
    """The Overview tab of a case: ``open_requested(type, id)`` for a record's link,
    ``file_requested(attachment id)`` for a document's."""

    open_requested = Signal(str, str)
    file_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id: str | None = None
        self.dialog: ExportOptionsDialog | None = None
        self.browser = named(QTextBrowser(), "case_overview")
        self.browser.setAccessibleName(_("Overview"))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._clicked)
        self.export_button = named(QPushButton(_("Export hearings to calendar…")),
                                   "export_case_calendar")
        self.export_button.setToolTip(_("This case's hearings and measure deadline as a "
                                        "calendar file"))
        self.export_button.clicked.connect(self.export_calendar)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.browser, 1)
        self.export_button.setEnabled(False)

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith(FILE_LINK):
            self.file_requested.emit(text.removeprefix(FILE_LINK))
            return
        kind, _sep, record_id = text.removeprefix("cf:").partition("/")
        if record_id:
            self.open_requested.emit(kind, record_id)

    def show_case(self, case_id: str | None, now: datetime | None = None) -> None:
        self.case_id = case_id
        self.export_button.setEnabled(case_id is not None)
        if case_id is None:
            self.browser.clear()
            return
        self.browser.setHtml(overview_html(case_overview(self.session, case_id, now)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """Shown again (back from a hearing just edited): the case as it is now."""
        super().showEvent(event)
        if self.case_id is not None:
            self.refresh()

    def refresh(self) -> None:
        if self.case_id is None:
            return
        try:
            self.browser.setHtml(overview_html(case_overview(self.session, self.case_id)))
        except NotFoundError:  # deleted meanwhile
            self.show_case(None)

    def export_calendar(self) -> ExportOptionsDialog | None:
        if self.case_id is None:
            return None
        self.dialog = ask_calendar(self, self.session, Scope(case_id=self.case_id))
        return self.dialog


class LawyerBar(QWidget):
    """Above a contact's form, when cases name them as a lawyer: how many, and the export
    of those cases' hearings; hidden for anyone else."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.contact_id: str | None = None
        self.dialog: ExportOptionsDialog | None = None
        self.label = named(QLabel(), "lawyer_cases")
        self.label.setWordWrap(True)  # beside the button, on a narrow screen too
        self.export_button = named(QPushButton(_("Export hearings to calendar…")),
                                   "export_lawyer_calendar")
        self.export_button.setToolTip(_("The hearings and measure deadlines of this lawyer's "
                                        "cases as a calendar file"))
        self.export_button.clicked.connect(self.export_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.export_button)
        self.setVisible(False)

    def show_contact(self, contact_id: str | None) -> None:
        self.contact_id = contact_id
        cases = lawyer_cases(self.session, contact_id) if contact_id else []
        self.label.setText(ngettext("Lawyer on {0} case", "Lawyer on {0} cases",
                                    len(cases)).format(len(cases)))
        self.setVisible(bool(cases))

    def export_calendar(self) -> ExportOptionsDialog | None:
        if self.contact_id is None:
            return None
        self.dialog = ask_calendar(self, self.session, Scope(lawyer_id=self.contact_id))
        return self.dialog
