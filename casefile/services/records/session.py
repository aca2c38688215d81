"""Use cases on an unlocked vault: the one place every user action exists.

The command line and the window both call these; neither touches the vault directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from casefile.atomicfile import check_output
from casefile.domain.errors import CasefileError
from casefile.domain.validate import is_uuid, normal_id, spec_for, validate
from casefile.i18n import _
from casefile.vault import backup, keys, leftovers, search, trash
from casefile.vault.attachments import Attachment
from casefile.vault.db import DatabaseError as StorageError
from casefile.vault.folder import is_vault
from casefile.vault.keys import Secret
from casefile.vault.search import Hit
from casefile.vault.unlock import unlock
from casefile.vault.vault import Vault

# Inside Session, "list" names its method: the lists its other methods return, named here.
Records = list[dict[str, Any]]
Hits = list[Hit]
Attachments = list[Attachment]
Lines = list[str]

__all__ = ["Session", "StorageError"]


BACKUP_WRITING = "backup_writing"  # the backup being written, until it is in place


def sweep_restores(folder: Path) -> None:
    """Wipe the copies interrupted restores into ``folder`` left beside it: each may open
    with the passphrase (vault/leftovers.py). Needs no passphrase, so it runs at every start."""
    for staging in leftovers.restore_leftovers(Path(folder)):
        leftovers.wipe_tree(staging)

class Session:
    """An open (unlocked) vault. ``close()`` locks it."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # -- lifecycle -----------------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, passphrase: str, kdf_seconds: float = 1.0) -> Session:
        folder = Path(folder)
        if is_vault(folder):
            raise CasefileError(_("a vault already exists at {0}").format(folder))
        params = keys.calibrate(kdf_seconds)
        session = cls(Vault.create(folder, passphrase, params))
        from casefile.services.records.identity import identity  # noqa: PLC0415 - loads crypto

        identity(session)  # the vault's keys, and its origin id derived from them
        return session

    @classmethod
    def open(cls, folder: Path, passphrase: str) -> Session:
        folder = Path(folder)
        if not is_vault(folder):
            raise CasefileError(_("no vault at {0} (create one with: casefile init)")
                                .format(folder))
        session = cls(Vault.open(folder, passphrase))
        session._sweep_leftovers()
        return session

    @staticmethod
    def derive_key(folder: Path, passphrase: str) -> Secret:
        """The slow half of unlocking (Argon2id): safe to run on a worker thread."""
        folder = Path(folder)
        if not is_vault(folder):
            raise CasefileError(_("no vault at {0}").format(folder))
        return unlock(folder, passphrase)

    @staticmethod
    def derive_remembered_key(folder: Path) -> Secret:
        """The data key through "remember on this device" (asks the OS credential store)."""
        from casefile.services.safety.device import unlock_remembered  # noqa: PLC0415

        return unlock_remembered(Path(folder))

    @classmethod
    def open_with_key(cls, folder: Path, key: Secret) -> Session:
        """The quick half: open the database on the thread that will use it."""
        session = cls(Vault.open_with_key(Path(folder), key))
        session._sweep_leftovers()
        return session

    def close(self) -> None:
        self.vault.close()

    def worker_opener(self) -> Callable[[], Session]:
        """A Session on a second connection, to be opened (once) by a worker thread."""
        open_vault = self.vault.worker_opener()
        return lambda: Session(open_vault())

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def folder(self) -> Path:
        return self.vault.folder

    # -- records -------------------------------------------------------------------------

    def add(self, record_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
        values = validate(record_type, data)
        record_id = data.get("id")
        if record_id is not None and not is_uuid(record_id):
            raise CasefileError(_("{0}.id: must be a UUID such as {1}").format(
                record_type, "2f1c6b9e-8d1a-4c3e-9b7a-1e2d3c4b5a69"))
        return self.vault.records.add(record_type, values,
                                      record_id=None if record_id is None else
                                      normal_id(record_id))

    def get(self, record_type: str, record_id: str) -> dict[str, Any]:
        return self.vault.records.get(record_type, normal_id(record_id))

    def get_any(self, record_id: str) -> dict[str, Any]:
        return self.vault.records.get_any(normal_id(record_id))

    def list(self, record_type: str, where: Mapping[str, Any] | None = None, *,
             order: str | None = None, descending: bool | None = None,
             limit: int | None = None, offset: int = 0,
             match: str | None = None) -> list[dict[str, Any]]:
        """Sorted, filtered and paged in SQL; ``match`` narrows by full text."""
        return self.vault.records.list(record_type, where, order=order, descending=descending,
                                       limit=limit, offset=offset, match=match)

    def iterate(self, record_type: str, where: Mapping[str, Any] | None = None, *,
                order: str | None = None, descending: bool | None = None,
                limit: int | None = None) -> Iterator[dict[str, Any]]:
        """``list``'s records one by one, read from the vault a batch at a time: memory
        stays the same however many there are (an export, ``list --json``)."""
        return self.vault.records.iterate(record_type, where, order=order,
                                          descending=descending, limit=limit)

    def count(self, record_type: str, where: Mapping[str, Any] | None = None, *,
              match: str | None = None) -> int:
        return self.vault.records.count(record_type, where, match=match)

    def edit(self, record_type: str, record_id: str, data: Mapping[str, Any]) -> dict[str, Any]:
        spec_for(record_type)
        record_id = normal_id(record_id)
        if "id" in data and normal_id(str(data["id"])) != record_id:
            raise CasefileError(_("{0}.id: the id of a record cannot be changed").format(
                record_type))
        values = validate(record_type, data, partial=True)
        return self.vault.records.edit(record_type, record_id, values)

    def delete(self, record_type: str, record_id: str) -> None:
        """Delete, keeping the values in the trash for a while (services/records/trash.py)."""
        with self.vault.db.transaction():
            trash.keep(self.vault.records, record_type, normal_id(record_id))
            self.vault.records.delete(record_type, normal_id(record_id))

    def history(self, record_id: str) -> Records:
        return self.vault.records.history(normal_id(record_id))

    # -- search --------------------------------------------------------------------------

    def search(self, text: str, *, record_type: str | None = None,
               limit: int = 20) -> Hits:
        if record_type is not None:
            spec_for(record_type)
        # Any spelling of a person's name also finds the name in letters and notes.
        names = search.people_names(self.vault.db)
        hits = []
        for found_type, record_id, score in search.query(
                self.vault.db.conn, text, record_type=record_type, limit=limit, names=names):
            record = self.vault.records.get(found_type, record_id)
            hits.append(search.make_hit(record, text, score, names))
        return hits

    # -- attachments ---------------------------------------------------------------------

    def attach(self, record_type: str, record_id: str, path: Path) -> Attachment:
        self.get(record_type, record_id)
        path = Path(path)
        if not path.is_file():
            raise CasefileError(_("no such file: {0}").format(path))
        return self.vault.attachments.add(record_id, path.name, path.read_bytes())

    def attach_bytes(self, record_id: str, filename: str, data: bytes) -> Attachment:
        return self.vault.attachments.add(record_id, filename, data)

    def attachment_meta(self, attachment_id: str) -> Attachment:
        return self.vault.attachments.meta(attachment_id)

    def delete_attachment(self, attachment_id: str) -> Attachment:
        return self.vault.attachments.delete(attachment_id)

    def attachments(self, record_id: str) -> Attachments:
        return self.vault.attachments.list(record_id)

    def attachment(self, attachment_id: str) -> tuple[Attachment, bytes]:
        return (self.vault.attachments.meta(attachment_id),
                self.vault.attachments.data(attachment_id))

    # -- whole vault ---------------------------------------------------------------------

    def check(self) -> Lines:
        return self.vault.check()

    def change_passphrase(self, new_passphrase: str, kdf_seconds: float | None = None) -> None:
        """A new passphrase ends "remember on this device": the key in the OS store goes too."""
        from casefile.services.safety.device import forget  # noqa: PLC0415 - touches the OS store

        params = keys.calibrate(kdf_seconds) if kdf_seconds is not None else None
        forget(self)
        self.vault.change_passphrase(new_passphrase, params)

    def backup(self, target: Path) -> None:
        target = Path(target)
        if target.resolve().is_relative_to(self.folder.resolve()):
            raise CasefileError(_("a backup cannot be written inside the vault folder"))
        check_output(target)  # refused before anything is written, the vault included
        # Kept until the backup is in place: if the process is killed meanwhile, the next
        # opening knows where its half-made copy lies, and wipes it.
        self.vault.set_local_setting(BACKUP_WRITING, str(target.resolve()))
        try:
            backup.write_backup(self.vault, target)
        finally:
            self.vault.set_local_setting(BACKUP_WRITING, None)

    def _sweep_leftovers(self) -> None:
        """Wipe what interrupted work left: a restore's copy beside the vault, temp files,
        a backup killed half-way (see vault/leftovers.py)."""
        writing = self.vault.local_setting(BACKUP_WRITING)
        leftovers.sweep(self.folder, [Path(writing)] if writing else [])
        trash.purge(self.vault.records, self.vault.records.clock.wall_ms())
        if writing:
            self.vault.set_local_setting(BACKUP_WRITING, None)
