"""Keeping groups in step through bundles: what the CLI and the window call.

Contacts: add one from the identity text they gave, remove one (and revoke their key).
Export: the writes each recipient has not acknowledged, within what is shared with all of
them, each signed by its origin (``signing``), with whom each may not be passed on to
(``relay``); the body is signed by this vault and encrypted to the recipients
(casefile.sync.bundle). Import: verify completely (``incoming``), then apply everything in one
transaction, or nothing, and say what happened (``report``). Conflicts left by a merge are
listed and resolved here too.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile.atomicfile import write_atomic
from casefile.domain.errors import CasefileError
from casefile.domain.records import SPECS
from casefile.i18n import _, ngettext
from casefile.services.exchange import bundlefiles, incoming
from casefile.services.exchange.relay import (
    Withheld,
    keep_for_relaying,
    withheld_body,
    withheld_of_batches,
)
from casefile.services.exchange.report import ImportReport, changes, held_notes, titles
from casefile.services.exchange.signing import signed
from casefile.services.records.identity import identity, peers
from casefile.services.records.session import Session
from casefile.sync.bundle import MAX_BUNDLE_BYTES, OpenedBundle, open_bundle, seal_bundle
from casefile.sync.errors import BundleError
from casefile.sync.identity import Identity, PublicIdentity
from casefile.vault import merge
from casefile.vault.peers import Peer, PeerStore
from casefile.vault.records import DELETED
from casefile.vault.scope import scope_ids

# -- contacts --------------------------------------------------------------------------------

def add_contact(session: Session, name: str, text: str) -> Peer:
    public = PublicIdentity.from_text(text)
    if public.signing_key == identity(session).public.signing_key:
        raise CasefileError(_("that is this vault's own identity"))
    return peers(session).add(name, public.signing_key, public.public_key)


def remove_contact(session: Session, name: str, *, revoke: bool = False) -> Peer:
    """Stop trusting a contact; with ``revoke``, also refuse writes made with their key
    that other groups pass on (their device is seized, lost or in the wrong hands)."""
    store = peers(session)
    peer = store.get(name)
    return store.remove(name, revoke_origin=_public(peer).origin if revoke else None)


def _public(peer: Peer) -> PublicIdentity:
    return PublicIdentity(signing_key=peer.signing_key, public_key=peer.public_key)


# -- export ----------------------------------------------------------------------------------

def export_bundle(session: Session, names: list[str], target: Path, *,
                  full: bool = False, files: bool = False) -> dict[str, Any]:
    """Writes each recipient lacks (everything shared, if ``full``), and with ``files``
    the attached files of the shared records that have not gone to them yet."""
    if not names:
        raise CasefileError(_("name at least one recipient with --to"))
    me = identity(session)
    store = peers(session)
    recipients = [store.get(n) for n in dict.fromkeys(names)]
    records = session.vault.records
    scope = set.intersection(*(scope_ids(records, p) for p in recipients))
    sent_ids = set.intersection(*(store.sent_records(p.name) for p in recipients))
    wanted = scope | (sent_ids & store.deleted_ids())  # a deletion reaches whoever had the record
    with session.vault.db.transaction():
        out = _outgoing_writes(session, store, me, recipients, wanted, full=full)
        carried = (bundlefiles.outgoing(session, store, recipients, scope, full=full) if files
                   else bundlefiles.Outgoing())
        gone = bundlefiles.deletions(session, store, recipients, scope, full=full)
        body = _export_body(session, store, recipients, wanted, carried=carried, gone=gone,
                            withheld=out.withheld)
        data, bundle_hash = seal_bundle(me, [_public(p) for p in recipients], body, out.batches)
        for p in recipients:
            store.log(direction="export", peer=p.name, bundle_id=body["bundle_id"],
                      sender_seq=body["sequence"][p.signing_key], bundle_hash=bundle_hash,
                      writes=len(out.batches), records=len(out.records), conflicts=0,
                      note=_files_note(len(carried.ids)))
            store.mark_sent(p.name, scope)
            store.mark_files_sent(p.name, carried.ids)
            store.forget_files_sent(p.name, gone)
        write_atomic(Path(target), data)
    return {"writes": len(out.batches), "recipients": [p.name for p in recipients],
            "bytes": len(data), "files": len(carried.ids), "files_deleted": len(gone),
            "files_waiting": carried.waiting,
            "files_too_large": carried.too_large, "notes": bundlefiles.export_note(carried)}


@dataclass
class _Outgoing:
    batches: list[bytes]  # each write as a one-write batch signed by its origin
    withheld: list[list[str] | None]  # per batch, whom it may not be passed on to
    records: set[str]  # the records they are writes of


def _outgoing_writes(session: Session, store: PeerStore, me: Identity, recipients: list[Peer],
                     wanted: set[str], *, full: bool) -> _Outgoing:
    """The writes to send, signed (signatures made now are stored with their writes)."""
    floor: dict[str, int] = {} if full else _min_vector([store.vector(p.name)
                                                          for p in recipients])
    out = _Outgoing([], [], set())
    made: list[tuple[str, int, str, bytes]] = []  # signed batches to store
    my_origins = store.own_origins() | {me.public.origin}
    # A vault restored from an old backup lost writes it had sent: a contact gives back
    # what it holds of that vault's own origin, whatever is shared with it.
    theirs = {_public(recipients[0]).origin} if len(recipients) == 1 else set()
    keys_to = {p.signing_key for p in recipients}
    withheld = Withheld(session, store)
    for entry in store.outgoing(floor, wanted, theirs):
        if entry.seq <= floor.get(entry.origin, 0) or (
                entry.record_id not in wanted and entry.origin not in theirs):
            continue
        if entry.origin not in my_origins and not entry.signature:
            continue  # a relayed write blanked by a delete: the delete stands for it
        denied = (withheld.of_own(entry.record_id) if entry.origin in my_origins
                  else withheld.relayed.get((entry.origin, entry.seq)))
        if (denied and entry.origin not in my_origins | theirs and keys_to & denied):
            continue  # its origin chose not to give it to them: a relay never does
        out.batches.append(signed(store, me, entry, made))
        out.withheld.append(sorted(denied) if denied is not None else None)
        out.records.add(entry.record_id)
    store.store_signed_batches(made)
    return out


def _export_body(session: Session, store: PeerStore, recipients: list[Peer], wanted: set[str],
                 *, carried: bundlefiles.Outgoing, gone: list[str],
                 withheld: list[list[str] | None]) -> dict[str, Any]:
    """The bundle's body, besides its batches: numbers, the vector, files, the relay list."""
    body_files: dict[str, Any] = {"files": carried.entries} if carried.entries else {}
    if gone:
        body_files["files_deleted"] = gone
    # Only origins whose writes are shared: the vector must not reveal other groups.
    shared_origins = store.origins_of(wanted)
    vector = {o: s for o, s in merge.version_vector(session.vault.records).items()
              if o in shared_origins}
    return {"bundle_id": secrets.token_hex(16),
            "sequence": {p.signing_key: store.last_seq(p.name, "export") + 1
                         for p in recipients},
            "previous": {p.signing_key: store.last_hash(p.name, "export")
                         for p in recipients},
            "vector": vector, **body_files, **withheld_body(withheld)}


def _files_note(count: int) -> str:
    return ngettext("{0} attached file", "{0} attached files", count).format(count) \
        if count else ""


def _min_vector(vectors: list[dict[str, int]]) -> dict[str, int]:
    origins = set().union(*vectors) if vectors else set()
    return {o: min(v.get(o, 0) for v in vectors) for o in origins}


# -- import ----------------------------------------------------------------------------------

def import_bundle(session: Session, source: Path, *, details: bool = False) -> ImportReport:
    """Verify a bundle completely, then apply it in one transaction; with ``details``, the
    report lists each record added, changed or deleted."""
    me, store, opened = _open(session, Path(source))
    peer = store.by_signing_key(opened.sender.signing_key)
    if peer is None:  # open_bundle checked it; this only guards the invariant
        raise BundleError(_("the bundle is signed by an unknown key"))
    report = ImportReport(sender=peer.name)
    if store.seen_bundle(opened.bundle_hash):
        report.duplicate_bundle = True
        report.notes.append(_("this bundle was imported before; nothing changed"))
        return report
    received = _received(store, me, peer, opened.body, report)
    with session.vault.db.transaction():
        _apply(session, store, peer, received, report, details=details)
        store.log(direction="import", peer=peer.name,
                  bundle_id=str(opened.body.get("bundle_id", ""))[:64],
                  sender_seq=received.number, bundle_hash=opened.bundle_hash,
                  writes=report.writes, records=report.applied, conflicts=report.conflicts,
                  note="; ".join(report.notes))
    return report


def _open(session: Session, source: Path) -> tuple[Identity, PeerStore, OpenedBundle]:
    """This vault's identity, its contacts and the bundle, decrypted and verified."""
    if not source.is_file():
        raise CasefileError(_("no such file: {0}").format(source))
    if source.stat().st_size > MAX_BUNDLE_BYTES:
        raise BundleError(_("{0} is too large to be a bundle").format(source))
    me = identity(session)
    store = peers(session)
    opened = open_bundle(source.read_bytes(), me, [_public(p) for p in store.all()])
    if opened.sender.signing_key == me.public.signing_key:
        raise CasefileError(_("this bundle was made by this vault for {0}; it is for them to "
                              "import, and changes nothing here").format(
                                  _recipient_names(store, opened.body)))
    return me, store, opened


@dataclass
class _Received:
    """A bundle's contents, checked, before anything of it applies."""

    number: int  # the sender's number for this bundle to us
    vector: dict[str, int]
    writes: list[dict[str, Any]]
    signatures: dict[tuple[str, int], str | None]  # those a relay can pass on as they are
    refused: list[dict[str, Any]]  # writes refused alone
    withheld: dict[tuple[str, int], list[str]]
    files: Any
    files_deleted: Any


def _received(store: PeerStore, me: Identity, peer: Peer, body: dict[str, Any],
              report: ImportReport) -> _Received:
    batches, number, clean_vector = incoming.body_parts(body, me)
    report.notes += incoming.sequence_notes(store.last_seq(peer.name, "import"), number,
                                            peer.name)
    writes, signatures, refused_alone = incoming.verified_writes(batches)
    withheld = {(w["origin"], w["seq"]): keys
                for batch, keys in zip(batches, withheld_of_batches(body, len(batches)),
                                       strict=True) if keys is not None
                for w in batch["writes"]}
    writes, refused = incoming.without_revoked(store, writes)
    report.writes_refused_revoked = sum(refused.values())
    report.notes += incoming.revoked_notes(refused)
    return _Received(number, clean_vector, writes, signatures, refused_alone, withheld,
                     bundlefiles.checked(body.get("files")),
                     bundlefiles.checked_deletions(body.get("files_deleted")))


def _apply(session: Session, store: PeerStore, peer: Peer, got: _Received,
           report: ImportReport, *, details: bool) -> None:
    """Apply the writes and the files, keep what relaying needs, fill in the report."""
    records = session.vault.records
    writes, report.writes_held_future = merge.hold_future(records, got.writes, got.signatures)
    before = titles(session, {w["record_id"] for w in writes}) if details else {}
    result = merge.apply_writes(records, writes)
    if details:
        report.records = changes(session, before, result.outcomes)
    keep_for_relaying(store, got.signatures, got.withheld)
    store.set_vector(peer.name, got.vector)
    own = _public(peer).origin
    if own in got.vector:
        store.set_own_vector(peer.name, own, got.vector[own])
    report.writes = max(0, min(len(got.writes), len(writes)) - result.duplicates)
    report.added, report.changed, report.deleted = result.added, result.changed, \
        result.deleted
    report.conflicts = result.conflicts
    report.records_waiting = dict(result.waiting)
    report.refused = [*got.refused, *result.refused]
    report.notes += held_notes(report)
    report.files, report.files_deleted, file_notes = bundlefiles.apply(
        session, store, peer, got.files, got.files_deleted)
    report.notes += file_notes


class _Preview(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised inside the import transaction to roll a preview back."""


def preview_bundle(session: Session, source: Path) -> ImportReport:
    """What importing would add, change, delete and which conflicts it would bring.

    The import runs completely (every check, every write applied) inside its transaction,
    which is then rolled back: the vault is left exactly as it was.
    """
    outcome: list[ImportReport] = []

    def run_then_undo() -> None:
        outcome.append(import_bundle(session, source, details=True))
        raise _Preview

    try:
        with session.vault.db.transaction():
            run_then_undo()
    except _Preview:
        pass
    return outcome[0]


CHANGE_MARKS = {"added": "+", "changed": "~", "deleted": "−"}


def change_line(row: dict[str, str]) -> str:
    """"+ Person: Орлов Олег" for a record a bundle adds (~ changes, − deletes)."""
    return f"{CHANGE_MARKS[row['change']]} {_(SPECS[row['type']].label)}: {row['title']}"


def _recipient_names(store: PeerStore, body: dict[str, Any]) -> str:
    """The contacts a bundle of ours went to, by the names this vault gives them."""
    names = []
    for key in body.get("recipients", []):
        peer = store.by_signing_key(key)
        names.append(peer.name if peer is not None else _("a contact no longer here"))
    return ", ".join(names) or _("nobody")


def summary_line(report: ImportReport) -> str:
    """The one-line count of what an import did (or a preview would do)."""
    return _("from {0}: {1} added, {2} changed, {3} deleted, {4} conflicts").format(
        report.sender, report.added, report.changed, report.deleted, report.conflicts)


# -- conflicts -------------------------------------------------------------------------------

def conflicts(session: Session) -> list[dict[str, Any]]:
    records = session.vault.records
    mine = peers(session).own_origins()
    out = []
    for record_id, record_type in records.with_several_survivors():
        alive = merge.registers(records, record_id)
        for name in merge.conflicts_of(records, record_id):
            values = [{"origin": o, "seq": s, "hlc": h, "value": v, "mine": o in mine}
                      for h, o, s, v in alive.get(name, [])]
            out.append({"id": f"{record_id}:{name}", "type": record_type,
                        "record_id": record_id, "field": name, "values": values})
    return out


def resolve(session: Session, conflict_id: str, keep: str) -> dict[str, Any]:
    if keep not in ("mine", "theirs"):
        raise CasefileError(_("--keep must be mine or theirs"))
    found = next((c for c in conflicts(session) if c["id"] == conflict_id), None)
    if found is None:
        raise CasefileError(_("no conflict with id {0}").format(conflict_id))
    values = found["values"]
    if found["field"] == DELETED:
        # One side deleted the record, the other edited it: keep the deleting side's choice
        # or the editing side's.
        deleted_here = any(v["mine"] and v["value"] is True for v in values)
        value: Any = (keep == "mine") == deleted_here
    else:
        mine = [v for v in values if v["mine"]]
        theirs = [v for v in values if not v["mine"]]
        value = ((mine or values)[0] if keep == "mine" else (theirs or values)[0])["value"]
    records = session.vault.records
    with session.vault.db.transaction():
        return merge.resolve(records, found["type"], found["record_id"], found["field"], value)
