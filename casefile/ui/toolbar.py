"""The main window's toolbar: search everything, Lock, Vault security…, Settings…, the Import
and export menu (spreadsheets first, then contacts and the calendar) and About.

Each action calls the window (``mainwindow.MainWindow``), which the menus reach too: every
thing a person can do exists once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from casefile.i18n import _
from casefile.ui.exports import ExchangeMenu
from casefile.ui.search import SearchField
from casefile.ui.widgets import named

if TYPE_CHECKING:
    from casefile.ui.mainwindow import MainWindow


class MainToolbar(QToolBar):
    """The toolbar's search field and actions; ``set_unlocked`` enables what needs a vault."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(_("Main"), win)
        self.setObjectName("toolbar")
        self.setMovable(False)
        self.search_field = named(SearchField(), "search")
        self.search_field.setPlaceholderText(_("Search everything (Ctrl+K)"))
        self.search_field.setAccessibleName(_("Search"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(420)
        self.addWidget(self.search_field)
        self.lock_action = self._action(win, _("Lock"), "lock", win.lock)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(_("Lock now (Ctrl+L)"))
        self.vault_action = self._action(win, _("Vault security…"), "vault_settings",
                                         win.edit_vault_settings)
        self.vault_action.setToolTip(_("Recovery code, backups, remember on this device, "
                                       "destroy"))
        self.settings_action = self._action(win, _("Settings…"), "settings", win.edit_settings)
        self.exchange = ExchangeMenu(win, lambda: win.session, win.reload_pages)
        self.addWidget(self.exchange.button)
        win.locked.connect(self.exchange.close_dialog)
        self.import_action = named(QAction(_("Import from spreadsheet…"), win), "import_table")
        self.import_action.triggered.connect(win.import_table)
        # Usable exactly when locking is: while a vault is open.
        self.lock_action.changed.connect(
            lambda: self.import_action.setEnabled(self.lock_action.isEnabled()))
        # One "Import and export" menu: spreadsheets first, then contacts and the calendar.
        first = self.exchange.menu.actions()[0]
        self.exchange.menu.insertAction(first, self.import_action)
        self.exchange.menu.insertSeparator(first)
        self.about_action = self._action(win, _("About casefile"), "about-action", win.show_about)
        # Ctrl+K / Ctrl+F: the Edit menu's "Search everything" (ui/menus.py).

    def _action(self, win: MainWindow, text: str, name: str,
                slot: Callable[[], object]) -> QAction:
        """An action of the window's, shown on the toolbar."""
        action = named(QAction(text, win), name)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def set_unlocked(self, unlocked: bool) -> None:
        self.search_field.setEnabled(unlocked)
        self.lock_action.setEnabled(unlocked)
        self.vault_action.setEnabled(unlocked)
        self.exchange.button.setEnabled(unlocked)
