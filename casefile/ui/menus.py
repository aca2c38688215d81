"""The menu bar: File, Edit, View, Records, Print, Sync, Help (F1 opens ``helpview.py``).

Every entry triggers an action that exists elsewhere already — a toolbar action, a page's
button, a print document of the page shown — so each thing a person can do exists once.
Shortcuts are Qt's standard keys (``QKeySequence.StandardKey``), so each platform gets its
own; where a platform has none (Quit on Windows), the usual one is used.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu, QMenuBar, QWidget

from casefile.i18n import _
from casefile.ui.backupas import save_backup_as
from casefile.ui.helpview import HelpDialog
from casefile.ui.icons import icon
from casefile.ui.sections import SECTIONS
from casefile.ui.trash import TrashDialog, restored_message
from casefile.ui.widgets import named

if TYPE_CHECKING:
    from casefile.ui.mainwindow import MainWindow
    from casefile.ui.recordpage import RecordPage

# Alt+1 … Alt+9 show the first nine sections of the sidebar.
SECTION_KEYS = 9
STANDARD = QKeySequence.StandardKey


def standard_keys(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's bindings for a standard key, or ``fallback`` where it has none."""
    return QKeySequence.keyBindings(key) or [QKeySequence(fallback)]


def shown_only(action: QAction, key: QKeySequence.StandardKey, fallback: str) -> None:
    """Show a shortcut in the menu that a widget of the page already answers (the editor's
    Save, the list's Delete): active only inside the open menu, so the key is never
    ambiguous between the two."""
    action.setShortcuts(standard_keys(key, fallback))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)


class MainMenus:
    """Builds the window's menu bar; ``update()`` enables what the page shown allows."""

    def __init__(self, win: MainWindow) -> None:
        self.win = win
        self.bar: QMenuBar = win.menuBar()
        self.bar.setObjectName("menubar")
        self.menus: dict[str, QMenu] = {}
        self._file()
        self._edit()
        self._view()
        self._records()
        self._print()
        self._sync()
        self._help()
        self.help_dialog: HelpDialog | None = None
        self.update()

    # -- helpers -------------------------------------------------------------------------

    def _menu(self, key: str, title: str) -> QMenu:
        menu = self.bar.addMenu(title)
        menu.setObjectName(f"menu_{key}")
        self.menus[key] = menu
        return menu

    def _action(self, menu: QMenu, text: str, name: str, slot: Callable[[], object],
                keys: list[QKeySequence] | None = None) -> QAction:
        action = named(QAction(text, self.win), name)
        if keys:
            action.setShortcuts(keys)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def record_page(self) -> RecordPage | None:
        """The record page shown, if a vault is open and the page shown is one."""
        from casefile.ui.recordpage import RecordPage  # noqa: PLC0415 - the page imports a lot

        if self.win.session is None or self.win.workspace is None:
            return None
        page = self.win.pages.currentWidget()
        return page if isinstance(page, RecordPage) else None

    # -- the menus -----------------------------------------------------------------------

    def _file(self) -> None:
        menu = self._menu("file", _("&File"))
        self.new_vault = self._action(menu, _("&New vault…"), "menu_new_vault",
                                      lambda: self._to_start(self.win.start.create_button))
        self.open_vault = self._action(menu, _("&Open vault…"), "menu_open_vault",
                                       lambda: self._to_start(self.win.start.open_button),
                                       standard_keys(STANDARD.Open, "Ctrl+O"))
        # The demo vault, from any vault (its dashboard offers it while the vault is empty).
        self.open_demo = self._action(menu, _("Open the &demo vault"), "menu_demo",
                                      lambda: self._to_start(self.win.start.demo_button))
        self.open_demo.setIcon(icon("demo"))
        menu.addSeparator()
        menu.addAction(self.win.lock_action)
        menu.addAction(self.win.vault_action)
        self.backup_as = self._action(menu, _("Save a &backup as…"), "menu_backup_as",
                                      lambda: save_backup_as(self.win))
        menu.addAction(self.win.panic.action)
        menu.addSeparator()
        self.quit = self._action(menu, _("&Quit"), "menu_quit", self.win.close,
                                 standard_keys(STANDARD.Quit, "Ctrl+Q"))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

    def _edit(self) -> None:
        menu = self._menu("edit", _("&Edit"))
        self.save = self._action(menu, _("&Save"), "menu_save", self._save_record)
        shown_only(self.save, STANDARD.Save, "Ctrl+S")
        self.delete = self._action(menu, _("&Delete…"), "menu_delete", self._delete_record)
        shown_only(self.delete, STANDARD.Delete, "Del")
        self.trash = self._action(menu, _("&Trash…"), "menu_trash", self.show_trash)
        menu.addSeparator()
        self.search = self._action(menu, _("Search &everything"), "menu_search",
                                   self.win.focus_search,
                                   [QKeySequence("Ctrl+K"), *standard_keys(STANDARD.Find,
                                                                           "Ctrl+F")])
        menu.addSeparator()
        self.win.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        menu.addAction(self.win.settings_action)

    def _view(self) -> None:
        menu = self._menu("view", _("&View"))
        self.sections: dict[str, QAction] = {}
        for number, section in enumerate(SECTIONS, start=1):
            keys = [QKeySequence(f"Alt+{number}")] if number <= SECTION_KEYS else None
            self.sections[section] = self._action(
                menu, self.win.section_label(section), f"menu_section_{section}",
                partial(self.win.go_to_section, section), keys)

    def _records(self) -> None:
        menu = self._menu("records", _("&Records"))
        self.new_record = self._action(menu, _("&New record"), "menu_new_record",
                                       self._new_record, standard_keys(STANDARD.New, "Ctrl+N"))
        self.history = self._action(menu, _("&History…"), "menu_history",
                                    lambda: self._click("history_button"))
        menu.addSeparator()
        menu.addAction(self.win.import_action)
        for action in self.win.exchange.menu.actions():
            if action is not self.win.import_action and not action.isSeparator():
                menu.addAction(action)

    def _print(self) -> None:
        self.print_menu = self._menu("print", _("&Print"))
        self.print_menu.setEnabled(False)
        self.print = named(QAction(_("&Print…"), self.win), "menu_print")
        self.print.setShortcuts(standard_keys(STANDARD.Print, "Ctrl+P"))
        self.print.triggered.connect(self._print_first)
        self.win.addAction(self.print)  # Ctrl+P works while the menu is greyed out too
        self.print_menu.aboutToShow.connect(self._fill_print_menu)
        self._fill_print_menu()

    def _sync(self) -> None:
        menu = self._menu("sync", _("&Sync"))
        self.sync_actions = {
            button: self._action(menu, text, f"menu_{button}",
                                 partial(self._sync_button, button))
            for button, text in (("add_button", _("&Add contact…")),
                                 ("export_button", _("&Export bundle…")),
                                 ("import_button", _("&Import bundle…")))}
        self.conflicts = self._action(menu, _("&Conflicts"), "menu_conflicts",
                                      self._show_conflicts)

    def _help(self) -> None:
        menu = self._menu("help", _("&Help"))
        self.help = self.win.toolbar.help_action  # F1, also on the toolbar
        self.help.setShortcuts(standard_keys(STANDARD.HelpContents, "F1"))
        menu.addAction(self.help)
        self.win.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        menu.addAction(self.win.about_action)

    # -- state ---------------------------------------------------------------------------

    def update(self) -> None:
        """Enable what makes sense for the page shown (and nothing of a vault while locked)."""
        unlocked = self.win.session is not None and self.win.workspace is not None
        page = self.record_page()
        for action in (*self.sections.values(), self.search, *self.sync_actions.values(),
                       self.conflicts, self.trash, self.backup_as):
            action.setEnabled(unlocked)
        for action in (self.save, self.delete, self.new_record, self.history):
            action.setEnabled(page is not None)
        has_print = page is not None and page.print_button is not None
        self.print.setEnabled(has_print)
        self.print_menu.setEnabled(has_print)

    def _fill_print_menu(self) -> None:
        self.print_menu.clear()  # the page's own print actions stay with the page
        self.print_menu.addAction(self.print)
        page = self.record_page()
        if page is None or page.print_button is None:
            return
        self.print_menu.addSeparator()
        self.print_menu.addActions(page.print_button.menu().actions())

    # -- what the entries do -------------------------------------------------------------

    def _to_start(self, button: QAbstractButton) -> None:
        """New or open a vault: leave the one that is open (asking about unsaved edits)."""
        if self.win.session is not None and not self.win.leave_edits():
            return
        self.win.lock()
        button.click()

    def _click(self, name: str) -> None:
        page = self.record_page()
        if page is not None:
            getattr(page, name).click()

    def _save_record(self) -> None:
        page = self.record_page()
        if page is not None:
            page.editor.save()

    def _delete_record(self) -> None:
        page = self.record_page()
        if page is None:
            return
        if not page.delete_button.isEnabled():
            self.win.say(_("Choose a record in the list to delete it."))
            return
        page.delete_button.click()

    def _new_record(self) -> None:
        page = self.record_page()
        if page is None:
            return
        page.new_button.click()
        first = page.first_field()
        if first is not None and not page.editor.is_dirty:
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _print_first(self) -> None:
        """Print…: the first document of the record shown (the letter, the опись, the case
        summary); the others are in the Print menu."""
        page = self.record_page()
        if page is None or page.print_button is None:
            return
        if page.editor.record is None:
            self.win.say(_("Choose a record to print first."))
            return
        page.print_button.menu().actions()[0].trigger()

    def _sync_page(self) -> QWidget | None:
        if self.win.session is None:
            return None
        self.win.go_to_section("sync")
        return self.win.page_of["sync"]

    def _sync_button(self, name: str) -> None:
        page = self._sync_page()
        if page is None:
            return
        button = getattr(page, name)
        if button.isEnabled():
            button.click()
        else:  # Export: nobody chosen to send to yet
            page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]  # the Sync page's
            self.win.say(_("Choose the contacts to send the bundle to in the list first."))

    def _show_conflicts(self) -> None:
        page = self._sync_page()
        if page is not None:
            page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]  # the Sync page's

    def show_trash(self) -> TrashDialog | None:
        """Edit → Trash…: deleted records to restore; gone with the workspace at a lock."""
        if self.win.session is None or self.win.workspace is None:
            return None
        dialog = TrashDialog(self.win.session, self.win.workspace)

        def restored(records: list[dict[str, object]]) -> None:
            self.win.reload_pages()
            self.win.say(restored_message(records))
            self.win._edited()  # as after a save: the dashboard, the exchange folder

        dialog.restored.connect(restored)
        dialog.open()
        return dialog

    def show_help(self) -> HelpDialog:
        """F1: the help page in the window's language (``helpview.py``)."""
        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self.menus.values(), self.win)
        self.help_dialog.show()
        self.help_dialog.raise_()
        return self.help_dialog
