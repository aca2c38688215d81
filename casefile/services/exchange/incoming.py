"""What a bundle brings, checked before anything of it applies.

Every write's shape against the field specs (a malformed one fails the whole bundle), its
values against validation (a wrong one is refused alone), the origins' signatures, writes made
with revoked keys, the body's parts and the sender's numbering of its bundles to us.
"""

from __future__ import annotations

import json
import re
from typing import Any

from casefile.domain.errors import ValidationError
from casefile.domain.records import SPECS
from casefile.domain.validate import is_uuid, normal_id, validate
from casefile.i18n import _, ngettext
from casefile.sync.batches import verify_batches
from casefile.sync.errors import BundleError
from casefile.sync.identity import Identity
from casefile.vault import merge, mergerules
from casefile.vault.peers import PeerStore
from casefile.vault.records import DELETED

HLC_RE = re.compile(r"^\d{13}\.\d{6}$")
ORIGIN_RE = re.compile(r"^[0-9a-f]{32}$")
MAX_SEQ = 2**62
META_FIELDS = {"local_only", DELETED, "total_weight_g"}


class WriteRefused(Exception):  # noqa: N818 - a refusal of one write, not an error
    """A signed, well-formed write that cannot apply: refused alone, with its reason."""


def check_write(write: dict[str, Any]) -> dict[str, Any]:
    """A write's shape and values, against the field specs; BundleError names the problem."""
    keys = set(merge.WRITE_KEYS)
    if set(write) != keys:
        raise BundleError(_("a write has unexpected keys"))
    spec = SPECS.get(write["record_type"])
    bad = (spec is None or write["op"] not in ("put", "delete")
           or not is_uuid(write["record_id"])
           or write["record_id"] != normal_id(write["record_id"])
           or not isinstance(write["hlc"], str)
           or not HLC_RE.match(write["hlc"]) or not isinstance(write["origin"], str)
           or not ORIGIN_RE.match(write["origin"]) or isinstance(write["seq"], bool)
           or not isinstance(write["seq"], int) or not 0 < write["seq"] < MAX_SEQ
           or not isinstance(write["fields"], dict) or not isinstance(write["replaces"], dict))
    if bad or spec is None:
        raise BundleError(_("a write is malformed"))
    for name, tags in write["replaces"].items():
        if not isinstance(tags, list) or not all(
                isinstance(t, list) and len(t) == 2 and isinstance(t[0], str)
                and isinstance(t[1], int) and not isinstance(t[1], bool) for t in tags):
            raise BundleError(_("a write's replaced tags are malformed ({0})").format(name))
    fields = {k: v for k, v in write["fields"].items() if k not in META_FIELDS}
    for name in set(write["fields"]) & {DELETED}:
        if not isinstance(write["fields"][name], bool):
            raise BundleError(_("a write's _deleted value is malformed"))
    # Well formed and signed, but wrong: this write alone is refused (a relaying group must
    # not be able to block everything after it).
    _check_meta(write["fields"])
    try:
        checked = validate(spec.type, fields, partial=True)
    except ValidationError as exc:
        raise WriteRefused(_("it does not pass validation: {0}").format(exc)) from None
    for name, value in fields.items():
        # A vault writes only values it has validated, so a value a validation would change
        # ("1 500,50", "no", an id in capitals) was not made by casefile: stored as sent, it
        # would mean one thing here and another there.
        if name in checked and checked[name] != value:
            raise WriteRefused(_("{0}.{1} is not written as casefile keeps it: {2}").format(
                spec.type, name, json.dumps(value, ensure_ascii=False)[:80]))
    return write


def _check_meta(fields: dict[str, Any]) -> None:
    """The fields every record has besides its spec's: local_only, a parcel's total."""
    if "local_only" in fields and not isinstance(fields["local_only"], bool):
        raise WriteRefused(_("local_only must be true or false"))
    weight = fields.get("total_weight_g")
    if "total_weight_g" in fields and weight is not None and (
            isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight < 2**53):
        raise WriteRefused(_("total_weight_g must be a whole number of grams"))


def sequence_notes(last: int, number: int, sender: str) -> list[str]:
    """Each sender numbers its bundles to us: a gap means one was lost or withheld."""
    if number == last + 2:
        return [_("bundle {0} from {1} is missing").format(last + 1, sender)]
    if number > last + 2:  # a range, never a list: a crafted number may be huge
        return [_("bundles {0} to {1} from {2} are missing").format(last + 1, number - 1,
                                                                     sender)]
    if number <= last:
        return [_("bundle {0} from {1} arrived late or was sent again").format(number, sender)]
    return []


def verified_writes(batches: list[Any]) -> tuple[list[dict[str, Any]],
                                                  dict[tuple[str, int], str | None],
                                                  list[dict[str, Any]]]:
    """The verified writes, their relayable signatures, and the writes refused alone."""
    writes, signatures, refused = [], {}, []
    for batch, verified in zip(batches, verify_batches(batches), strict=True):
        for write in verified:
            try:
                writes.append(check_write(write))
            except WriteRefused as exc:
                refused.append(mergerules.refusal(write, str(exc)))
                continue
            # A one-write batch's signature can be relayed on as it is.
            signatures[(write["origin"], write["seq"])] = (
                f"{batch['origin_key']} {batch['signature']}" if len(batch["writes"]) == 1
                else None)
    return writes, signatures, refused


def without_revoked(store: PeerStore, writes: list[dict[str, Any]]
                     ) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Writes made with a revoked key are dropped (those already held change nothing);
    returns the rest and, per revoked contact, how many were refused."""
    revoked = store.revoked_origins()
    if not revoked:
        return writes, {}
    kept: list[dict[str, Any]] = []
    dropped: dict[str, int] = {}
    for write in writes:
        name = revoked.get(write["origin"])
        if name is None:
            kept.append(write)
        elif not store.holds_write(write["origin"], write["seq"]):
            dropped[name] = dropped.get(name, 0) + 1
    return kept, dropped


def revoked_notes(dropped: dict[str, int]) -> list[str]:
    return [ngettext("{0} write made with the revoked key of {1} was refused",
                     "{0} writes made with the revoked key of {1} were refused",
                     count).format(count, name) for name, count in dropped.items()]


def body_parts(body: dict[str, Any], me: Identity) -> tuple[list[Any], int, dict[str, int]]:
    """The batches, this vault's bundle number and the sender's vector (cleaned)."""
    batches = body.get("batches")
    sequence = body.get("sequence")
    vector = body.get("vector")
    if not isinstance(batches, list) or not isinstance(sequence, dict) \
            or not isinstance(vector, dict):
        raise BundleError(_("the bundle's body is malformed"))
    number = sequence.get(me.public.signing_key)
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < MAX_SEQ:
        raise BundleError(_("the bundle's body is malformed (its number for this vault)"))
    clean_vector = {o: s for o, s in vector.items() if isinstance(o, str) and ORIGIN_RE.match(o)
                    and isinstance(s, int) and not isinstance(s, bool) and 0 <= s < MAX_SEQ}
    return batches, number, clean_vector
