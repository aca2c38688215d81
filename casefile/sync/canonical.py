"""The JSON a bundle signs and carries: the one canonical byte form of a value, and the
parsing of an untrusted body (limits on depth and string size checked before anything is
built, no duplicate keys, canonical bytes only, so no two byte forms mean one value).
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any, NoReturn

from casefile.i18n import _
from casefile.sync.errors import BundleError

MAX_DEPTH = 32
MAX_STRING_BYTES = 16 * 1024 * 1024  # one JSON string, as encoded in the body


def canonical_json(value: object) -> bytes:
    """The one byte form of a JSON value that signatures cover."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def fail(message: str) -> NoReturn:
    raise BundleError(message)


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
                fail(_("this bundle contains a field larger than {n} MiB; refused")
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
            fail(_("this bundle's content is nested more than {n} levels deep; refused")
                  .format(n=MAX_DEPTH))
        if depth < 0:
            fail(_("this bundle's content is not valid JSON"))


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        fail(_("this bundle's content has a duplicated key"))
    return result


def _no_constant(name: str) -> NoReturn:
    fail(_("this bundle's content is not valid JSON"))


def parse_body(data: bytes) -> dict[str, Any]:
    """The body object, from canonical JSON only (one byte form per value: no malleability)."""
    check_json_limits(data)
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicate_keys,
                           parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BundleError(_("this bundle's content is not valid JSON")) from exc
    if not isinstance(value, dict):
        fail(_("this bundle's content is not valid JSON"))
    try:
        canonical = canonical_json(value)
    except (TypeError, ValueError, RecursionError) as exc:
        raise BundleError(_("this bundle's content is not in canonical form")) from exc
    if canonical != data:
        fail(_("this bundle's content is not in canonical form"))
    return value
