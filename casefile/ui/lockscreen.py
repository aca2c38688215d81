"""The locked screen: the start page after a lock (Ctrl+L, idle, the desktop's screen lock).

It says "Locked" with the vault's folder name (never its full path) and asks for the
passphrase, with *Forgot the passphrase?* and *Open another vault…* beneath. The vaults used
before, with their paths, the create, demo and restore buttons are not shown until *Open
another vault…* is chosen. ``StartPage`` (``start.py``) takes this in as a mixin, so the
passphrase field, the busy bar and the unlocking are the same on both screens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from casefile.i18n import _
from casefile.ui.widgets import named


class LockedScreen:
    """The locked look of ``StartPage``; ``locked`` is True while it is shown."""

    locked = False
    folder: Path | None
    title: QLabel
    locked_note: QLabel
    recent_label: QLabel
    recent: QListWidget
    form: QFormLayout
    passphrase: QLineEdit
    create_button: QPushButton
    demo_button: QPushButton
    open_button: QPushButton
    restore_button: QPushButton
    forgot: QPushButton
    another: QPushButton
    go: QPushButton
    path_label: QLabel
    guard: Any  # passphrasebox.PassphraseGuard

    def ask_recover(self) -> Any: ...  # StartPage's

    def refresh(self) -> None: ...  # StartPage's

    def choose(self, folder: Path, *, create: bool = False) -> None: ...  # StartPage's

    def _browse_new(self) -> None: ...  # StartPage's

    def open_demo(self) -> None: ...  # StartPage's

    def _browse_existing(self) -> None: ...  # StartPage's

    def ask_restore(self) -> Any: ...  # StartPage's

    def _build_ways_in(self) -> QGridLayout:
        """Over the passphrase, two by two (the Russian words are long): a new vault or the
        demo; another vault or a backup. The locked screen hides them."""
        grid = QGridLayout()
        self.create_button = named(QPushButton(_("Create a vault…")), "create")
        self.create_button.clicked.connect(self._browse_new)
        self.demo_button = named(QPushButton(_("Open the demo vault")), "demo")
        self.demo_button.clicked.connect(self.open_demo)
        self.open_button = named(QPushButton(_("Open another vault…")), "open_other")
        self.open_button.clicked.connect(self._browse_existing)
        self.restore_button = named(QPushButton(_("Restore from a backup…")), "restore")
        self.restore_button.clicked.connect(self.ask_restore)
        # Seen until a vault has been used here: what casefile is, and where to begin.
        self.intro = named(QLabel(_(
            "casefile keeps your group's case files — the people you support, their cases, "
            "letters, parcels and money — in an encrypted vault on this computer. To begin, "
            "create a vault, or look around the demo vault first.")), "intro")
        self.intro.setWordWrap(True)
        self.intro.setContentsMargins(0, 0, 0, 8)
        grid.addWidget(self.intro, 0, 0, 1, 2)
        for i, each in enumerate((self.create_button, self.demo_button, self.open_button,
                                  self.restore_button)):
            grid.addWidget(each, 1 + i // 2, i % 2)
        return grid

    def fit_to_vault(self) -> None:
        """Only what can be used now: no passphrase field and no Unlock before a vault is
        chosen (nothing to unlock), and no empty list of vaults used before (none yet: the
        intro instead)."""
        if self.locked:
            return
        chosen = self.folder is not None
        for widget in (self.path_label, self.passphrase, self.guard.show):
            place: Any = self.form.getWidgetPosition(widget)  # (row, role); stubs say object
            self.form.setRowVisible(int(place[0]), chosen)
        self.go.setVisible(chosen)
        used = self.recent.count() > 0
        self.recent_label.setVisible(used)
        self.recent.setVisible(used)
        self.intro.setVisible(not used)

    def _build_other_ways(self) -> QHBoxLayout:
        """Under *Unlock*: the recovery code, and (on the locked screen) another vault."""
        row = QHBoxLayout()
        self.forgot = named(QPushButton(_("Forgot the passphrase?")), "forgot")
        self.forgot.setAccessibleDescription(_("Set a new passphrase with the recovery code"))
        self.forgot.clicked.connect(self.ask_recover)
        self.another = named(QPushButton(_("Open another vault…")), "another")
        self.another.setAccessibleDescription(_("Shows the vaults used before on this "
                                                "computer"))
        self.another.clicked.connect(self.show_chooser)
        self.another.setVisible(False)
        row.addWidget(self.forgot)
        row.addWidget(self.another)
        row.addStretch(1)
        return row

    def show_locked(self, folder: Path) -> None:
        """After a lock: "Locked", the folder's name and its passphrase; nothing else."""
        self.refresh()
        self.choose(Path(folder))
        self._set_locked(True)

    def show_chooser(self) -> None:
        """Every way in again: the vaults used before, create, demo, restore."""
        self._set_locked(False)
        target: QWidget = self.recent if self.recent.count() else self.passphrase
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_locked(self, on: bool) -> None:
        self.locked = on
        self.title.setText(_("Locked") if on else _("casefile"))
        name = self.folder.name if self.folder is not None else ""
        self.locked_note.setText(_("The vault {0} is locked. Type its passphrase to open it "
                                   "again.").format(name) if on else "")
        self.locked_note.setVisible(on)
        for widget in (self.recent_label, self.recent, self.create_button, self.demo_button,
                       self.open_button, self.restore_button):
            widget.setVisible(not on)
        self.form.setRowVisible(0, not on)  # the vault's full path
        self.another.setVisible(on)
        self.intro.setVisible(False)
        self.fit_to_vault()
