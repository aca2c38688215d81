"""The main window's toolbar: search everything, Lock, Vault security…, Settings…, the Import
and export menu (spreadsheets first, then contacts and the calendar) and Help (F1; About is in
the Help menu). Each button has an icon with its name beside it (``icons.py``), so a volunteer
need not guess what a picture means.

Each action calls the window (``mainwindow.MainWindow``), which the menus reach too: every
thing a person can do exists once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QToolBar, QToolButton

from casefile.i18n import _
from casefile.ui.exports import ExchangeMenu
from casefile.ui.icons import icon
from casefile.ui.qtnames import name_field_buttons
from casefile.ui.search import SearchField
from casefile.ui.widgets import named

if TYPE_CHECKING:
    from casefile.ui.mainwindow import MainWindow

ICON_SIZE = 20


class MainToolbar(QToolBar):
    """The toolbar's search field and actions; ``set_unlocked`` enables what needs a vault."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(_("Main"), win)
        self.setObjectName("toolbar")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.search_field = named(SearchField(), "search")
        self.search_field.setPlaceholderText(_("Search everything (Ctrl+K)"))
        self.search_field.setAccessibleName(_("Search"))
        self.search_field.setAccessibleDescription(_(
            "Searches every record as you type; Down and Up choose a hit, Enter opens it"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(420)
        self.search_field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition) \
            .setText(_("Search"))
        name_field_buttons(self.search_field)
        self.addWidget(self.search_field)
        self.lock_action = self._action(win, _("Lock"), "lock", win.lock, "lock")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(_("Lock now (Ctrl+L)"))
        self.vault_action = self._action(win, _("Vault security…"), "vault_settings",
                                         win.edit_vault_settings, "shield")
        self.vault_action.setToolTip(_("Recovery code, backups, remember on this device, "
                                       "destroy"))
        self.settings_action = self._action(win, _("Settings…"), "settings", win.edit_settings,
                                            "settings")
        self.exchange = ExchangeMenu(win, lambda: win.session, win.reload_pages)
        self.exchange.button.setIcon(icon("exchange"))
        self.exchange.button.setIconSize(self.iconSize())
        self.exchange.button.setToolButtonStyle(self.toolButtonStyle())
        self.addWidget(self.exchange.button)
        win.locked.connect(self.exchange.close_dialog)
        self.import_action = named(QAction(icon("import"), _("Import from spreadsheet…"), win),
                                   "import_table")
        self.import_action.triggered.connect(win.import_table)
        # Usable exactly when locking is: while a vault is open.
        self.lock_action.changed.connect(
            lambda: self.import_action.setEnabled(self.lock_action.isEnabled()))
        # One "Import and export" menu: spreadsheets first, then contacts and the calendar.
        first = self.exchange.menu.actions()[0]
        self.exchange.menu.insertAction(first, self.import_action)
        self.exchange.menu.insertSeparator(first)
        # F1 and the Help menu's entry (ui/menus.py gives it its keys and its place there).
        # (A lambda: the menus are made after the toolbar.)
        self.help_action = self._action(win, _("&Help and keyboard shortcuts"), "menu_help",
                                        lambda: win.menus.show_help(), "help")  # noqa: PLW0108
        self.help_action.setIconText(_("Help"))
        self.help_action.setToolTip(_("What casefile is for and every keyboard shortcut (F1)"))
        # In the Help menu only: a volunteer needs it seldom.
        self.about_action = named(QAction(icon("about"), _("About casefile"), win),
                                  "about-action")
        self.about_action.triggered.connect(win.show_about)
        # Ctrl+K / Ctrl+F: the Edit menu's "Search everything" (ui/menus.py).

    def _action(self, win: MainWindow, text: str, name: str,
                slot: Callable[[], object], icon_name: str) -> QAction:
        """An action of the window's, shown on the toolbar with its icon and its name."""
        action = named(QAction(icon(icon_name), text, win), name)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def buttons(self) -> list[QToolButton]:
        """The toolbar's buttons, in order, as they are shown."""
        shown = [self.widgetForAction(action) for action in self.actions()]
        return [b for b in shown if isinstance(b, QToolButton)]

    def set_unlocked(self, unlocked: bool) -> None:
        self.search_field.setEnabled(unlocked)
        self.lock_action.setEnabled(unlocked)
        self.vault_action.setEnabled(unlocked)
        self.exchange.button.setEnabled(unlocked)
