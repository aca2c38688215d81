"""The vault header: the small JSON file beside the database with KDF costs and key slots.

Every header looks the same (format version 2, docs/vault-format.md): one Argon2id cost and
salt for the vault, a fixed number of key slots of one shape (a slot not in use is random
bytes), an encrypted directory saying which slot is which, and the encrypted failed-unlock
guard. Nothing in the clear says whether the vault has a recovery code, is remembered on a
device, has a duress passphrase or will destroy itself after wrong passphrases.

Opening tries every slot in a fixed order with one Argon2id derivation of the secret and a
fixed number of cheap HKDF and AES-GCM checks, so the time does not tell which slot matched.

A SHA-256 checksum over the content tells accidental damage apart from a wrong passphrase;
the AES-GCM tag of each slot (whose associated data binds the slot's kind, the KDF costs and
the vault's salt) is what stops tampering.

The slots, sealed fields and directory it is made of are casefile.vault.keyslots'; here are
the header as a whole, how a secret opens it, the version 1 header read only to upgrade it,
and the file's bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile.atomicfile import replace_in_vault
from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _
from casefile.vault import keys
from casefile.vault.keys import KdfParams, Secret
from casefile.vault.keyslots import (
    DIRECTORY_BYTES,
    GUARD_BYTES,
    LEGACY_AAD,
    LEGACY_INFO,
    OLD_DIRECTORY_BYTES,
    SLOT_COUNT,
    SLOT_KINDS,
    Directory,
    Opened,
    Sealed,
    Slot,
    b64,
    hkdf,
    try_unwrap,
    unb64,
)

FORMAT = "casefile-vault"
VERSION = 2
LEGACY_VERSION = 1
MAX_HEADER_BYTES = 64 * 1024


@dataclass
class Header:
    kdf: KdfParams
    salt: bytes
    slots: list[Slot]
    directory: Sealed
    guard: Sealed
    version: int = VERSION

    @classmethod
    def new(cls, kdf: KdfParams, data_key: Secret, salt: bytes | None = None) -> Header:
        header = cls(kdf, salt or os.urandom(keys.SALT_BYTES),
                     [Slot.random() for _ in range(SLOT_COUNT)], Sealed(b"", b""),
                     Sealed(b"", b""))
        header.set_directory(data_key, Directory())
        header.set_guard(None, 0)
        return header

    @classmethod
    def for_passphrase(cls, kdf: KdfParams, passphrase: str, data_key: Secret) -> Header:
        """A new vault's header: the passphrase in a slot chosen at random, the rest random."""
        header, directory = cls.with_passphrase(kdf, passphrase, data_key)
        header.set_directory(data_key, directory)
        return header

    @classmethod
    def with_passphrase(cls, kdf: KdfParams, passphrase: str, data_key: Secret
                        ) -> tuple[Header, Directory]:
        """A fresh header with the passphrase in a slot chosen at random, and its directory
        (not yet sealed: the caller may place more slots first)."""
        header = cls.new(kdf, data_key)
        directory = Directory()
        derived = header.derive(passphrase.encode("utf-8"))
        try:
            header.wrap(directory.place("passphrase"), "passphrase", derived, data_key)
        finally:
            derived.wipe()
        return header, directory

    # -- the encrypted parts -------------------------------------------------------------

    def _aad(self, what: str) -> bytes:
        kdf = json.dumps(self.kdf.as_dict(), sort_keys=True)
        return f"casefile-{what}-v2|{kdf}|{self.salt.hex()}".encode()

    def directory_of(self, data_key: Secret) -> Directory:
        key = hkdf(data_key.bytes(), self.salt, b"casefile-directory-v2")
        try:
            plain = self.directory.open(key, self._aad("directory"))
        finally:
            key.wipe()
        if plain is None or len(plain) not in (DIRECTORY_BYTES, OLD_DIRECTORY_BYTES):
            raise IntegrityError(_("the vault header is damaged"))
        return Directory.from_bytes(plain)

    def set_directory(self, data_key: Secret, directory: Directory) -> None:
        key = hkdf(data_key.bytes(), self.salt, b"casefile-directory-v2")
        try:
            self.directory = Sealed.seal(key, directory.to_bytes(), self._aad("directory"))
        finally:
            key.wipe()

    def _guard_key(self) -> Secret:
        # The guard must be read before any passphrase is known, so its key can only come
        # from the header itself: this hides it from a look at the file, not from someone
        # who runs casefile's code on it (docs/threat-model.md).
        return hkdf(self.salt, b"", b"casefile-guard-v2")

    def guard_state(self) -> tuple[int | None, int]:
        """(destroy after this many wrong passphrases or None, wrong ones so far)."""
        key = self._guard_key()
        try:
            plain = self.guard.open(key, self._aad("guard"))
        finally:
            key.wipe()
        if plain is None or len(plain) != GUARD_BYTES:
            raise IntegrityError(_("the vault header is damaged"))
        limit, failed = struct.unpack(">HH", plain)
        return (limit or None), failed

    def set_guard(self, limit: int | None, failed: int) -> None:
        key = self._guard_key()
        try:
            self.guard = Sealed.seal(key, struct.pack(">HH", limit or 0, min(failed, 0xFFFF)),
                                     self._aad("guard"))
        finally:
            key.wipe()

    @property
    def destroy_after(self) -> int | None:
        return self.guard_state()[0]

    # -- slots ---------------------------------------------------------------------------

    def slot_aad(self, kind: str, index: int) -> bytes:
        return self._aad(f"slot|{kind}|{index}")

    def derive(self, secret: bytes) -> Secret:
        """The slow step: Argon2id of the secret with this vault's salt and costs."""
        return keys.derive_bytes(secret, self.salt, self.kdf)

    def wrap(self, index: int, kind: str, derived: Secret, data_key: Secret) -> None:
        salt = os.urandom(keys.SALT_BYTES)
        kek = hkdf(derived.bytes(), salt, b"casefile-slot-v2")
        try:
            nonce, ciphertext = keys.wrap(kek, data_key, self.slot_aad(kind, index))
        finally:
            kek.wipe()
        self.slots[index] = Slot(salt, nonce, ciphertext)

    def erase(self, index: int) -> None:
        self.slots[index] = Slot.random()

    def open(self, secret: bytes, derived: Secret | None = None) -> Opened | None:
        """Try every slot with ``secret``: always one derivation and the same checks.

        Each slot is tried for every kind (the kind is in the associated data only), and for
        a recovery code kept over from a version 1 header; no early exit.
        """
        derived = derived or self.derive(secret)
        found: Opened | None = None
        for index, slot in enumerate(self.slots):
            kek = hkdf(derived.bytes(), slot.salt, b"casefile-slot-v2")
            legacy = hkdf(secret, slot.salt, LEGACY_INFO)
            try:
                for kind in SLOT_KINDS:
                    key = try_unwrap(kek, slot, self.slot_aad(kind, index))
                    if key is not None and found is None:
                        found = Opened(kind, index, key, derived)
                key = try_unwrap(legacy, slot, LEGACY_AAD)
                if key is not None and found is None:
                    found = Opened("recovery", index, key, derived)
            finally:
                kek.wipe()
                legacy.wipe()
        return found

    # -- bytes ---------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        body: dict[str, Any] = {
            "format": FORMAT, "version": self.version, "kdf": self.kdf.as_dict(),
            "salt": b64(self.salt), "slots": [s.as_dict() for s in self.slots],
            "directory": self.directory.as_dict(), "guard": self.guard.as_dict()}
        body["checksum"] = _checksum(body)
        return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> Header | LegacyHeader:
        damaged = IntegrityError(_("the vault header is damaged"))
        if len(data) > MAX_HEADER_BYTES:
            raise damaged
        try:
            body = json.loads(data.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            raise damaged from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise damaged
        checksum = body.pop("checksum", None)
        if checksum != _checksum(body):
            raise damaged
        if body.get("version") == LEGACY_VERSION:
            return LegacyHeader.from_body(body)
        if body.get("version") != VERSION:
            raise CasefileError(_("this vault was made by a newer casefile (header version {0})")
                                .format(body.get("version")))
        try:
            slots = [Slot.from_dict(s) for s in body["slots"]]
            if len(slots) != SLOT_COUNT:
                raise damaged
            return cls(KdfParams.from_dict(body["kdf"]), unb64(body["salt"], keys.SALT_BYTES),
                       slots, Sealed.from_dict(body["directory"], DIRECTORY_BYTES,
                                                        OLD_DIRECTORY_BYTES),
                       Sealed.from_dict(body["guard"], GUARD_BYTES))
        except (KeyError, TypeError, ValueError):
            raise damaged from None


@dataclass
class LegacySlot:
    kind: str
    salt: bytes
    nonce: bytes
    ciphertext: bytes
    kdf: KdfParams | None = None

    def aad(self) -> bytes:
        kdf = json.dumps(self.kdf.as_dict(), sort_keys=True) if self.kdf else ""
        return f"casefile-slot-v1|{self.kind}|{kdf}".encode()


@dataclass
class LegacyHeader:
    """A version 1 header (slot kinds and the guard in the clear), read only to upgrade it."""

    slots: list[LegacySlot]
    destroy_after: int | None = None
    failed_unlocks: int = 0
    version: int = LEGACY_VERSION

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> LegacyHeader:
        try:
            slots = []
            for raw in body["slots"]:
                if not isinstance(raw, dict) or raw.get("kind") not in ("passphrase", "recovery",
                                                                        "keyring"):
                    raise IntegrityError(_("the vault header is damaged"))
                kdf = KdfParams.from_dict(raw["kdf"]) if "kdf" in raw else None
                slots.append(LegacySlot(raw["kind"], base64.b64decode(raw["salt"], validate=True),
                                        base64.b64decode(raw["nonce"], validate=True),
                                        base64.b64decode(raw["ciphertext"], validate=True), kdf))
            header = cls(slots)
            guard = body.get("guard")
            if guard is not None:
                header.destroy_after = int(guard["destroy_after"])
                header.failed_unlocks = int(guard["failed"])
        except (KeyError, TypeError, ValueError):
            raise IntegrityError(_("the vault header is damaged")) from None
        return header

    def slot(self, kind: str) -> LegacySlot | None:
        return next((s for s in self.slots if s.kind == kind), None)

    def to_bytes(self) -> bytes:
        slots = []
        for s in self.slots:
            raw: dict[str, Any] = {"kind": s.kind, "salt": b64(s.salt), "nonce": b64(s.nonce),
                                   "ciphertext": b64(s.ciphertext)}
            if s.kdf:
                raw["kdf"] = s.kdf.as_dict()
            slots.append(raw)
        body: dict[str, Any] = {"format": FORMAT, "version": LEGACY_VERSION, "slots": slots}
        if self.destroy_after is not None:
            body["guard"] = {"destroy_after": self.destroy_after, "failed": self.failed_unlocks}
        body["checksum"] = _checksum(body)
        return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("ascii")

    def open_passphrase(self, passphrase: str) -> Secret:
        slot = self.slot("passphrase")
        if slot is None or slot.kdf is None:
            raise IntegrityError(_("the vault header has no passphrase slot"))
        kek = keys.derive(passphrase, slot.salt, slot.kdf)
        try:
            return keys.unwrap(kek, slot.nonce, slot.ciphertext, slot.aad())
        finally:
            kek.wipe()

    def open_recovery(self, code: bytes) -> Secret:
        slot = self.slot("recovery")
        if slot is None:
            raise keys.WrongKeyError(_("wrong recovery code"))
        kek = hkdf(code, slot.salt, LEGACY_INFO)
        try:
            return keys.unwrap(kek, slot.nonce, slot.ciphertext, slot.aad())
        except keys.WrongKeyError:
            raise keys.WrongKeyError(_("wrong recovery code")) from None
        finally:
            kek.wipe()

    def upgraded(self, passphrase: str, data_key: Secret) -> Header:
        """The version 2 header for the same data key and passphrase.

        The recovery slot is carried over unchanged (it opens with the same code); the
        "remember on this device" slot is dropped (remember again after the upgrade).
        """
        old = self.slot("passphrase")
        if old is None or old.kdf is None:
            raise IntegrityError(_("the vault header has no passphrase slot"))
        header, directory = Header.with_passphrase(old.kdf, passphrase, data_key)
        recovery = self.slot("recovery")
        if recovery is not None:
            index = directory.place("recovery")
            header.slots[index] = Slot(recovery.salt, recovery.nonce, recovery.ciphertext)
        header.set_directory(data_key, directory)
        header.set_guard(self.destroy_after, 0)
        return header


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("ascii")).hexdigest()


def read_any(path: Path) -> Header | LegacyHeader:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_HEADER_BYTES + 1)
    except FileNotFoundError:
        raise CasefileError(_("no vault at {0}").format(path.parent)) from None
    return Header.from_bytes(data)


def read(path: Path) -> Header:
    """A version 2 header; a version 1 one is upgraded at the next passphrase unlock."""
    header = read_any(path)
    if isinstance(header, LegacyHeader):
        raise CasefileError(_("this vault is in an older format: unlock it with its "
                              "passphrase once to upgrade it"))
    return header


def write(path: Path, header: Header | LegacyHeader) -> None:
    replace_in_vault(path, header.to_bytes())


def write_in_place(path: Path, header: Header) -> None:
    """Overwrite the header file's bytes where they are (crypto-erase, duress): an atomic
    rename would leave the old bytes, with the old slots, in a free block of the disk."""
    blank = header.to_bytes()
    with path.open("r+b") as fh:
        size = os.fstat(fh.fileno()).st_size
        fh.write(blank.ljust(size, b" "))
        fh.truncate(max(size, len(blank)))
        fh.flush()
        os.fsync(fh.fileno())


def erased(header: Header | LegacyHeader) -> Header | LegacyHeader:
    """The same header with every slot, the directory and the guard replaced by random bytes."""
    if isinstance(header, LegacyHeader):
        return LegacyHeader([LegacySlot(s.kind, os.urandom(len(s.salt)), os.urandom(len(s.nonce)),
                                        os.urandom(len(s.ciphertext)), s.kdf)
                             for s in header.slots])
    blank = Header(header.kdf, os.urandom(keys.SALT_BYTES),
                   [Slot.random() for _ in range(SLOT_COUNT)],
                   Sealed(os.urandom(keys.NONCE_BYTES), os.urandom(DIRECTORY_BYTES + 16)),
                   Sealed(b"", b""))
    blank.set_guard(None, 0)  # an ordinary guard, so what is left reads as a wrong passphrase
    return blank
