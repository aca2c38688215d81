"""Time zones: the IANA names offered (Russia's first), reading one, and the box to choose it."""

from __future__ import annotations

import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from casefile.i18n import _

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


def zone_of(name: str | None) -> ZoneInfo | None:
    """The zone named ``name``, or None when there is no such zone."""
    if not name or len(name) > 64 or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Asia' is a folder
        return None


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
