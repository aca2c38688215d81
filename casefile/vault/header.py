"""The vault header: the small JSON file beside the database with KDF costs and key slots.

It names no person and holds no case data: only what is needed to turn a passphrase into
the database key. A SHA-256 checksum over its content tells accidental damage apart from a
wrong passphrase; the AES-GCM tag of each slot (whose associated data binds the slot's kind
and KDF costs) is what stops tampering.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.atomicfile import replace_in_vault
from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _
from casefile.vault import keys
from casefile.vault.keys import KdfParams, Secret

FORMAT = "casefile-vault"
VERSION = 1
MAX_HEADER_BYTES = 64 * 1024
SLOT_KINDS = ("passphrase", "recovery", "keyring")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64")
    return base64.b64decode(text, validate=True)


@dataclass
class Slot:
    kind: str
    salt: bytes
    nonce: bytes
    ciphertext: bytes
    kdf: KdfParams | None = None  # passphrase slots only

    def aad(self) -> bytes:
        kdf = json.dumps(self.kdf.as_dict(), sort_keys=True) if self.kdf else ""
        return f"casefile-slot-v1|{self.kind}|{kdf}".encode()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "salt": _b64(self.salt),
                               "nonce": _b64(self.nonce), "ciphertext": _b64(self.ciphertext)}
        if self.kdf:
            out["kdf"] = self.kdf.as_dict()
        return out

    @classmethod
    def from_dict(cls, raw: Any) -> Slot:
        if not isinstance(raw, dict) or raw.get("kind") not in SLOT_KINDS:
            raise ValueError("bad slot")
        kdf = KdfParams.from_dict(raw["kdf"]) if "kdf" in raw else None
        if raw["kind"] == "passphrase" and kdf is None:
            raise ValueError("passphrase slot without kdf")
        return cls(raw["kind"], _unb64(raw["salt"]), _unb64(raw["nonce"]),
                   _unb64(raw["ciphertext"]), kdf)


@dataclass
class Header:
    slots: list[Slot] = field(default_factory=list)
    version: int = VERSION
    # Opt-in: destroy the vault after this many failed unlocks in a row (None: never).
    destroy_after: int | None = None
    failed_unlocks: int = 0

    def slot(self, kind: str) -> Slot | None:
        return next((s for s in self.slots if s.kind == kind), None)

    def set_slot(self, slot: Slot) -> None:
        self.slots = [s for s in self.slots if s.kind != slot.kind] + [slot]

    def drop_slot(self, kind: str) -> None:
        self.slots = [s for s in self.slots if s.kind != kind]

    def to_bytes(self) -> bytes:
        body: dict[str, Any] = {"format": FORMAT, "version": self.version,
                                "slots": [s.as_dict() for s in self.slots]}
        if self.destroy_after is not None:
            body["guard"] = {"destroy_after": self.destroy_after, "failed": self.failed_unlocks}
        body["checksum"] = _checksum(body)
        return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> Header:
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
        if body.get("version") != VERSION:
            raise CasefileError(_("this vault was made by a newer casefile (header version {0})")
                                .format(body.get("version")))
        try:
            header = cls([Slot.from_dict(s) for s in body["slots"]])
            guard = body.get("guard")
            if guard is not None:
                header.destroy_after = int(guard["destroy_after"])
                header.failed_unlocks = int(guard["failed"])
        except (KeyError, TypeError, ValueError):
            raise damaged from None
        return header


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("ascii")).hexdigest()


def read(path: Path) -> Header:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_HEADER_BYTES + 1)
    except FileNotFoundError:
        raise CasefileError(_("no vault at {0}").format(path.parent)) from None
    return Header.from_bytes(data)


def write(path: Path, header: Header) -> None:
    replace_in_vault(path, header.to_bytes())


def passphrase_slot(passphrase: str, data_key: Secret, params: KdfParams) -> Slot:
    salt = os.urandom(keys.SALT_BYTES)
    slot = Slot("passphrase", salt, b"", b"", params)
    kek = keys.derive(passphrase, salt, params)
    try:
        slot.nonce, slot.ciphertext = keys.wrap(kek, data_key, slot.aad())
    finally:
        kek.wipe()
    return slot


def _random_key_kek(code: bytes, salt: bytes, info: bytes) -> Secret:
    # The recovery code (128 bits) and the device key (256 bits) are random, not chosen by a
    # person: guessing is hopeless without a slow KDF, so HKDF is enough.
    from cryptography.hazmat.primitives import hashes  # noqa: PLC0415
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF  # noqa: PLC0415

    return Secret(HKDF(algorithm=hashes.SHA256(), length=keys.KEY_BYTES, salt=salt,
                       info=info).derive(code))


_INFO = {"recovery": b"casefile-recovery-v1", "keyring": b"casefile-keyring-v1"}


def random_key_slot(kind: str, code: bytes, data_key: Secret) -> Slot:
    """A slot for the recovery code or the device key kept in the OS keyring."""
    salt = os.urandom(keys.SALT_BYTES)
    slot = Slot(kind, salt, b"", b"")
    kek = _random_key_kek(code, salt, _INFO[kind])
    try:
        slot.nonce, slot.ciphertext = keys.wrap(kek, data_key, slot.aad())
    finally:
        kek.wipe()
    return slot


def recovery_slot(code: bytes, data_key: Secret) -> Slot:
    return random_key_slot("recovery", code, data_key)


def open_random_key_slot(header: Header, kind: str, code: bytes) -> Secret:
    slot = header.slot(kind)
    if slot is None:
        raise CasefileError(_("this vault has no recovery code") if kind == "recovery"
                            else _("this vault is not remembered on this device"))
    kek = _random_key_kek(code, slot.salt, _INFO[kind])
    try:
        return keys.unwrap(kek, slot.nonce, slot.ciphertext, slot.aad())
    except keys.WrongKeyError:
        raise keys.WrongKeyError(_("wrong recovery code") if kind == "recovery"
                                 else _("the key remembered on this device does not open "
                                        "this vault")) from None
    finally:
        kek.wipe()


def open_recovery_slot(header: Header, code: bytes) -> Secret:
    return open_random_key_slot(header, "recovery", code)


def erased(header: Header) -> Header:
    """The same header with every slot's wrapped key replaced by random bytes."""
    return Header([Slot(s.kind, os.urandom(len(s.salt)), os.urandom(len(s.nonce)),
                        os.urandom(len(s.ciphertext)), s.kdf) for s in header.slots])


def open_passphrase_slot(header: Header, passphrase: str) -> Secret:
    """The data key, or WrongKeyError. This is the slow step (Argon2id)."""
    slot = header.slot("passphrase")
    if slot is None or slot.kdf is None:
        raise IntegrityError(_("the vault header has no passphrase slot"))
    kek = keys.derive(passphrase, slot.salt, slot.kdf)
    try:
        return keys.unwrap(kek, slot.nonce, slot.ciphertext, slot.aad())
    finally:
        kek.wipe()
