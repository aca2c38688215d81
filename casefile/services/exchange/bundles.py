"""Keeping groups in step through bundles: identity, trusted contacts, scope, export, import.

Export: the writes each recipient has not acknowledged, within what is shared with all of
them, each signed by its origin; the body is signed by this vault and encrypted to the
recipients (casefile.sync.bundle). Import: verify completely, validate every write, then
apply everything in one transaction, or nothing.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.atomicfile import write_atomic
from casefile.domain.describe import record_title
from casefile.domain.errors import CasefileError, ValidationError
from casefile.domain.records import SPECS
from casefile.domain.validate import is_uuid, normal_id, validate
from casefile.i18n import _, ngettext
from casefile.services.exchange import bundlefiles
from casefile.services.records.identity import identity, peers
from casefile.services.records.session import Session
from casefile.sync.bundle import (
    MAX_BUNDLE_BYTES,
    BundleError,
    batch_json,
    open_bundle,
    seal_bundle,
    sign_writes,
    verify_batches,
)
from casefile.sync.identity import Identity, PublicIdentity
from casefile.vault import merge, mergerules
from casefile.vault.peers import OutgoingWrite, Peer, PeerStore
from casefile.vault.records import DELETED, RecordStore
from casefile.vault.scope import scope_ids

HLC_RE = re.compile(r"^\d{13}\.\d{6}$")
ORIGIN_RE = re.compile(r"^[0-9a-f]{32}$")
MAX_SEQ = 2**62
META_FIELDS = {"local_only", DELETED, "total_weight_g"}


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

def _signed(store: PeerStore, me: Identity, entry: OutgoingWrite,
            made: list[tuple[str, int, str, bytes]]) -> bytes:
    """The write as a one-write batch signed by its origin, in canonical JSON.

    Made once, on the write's first export, and stored with the write (a write we received
    keeps the signature its origin made); later exports copy the stored bytes.
    """
    if entry.signed_batch is not None:
        return entry.signed_batch
    write = entry.write or store.write(entry.origin, entry.seq)
    if entry.signature:
        key, _sep, signature = entry.signature.partition(" ")
        batch = {"origin": write["origin"], "origin_key": key, "writes": [write],
                 "signature": signature}
    else:
        batch = sign_writes(_writer(store, me, write["origin"]), [write])
    data = batch_json(batch)
    made.append((entry.origin, entry.seq, f"{batch['origin_key']} {batch['signature']}",
                 data))
    return data


def _writer(store: PeerStore, me: Identity, origin: str) -> Identity:
    """The key that signs this vault's writes of ``origin``: the identity's, or the key of
    an origin a restore started."""
    private = store.origin_private(origin)
    if private is None:
        return me
    return Identity(signing_private=private, age_secret=me.age_secret)


def renew_origin(records: RecordStore) -> str | None:
    """After a restore: write under a new origin, so no (origin, seq) the vault may have sent
    before its backup was taken is used again. Returns it (None for a vault that never had
    an identity, so never sent anything)."""
    store = PeerStore(records)
    if store.identity() is None:
        return None
    made = Identity.generate()
    store.start_origin(made.public.origin, made.signing_private)
    return made.public.origin


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
    floor: dict[str, int] = {} if full else _min_vector([store.vector(p.name)
                                                          for p in recipients])
    batches: list[bytes] = []
    made: list[tuple[str, int, str, bytes]] = []  # signed batches to store
    sent_records: set[str] = set()
    my_origins = store.own_origins() | {me.public.origin}
    # A vault restored from an old backup lost writes it had sent: a contact gives back
    # what it holds of that vault's own origin, whatever is shared with it.
    theirs = {_public(recipients[0]).origin} if len(recipients) == 1 else set()
    keys_to = {p.signing_key for p in recipients}
    withheld = _Withheld(session, store)
    batch_withheld: list[list[str] | None] = []
    with session.vault.db.transaction():
        for entry in store.outgoing():
            if entry.seq <= floor.get(entry.origin, 0) or (
                    entry.record_id not in wanted and entry.origin not in theirs):
                continue
            if entry.origin not in my_origins and not entry.signature:
                continue  # a relayed write blanked by a delete: the delete stands for it
            denied = (withheld.of_own(entry.record_id) if entry.origin in my_origins
                      else withheld.relayed.get((entry.origin, entry.seq)))
            if (denied and entry.origin not in my_origins | theirs and keys_to & denied):
                continue  # its origin chose not to give it to them: a relay never does
            batches.append(_signed(store, me, entry, made))
            batch_withheld.append(sorted(denied) if denied is not None else None)
            sent_records.add(entry.record_id)
        store.store_signed_batches(made)
        carried = (bundlefiles.outgoing(session, store, recipients, scope, full=full) if files
                   else bundlefiles.Outgoing())
        gone = bundlefiles.deletions(session, store, recipients, scope, full=full)
        body_files: dict[str, Any] = {"files": carried.entries} if carried.entries else {}
        if gone:
            body_files["files_deleted"] = gone
        # Only origins whose writes are shared: the vector must not reveal other groups.
        shared_origins = store.origins_of(wanted)
        vector = {o: s for o, s in merge.version_vector(records).items()
                  if o in shared_origins}
        body = {"bundle_id": secrets.token_hex(16),
                "sequence": {p.signing_key: store.last_seq(p.name, "export") + 1
                             for p in recipients},
                "previous": {p.signing_key: store.last_hash(p.name, "export")
                             for p in recipients},
                "vector": vector, **body_files, **_withheld_body(batch_withheld)}
        data, bundle_hash = seal_bundle(me, [_public(p) for p in recipients], body, batches)
        for p in recipients:
            store.log(direction="export", peer=p.name, bundle_id=body["bundle_id"],
                      sender_seq=body["sequence"][p.signing_key], bundle_hash=bundle_hash,
                      writes=len(batches), records=len(sent_records), conflicts=0,
                      note=_files_note(len(carried.ids)))
            store.mark_sent(p.name, scope)
            store.mark_files_sent(p.name, carried.ids)
            store.forget_files_sent(p.name, gone)
        write_atomic(Path(target), data)
    return {"writes": len(batches), "recipients": [p.name for p in recipients],
            "bytes": len(data), "files": len(carried.ids), "files_deleted": len(gone),
            "files_waiting": carried.waiting,
            "files_too_large": carried.too_large, "notes": bundlefiles.export_note(carried)}


class _Withheld:
    """Whom a write must not be passed on to. This vault's own writes: each of its contacts
    it does not share the record with. Others' writes: what their origin said, as received."""

    def __init__(self, session: Session, store: PeerStore) -> None:
        self.relayed = store.withheld()
        self._session, self._store = session, store
        self._scopes: dict[str, set[str]] | None = None

    def of_own(self, record_id: str) -> frozenset[str]:
        if self._scopes is None:
            records, deleted = self._session.vault.records, self._store.deleted_ids()
            self._scopes = {p.signing_key: scope_ids(records, p)
                            | (self._store.sent_records(p.name) & deleted)
                            for p in self._store.all()}
        return frozenset(k for k, ids in self._scopes.items() if record_id not in ids)


def _withheld_body(per_batch: list[list[str] | None]) -> dict[str, Any]:
    """The body's "relay": each distinct list of keys withheld from once, and per batch its
    index (-1: nothing known, a write from before this was recorded)."""
    if all(not keys for keys in per_batch):
        return {}
    sets: list[list[str]] = []
    index: dict[tuple[str, ...], int] = {}
    of = []
    for keys in per_batch:
        if keys is None:
            of.append(-1)
            continue
        of.append(index.setdefault(tuple(keys), len(index)))
        if of[-1] == len(sets):
            sets.append(keys)
    return {"relay": {"sets": sets, "of": of}}  # a key after "batches" (sync/bundle.py)


MAX_WITHHELD_KEYS = 1000  # contacts one write may be withheld from


def _withheld_of_batches(body: dict[str, Any], count: int) -> list[list[str] | None]:
    """Whom each of ``count`` batches is withheld from, checked; BundleError if malformed."""
    given = body.get("relay")
    if given is None:
        return [None] * count
    bad = BundleError(_("the bundle's relay list is malformed"))
    if not isinstance(given, dict) or set(given) != {"sets", "of"}:
        raise bad
    sets, of = given["sets"], given["of"]
    if not isinstance(sets, list) or not isinstance(of, list) or len(of) != count \
            or len(sets) > count:
        raise bad
    for keys in sets:
        if not isinstance(keys, list) or len(keys) > MAX_WITHHELD_KEYS or not all(
                isinstance(k, str) and 0 < len(k) <= 64 for k in keys):
            raise bad
    if not all(isinstance(i, int) and not isinstance(i, bool) and -1 <= i < len(sets)
               for i in of):
        raise bad
    return [None if i == -1 else sets[i] for i in of]


def _files_note(count: int) -> str:
    return ngettext("{0} attached file", "{0} attached files", count).format(count) \
        if count else ""


def _min_vector(vectors: list[dict[str, int]]) -> dict[str, int]:
    origins = set().union(*vectors) if vectors else set()
    return {o: min(v.get(o, 0) for v in vectors) for o in origins}


# -- import ----------------------------------------------------------------------------------

def _check_write(write: dict[str, Any]) -> dict[str, Any]:
    """A write's shape and values, against the field specs; BundleError names the problem."""
    keys = set(merge.WRITE_KEYS)
    if set(write) != keys:
        raise BundleError(_("a write has unexpected keys"))
    spec = SPECS.get(write["record_type"])
    bad = (spec is None or write["op"] not in ("put", "delete")
           or not is_uuid(write["record_id"])
           or write["record_id"] != normal_id(write["record_id"])
           or not isinstance(write["hlc"], str)
           or not HLC_RE.match(write["hlc"]) or not isinstance(write["origin"], str)
           or not ORIGIN_RE.match(write["origin"]) or isinstance(write["seq"], bool)
           or not isinstance(write["seq"], int) or not 0 < write["seq"] < MAX_SEQ
           or not isinstance(write["fields"], dict) or not isinstance(write["replaces"], dict))
    if bad or spec is None:
        raise BundleError(_("a write is malformed"))
    for name, tags in write["replaces"].items():
        if not isinstance(tags, list) or not all(
                isinstance(t, list) and len(t) == 2 and isinstance(t[0], str)
                and isinstance(t[1], int) and not isinstance(t[1], bool) for t in tags):
            raise BundleError(_("a write's replaced tags are malformed ({0})").format(name))
    fields = {k: v for k, v in write["fields"].items() if k not in META_FIELDS}
    for name in set(write["fields"]) & {DELETED}:
        if not isinstance(write["fields"][name], bool):
            raise BundleError(_("a write's _deleted value is malformed"))
    # Well formed and signed, but wrong: this write alone is refused (a relaying group must
    # not be able to block everything after it).
    _check_meta(write["fields"])
    try:
        checked = validate(spec.type, fields, partial=True)
    except ValidationError as exc:
        raise WriteRefused(_("it does not pass validation: {0}").format(exc)) from None
    for name, value in fields.items():
        # A vault writes only values it has validated, so a value a validation would change
        # ("1 500,50", "no", an id in capitals) was not made by casefile: stored as sent, it
        # would mean one thing here and another there.
        if name in checked and checked[name] != value:
            raise WriteRefused(_("{0}.{1} is not written as casefile keeps it: {2}").format(
                spec.type, name, json.dumps(value, ensure_ascii=False)[:80]))
    return write


def _check_meta(fields: dict[str, Any]) -> None:
    """The fields every record has besides its spec's: local_only, a parcel's total."""
    if "local_only" in fields and not isinstance(fields["local_only"], bool):
        raise WriteRefused(_("local_only must be true or false"))
    weight = fields.get("total_weight_g")
    if "total_weight_g" in fields and weight is not None and (
            isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight < 2**53):
        raise WriteRefused(_("total_weight_g must be a whole number of grams"))


class WriteRefused(Exception):  # noqa: N818 - a refusal of one write, not an error
    """A signed, well-formed write that cannot apply: refused alone, with its reason."""


def _sequence_notes(last: int, number: int, sender: str) -> list[str]:
    """Each sender numbers its bundles to us: a gap means one was lost or withheld."""
    if number == last + 2:
        return [_("bundle {0} from {1} is missing").format(last + 1, sender)]
    if number > last + 2:  # a range, never a list: a crafted number may be huge
        return [_("bundles {0} to {1} from {2} are missing").format(last + 1, number - 1,
                                                                     sender)]
    if number <= last:
        return [_("bundle {0} from {1} arrived late or was sent again").format(number, sender)]
    return []


def _verified_writes(batches: list[Any]) -> tuple[list[dict[str, Any]],
                                                  dict[tuple[str, int], str | None],
                                                  list[dict[str, Any]]]:
    """The verified writes, their relayable signatures, and the writes refused alone."""
    writes, signatures, refused = [], {}, []
    for batch, verified in zip(batches, verify_batches(batches), strict=True):
        for write in verified:
            try:
                writes.append(_check_write(write))
            except WriteRefused as exc:
                refused.append(mergerules.refusal(write, str(exc)))
                continue
            # A one-write batch's signature can be relayed on as it is.
            signatures[(write["origin"], write["seq"])] = (
                f"{batch['origin_key']} {batch['signature']}" if len(batch["writes"]) == 1
                else None)
    return writes, signatures, refused


def _without_revoked(store: PeerStore, writes: list[dict[str, Any]]
                     ) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Writes made with a revoked key are dropped (those already held change nothing);
    returns the rest and, per revoked contact, how many were refused."""
    revoked = store.revoked_origins()
    if not revoked:
        return writes, {}
    kept, dropped = [], {}
    for write in writes:
        name = revoked.get(write["origin"])
        if name is None:
            kept.append(write)
        elif not store.holds_write(write["origin"], write["seq"]):
            dropped[name] = dropped.get(name, 0) + 1
    return kept, dropped


def _revoked_notes(dropped: dict[str, int]) -> list[str]:
    return [ngettext("{0} write made with the revoked key of {1} was refused",
                     "{0} writes made with the revoked key of {1} were refused",
                     count).format(count, name) for name, count in dropped.items()]


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


def _titles(session: Session, record_ids: set[str]) -> dict[str, tuple[str, str]]:
    """id -> (type, title) of those records this vault holds."""
    records = session.vault.records
    out = {}
    for record_id in record_ids:
        record_type = records.type_of(record_id)
        if record_type is not None:
            out[record_id] = (record_type, record_title(records.get(record_type, record_id)))
    return out


CHANGE_ORDER = ("added", "changed", "deleted")


def _changes(session: Session, before: dict[str, tuple[str, str]],
             outcomes: dict[str, str]) -> list[dict[str, str]]:
    after = _titles(session, {r for r, o in outcomes.items() if o in ("added", "changed")})
    rows = []
    for record_id, change in outcomes.items():
        known = (before if change == "deleted" else after).get(record_id)
        if change in CHANGE_ORDER and known is not None:  # not a record this vault never had
            rows.append({"change": change, "type": known[0], "id": record_id,
                         "title": known[1]})
    rows.sort(key=lambda r: (CHANGE_ORDER.index(r["change"]), r["type"], r["title"], r["id"]))
    return rows


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


def _body_parts(body: dict[str, Any], me: Identity) -> tuple[list[Any], int, dict[str, int]]:
    """The batches, this vault's bundle number and the sender's vector (cleaned)."""
    batches = body.get("batches")
    sequence = body.get("sequence")
    vector = body.get("vector")
    if not isinstance(batches, list) or not isinstance(sequence, dict) \
            or not isinstance(vector, dict):
        raise BundleError(_("the bundle's body is malformed"))
    number = sequence.get(me.public.signing_key)
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < MAX_SEQ:
        raise BundleError(_("the bundle's body is malformed (its number for this vault)"))
    clean_vector = {o: s for o, s in vector.items() if isinstance(o, str) and ORIGIN_RE.match(o)
                    and isinstance(s, int) and not isinstance(s, bool) and 0 <= s < MAX_SEQ}
    return batches, number, clean_vector


def _keep_for_relaying(store: PeerStore, signatures: dict[tuple[str, int], str | None],
                       withheld: dict[tuple[str, int], list[str]]) -> None:
    """What passing these writes on needs: their origins' signatures, and whom the origins
    withheld them from."""
    store.store_signatures([(origin, seq, signature)
                            for (origin, seq), signature in signatures.items() if signature],
                           keep_existing=True)
    for (origin, seq), keys in withheld.items():
        if store.holds_write(origin, seq):
            store.note_withheld(origin, seq, keys)


def import_bundle(session: Session, source: Path, *, details: bool = False) -> ImportReport:
    source = Path(source)
    if not source.is_file():
        raise CasefileError(_("no such file: {0}").format(source))
    if source.stat().st_size > MAX_BUNDLE_BYTES:
        raise BundleError(_("{0} is too large to be a bundle").format(source))
    me = identity(session)
    store = peers(session)
    known = store.all()
    opened = open_bundle(source.read_bytes(), me, [_public(p) for p in known])
    if opened.sender.signing_key == me.public.signing_key:
        raise CasefileError(_("this bundle was made by this vault for {0}; it is for them to "
                              "import, and changes nothing here").format(
                                  _recipient_names(store, opened.body)))
    peer = store.by_signing_key(opened.sender.signing_key)
    if peer is None:  # open_bundle checked it; this only guards the invariant
        raise BundleError(_("the bundle is signed by an unknown key"))
    report = ImportReport(sender=peer.name)
    if store.seen_bundle(opened.bundle_hash):
        report.duplicate_bundle = True
        report.notes.append(_("this bundle was imported before; nothing changed"))
        return report
    body = opened.body
    batches, number, clean_vector = _body_parts(body, me)
    report.notes += _sequence_notes(store.last_seq(peer.name, "import"), number, peer.name)
    writes, signatures, refused_alone = _verified_writes(batches)
    withheld = {(w["origin"], w["seq"]): keys
                for batch, keys in zip(batches, _withheld_of_batches(body, len(batches)),
                                       strict=True) if keys is not None
                for w in batch["writes"]}
    writes, refused = _without_revoked(store, writes)
    report.writes_refused_revoked = sum(refused.values())
    report.notes += _revoked_notes(refused)
    files = bundlefiles.checked(body.get("files"))
    files_deleted = bundlefiles.checked_deletions(body.get("files_deleted"))
    with session.vault.db.transaction():
        received = len(writes)
        writes, report.writes_held_future = merge.hold_future(session.vault.records, writes,
                                                              signatures)
        before = _titles(session, {w["record_id"] for w in writes}) if details else {}
        result = merge.apply_writes(session.vault.records, writes)
        if details:
            report.records = _changes(session, before, result.outcomes)
        _keep_for_relaying(store, signatures, withheld)
        store.set_vector(peer.name, clean_vector)
        own = _public(peer).origin
        if own in clean_vector:
            store.set_own_vector(peer.name, own, clean_vector[own])
        report.writes = max(0, min(received, len(writes)) - result.duplicates)
        report.added, report.changed, report.deleted = result.added, result.changed, \
            result.deleted
        report.conflicts = result.conflicts
        report.records_waiting = dict(result.waiting)
        report.refused = [*refused_alone, *result.refused]
        report.notes += held_notes(report)
        report.files, report.files_deleted, file_notes = bundlefiles.apply(
            session, store, peer, files, files_deleted)
        report.notes += file_notes
        store.log(direction="import", peer=peer.name, bundle_id=str(body.get("bundle_id", ""))[:64],
                  sender_seq=number, bundle_hash=opened.bundle_hash, writes=report.writes,
                  records=report.applied, conflicts=result.conflicts,
                  note="; ".join(report.notes))
    return report


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
