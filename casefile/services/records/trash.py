"""The trash: records deleted in the last 30 days, listed, brought back or deleted for good.

Deleting keeps the record's values (inside the encrypted vault, on this device only) for
``KEEP_DAYS`` days, then they go; a record a contact deleted is read from the change log.
Restoring is a new write of those values, which wins over the deletion wherever both are known
and so travels to contacts as any edit does (casefile/vault/trash.py says how).

A restored record comes back with its last values. Files attached to it do not: deleting a
record overwrites its files' bytes, here and at every contact. A record that refers to another
deleted one (a letter to a person deleted after it) brings that one back too, first; if that
one cannot come back any more, nothing is restored and the message names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from casefile.domain.describe import record_title
from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.domain.trashdays import KEEP_DAYS as _KEEP_DAYS
from casefile.domain.validate import normal_id
from casefile.i18n import _, ngettext
from casefile.services.records.history import origin_names
from casefile.services.records.session import Session
from casefile.vault import trash as kept
from casefile.vault.records import RecordStore

KEEP_DAYS = _KEEP_DAYS


@dataclass(frozen=True)
class Deleted:
    """One record in the trash."""

    id: str
    type: str
    title: str
    about: str  # the title of the record it belongs to (a letter's person), or ""
    deleted_at: datetime  # UTC, from the delete write's clock
    deleted_by: str  # "this vault", the contact's name, or "an unknown vault"
    files: int  # files it had when deleted here: they do not come back

    def as_dict(self) -> dict[str, Any]:
        moment = self.deleted_at.isoformat(timespec="seconds").replace("+00:00", "Z")
        return {"id": self.id, "type": self.type, "title": self.title, "about": self.about,
                "deleted_at": moment,
                "deleted_by": self.deleted_by, "files": self.files}


def _cutoff(store: RecordStore) -> int:
    """The oldest deletion time (ms) still in the trash, by the vault's own clock."""
    return store.clock.wall_ms() - KEEP_DAYS * kept.DAY_MS


def _restorable(store: RecordStore, record_id: str
                ) -> tuple[kept.Deletion, dict[str, Any], int] | None:
    gone = kept.deletion(store, record_id)
    if gone is None or gone.deleted_ms < _cutoff(store):
        return None
    found = kept.last_values(store, gone)
    return None if found is None else (gone, *found)


def deleted_records(session: Session) -> list[Deleted]:
    """What the trash holds, most recently deleted first."""
    store = session.vault.records
    cutoff = _cutoff(store)
    names = origin_names(session)
    out = []
    for gone in kept.deletions(store):
        if gone.deleted_ms < cutoff:
            break  # newest first: the rest are older still
        found = kept.last_values(store, gone)
        if found is None:
            continue
        values, files = found
        out.append(Deleted(gone.id, gone.type, record_title({**values, "type": gone.type}),
                           _about(store, gone.type, values),
                           datetime.fromtimestamp(gone.deleted_ms / 1000, UTC),
                           names.get(gone.origin, _("an unknown vault")), files))
    return out


def _about(store: RecordStore, record_type: str, values: dict[str, Any]) -> str:
    """The title of the first record it refers to (live, or in the trash), or ""."""
    for field in SPECS[record_type].fields:
        target = values.get(field.name) if field.ref and not field.is_list else None
        if not target:
            continue
        if store.type_of(target) is not None:
            return record_title(store.get_any(target))
        found = _restorable(store, target)
        if found is not None:
            return record_title({**found[1], "type": found[0].type})
    return ""


def restore(session: Session, record_id: str) -> list[dict[str, Any]]:
    """Bring a deleted record back, with the deleted records it refers to (those first);
    returns them as stored, the one asked for last. All or nothing."""
    store = session.vault.records
    record_id = normal_id(record_id.strip())
    if store.type_of(record_id) is not None:
        raise CasefileError(_("record {0} is not deleted").format(record_id))
    plan: dict[str, tuple[str, dict[str, Any]]] = {}
    _plan(store, record_id, plan, ())
    with store.db.transaction():
        return [kept.bring_back(store, record_type, rid, values)
                for rid, (record_type, values) in plan.items()]


def _plan(store: RecordStore, record_id: str, plan: dict[str, tuple[str, dict[str, Any]]],
          chain: tuple[str, ...]) -> None:
    """Add the record to ``plan`` after the deleted records it refers to."""
    found = _restorable(store, record_id)
    if found is None:
        raise not_in_trash(record_id)
    gone, values, _files = found
    title = record_title({**values, "type": gone.type})
    for field in SPECS[gone.type].fields:
        targets = values.get(field.name) if field.ref else None
        for target in targets if isinstance(targets, list) else [targets] if targets else []:
            if target in plan or target in chain or store.type_of(target) is not None:
                continue
            if _restorable(store, target) is None:
                raise CasefileError(_(
                    "“{0}” cannot be restored: the record in its field “{1}” ({2}) was "
                    "deleted and can no longer be restored").format(
                        title, _(field.label), target))
            _plan(store, target, plan, (*chain, record_id))
    plan[record_id] = (gone.type, values)


def not_in_trash(record_id: str) -> CasefileError:
    return CasefileError(ngettext(
        "no record with id {0} in the trash (it keeps deleted records for {1} day)",
        "no record with id {0} in the trash (it keeps deleted records for {1} days)",
        KEEP_DAYS).format(record_id, KEEP_DAYS))


def forget(session: Session, record_ids: list[str]) -> int:
    """Delete for good: these records leave the trash and cannot be restored. How many."""
    store = session.vault.records
    ids = [normal_id(i.strip()) for i in record_ids]
    missing = [i for i in ids if _restorable(store, i) is None]
    if missing:
        raise not_in_trash(missing[0])
    with store.db.transaction():
        for record_id in ids:
            kept.forget(store, record_id)
    return len(set(ids))


def empty(session: Session) -> int:
    """Delete everything in the trash for good; how many records went."""
    return forget(session, [d.id for d in deleted_records(session)])
