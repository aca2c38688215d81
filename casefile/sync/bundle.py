"""Bundles: files that carry writes between vaults — signed, then encrypted.

Layers, outside in (the spec is docs/bundle-format.md):

1. age, to every recipient and the sender, padded with throwaway recipients to
   ``RECIPIENT_SLOTS`` stanzas so the header does not tell how many people receive it;
2. an 8-byte length, the zlib-compressed frame, random padding up to a size bucket;
3. the frame: ``MAGIC | sender key | body length | body | Ed25519 signature`` over all of it;
4. the body: canonical JSON, which names the sender and the recipients (so both are signed).

Opening checks each layer before looking at the next: the signature is verified before any
JSON is parsed, every decoded part has a limit, and every failure is a ``BundleError``.

The body's JSON (canonical bytes, parsed within limits) is casefile.sync.canonical's; the
signed batches of writes a body carries are casefile.sync.batches'.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import pyrage

from casefile.i18n import _
from casefile.sync.canonical import canonical_json, check_json_limits, fail, parse_body
from casefile.sync.errors import BundleError
from casefile.sync.identity import (
    SIGNATURE_BYTES,
    SIGNING_KEY_BYTES,
    Identity,
    PublicIdentity,
)

MAX_BUNDLE_BYTES = 256 * 1024 * 1024
MAX_BODY_BYTES = 512 * 1024 * 1024  # after decompression
RECIPIENT_SLOTS = 16  # age stanzas always padded to this many

FORMAT = "casefile-bundle"
VERSION = 1
MAGIC = b"CFBNDL01"
BUNDLE_DOMAIN = b"casefile-bundle-v1\0"
RESERVED_KEYS = frozenset({"format", "version", "created_at", "recipients", "sender"})

AGE_MAGIC = b"age-encryption.org/v1\n"
MAX_AGE_HEADER = 64 * 1024
MIN_BUCKET = 64 * 1024
BIG_BUCKET_STEP = 16 * 1024 * 1024
_LENGTH = struct.Struct(">Q")
FRAME_HEAD = len(MAGIC) + SIGNING_KEY_BYTES + _LENGTH.size
FRAME_OVERHEAD = FRAME_HEAD + SIGNATURE_BYTES


# -- making a bundle ------------------------------------------------------------------------

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
    return cast("bytes", pyrage.encrypt(plaintext, stanzas))  # pyrage ships no type hints


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
        fail(_("this file is too large to be a bundle"))
    check_age_header(data)
    frame = _decompress(_unpad(_decrypt(data, me)))
    # A vault trusts its own key, so it can open the bundles it made.
    return parse_frame(frame, [me.public, *trusted], me.public)


def check_age_header(data: bytes) -> None:
    """Refuse what is not a binary age file, and passphrase-mode age before any scrypt runs."""
    if not data.startswith(AGE_MAGIC):
        fail(_("this is not a casefile bundle"))
    end = data.find(b"\n--- ", 0, MAX_AGE_HEADER)
    if end < 0:
        fail(_("this bundle is damaged (its header is incomplete)"))
    for line in data[len(AGE_MAGIC):end].split(b"\n"):
        if line.startswith(b"-> ") and line[3:].split(b" ")[0] == b"scrypt":
            fail(_("this is a passphrase-protected age file, not a casefile bundle; "
                    "it was refused without trying a passphrase"))


def _decrypt(data: bytes, me: Identity) -> bytes:
    try:
        return cast("bytes", pyrage.decrypt(bytes(data), [me.age_identity]))  # no type hints
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
        fail(_("this bundle is damaged (no content)"))
    (length,) = _LENGTH.unpack_from(plaintext)
    if length > len(plaintext) - _LENGTH.size:
        fail(_("this bundle is damaged (its content is cut short)"))
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
        fail(_("this bundle unpacks to more than the {n} MiB limit; refused")
              .format(n=MAX_BODY_BYTES // (1024 * 1024)))
    if not inflater.eof:
        fail(_("this bundle is damaged (its content is cut short)"))
    if inflater.unused_data:
        fail(_("this bundle is damaged (unexpected bytes after its content)"))
    return frame


def parse_frame(frame: bytes, trusted: Sequence[PublicIdentity],
                me: PublicIdentity) -> OpenedBundle:
    """Check a decrypted frame: layout, a trusted signer, the signature, then the body."""
    if len(frame) < FRAME_OVERHEAD:
        fail(_("this bundle is damaged (its content is cut short)"))
    magic = frame[:len(MAGIC)]
    if magic != MAGIC:
        version = magic[len(MAGIC) - 2:]
        if magic[:-2] == MAGIC[:-2] and version.isdigit() and int(version) > VERSION:
            fail(_("this bundle was made by a newer casefile (bundle format {n}); "
                    "update casefile to open it").format(n=int(version)))
        fail(_("this is not a casefile bundle"))
    key = bytes(frame[len(MAGIC):len(MAGIC) + SIGNING_KEY_BYTES])
    (length,) = _LENGTH.unpack_from(frame, len(MAGIC) + SIGNING_KEY_BYTES)
    if length > MAX_BODY_BYTES:
        fail(_("this bundle's content is larger than the limit; refused"))
    if FRAME_OVERHEAD + length > len(frame):
        fail(_("this bundle is damaged (its content is cut short)"))
    if FRAME_OVERHEAD + length < len(frame):
        fail(_("this bundle is damaged (unexpected bytes after its content)"))
    sender = next((t for t in trusted if t.signing_bytes == key), None)
    if sender is None:
        fail(_("this bundle is signed by an unknown key; add the sender as a contact first"))
    if not sender.verify(bytes(frame[-SIGNATURE_BYTES:]),
                         BUNDLE_DOMAIN + bytes(frame[:-SIGNATURE_BYTES])):
        fail(_("this bundle's signature does not match: it was altered or forged"))
    body = parse_body(bytes(frame[FRAME_HEAD:FRAME_HEAD + length]))
    _check_body(body, sender, me)
    return OpenedBundle(sender=sender, body=body,
                        bundle_hash=hashlib.sha256(frame).hexdigest())


def _check_body(body: dict[str, Any], sender: PublicIdentity, me: PublicIdentity) -> None:
    if body.get("format") != FORMAT:
        fail(_("this is not a casefile bundle"))
    version = body.get("version")
    if type(version) is not int or version < 1:
        fail(_("this bundle is damaged (its format version is invalid)"))
    if version > VERSION:
        fail(_("this bundle was made by a newer casefile (bundle format {n}); "
                "update casefile to open it").format(n=version))
    if body.get("sender") != sender.as_dict():
        fail(_("the sender named inside this bundle is not the one who signed it"))
    recipients = body.get("recipients")
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        fail(_("this bundle is damaged (its recipients list is invalid)"))
    if me.signing_key not in recipients and me != sender:
        fail(_("this bundle is for someone else"))


