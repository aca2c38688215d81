"""Each origin's writes, signed by that origin: how a vault signs its own writes, and how
every batch in a bundle is checked (the origin is its key's, the signature holds) whoever
relayed it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from casefile.i18n import _
from casefile.sync.canonical import canonical_json
from casefile.sync.errors import BundleError
from casefile.sync.identity import (
    SIGNATURE_BYTES,
    Identity,
    IdentityError,
    decode_signing_key,
    origin_id,
)

WRITES_DOMAIN = b"casefile-writes-v1\0"


def _writes_message(origin: str, writes: object) -> bytes:
    return WRITES_DOMAIN + canonical_json({"origin": origin, "writes": writes})


def sign_writes(identity: Identity, writes: list[dict[str, Any]]) -> dict[str, Any]:
    """A batch of this vault's own writes. Relays pass others' batches on unchanged."""
    public = identity.public
    if any(not isinstance(w, dict) or w.get("origin") != public.origin for w in writes):
        raise ValueError("a vault signs only writes whose origin is its own")
    try:
        message = _writes_message(public.origin, writes)
    except (TypeError, ValueError) as exc:
        raise BundleError(_("these writes cannot be written as JSON")) from exc
    return {"origin": public.origin, "origin_key": public.signing_key, "writes": writes,
            "signature": base64.b64encode(identity.sign(message)).decode("ascii")}


def _decode_signature(text: object) -> bytes:
    if isinstance(text, str) and text.isascii():
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) == SIGNATURE_BYTES:
            return raw
    raise BundleError(_("a batch of writes carries a malformed signature"))


def verify_batches(batches: Sequence[object]) -> list[list[dict[str, Any]]]:
    """verify_batch() of each batch, in one pass: a bundle's thousands of batches come from a
    few origins, so each key is decoded, checked against its origin and loaded once."""
    keys: dict[object, tuple[str, Ed25519PublicKey]] = {}
    return [verify_batch(batch, keys) for batch in batches]


def verify_batch(batch: object, loaded: dict[object, tuple[str, Ed25519PublicKey]] | None = None
                 ) -> list[dict[str, Any]]:
    """The writes of a batch whose origin matches its key and whose signature holds.

    ``loaded`` keeps the keys already decoded (origin_key -> its origin and public key)."""
    keys = {"origin", "origin_key", "writes", "signature"}
    if not isinstance(batch, dict) or set(batch) != keys:
        raise BundleError(_("a batch of writes is malformed"))
    origin, writes = batch["origin"], batch["writes"]
    if not isinstance(writes, list) or not all(isinstance(w, dict) for w in writes):
        raise BundleError(_("a batch of writes is malformed"))
    text = batch["origin_key"]
    known = loaded.get(text) if loaded is not None and isinstance(text, str) else None
    if known is None:
        try:
            raw = decode_signing_key(text)
            known = (origin_id(raw), Ed25519PublicKey.from_public_bytes(raw))
        except (IdentityError, ValueError) as exc:
            raise BundleError(_("a batch of writes carries a malformed key")) from exc
        if loaded is not None:
            loaded[text] = known
    key_origin, key = known
    # Self-certifying origin: whoever relays it, only the holder of this key wrote as origin.
    if not isinstance(origin, str) or origin != key_origin:
        raise BundleError(_("a batch claims an origin its key does not belong to"))
    if any(w.get("origin") != origin for w in writes):
        raise BundleError(_("a batch from origin {origin} contains writes of another origin")
                          .format(origin=origin))
    signature = _decode_signature(batch["signature"])
    try:
        message = _writes_message(origin, writes)
    except (TypeError, ValueError, RecursionError) as exc:
        raise BundleError(_("a batch of writes is malformed")) from exc
    try:
        key.verify(signature, message)
    except InvalidSignature as exc:
        raise BundleError(_("the signature of the writes from origin {origin} does not match")
                          .format(origin=origin)) from exc
    return writes


def batch_json(batch: dict[str, Any]) -> bytes:
    """A signed batch's canonical bytes, as they appear in a body (and may be stored)."""
    try:
        return canonical_json(batch)
    except (TypeError, ValueError, RecursionError) as exc:
        raise BundleError(_("these writes cannot be written as JSON")) from exc
