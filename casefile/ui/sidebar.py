"""The sidebar: one row per section (``sections.SECTIONS``), some with a count beside the name
— hearings in the next seven days, conflicts to choose between."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.views.dashboard import hearings_this_week
from casefile.ui.sections import SECTIONS


def section_label(section: str) -> str:
    """A section's name as the sidebar and the View menu show it."""
    return (_("Dashboard") if section == "dashboard" else _("Sync") if section == "sync"
            else _(SPECS[section].plural))


class Sidebar(QListWidget):
    """The sections, in order; the current row is the section shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName(_("Sections"))
        self.setAccessibleDescription(_("Alt+1 to Alt+9 show the first nine from anywhere"))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for section in SECTIONS:
            item = QListWidgetItem(section_label(section))
            item.setData(Qt.ItemDataRole.UserRole, section)  # never None: see listitems
            self.addItem(item)

    def show_counts(self, session: Session) -> None:
        """Hearings in the next seven days, conflicts to choose: beside their sections."""
        from casefile.services.exchange import bundles  # noqa: PLC0415 - only once a vault is open

        counts = {"hearing": (hearings_this_week(session, date.today()),
                              _("Hearings in the next seven days: {0}")),
                  "sync": (len(bundles.conflicts(session)),
                           _("Conflicts to choose between: {0}"))}
        for section, (count, hint) in counts.items():
            item = self.item(SECTIONS.index(section))
            if item is None:
                continue
            label = section_label(section)
            item.setText(_("{0} ({1})").format(label, count) if count else label)
            item.setToolTip(hint.format(count) if count else "")
        self.fit()

    def fit(self) -> None:
        """As wide as its longest label (with its count), so no section is cut short."""
        self.setFixedWidth(self.sizeHintForColumn(0) + 2 * self.frameWidth() + 8)
