"""The dashboard: what is coming up in the next few days (the reminders), what needs doing this
week, letters per month and the parcel allowances used."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import choice_label
from casefile.i18n import _, format_date, format_month, ngettext
from casefile.services.records.session import Session
from casefile.services.views.charts import letters_per_month, parcel_allowance
from casefile.services.views.dashboard import days_unanswered, week
from casefile.services.views.hearingtime import when_text
from casefile.services.views.reminders import (
    DEFAULT_REMIND_DAYS,
    DueItem,
    days_words,
    due_items,
    measure_words,
)
from casefile.ui.charts import BarChart, Gauge, GaugeBars, Series
from casefile.ui.emptystate import Welcome
from casefile.ui.listitems import heading_item, item_target, target_item
from casefile.ui.settings import remind_days
from casefile.ui.widgets import named


class DashboardPage(QWidget):
    """What needs doing this week; each line opens its record (``open_requested``)."""

    open_requested = Signal(str, str)  # type, id

    def __init__(self, session: Session, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings  # how many days ahead "Coming up" looks; the default without
        self.setObjectName("page_dashboard")
        self.list = named(QListWidget(), "dashboard")
        self.list.setAccessibleName(_("This week"))
        self.list.setAccessibleDescription(_("Enter opens the chosen line's record"))
        self.list.itemActivated.connect(self._activate)
        self.letters_chart = BarChart(_("Letters per month"))
        self.letters_chart.setObjectName("letters_chart")
        self.allowance_chart = GaugeBars(_("Parcel allowance used"))
        self.allowance_chart.setObjectName("allowance_chart")
        pictures = QHBoxLayout()
        pictures.addWidget(self.letters_chart, 1)
        pictures.addWidget(self.allowance_chart, 1)
        self.week = QWidget()
        layout = QVBoxLayout(self.week)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("This week"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)
        layout.addWidget(self.list, 3)
        layout.addLayout(pictures, 2)
        # An empty vault: how to start, instead of the week and the pictures (emptystate.py).
        self.welcome = Welcome(session, [self.week])
        page = QVBoxLayout(self)
        page.addWidget(self.week)
        page.addWidget(self.welcome)
        self.refresh()

    def _section(self, title: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
        self.list.addItem(heading_item(title))
        if not rows:
            self.list.addItem(target_item("    " + _("nothing"), ""))
        for text, record in rows:
            self.list.addItem(target_item("    " + text, f"{record['type']}/{record['id']}"))

    def refresh(self, today: date | None = None) -> None:
        now = datetime.now().astimezone() if today is None else \
            datetime.combine(today, time(0)).astimezone()
        today = now.date()
        w = week(self.session, today)
        names = self._names()
        self.list.clear()
        days = remind_days(self.settings) if self.settings is not None else DEFAULT_REMIND_DAYS
        self._section(ngettext("Coming up in the next {0} day", "Coming up in the next {0} days",
                               days).format(days) if days else _("Coming up today"),
                      [(self._due_line(x), x.record) for x in due_items(self.session, days, now)])
        self._section(_("Hearings in the next 14 days"), [
            (f"{when_text(h)}  {self._case_title(h['case_id'])}"
             f"  {h.get('court') or ''}", h) for h in w.hearings])
        self._section(_("Measures that run out soon"), [
            (f"{format_date(c['measure_until'])}  {c['title']}", c) for c in w.measures])
        self._section(_("Parcels planned"), [
            (f"{format_date(p['planned_on'])}  {names.get(p['person_id'], '')}", p)
            for p in w.parcels])
        self._section(_("Letters unanswered for 30+ days"), [
            (ngettext("{0}: no answer for {1} day", "{0}: no answer for {1} days",
                      days_unanswered(x, today)).format(names.get(x["person_id"], ""),
                                                        days_unanswered(x, today)), x)
            for x in w.unanswered])
        self._section(_("Open tasks"), [
            (f"{format_date(t.get('due_on'))}  {t['title']}", t) for t in w.tasks])
        self._pictures(today)
        self.welcome.refresh()

    def _pictures(self, today: date) -> None:
        letters = letters_per_month(self.session, 12, today)
        self.letters_chart.set_data(
            [format_month(m.month, year=m.month.endswith("-01") or i == 0)
             for i, m in enumerate(letters)],
            [Series(_("Sent"), "#1565c0", tuple(float(m.sent) for m in letters)),
             Series(_("Answered"), "#2e7d32", tuple(float(m.answered) for m in letters))],
            empty_text=_("No letters sent in the last 12 months."))
        rows = []
        for a in parcel_allowance(self.session, today):
            period = choice_label("facility", "parcel_limit_period", a.period)
            rows.append(Gauge(a.name, a.fraction, a.text,
                              f"{a.name}, {a.facility_name}: {a.text} ({period})"))
        self.allowance_chart.set_rows(rows)

    def _due_line(self, item: DueItem) -> str:
        """"in 2 days: 12.01.2027 10:00, Екатеринбург (UTC+5)  Дело …  Кировский суд", or
        "in 3 days: detention runs out on 30.11.2026  Дело …"."""
        if item.kind == "measure":
            return f"{days_words(item.days)}: {measure_words(item)}  {item.case['title']}"
        court = item.record.get("court") or ""
        return f"{days_words(item.days)}: {item.when}  {item.case['title']}  {court}".rstrip()

    def _names(self) -> dict[str, str]:
        return {p["id"]: p["full_name"] for p in self.session.list("person")}

    def _case_title(self, case_id: str) -> str:
        return self.session.get("case", case_id)["title"]

    def _activate(self, item: QListWidgetItem) -> None:
        target = item_target(item)
        if target:
            self.open_requested.emit(*target)
