"""What a screen reader gets (issue 15), in English and in Russian.

A tour of the real window on the demo vault, by mouse clicks and key presses: the start screen
and its dialogs, every section with a record chosen and each of its tabs, every menu, and the
dialogs a person opens from them — Qt's own file, print and message boxes included. At every
stop it looks at what is shown:

- every control Tab can reach must have a name a screen reader reads out: the name Qt's
  accessibility layer gives (``QAccessible``: the accessible name, else a buddy label, a
  button's text, a form row's label); Orca asks for the same through AT-SPI;
- in Russian, no English in any text a person reads: window titles, labels, buttons, menus,
  tabs, headers, placeholders, tooltips, group boxes, combo items, the status bar, accessible
  names and descriptions.

Each dialog is closed with Escape, as a keyboard user leaves it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTabBar,
    QTabWidget,
    QTextBrowser,
    QWidget,
    QWizard,
)

from casefile.i18n import N_, _
from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.sections import SECTIONS
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import type_text

SHEET = "people.csv"
# What a 1024×700 screen holds once a window manager has framed a window (its title bar).
FITS = QSize(1000, 680)
LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
# The message boxes as Qt made them: the tour shows them and reads them (the window's tests
# turn them into failures: see conftest's _no_modal_dialogs).
REAL_BOXES = {name: getattr(QMessageBox, name)
              for name in ("question", "warning", "information", "critical")}

# What stays in Latin letters in the Russian window, and why:
ALLOWED = re.compile("|".join((
    r"casefile",  # the program's name
    r"\b(?:Ctrl|Alt|Shift|Cmd|Del|Delete|Backspace|Esc|Enter|Tab|F\d{1,2})\b",  # keys' names
    r"\b(?:vCard|E-mail|JSON Lines|Syncthing|Excel|Mac|English|GPL-3\.0-or-later)\b",  # names
    r"\b[A-Z]{2,5}\b",  # abbreviations: PDF, QR, UTC, CSV, XLSX, DL (an envelope), JIS
    r"\b(?:Keychain|Credential Locker|Secret Service|KWallet)\b",  # the systems' key stores
    r"\b[A-Z][a-z]+/[A-Za-z_]+\b",  # IANA time zones (Asia/Yekaterinburg)
    r"[\w*/-]*\.[A-Za-z]\w*",  # file names and patterns: demo.casefile, README.md, *.cfb
    r"(?<!\w)/[\w./-]+",  # paths: /home/anna/backups
    r"\b[0-9a-f]{8,}\b",  # a vault's id in hex, as its exchange folder is named
    r"--[\w-]+",  # a command line option (casefile --help)
    r"\bdemo\b",  # the demo vault's passphrase, to be typed as it is
)))
ENGLISH = re.compile(r"[A-Za-z]{2,}")
# Labels that show data, not interface text (by their object names' start): a record's
# read-only fields and title, the characters of a recovery code.
DATA = ("field_", "editor_title", "code_")
# Lists of names: the paper sizes of Qt's printer properties, international and US standards
# as Qt names them (Letter, Legal, JIS B5; its envelopes are put into Russian, see QtGaps).
NAMES = ("pageSizeCombo",)


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader reads for ``widget``: the one Qt gives (its accessible name,
    a button's text, a field's buddy label) — but not its value: on Linux Qt names a combo
    box by its current item, which says what is chosen, not what is being chosen; Orca then
    reads the label it is "labelled by", its buddy. A name needs a letter or a digit: "…"
    or "+" is not one."""
    accessible = QAccessible.queryAccessibleInterface(widget)
    if accessible is None:
        return ""
    name, value = (accessible.text(t) for t in (QAccessible.Text.Name, QAccessible.Text.Value))
    buddies = [label.text(QAccessible.Text.Name)
               for label, _how in accessible.relations(QAccessible.RelationFlag.Label)
               if isinstance(label.object(), QLabel)]
    found = [widget.accessibleName(), name if name != value else "", *buddies]
    return next((n.strip() for n in found if re.search(r"\w", n)), "")


def tab_reachable(widget: QWidget) -> bool:
    return (widget.isVisible() and widget.focusProxy() is None
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus))


def nameless(root: QWidget) -> list[str]:
    """"ClassName 'objectName'" for each control Tab reaches in ``root`` that has no name."""
    return [f"{type(w).__name__} {w.objectName()!r}"
            for w in (root, *root.findChildren(QWidget))
            if tab_reachable(w) and not spoken_name(w)]


def is_data(widget: QWidget) -> bool:
    """Record data, paths and file names, not interface text (see DATA)."""
    return (widget.objectName().startswith(DATA)
            or isinstance(widget.parent(), QAbstractItemView)  # a list's cell editor
            or (isinstance(widget.window(), QFileDialog)
            and widget.objectName() in ("lookInCombo", "fileNameEdit", "sidebar")))


def combo_items(w: QComboBox) -> list[str]:
    shown = not w.isEditable() and w.objectName() not in NAMES  # else typed or names
    return [w.itemText(i) for i in range(w.count())] if shown else []


def header_texts(w: QHeaderView) -> list[str]:
    model = w.model()
    return [str(model.headerData(i, w.orientation()) or "") for i in range(w.count())] \
        if model is not None else []


# What each kind of widget shows a person, besides its tooltip and accessible name.
TEXTS: list[tuple[type, Callable[[Any], list[str]]]] = [
    (QLabel, lambda w: [w.text()]),
    (QAbstractButton, lambda w: [w.text()]),
    (QLineEdit, lambda w: [w.placeholderText()]),
    (QGroupBox, lambda w: [w.title()]),
    (QAbstractSpinBox, lambda w: [w.specialValueText()]),
    (QSpinBox, lambda w: [w.prefix(), w.suffix()]),
    (QComboBox, combo_items),
    (QTabBar, lambda w: [t for i in range(w.count()) for t in (w.tabText(i), w.tabToolTip(i))]),
    (QHeaderView, header_texts),
    (QMainWindow, lambda w: [w.statusBar().currentMessage()]),
    (QMessageBox, lambda w: [w.text(), w.informativeText()]),
    (QTextBrowser, lambda w: [w.toPlainText()] if w.objectName() == "help_text" else []),
    (QListWidget, lambda w: [w.item(i).text() for i in range(w.count())]
        if w.objectName() == "sidebar" else []),
]


def widget_texts(w: QWidget) -> Iterator[str]:
    """The texts a person reads on one widget (not the data it holds)."""
    yield from (w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.statusTip())
    if w.isWindow():
        yield w.windowTitle()
    if not is_data(w):
        for kind, texts in TEXTS:
            if isinstance(w, kind):
                yield from texts(w)


def action_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    for action in root.findChildren(QAction):
        for text in (action.text(), action.toolTip(), action.iconText()):
            yield f"QAction {action.objectName()!r}", text


def english_in(root: QWidget) -> list[str]:
    """Each shown text of ``root`` with an English word left after the allowed names."""
    found = []
    shown = [w for w in (root, *root.findChildren(QWidget)) if w.isVisible()]
    pairs = [(f"{type(w).__name__} {w.objectName()!r}", t) for w in shown
             for t in widget_texts(w)]
    for what, text in [*pairs, *action_texts(root)]:
        words = ENGLISH.findall(ALLOWED.sub("", text.replace("&", "")))
        if words:
            found.append(f"{what}: {text!r} ({' '.join(words)})")
    return found


def test_the_checks_find_what_they_look_for(qtbot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    field = QLineEdit(box)
    field.setObjectName("filter")
    named_field = QLineEdit(box)
    named_field.setAccessibleName("Фильтр")
    button = QPushButton("Unlock (Ctrl+L)", box)
    box.show()
    assert nameless(box) == ["QLineEdit 'filter'"]
    assert english_in(box) == ["QPushButton '': 'Unlock (Ctrl+L)' (Unlock)"]
    button.setText("Открыть (Ctrl+L, *.cfb, PDF)")
    assert english_in(box) == []


def test_qt_words_its_catalog_lacks_are_put_into_russian(russian) -> None:
    """What Qt 6.12's Russian catalog leaves in English, and casefile's own adds (QtGaps)."""
    translate = QCoreApplication.translate
    assert translate("QAbstractFileIconProvider", "Folder", "All other platforms") == "Папка"
    assert translate("QPrintSettingsOutput", "Page &Set:") == "&Набор страниц:"
    assert translate("QPageSize", "Envelope DL") == "Конверт DL"
    assert translate("QPageSize", "Postcard") == "Открытка"
    assert translate("QPageSize", "Legal") == "Legal"  # a paper standard's name stays


# -- the tour ---------------------------------------------------------------------------------

def shown_dialogs() -> list[QWidget]:
    """The dialogs on the screen (a job's progress box is not one a person opened)."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and not isinstance(w, QProgressDialog) and w.isVisible()]


def is_shown(widget: QWidget) -> bool:
    """Shown, and not deleted (Qt's static file dialogs delete themselves once closed)."""
    return shiboken6.isValid(widget) and widget.isVisible()


def shown_active() -> QWidget | None:
    """The active window, if it is still shown (offscreen, a closed box may stay "active")."""
    active = QApplication.activeWindow()
    return active if active is not None and is_shown(active) else None


def plain(text: str) -> str:
    return text.replace("&", "")


class Tour:
    """Goes round the window by mouse and keyboard, looking at each stop (``look``)."""

    def __init__(self, qtbot, win: MainWindow, russian: bool) -> None:
        self.qtbot, self.win, self.russian = qtbot, win, russian
        self.nameless: list[str] = []  # "what in where", each what once
        self.english: list[str] = []
        self.too_big: list[str] = []  # windows and dialogs a 1024×700 screen cannot hold
        self.stops: list[str] = []
        self._seen: set[str] = set()

    def look(self, root: QWidget, where: str) -> None:
        self.stops.append(where)
        self.note(self.nameless, nameless(root), where)
        need = root.window().minimumSizeHint().expandedTo(root.window().minimumSize())
        if need.width() > FITS.width() or need.height() > FITS.height():
            self.note(self.too_big, [f"{type(root.window()).__name__} needing "
                                     f"{need.width()}×{need.height()}"], where)
        if self.russian:
            self.note(self.english, english_in(root), where)

    def note(self, found: list[str], what: list[str], where: str) -> None:
        """Each offender once, where it was first seen."""
        for each in what:
            if each not in self._seen:
                self._seen.add(each)
                found.append(f"{each} in {where}")

    # -- hands -------------------------------------------------------------------------------

    def click(self, widget: QWidget, at: QPoint | None = None) -> None:
        assert widget.isVisible() and widget.isEnabled(), (
            f"{type(widget).__name__} {widget.objectName()!r} cannot be clicked")
        QTest.mouseClick(widget, LEFT, NO_MOD, at if at is not None else widget.rect().center())

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
        widget = QApplication.focusWidget() or QApplication.activeWindow() or self.win
        QTest.keyClick(widget, key, modifier)

    def reveal(self, widget: QWidget) -> None:
        """Click the tabs that hold ``widget``, outermost first, so that it is shown."""
        chain = []
        for parent in ancestors(widget):
            if isinstance(parent, QTabWidget):
                page = next(parent.widget(i) for i in range(parent.count())
                            if parent.widget(i).isAncestorOf(widget))
                chain.append((parent, parent.indexOf(page)))
        for tabs, index in reversed(chain):
            bar = tabs.tabBar()
            self.click(bar, bar.tabRect(index).center())

    def button(self, root: QWidget, name: str) -> QAbstractButton:
        found = root.findChild(QAbstractButton, name)
        assert found is not None, f"no button {name!r} in {root.windowTitle()!r}"
        self.reveal(found)
        return found

    # -- tabs and menus ----------------------------------------------------------------------

    def tabs(self, root: QWidget, where: str) -> None:
        """Click each tab of each tab widget shown in ``root`` (tabs in tabs too), and look."""
        outer = [t for t in root.findChildren(QTabWidget) if t.isVisible()
                 and not any(isinstance(p, QTabWidget) and root.isAncestorOf(p)
                             for p in ancestors(t))]
        for tabs in outer:
            bar = tabs.tabBar()
            for i in range(tabs.count()):
                if not tabs.isTabVisible(i) or not tabs.isTabEnabled(i):
                    continue
                self.click(bar, bar.tabRect(i).center())
                here = f"{where} › {plain(tabs.tabText(i))}"
                self.look(root, here)
                self.tabs(tabs.widget(i), here)

    def open_menu(self, key: str) -> QMenu:
        bar = self.win.menuBar()
        menu = self.win.menus.menus[key]
        self.click(bar, bar.actionGeometry(menu.menuAction()).center())
        self.qtbot.waitUntil(menu.isVisible)
        return menu

    def look_at_menu(self, key: str) -> None:
        menu = self.open_menu(key)
        where = f"the {key} menu"
        self.stops.append(where)
        if self.russian:
            texts = [menu.title()] + [t for a in menu.actions()
                                      for t in (a.text(), a.toolTip())]
            self.note(self.english, [f"QMenu {key!r}: {t!r}" for t in texts
                                     if ENGLISH.search(ALLOWED.sub("", plain(t)))], where)
        QTest.keyClick(menu, Qt.Key.Key_Escape)
        self.qtbot.waitUntil(lambda: not menu.isVisible())

    def choose(self, key: str, entry: str) -> None:
        """Click a menu's title in the menu bar, then its entry (by object name)."""
        menu = self.open_menu(key)
        action = next((a for a in menu.actions() if a.objectName() == entry), None)
        assert action is not None, f"{key} ▸ {entry}"
        self.click_entry(menu, action)

    def choose_text(self, key: str, text: str) -> None:
        """Click a menu's title, then its entry that reads ``text``. (The Print menu is made
        afresh each time it opens, so its entries are found by what they say.)"""
        menu = self.open_menu(key)
        self.click_entry(menu, next(a for a in menu.actions() if a.text() == text))

    def click_entry(self, menu: QMenu, action: QAction) -> None:
        assert action.isEnabled() and action in menu.actions(), action.text()
        self.click(menu, menu.actionGeometry(action).center())

    def click_section(self, section: str) -> None:
        sidebar = self.win.sidebar
        self.click(sidebar.viewport(),
                   sidebar.visualItemRect(sidebar.item(SECTIONS.index(section))).center())

    # -- dialogs -----------------------------------------------------------------------------

    def dialog(self, where: str, open_it: Callable[[], object],
               inside: Callable[[QWidget], object] | None = None, *,
               answer: str | QMessageBox.StandardButton | None = None,
               then: str | None = None) -> None:
        """Open a dialog as ``open_it`` does (a click, a key), look at it and its tabs, do
        ``inside`` with it, and leave it with Escape — or click its button ``answer`` (a
        button's object name or text), after which the dialog ``then`` comes up, which is
        looked at and left with Escape. Modal or not."""
        before = shown_dialogs()
        found: list[QWidget] = []
        failed: list[BaseException] = []

        def visit(dialog: QWidget, here: str, act: Callable[[QWidget], object] | None,
                  reply: str | QMessageBox.StandardButton | None) -> None:
            found.append(dialog)
            try:
                self.look(dialog, here)
                self.tabs(dialog, here)
                if act is not None:
                    act(dialog)
            except BaseException as exc:  # noqa: BLE001 - raised again once it is closed
                failed.append(exc)
            if reply is None:
                self.leave(dialog, here)
                return
            if then is not None:
                self._poll([*before, dialog], lambda d: visit(d, then, None, None))
            self.click(dialog.button(reply) if isinstance(dialog, QMessageBox)
                       and isinstance(reply, QMessageBox.StandardButton) else
                       next(b for b in dialog.findChildren(QAbstractButton)
                            if reply in (b.objectName(), plain(b.text()))))

        active = shown_active() or self.win
        self._poll(before, lambda d: visit(d, where, inside, answer))
        open_it()
        self.qtbot.waitUntil(lambda: len(found) == (1 if then is None else 2)
                             and not any(is_shown(d) for d in found), timeout=15_000)
        if failed:
            raise failed[0]
        if shown_active() is None:  # as the window manager does
            active.activateWindow()
            self.qtbot.waitUntil(active.isActiveWindow)

    @staticmethod
    def _poll(before: list[QWidget], seen: Callable[[QWidget], None], waited: int = 0) -> None:
        """Once a dialog not in ``before`` is shown, hand it to ``seen`` (for 10 s)."""
        def look() -> None:
            new = [w for w in shown_dialogs() if not any(w is b for b in before)]
            if new:
                seen(new[-1])
            elif waited < 500:
                Tour._poll(before, seen, waited + 1)

        QTimer.singleShot(20 if waited else 0, look)

    def leave(self, dialog: QWidget, where: str) -> None:
        focus = dialog.focusWidget()
        QTest.keyClick(focus if focus is not None and focus.isVisible() else dialog,
                       Qt.Key.Key_Escape)
        if is_shown(dialog):  # Escape must close every dialog
            self.nameless.append(f"{where}: Escape did not close it")
            dialog.close()


def ancestors(widget: QWidget) -> Iterator[QWidget]:
    """The widgets ``widget`` lies in, up to its window."""
    while not widget.isWindow() and (parent := widget.parentWidget()) is not None:
        yield parent
        widget = parent


# -- the route --------------------------------------------------------------------------------

def the_start_screen(tour: Tour, folder: Path) -> None:
    win, start = tour.win, tour.win.start
    tour.look(win, "the start screen")
    tour.dialog("Create a vault (the file dialog)", lambda: tour.click(start.create_button))
    tour.dialog("Open another vault (the file dialog)", lambda: tour.click(start.open_button))
    tour.dialog("Restore from a backup", lambda: tour.click(start.restore_button),
                lambda d: tour.dialog("Restore › Choose… (the file dialog)",
                                      lambda: tour.click(tour.button(d, "choose_backup"))))
    start.choose(folder)  # as chosen in the list of vaults used before
    tour.look(win, "the start screen, a vault chosen")
    tour.dialog("Forgot the passphrase?", lambda: tour.click(start.forgot))
    tour.click(start.passphrase)
    type_text(start.passphrase, "demo")
    with tour.qtbot.waitSignal(start.unlocked, timeout=30_000):
        tour.click(start.go)


def the_sections(tour: Tour) -> None:
    """Each section from the sidebar; in a list, its first record, and each tab."""
    win = tour.win
    for section in SECTIONS:
        tour.click_section(section)
        page = win.page_of[section]
        view = getattr(page, "view", None)
        if view is not None and view.model().rowCount():
            tour.click(view.viewport(), view.visualRect(view.model().index(0, 0)).center())
        tour.look(win, f"the {section} section")
        tour.tabs(page, f"the {section} section")
    for key in win.menus.menus:
        if win.menus.menus[key].isEnabled():
            tour.look_at_menu(key)


def a_record_page(tour: Tour) -> None:
    """The questions a list and its editor ask, and the dialogs of a record page."""
    win = tour.win
    tour.click_section("person")
    people = win.page_of["person"]
    tour.dialog("History…", lambda: tour.click(people.history_button))
    tour.dialog("Delete a person (the question)", lambda: tour.click(people.delete_button))
    tour.dialog("Add file… (the file dialog)",
                lambda: tour.click(tour.button(people, "add_file")))
    a_calendar(tour, people)
    name = people.findChild(QLineEdit, "field_full_name")
    tour.click(name)
    QTest.keyClicks(name, " x")
    view = people.view
    tour.dialog("Unsaved changes (the question)",
                lambda: tour.click(view.viewport(),
                                   view.visualRect(view.model().index(1, 0)).center()),
                answer=plain(_("&Don't save")))
    tour.click_section("task")  # one record in the trash, for Edit ▸ Trash…
    tasks = win.page_of["task"]
    tour.click(tasks.view.viewport(),
               tasks.view.visualRect(tasks.view.model().index(0, 0)).center())
    tour.dialog("Delete a task (the question)", lambda: tour.click(tasks.delete_button),
                answer=QMessageBox.StandardButton.Yes)
    tour.click_section("case")
    cases = win.page_of["case"]
    tour.dialog("Export hearings to calendar…",
                lambda: tour.click(tour.button(cases, "export_case_calendar")))


def a_calendar(tour: Tour, page: QWidget) -> None:
    """A date field's calendar, opened with Alt+Down."""
    field = page.findChild(QLineEdit, "field_birth_date")
    assert field is not None
    tour.reveal(field)
    tour.click(field)
    tour.press(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    tour.qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    popup = QApplication.activePopupWidget()
    tour.look(popup, "a date's calendar")
    tour.press(Qt.Key.Key_Escape)
    tour.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def the_menus(tour: Tour) -> None:
    """Every dialog the menu bar opens (the Print and Sync menus' in their own steps)."""
    for where, key, entry in (
            ("Vault security…", "file", "vault_settings"),
            ("Save a backup as… (the file dialog)", "file", "menu_backup_as"),
            ("Trash…", "edit", "menu_trash"),
            ("Settings…", "edit", "settings"),
            ("Export contacts (vCard)…", "records", "export_vcard"),
            ("Import contacts (vCard)… (the file dialog)", "records", "import_vcard"),
            ("Export calendar…", "records", "export_calendar"),
            ("Help", "help", "menu_help"),
            ("About casefile", "help", "about-action")):
        inside = {"vault_settings": vault_security, "menu_trash": the_trash}.get(entry)
        tour.dialog(where, lambda key=key, entry=entry: tour.choose(key, entry),
                    None if inside is None else lambda d, inside=inside: inside(tour, d))
    tour.dialog("Import from spreadsheet…", lambda: tour.choose("records", "import_table"),
                lambda d: spreadsheet(tour, d))


def spreadsheet(tour: Tour, wizard: QWidget) -> None:
    """The wizard's pages for a spreadsheet of people (one already in the vault); left with
    Escape at the choice, before anything is imported."""
    where = "Import from spreadsheet…"
    tour.dialog(f"{where} › Choose… (the file dialog)",
                lambda: tour.click(tour.button(wizard, "table_browse")))
    path = wizard.findChild(QLineEdit, "table_path")
    tour.click(path)
    QTest.keyClicks(path, str(Path.home() / SHEET))
    assert isinstance(wizard, QWizard)
    for page in ("the mapping", "the preview", "the choice"):
        shown = wizard.currentId()
        tour.click(wizard.button(QWizard.WizardButton.NextButton))
        tour.qtbot.waitUntil(lambda shown=shown: wizard.currentId() != shown)
        tour.look(wizard, f"{where} › {page}")


def the_trash(tour: Tour, dialog: QWidget) -> None:
    table = dialog.findChild(QAbstractItemView, "trash_table")
    assert table is not None and table.model().rowCount() == 1
    tour.click(table.viewport(), table.visualRect(table.model().index(0, 0)).center())
    tour.dialog("Trash… › Delete for good… (the question)",
                lambda: tour.click(tour.button(dialog, "trash_forget")))


def vault_security(tour: Tour, dialog: QWidget) -> None:
    where = "Vault security…"
    tour.dialog(f"{where} › Change the passphrase…",
                lambda: tour.click(tour.button(dialog, "change_passphrase")))
    tour.dialog(f"{where} › Make a new recovery code…",
                lambda: tour.click(tour.button(dialog, "new_recovery")),
                lambda d: (tour.click(tour.button(d, "written_down")),
                           tour.look(d, f"{where} › the recovery code, typed back")))
    tour.dialog(f"{where} › Set a duress passphrase…",
                lambda: tour.click(tour.button(dialog, "duress_set")),
                lambda d: tour.dialog(f"{where} › duress › Choose… (the file dialog)",
                                      lambda: tour.click(tour.button(d, "choose_duress_records"))))
    tour.dialog(f"{where} › Backups › Choose… (the file dialog)",
                lambda: tour.click(tour.button(dialog, "choose_backup_folder")))
    panic = tour.button(dialog, "panic_destroys")
    tour.dialog(f"{where} › Panic key", lambda: tour.click(panic, QPoint(8, panic.height() // 2)))
    tour.dialog(f"{where} › Destroy this vault now…",
                lambda: tour.click(tour.button(dialog, "destroy")))
    # Travelling keeps the cases in the backup folder: one is set first, as a person would.
    on = tour.button(dialog, "backup_on")
    tour.click(on, QPoint(8, on.height() // 2))
    folder = dialog.findChild(QLineEdit, "backup_folder")
    tour.click(folder)
    QTest.keyClicks(folder, str(Path.home()))
    tour.click(tour.button(dialog, "save_backup"))
    case = tour.button(dialog, "travel_case")
    tour.click(case, QPoint(8, case.height() // 2))
    tour.dialog(f"{where} › Travel › Leave behind…",
                lambda: tour.click(tour.button(dialog, "travel_on")))


def printing(tour: Tour) -> None:
    """A letter's Print menu: the preview, Qt's print dialog, saving as PDF, the template."""
    tour.click_section("letter")
    tour.look_at_menu("print")
    tour.dialog("Print… (the preview)", lambda: tour.choose("print", "menu_print"),
                lambda d: print_preview(tour, d))
    for entry in (N_("Letter from a template…"), N_("Return address…")):
        tour.dialog(entry, lambda entry=entry: tour.choose_text("print", _(entry)))
    tour.click_section("parcel")
    tour.dialog("Print… a parcel's опись (the preview)",
                lambda: tour.choose("print", "menu_print"))


def print_preview(tour: Tour, preview: QWidget) -> None:
    tour.dialog("Print… › Print… (Qt's print dialog)",
                lambda: tour.click(tour.button(preview, "print")),
                lambda d: print_options(tour, d))
    tour.dialog("Print… › Save as PDF… (the warning)",
                lambda: tour.click(tour.button(preview, "save_pdf")),
                answer=plain(QApplication.translate("QPlatformTheme", "Save")),
                then="Print… › Save as PDF… (the file dialog)")


def print_options(tour: Tour, dialog: QWidget) -> None:
    """Qt's print dialog with its options shown (its "Options >>" button)."""
    options = next(b for b in dialog.findChildren(QPushButton) if ">>" in b.text())
    tour.click(options)
    tour.look(dialog, "Print… › Print… › Options")
    tour.tabs(dialog, "Print… › Print… › Options")
    tour.dialog("Print… › Print… › Properties",
                lambda: tour.click(tour.button(dialog, "properties")))


def sync(tour: Tour) -> None:
    tour.click_section("sync")
    page = tour.win.page_of["sync"]
    tour.dialog("Sync › Add contact…", lambda: tour.choose("sync", "menu_add_button"),
                lambda d: tour.dialog("Sync › Add contact… › From file… (the file dialog)",
                                      lambda: tour.click(tour.button(d, "contact_from_file"))))
    tour.reveal(page.contacts)
    tour.click(page.contacts.viewport(),
               page.contacts.visualRect(page.contacts.model().index(0, 0)).center())
    tour.dialog("Sync › Share…", lambda: tour.click(page.share_button))
    tour.dialog("Sync › Remove…", lambda: tour.click(page.remove_button))
    tour.dialog("Sync › Export bundle… (the file dialog)",
                lambda: tour.choose("sync", "menu_export_button"))
    tour.dialog("Sync › Import bundle… (the file dialog)",
                lambda: tour.choose("sync", "menu_import_button"))
    tour.dialog("Sync › Exchange folder…",
                lambda: tour.click(tour.button(page, "sync_exchange_folder")),
                lambda d: tour.dialog("Sync › Exchange folder… › Choose… (the file dialog)",
                                      lambda: tour.click(tour.button(d, "exchange_choose"))))


# -- the test ---------------------------------------------------------------------------------

def test_a_screen_reader_names_every_control_and_russian_is_russian(
        qtbot, lang: str, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, app_font: None) -> None:
    for name, box in REAL_BOXES.items():  # questions and warnings are part of the tour
        monkeypatch.setattr(QMessageBox, name, box)
    monkeypatch.setattr(Path, "home", classmethod(lambda _cls: tmp_path))
    folder = demo_with_a_contact(tmp_path)
    window.activateWindow()
    tour = Tour(qtbot, window, russian=lang == "ru")
    the_start_screen(tour, folder)
    the_sections(tour)
    a_record_page(tour)
    the_menus(tour)
    printing(tour)
    sync(tour)
    tour.press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None
    tour.look(window, "the locked screen")
    assert tour.nameless == [], "\n".join(tour.nameless)
    assert tour.english == [], "\n".join(tour.english)
    assert tour.too_big == [], "\n".join(tour.too_big)


def demo_with_a_contact(tmp_path: Path) -> Path:
    """The demo vault, with one trusted contact (the Sync page's buttons need a row)."""
    from casefile.services.demo.vault import create_demo

    folder = tmp_path / "demo.casefile"
    create_demo(folder, "demo", kdf_seconds=0.05).close()
    with Session.create(tmp_path / "other.casefile", "other", MIN_KDF_SECONDS) as other, \
            Session.open(folder, "demo") as demo:
        bundles.add_contact(demo, "Борис", bundles.identity(other).public.to_json())
        known = demo.list("person")[0]
    (tmp_path / SHEET).write_text(  # a spreadsheet to import: one new person, one known
        f"ФИО;Год рождения\nСемёнова Ольга Петровна;1991\n"
        f"{known['full_name']};{known.get('birth_year') or ''}\n", encoding="utf-8")
    return folder
