"""Files (scans of letters, court documents, photos) stored as blobs inside the vault."""

from __future__ import annotations

import builtins
import hashlib
import json
import mimetypes
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from casefile.domain.errors import CasefileError, NotFoundError
from casefile.i18n import _
from casefile.vault.db import Database
from casefile.vault.records import now_iso

MAX_ATTACHMENT_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    id: str
    record_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def clean_filename(filename: str) -> str:
    """The last part of a path, never empty, at most 255 characters, no control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:255] if name.strip(".") else "file"  # never "", "." or ".."


_COLUMNS = "id, record_id, filename, media_type, size, sha256, created_at"


class AttachmentStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, record_id: str, filename: str, data: bytes,
            media_type: str | None = None) -> Attachment:
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise CasefileError(
                _("{0} is larger than {1} MB; casefile stores files up to that size")
                .format(filename, MAX_ATTACHMENT_BYTES // (1024 * 1024)))
        name = clean_filename(filename)
        att = Attachment(
            str(uuid.uuid4()), record_id, name,
            media_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
            len(data), hashlib.sha256(data).hexdigest(), now_iso())
        with self.db.transaction():
            if not self.db.execute("SELECT 1 FROM record WHERE id = ?", (record_id,)).fetchone():
                raise NotFoundError(_("no record with id {0}").format(record_id))
            self.db.execute(
                f"INSERT INTO attachment({_COLUMNS}, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*asdict(att).values(), data))
        return att

    def put_received(self, att: Attachment, data: bytes, peer: str) -> None:
        """Store a file ``peer`` sent, as it was there (id, name, time), in the caller's
        transaction; the caller has checked the record, size and checksum."""
        self.db.execute(
            f"INSERT INTO attachment({_COLUMNS}, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*asdict(att).values(), data))
        self.note_source(att.id, peer)

    def record_awaited(self, record_id: str) -> bool:
        """A record whose writes this vault holds but that does not show yet (dated ahead,
        or waiting for what it refers to): its files wait for it."""
        return self.db.execute("SELECT 1 FROM change WHERE record_id = ? LIMIT 1",
                               (record_id,)).fetchone() is not None or self.db.execute(
            "SELECT 1 FROM held_write WHERE json_extract(write, '$.record_id') = ? LIMIT 1",
            (record_id,)).fetchone() is not None

    def hold(self, att: Attachment, data: bytes, peer: str) -> None:
        """Keep a received file until its record shows (its writes are held or waiting)."""
        self.db.execute("INSERT OR IGNORE INTO held_file(id, record_id, peer, meta, data) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (att.id, att.record_id, peer, json.dumps(asdict(att)), data))

    def release_held(self) -> int:
        """Move in the held files whose record now shows; returns how many."""
        moved = 0
        for attachment_id, peer, meta in self.db.execute(
                "SELECT h.id, h.peer, h.meta FROM held_file h "
                "JOIN record r ON r.id = h.record_id").fetchall():
            att = Attachment(**json.loads(meta))
            exists = self.db.execute("SELECT 1 FROM attachment WHERE id = ?",
                                     (attachment_id,)).fetchone()
            if not exists and attachment_id not in self.deleted_ids():
                data = self.db.execute("SELECT data FROM held_file WHERE id = ?",
                                       (attachment_id,)).fetchone()[0]
                self.put_received(att, data, peer)
                moved += 1
            self.db.execute("DELETE FROM held_file WHERE id = ?", (attachment_id,))
        return moved

    def is_own(self, attachment_id: str) -> bool:
        """Attached here, not received: no contact can delete it."""
        return self.db.execute("SELECT 1 FROM file_source WHERE attachment_id = ?",
                               (attachment_id,)).fetchone() is None

    def note_source(self, attachment_id: str, peer: str) -> None:
        """``peer`` sent this file: a deletion from them is honoured."""
        self.db.execute("INSERT OR IGNORE INTO file_source(attachment_id, peer) VALUES (?, ?)",
                        (attachment_id, peer))

    def of_records(self, record_ids: set[str]) -> list[Attachment]:
        """The files of these records (no data), oldest first."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM attachment ORDER BY created_at, id")
        return [Attachment(*row) for row in rows if row[1] in record_ids]

    def list(self, record_id: str) -> list[Attachment]:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM attachment WHERE record_id = ? ORDER BY created_at, filename",
            (record_id,))
        return [Attachment(*row) for row in rows]

    def meta(self, attachment_id: str) -> Attachment:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM attachment WHERE id = ?",
                              (attachment_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("no attachment with id {0}").format(attachment_id))
        return Attachment(*row)

    def data(self, attachment_id: str) -> bytes:
        att = self.meta(attachment_id)
        data = bytes(self.db.execute("SELECT data FROM attachment WHERE id = ?",
                                     (attachment_id,)).fetchone()[0])
        if hashlib.sha256(data).hexdigest() != att.sha256:
            raise CasefileError(_("attachment {0} does not match its checksum").format(att.id))
        return data

    def delete(self, attachment_id: str) -> Attachment:
        """Remove the file (its pages are overwritten: secure_delete) and leave its id, so
        bundles carry the deletion to every peer that was sent it."""
        with self.db.transaction():
            att = self.meta(attachment_id)
            self.db.execute("DELETE FROM attachment WHERE id = ?", (attachment_id,))
            self._bury(attachment_id, att.record_id)
        return att

    def _bury(self, attachment_id: str, record_id: str | None) -> None:
        self.db.execute("INSERT OR IGNORE INTO file_tombstone(id, record_id, deleted_at) "
                        "VALUES (?, ?, ?)", (attachment_id, record_id, now_iso()))

    def delete_received(self, attachment_ids: builtins.list[str], peer: str) -> tuple[int, int]:
        """Deletions from ``peer``, in the caller's transaction: returns how many files this
        vault held and deleted, and how many deletions it refused. A file held here is
        deleted only if it was received from that peer (never this vault's own, nor one
        another group sent); an id not held is kept as deleted, so a deletion that overtook
        its file keeps the file out. Each id is kept, so the deletion goes on to whoever we
        sent it to."""
        held = refused = 0
        for attachment_id in attachment_ids:
            row = self.db.execute("SELECT record_id FROM attachment WHERE id = ?",
                                  (attachment_id,)).fetchone()
            if row is not None and self.db.execute(
                    "SELECT 1 FROM file_source WHERE attachment_id = ? AND peer = ?",
                    (attachment_id, peer)).fetchone() is None:
                refused += 1
                continue
            if row is not None:
                self.db.execute("DELETE FROM attachment WHERE id = ?", (attachment_id,))
                held += 1
            self._bury(attachment_id, row[0] if row else None)
        return held, refused

    def deleted_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM file_tombstone")}

    def deleted_of_records(self, record_ids: set[str]) -> set[str]:
        return {i for i, r in self.db.execute("SELECT id, record_id FROM file_tombstone")
                if r in record_ids}
