"""Bundles: files that carry writes between vaults — signed, then encrypted.

Layers, outside in (the spec is docs/bundle-format.md):

1. age, to every recipient and the sender, padded with throwaway recipients to
   ``RECIPIENT_SLOTS`` stanzas so the header does not tell how many people receive it;
2. an 8-byte length, the zlib-compressed frame, random padding up to a size bucket;
3. the frame: ``MAGIC | sender key | body length | body | Ed25519 signature`` over all of it;
4. the body: canonical JSON, which names the sender and the recipients (so both are signed).

Opening checks each layer before looking at the next: the signature is verified before any
JSON is parsed, every decoded part has a limit, and every failure is a ``BundleError``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any, NoReturn

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.sync.identity import (
    SIGNATURE_BYTES,
    SIGNING_KEY_BYTES,
    Identity,
    IdentityError,
    PublicIdentity,
    decode_signing_key,
    origin_id,
)


class BundleError(CasefileError):
    """A bundle or a batch of writes is malformed, forged, not ours or too big: nothing changes."""


MAX_BUNDLE_BYTES = 256 * 1024 * 1024
MAX_BODY_BYTES = 512 * 1024 * 1024  # after decompression
RECIPIENT_SLOTS = 16  # age stanzas always padded to this many
MAX_DEPTH = 32
MAX_STRING_BYTES = 16 * 1024 * 1024  # one JSON string, as encoded in the body

FORMAT = "casefile-bundle"
VERSION = 1
MAGIC = b"CFBNDL01"
BUNDLE_DOMAIN = b"casefile-bundle-v1\0"
WRITES_DOMAIN = b"casefile-writes-v1\0"
RESERVED_KEYS = frozenset({"format", "version", "created_at", "recipients", "sender"})

AGE_MAGIC = b"age-encryption.org/v1\n"
MAX_AGE_HEADER = 64 * 1024
MIN_BUCKET = 64 * 1024
BIG_BUCKET_STEP = 16 * 1024 * 1024
_LENGTH = struct.Struct(">Q")
FRAME_HEAD = len(MAGIC) + SIGNING_KEY_BYTES + _LENGTH.size
FRAME_OVERHEAD = FRAME_HEAD + SIGNATURE_BYTES


def canonical_json(value: object) -> bytes:
    """The one byte form of a JSON value that signatures cover."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def _fail(message: str) -> NoReturn:
    raise BundleError(message)


# -- each origin's writes, signed by that origin -------------------------------------------

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


# -- making a bundle ------------------------------------------------------------------------

def batch_json(batch: dict[str, Any]) -> bytes:
    """A signed batch's canonical bytes, as they appear in a body (and may be stored)."""
    try:
        return canonical_json(batch)
    except (TypeError, ValueError, RecursionError) as exc:
        raise BundleError(_("these writes cannot be written as JSON")) from exc


def encode_body(sender: Identity, recipients: Sequence[PublicIdentity],
                body: dict[str, Any], batches: Sequence[bytes] | None = None) -> bytes:
    """The canonical JSON body: the caller's keys plus format, version, sender, recipients.

    ``batches``, if given, are the body's batches already in canonical JSON (``batch_json``):
    they are copied in as the ``batches`` array, so a large export encodes nothing twice.
    The result is byte for byte what encoding the decoded batches would give.
    """
    clash = RESERVED_KEYS & body.keys()
    if clash:
        raise ValueError(f"make_bundle sets these body keys itself: {sorted(clash)}")
    if batches is not None:
        if "batches" in body:
            raise ValueError("batches given twice")
        body = {**body, "batches": []}
    full = {**body, "format": FORMAT, "version": VERSION,
            "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "recipients": sorted({r.signing_key for r in recipients}),
            "sender": sender.public.as_dict()}
    try:
        data = canonical_json(full)
    except (TypeError, ValueError, RecursionError) as exc:
        raise BundleError(_("the bundle's content cannot be written as JSON")) from exc
    if batches is not None:
        # Keys are sorted and no other key sorts before "batches": the array opens the body.
        empty = b'{"batches":[]'
        if not data.startswith(empty):
            raise ValueError("a body key sorts before batches")
        data = b"".join((b'{"batches":[', b",".join(batches), b"]", data[len(empty):]))
    if len(data) > MAX_BODY_BYTES:
        raise BundleError(_("too much for one bundle; send fewer records or attachments"))
    check_json_limits(data)  # never make what the recipient would refuse
    return data


def _build_frame(sender: Identity, body: bytes) -> bytes:
    head = MAGIC + sender.public.signing_bytes + _LENGTH.pack(len(body)) + body
    return head + sender.sign(BUNDLE_DOMAIN + head)


def _bucket(size: int) -> int:
    """Sizes a file may have: 64 KiB, then powers of two, then multiples of 16 MiB."""
    if size <= MIN_BUCKET:
        return MIN_BUCKET
    if size <= BIG_BUCKET_STEP:
        return 1 << (size - 1).bit_length()
    return -(-size // BIG_BUCKET_STEP) * BIG_BUCKET_STEP


def _pad(frame: bytes) -> bytes:
    """Length-prefixed compressed frame, padded with random bytes to its bucket.

    Level 1: on a frame of 10,000 writes (9 MB) it takes 30 ms where level 6 took 67 ms,
    for a stream 5% larger; the file is padded to a power of two anyway, so that only
    counts when it crosses into the next bucket. Any level opens the same way.
    """
    compressed = zlib.compress(frame, 1)
    used = _LENGTH.size + len(compressed)
    return _LENGTH.pack(len(compressed)) + compressed + os.urandom(_bucket(used) - used)


def _encrypt(plaintext: bytes, age_recipients: Sequence[str]) -> bytes:
    real = list(dict.fromkeys(age_recipients))
    if len(real) > RECIPIENT_SLOTS:
        raise BundleError(_("a bundle can go to at most {n} recipients")
                          .format(n=RECIPIENT_SLOTS - 1))
    stanzas = [pyrage.x25519.Recipient.from_str(key) for key in real]
    # Throwaway recipients nobody holds a key for, so the header always has the same count;
    # shuffled so the real ones are not the first.
    stanzas += [pyrage.x25519.Identity.generate().to_public()
                for _slot in range(RECIPIENT_SLOTS - len(real))]
    secrets.SystemRandom().shuffle(stanzas)
    return pyrage.encrypt(plaintext, stanzas)


def make_bundle(sender: Identity, recipients: list[PublicIdentity], body: dict[str, Any]) -> bytes:
    """An encrypted, signed bundle for ``recipients`` that the sender can open too."""
    return seal_bundle(sender, recipients, body)[0]


def seal_bundle(sender: Identity, recipients: list[PublicIdentity],
                body: dict[str, Any], batches: Sequence[bytes] | None = None
                ) -> tuple[bytes, str]:
    """The bundle and its hash (as ``OpenedBundle.bundle_hash`` will give it), made once."""
    me = sender.public
    others = list({r.signing_key: r for r in recipients if r.signing_key != me.signing_key}
                  .values())
    if not others:
        raise BundleError(_("a bundle needs at least one recipient"))
    age_keys = [me.public_key, *(r.public_key for r in others)]
    if len(set(age_keys)) > RECIPIENT_SLOTS:
        raise BundleError(_("a bundle can go to at most {n} recipients")
                          .format(n=RECIPIENT_SLOTS - 1))
    frame = _build_frame(sender, encode_body(sender, others, body, batches))
    data = _encrypt(_pad(frame), age_keys)
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError(_("too much for one bundle; send fewer records or attachments"))
    return data, hashlib.sha256(frame).hexdigest()


# -- opening a bundle -----------------------------------------------------------------------

@dataclass
class OpenedBundle:
    sender: PublicIdentity
    body: dict[str, Any]
    bundle_hash: str  # sha256 hex of the signed frame: chains a sender's bundles


def open_bundle(data: bytes, me: Identity, trusted: list[PublicIdentity]) -> OpenedBundle:
    """Decrypt and verify completely; raises BundleError (one line) on anything wrong."""
    try:
        return _open(data, me, trusted)
    except BundleError:
        raise
    except MemoryError as exc:
        raise BundleError(_("this bundle is too large to open")) from exc
    except Exception as exc:  # the last net: hostile input surfaces only as BundleError
        raise BundleError(_("this bundle is damaged")) from exc


def _open(data: bytes, me: Identity, trusted: Sequence[PublicIdentity]) -> OpenedBundle:
    if len(data) > MAX_BUNDLE_BYTES:
        _fail(_("this file is too large to be a bundle"))
    check_age_header(data)
    frame = _decompress(_unpad(_decrypt(data, me)))
    # A vault trusts its own key, so it can open the bundles it made.
    return parse_frame(frame, [me.public, *trusted], me.public)


def check_age_header(data: bytes) -> None:
    """Refuse what is not a binary age file, and passphrase-mode age before any scrypt runs."""
    if not data.startswith(AGE_MAGIC):
        _fail(_("this is not a casefile bundle"))
    end = data.find(b"\n--- ", 0, MAX_AGE_HEADER)
    if end < 0:
        _fail(_("this bundle is damaged (its header is incomplete)"))
    for line in data[len(AGE_MAGIC):end].split(b"\n"):
        if line.startswith(b"-> ") and line[3:].split(b" ")[0] == b"scrypt":
            _fail(_("this is a passphrase-protected age file, not a casefile bundle; "
                    "it was refused without trying a passphrase"))


def _decrypt(data: bytes, me: Identity) -> bytes:
    try:
        return pyrage.decrypt(bytes(data), [me.age_identity])
    except (pyrage.DecryptError, ValueError, TypeError) as exc:
        raise BundleError(_("this bundle is not addressed to this vault, or it is damaged")) \
            from exc
    except BaseException as exc:
        # A panic in the native decryptor is a BaseException; only real interrupts pass.
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise BundleError(_("this bundle is not addressed to this vault, or it is damaged")) \
            from exc


def _unpad(plaintext: bytes) -> memoryview:
    if len(plaintext) < _LENGTH.size:
        _fail(_("this bundle is damaged (no content)"))
    (length,) = _LENGTH.unpack_from(plaintext)
    if length > len(plaintext) - _LENGTH.size:
        _fail(_("this bundle is damaged (its content is cut short)"))
    return memoryview(plaintext)[_LENGTH.size:_LENGTH.size + length]


def _decompress(compressed: memoryview) -> bytes:
    cap = MAX_BODY_BYTES + FRAME_OVERHEAD  # read at call time: tests lower the limit
    inflater = zlib.decompressobj()
    try:
        # max_length stops inflating at the cap: a decompression bomb never fills memory.
        frame = inflater.decompress(compressed, cap + 1)
    except zlib.error as exc:
        raise BundleError(_("this bundle is damaged (it does not decompress)")) from exc
    if len(frame) > cap or inflater.unconsumed_tail:
        _fail(_("this bundle unpacks to more than the {n} MiB limit; refused")
              .format(n=MAX_BODY_BYTES // (1024 * 1024)))
    if not inflater.eof:
        _fail(_("this bundle is damaged (its content is cut short)"))
    if inflater.unused_data:
        _fail(_("this bundle is damaged (unexpected bytes after its content)"))
    return frame


def parse_frame(frame: bytes, trusted: Sequence[PublicIdentity],
                me: PublicIdentity) -> OpenedBundle:
    """Check a decrypted frame: layout, a trusted signer, the signature, then the body."""
    if len(frame) < FRAME_OVERHEAD:
        _fail(_("this bundle is damaged (its content is cut short)"))
    magic = frame[:len(MAGIC)]
    if magic != MAGIC:
        version = magic[len(MAGIC) - 2:]
        if magic[:-2] == MAGIC[:-2] and version.isdigit() and int(version) > VERSION:
            _fail(_("this bundle was made by a newer casefile (bundle format {n}); "
                    "update casefile to open it").format(n=int(version)))
        _fail(_("this is not a casefile bundle"))
    key = bytes(frame[len(MAGIC):len(MAGIC) + SIGNING_KEY_BYTES])
    (length,) = _LENGTH.unpack_from(frame, len(MAGIC) + SIGNING_KEY_BYTES)
    if length > MAX_BODY_BYTES:
        _fail(_("this bundle's content is larger than the limit; refused"))
    if FRAME_OVERHEAD + length > len(frame):
        _fail(_("this bundle is damaged (its content is cut short)"))
    if FRAME_OVERHEAD + length < len(frame):
        _fail(_("this bundle is damaged (unexpected bytes after its content)"))
    sender = next((t for t in trusted if t.signing_bytes == key), None)
    if sender is None:
        _fail(_("this bundle is signed by an unknown key; add the sender as a contact first"))
    if not sender.verify(bytes(frame[-SIGNATURE_BYTES:]),
                         BUNDLE_DOMAIN + bytes(frame[:-SIGNATURE_BYTES])):
        _fail(_("this bundle's signature does not match: it was altered or forged"))
    body = parse_body(bytes(frame[FRAME_HEAD:FRAME_HEAD + length]))
    _check_body(body, sender, me)
    return OpenedBundle(sender=sender, body=body,
                        bundle_hash=hashlib.sha256(frame).hexdigest())


def _check_body(body: dict[str, Any], sender: PublicIdentity, me: PublicIdentity) -> None:
    if body.get("format") != FORMAT:
        _fail(_("this is not a casefile bundle"))
    version = body.get("version")
    if type(version) is not int or version < 1:
        _fail(_("this bundle is damaged (its format version is invalid)"))
    if version > VERSION:
        _fail(_("this bundle was made by a newer casefile (bundle format {n}); "
                "update casefile to open it").format(n=version))
    if body.get("sender") != sender.as_dict():
        _fail(_("the sender named inside this bundle is not the one who signed it"))
    recipients = body.get("recipients")
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        _fail(_("this bundle is damaged (its recipients list is invalid)"))
    if me.signing_key not in recipients and me != sender:
        _fail(_("this bundle is for someone else"))


# -- the body's JSON, with limits -----------------------------------------------------------

# A whole JSON string, quotes included; possessive, so no backtracking.
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_NOT_QUOTES_OR_BRACKETS = bytes(b for b in range(256) if b not in b'"[]{}')
_STEP = tuple(1 if b in b"[{" else -1 if b in b"]}" else 0 for b in range(256))


def check_json_limits(data: bytes) -> None:
    """Nesting depth and string size, checked without recursion before anything is built.

    Strings are cut out as a JSON parser reads them: inside a string every backslash starts
    a two-byte escape, so once escaped backslashes and escaped quotes are dropped, each
    quote left opens or closes a string (outside strings a backslash is invalid JSON, which
    the parser refuses afterwards). What is outside strings is reduced to its brackets,
    whose running depth is summed in C, not byte by byte in Python: a bundle of 10,000
    writes is checked in milliseconds on export and import alike.
    """
    if len(data) - 2 > MAX_STRING_BYTES:  # only then can one string be too long
        for match in _STRING.finditer(data):
            if match.end() - match.start() - 2 > MAX_STRING_BYTES:
                _fail(_("this bundle contains a field larger than {n} MiB; refused")
                      .format(n=MAX_STRING_BYTES // (1024 * 1024)))
    plain = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    # Keeping only quotes and brackets first leaves little to split: strings' text is gone.
    brackets = b"".join(plain.translate(None, _NOT_QUOTES_OR_BRACKETS).split(b'"')[::2])
    if not brackets:
        return
    steps = _STEP.__getitem__
    if (max(accumulate(map(steps, brackets))) <= MAX_DEPTH
            and min(accumulate(map(steps, brackets))) >= 0):
        return
    depth = 0  # something is wrong: find what comes first, for the message
    for char in brackets:
        depth += _STEP[char]
        if depth > MAX_DEPTH:
            _fail(_("this bundle's content is nested more than {n} levels deep; refused")
                  .format(n=MAX_DEPTH))
        if depth < 0:
            _fail(_("this bundle's content is not valid JSON"))


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        _fail(_("this bundle's content has a duplicated key"))
    return result


def _no_constant(name: str) -> NoReturn:
    _fail(_("this bundle's content is not valid JSON"))


def parse_body(data: bytes) -> dict[str, Any]:
    """The body object, from canonical JSON only (one byte form per value: no malleability)."""
    check_json_limits(data)
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicate_keys,
                           parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BundleError(_("this bundle's content is not valid JSON")) from exc
    if not isinstance(value, dict):
        _fail(_("this bundle's content is not valid JSON"))
    try:
        canonical = canonical_json(value)
    except (TypeError, ValueError, RecursionError) as exc:
        raise BundleError(_("this bundle's content is not in canonical form")) from exc
    if canonical != data:
        _fail(_("this bundle's content is not in canonical form"))
    return value
