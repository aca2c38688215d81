"""One field <-> one input: reading and writing a field's value in its widget, whatever widget
that is, and the input made for each kind of field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from casefile.domain.fields import FieldSpec, Kind
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.ui.editor.dates import DateField, DateTimeField
from casefile.ui.editor.pickers import RecordPicker, RefListField
from casefile.ui.editor.zones import TimezoneBox
from casefile.ui.items_table import ItemsTable


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
        self.widget.setCursorPosition(0)  # a long name shows its start, not its end

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
        return self.widget.value()  # type: ignore[attr-defined]  # the inputs given here have it

    def set_value(self, value: Any) -> None:
        self.widget.set_value(value)  # type: ignore[attr-defined]  # as value() above

    def on_change(self, callback: Callable[[], None]) -> None:
        self._signal.connect(lambda *_args: callback())

    def pending_error(self) -> str | None:
        check = getattr(self.widget, "pending_error", None)
        return check() if check is not None else None


def make_binding(field: FieldSpec, session: Session) -> Binding:  # noqa: PLR0911 - one per kind
    """The input for ``field``'s kind, bound to the field."""
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
        box = TimezoneBox()
        return WidgetBinding(field, box, box.editTextChanged)
    if kind is Kind.REF:
        picker = RecordPicker(session, field.ref or "")
        return WidgetBinding(field, picker, picker.chosen)
    if kind is Kind.REFLIST:
        refs = RefListField(session, field.ref or "", label)
        return WidgetBinding(field, refs, refs.changed, focus=refs.picker)
    if kind is Kind.ITEMS:
        items = ItemsTable()
        return WidgetBinding(field, items, items.changed, focus=items.table)
    return LineBinding(field)
