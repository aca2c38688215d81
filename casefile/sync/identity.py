"""A vault's identity: an Ed25519 signing key and an age X25519 encryption key.

The origin id of a vault's writes is derived from its signing key, so a write is
self-certifying: whoever relays it, a batch claiming origin X must carry a key that hashes
to X and a signature by that key. People compare identities by a fingerprint read aloud.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
from dataclasses import dataclass, field

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from casefile.domain.errors import CasefileError
from casefile.i18n import _

SIGNING_KEY_BYTES = 32
SIGNATURE_BYTES = 64
FINGERPRINT_PREFIX = b"casefile-fpr-v1\0"
MAX_IDENTITY_TEXT = 64 * 1024


class IdentityError(CasefileError):
    """A pasted or stored identity is malformed or its fingerprint does not match."""


def origin_id(signing_public: bytes) -> str:
    """The origin id of writes made with this Ed25519 public key (32 hex digits)."""
    if not isinstance(signing_public, bytes) or len(signing_public) != SIGNING_KEY_BYTES:
        raise IdentityError(_("a signing key must be 32 bytes"))
    return hashlib.sha256(signing_public).digest()[:16].hex()


def verify_signature(signing_public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(signing_public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def decode_signing_key(text: object) -> bytes:
    """The raw 32 bytes of a base64 signing key, accepting only its one canonical spelling."""
    if not isinstance(text, str) or not text.isascii():
        raise IdentityError(_("the signing key is not base64 text"))
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise IdentityError(_("the signing key is not valid base64")) from exc
    # One spelling per key: recipient lists and trust lookups compare strings.
    if len(raw) != SIGNING_KEY_BYTES or base64.b64encode(raw).decode("ascii") != text:
        raise IdentityError(_("the signing key must be 32 bytes in base64"))
    return raw


def _check_age_recipient(text: object) -> str:
    if not isinstance(text, str) or not text.startswith("age1"):
        raise IdentityError(_("the public key must be an age recipient starting with age1"))
    try:
        canonical = str(pyrage.x25519.Recipient.from_str(text))
    except (pyrage.RecipientError, ValueError, TypeError) as exc:
        raise IdentityError(_("the public key is not a valid age recipient")) from exc
    if canonical != text:  # e.g. upper case: one spelling per key
        raise IdentityError(_("the public key is not a valid age recipient"))
    return text


def _normalise_fingerprint(text: object) -> str:
    if not isinstance(text, str):
        raise IdentityError(_("the fingerprint must be text"))
    return "".join(text.split()).upper()


@dataclass(frozen=True)
class PublicIdentity:
    """What a vault shows others: how to encrypt to it and how to check its signatures."""

    signing_key: str  # base64 of the raw Ed25519 public key
    public_key: str  # age X25519 recipient, "age1..."

    def __post_init__(self) -> None:
        decode_signing_key(self.signing_key)
        _check_age_recipient(self.public_key)

    @property
    def signing_bytes(self) -> bytes:
        return base64.b64decode(self.signing_key)

    @property
    def origin(self) -> str:
        return origin_id(self.signing_bytes)

    @property
    def fingerprint(self) -> str:
        """Ten groups of four hex digits over both keys, for people to compare aloud."""
        digest = hashlib.sha256(FINGERPRINT_PREFIX + self.signing_bytes
                                + self.public_key.encode("ascii")).digest()[:20]
        hexed = digest.hex().upper()
        return " ".join(hexed[i:i + 4] for i in range(0, len(hexed), 4))

    def verify(self, signature: bytes, message: bytes) -> bool:
        return verify_signature(self.signing_bytes, signature, message)

    def as_dict(self) -> dict[str, str]:
        return {"public_key": self.public_key, "signing_key": self.signing_key}

    @classmethod
    def from_dict(cls, obj: object) -> PublicIdentity:
        """Strictly parse ``as_dict()`` output; a ``fingerprint`` key, if present, must match."""
        if not isinstance(obj, dict):
            raise IdentityError(_("an identity must be an object with public_key and signing_key"))
        for key in ("public_key", "signing_key"):
            if key not in obj:
                raise IdentityError(_("the identity has no {key}").format(key=key))
        identity = cls(signing_key=obj["signing_key"], public_key=obj["public_key"])
        if "fingerprint" in obj and (
                _normalise_fingerprint(obj["fingerprint"])
                != _normalise_fingerprint(identity.fingerprint)):
            raise IdentityError(_("the fingerprint does not match these keys; "
                                  "the identity was changed or mistyped"))
        return identity

    def to_json(self) -> str:
        """The same shape as ``casefile identity --json``."""
        return json.dumps({**self.as_dict(), "fingerprint": self.fingerprint},
                          ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_text(cls, text: str) -> PublicIdentity:
        """Parse pasted text or a file's content as printed by ``casefile identity --json``."""
        if not isinstance(text, str) or len(text) > MAX_IDENTITY_TEXT:
            raise IdentityError(_("this is not a casefile identity"))
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise IdentityError(_("this is not a casefile identity (expected the JSON "
                                  "printed by `casefile identity --json`)")) from exc
        return cls.from_dict(obj)


@dataclass
class Identity:
    """A vault's private keys. Kept inside the encrypted vault only; never in repr or logs."""

    signing_private: bytes = field(repr=False)  # raw 32-byte Ed25519 private key
    age_secret: str = field(repr=False)  # "AGE-SECRET-KEY-1..."

    def __post_init__(self) -> None:
        if not isinstance(self.signing_private, bytes) or len(self.signing_private) != 32:
            raise IdentityError(_("the stored signing key is damaged"))
        try:
            pyrage.x25519.Identity.from_str(self.age_secret)
        except (pyrage.IdentityError, ValueError, TypeError):
            # from None: the native error's text might echo the secret key.
            raise IdentityError(_("the stored encryption key is damaged")) from None

    @classmethod
    def generate(cls) -> Identity:
        signing = Ed25519PrivateKey.generate().private_bytes_raw()
        return cls(signing_private=signing, age_secret=str(pyrage.x25519.Identity.generate()))

    @property
    def age_identity(self) -> pyrage.x25519.Identity:
        return pyrage.x25519.Identity.from_str(self.age_secret)

    @functools.cached_property
    def _signer(self) -> Ed25519PrivateKey:
        # Made once: exporting signs every write, and rebuilding the key each time costs.
        return Ed25519PrivateKey.from_private_bytes(self.signing_private)

    @functools.cached_property
    def public(self) -> PublicIdentity:
        key = self._signer.public_key()
        return PublicIdentity(
            signing_key=base64.b64encode(key.public_bytes_raw()).decode("ascii"),
            public_key=str(self.age_identity.to_public()))

    def sign(self, message: bytes) -> bytes:
        return self._signer.sign(message)
