"""What every passphrase field gets: a *Show passphrase* box and a Caps Lock warning.

Qt cannot ask the keyboard whether Caps Lock is on, so the letters typed tell: a capital
letter typed without Shift, or a small one with it, means Caps Lock is on; a letter that
agrees with Shift means it is off. The Caps Lock key itself flips what is known. The warning
shows under the fields while one of them has the focus and Caps Lock is known to be on.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from casefile.i18n import _
from casefile.services.safety.passphrase import assess
from casefile.ui.widgets import named, password_field

STRENGTH_COLOURS = {"weak": "#b00020", "fair": "#8a5a00", "strong": "#1b5e20"}
WARNING_STYLE = f"color: {STRENGTH_COLOURS['fair']}; font-weight: bold;"


def field_row(form: QFormLayout, widget: QWidget) -> None:
    """A row under the fields with no label of its own: it takes no room while hidden."""
    form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, widget)


def show_strength(label: QLabel, text: str) -> None:
    """How long ``text`` would hold against a lab with the seized disk (hidden if empty)."""
    label.setVisible(bool(text))
    if not text:
        label.clear()
        return
    strength = assess(text)
    label.setStyleSheet(f"color: {STRENGTH_COLOURS[strength.level]};")
    label.setText(strength.describe())


def caps_lock_from(event: QKeyEvent) -> bool | None:
    """Whether Caps Lock is on, judged from one key press (None: this key does not tell)."""
    text = event.text()
    if len(text) != 1 or not text.isalpha() or text.upper() == text.lower():
        return None
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    return text.isupper() != shift


class PassphraseGuard(QObject):
    """One *Show passphrase* box and one Caps Lock warning for a group of passphrase fields.

    Put ``show`` and ``caps`` in the layout near the fields; the fields stay QLineEdits."""

    def __init__(self, fields: Sequence[QLineEdit], parent: QWidget | None = None,
                 *, name: str = "") -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.caps_on: bool | None = None  # not known until a letter is typed
        self.show = named(QCheckBox(_("Show passphrase")), f"{name}show_passphrase")
        self.show.setAccessibleName(_("Show passphrase"))
        self.show.setAccessibleDescription(_("Shows what is typed instead of dots"))
        self.show.toggled.connect(self._echo)
        self.caps = named(QLabel(_("Caps Lock is on")), f"{name}caps_lock")
        self.caps.setStyleSheet(WARNING_STYLE)
        self.caps.setAccessibleName(_("Caps Lock is on"))
        self.caps.setVisible(False)
        for field in self.fields:
            field.installEventFilter(self)

    def _echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in self.fields:
            field.setEchoMode(mode)

    def hide_text(self) -> None:
        """Back to dots (after the passphrase was used, or the screen changed)."""
        self.show.setChecked(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_CapsLock:
                if self.caps_on is not None:
                    self.caps_on = not self.caps_on
            else:
                told = caps_lock_from(event)
                if told is not None:
                    self.caps_on = told
            self._update()
        elif kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut, QEvent.Type.Hide):
            QTimer.singleShot(0, self._update)  # once the focus has moved
        return False

    def _update(self) -> None:
        try:
            focused = any(f.hasFocus() and f.isVisible() for f in self.fields)
            self.caps.setVisible(bool(self.caps_on) and focused)
        except RuntimeError:  # the fields went with their window before the timer fired
            pass


class NewPassphrase:
    """A new passphrase typed twice, its strength under it, *Show passphrase* and the Caps
    Lock warning: the rows a form gets when a passphrase is set (changed, or recovered)."""

    def __init__(self, form: QFormLayout, parent: QWidget, *,
                 before: Sequence[QLineEdit] = ()) -> None:
        self.field = password_field("new_passphrase", _("New passphrase"))
        self.repeat = password_field("repeat_new_passphrase", _("Repeat the new passphrase"))
        self.guard = PassphraseGuard([*before, self.field, self.repeat], parent)
        self.strength = named(QLabel(), "new_strength")
        self.strength.setWordWrap(True)
        self.strength.setVisible(False)  # until something is typed
        self.field.textChanged.connect(self._show_strength)
        form.addRow(_("New passphrase"), self.field)
        field_row(form, self.strength)
        form.addRow(_("Repeat the new passphrase"), self.repeat)
        field_row(form, self.guard.caps)
        field_row(form, self.guard.show)

    def _show_strength(self, text: str) -> None:
        show_strength(self.strength, text)
        # A wrapped label does not ask its window for the lines it needs: say so, and the
        # dialog grows to show the whole of it.
        self.strength.setMinimumHeight(self.strength.heightForWidth(self.field.width())
                                       if text else 0)

    def problem(self) -> str:
        """What is wrong with what was typed, or "" when it can be set."""
        if not self.field.text():
            return _("the passphrase must not be empty")
        if self.field.text() != self.repeat.text():
            return _("the passphrases do not match")
        return ""

    def text(self) -> str:
        return self.field.text()
