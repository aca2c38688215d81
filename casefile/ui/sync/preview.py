"""Before a bundle is applied: what it would do, record by record, and the question whether to
apply it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from casefile.i18n import _, ngettext
from casefile.services.exchange import bundles
from casefile.services.exchange.bundles import ImportReport

PREVIEW_LINES = 15  # records named in the "Apply this bundle?" question; the rest counted


def change_lines(records: list[dict[str, str]]) -> list[str]:
    """What a bundle would do, record by record: + added, ~ changed, − deleted."""
    if not records:
        return []
    lines = ["", *map(bundles.change_line, records[:PREVIEW_LINES])]
    if len(records) > PREVIEW_LINES:
        more = len(records) - PREVIEW_LINES
        lines.append(ngettext("and {0} more record", "and {0} more records", more).format(more))
    return lines


def ask_to_apply(parent: QWidget, preview: ImportReport) -> bool:
    """"Apply this bundle?", with what the preview found; True if the person said yes."""
    summary = "\n".join([bundles.summary_line(preview), *preview.notes,
                         *change_lines(preview.records)])
    answer = QMessageBox.question(
        parent, _("Import bundle"), _("Apply this bundle?") + "\n\n" + summary,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes
