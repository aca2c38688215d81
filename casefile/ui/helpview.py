"""F1: the help page — what casefile is for, the first steps, the sections, sync in three
steps, what to do at a search (the panic key, the duress passphrase), every keyboard shortcut
and where to read more.

The page is rich text per language, ``resources/help/<language>.html``; the shortcuts are
read from the menus' own actions when the page opens and put where the page says
``<!-- shortcuts -->``, so the list is never out of date.
"""

from __future__ import annotations

import html
import importlib.resources
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casefile.i18n import LANGUAGES, _, language
from casefile.ui.widgets import named

MARK = "<!-- shortcuts -->"


def help_page(code: str) -> str:
    """The help page's rich text in the language ``code`` (English if there is none)."""
    root = importlib.resources.files("casefile.resources") / "help"
    page = root / f"{code if code in LANGUAGES else 'en'}.html"
    if not page.is_file():
        page = root / "en.html"
    return page.read_text(encoding="utf-8")


def typed(keys: QKeySequence) -> bool:
    """A key a person types (Ctrl+N, F1, Del), not a keyboard's special "New" key."""
    first = keys[0]  # type: ignore[index]  # a QKeyCombination: the stubs lack __getitem__
    return bool(first.keyboardModifiers()) or first.key() == Qt.Key.Key_Delete or \
        Qt.Key.Key_F1.value <= first.key().value <= Qt.Key.Key_F35.value


def menu_shortcuts(menus: Iterable[QMenu]) -> list[tuple[str, str]]:
    """Every menu entry that has keys a person types: (entry, keys), in menu order."""
    rows = []
    for menu in menus:
        for action in menu.actions():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                             for k in action.shortcuts() if typed(k))
            if keys and not action.isSeparator():
                rows.append((action.text().replace("&", ""), keys))
    return rows


def shortcuts_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td>{html.escape(entry)}</td><td><b>{html.escape(keys)}</b></td></tr>"
                    for entry, keys in rows)
    heads = "".join(f'<th align="left">{html.escape(head)}</th>'
                    for head in (_("Action"), _("Keys")))
    return f'<table cellspacing="0" cellpadding="3"><tr>{heads}</tr>{cells}</table>'


class HelpDialog(QDialog):
    """The help page in the window's language, with the menus' shortcuts in it."""

    def __init__(self, menus: Iterable[QMenu], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_dialog")
        self.setWindowTitle(_("Help"))
        self.rows = menu_shortcuts(menus)
        self.page = named(QTextBrowser(), "help_text")
        self.page.setAccessibleName(_("Help"))
        self.page.setOpenExternalLinks(False)  # offline: only the page's own anchors
        self.page.setHtml(help_page(language()).replace(MARK, shortcuts_table(self.rows)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)
        self.resize(680, 640)  # cut to a smaller screen when shown (screenfit.py)

    def shortcuts(self) -> dict[str, str]:
        """What the page lists: action -> keys."""
        return dict(self.rows)

    def text(self) -> str:
        """The page as plain text, as a screen reader reads it."""
        return self.page.toPlainText()
