"""Unsaved edits kept through a lock or a crash.

A volunteer typing a long letter steps away, and the idle lock comes; or the program dies.
The window keeps what each editor has not saved yet (every half minute, and as it locks) in
the vault's own meta table: encrypted like everything else, on this device only, never in a
bundle. At the next unlock it puts them back into the editors, unsaved, to save or discard.

One draft per record type at most: each page has one editor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from casefile.domain.records import SPECS
from casefile.services.records.session import Session
from casefile.vault.records import now_iso

DRAFTS = "drafts"


@dataclass(frozen=True)
class Draft:
    record_type: str
    record_id: str | None  # None: a record not saved even once
    changes: dict[str, Any]  # field -> value as the editor holds it
    saved_at: str


def keep(session: Session, drafts: list[Draft]) -> None:
    """Store exactly these drafts (none: forget any), unless that is what is stored."""
    data = {d.record_type: {"id": d.record_id, "changes": d.changes, "at": d.saved_at}
            for d in drafts if d.changes}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) if data else None
    if text != session.vault.local_setting(DRAFTS):
        session.vault.set_local_setting(DRAFTS, text)


def stored(session: Session) -> list[Draft]:
    """The drafts kept, in the order of the record types; malformed entries are dropped."""
    text = session.vault.local_setting(DRAFTS)
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return []
    out = []
    for record_type in SPECS:
        entry = data.get(record_type) if isinstance(data, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("changes"), dict):
            continue
        record_id = entry.get("id")
        out.append(Draft(record_type, record_id if isinstance(record_id, str) else None,
                         entry["changes"], str(entry.get("at") or "")))
    return out


def draft(record_type: str, record_id: str | None, changes: dict[str, Any]) -> Draft:
    return Draft(record_type, record_id, dict(changes), now_iso())
