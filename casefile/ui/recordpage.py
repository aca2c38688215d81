"""A record page: the list of one record type beside its editor, files and views.

A person's page leads with their overview and money; a case's with its overview
(``caseview.py``), its timeline and money a tab away; a lawyer's contact page can export
their cases' hearings. The Print… menu and what it opens are in ``printmenu.py``.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import shown_title
from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _, ngettext
from casefile.services.records.session import Session
from casefile.services.records.trash import KEEP_DAYS
from casefile.ui.attachments import AttachmentsPanel, PlaintextCopies
from casefile.ui.caseview import CaseView, LawyerBar
from casefile.ui.columns import ColumnFitter
from casefile.ui.editor.form import RecordEditor
from casefile.ui.emptystate import EmptyList
from casefile.ui.history import HistoryDialog
from casefile.ui.models import IdRole, RecordTableModel
from casefile.ui.moneyview import MoneyView
from casefile.ui.person import PersonView
from casefile.ui.printmenu import PrintingPage
from casefile.ui.qtnames import name_field_buttons
from casefile.ui.timeline import TimelineView
from casefile.ui.widgets import named


class RecordPage(PrintingPage):
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
        self.new_button = named(QPushButton(_("New")), "new")
        self.delete_button = named(QPushButton(_("Delete")), "delete")
        self.history_button = named(QPushButton(_("History…")), "history")
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
        self.filter = named(QLineEdit(), "filter")
        self.filter.setPlaceholderText(_("Filter {0}…").format(_(spec.plural).lower()))
        self.filter.setAccessibleName(_("Filter"))
        self.filter.setAccessibleDescription(_("Shows only the records with what is typed"))
        self.filter.setClearButtonEnabled(True)
        name_field_buttons(self.filter)
        self.model = RecordTableModel(self.session, self.record_type, self)
        self.view = named(QTableView(), "list")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setAccessibleName(_(spec.plural))
        self.view.setAccessibleDescription(_("Arrow keys choose a record, which opens beside "
                                             "the list; Delete deletes it"))
        self.view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        # Show the order the model already has, or Qt sorts by column 0 at once.
        self.view.horizontalHeader().setSortIndicator(*self.model.sort_indicator())
        self.view.setSortingEnabled(True)
        # Columns as wide as their header and first rows need, the first ones kept whole.
        self.columns = ColumnFitter(self.view)

    def _build_layout(self, session: Session, record_type: str,
                      copies: PlaintextCopies) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()  # the buttons, then the filter on a row of its own over the list
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.history_button)
        if self.print_button is not None:
            top.addWidget(self.print_button)
        top.addStretch(1)
        lv.addLayout(top)
        lv.addWidget(self.filter)
        self.empty_state = EmptyList(self)  # the list, or what to do while there is none
        lv.addWidget(self.empty_state)
        self.files = AttachmentsPanel(session, copies)
        right = QSplitter(Qt.Orientation.Vertical)
        self.overview: PersonView | CaseView | None = None
        self.lawyer_bar: LawyerBar | None = None
        self.timeline: TimelineView | None = None
        self.money: MoneyView | None = None
        self.tabs: QTabWidget | None = None
        if record_type == "person":
            # A person's page leads with everything about them; editing is one tab away.
            self.overview = PersonView(session)
            self.overview.open_requested.connect(self.open_requested)
            self.money = MoneyView(session)
            self.tabs = named(QTabWidget(), "person_tabs")
            self.tabs.addTab(self.overview, _("Overview"))
            self.tabs.addTab(self.money, _("Money"))
            self.tabs.addTab(self.editor, _("Edit"))
            right.addWidget(self.tabs)
        elif record_type == "case":
            right.addWidget(self._case_tabs(session))
        elif record_type == "contact":
            right.addWidget(self._lawyer_form(session))
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
        # The list three fifths from the start, not what the form's size hint asks: a hearing's
        # time with its city and its case's title both whole on a 1366 px laptop.
        splitter.setSizes([3000, 2000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _case_tabs(self, session: Session) -> QTabWidget:
        """Like a person's page: the case's overview first, then its form, course and money."""
        self.overview = CaseView(session)
        self.overview.open_requested.connect(self.open_requested)
        self.overview.file_requested.connect(self.files.view)
        self.timeline = TimelineView(session)
        self.timeline.open_requested.connect(self.open_requested)
        self.money = MoneyView(session)
        self.tabs = named(QTabWidget(), "case_tabs")
        self.tabs.addTab(self.overview, _("Overview"))
        self.tabs.addTab(self.editor, _("Edit"))
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.tabs.addTab(self.money, _("Money"))
        return self.tabs

    def _lawyer_form(self, session: Session) -> QWidget:
        """A contact's form under the bar a lawyer's page shows (their cases, the export of
        those cases' hearings)."""
        self.lawyer_bar = LawyerBar(session)
        form = QWidget()
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.lawyer_bar)
        column.addWidget(self.editor, 1)
        return form

    def _set_tab_order(self) -> None:
        """Filter, list, the buttons acting on the chosen record; then New and the form."""
        # The form's scroll area would be a stop of its own before the first field.
        for area in self.editor.findChildren(QScrollArea):
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        chain: list[QWidget] = [self.filter, *self.empty_state.buttons, self.view,
                                self.delete_button, self.history_button]
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
        while (widget is not None and widget is not self.editor
               and self.editor.isAncestorOf(widget)):
            if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()
                    and widget.isEnabled()):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def confirm_discard(self) -> bool:
        """Before the editor's record is left: Save / Don't save / Cancel. True if the
        person may go on (saved, or chose not to save); False to stay with the edits."""
        if not self.editor.is_dirty:
            return True
        button = QMessageBox.StandardButton
        record = self.editor.record
        box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                          _("Save the changes to “{0}”?").format(shown_title(record))
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
        if isinstance(self.overview, CaseView):
            self.overview.show_case(record_id)
        elif self.overview is not None:
            self.overview.show_person(record_id)
        if self.lawyer_bar is not None:
            self.lawyer_bar.show_contact(record_id)
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
                          ngettext("Delete “{0}”? It stays in the trash for {1} day; files "
                                   "attached to it are deleted for good.",
                                   "Delete “{0}”? It stays in the trash for {1} days; files "
                                   "attached to it are deleted for good.",
                                   KEEP_DAYS).format(shown_title(record), KEEP_DAYS),
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
        self.deleted.emit(shown_title(record))

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
                                            shown_title(record), self)
        self.history_dialog.finished.connect(self.history_dialog.deleteLater)
        self.history_dialog.open()
        return self.history_dialog

    def _saved(self, record: dict[str, Any]) -> None:
        self.model.refresh()
        self.files.set_record(record["id"])
        self._show_views(record["id"])
        self.select_in_list(record["id"])
        self._update_actions()
