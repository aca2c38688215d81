"""Bundles: round trips, and every forged, tampered, misaddressed or hostile file refused.

Each refusal must be a BundleError with a message a person can act on — never another
exception, never a success.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.domain.errors import CasefileError
from casefile.sync import bundle, canonical
from casefile.sync.batches import sign_writes, verify_batch
from casefile.sync.bundle import MAGIC, RECIPIENT_SLOTS, make_bundle, open_bundle, parse_frame
from casefile.sync.canonical import canonical_json, parse_body
from casefile.sync.errors import BundleError
from casefile.sync.identity import Identity, PublicIdentity

A, B, C, D = (Identity.generate() for _ in range(4))
AGE = shutil.which("age") or "/usr/bin/age"


def writes_of(who: Identity, n: int = 2) -> list[dict[str, Any]]:
    return [{"origin": who.public.origin, "seq": seq, "hlc": f"{1_700_000_000_000 + seq}.000000",
             "record_id": f"r{seq}", "record_type": "person", "op": "edit",
             "fields": {"name": f"Анна {seq}"}, "replaces": {}} for seq in range(1, n + 1)]


def sample_body(padding: str = "") -> dict[str, Any]:
    return {"bundle_id": "b-1", "sender_seq": 7, "previous_hash": None,
            "vector": {A.public.origin: 2}, "attachments": [], "note": padding,
            "batches": [sign_writes(A, writes_of(A)), sign_writes(C, writes_of(C, 1))]}


BUNDLE = make_bundle(A, [B.public, C.public], sample_body())


def sealed(frame: bytes, to: Identity) -> bytes:
    """A frame made into a bundle for ``to`` by the module's own layers, bypassing make_bundle."""
    return bundle._encrypt(bundle._pad(frame), [to.public.public_key])


def frame_with_body(body: bytes, signer: Identity = A) -> bytes:
    return bundle._build_frame(signer, body)


def full_body(to: list[PublicIdentity], **changes: object) -> bytes:
    value = json.loads(bundle.encode_body(A, to, sample_body()))
    value.update(changes)
    return canonical_json(value)


def age_header(data: bytes) -> bytes:
    end = data.index(b"\n--- ")
    return data[:data.index(b"\n", end + 1) + 1]


# -- round trips ----------------------------------------------------------------------------

def test_both_recipients_open_it_and_the_sender_is_attributed() -> None:
    for me, trusted in ((B, [A.public]), (C, [D.public, A.public])):
        opened = open_bundle(BUNDLE, me, trusted)
        assert opened.sender == A.public
        body = opened.body
        assert {k: body[k] for k in sample_body() if k != "batches"} == {
            k: v for k, v in sample_body().items() if k != "batches"}
        assert body["format"] == "casefile-bundle"
        assert body["version"] == 1
        assert body["recipients"] == sorted([B.public.signing_key, C.public.signing_key])
        assert body["sender"] == A.public.as_dict()
        assert body["created_at"].endswith("+00:00")
        assert [verify_batch(b) for b in body["batches"]] == [writes_of(A), writes_of(C, 1)]
    assert open_bundle(BUNDLE, B, [A.public]).bundle_hash == \
        open_bundle(BUNDLE, C, [A.public]).bundle_hash


def test_the_sender_can_open_its_own_bundle() -> None:
    assert open_bundle(BUNDLE, A, []).sender == A.public


def test_make_bundle_refuses_what_it_should_not_make() -> None:
    with pytest.raises(BundleError, match="at least one recipient"):
        make_bundle(A, [A.public], sample_body())
    many = [Identity.generate().public for _ in range(RECIPIENT_SLOTS)]
    with pytest.raises(BundleError, match=f"at most {RECIPIENT_SLOTS - 1} recipients"):
        make_bundle(A, many, sample_body())
    with pytest.raises(ValueError, match="sets these body keys"):
        make_bundle(A, [B.public], {**sample_body(), "recipients": []})
    deep: Any = []
    for _ in range(40):
        deep = [deep]
    with pytest.raises(BundleError, match="nested"):
        make_bundle(A, [B.public], {"deep": deep})


# -- misaddressed and unknown ---------------------------------------------------------------

def test_a_bundle_for_another_vault_does_not_decrypt() -> None:
    with pytest.raises(BundleError, match="not addressed to this vault"):
        open_bundle(BUNDLE, D, [A.public])


def test_an_age_recipient_missing_from_the_signed_list_is_refused() -> None:
    # A (or anyone holding the frame) re-encrypts a frame signed for B to D: still B's bundle.
    data = sealed(frame_with_body(bundle.encode_body(A, [B.public], sample_body())), D)
    with pytest.raises(BundleError, match="for someone else"):
        open_bundle(data, D, [A.public])


def test_a_bundle_signed_by_an_unknown_key_is_refused() -> None:
    with pytest.raises(BundleError, match="unknown key"):
        open_bundle(BUNDLE, B, [C.public, D.public])


def test_a_contact_whose_encryption_key_differs_is_not_the_signer() -> None:
    impostor = PublicIdentity(A.public.signing_key, D.public.public_key)
    with pytest.raises(BundleError, match="not the one who signed"):
        open_bundle(BUNDLE, B, [impostor])


# -- tampering ------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_flipped_byte_anywhere_is_refused(data: st.DataObject) -> None:
    header = len(age_header(BUNDLE))
    # Half the flips in the header, where the parsing is; half anywhere.
    limit = data.draw(st.sampled_from([header, len(BUNDLE)]))
    position = data.draw(st.integers(0, limit - 1))
    flip = data.draw(st.integers(1, 255))
    damaged = bytearray(BUNDLE)
    damaged[position] ^= flip
    with pytest.raises(BundleError):
        open_bundle(bytes(damaged), B, [A.public])


@pytest.mark.parametrize("position", [0, 5, 21, 22, 30, -1, -17, -100, 200, 5000, 60_000])
def test_flips_at_chosen_places_are_refused(position: int) -> None:
    damaged = bytearray(BUNDLE)
    damaged[position] ^= 0x01
    with pytest.raises(BundleError):
        open_bundle(bytes(damaged), B, [A.public])


def test_a_truncated_bundle_is_refused_at_any_length() -> None:
    header = len(age_header(BUNDLE))
    lengths = {0, 1, 10, 21, 22, 100, header - 1, header, header + 1, header + 50,
               len(BUNDLE) // 2, len(BUNDLE) - 17, len(BUNDLE) - 16, len(BUNDLE) - 1}
    lengths |= set(range(0, len(BUNDLE), 4099))
    for length in sorted(lengths):
        with pytest.raises(BundleError):
            open_bundle(BUNDLE[:length], B, [A.public])


def test_changing_the_recipients_after_signing_breaks_the_signature() -> None:
    signed = frame_with_body(bundle.encode_body(A, [B.public], sample_body()))
    signature = signed[-64:]
    widened = full_body([B.public, D.public])
    forged = (MAGIC + A.public.signing_bytes + len(widened).to_bytes(8, "big") + widened
              + signature)
    with pytest.raises(BundleError, match="signature does not match"):
        open_bundle(sealed(forged, D), D, [A.public])


def test_a_frame_signed_with_another_key_than_it_names_is_refused() -> None:
    body = bundle.encode_body(A, [B.public], sample_body())
    frame = bytearray(frame_with_body(body, signer=C))
    frame[8:40] = A.public.signing_bytes  # claims A, signed by C
    with pytest.raises(BundleError, match="signature does not match"):
        open_bundle(sealed(bytes(frame), B), B, [A.public, C.public])


def test_a_body_naming_another_sender_is_refused() -> None:
    body = full_body([B.public], sender=C.public.as_dict())
    with pytest.raises(BundleError, match="not the one who signed"):
        open_bundle(sealed(frame_with_body(body), B), B, [A.public, C.public])


# -- files that are not bundles -------------------------------------------------------------

@pytest.mark.parametrize("plaintext", [b"", b"hello", b"just a letter, no frame at all",
                                       bundle._pad(b"not a frame, but padded like one"),
                                       bundle._pad(b"CFBNDL01" + b"\0" * 200)])
def test_a_plain_age_file_is_refused(plaintext: bytes) -> None:
    data = pyrage.encrypt(plaintext, [B.age_identity.to_public()])
    with pytest.raises(BundleError, match=r"damaged|not a casefile bundle|unknown key"):
        open_bundle(data, B, [A.public])


@pytest.mark.parametrize("data", [b"", b"PK\3\4zipfile", b"-----BEGIN AGE ENCRYPTED FILE-----\n",
                                  b"age-encryption.org/v1\n-> X25519 abc\n"])
def test_what_is_not_an_age_file_is_refused(data: bytes) -> None:
    with pytest.raises(BundleError, match=r"not a casefile bundle|header is incomplete"):
        open_bundle(data, B, [A.public])


def test_a_passphrase_age_file_is_refused_without_running_scrypt(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = pyrage.passphrase.encrypt(b"anything", "a passphrase")
    calls: list[object] = []
    monkeypatch.setattr(bundle.pyrage, "decrypt", lambda *a: calls.append(a))
    with pytest.raises(BundleError, match="passphrase"):
        open_bundle(data, B, [A.public])
    assert calls == []  # refused from the header: scrypt never ran
    # A scrypt stanza slipped in among X25519 ones is refused the same way.
    end = BUNDLE.index(b"\n--- ")
    mixed = BUNDLE[:end] + b"\n-> scrypt c2FsdHNhbHRzYWx0c2FsdA 22\nAAAA" + BUNDLE[end:]
    with pytest.raises(BundleError, match="passphrase"):
        open_bundle(mixed, B, [A.public])
    assert calls == []


def test_a_file_over_the_size_limit_is_refused_before_decrypting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "MAX_BUNDLE_BYTES", len(BUNDLE) - 1)
    with pytest.raises(BundleError, match="too large"):
        open_bundle(BUNDLE, B, [A.public])


# -- hostile content from a trusted signer --------------------------------------------------

def test_a_decompression_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "MAX_BODY_BYTES", 1024 * 1024)
    data = sealed(b"\0" * (2 * 1024 * 1024), B)
    with pytest.raises(BundleError, match="unpacks to more than the 1 MiB limit"):
        open_bundle(data, B, [A.public])


def test_deeply_nested_json_is_refused() -> None:
    deep = b'{"a":' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    with pytest.raises(BundleError, match="nested more than 32 levels"):
        open_bundle(sealed(frame_with_body(deep), B), B, [A.public])
    at_limit = b'{"a":' + b"[" * 31 + b"]" * 31 + b"}"
    assert parse_body(at_limit) == json.loads(at_limit)
    with pytest.raises(BundleError, match="nested"):
        parse_body(b'{"a":' + b"[" * 32 + b"]" * 32 + b"}")
    # Brackets inside strings are text, not nesting.
    brackets = canonical_json({"a": "[" * 100 + '"\\' + "{" * 100})
    assert parse_body(brackets)["a"].startswith("[[[")


def test_oversized_strings_are_refused() -> None:
    huge = b'{"a":"' + b"x" * (canonical.MAX_STRING_BYTES + 1) + b'"}'
    with pytest.raises(BundleError, match="larger than 16 MiB"):
        open_bundle(sealed(frame_with_body(huge), B), B, [A.public])
    with pytest.raises(BundleError, match="larger than 16 MiB"):
        parse_body(b'{"' + b"k" * (canonical.MAX_STRING_BYTES + 1) + b'":1}')


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


_TRICKY_TEXT = st.text(alphabet='[]{}"\\\\ab\nя', max_size=12)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY_TEXT, inner, max_size=3),
    max_leaves=60)


@given(st.integers(min_value=25, max_value=40), _JSON_VALUES)
def test_nesting_is_measured_as_a_parser_reads_it(extra: int, inner: object) -> None:
    # Strings full of quotes, backslashes and brackets never count as nesting; real
    # brackets do, however deep they sit.
    value: object = inner
    for n in range(extra):
        value = [value] if n % 2 else {"k": value}
    data = canonical_json({"v": value})
    if 1 + _depth(value) <= canonical.MAX_DEPTH:
        canonical.check_json_limits(data)
    else:
        with pytest.raises(BundleError, match="nested more than 32 levels"):
            canonical.check_json_limits(data)


@pytest.mark.parametrize(("body", "message"), [
    (b'{"a":1,"a":2}', "duplicated key"),
    (b'{"a": 1}', "canonical"),
    (b'{"a":"\\u0041"}', "canonical"),
    (b'{"b":1,"a":2}', "canonical"),
    (b'{"a":NaN}', "not valid JSON"),
    (b'{"a":1e999}', "canonical"),
    (b'{"a":' + b"1" * 5000 + b"}", "not valid JSON"),
    (b'{"a":"\xff"}', "not valid JSON"),
    (b'{"a":"\\ud800"}', "canonical"),
    (b"[1]", "not valid JSON"),
    (b'{"a":"unterminated}', "not valid JSON"),
    (b"]]]{}", "not valid JSON"),
])
def test_malformed_bodies_are_refused(body: bytes, message: str) -> None:
    with pytest.raises(BundleError, match=message):
        parse_body(body)


def test_a_newer_format_is_named() -> None:
    body = full_body([B.public], version=2)
    with pytest.raises(BundleError, match=r"newer casefile \(bundle format 2\)"):
        open_bundle(sealed(frame_with_body(body), B), B, [A.public])
    frame = b"CFBNDL03" + frame_with_body(full_body([B.public]))[8:]
    with pytest.raises(BundleError, match=r"newer casefile \(bundle format 3\)"):
        open_bundle(sealed(frame, B), B, [A.public])


@pytest.mark.parametrize("changes", [{"format": "something-else"}, {"version": "1"},
                                     {"version": 0}, {"version": True}, {"recipients": "all"}])
def test_a_body_with_wrong_envelope_fields_is_refused(changes: dict[str, object]) -> None:
    body = full_body([B.public], **changes)
    with pytest.raises(BundleError):
        open_bundle(sealed(frame_with_body(body), B), B, [A.public])


# -- each origin's own signature -------------------------------------------------------------

def test_an_altered_write_in_a_batch_is_refused() -> None:
    batch = sign_writes(A, writes_of(A))
    assert verify_batch(batch) == writes_of(A)
    batch["writes"][1]["fields"]["name"] = "Someone else"
    with pytest.raises(BundleError, match="does not match"):
        verify_batch(batch)


def test_a_batch_whose_origin_does_not_match_its_key_is_refused() -> None:
    batch = sign_writes(A, writes_of(A))
    with pytest.raises(BundleError, match="origin its key does not belong to"):
        verify_batch({**batch, "origin": C.public.origin})
    # Nor can a vault sign under its own key writes that name another origin.
    c_writes = writes_of(C)
    forged = sign_writes(A, writes_of(A))
    forged["writes"] = c_writes
    with pytest.raises(BundleError, match="another origin"):
        verify_batch(forged)
    with pytest.raises(ValueError, match="origin is its own"):
        sign_writes(A, c_writes)


@pytest.mark.parametrize("batch", [None, [], {}, {"origin": 1, "origin_key": 2, "writes": 3,
                                                     "signature": 4}])
def test_malformed_batches_are_refused(batch: object) -> None:
    with pytest.raises(BundleError):
        verify_batch(batch)


def test_a_relayed_batch_stays_attributable() -> None:
    relayed = open_bundle(BUNDLE, B, [A.public]).body["batches"][1]
    assert relayed["origin"] == C.public.origin
    assert verify_batch(relayed) == writes_of(C, 1)


# -- fuzzing the parsers ---------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_parse_frame_lets_only_bundle_errors_escape(data: bytes) -> None:
    for candidate in (data, MAGIC + data, MAGIC + A.public.signing_bytes + data):
        with pytest.raises(BundleError):
            parse_frame(candidate, [A.public], B.public)


def json_values(floats: st.SearchStrategy[float]) -> st.SearchStrategy[Any]:
    return st.recursive(
        st.none() | st.booleans() | st.integers() | floats | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                   max_size=4),
        max_leaves=30)


def envelope(value: object) -> bytes:
    """A canonical body that passes the envelope checks, so the fuzz reaches past them."""
    return canonical_json({"format": "casefile-bundle", "version": 1, "value": value,
                           "sender": A.public.as_dict(), "recipients": [B.public.signing_key]})


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300),
                 json_values(st.floats()).map(lambda v: json.dumps(v).encode()),
                 json_values(finite).map(canonical_json),
                 json_values(finite).map(envelope)))
def test_signed_bodies_of_any_content_raise_only_bundle_errors(body: bytes) -> None:
    # A trusted signer is the strongest attacker on the body parser: the signature holds.
    with contextlib.suppress(BundleError):
        opened = parse_frame(frame_with_body(body), [A.public], B.public)
        assert opened.body == json.loads(body)
    with contextlib.suppress(BundleError):
        assert parse_body(body) == json.loads(body)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_open_bundle_lets_only_bundle_errors_escape(data: bytes) -> None:
    for candidate in (data, bundle.AGE_MAGIC + data, age_header(BUNDLE) + data):
        with pytest.raises(BundleError):
            open_bundle(candidate, B, [A.public])


# -- what the file gives away ---------------------------------------------------------------

def test_size_does_not_depend_on_the_content() -> None:
    small = make_bundle(A, [B.public], sample_body("x" * 1000))
    large = make_bundle(A, [B.public], sample_body(bytes(range(256)).hex() * 60))
    assert len(large) - len(small) == len(age_header(large)) - len(age_header(small))
    # The only difference left is age's random "grease" stanza, whatever the content.
    assert abs(len(large) - len(small)) < 300


@pytest.mark.parametrize("count", [1, 2, RECIPIENT_SLOTS - 1])
def test_the_header_always_has_the_same_number_of_recipients(count: int) -> None:
    recipients = [B.public, *(Identity.generate().public for _ in range(count - 1))]
    data = make_bundle(A, recipients, sample_body())
    assert age_header(data).count(b"\n-> X25519 ") == RECIPIENT_SLOTS


@pytest.mark.parametrize(("size", "bucket"), [
    (1, 64 * 1024), (64 * 1024, 64 * 1024), (64 * 1024 + 1, 128 * 1024),
    (16 * 1024 * 1024, 16 * 1024 * 1024), (16 * 1024 * 1024 + 1, 32 * 1024 * 1024),
    (40 * 1024 * 1024, 48 * 1024 * 1024)])
def test_size_buckets(size: int, bucket: int) -> None:
    assert bundle._bucket(size) == bucket


def test_bundle_errors_are_user_level_errors() -> None:
    assert issubclass(BundleError, CasefileError)


# -- the outer layer is standard age ---------------------------------------------------------

@pytest.mark.skipif(not Path(AGE).exists(), reason="the reference age tool is not installed "
                    "(Debian package 'age')")
def test_the_reference_age_tool_decrypts_the_outer_layer(tmp_path: Path) -> None:
    key = tmp_path / "identity.txt"
    key.write_text(B.age_secret + "\n", encoding="ascii")
    key.chmod(0o600)
    (tmp_path / "bundle.cfb").write_bytes(BUNDLE)
    result = subprocess.run([AGE, "-d", "-i", str(key), str(tmp_path / "bundle.cfb")],
                            capture_output=True, check=True, timeout=30)
    padded = result.stdout
    assert len(padded) == 64 * 1024
    length = int.from_bytes(padded[:8], "big")
    assert 0 < length <= len(padded) - 8
    assert zlib.decompress(padded[8:8 + length]).startswith(MAGIC)
