"""Applying a bundle's writes in batches makes the vault applying them one record at a time
makes: the same rows, numbers, full-text entries, waiting records, held writes and report.

Writes are generated directly over a few ids shared by three record types (so some are
refused for their type), with references that may not have arrived (waiting), writes that
did not see each other (conflicts), deletes (some blocked by referrers), writes dated far
ahead (held, then released when the clock moves on), duplicates and any arrival order.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.domain.records import SPECS
from casefile.vault import merge
from casefile.vault.clock import format_hlc
from casefile.vault.vault import Vault
from tests.vault.test_merge import replica

IDS = [f"00000000-0000-4000-8000-0000000000{i:02d}" for i in range(6)]
TYPES = ("facility", "person", "task")
ORIGINS = [f"{i:032x}" for i in range(1, 4)]
NOW_MS = 1_790_000_000_000  # the receivers' wall clock while the test runs
DAY_MS = 24 * 3600 * 1000

STEP = st.tuples(
    st.integers(0, 2),  # origin
    st.integers(0, 5),  # record id
    st.integers(0, 9),  # 9: the id's type is another (refused, or refusing the others)
    st.sampled_from(["put", "put", "put", "delete"]),
    st.integers(0, 7),  # which fields a put writes (bits: title/name, ref, notes)
    st.integers(0, 6),  # what the ref points at (6: nothing; mostly a record of its type)
    st.booleans(),  # saw the earlier writes (else concurrent: a conflict)
    st.booleans(),  # dated more than a day ahead (held)
)
EXAMPLES = int(os.environ.get("CASEFILE_MERGE_EXAMPLES", "40"))


def make_writes(steps: list[tuple]) -> list[dict[str, Any]]:
    seqs = dict.fromkeys(ORIGINS, 0)
    tags: dict[tuple[str, str], list[list[Any]]] = {}  # (id, field) -> [[origin, seq]]
    writes = []
    for n, (o, i, t, op, bits, ref, saw, future) in enumerate(steps):
        origin, record_id, record_type = ORIGINS[o], IDS[i], TYPES[(i + (t == 9)) % 3]
        seqs[origin] += 1
        if op == "delete":
            fields: dict[str, Any] = {"_deleted": True}
            replaces = {name: list(ts) for (rid, name), ts in tags.items() if rid == record_id}
        else:
            name = {"facility": "name", "person": "full_name", "task": "title"}[record_type]
            link = {"facility": None, "person": "facility_id", "task": "person_id"}[record_type]
            fields = {}
            if bits & 1:
                fields[name] = f"{record_type} {n}"
            if bits & 2 and link:
                target = {"facility_id": 0, "person_id": 1}[link]  # IDS[i]'s type is i % 3
                fields[link] = IDS[(ref // 2) * 3 + target if ref < 4 else ref] if ref < 6 \
                    else None
            if bits & 4 or not fields:
                fields["notes"] = f"заметка {n}"
            replaces = {k: list(tags.get((record_id, k), [])) if saw else [] for k in fields}
        wall = NOW_MS + (3 * DAY_MS if future else 0) + n
        writes.append({"origin": origin, "seq": seqs[origin], "hlc": format_hlc(wall, 0),
                       "record_id": record_id, "record_type": record_type, "op": op,
                       "fields": fields, "replaces": replaces})
        for k in fields:
            tags.setdefault((record_id, k), []).append([origin, seqs[origin]])
    return writes


def dump(v: Vault) -> dict[str, Any]:
    """Every row the apply writes, but the wall-clock stamps (created, updated, held, deleted)."""
    q = v.db.execute
    out: dict[str, Any] = {
        "record": q("SELECT n, id, type, local_only, tags FROM record ORDER BY n").fetchall(),
        "tombstone": q("SELECT id, type, origin, seq FROM tombstone ORDER BY id").fetchall(),
        "waiting": q("SELECT id, type FROM waiting_record ORDER BY id").fetchall(),
        "change": q("SELECT * FROM change ORDER BY origin, seq").fetchall(),
        "held": q("SELECT origin, seq, hlc, write, signature FROM held_write "
                  "ORDER BY origin, seq").fetchall(),
        "search": q("SELECT rowid, title, body, names FROM search ORDER BY rowid").fetchall(),
        "hlc": q("SELECT value FROM meta WHERE key = 'hlc'").fetchall(),
    }
    for record_type in TYPES:
        table = SPECS[record_type].table
        out[record_type] = q(f"SELECT * FROM {table} ORDER BY id").fetchall()
    return out


@contextlib.contextmanager
def two_vaults() -> Iterator[tuple[Vault, Vault]]:
    root = Path(tempfile.mkdtemp(prefix="casefile-batched-"))
    vaults = (replica(root / "batched", "f" * 32), replica(root / "single", "f" * 32))
    try:
        yield vaults
    finally:
        for v in vaults:
            v.close()
        shutil.rmtree(root, ignore_errors=True)


def apply(v: Vault, writes: list[dict[str, Any]], *, batched: bool) -> dict[str, Any]:
    with v.db.transaction():
        ready, held = merge.hold_future(v.records, writes, {})
        report = merge.apply_writes(v.records, ready, batched=batched)
    return {**asdict(report), "held": held}


@settings(max_examples=EXAMPLES, deadline=None)
@given(steps=st.lists(STEP, min_size=1, max_size=30),
       bundles=st.lists(st.tuples(st.lists(st.integers(0, 60), max_size=20), st.booleans()),
                        min_size=1, max_size=5))
def test_batched_apply_makes_the_vault_record_by_record_makes(
        steps: list[tuple], bundles: list[tuple[list[int], bool]]) -> None:
    writes = make_writes(steps)
    with two_vaults() as (batched, single), pytest.MonkeyPatch.context() as mp:
        wall = [NOW_MS]
        for v in (batched, single):
            mp.setattr(v.records.clock, "wall_ms", lambda: wall[0])
        for picks, later in bundles:
            if later:  # the clock moves on: writes held for now are released
                wall[0] += 4 * DAY_MS
            bundle = [writes[i % len(writes)] for i in picks]
            assert apply(batched, bundle, batched=True) == apply(single, bundle, batched=False)
            assert dump(batched) == dump(single)
        everything = apply(batched, writes, batched=True)
        assert everything == apply(single, writes, batched=False)
        assert dump(batched) == dump(single)
