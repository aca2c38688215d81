"""The record editor, built from the field specs: one input per writable field.

Every input carries ``objectName = "field_<name>"``, the field's translated label as its
accessible name and its help as a tooltip. Composite inputs (date and time, lists of
references, parcel items) carry the name on the composite and expose their parts as
attributes. Saving goes through the session (validation included); each error is shown
under its own field, and an edit sends only the fields that changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.describe import shown_title
from casefile.domain.errors import CasefileError, ValidationError
from casefile.domain.fields import FieldSpec, Kind
from casefile.domain.records import SPECS
from casefile.domain.validate import LOCAL_ONLY
from casefile.i18n import _
from casefile.services.records.session import Session, StorageError
from casefile.services.views.allowance import parcel_check
from casefile.ui.editor.bindings import Binding, BoolBinding, make_binding
from casefile.ui.editor.dates import DateTimeField
from casefile.ui.editor.zones import HearingZoneOffer
from casefile.ui.items_table import ItemsTable
from casefile.ui.screenfit import fit_form_rows, form_area
from casefile.ui.widgets import ERROR_STYLE, named


def field_description(field: FieldSpec) -> str:
    """What a screen reader says after a field's name: whether it is required, and its hint
    (shown on hover) — until an error takes their place."""
    return "; ".join([_("required")] * field.required + [_(field.help)] * bool(field.help))


def heading() -> QLabel:
    """The record's title over its form: a long name takes two lines, not a wider window."""
    label = named(QLabel(), "editor_title")
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.2)
    label.setFont(font)
    label.setWordWrap(True)
    return label


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
        self._labels: list[QLabel] = []  # of the form's rows
        self.error_labels: dict[str, QLabel] = {}
        self.copy_actions: list[QAction] = []
        self._baseline: dict[str, Any] = {}
        self._dirty = False
        self._loading = False
        self.setObjectName(f"editor_{record_type}")

        self.heading = heading()
        self.message = named(QLabel(), "editor_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Narrow, every label goes over its field (small screens): fit_form_rows.
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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        fit_form_rows(self.form, self._labels, self.form_area.viewport().width())

    # -- building ------------------------------------------------------------------------

    def _add_copy_action(self, line: QLineEdit) -> None:
        """A copy button inside the field; the window clears the clipboard after 30 s."""
        icon = QIcon.fromTheme(QIcon.ThemeIcon.EditCopy)
        if icon.isNull():
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        action = QAction(icon, _("Copy"), line)
        action.setObjectName(f"copy_{line.objectName() or 'field'}")
        action.setToolTip(_("Copy (removed from the clipboard after 30 seconds)"))
        action.triggered.connect(lambda: self._copy(line))
        line.addAction(action, QLineEdit.ActionPosition.TrailingPosition)
        self.copy_actions.append(action)

    def _copy(self, line: QLineEdit) -> None:
        if line.text():
            self.copy_requested.emit(line.text())

    def _add_field(self, field: FieldSpec) -> None:
        label = QLabel(_(field.label) + (" *" if field.required else ""))
        self._labels.append(label)
        if field.readonly:
            shown = named(QLabel(), f"field_{field.name}")
            shown.setAccessibleName(_(field.label))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setBuddy(shown)
            self.readonly[field.name] = shown
            self.form.addRow(label, shown)
            return
        binding = make_binding(field, self.session)
        self._add_row(binding, label)

    def _add_row(self, binding: Binding, label: QLabel | None) -> None:
        field = binding.field
        binding.widget.setObjectName(f"field_{field.name}")
        name = _(field.label)
        binding.focus.setAccessibleName(name)
        if binding.widget is not binding.focus:
            binding.widget.setAccessibleName(name)
        binding.focus.setAccessibleDescription(field_description(field))
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
        if self.record_type == "hearing":  # its zone offered from its court, case or facility
            box = self.bindings["timezone"]
            self.zone_offer = HearingZoneOffer(self.session, box.value, box.set_value)
            self.bindings["case_id"].on_change(self._offer_zone)
            court = self.bindings["court"].widget
            if isinstance(court, QLineEdit):
                court.editingFinished.connect(self._offer_zone)

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
                self.heading.setText(shown_title(record))
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

    def _offer_zone(self) -> None:
        if self._loading:
            self.zone_offer.forget()
        else:
            self.zone_offer.offer(self.value_of("case_id"), self.value_of("court"))

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
            self.bindings[name].focus.setAccessibleDescription(
                field_description(self.bindings[name].field))

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
