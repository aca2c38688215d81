"""Key derivation, key slots and the handling of secrets in memory.

passphrase --Argon2id(salt, calibrated cost)--> key-encryption key (KEK)
KEK --AES-256-GCM--> unwraps the random 256-bit data key; the data key is SQLCipher's raw key.

Several slots may wrap the same data key (passphrase, recovery code, OS keyring), so changing
the passphrase rewrites one slot and never re-encrypts the database.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from casefile.domain.errors import CasefileError
from casefile.i18n import _

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
MIN_KDF_SECONDS = 0.05  # the floor `init --kdf-seconds` accepts (tests use it)
MAX_KDF_SECONDS = 60.0
MIN_MEMORY_KIB = 8 * 1024
DEFAULT_MEMORY_KIB = 64 * 1024
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_ITERATIONS = 1000
LANES = 4


class WrongKeyError(CasefileError):
    """The passphrase (or other unlock secret) does not open this slot."""


class Secret:
    """Key material in a bytearray that is overwritten with zeros when wiped.

    Python cannot promise that no copy exists elsewhere (the KDF returns bytes, SQLCipher's
    PRAGMA takes a str), so this narrows the window rather than closing it.
    """

    __slots__ = ("_buf",)

    def __init__(self, data: bytes | bytearray) -> None:
        self._buf = bytearray(data)
        if isinstance(data, bytearray):
            data[:] = b"\0" * len(data)

    @classmethod
    def random(cls, n: int = KEY_BYTES) -> Secret:
        return cls(os.urandom(n))

    def bytes(self) -> bytes:
        if not self._buf:
            raise ValueError("secret already wiped")
        return bytes(self._buf)

    def hex(self) -> str:
        return self._buf.hex()

    def wipe(self) -> None:
        for i in range(len(self._buf)):
            self._buf[i] = 0
        self._buf = bytearray()

    def __bool__(self) -> bool:
        return bool(self._buf)

    def __repr__(self) -> str:  # never print key material
        return "<Secret>"


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int = LANES
    algorithm: str = "argon2id"

    def as_dict(self) -> dict[str, object]:
        return {"algorithm": self.algorithm, "memory_kib": self.memory_kib,
                "iterations": self.iterations, "lanes": self.lanes}

    @classmethod
    def from_dict(cls, raw: object) -> KdfParams:
        if not isinstance(raw, dict) or raw.get("algorithm") != "argon2id":
            raise ValueError("unsupported key derivation")
        params = cls(int(raw["memory_kib"]), int(raw["iterations"]), int(raw["lanes"]))
        if not (MIN_MEMORY_KIB <= params.memory_kib <= MAX_MEMORY_KIB
                and 1 <= params.iterations <= MAX_ITERATIONS and 1 <= params.lanes <= 16):
            # Refuse costs a crafted header could use to burn memory or minutes of CPU.
            raise ValueError("key derivation parameters out of range")
        return params


def derive(passphrase: str, salt: bytes, params: KdfParams) -> Secret:
    return derive_bytes(passphrase.encode("utf-8"), salt, params)


def derive_bytes(secret: bytes, salt: bytes, params: KdfParams) -> Secret:
    kdf = Argon2id(salt=salt, length=KEY_BYTES, iterations=params.iterations,
                   lanes=params.lanes, memory_cost=params.memory_kib)
    return Secret(kdf.derive(secret))


def calibrate(seconds: float) -> KdfParams:
    """Argon2id parameters that take about ``seconds`` on this machine.

    Memory is the main cost (64 MiB, less only for very short targets); iterations make up
    the rest of the time.
    """
    if not MIN_KDF_SECONDS <= seconds <= MAX_KDF_SECONDS:
        raise CasefileError(_("--kdf-seconds must be between {0} and {1}").format(
            MIN_KDF_SECONDS, MAX_KDF_SECONDS))
    salt = os.urandom(SALT_BYTES)
    memory = DEFAULT_MEMORY_KIB
    one = _time(KdfParams(memory, 1), salt)
    if one >= seconds:
        memory = max(MIN_MEMORY_KIB, int(memory * seconds / one) // 1024 * 1024)
        return KdfParams(memory, 1)
    iterations = max(1, min(MAX_ITERATIONS, round(seconds / one)))
    return KdfParams(memory, iterations)


def _time(params: KdfParams, salt: bytes) -> float:
    start = time.perf_counter()
    derive("calibration", salt, params).wipe()
    return time.perf_counter() - start


def wrap(kek: Secret, data_key: Secret, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(kek.bytes()).encrypt(nonce, data_key.bytes(), aad)


def unwrap(kek: Secret, nonce: bytes, ciphertext: bytes, aad: bytes) -> Secret:
    try:
        plain = AESGCM(kek.bytes()).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise WrongKeyError(_("wrong passphrase")) from None
    if len(plain) != KEY_BYTES:
        raise WrongKeyError(_("wrong passphrase"))
    return Secret(bytearray(plain))
