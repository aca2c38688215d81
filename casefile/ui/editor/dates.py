"""Dates and times as a person types them: a date (or none), a time of day, and both together
on the court's clock with the same moment in the person's own zone."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QDate, QPoint, QRegularExpression, Qt, QTime, Signal
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from casefile.i18n import _, format_date, format_moment, parse_date
from casefile.ui.editor.zones import zone_of
from casefile.ui.qtnames import name_qt_controls

# 11:30, 11.30, 11 (11:00); 1130, 930
TIME_TYPED = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$|^(\d{1,2})(\d{2})$")


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
            name_qt_controls(self._calendar)  # its grid of days, which takes the focus
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

