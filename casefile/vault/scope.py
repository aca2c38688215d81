"""What a peer may receive: everything, or chosen cases and what belongs to them.

A case brings its people and lawyers, the people's facilities, and the hearings, events,
letters, parcels, payments and tasks of that case and those people. Local-only records never
leave. A record that refers to anything outside the scope is left out too, so nothing outside
it reaches the peer, not even as an id.
"""

from __future__ import annotations

import json
from typing import Any

from casefile.domain.fields import Kind
from casefile.domain.records import SPECS
from casefile.vault.peers import Peer
from casefile.vault.records import RecordStore
from casefile.vault.schema import quote


def _ids(store: RecordStore, sql: str, params: tuple[Any, ...] = ()) -> set[str]:
    return {row[0] for row in store.db.execute(sql, params)}


def _in(column: str, ids: set[str]) -> tuple[str, tuple[str, ...]]:
    ordered = tuple(sorted(ids))
    return f"{column} IN ({','.join('?' * len(ordered)) or 'NULL'})", ordered


def scope_ids(store: RecordStore, peer: Peer) -> set[str]:
    if peer.scope_all:
        return _ids(store, "SELECT id FROM record WHERE local_only = 0")
    cases = set(peer.case_ids) & _ids(store, "SELECT id FROM r_case")
    people: set[str] = set()
    lawyers: set[str] = set()
    for person_ids, lawyer_ids in store.db.execute(
            "SELECT person_ids, lawyer_ids FROM r_case WHERE " + _in("id", cases)[0],
            _in("id", cases)[1]):
        people.update(json.loads(person_ids or "[]"))
        lawyers.update(json.loads(lawyer_ids or "[]"))
    wanted = cases | people | lawyers
    clause, params = _in("person_id", people)
    wanted |= _ids(store, f"SELECT facility_id FROM r_person WHERE {_in('id', people)[0]} "
                          "AND facility_id IS NOT NULL", _in("id", people)[1])
    for table in ("r_letter", "r_parcel"):
        wanted |= _ids(store, f"SELECT id FROM {table} WHERE {clause}", params)
    wanted |= _ids(store, f"SELECT facility_id FROM r_parcel WHERE {clause} "
                          "AND facility_id IS NOT NULL", params)
    case_clause, case_params = _in("case_id", cases)
    wanted |= _ids(store, f"SELECT id FROM r_hearing WHERE {case_clause}", case_params)
    for table in ("r_event", "r_task", "r_payment"):
        wanted |= _ids(store, f"SELECT id FROM {table} WHERE {case_clause} OR {clause}",
                       case_params + params)
    wanted -= _ids(store, "SELECT id FROM record WHERE local_only = 1")
    return _closed(store, wanted)


def _closed(store: RecordStore, ids: set[str]) -> set[str]:
    """Drop records that refer outside the set, until none does."""
    while True:
        outside = set()
        for spec in SPECS.values():
            refs = [f for f in spec.fields if f.ref]
            if not refs:
                continue
            cols = ", ".join(f"t.{quote(f.name)}" for f in refs)
            clause, params = _in("t.id", ids)
            for row in store.db.execute(f"SELECT t.id, {cols} FROM {spec.table} t WHERE "
                                        f"{clause}", params):
                for f, value in zip(refs, row[1:], strict=True):
                    targets = json.loads(value or "[]") if f.kind is Kind.REFLIST else (
                        [value] if value else [])
                    if any(t not in ids for t in targets):
                        outside.add(row[0])
        if not outside:
            return ids
        ids = ids - outside
