"""Travel mode: chosen cases left behind, safe in a backup, and brought back afterwards.

``travel_on`` gathers what belongs to the chosen cases (``vault.travel.belonging``: their
people and lawyers, letters, hearings, parcels, payments, events, tasks, local-only ones
too, and the facilities only they use; ``what_goes`` counts them beforehand), writes a
fresh backup of the whole vault into the backup folder (named apart from the scheduled ones,
so the schedule's rotation never deletes it), and only then removes them from this vault:
typed rows, registry, search index (merged so no old segment keeps a word), history (their
change-log writes and signed batches), attached files, held writes and drafts — with
``secure_delete`` on, then VACUUM and a truncated WAL. It writes no tombstone: nothing it
removes is ever sent to a contact as a deletion.

``travel_off`` opens that backup (with the passphrase current when it was made) in a hidden
staging folder beside the vault (``.NAME.travel-*``, wiped at the next start if the process
dies: vault/leftovers.py), reads the travelled records, their history and their files,
crypto-erases the staging copy, and puts them back. Writes that came in meanwhile for the
same records (a contact's bundle) are kept beside them and merged as any import would.

``travel_off_from_bundle`` brings them back from a contact's full bundle instead (the
contact shares the cases with this vault and exports with ``--full --attachments``): the
bundle is imported as any other, and only if it brought back every write and file the cases
had here is the travel ended, with the records' times and files' origins as they were;
otherwise nothing changes.

What stays while travelling, in this vault's encrypted local settings: the travelled ids,
their writes' (origin, seq), their times, their files' ids, and the backup's path — ids
are random and say nothing of a case.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _, ngettext
from casefile.services.exchange.bundles import import_bundle
from casefile.services.records import drafts
from casefile.services.records.session import Session
from casefile.services.safety import backups
from casefile.services.safety.panic import is_the_passphrase
from casefile.vault import trash
from casefile.vault.backup import restore_backup
from casefile.vault.folder import destroy_folder
from casefile.vault.records import RecordStore
from casefile.vault.travel import (
    belonging,
    compact,
    counts,
    file_sources,
    local_facts,
    missing_files,
    missing_writes,
    put_back,
    referred_from_outside,
    remove_without_trace,
    restore_local_facts,
    rows_of,
)
from casefile.vault.vault import Vault

SETTING = "travel"
PREFIX = "casefile-travel-"
SUFFIX = ".cfbackup"
STAGING = ".{0}.travel-{1}"  # beside the vault; vault/leftovers.py knows the name


@dataclass(frozen=True)
class Leaving:
    """What choosing these cases leaves behind."""

    ids: frozenset[str]
    counts: dict[str, int]  # record type -> how many
    files: int
    cases_staying: int  # chosen cases that stay: records that stay refer to them

    def describe(self) -> str:
        return describe(self.counts, self.files)


def describe(counts: dict[str, int], files: int) -> str:
    """"2 cases, 3 people, 14 letters, 5 attached files": the cases first, then the other
    record types in their usual order (the window and ``travel on`` say it alike)."""
    kinds = ["case", *(t for t in SPECS if t != "case")]
    return ", ".join([_counted(t, counts[t]) for t in kinds if counts.get(t)]
                     + ([_counted("file", files)] if files else []))


def _counted(kind: str, n: int) -> str:
    texts = {
        "person": ngettext("{0} person", "{0} people", n),
        "case": ngettext("{0} case", "{0} cases", n),
        "facility": ngettext("{0} facility", "{0} facilities", n),
        "contact": ngettext("{0} contact", "{0} contacts", n),
        "letter": ngettext("{0} letter", "{0} letters", n),
        "hearing": ngettext("{0} hearing", "{0} hearings", n),
        "parcel": ngettext("{0} parcel", "{0} parcels", n),
        "event": ngettext("{0} event", "{0} events", n),
        "task": ngettext("{0} task", "{0} tasks", n),
        "payment": ngettext("{0} payment", "{0} payments", n),
        "file": ngettext("{0} attached file", "{0} attached files", n),
    }
    return texts[kind].format(n)


def travelling(session: Session) -> dict[str, Any] | None:
    """``{"backup": path, "ids": [...], "since": iso, ...}`` while travelling, else None."""
    raw = session.vault.local_setting(SETTING)
    return json.loads(raw) if raw else None


def left_behind(store: RecordStore, case_ids: list[str]) -> set[str]:
    """The chosen cases and what belongs to them; a record a staying one refers to (a
    facility, a person in another case too) stays — and then so does whatever else of the
    set it refers to — while their letters and parcels go with the cases."""
    for case_id in case_ids:
        if store.type_of(case_id) != "case":
            raise CasefileError(_("no case with id {0}").format(case_id))
    ids = belonging(store, case_ids)
    while keep := referred_from_outside(store, ids):
        ids -= keep
    return ids


def what_goes(session: Session, case_ids: list[str]) -> Leaving:
    """Counted before anything is removed: the window shows it, ``travel on`` reports it."""
    store = session.vault.records
    ids = left_behind(store, case_ids)
    by_type, files = counts(store, ids)
    return Leaving(frozenset(ids), by_type, files, len(set(case_ids) - ids))


def backup_folder(session: Session) -> Path:
    """Where travel mode keeps the cases: the scheduled backups' folder, which must be there."""
    policy = backups.policy(session)
    if policy is None:
        raise CasefileError(_("choose a backup folder first (Vault security…, or "
                              "`casefile backup --schedule FOLDER`): travel mode keeps the "
                              "cases there"))
    folder = Path(policy.folder)
    if not folder.is_dir():
        raise CasefileError(_("the backup folder {0} is not there (is the USB stick in?)")
                            .format(folder))
    return folder


def travel_on(session: Session, case_ids: list[str],
              passphrase: str | None = None) -> dict[str, Any]:
    """Back up, then remove the chosen cases from this device. Returns the travel state
    with ``counts`` and ``files`` (what went). A passphrase given is checked first: the
    backup opens only with it."""
    if travelling(session) is not None:
        raise CasefileError(_("already travelling: run `travel off` first"))
    folder = backup_folder(session)
    if passphrase is not None and not is_the_passphrase(session.folder, passphrase):
        raise CasefileError(_("wrong passphrase"))
    leaving = what_goes(session, case_ids)
    ids = set(leaving.ids)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{PREFIX}{stamp}-{secrets.token_hex(3)}{SUFFIX}"
    session.backup(target)
    store = session.vault.records
    state = {"backup": str(target), "ids": sorted(ids),
             "since": datetime.now(UTC).isoformat(), **local_facts(store, ids)}
    with session.vault.db.transaction():
        remove_without_trace(store, ids)
        _forget_deleted(store, ids)
        drafts.keep(session, [d for d in drafts.stored(session) if not _touches(d, ids)])
        session.vault.set_local_setting(SETTING, json.dumps(state))
    compact(session.vault.db)
    return {**state, "counts": leaving.counts, "files": leaving.files}


def _forget_deleted(store: RecordStore, ids: set[str]) -> None:
    """Deleted records of the cases leaving go for good: the trash's copy of their values
    (kept 30 days to undo a delete) would otherwise stay on the device and in the trash."""
    for gone in trash.deletions(store):
        kept = trash.last_values(store, gone)
        if gone.id in ids or (kept is not None and _refers(kept[0], ids)):
            trash.forget(store, gone.id)


def _refers(values: dict[str, Any], ids: set[str]) -> bool:
    return any(v in ids if isinstance(v, str) else isinstance(v, list)
               and any(isinstance(x, str) and x in ids for x in v) for v in values.values())


def _touches(draft: drafts.Draft, ids: set[str]) -> bool:
    """A draft of a travelled record, or of a new one that refers to one."""
    values = [v for value in draft.changes.values()
              for v in (value if isinstance(value, list) else [value])]
    return draft.record_id in ids or any(isinstance(v, str) and v in ids for v in values)


def _state(session: Session) -> dict[str, Any]:
    state = travelling(session)
    if state is None:
        raise CasefileError(_("not travelling"))
    return state


def travel_off(session: Session, passphrase: str) -> int:
    """Bring the travelled cases back from their backup; returns how many records."""
    state = _state(session)
    ids = set(state["ids"])
    found: dict[str, list[dict[str, Any]]] = {}

    def collect(vault: Vault) -> None:
        found["record"] = rows_of(vault, "record", "id", ids)
        for spec in SPECS.values():
            found[spec.table] = rows_of(vault, spec.table, "id", ids)
        found["change"] = rows_of(vault, "change", "record_id", ids)
        found["attachment"] = rows_of(vault, "attachment", "record_id", ids)

    source = Path(state["backup"])
    staging = session.folder.with_name(STAGING.format(session.folder.name,
                                                      secrets.token_hex(4)))
    try:
        restore_backup(source, staging, passphrase, collect)
    finally:
        if staging.exists():
            destroy_folder(staging)
    with session.vault.db.transaction():
        put_back(session.vault.records, found, ids)
        session.vault.set_local_setting(SETTING, None)
    return len(found["record"])


def travel_off_from_bundle(session: Session, bundle: Path) -> int:
    """Bring the travelled cases back from a contact's full bundle; returns how many
    records are back. All or nothing: a bundle that lacks any of their writes or files
    (not shared with that contact, local-only, made after the last exchange, files not
    asked for) changes nothing, and says what to do instead."""
    state = _state(session)
    store = session.vault.records
    facts = {"writes": state.get("writes", {}), "times": state.get("times", {}),
             "files": state.get("files", [])}
    with session.vault.db.transaction():
        sources = ({(a, p) for a, p in state["sources"]} if "sources" in state
                   else file_sources(store, facts["files"]))
        import_bundle(session, Path(bundle))
        # A travel begun before the writes were kept: each record must at least be back.
        lacking = (missing_writes(store, facts["writes"]) if facts["writes"]
                   else sum(store.type_of(i) is None for i in state["ids"]))
        files = missing_files(store, facts["files"])
        if lacking or files:
            raise CasefileError(_lacking(lacking, files))
        restore_local_facts(store, facts, sources)
        session.vault.set_local_setting(SETTING, None)
    return sum(store.type_of(i) is not None for i in state["ids"])


def _lacking(writes: int, files: int) -> str:
    what = []
    if writes:
        what.append(ngettext("{0} change", "{0} changes", writes).format(writes))
    if files:
        what.append(ngettext("{0} attached file", "{0} attached files", files).format(files))
    return _("the bundle does not bring back everything the travelled cases had here "
             "(missing: {0}); nothing was changed. Ask the contact for a full bundle with "
             "files (`bundle export --full --attachments`) of cases they share with you, or "
             "bring them back from the backup").format(", ".join(what) or _("the records"))
