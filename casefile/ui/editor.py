"""The record editor, built from the field specs: one input per writable field.

Every input carries ``objectName = "field_<name>"``, the field's translated label as its
accessible name and its help as a tooltip. Composite inputs (date and time, lists of
references, parcel items) carry the name on the composite and expose their parts as
attributes. Saving goes through the session (validation included); each error is shown
under its own field, and an edit sends only the fields that changed.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from PySide6.QtCore import QDate, QLocale, QPoint, QRegularExpression, Qt, QTime, Signal
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QRegularExpressionValidator,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from casefile.domain.describe import record_title
from casefile.domain.errors import CasefileError, NotFoundError, ValidationError
from casefile.domain.fields import FieldSpec, Kind
from casefile.domain.records import SPECS
from casefile.domain.validate import LOCAL_ONLY
from casefile.i18n import _, format_date, format_moment, parse_date
from casefile.services.records.session import Session, StorageError
from casefile.services.views.allowance import parcel_check
from casefile.ui.items_table import ItemsTable
from casefile.ui.widgets import ERROR_STYLE

PICKER_LIMIT = 50
# 11:30, 11.30, 11 (11:00); 1130, 930
TIME_TYPED = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$|^(\d{1,2})(\d{2})$")
# Russia's zones west to east (and Crimea's), offered first because that is where courts
# and colonies are; every other IANA zone follows alphabetically.
RUSSIAN_ZONES = (
    "Europe/Kaliningrad", "Europe/Moscow", "Europe/Simferopol", "Europe/Kirov",
    "Europe/Volgograd", "Europe/Astrakhan", "Europe/Saratov", "Europe/Ulyanovsk",
    "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk", "Asia/Barnaul",
    "Asia/Tomsk", "Asia/Novokuznetsk", "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Chita",
    "Asia/Yakutsk", "Asia/Khandyga", "Asia/Vladivostok", "Asia/Ust-Nera", "Asia/Magadan",
    "Asia/Sakhalin", "Asia/Srednekolymsk", "Asia/Kamchatka", "Asia/Anadyr",
)


@functools.cache
def timezone_names() -> tuple[str, ...]:
    known = available_timezones()
    first = [z for z in RUSSIAN_ZONES if z in known]
    rest = sorted(z for z in known if z not in first and "/" in z
                  and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return (*first, *rest)


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


def zone_of(name: str | None) -> ZoneInfo | None:
    if not name or len(name) > 64 or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Asia' is a folder
        return None


# -- composite inputs ---------------------------------------------------------------------


class EntryLine(QLineEdit):
    """A short field (a date, a time) whose whole text is selected when it is clicked into.

    Tab already selects it all, so that what is typed replaces it; a click put the cursor
    wherever the mouse happened to land and mixed the typing into the old value instead.
    A click into a field that already has the focus places the cursor as usual.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clicked_in = False

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        self._clicked_in = event.reason() == Qt.FocusReason.MouseFocusReason

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        self._clicked_in = False
        super().focusOutEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        super().mouseReleaseEvent(event)
        if self._clicked_in and not self.hasSelectedText():  # not a drag over part of it
            self.selectAll()
        self._clicked_in = False

    def fit_width(self, samples: list[str]) -> None:
        """Never narrower than the widest of ``samples`` plus the buttons at its end."""
        text = max(self.fontMetrics().horizontalAdvance(s) for s in samples)
        margins = self.textMargins()
        frame = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, self)
        button = self.fontMetrics().height() + 12  # an action's icon and its padding
        self.setMinimumWidth(text + margins.left() + margins.right() + frame + 8
                             + button * len(self.actions()))


class DateField(EntryLine):
    """A date as the chosen language writes it (27.11.2026, 27 Nov 2026), typed or picked
    from a calendar; empty is no date. ``value()`` is ISO (YYYY-MM-DD).

    A QDateEdit cannot be empty, and an unknown date must stay unknown, so this is a line
    edit: the calendar opens from the button at its end or with Alt+Down. There is no
    clear button over the text (one click on it lost the date): select the text and
    delete it, or choose "No date" under the calendar.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("DD.MM.YYYY"))
        self.setMaxLength(20)  # "27 сентября 2026" typed out
        icon = QIcon.fromTheme("x-office-calendar",
                               self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.calendar_action = QAction(icon, _("Choose from a calendar"), self)
        self.calendar_action.setToolTip(_("Choose from a calendar (Alt+Down)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.fit_width([format_date(f"2026-{m:02d}-28") for m in range(1, 13)]
                       + [self.placeholderText()])
        self.editingFinished.connect(self._tidy)
        # Made on first use: most date fields never open their calendar.
        self._menu: QMenu | None = None
        self._calendar: QCalendarWidget | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if (event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        super().keyPressEvent(event)

    @property
    def calendar(self) -> QCalendarWidget:
        if self._calendar is None:
            self._menu = QMenu(self)
            self._calendar = QCalendarWidget(self._menu)
            self._calendar.setGridVisible(True)
            self._calendar.setAccessibleName(_("Calendar"))
            self._calendar.clicked.connect(self._picked)
            self._calendar.activated.connect(self._picked)
            holder = QWidgetAction(self._menu)
            holder.setDefaultWidget(self._calendar)
            self._menu.addAction(holder)
            self._menu.addSeparator()
            self.no_date_action = self._menu.addAction(_("No date"))
            self.no_date_action.triggered.connect(self._no_date)
        return self._calendar

    def open_calendar(self) -> None:
        calendar = self.calendar
        calendar.setSelectedDate(self.date() or QDate.currentDate())
        if self._menu is not None:
            self._menu.popup(self.mapToGlobal(QPoint(0, self.height())))
        calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.set_value(day.toString("yyyy-MM-dd"))
        if self._menu is not None:
            self._menu.close()
        self.setFocus()

    def _no_date(self) -> None:
        self.clear()
        self.setFocus()

    def _tidy(self) -> None:
        """Typed in any form a date is read in, shown the way the language writes it."""
        day = parse_date(self.text())
        if day is not None and self.text() != format_date(day):
            self.setText(format_date(day))

    def date(self) -> QDate | None:
        day = parse_date(self.text())
        return None if day is None else QDate.fromString(day, "yyyy-MM-dd")

    def value(self) -> str | None:
        """ISO text, or what was typed if it is not a date (validation says what is wrong)."""
        text = self.text().strip()
        if not text:
            return None
        return parse_date(text) or text

    def set_value(self, value: str | None) -> None:
        day = parse_date(value)
        self.setText(format_date(day) if day is not None else value or "")


def parse_time(text: str) -> tuple[int, int] | None:
    """11:30, 11.30, 1130, 930 and 11 (11:00) as (hour, minute); '' is midnight."""
    text = text.strip()
    if not text:
        return (0, 0)
    m = TIME_TYPED.match(text)
    if m is None:
        return None
    hour, minute = int(m[1] or m[3]), int(m[2] or m[4] or 0)
    return (hour, minute) if hour < 24 and minute < 60 else None


class TimeField(EntryLine):
    """A time of day on a 24-hour clock, typed as 11:30 (or 11.30, 1130, 11).

    A QTimeEdit edits the section under the cursor: clicked at its end and typed 11:30, it
    put 11 and then 30 into the minutes and showed 00:30. Here what is typed replaces the
    whole time (a click selects it all); Up and Down move it by five minutes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("HH:MM"))
        self.setMaxLength(5)
        self.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"\d{0,4}|\d{1,2}[:.]\d{0,2}"), self))
        self.fit_width(["00:00", self.placeholderText()])
        self.setMaximumWidth(self.minimumWidth() + self.fontMetrics().horizontalAdvance("00"))
        self.editingFinished.connect(self._tidy)

    def time(self) -> QTime:
        """The time shown (00:00 when empty); an invalid QTime if the text is not a time."""
        parsed = parse_time(self.text())
        return QTime() if parsed is None else QTime(*parsed)

    def setTime(self, value: QTime) -> None:  # noqa: N802 - as QTimeEdit has it
        self.setText(value.toString("HH:mm") if value.isValid() else "")

    def _tidy(self) -> None:
        parsed = parse_time(self.text())
        if parsed is not None and self.text():
            self.setTime(QTime(*parsed))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        step = {Qt.Key.Key_Up: 5, Qt.Key.Key_Down: -5}.get(Qt.Key(event.key()))
        current = self.time()
        if step is None or not current.isValid():
            super().keyPressEvent(event)
            return
        self.setTime(current.addSecs(step * 60))
        self.selectAll()


class DateTimeField(QWidget):
    """A date and a time on the court's clock, with the same moment in the user's own zone.

    The wall time typed is read in ``zone`` (the record's time zone); without one, in the
    UTC offset the stored value already had. The offset is therefore always explicit in
    what is stored, and changing the zone keeps the wall time and changes the offset.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date = DateField()
        self.time = TimeField()
        self.local_label = QLabel()
        self.local_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.local_label.setWordWrap(True)
        self._zone: tzinfo | None = None
        self._fallback: tzinfo | None = None
        # The date and the time side by side, each as wide as its text; the same moment on
        # the person's own clock under them (beside them it squeezed the date to "-02").
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date)
        row.addWidget(self.time)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.local_label)
        self.date.textChanged.connect(self._changed)
        self.time.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self._update_local()
        self.changed.emit()

    def set_zone(self, name: str | None) -> None:
        self._zone = zone_of(name)
        self._update_local()

    def _tz(self) -> tzinfo | None:
        return self._zone or self._fallback

    def moment(self) -> datetime | None:
        """The entered moment, aware if a zone is known; None if no valid date is entered."""
        day = self.date.value()
        if day is None:
            return None
        try:
            parsed = date.fromisoformat(day)
        except ValueError:
            return None
        t = self.time.time()
        if not t.isValid():
            return None
        naive = datetime(parsed.year, parsed.month, parsed.day, t.hour(), t.minute())
        tz = self._tz()
        return naive.replace(tzinfo=tz) if tz is not None else naive

    def value(self) -> str | None:
        day = self.date.value()
        if day is None:
            return None
        moment = self.moment()
        if moment is None:  # not a date, or not a time: let validation explain
            return day if parse_date(day) is None else f"{day}T{self.time.text().strip()}"
        # Without a zone this is naive, and validation asks for one: better than guessing.
        return moment.isoformat(timespec="minutes")

    def set_value(self, value: str | None) -> None:
        self._fallback = None
        moment = None
        if value:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                moment = None
        if moment is None:
            self.date.set_value(value or None)
            self.time.setTime(QTime())
        else:
            if moment.tzinfo is not None:
                self._fallback = moment.tzinfo
                if self._zone is not None:
                    moment = moment.astimezone(self._zone)
            self.date.set_value(moment.date().isoformat())
            self.time.setTime(QTime(moment.hour, moment.minute))
        self._update_local()

    def _update_local(self) -> None:
        moment = self.moment()
        if moment is None or moment.tzinfo is None:
            self.local_label.setText("")
            self.local_label.hide()
            return
        local = moment.astimezone()  # the computer's own zone
        text = _("{0} your time").format(format_moment(local.isoformat()))
        self.local_label.setText("= " + text)
        self.local_label.setAccessibleName(text)
        self.local_label.show()


class TimezoneBox(QComboBox):
    """An IANA zone name, typed with completion over every known zone (Russia's first)."""

    def __init__(self, required: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.edit = QLineEdit()
        self.setLineEdit(self.edit)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if not required:
            self.addItem("")
        self.addItems(list(timezone_names()))
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.edit.setPlaceholderText(_("e.g. Asia/Yekaterinburg"))

    def value(self) -> str | None:
        return self.currentText().strip() or None

    def set_value(self, value: str | None) -> None:
        index = self.findText(value or "", Qt.MatchFlag.MatchExactly)
        if index >= 0:
            self.setCurrentIndex(index)
        self.setEditText(value or "")


def form_area(body: QWidget) -> QScrollArea:
    """A scroll area for a form that scrolls up and down only: never narrower than the form,
    so there is no horizontal scroll bar."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(body.minimumSizeHint().width()
                           + scroll.verticalScrollBar().sizeHint().width()
                           + 2 * scroll.frameWidth())
    return scroll


class RecordPicker(QComboBox):
    """Choose one record of ``record_type`` by typing part of its name.

    The drop-down's items are the records found for what is typed (full text, in SQL,
    at most PICKER_LIMIT); the completer shows them unfiltered because the search already
    matched stems and transliterations the typed text may not literally contain.
    """

    # The chosen id, or "" when none. Not Signal(object): PySide6 6.12 on Python 3.11 drops
    # a reference to None each time one crosses from Qt to Python (None arriving through
    # a signal, or an empty QVariant from currentData()/item.data()), and crashes later.
    chosen = Signal(str)

    def __init__(self, session: Session, record_type: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record_type = record_type
        self._id: str | None = None
        self._title = ""
        self._ids: list[str] = []  # the items' ids, kept here rather than read back from Qt
        self.setEditable(True)
        self.edit = QLineEdit()
        self.setLineEdit(self.edit)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        # Not as wide as its placeholder: a form must fit a 1024 px screen.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        label = _(SPECS[record_type].label).lower()
        placeholder = _("Which {0}? Type to search…").format(label)
        # A combo placeholder also stops Qt from selecting the first result as it arrives.
        self.setPlaceholderText(placeholder)
        self.edit.setPlaceholderText(placeholder)
        self.suggestions = QCompleter(self.model(), self)
        self.suggestions.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.suggestions.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self.suggestions)
        self.edit.textEdited.connect(self._typed)
        self.currentIndexChanged.connect(self._picked)

    # -- value ---------------------------------------------------------------------------

    def value(self) -> str | None:
        return self._id

    def set_value(self, record_id: str | None) -> None:
        self._id, self._title = None, ""
        records = []
        if record_id:
            try:
                records = [self.session.get(self.record_type, record_id)]
            except NotFoundError:
                records = []
            self._id = record_id
            self._title = record_title(records[0]) if records else record_id
        self._fill(records, self._title)
        self.chosen.emit(self._id or "")

    def pending_error(self) -> str | None:
        """Text typed but nothing chosen: a clear exact match is taken, otherwise refused."""
        text = self.edit.text().strip()
        if not text or self._id is not None:
            return None
        exact = [row for row in range(self.count())
                 if self.itemText(row).casefold() == text.casefold()]
        if len(exact) == 1:
            self.setCurrentIndex(exact[0])
            return None
        return _("choose one of the suggestions, or clear the field")

    # -- searching -----------------------------------------------------------------------

    def _search(self, text: str) -> list[dict[str, Any]]:
        try:
            return self.session.list(self.record_type, match=text.strip() or None,
                                     limit=PICKER_LIMIT)
        except (CasefileError, StorageError):
            return []

    def _fill(self, records: list[dict[str, Any]], text: str) -> None:
        """Replace the items with ``records`` without disturbing what is being typed."""
        cursor = self.edit.cursorPosition()
        blocked = self.blockSignals(True)
        self.clear()
        self._ids = [record["id"] for record in records]
        for record in records:
            self.addItem(record_title(record))
        self.setCurrentIndex(self._ids.index(self._id) if self._id in self._ids else -1)
        self.setEditText(text)
        self.edit.setCursorPosition(min(cursor, len(text)))
        self.blockSignals(blocked)

    def _typed(self, text: str) -> None:
        if self._id is not None and text.strip() != self._title:
            self._id, self._title = None, ""
            self.chosen.emit("")
        self._fill(self._search(text), text)
        if text.strip():
            self.suggestions.complete()

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        text = self.edit.text()
        if not text.strip() or text.strip() == self._title:
            records = self._search("")
            if self._id and self._id not in {r["id"] for r in records}:
                with contextlib.suppress(CasefileError):
                    records.insert(0, self.session.get(self.record_type, self._id))
            self._fill(records, text)
        super().showPopup()

    def _picked(self, row: int) -> None:
        if not 0 <= row < len(self._ids):
            return
        record_id = self._ids[row]
        popup = self.suggestions.popup()
        if popup is not None and popup.isVisible():
            popup.hide()  # chosen (from the drop-down or by keys): the suggestions are done
        if record_id != self._id:
            self._id, self._title = record_id, self.itemText(row)
            self.chosen.emit(record_id)


class RefListField(QWidget):
    """An ordered list of chosen records, added with a picker and removed with a button."""

    changed = Signal()

    def __init__(self, session: Session, record_type: str, label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record_type = record_type
        self.list = QListWidget()
        self.list.setAccessibleName(label)
        self.list.setMaximumHeight(110)
        self.picker = RecordPicker(session, record_type)
        self.picker.setAccessibleName(_("{0}: add").format(label))
        self.add_button = QPushButton(_("Add"))
        self.add_button.setAccessibleName(_("Add to {0}").format(label))
        self.add_button.setEnabled(False)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove from {0}").format(label))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.picker)  # the buttons under it: narrow enough for 1024 px
        layout.addLayout(row)
        self.picker.chosen.connect(lambda rid: self.add_button.setEnabled(bool(rid)))
        self.picker.edit.returnPressed.connect(self.add_chosen)
        self.add_button.clicked.connect(self.add_chosen)
        self.remove_button.clicked.connect(self.remove_selected)

    def add_chosen(self) -> None:
        record_id = self.picker.value()
        if record_id is None:
            return
        if record_id not in self.value():
            item = QListWidgetItem(self.picker.currentText())
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            self.list.addItem(item)
            self.changed.emit()
        self.picker.set_value(None)
        self.picker.setFocus()

    def remove_selected(self) -> None:
        rows = sorted((self.list.row(i) for i in self.list.selectedItems()), reverse=True)
        if not rows and self.list.currentRow() >= 0:
            rows = [self.list.currentRow()]
        for row in rows:
            self.list.takeItem(row)
        if rows:
            self.changed.emit()

    def value(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())]

    def set_value(self, ids: list[str] | None) -> None:
        self.list.clear()
        for record_id in ids or []:
            try:
                title = record_title(self.session.get(self.record_type, record_id))
            except NotFoundError:
                title = record_id
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            self.list.addItem(item)
        self.picker.set_value(None)

    def pending_error(self) -> str | None:
        if self.picker.value() is not None or self.picker.edit.text().strip():
            return _("press Add to add the chosen record, or clear the search field")
        return None


# -- bindings: one field <-> one input ------------------------------------------------------


class Binding:
    """Reads and writes one field's value in its input, whatever widget that is."""

    def __init__(self, field: FieldSpec, widget: QWidget, focus: QWidget | None = None) -> None:
        self.field = field
        self.widget = widget  # what goes in the form (named field_<name>)
        self.focus = focus or widget  # what the label is buddy to

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def on_change(self, callback: Callable[[], None]) -> None:
        raise NotImplementedError

    def pending_error(self) -> str | None:
        return None


class LineBinding(Binding):
    """TEXT, EMAIL, PHONE, DECIMAL, INT and NUMBER: a line edit; empty is None."""

    widget: QLineEdit

    def __init__(self, field: FieldSpec) -> None:
        edit = QLineEdit()
        if field.max_length:
            edit.setMaxLength(field.max_length)
        pattern = {
            Kind.INT: r"-?\d{0,12}",
            Kind.NUMBER: r"-?\d{0,9}([.,]\d{0,6})?",
            Kind.DECIMAL: r"-?[\d ]{0,18}([.,]\d{0,4})?",
            Kind.PHONE: r"[0-9+()\-.\s]{0,40}",
        }.get(field.kind)
        if pattern:
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
        if field.kind in (Kind.INT, Kind.NUMBER, Kind.DECIMAL):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(160)
            if field.min_value is not None and field.max_value is not None:
                edit.setPlaceholderText(f"{field.min_value}–{field.max_value}")
        super().__init__(field, edit)

    def value(self) -> Any:
        text = self.widget.text().strip()
        if not text:
            return None
        try:
            if self.field.kind is Kind.INT:
                return int(text)
            if self.field.kind is Kind.NUMBER:
                return float(text.replace(",", "."))
        except ValueError:
            return text  # half-typed ("-"): validation says what is wrong
        return text

    def set_value(self, value: Any) -> None:
        if value is None:
            text = ""
        elif self.field.kind is Kind.NUMBER:  # with the language's decimal sign: 12,5
            text = f"{float(value):g}".replace(".", QLocale().decimalPoint())
        else:
            text = str(value)
        self.widget.setText(text)

    def on_change(self, callback: Callable[[], None]) -> None:
        self.widget.textChanged.connect(callback)


class TextBinding(Binding):
    """LONGTEXT (as typed) and STRLIST (one entry per line)."""

    widget: QPlainTextEdit

    def __init__(self, field: FieldSpec) -> None:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)  # Tab leaves the field, as everywhere else in the form
        edit.setMinimumHeight(60 if field.kind is Kind.STRLIST else 90)
        if field.kind is Kind.STRLIST:
            edit.setPlaceholderText(_("One per line"))
        super().__init__(field, edit)

    def value(self) -> Any:
        text = self.widget.toPlainText()
        if self.field.kind is Kind.STRLIST:
            return [line.strip() for line in text.splitlines() if line.strip()]
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        if self.field.kind is Kind.STRLIST:
            self.widget.setPlainText("\n".join(value or []))
        else:
            self.widget.setPlainText(value or "")

    def on_change(self, callback: Callable[[], None]) -> None:
        self.widget.textChanged.connect(callback)


class BoolBinding(Binding):
    widget: QCheckBox

    def __init__(self, field: FieldSpec, text: str = "") -> None:
        super().__init__(field, QCheckBox(text))

    def value(self) -> Any:
        return self.widget.isChecked()

    def set_value(self, value: Any) -> None:
        self.widget.setChecked(bool(value))

    def on_change(self, callback: Callable[[], None]) -> None:
        self.widget.toggled.connect(callback)


class EnumBinding(Binding):
    widget: QComboBox

    def __init__(self, field: FieldSpec) -> None:
        combo = QComboBox()
        # Each choice's value is its item data (findData works), but value() reads this list:
        # currentData() on the empty entry would hand Python a None (see RecordPicker.chosen).
        self.values: list[str | None] = [] if field.required else [None]
        self.values += [choice.value for choice in field.choices]
        if not field.required:
            combo.addItem(_(field.empty) if field.empty else "")
        for choice in field.choices:
            combo.addItem(_(choice.label), choice.value)
        super().__init__(field, combo)

    def value(self) -> Any:
        index = self.widget.currentIndex()
        return self.values[index] if 0 <= index < len(self.values) else None

    def set_value(self, value: Any) -> None:
        if value is None:
            self.widget.setCurrentIndex(-1 if self.field.required else 0)
            return
        if value not in self.values:  # a value from a newer casefile: keep it, not lose it
            self.values.append(value)
            self.widget.addItem(str(value), value)
        self.widget.setCurrentIndex(self.values.index(value))

    def on_change(self, callback: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(callback)


class WidgetBinding(Binding):
    """Inputs that already speak value()/set_value() and tell when they change."""

    def __init__(self, field: FieldSpec, widget: Any, signal: Any,
                 focus: QWidget | None = None) -> None:
        super().__init__(field, widget, focus)
        self._signal = signal

    def value(self) -> Any:
        return self.widget.value()  # type: ignore[attr-defined]

    def set_value(self, value: Any) -> None:
        self.widget.set_value(value)  # type: ignore[attr-defined]

    def on_change(self, callback: Callable[[], None]) -> None:
        self._signal.connect(lambda *_args: callback())

    def pending_error(self) -> str | None:
        check = getattr(self.widget, "pending_error", None)
        return check() if check is not None else None


# -- the editor ---------------------------------------------------------------------------


class RecordEditor(QWidget):
    """Edit one record of ``record_type``: ``load()`` it, then ``save()`` (or Ctrl+S)."""

    saved = Signal(dict)
    copy_requested = Signal(str)  # text to put on the clipboard, cleared again after 30 s
    dirty_changed = Signal(bool)

    def __init__(self, session: Session, record_type: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record_type = record_type
        self.spec = SPECS[record_type]
        self.record: dict[str, Any] | None = None
        self.bindings: dict[str, Binding] = {}
        self.readonly: dict[str, QLabel] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.copy_actions: list[QAction] = []
        self._baseline: dict[str, Any] = {}
        self._dirty = False
        self._loading = False
        self.setObjectName(f"editor_{record_type}")

        self.heading = named(QLabel(), "editor_title")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.message = named(QLabel(), "editor_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Narrow, a field goes under its label rather than out of sight (small screens).
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for field in self.spec.fields:
            self._add_field(field)
        local = BoolBinding(LOCAL_ONLY, _("Never share this record"))
        local.widget.setToolTip(_("Kept in this vault only: left out of every bundle"))
        self._add_row(local, None)
        body = QWidget()
        body.setLayout(self.form)
        scroll = self.form_area = form_area(body)
        self.status = named(QLabel(), "editor_status")
        self.save_button = named(QPushButton(_("Save")), "save")
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        # Window-wide, wherever the focus is (the list, the filter): Qt ignores shortcuts of
        # hidden widgets, so of the editors on the window's pages only the visible one saves.
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.save_shortcut.activated.connect(self.save)
        self._wire_record_type()
        self.load(None)

    # -- building ------------------------------------------------------------------------

    def _make_binding(self, field: FieldSpec) -> Binding:  # noqa: PLR0911 - one per kind
        kind = field.kind
        label = _(field.label)
        if kind is Kind.LONGTEXT or kind is Kind.STRLIST:
            return TextBinding(field)
        if kind is Kind.BOOL:
            return BoolBinding(field)
        if kind is Kind.ENUM:
            return EnumBinding(field)
        if kind is Kind.DATE:
            widget = DateField()
            return WidgetBinding(field, widget, widget.textChanged)
        if kind is Kind.DATETIME:
            moment = DateTimeField()
            moment.date.setAccessibleName(_("{0}: date").format(label))
            moment.time.setAccessibleName(_("{0}: time").format(label))
            moment.date.setObjectName(f"field_{field.name}_date")
            moment.time.setObjectName(f"field_{field.name}_time")
            moment.local_label.setObjectName(f"field_{field.name}_local")
            return WidgetBinding(field, moment, moment.changed, focus=moment.date)
        if kind is Kind.TIMEZONE:
            box = TimezoneBox(field.required)
            return WidgetBinding(field, box, box.editTextChanged)
        if kind is Kind.REF:
            picker = RecordPicker(self.session, field.ref or "")
            return WidgetBinding(field, picker, picker.chosen)
        if kind is Kind.REFLIST:
            refs = RefListField(self.session, field.ref or "", label)
            return WidgetBinding(field, refs, refs.changed, focus=refs.picker)
        if kind is Kind.ITEMS:
            items = ItemsTable()
            return WidgetBinding(field, items, items.changed, focus=items.table)
        return LineBinding(field)

    def _add_copy_action(self, line: QLineEdit) -> None:
        """A copy button inside the field; the window clears the clipboard after 30 s."""
        icon = QIcon.fromTheme(QIcon.ThemeIcon.EditCopy)
        if icon.isNull():
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        action = QAction(icon, _("Copy"), line)
        action.setObjectName(f"copy_{line.objectName() or 'field'}")
        action.setToolTip(_("Copy (removed from the clipboard after 30 seconds)"))
        action.triggered.connect(lambda: line.text() and self.copy_requested.emit(line.text()))
        line.addAction(action, QLineEdit.ActionPosition.TrailingPosition)
        self.copy_actions.append(action)

    def _add_field(self, field: FieldSpec) -> None:
        label = QLabel(_(field.label) + (" *" if field.required else ""))
        if field.readonly:
            shown = named(QLabel(), f"field_{field.name}")
            shown.setAccessibleName(_(field.label))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setBuddy(shown)
            self.readonly[field.name] = shown
            self.form.addRow(label, shown)
            return
        binding = self._make_binding(field)
        self._add_row(binding, label)

    def _add_row(self, binding: Binding, label: QLabel | None) -> None:
        field = binding.field
        binding.widget.setObjectName(f"field_{field.name}")
        name = _(field.label)
        binding.focus.setAccessibleName(name)
        if binding.widget is not binding.focus:
            binding.widget.setAccessibleName(name)
        if field.required:
            binding.focus.setAccessibleDescription(_("required"))
        if field.help:
            binding.widget.setToolTip(_(field.help))
            binding.focus.setToolTip(_(field.help))
            if label is not None:
                label.setToolTip(_(field.help))
        if isinstance(binding.widget, QLineEdit) and (
                field.kind in (Kind.PHONE, Kind.EMAIL) or field.name == "address"):
            self._add_copy_action(binding.widget)
        error = named(QLabel(), f"error_{field.name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(binding.widget)
        column.addWidget(error)
        if label is not None:
            label.setBuddy(binding.focus)
            self.form.addRow(label, cell)
        else:
            self.form.addRow(cell)
        binding.on_change(self._changed)
        self.bindings[field.name] = binding
        self.error_labels[field.name] = error

    def _wire_record_type(self) -> None:
        """The few fields that depend on another field of the same record."""
        zone = self.bindings.get("timezone")
        if zone is not None:
            zone.on_change(self._zone_changed)
        if self.record_type == "parcel":
            for name in ("person_id", "facility_id", "kind", "planned_on"):  # the limits
                self.bindings[name].on_change(self._facility_changed)
            self.bindings["person_id"].on_change(self._person_changed)
            self.bindings["items"].on_change(self._items_changed)

    # -- access --------------------------------------------------------------------------

    def input(self, name: str) -> QWidget:
        """The widget named ``field_<name>`` (the composite for composite inputs)."""
        return self.bindings[name].widget

    def value_of(self, name: str) -> Any:
        return self.bindings[name].value()

    def set_value(self, name: str, value: Any) -> None:
        self.bindings[name].set_value(value)

    def values(self) -> dict[str, Any]:
        return {name: b.value() for name, b in self.bindings.items()}

    def changes(self) -> dict[str, Any]:
        """Fields whose input differs from what was loaded (all values for a new record)."""
        return {name: value for name, value in self.values().items()
                if value != self._baseline.get(name)}

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    # -- loading -------------------------------------------------------------------------

    def _default(self, field: FieldSpec) -> Any:
        if field.is_list:
            return []
        return field.default

    def load(self, record: dict[str, Any] | None) -> None:
        """Show ``record`` (None: a new, empty one with the fields' defaults)."""
        self._loading = True
        try:
            self.record = record
            zone = (record or {}).get("timezone")
            for name, binding in self.bindings.items():
                if isinstance(binding.widget, DateTimeField):
                    binding.widget.set_zone(zone)  # before the value: it is shown in the zone
                field = binding.field
                value = record.get(name) if record is not None else self._default(field)
                binding.set_value(value)
            for name, shown in self.readonly.items():
                value = (record or {}).get(name)
                shown.setText("" if value is None else str(value))
            self._clear_errors()
            if record is None:
                self.heading.setText(_("{0} (new)").format(_(self.spec.label)))
            else:
                self.heading.setText(record_title(record))
            if self.record_type == "parcel":
                self._facility_changed()
                self._items_changed()
        finally:
            self._loading = False
        self._baseline = self.values()
        self._set_dirty(False)

    # -- changes -------------------------------------------------------------------------

    def _changed(self) -> None:
        if not self._loading:
            self._set_dirty(bool(self.changes()))

    def _set_dirty(self, dirty: bool) -> None:
        self.status.setText(_("Unsaved changes") if dirty else "")
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _zone_changed(self) -> None:
        zone = self.bindings["timezone"].value()
        for binding in self.bindings.values():
            if isinstance(binding.widget, DateTimeField):
                binding.widget.set_zone(zone)
        self._changed()  # the stored offset follows the zone

    def _facility_changed(self) -> None:
        items = self.bindings["items"].widget
        if not isinstance(items, ItemsTable):
            return
        # The parcel as typed so far against its facility's limits: the numbers the
        # dashboard and the опись show, from the same function.
        parcel = {"id": (self.record or {}).get("id"),
                  **{name: self.bindings[name].value()
                     for name in ("person_id", "facility_id", "kind", "planned_on")}}
        items.set_allowance(lambda rows: parcel_check(self.session, {**parcel, "items": rows})
                            if parcel["facility_id"] else None)

    def _person_changed(self) -> None:
        """A new parcel goes where the person is held, unless a facility is already chosen."""
        if self._loading or self.bindings["facility_id"].value():
            return
        person_id = self.bindings["person_id"].value()
        if not person_id:
            return
        try:
            facility_id = self.session.get("person", person_id).get("facility_id")
        except CasefileError:
            return
        if facility_id:
            self.bindings["facility_id"].set_value(facility_id)

    def _items_changed(self) -> None:
        shown = self.readonly.get("total_weight_g")
        items = self.bindings["items"].widget
        if shown is not None and isinstance(items, ItemsTable):
            shown.setText(str(items.total_g))

    # -- saving --------------------------------------------------------------------------

    def _clear_errors(self) -> None:
        self.message.hide()
        self.message.setText("")
        for name, label in self.error_labels.items():
            label.hide()
            label.setText("")
            binding = self.bindings[name]
            binding.focus.setAccessibleDescription(
                _("required") if binding.field.required else "")

    def _show_errors(self, errors: dict[str, str]) -> None:
        self._clear_errors()
        first: QWidget | None = None
        general = []
        for name, text in errors.items():
            label = self.error_labels.get(name)
            if label is None:
                general.append(f"{name}: {text}")
                continue
            label.setText(text)
            label.show()
            focus = self.bindings[name].focus
            focus.setAccessibleDescription(text)  # read out when the field gets focus
            first = first or focus
        if general:
            self._show_message("\n".join(general))
        if first is not None:
            first.setFocus()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def save(self) -> dict[str, Any] | None:
        """Store the form; the saved record, or None with the problems shown in the form."""
        pending = {name: err for name, b in self.bindings.items()
                   if (err := b.pending_error()) is not None}
        if pending:
            self._show_errors(pending)
            return None
        try:
            if self.record is None:
                record = self.session.add(self.record_type, self.values())
            else:
                changes = self.changes()
                if not changes:
                    self._clear_errors()
                    return self.record
                record = self.session.edit(self.record_type, self.record["id"], changes)
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return None
        except CasefileError as exc:
            self._clear_errors()
            self._show_message(str(exc))
            return None
        except StorageError as exc:
            self._clear_errors()
            self._show_message(_("Could not save: {0}").format(exc))
            return None
        self.load(record)
        self.saved.emit(record)
        return record
