"""The parts of a version 2 vault header: key slots, sealed fields and the directory.

A key slot is the data key wrapped (AES-GCM) under a key made from one secret; a slot not in
use is random bytes of the same shape. A sealed field is a small fixed-size encrypted value
(the directory, the guard). The directory, readable only with the data key, says which slot
holds what, the decoy's key and the vault's generation. The whole header and how a secret
opens it are casefile.vault.header's.
"""

from __future__ import annotations

import base64
import os
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.vault import keys
from casefile.vault.keys import Secret

SLOT_COUNT = 8
SLOT_KINDS = ("passphrase", "recovery", "keyring", "duress")
WRAPPED_BYTES = keys.KEY_BYTES + 16  # a data key and its GCM tag
# A kind code per slot, the decoy's key and the generation (see Directory); a directory
# written before the generation existed lacks the last 8 bytes and reads as generation 0.
DIRECTORY_BYTES = SLOT_COUNT + keys.KEY_BYTES + 8
OLD_DIRECTORY_BYTES = SLOT_COUNT + keys.KEY_BYTES
GUARD_BYTES = 4  # limit (0: off), failed unlocks in a row; two big-endian uint16



def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, length: int) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64")
    data = base64.b64decode(text, validate=True)
    if len(data) != length:
        raise ValueError("wrong length")
    return data


def hkdf(ikm: bytes, salt: bytes, info: bytes) -> Secret:
    from cryptography.hazmat.primitives import hashes  # noqa: PLC0415
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF  # noqa: PLC0415

    return Secret(HKDF(algorithm=hashes.SHA256(), length=keys.KEY_BYTES, salt=salt,
                       info=info).derive(ikm))


@dataclass
class Slot:
    salt: bytes
    nonce: bytes
    ciphertext: bytes

    @classmethod
    def random(cls) -> Slot:
        return cls(os.urandom(keys.SALT_BYTES), os.urandom(keys.NONCE_BYTES),
                   os.urandom(WRAPPED_BYTES))

    def as_dict(self) -> dict[str, str]:
        return {"salt": b64(self.salt), "nonce": b64(self.nonce),
                "ciphertext": b64(self.ciphertext)}

    @classmethod
    def from_dict(cls, raw: Any) -> Slot:
        if not isinstance(raw, dict) or set(raw) != {"salt", "nonce", "ciphertext"}:
            raise ValueError("bad slot")
        return cls(unb64(raw["salt"], keys.SALT_BYTES), unb64(raw["nonce"], keys.NONCE_BYTES),
                   unb64(raw["ciphertext"], WRAPPED_BYTES))


@dataclass
class Sealed:
    """A small fixed-size encrypted field (the directory, the guard)."""

    nonce: bytes
    ciphertext: bytes

    @classmethod
    def seal(cls, key: Secret, plain: bytes, aad: bytes) -> Sealed:
        nonce = os.urandom(keys.NONCE_BYTES)
        return cls(nonce, AESGCM(key.bytes()).encrypt(nonce, plain, aad))

    def open(self, key: Secret, aad: bytes) -> bytes | None:
        try:
            return AESGCM(key.bytes()).decrypt(self.nonce, self.ciphertext, aad)
        except InvalidTag:
            return None

    def as_dict(self) -> dict[str, str]:
        return {"nonce": b64(self.nonce), "ciphertext": b64(self.ciphertext)}

    @classmethod
    def from_dict(cls, raw: Any, plain_bytes: int, older_bytes: int | None = None) -> Sealed:
        if not isinstance(raw, dict) or set(raw) != {"nonce", "ciphertext"}:
            raise ValueError("bad field")
        nonce = unb64(raw["nonce"], keys.NONCE_BYTES)
        try:
            return cls(nonce, unb64(raw["ciphertext"], plain_bytes + 16))
        except ValueError:
            if older_bytes is None:
                raise
            return cls(nonce, unb64(raw["ciphertext"], older_bytes + 16))


@dataclass
class Directory:
    """Which slot holds what, the decoy's key, and the vault's generation: readable (and
    writable) only with the data key.

    The generation is also kept in the database (``meta`` row ``generation``) and moves
    forward in both at the first commit of every session that writes, the database first;
    an unlock refuses a database older than the header and a header older than the database
    (docs/vault-format.md, "Generation")."""

    kinds: list[str | None] = field(default_factory=lambda: [None] * SLOT_COUNT)
    decoy_key: bytes | None = None
    generation: int = 0

    def find(self, kind: str) -> int | None:
        return self.kinds.index(kind) if kind in self.kinds else None

    def place(self, kind: str) -> int:
        """The slot ``kind`` is in, or a free one chosen at random (position tells nothing)."""
        found = self.find(kind)
        if found is not None:
            return found
        free = [i for i, k in enumerate(self.kinds) if k is None]
        if not free:
            raise CasefileError(_("the vault header has no free key slot"))
        index = secrets.choice(free)
        self.kinds[index] = kind
        return index

    def to_bytes(self) -> bytes:
        codes = bytes(0 if k is None else SLOT_KINDS.index(k) + 1 for k in self.kinds)
        return (codes + (self.decoy_key or bytes(keys.KEY_BYTES))
                + struct.pack(">Q", self.generation))

    @classmethod
    def from_bytes(cls, data: bytes) -> Directory:
        kinds = [None if c == 0 else SLOT_KINDS[c - 1] for c in data[:SLOT_COUNT]]
        decoy = data[SLOT_COUNT:OLD_DIRECTORY_BYTES]
        generation = data[OLD_DIRECTORY_BYTES:]
        return cls(kinds, decoy if any(decoy) else None,
                   struct.unpack(">Q", generation)[0] if generation else 0)


@dataclass
class Opened:
    kind: str
    index: int
    key: Secret
    derived: Secret  # the secret's Argon2id output: lets a caller rewrap without deriving again


# A version 1 recovery slot is kept as it was when a vault is upgraded (the code, needed to
# wrap it anew, is not known then); its shape is a version 2 slot's.
LEGACY_INFO = b"casefile-recovery-v1"
LEGACY_AAD = b"casefile-slot-v1|recovery|"


def try_unwrap(kek: Secret, slot: Slot, aad: bytes) -> Secret | None:
    try:
        return keys.unwrap(kek, slot.nonce, slot.ciphertext, aad)
    except keys.WrongKeyError:
        return None
