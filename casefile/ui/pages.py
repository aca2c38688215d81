"""The pages in the middle of the main window: a record list with its editor, the dashboard."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import choice_label, record_title
from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _, format_date, format_moment, format_month, ngettext
from casefile.services.records.session import Session
from casefile.services.views.charts import letters_per_month, parcel_allowance
from casefile.services.views.dashboard import days_unanswered, week
from casefile.ui.attachments import AttachmentsPanel, PlaintextCopies
from casefile.ui.background import run_off_ui
from casefile.ui.charts import BarChart, Gauge, GaugeBars, Series
from casefile.ui.editor import RecordEditor
from casefile.ui.history import HistoryDialog
from casefile.ui.letterdialog import LetterDialog
from casefile.ui.listitems import heading_item, item_target, target_item
from casefile.ui.models import IdRole, RecordTableModel
from casefile.ui.moneyview import MoneyView
from casefile.ui.person import PersonView
from casefile.ui.printpreview import PrintPreview
from casefile.ui.returnaddress import ReturnAddressDialog
from casefile.ui.timeline import TimelineView

RESIZE_SAMPLE_ROWS = 50


class RecordPage(QWidget):
    """A list of one record type (lazy, sorted and filtered in SQL) beside its editor.

    ``open_requested(type, id)`` asks the window to open another record (a link on a
    person's overview, a mark on a case's timeline).
    """

    open_requested = Signal(str, str)
    deleted = Signal(str)  # the title of the record just deleted

    def __init__(self, session: Session, record_type: str, copies: PlaintextCopies,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record_type = record_type
        spec = SPECS[record_type]
        self.setObjectName(f"page_{record_type}")
        self._build_list(spec)
        self.editor = RecordEditor(session, record_type, self)
        self.new_button = QPushButton(_("New"), objectName="new")
        self.delete_button = QPushButton(_("Delete"), objectName="delete")
        self.history_button = QPushButton(_("History…"), objectName="history")
        self.history_button.setToolTip(_("Every change to this record, and who made it"))
        self.history_button.clicked.connect(self.show_history)
        self.print_button = self._print_menu()
        self._build_layout(session, record_type, copies)
        self._set_tab_order()
        self.filter.textChanged.connect(self.model.set_filter)
        self.filter.textChanged.connect(self._update_actions)
        # A record opens when its row is chosen (click, arrows, Space), not when the list
        # merely gets the focus: Qt makes the first row current then, which must not
        # replace a blank or half-written form.
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.new_button.clicked.connect(self.new_record)
        self.delete_button.clicked.connect(self.delete_current)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_current)
        self.editor.saved.connect(self._saved)
        self.editor.load(None)
        self._update_actions()

    def _build_list(self, spec: Any) -> None:
        self.filter = QLineEdit(objectName="filter")
        self.filter.setPlaceholderText(_("Filter {0}…").format(_(spec.plural).lower()))
        self.filter.setAccessibleName(_("Filter"))
        self.filter.setClearButtonEnabled(True)
        self.model = RecordTableModel(self.session, self.record_type, self)
        self.view = QTableView(objectName="list")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setAccessibleName(_(spec.plural))
        self.view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        # Show the order the model already has, or Qt sorts by column 0 at once.
        self.view.horizontalHeader().setSortIndicator(*self.model.sort_indicator())
        self.view.setSortingEnabled(True)
        # Size columns by the first rows only: measuring every loaded row's text took a
        # third of opening the window on a large vault.
        self.view.horizontalHeader().setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)
        self.view.resizeColumnsToContents()

    def _build_layout(self, session: Session, record_type: str,
                      copies: PlaintextCopies) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.history_button)
        if self.print_button is not None:
            top.addWidget(self.print_button)
        lv.addLayout(top)
        lv.addWidget(self.view)
        self.files = AttachmentsPanel(session, copies)
        right = QSplitter(Qt.Orientation.Vertical)
        self.overview: PersonView | None = None
        self.timeline: TimelineView | None = None
        self.money: MoneyView | None = None
        self.tabs: QTabWidget | None = None
        if record_type == "person":
            # A person's page leads with everything about them; editing is one tab away.
            self.overview = PersonView(session)
            self.overview.open_requested.connect(self.open_requested)
            self.money = MoneyView(session)
            self.tabs = QTabWidget(objectName="person_tabs")
            self.tabs.addTab(self.overview, _("Overview"))
            self.tabs.addTab(self.money, _("Money"))
            self.tabs.addTab(self.editor, _("Edit"))
            right.addWidget(self.tabs)
        elif record_type == "case":
            # The editor stays first; the case's course and money are a tab away.
            self.timeline = TimelineView(session)
            self.timeline.open_requested.connect(self.open_requested)
            self.money = MoneyView(session)
            self.tabs = QTabWidget(objectName="case_tabs")
            self.tabs.addTab(self.editor, _("Edit"))
            self.tabs.addTab(self.timeline, _("Timeline"))
            self.tabs.addTab(self.money, _("Money"))
            right.addWidget(self.tabs)
        else:
            right.addWidget(self.editor)
        right.addWidget(self.files)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _set_tab_order(self) -> None:
        """Filter, list, the buttons acting on the chosen record; then New and the form."""
        # The form's scroll area would be a stop of its own before the first field.
        for area in self.editor.findChildren(QScrollArea):
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        chain: list[QWidget] = [self.filter, self.view, self.delete_button,
                                self.history_button]
        if self.print_button is not None:
            chain.append(self.print_button)
        chain += [self.new_button, self.tabs or self.editor]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        # Tab from New goes into the form's first field, past the tabs of a person or case.
        self.new_button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (watched is self.new_button and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Tab
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            first = self.first_field()
            if first is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def first_field(self) -> QWidget | None:
        """The form's first stop for the keyboard, if the form is shown."""
        widget = self.editor.nextInFocusChain()
        while widget is not self.editor and self.editor.isAncestorOf(widget):
            if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()
                    and widget.isEnabled()):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def _print_menu(self) -> QPushButton | None:
        """Print actions for the documents this record type has."""
        from casefile.services.documents import printing  # noqa: PLC0415

        # Each makes the PDF from (the worker's session, the record, the document's language:
        # None for the window's): see render(). A facility's papers default to Russian.
        documents = {
            "letter": [(_("Letter"), lambda s, r, lang: printing.print_letter(
                            s, r["id"], lang=lang)),
                       (_("Envelope DL"), lambda s, r, lang: printing.print_envelope(
                           s, r["id"], "DL", lang=lang)),
                       (_("Envelope C5"), lambda s, r, lang: printing.print_envelope(
                           s, r["id"], "C5", lang=lang))],
            "parcel": [(_("Manifest (опись)"), lambda s, r, lang: printing.print_manifest(
                            s, r["id"], lang=lang)),
                       (_("Manifest, two copies"), lambda s, r, lang: printing.print_manifest(
                           s, r["id"], 2, lang=lang)),
                       (_("Form 107 (inventory for the post)"),
                        lambda s, r, lang: printing.print_form107(s, r["id"], lang=lang)),
                       (_("Hand-over application (заявление)"),
                        lambda s, r, lang: printing.print_handover(s, r["id"], lang=lang))],
            "case": [(_("Case summary"), lambda s, r, lang: printing.print_case(
                          s, r["id"], lang=lang))],
        }.get(self.record_type)
        if not documents:
            return None
        button = QPushButton(_("Print…"), objectName="print_menu")
        menu = QMenu(button)
        self.print_actions = {}
        for label, make in documents:
            action = menu.addAction(label)
            action.triggered.connect(lambda _c=False, make=make, label=label:
                                     self.preview(label, make))
            self.print_actions[label] = action
        if self.record_type == "letter":
            action = menu.addAction(_("Letter from a template…"))
            action.triggered.connect(self.compose_letter)
            self.print_actions["template"] = action
            menu.addSeparator()
            action = menu.addAction(_("Envelopes for everyone in custody"))
            action.triggered.connect(self.preview_envelopes)
            self.print_actions["envelopes"] = action
            action = menu.addAction(_("Return address…"))
            action.triggered.connect(self.edit_return_address)
            self.print_actions["return_address"] = action
        if self.record_type == "parcel":
            action = menu.addAction(_("Packing list, next 14 days"))
            action.triggered.connect(self.preview_packing_list)
            self.print_actions["packing"] = action
        button.setMenu(menu)
        return button

    def preview(self, label: str, make: Any) -> PrintPreview | None:
        from casefile.services.documents.printing import FOR_FACILITIES  # noqa: PLC0415

        record = self.editor.record
        if record is None:
            QMessageBox.information(self, _("Print"), _("Choose a record first."))
            return None
        lang = None if self.record_type == "case" else FOR_FACILITIES
        data = self.render(lambda s: make(s, record, lang))
        if data is None:
            return None
        shown = self._show_preview(label, data, f"{self.record_type}.pdf")
        shown.offer_languages(lang, lambda code: self.render(lambda s: make(s, record, code)))
        return shown

    def render(self, make: Any) -> Any:
        """``make(session)`` on a worker thread with its own connection, behind a progress
        dialog (a case summary or fifty envelopes take a moment); None after a message."""
        try:
            return run_off_ui(self, _("Preparing the document…"), self.session, make)
        except CasefileError as exc:
            QMessageBox.warning(self, _("Print"), str(exc))
            return None

    def compose_letter(self) -> LetterDialog | None:
        # A new letter, or one with unsaved changes, is saved first: the template is filled
        # from the letter as it is on screen, and what is written there is kept in it.
        if (self.editor.record is None or self.editor.is_dirty) and self.editor.save() is None:
            QMessageBox.information(self, _("Print"),
                                    _("Save the letter first: the form shows what is missing."))
            return None
        if self.editor.record is None:
            return None
        self.letter_dialog = LetterDialog(self.session, self.editor.record["id"], self)
        self.letter_dialog.kept.connect(lambda _record: self.refresh_shown())
        self.letter_dialog.open()
        return self.letter_dialog

    def preview_envelopes(self) -> PrintPreview | None:
        """An evening of letter writing: one DL envelope for each person held in a facility."""
        from casefile.services.documents import printing  # noqa: PLC0415

        made = self.render(printing.print_envelopes)
        if made is None:
            return None
        data, unknown = made
        preview = self._show_preview(_("Envelopes"), data, "envelopes.pdf")
        if unknown:
            preview.note(_("No envelope for {0}: no facility recorded.").format(
                ", ".join(unknown)))
        return preview

    def edit_return_address(self) -> ReturnAddressDialog:
        self.return_dialog = ReturnAddressDialog(self.session, self)
        self.return_dialog.open()
        return self.return_dialog

    def preview_packing_list(self) -> PrintPreview | None:
        from datetime import date, timedelta  # noqa: PLC0415

        from casefile.services.documents import printing  # noqa: PLC0415

        today = date.today()
        data = self.render(lambda s: printing.print_packing_list(s, today,
                                                                 today + timedelta(days=14)))
        return None if data is None else self._show_preview(_("Packing list"), data,
                                                            "packing-list.pdf")

    def _show_preview(self, label: str, data: bytes, name: str) -> PrintPreview:
        self.preview_dialog = PrintPreview(label, data, name, self)
        self.preview_dialog.open()
        return self.preview_dialog

    def confirm_discard(self) -> bool:
        """Before the editor's record is left: Save / Don't save / Cancel. True if the
        person may go on (saved, or chose not to save); False to stay with the edits."""
        if not self.editor.is_dirty:
            return True
        button = QMessageBox.StandardButton
        record = self.editor.record
        box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                          _("Save the changes to “{0}”?").format(record_title(record))
                          if record else _("Save this new record?"),
                          button.Save | button.Discard | button.Cancel, self)
        box.setObjectName("unsaved_changes")
        box.setInformativeText(_("If you don't save, your changes are lost."))
        box.button(button.Save).setText(_("&Save"))
        box.button(button.Discard).setText(_("&Don't save"))
        box.button(button.Cancel).setText(_("Cancel"))
        box.setDefaultButton(button.Save)
        box.setEscapeButton(button.Cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is box.button(button.Save):
            return self.editor.save() is not None  # a wrong field: stay, the form says why
        return clicked is box.button(button.Discard)

    def _selection_changed(self, _selected: QItemSelection,
                           _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        record_id = rows[0].data(IdRole) if rows else None
        if not record_id or record_id == (self.editor.record or {}).get("id"):
            return
        if not self.open_record(record_id):  # kept the unsaved edits: their row again
            shown = (self.editor.record or {}).get("id")
            if shown:
                self.select_in_list(shown)
            else:
                self.view.clearSelection()

    def open_record(self, record_id: str) -> bool:
        """Show the record in the editor; False if the person kept unsaved edits."""
        if not self.confirm_discard():
            return False
        self.editor.load(self.session.get(self.record_type, record_id))
        self.files.set_record(record_id)
        self._show_views(record_id)
        if self.tabs is not None and self.overview is not None:
            self.tabs.setCurrentWidget(self.overview)
        self._update_actions()
        return True

    def select_in_list(self, record_id: str, *, reveal: bool = False) -> bool:
        """Select the record's row (scrolled into view). With ``reveal`` a filter that hides
        it is cleared first. False if the list does not show it."""
        if reveal and self.filter.text() and not self.model.contains(record_id):
            self.filter.clear()
        row = self.model.find_row(record_id)
        if row is None:
            self.view.clearSelection()
            return False
        index = self.model.ensure_row(row)
        self.view.selectRow(row)
        self.view.scrollTo(index)
        return True

    def _update_actions(self) -> None:
        """Delete acts only on a record the list shows: never on one a filter hides."""
        record = self.editor.record
        self.delete_button.setEnabled(record is not None
                                      and self.model.contains(record["id"]))

    def _show_views(self, record_id: str | None) -> None:
        """The overview, timeline and money of the record shown (or empty without one)."""
        if self.overview is not None:
            self.overview.show_person(record_id)
        if self.timeline is not None:
            self.timeline.show_case(record_id)
        if self.money is not None:
            key = "person_id" if self.record_type == "person" else "case_id"
            self.money.show_money(**{key: record_id})

    def new_record(self) -> None:
        if self.confirm_discard():
            self.view.clearSelection()
            self.editor.load(None)
            self.files.set_record(None)
            self._show_views(None)
            if self.tabs is not None:
                self.tabs.setCurrentWidget(self.editor)
            self._update_actions()

    def delete_current(self) -> None:
        """Delete the record shown, if the list shows it too, after a question whose
        default is No."""
        record = self.editor.record
        if not record or not self.model.contains(record["id"]):
            self._update_actions()
            return
        no = QMessageBox.StandardButton.No
        box = QMessageBox(QMessageBox.Icon.Question, _("Delete"),
                          _("Delete “{0}”? This cannot be undone.").format(record_title(record)),
                          QMessageBox.StandardButton.Yes | no, self)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
            return
        try:
            self.session.delete(self.record_type, record["id"])
        except CasefileError as exc:
            QMessageBox.warning(self, _("Delete"), str(exc))
            return
        self.model.refresh()
        self.editor.load(None)
        self.files.set_record(None)
        self._show_views(None)
        self._update_actions()
        self.deleted.emit(record_title(record))

    def refresh_shown(self) -> None:
        """Records changed underneath (a bundle, a spreadsheet): the list, and the open record
        with its overview, timeline and money, afresh — unless the person is editing it."""
        self.model.refresh()
        record = self.editor.record
        if record is None or self.editor.is_dirty:
            self._update_actions()
            return
        try:
            fresh = self.session.get(self.record_type, record["id"])
        except CasefileError:  # deleted by what came in
            fresh = None
        self.editor.load(fresh)
        self.files.set_record(fresh["id"] if fresh else None)
        self._show_views(fresh["id"] if fresh else None)
        self._update_actions()

    def show_history(self) -> HistoryDialog | None:
        record = self.editor.record
        if record is None:
            QMessageBox.information(self, _("History"), _("Choose a record first."))
            return None
        self.history_dialog = HistoryDialog(self.session, self.record_type, record["id"],
                                            record_title(record), self)
        self.history_dialog.finished.connect(self.history_dialog.deleteLater)
        self.history_dialog.open()
        return self.history_dialog

    def _saved(self, record: dict[str, Any]) -> None:
        self.model.refresh()
        self.files.set_record(record["id"])
        self._show_views(record["id"])
        self.select_in_list(record["id"])
        self._update_actions()


class DashboardPage(QWidget):
    """What needs doing this week; each line opens its record (``open_requested``)."""

    open_requested = Signal(str, str)  # type, id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("page_dashboard")
        self.list = QListWidget(objectName="dashboard")
        self.list.setAccessibleName(_("This week"))
        self.list.itemActivated.connect(self._activate)
        self.letters_chart = BarChart(_("Letters per month"))
        self.letters_chart.setObjectName("letters_chart")
        self.allowance_chart = GaugeBars(_("Parcel allowance used"))
        self.allowance_chart.setObjectName("allowance_chart")
        pictures = QHBoxLayout()
        pictures.addWidget(self.letters_chart, 1)
        pictures.addWidget(self.allowance_chart, 1)
        layout = QVBoxLayout(self)
        heading = QLabel(_("This week"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)
        layout.addWidget(self.list, 3)
        layout.addLayout(pictures, 2)
        self.refresh()

    def _section(self, title: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
        self.list.addItem(heading_item(title))
        if not rows:
            self.list.addItem(target_item("    " + _("nothing"), ""))
        for text, record in rows:
            self.list.addItem(target_item("    " + text, f"{record['type']}/{record['id']}"))

    def refresh(self, today: date | None = None) -> None:
        today = today or date.today()
        w = week(self.session, today)
        names = self._names()
        self.list.clear()
        self._section(_("Hearings in the next 14 days"), [
            (f"{format_moment(h['starts_at'])}  {self._case_title(h['case_id'])}"
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

    def _pictures(self, today: date) -> None:
        letters = letters_per_month(self.session, 12, today)
        self.letters_chart.set_data(
            [format_month(m.month, year=m.month.endswith("-01") or i == 0)
             for i, m in enumerate(letters)],
            [Series(_("Sent"), "#1565c0", tuple(float(m.sent) for m in letters)),
             Series(_("Answered"), "#2e7d32", tuple(float(m.answered) for m in letters))])
        rows = []
        for a in parcel_allowance(self.session, today):
            period = choice_label("facility", "parcel_limit_period", a.period)
            rows.append(Gauge(a.name, a.fraction, a.text,
                              f"{a.name}, {a.facility_name}: {a.text} ({period})"))
        self.allowance_chart.set_rows(rows)

    def _names(self) -> dict[str, str]:
        return {p["id"]: p["full_name"] for p in self.session.list("person")}

    def _case_title(self, case_id: str) -> str:
        return self.session.get("case", case_id)["title"]

    def _activate(self, item: QListWidgetItem) -> None:
        target = item_target(item)
        if target:
            self.open_requested.emit(*target)
