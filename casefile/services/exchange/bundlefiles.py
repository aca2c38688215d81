"""Attached files (scans of letters, court papers, photos) carried in bundles.

A bundle asked to carry files holds, under the body key ``files``, each file attached to a
record it shares that a recipient has not been sent yet (docs/bundle-format.md, "Files").
The whole body is signed by the sender, so a file is as trustworthy as the bundle; on import
every entry is checked (shape, size, base64, SHA-256) before anything is written, and a
file is kept only for a record this vault holds.

Messengers limit what one can send (Signal: 100 MB), so a bundle carries at most
FILES_PER_BUNDLE bytes of files; the rest wait for the next bundle, oldest first.

A deleted file's id goes, under ``files_deleted``, to every peer that was sent it (always,
with or without files), so a scan removed here is removed there too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from casefile.domain.errors import NotFoundError
from casefile.domain.validate import is_uuid
from casefile.i18n import _, ngettext
from casefile.services.records.session import Session
from casefile.sync.errors import BundleError
from casefile.vault.attachments import MAX_ATTACHMENT_BYTES, Attachment, clean_filename
from casefile.vault.peers import Peer, PeerStore

# Each part is one JSON string: 8 MiB of file is 11.2 MB of base64, under the 16 MiB a
# bundle allows one string.
PART_BYTES = 8 * 1024 * 1024
FILES_PER_BUNDLE = 64 * 1024 * 1024
# The largest file a bundle can carry: its base64 (compressed back to about its own size,
# since scans and photos do not compress) must leave the 256 MiB bundle room to spare.
LARGEST_FILE = 160 * 1024 * 1024
MAX_FILES = 10_000
MAX_DELETED = 100_000
KEYS = frozenset({"id", "record_id", "filename", "media_type", "size", "sha256", "created_at",
                  "parts"})
MEDIA_TYPE_RE = re.compile(r"^[A-Za-z0-9][\w.+-]{0,63}/[A-Za-z0-9][\w.+-]{0,126}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Outgoing:
    entries: list[dict[str, Any]] = field(default_factory=list)  # the body's "files"
    ids: list[str] = field(default_factory=list)
    waiting: int = 0  # files left for the next bundle (over FILES_PER_BUNDLE)
    too_large: list[str] = field(default_factory=list)  # names of files no bundle can carry


def entry(att: Attachment, data: bytes) -> dict[str, Any]:
    parts = [base64.b64encode(data[i:i + PART_BYTES]).decode("ascii")
             for i in range(0, len(data), PART_BYTES)]
    return {"id": att.id, "record_id": att.record_id, "filename": att.filename,
            "media_type": att.media_type, "size": att.size, "sha256": att.sha256,
            "created_at": att.created_at, "parts": parts}


def outgoing(session: Session, store: PeerStore, recipients: Sequence[Peer],
             record_ids: set[str], *, full: bool) -> Outgoing:
    """The files of ``record_ids`` that some recipient has not been sent (all, if ``full``),
    oldest first, up to FILES_PER_BUNDLE bytes; one file over that goes alone."""
    sent = set.intersection(*(store.sent_files(p.name) for p in recipients))
    out = Outgoing()
    used = 0
    attachments = session.vault.attachments
    for att in attachments.of_records(record_ids):
        if att.id in sent and not full:
            continue
        if att.size > LARGEST_FILE:
            out.too_large.append(att.filename)
        elif out.entries and used + att.size > FILES_PER_BUNDLE:
            out.waiting += 1
        else:
            out.entries.append(entry(att, attachments.data(att.id)))
            out.ids.append(att.id)
            used += att.size
    return out


def deletions(session: Session, store: PeerStore, recipients: Sequence[Peer],
              record_ids: set[str], *, full: bool) -> list[str]:
    """Ids of deleted files some recipient was sent (with ``full``, also every deleted file
    of the shared records)."""
    attachments = session.vault.attachments
    sent = set().union(*(store.sent_files(p.name) for p in recipients))
    ids = attachments.deleted_ids() & sent
    if full:
        ids |= attachments.deleted_of_records(record_ids)
    return sorted(ids)


def export_note(out: Outgoing) -> list[str]:
    """What the person exporting should know about the files left behind."""
    notes = []
    if out.waiting:
        notes.append(ngettext(
            "{0} more attached file waits for the next bundle (one bundle carries up to {1} MB)",
            "{0} more attached files wait for the next bundle (one bundle carries up to {1} MB)",
            out.waiting).format(out.waiting, FILES_PER_BUNDLE // (1024 * 1024)))
    if out.too_large:
        notes.append(_("too large for any bundle (over {0} MB), pass these by hand: {1}").format(
            LARGEST_FILE // (1024 * 1024), ", ".join(out.too_large)))
    return notes


# -- import ----------------------------------------------------------------------------------

def _text(value: Any, limit: int) -> bool:
    return isinstance(value, str) and 0 < len(value) <= limit


def _decoded(parts: Any, size: int) -> bytes:
    if not isinstance(parts, list) or len(parts) > size // PART_BYTES + 1:
        raise BundleError(_("an attached file in the bundle is malformed (parts)"))
    chunks = []
    for part in parts:
        if not isinstance(part, str) or len(part) > 4 * (PART_BYTES // 3 + 1):
            raise BundleError(_("an attached file in the bundle is malformed (parts)"))
        try:
            chunks.append(base64.b64decode(part.encode("ascii"), validate=True))
        except (binascii.Error, UnicodeEncodeError):
            raise BundleError(_("an attached file in the bundle is not valid base64")) from None
    return b"".join(chunks)


def _checked(item: Any) -> tuple[Attachment, bytes]:
    if not isinstance(item, dict) or set(item) != KEYS:
        raise BundleError(_("an attached file in the bundle is malformed"))
    size = item["size"]
    bad = (not is_uuid(item["id"]) or not is_uuid(item["record_id"])
           or not _text(item["filename"], 255) or clean_filename(item["filename"])
           != item["filename"]
           or not isinstance(item["media_type"], str)
           or not MEDIA_TYPE_RE.match(item["media_type"])
           or isinstance(size, bool) or not isinstance(size, int)
           or not 0 <= size <= MAX_ATTACHMENT_BYTES
           or not isinstance(item["sha256"], str) or not SHA256_RE.match(item["sha256"])
           or not _text(item["created_at"], 40))
    if not bad:
        try:
            datetime.fromisoformat(item["created_at"])
        except ValueError:
            bad = True
    if bad:
        raise BundleError(_("an attached file in the bundle is malformed"))
    data = _decoded(item["parts"], size)
    if len(data) != size or hashlib.sha256(data).hexdigest() != item["sha256"]:
        raise BundleError(_("an attached file in the bundle does not match its checksum"))
    return Attachment(item["id"], item["record_id"], item["filename"], item["media_type"],
                      size, item["sha256"], item["created_at"]), data


def checked(value: Any) -> list[tuple[Attachment, bytes]]:
    """Every file of a bundle body, checked; BundleError names the first bad one."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_FILES:
        raise BundleError(_("the bundle's files are malformed"))
    files = [_checked(item) for item in value]
    if len({att.id for att, _data in files}) != len(files):
        raise BundleError(_("the bundle holds the same attached file twice"))
    return files


def checked_deletions(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_DELETED \
            or not all(is_uuid(v) for v in value):
        raise BundleError(_("the bundle's list of deleted files is malformed"))
    return list(dict.fromkeys(value))


def apply(session: Session, store: PeerStore, sender: Peer,
          files: list[tuple[Attachment, bytes]],
          deleted: list[str]) -> tuple[int, int, list[str]]:
    """Keep the files whose records this vault holds, then delete the files the sender
    deleted; in the caller's transaction.

    Returns how many were added and deleted, and notes. A file this vault already has, or
    has deleted, is not added again; the sender is noted as having every file it sent.
    """
    attachments = session.vault.attachments
    records = session.vault.records
    buried = attachments.deleted_ids()
    added, missing, differ, held = 0, 0, 0, 0
    for att, data in files:
        if att.id in buried:
            continue
        try:
            have = attachments.meta(att.id)
        except NotFoundError:
            have = None
        if have is not None:
            same = have.sha256 == att.sha256 and have.record_id == att.record_id
            differ += not same
            if same and not attachments.is_own(att.id):
                attachments.note_source(att.id, sender.name)  # passed on by them too
            continue
        if records.type_of(att.record_id) is None:
            if attachments.record_awaited(att.record_id):
                attachments.hold(att, data, sender.name)  # moves in when the record shows
                held += 1
            else:
                missing += 1
            continue
        attachments.put_received(att, data, sender.name)
        added += 1
    added += attachments.release_held()
    store.mark_files_sent(sender.name, [att.id for att, _data in files])
    removed, refused = attachments.delete_received(deleted, sender.name)
    store.forget_files_sent(sender.name, deleted)
    notes = _apply_notes(added=added, missing=missing, differ=differ, held=held,
                         removed=removed, refused=refused, sender=sender.name)
    return added, removed, notes


def _apply_notes(*, added: int, missing: int, differ: int, held: int, removed: int,
                 refused: int, sender: str) -> list[str]:
    """A line for each thing that happened to the files of one import."""
    notes = []
    if added:
        notes.append(ngettext("{0} attached file added", "{0} attached files added",
                              added).format(added))
    if missing:
        notes.append(ngettext(
            "{0} attached file was left out: its record is not in this vault",
            "{0} attached files were left out: their records are not in this vault",
            missing).format(missing))
    if held:
        notes.append(ngettext(
            "{0} attached file waits for its record, which has not applied yet",
            "{0} attached files wait for their records, which have not applied yet",
            held).format(held))
    if differ:
        notes.append(ngettext(
            "{0} attached file was left out: this vault holds a different file under its id",
            "{0} attached files were left out: this vault holds different files under their ids",
            differ).format(differ))
    if removed:
        notes.append(ngettext("{0} attached file deleted, as the sender deleted it",
                              "{0} attached files deleted, as the sender deleted them",
                              removed).format(removed))
    if refused:
        notes.append(ngettext(
            "{0} file deletion was refused: the file was not received from {1}",
            "{0} file deletions were refused: the files were not received from {1}",
            refused).format(refused, sender))
    return notes
