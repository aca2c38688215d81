"""Time zones in the form: the box that finds one by the city people know it by, reading a
zone's name, and the zone a new hearing is offered from its court, case or facility."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from casefile.domain.folding import fold
from casefile.domain.namekeys import name_prefixes, translit_key
from casefile.domain.zones import ZONES, find_zones, zone_choices, zone_label, zone_name
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.views.hearingzone import hearing_zone

SUGGESTIONS = 50  # zones listed for what is typed, at most
PLACE_ROLE = Qt.ItemDataRole.UserRole + 1  # the place a suggestion was found by


def zone_of(name: str | None) -> ZoneInfo | None:
    """The zone named ``name``, or None when there is no such zone."""
    if not name or len(name) > 64 or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Asia' is a folder
        return None


def matched_place(zone: str, text: str) -> str | None:
    """The other place of ``zone`` that ``text`` found it by (Челябинск for "Челяб" or
    "chelyab": Asia/Yekaterinburg), in the language of the moment; None when ``text`` is
    the zone's own city or an offset."""
    known = ZONES.get(zone)
    folded = fold(text).strip()
    if known is None or len(folded) < 2:
        return None
    keys = {key for key in (translit_key(folded), *name_prefixes(folded)) if len(key) >= 2}

    def found(name: str, inside: bool) -> bool:
        """A word of ``name`` starts with the text (or, ``inside``, has it: Иваново)."""
        words = [fold(name), *re.split(r"[\s-]+", fold(name))]
        key = translit_key(name)
        if inside:
            return folded in words[0] or any(len(k) >= 4 and k in key for k in keys)
        return any(w.startswith(folded) for w in words) or any(key.startswith(k) for k in keys)

    for inside in (False, True):
        if found(known.city, inside) or found(_(known.city), inside):
            return None
        for alias in known.aliases:
            if found(alias, inside) or found(_(alias), inside):
                return _(alias)
    return None


class _PlaceShown(QStyledItemDelegate):
    """A suggestion found by another place than its city says which: "Екатеринбург (UTC+5)
    — Челябинск". Only the list shows it: the zone's label is what goes in the box."""

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        place = index.data(PLACE_ROLE)
        if place:
            option.text = f"{option.text} — {place}"


class _TypedLine(QLineEdit):
    """The box's text. With each key typed Qt's completer marks as current the suggestion
    whose text starts with what is typed ("Новосибирск" for "ново"), and Down then went to
    the second: unmarked, Down always goes to the first suggestion."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        super().keyPressEvent(event)
        if event.text():
            _unmark(self.completer())


def _unmark(completer: QCompleter | None) -> None:
    popup = completer.popup() if completer is not None else None
    if popup is not None and popup.isVisible():
        popup.setCurrentIndex(QModelIndex())


@functools.cache
def _iana_names() -> frozenset[str]:
    return frozenset(available_timezones())


def typed_zone(text: str) -> str | None:
    """The zone ``text`` names beyond doubt: an IANA name (Asia/Yekaterinburg), a label as the
    box shows it, a city's whole name in either language, or the only zone found for it."""
    text = text.strip()
    if not text:
        return None
    if text in _iana_names():
        return text
    found = find_zones(text)
    if len(found) == 1:
        return found[0]
    if found:
        best = found[0]
        known = ZONES.get(best)
        names = {zone_label(best), zone_name(best), known.city if known else best}
        if fold(text) in {fold(name) for name in names}:
            return best
    return None


class TimezoneBox(QComboBox):
    """A time zone chosen by its city: "Екатеринбург (UTC+5)", "Yekaterinburg (UTC+5)".

    What is typed (a city or region in Russian or English or a Latin spelling of the Russian
    name, "Челяб", "ekaterinburg", or an offset, "UTC+5") lists the zones ``find_zones`` finds,
    best first: Down and Enter (or Tab) choose one, as does leaving the field when the text
    names a single zone. ``value()`` is the IANA name (Asia/Yekaterinburg).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone: str | None = None  # chosen, shown as self._label
        self._label = ""
        self._zones: list[str] = []  # the items' zones, kept here rather than read from Qt
        self.setEditable(True)
        self.edit = _TypedLine()
        self.setLineEdit(self.edit)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(20)
        placeholder = _("Type a city: Yekaterinburg, Chelyabinsk…")
        self.setPlaceholderText(placeholder)  # and Qt does not pick the first item itself
        self.edit.setPlaceholderText(placeholder)
        self.suggestions = QCompleter(self.model(), self)
        self.suggestions.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.suggestions.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.suggestions.setWrapAround(False)  # Down on the last one keeps it
        self.setCompleter(self.suggestions)
        popup = self.suggestions.popup()
        if popup is not None:
            popup.setItemDelegate(_PlaceShown(popup))
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._tidy)
        self.currentIndexChanged.connect(self._picked)
        self._fill(zone_choices(), "")

    # -- value ---------------------------------------------------------------------------

    def value(self) -> str | None:
        """The IANA name; what was typed when it names no zone (validation says so)."""
        text = self.edit.text().strip()
        if not text:
            return None
        if self._zone is not None and text == self._label:
            return self._zone
        return typed_zone(text) or text

    def set_value(self, value: str | None) -> None:
        self._choose(value or None)
        self.editTextChanged.emit(self.edit.text())

    def pending_error(self) -> str | None:
        value = self.value()
        if value is None or value == self._zone or zone_of(value) is not None:
            return None
        return _("choose one of the suggestions, or clear the field")

    # -- choosing ------------------------------------------------------------------------

    def _choose(self, zone: str | None) -> None:
        """``zone`` chosen and shown by its label; the items stay when it is among them
        (the suggestions may be choosing it: their rows must still be the same zones)."""
        self._zone = zone
        self._label = zone_label(zone) if zone else ""
        self._fill(self._zones if zone in self._zones else self._offered(), self._label)

    def _offered(self) -> list[str]:
        """What the drop-down lists: the table's zones (and the chosen one if not there)."""
        zones = zone_choices()
        if self._zone and self._zone not in zones:
            zones.insert(0, self._zone)
        return zones

    def _fill(self, zones: list[str], text: str, typed: str = "") -> None:
        """Replace the items with ``zones`` without disturbing what is being typed; each
        found by another place than its city (``typed``) notes it for the suggestions."""
        cursor = self.edit.cursorPosition()
        blocked = self.blockSignals(True)
        self.clear()
        self._zones = list(zones)
        for row, zone in enumerate(self._zones):
            self.addItem(zone_label(zone))
            if typed and (place := matched_place(zone, typed)):
                self.setItemData(row, place, PLACE_ROLE)
        self.setCurrentIndex(self._zones.index(self._zone) if self._zone in self._zones else -1)
        self.setEditText(text)
        self.edit.setCursorPosition(min(cursor, len(text)))
        self.blockSignals(blocked)

    def _typed(self, text: str) -> None:
        if self._zone is not None and text.strip() != self._label:
            self._zone, self._label = None, ""
        self._fill(find_zones(text)[:SUGGESTIONS], text, text)
        if text.strip():
            self.suggestions.complete()
            _unmark(self.suggestions)  # Down goes to the first, whatever Qt guessed was meant

    def _tidy(self) -> None:
        """Left with a text that names one zone: that zone, shown by its label."""
        if self._zone is not None and self.edit.text().strip() == self._label:
            return
        zone = typed_zone(self.edit.text())
        if zone is not None:
            self._choose(zone)
            self.editTextChanged.emit(self.edit.text())

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        text = self.edit.text().strip()
        if not text or text == self._label:
            self._fill(self._offered(), self.edit.text())
        super().showPopup()

    def _picked(self, row: int) -> None:
        if not 0 <= row < len(self._zones):
            return
        popup = self.suggestions.popup()
        if popup is not None and popup.isVisible():
            popup.hide()  # chosen (from the drop-down or by keys): the suggestions are done
        zone = self._zones[row]
        if zone != self._zone:
            self._zone, self._label = zone, self.itemText(row)


class HearingZoneOffer:
    """A hearing's zone offered from its court, case or a defendant's facility
    (``hearing_zone``) when the case is chosen or the court typed, as long as the person has
    not chosen a zone: the box empty, or holding the zone offered before."""

    def __init__(self, session: Session, zone: Callable[[], str | None],
                 set_zone: Callable[[str], None]) -> None:
        self.session = session
        self._zone = zone
        self._set_zone = set_zone
        self._offered: str | None = None

    def forget(self) -> None:
        """Another record is shown: its zone is its own."""
        self._offered = None

    def offer(self, case_id: str | None, court: str | None) -> None:
        current = self._zone()
        if current is not None and current != self._offered:
            return
        zone = hearing_zone(self.session, case_id, court)
        if zone and zone != current:
            self._offered = zone
            self._set_zone(zone)
