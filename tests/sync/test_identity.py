"""Vault identities: key generation, the public form people exchange, fingerprints, origins."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from casefile.domain.errors import CasefileError
from casefile.sync.identity import Identity, IdentityError, PublicIdentity, origin_id

# A fixed test vector (keys made for this test only), so a change to the fingerprint or
# origin derivation — which would break every contact's comparison — cannot go unnoticed.
VECTOR_SIGNING = bytes(range(32))
VECTOR_AGE = "AGE-SECRET-KEY-14NFPFQH4QTPG4TAGTK64H0MV27NCEM56M2SD3F4KUUQKTHQMWSFSYX554L"
VECTOR_PUBLIC = PublicIdentity(
    signing_key="A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=",
    public_key="age1r70ctkadga8flu3z3wwsyvej3wmvrcml4tv92jt6nfh2dvqcre6sffsktp")
VECTOR_FINGERPRINT = "ADA1 44FE 4CEF A3F8 3910 123C 92EC 7412 35E8 9017"
VECTOR_ORIGIN = "56475aa75463474c0285df5dbf2bcab7"
FINGERPRINT_SHAPE = re.compile(r"^[0-9A-F]{4}( [0-9A-F]{4}){9}$")


def test_generate_makes_distinct_working_keys() -> None:
    a, b = Identity.generate(), Identity.generate()
    assert a.public != b.public
    assert len(base64.b64decode(a.public.signing_key)) == 32
    assert a.public.public_key.startswith("age1")
    assert a.public.verify(a.sign(b"message"), b"message")
    assert not a.public.verify(a.sign(b"message"), b"messagE")
    assert not b.public.verify(a.sign(b"message"), b"message")


def test_secrets_never_appear_in_repr() -> None:
    me = Identity.generate()
    shown = repr(me) + str(me)
    assert me.age_secret not in shown
    assert "AGE-SECRET-KEY" not in shown
    assert repr(me.signing_private) not in shown
    assert base64.b64encode(me.signing_private).decode() not in shown


def test_damaged_stored_keys_are_refused() -> None:
    with pytest.raises(IdentityError):
        Identity(signing_private=b"short", age_secret=VECTOR_AGE)
    with pytest.raises(IdentityError) as info:
        Identity(signing_private=VECTOR_SIGNING, age_secret=VECTOR_AGE[:-3] + "AAA")
    assert "AGE-SECRET" not in str(info.value)


def test_known_vector() -> None:
    me = Identity(signing_private=VECTOR_SIGNING, age_secret=VECTOR_AGE)
    assert me.public == VECTOR_PUBLIC
    assert me.public.fingerprint == VECTOR_FINGERPRINT
    assert me.public.origin == VECTOR_ORIGIN


def test_fingerprint_is_stable_formatted_and_covers_both_keys() -> None:
    me = Identity.generate().public
    assert me.fingerprint == me.fingerprint
    assert FINGERPRINT_SHAPE.match(me.fingerprint)
    raw = base64.b64decode(me.signing_key)
    digest = hashlib.sha256(b"casefile-fpr-v1\0" + raw + me.public_key.encode()).hexdigest()
    assert me.fingerprint.replace(" ", "") == digest[:40].upper()
    other = Identity.generate().public
    assert PublicIdentity(me.signing_key, other.public_key).fingerprint != me.fingerprint
    assert PublicIdentity(other.signing_key, me.public_key).fingerprint != me.fingerprint


def test_origin_is_self_certifying() -> None:
    me = Identity.generate()
    raw = me.public.signing_bytes
    assert me.public.origin == origin_id(raw) == hashlib.sha256(raw).digest()[:16].hex()
    assert len(me.public.origin) == 32
    assert Identity.generate().public.origin != me.public.origin
    for bad in (b"", raw[:31], raw + b"\0"):
        with pytest.raises(IdentityError):
            origin_id(bad)


def test_public_identity_round_trips() -> None:
    me = Identity.generate().public
    assert PublicIdentity.from_dict(me.as_dict()) == me
    assert PublicIdentity.from_text(me.to_json()) == me
    printed = json.loads(me.to_json())
    assert set(printed) == {"public_key", "signing_key", "fingerprint"}
    assert printed["fingerprint"] == me.fingerprint


def test_from_text_accepts_the_cli_output_with_any_spacing_of_the_fingerprint() -> None:
    me = Identity.generate().public
    text = json.dumps({"public_key": me.public_key, "signing_key": me.signing_key,
                       "fingerprint": me.fingerprint.replace(" ", "").lower()})
    assert PublicIdentity.from_text("\n  " + text + "\n") == me
    assert PublicIdentity.from_text(json.dumps(me.as_dict())) == me  # no fingerprint given


def test_from_text_rejects_a_wrong_fingerprint() -> None:
    me, other = Identity.generate().public, Identity.generate().public
    forged = {**me.as_dict(), "fingerprint": other.fingerprint}
    with pytest.raises(IdentityError, match="fingerprint does not match"):
        PublicIdentity.from_text(json.dumps(forged))
    # Keys swapped in from someone else under the original fingerprint: caught too.
    swapped = {**me.as_dict(), "public_key": other.public_key, "fingerprint": me.fingerprint}
    with pytest.raises(IdentityError, match="fingerprint does not match"):
        PublicIdentity.from_text(json.dumps(swapped))


@pytest.mark.parametrize("change", [
    {"signing_key": "not base64!"},
    {"signing_key": base64.b64encode(b"\1" * 31).decode()},
    {"signing_key": base64.b64encode(b"\1" * 33).decode()},
    {"signing_key": "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQF="},  # non-canonical padding bits
    {"signing_key": 12},
    {"public_key": "age1notarealkey"},
    {"public_key": "AGE-SECRET-KEY-1XYZ"},
    {"public_key": VECTOR_PUBLIC.public_key.upper()},
    {"public_key": VECTOR_PUBLIC.public_key + " "},
    {"public_key": None},
])
def test_from_dict_rejects_bad_keys(change: dict[str, object]) -> None:
    with pytest.raises(IdentityError):
        PublicIdentity.from_dict({**VECTOR_PUBLIC.as_dict(), **change})


@pytest.mark.parametrize("text", [
    "", "garbage", "[]", "null", '"age1"', "{}", '{"public_key": "age1x"}',
    '{"signing_key": "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="}',
    "[" * 100_000, " " * 70_000 + "{}",
])
def test_from_text_rejects_garbage(text: str) -> None:
    with pytest.raises(IdentityError):
        PublicIdentity.from_text(text)


def test_identity_errors_are_user_level_errors() -> None:
    assert issubclass(IdentityError, CasefileError)
