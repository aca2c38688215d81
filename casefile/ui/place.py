"""Back where one was: after an unlock, the section and the record that were shown at the lock.

Kept in memory only, for the vault that was locked: the section, the record's id (never a
name) and the tab of its page, noted as the lock takes the workspace down (the stack's
``widgetRemoved``, while the pages still exist) and used once at the next unlock of the same
vault. Unsaved edits put back at the unlock (``timers.restore_drafts``) win: their section is
shown instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from casefile.domain.errors import CasefileError
from casefile.ui.recordpage import RecordPage
from casefile.ui.sections import SECTIONS

if TYPE_CHECKING:
    from casefile.services.records.session import Session
    from casefile.ui.mainwindow import MainWindow


@dataclass(frozen=True)
class Noted:
    folder: Path
    section: str
    record_id: str | None
    tab: int


class Place(QObject):
    """Notes the page shown as the window locks, and shows it again after the unlock."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.noted: Noted | None = None
        win.stack.widgetRemoved.connect(self.note)
        win.start.unlocked.connect(self.restore)  # after the window's own slot: pages exist

    def note(self, _index: int = -1) -> None:
        win = self.win
        if win.session is None or win.workspace is None:
            return
        row = win.sidebar.currentRow()
        if not 0 <= row < len(SECTIONS):
            return
        section = SECTIONS[row]
        page = win.page_of.get(section)
        record_id, tab = None, -1
        if isinstance(page, RecordPage):
            record_id = (page.editor.record or {}).get("id")
            tab = page.tabs.currentIndex() if page.tabs is not None else -1
        self.noted = Noted(win.session.folder, section, record_id, tab)

    def restore(self, session: Session) -> None:
        noted, self.noted = self.noted, None
        win = self.win
        if noted is None or noted.folder != session.folder or win.workspace is None:
            return
        if any(isinstance(p, RecordPage) and p.editor.is_dirty for p in win.page_of.values()):
            return  # edits kept from before the lock are back: they are shown instead
        if noted.record_id is None:
            win.show_section(noted.section)
            return
        try:
            win.open_record(noted.section, noted.record_id)
        except CasefileError:  # deleted meanwhile (a bundle came in): the section, then
            win.show_section(noted.section)
            return
        page = win.page_of.get(noted.section)
        if isinstance(page, RecordPage) and page.tabs is not None and noted.tab >= 0:
            page.tabs.setCurrentIndex(noted.tab)
