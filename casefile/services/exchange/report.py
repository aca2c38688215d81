"""What an import did, or a preview would do: counts, the records it adds, changes and
deletes (with details), and a line for each reason something did not apply."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casefile.domain.describe import record_title
from casefile.domain.records import SPECS
from casefile.i18n import _, ngettext
from casefile.services.records.session import Session
from casefile.vault import mergerules


@dataclass
class ImportReport:
    sender: str
    writes: int = 0
    added: int = 0
    changed: int = 0
    deleted: int = 0
    conflicts: int = 0
    # With details (a preview): each record added, changed or deleted, as
    # {"change", "type", "id", "title"}, the titles as this vault would show them.
    records: list[dict[str, str]] = field(default_factory=list)
    files: int = 0  # attached files added
    files_deleted: int = 0
    duplicate_bundle: bool = False
    # What did not apply, and why: records whose writes are kept until what they need
    # arrives (by mergerules.WAITING_* reason), writes dated ahead, writes of revoked keys.
    records_waiting: dict[str, int] = field(default_factory=dict)
    writes_held_future: int = 0
    writes_refused_revoked: int = 0
    # Writes refused alone (each {"origin", "seq", "type", "id", "reason"}): signed and well
    # formed, but they cannot apply here; the rest of the bundle applies.
    refused: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def applied(self) -> int:
        """Records this import really added, changed or deleted."""
        return self.added + self.changed + self.deleted

    @property
    def waiting(self) -> int:
        return sum(self.records_waiting.values())

    def as_dict(self) -> dict[str, Any]:
        return {"sender": self.sender, "writes": self.writes, "added": self.added,
                "changed": self.changed, "deleted": self.deleted,
                "conflicts": self.conflicts, "files": self.files,
                "files_deleted": self.files_deleted, "records": self.records,
                "duplicate_bundle": self.duplicate_bundle,
                "records_waiting": {reason: self.records_waiting.get(reason, 0)
                                    for reason in WAITING_REASONS},
                "writes_held_future": self.writes_held_future,
                "writes_refused_revoked": self.writes_refused_revoked,
                "writes_refused": self.refused,
                "notes": self.notes}


WAITING_REASONS = (mergerules.WAITING_REFERENCE, mergerules.WAITING_REQUIRED,
                   mergerules.WAITING_REFERRED)


def held_notes(report: ImportReport) -> list[str]:
    """A line for each reason something in the bundle did not apply, with how many."""
    lines = []
    count = report.records_waiting.get(mergerules.WAITING_REFERENCE, 0)
    if count:
        lines.append(ngettext(
            "{0} record waits for a record it refers to, which has not arrived yet",
            "{0} records wait for records they refer to, which have not arrived yet",
            count).format(count))
    count = report.records_waiting.get(mergerules.WAITING_REQUIRED, 0)
    if count:
        lines.append(ngettext(
            "{0} record waits for a required value that has not arrived yet",
            "{0} records wait for required values that have not arrived yet",
            count).format(count))
    count = report.records_waiting.get(mergerules.WAITING_REFERRED, 0)
    if count:
        lines.append(ngettext(
            "{0} record deleted by a contact is kept: other records still refer to it",
            "{0} records deleted by a contact are kept: other records still refer to them",
            count).format(count))
    count = report.writes_held_future
    if count:
        lines.append(ngettext(
            "{0} write dated more than a day ahead is held back until its time comes",
            "{0} writes dated more than a day ahead are held back until their time comes",
            count).format(count))
    for refusal in report.refused[:MAX_REFUSAL_LINES]:
        lines.append(_("a write for {0} {1} was refused: {2}").format(
            _(SPECS[refusal["type"]].label) if refusal["type"] in SPECS else refusal["type"],
            refusal["id"], refusal["reason"]))
    rest = len(report.refused) - MAX_REFUSAL_LINES
    if rest > 0:
        lines.append(ngettext("and {0} more write was refused", "and {0} more writes were "
                              "refused", rest).format(rest))
    return lines


MAX_REFUSAL_LINES = 20  # each refusal is named, up to this many; the rest are counted


def titles(session: Session, record_ids: set[str]) -> dict[str, tuple[str, str]]:
    """id -> (type, title) of those records this vault holds."""
    records = session.vault.records
    out = {}
    for record_id in record_ids:
        record_type = records.type_of(record_id)
        if record_type is not None:
            out[record_id] = (record_type, record_title(records.get(record_type, record_id)))
    return out


CHANGE_ORDER = ("added", "changed", "deleted")


def changes(session: Session, before: dict[str, tuple[str, str]],
             outcomes: dict[str, str]) -> list[dict[str, str]]:
    after = titles(session, {r for r, o in outcomes.items() if o in ("added", "changed")})
    rows = []
    for record_id, change in outcomes.items():
        known = (before if change == "deleted" else after).get(record_id)
        if change in CHANGE_ORDER and known is not None:  # not a record this vault never had
            rows.append({"change": change, "type": known[0], "id": record_id,
                         "title": known[1]})
    rows.sort(key=lambda r: (CHANGE_ORDER.index(r["change"]), r["type"], r["title"], r["id"]))
    return rows
