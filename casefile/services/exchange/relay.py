"""Whom a write may not be passed on to.

A group that shares a record with some contacts and not others says so with each write it
sends (the body's "relay"); whoever passes the write on keeps that list and honours it. This
vault's own writes are withheld from each contact it does not share the record with.
"""

from __future__ import annotations

from typing import Any

from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.sync.errors import BundleError
from casefile.vault.peers import PeerStore
from casefile.vault.scope import scope_ids

MAX_WITHHELD_KEYS = 1000  # contacts one write may be withheld from


class Withheld:
    """Whom a write must not be passed on to. This vault's own writes: each of its contacts
    it does not share the record with. Others' writes: what their origin said, as received."""

    def __init__(self, session: Session, store: PeerStore) -> None:
        self.relayed = store.withheld()
        self._session, self._store = session, store
        self._scopes: dict[str, set[str]] | None = None

    def of_own(self, record_id: str) -> frozenset[str]:
        if self._scopes is None:
            records, deleted = self._session.vault.records, self._store.deleted_ids()
            self._scopes = {p.signing_key: scope_ids(records, p)
                            | (self._store.sent_records(p.name) & deleted)
                            for p in self._store.all()}
        return frozenset(k for k, ids in self._scopes.items() if record_id not in ids)


def withheld_body(per_batch: list[list[str] | None]) -> dict[str, Any]:
    """The body's "relay": each distinct list of keys withheld from once, and per batch its
    index (-1: nothing known, a write from before this was recorded)."""
    if all(not keys for keys in per_batch):
        return {}
    sets: list[list[str]] = []
    index: dict[tuple[str, ...], int] = {}
    of = []
    for keys in per_batch:
        if keys is None:
            of.append(-1)
            continue
        of.append(index.setdefault(tuple(keys), len(index)))
        if of[-1] == len(sets):
            sets.append(keys)
    return {"relay": {"sets": sets, "of": of}}  # a key after "batches" (sync/bundle.py)


def withheld_of_batches(body: dict[str, Any], count: int) -> list[list[str] | None]:
    """Whom each of ``count`` batches is withheld from, checked; BundleError if malformed."""
    given = body.get("relay")
    if given is None:
        return [None] * count
    bad = BundleError(_("the bundle's relay list is malformed"))
    if not isinstance(given, dict) or set(given) != {"sets", "of"}:
        raise bad
    sets, of = given["sets"], given["of"]
    if not isinstance(sets, list) or not isinstance(of, list) or len(of) != count \
            or len(sets) > count:
        raise bad
    for keys in sets:
        if not isinstance(keys, list) or len(keys) > MAX_WITHHELD_KEYS or not all(
                isinstance(k, str) and 0 < len(k) <= 64 for k in keys):
            raise bad
    if not all(isinstance(i, int) and not isinstance(i, bool) and -1 <= i < len(sets)
               for i in of):
        raise bad
    return [None if i == -1 else sets[i] for i in of]


def keep_for_relaying(store: PeerStore, signatures: dict[tuple[str, int], str | None],
                       withheld: dict[tuple[str, int], list[str]]) -> None:
    """What passing these writes on needs: their origins' signatures, and whom the origins
    withheld them from."""
    store.store_signatures([(origin, seq, signature)
                            for (origin, seq), signature in signatures.items() if signature],
                           keep_existing=True)
    for (origin, seq), keys in withheld.items():
        if store.holds_write(origin, seq):
            store.note_withheld(origin, seq, keys)
