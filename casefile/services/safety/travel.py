"""Travel mode: chosen cases left behind, safe in a backup, and brought back afterwards.

``travel_on`` gathers what belongs to the chosen cases (``vault.scope``: their people and
lawyers, letters, hearings, parcels, payments, events, tasks, and the facilities only they
use), writes a fresh backup of the whole vault into the backup folder (named apart from
the scheduled ones, so the schedule's rotation never deletes it), and only then removes
them from this vault: typed rows, registry, search index (merged so no old segment keeps a
word), history (their change-log writes and signed batches), attached files, held writes
and drafts — with ``secure_delete`` on, then VACUUM and a truncated WAL. It writes no
tombstone: nothing it removes is ever sent to a contact as a deletion.

``travel_off`` opens that backup (with the passphrase current when it was made) in a hidden
staging folder, reads the travelled records, their history and their files, crypto-erases
the staging copy, and puts them back. Writes that came in meanwhile for the same records
(a contact's bundle) are kept beside them and merged as any import would.

What stays: the list of travelled ids and the backup's path, in this vault's encrypted
local settings (ids are random and say nothing of a case).
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.records import drafts
from casefile.services.records.session import Session
from casefile.services.safety import backups
from casefile.vault.backup import restore_backup
from casefile.vault.folder import destroy_folder
from casefile.vault.peers import Peer
from casefile.vault.records import RecordStore
from casefile.vault.scope import scope_ids
from casefile.vault.travel import (
    compact,
    put_back,
    referred_from_outside,
    remove_without_trace,
    rows_of,
)
from casefile.vault.vault import Vault

SETTING = "travel"
PREFIX = "casefile-travel-"
SUFFIX = ".cfbackup"


def travelling(session: Session) -> dict[str, Any] | None:
    """``{"backup": path, "ids": [...], "since": iso}`` while travelling, else None."""
    raw = session.vault.local_setting(SETTING)
    return json.loads(raw) if raw else None


def left_behind(store: RecordStore, case_ids: list[str]) -> set[str]:
    """The chosen cases and what belongs only to them: a record a staying one refers to
    (a facility, a person in another case too) stays."""
    for case_id in case_ids:
        if store.type_of(case_id) != "case":
            raise CasefileError(_("no case with id {0}").format(case_id))
    peer = Peer("", "", "", "", False, tuple(case_ids))
    ids = set(scope_ids(store, peer))
    while True:
        keep = {i for i in ids if referred_from_outside(store, i, ids)}
        if not keep:
            return ids
        ids -= keep


def travel_on(session: Session, case_ids: list[str]) -> dict[str, Any]:
    """Back up, then remove the chosen cases from this device. Returns the travel state."""
    if travelling(session) is not None:
        raise CasefileError(_("already travelling: run `travel off` first"))
    policy = backups.policy(session)
    if policy is None:
        raise CasefileError(_("choose a backup folder first (Vault security…, or "
                              "`casefile backup --schedule FOLDER`): travel mode keeps the "
                              "cases there"))
    folder = Path(policy.folder)
    if not folder.is_dir():
        raise CasefileError(_("the backup folder {0} is not there (is the USB stick in?)")
                            .format(folder))
    store = session.vault.records
    ids = left_behind(store, case_ids)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{PREFIX}{stamp}-{secrets.token_hex(3)}{SUFFIX}"
    session.backup(target)
    state = {"backup": str(target), "ids": sorted(ids),
             "since": datetime.now(UTC).isoformat()}
    db = session.vault.db
    with db.transaction():
        remove_without_trace(store, ids)
        kept = [d for d in drafts.stored(session) if d.record_id not in ids]
        drafts.keep(session, kept)
        session.vault.set_local_setting(SETTING, json.dumps(state))
    compact(session.vault.db)
    return state


def travel_off(session: Session, passphrase: str) -> int:
    """Bring the travelled cases back from their backup; returns how many records."""
    state = travelling(session)
    if state is None:
        raise CasefileError(_("not travelling"))
    ids = set(state["ids"])
    found: dict[str, list[dict[str, Any]]] = {}

    def collect(vault: Vault) -> None:
        found["record"] = rows_of(vault, "record", "id", ids)
        for spec in SPECS.values():
            found[spec.table] = rows_of(vault, spec.table, "id", ids)
        found["change"] = rows_of(vault, "change", "record_id", ids)
        found["attachment"] = rows_of(vault, "attachment", "record_id", ids)

    source = Path(state["backup"])
    staging = session.folder.with_name(f".{session.folder.name}.travel-{secrets.token_hex(4)}")
    try:
        restore_backup(source, staging, passphrase, collect)
    finally:
        if staging.exists():
            destroy_folder(staging)
    with session.vault.db.transaction():
        put_back(session.vault.records, found, ids)
        session.vault.set_local_setting(SETTING, None)
    return len(found["record"])
