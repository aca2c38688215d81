"""Replicas converge in whatever order writes arrive; concurrent edits conflict, others don't."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.domain.errors import CasefileError
from casefile.domain.validate import validate
from casefile.vault.keys import Secret
from casefile.vault.merge import apply_writes, conflicts_of, version_vector, writes_after
from casefile.vault.vault import Vault

TASKS = [f"00000000-0000-4000-8000-00000000000{i}" for i in range(3)]


def replica(folder: Path, origin: str) -> Vault:
    folder.mkdir()
    vault = Vault(folder, Secret.random(), create=True)
    with vault.db.transaction() as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('origin', ?)", (origin,))
    return vault


@contextlib.contextmanager
def replicas(n: int) -> Iterator[list[Vault]]:
    root = Path(tempfile.mkdtemp(prefix="casefile-merge-"))
    vaults = [replica(root / f"r{i}", f"origin{i}") for i in range(n)]
    try:
        yield vaults
    finally:
        for v in vaults:
            v.close()
        shutil.rmtree(root, ignore_errors=True)


def send(src: Vault, dst: Vault, pick: list[int] | None = None) -> None:
    writes = writes_after(src.records, {})
    if pick is not None:  # a lost, duplicated or reordered bundle
        writes = [writes[i % len(writes)] for i in pick] if writes else []
    with dst.db.transaction():
        apply_writes(dst.records, writes)


def state(v: Vault) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for record_type in ("task", "person"):
        for record in v.records.list(record_type):
            tags = json.loads(v.db.execute("SELECT tags FROM record WHERE id = ?",
                                           (record["id"],)).fetchone()[0])
            shown = {k: val for k, val in record.items() if k not in ("created_at", "updated_at")}
            out[record["id"]] = (shown, {k: sorted(map(tuple, t)) for k, t in tags.items()},
                                 conflicts_of(v.records, record["id"]))
    gone = {row[0] for row in v.db.execute("SELECT id FROM tombstone")}
    return {"live": out, "gone": sorted(gone - set(out))}


def edit(v: Vault, record_id: str, title: str) -> None:
    with contextlib.suppress(CasefileError):
        v.records.edit("task", record_id, validate("task", {"title": title}, partial=True))


def delete(v: Vault, record_id: str) -> None:
    with contextlib.suppress(CasefileError):
        v.records.delete("task", record_id)


op = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 2), st.text("abc", min_size=1,
                                                                           max_size=3)),
    st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("send"), st.integers(0, 2), st.integers(0, 2),
              st.lists(st.integers(0, 50), max_size=12)),
    st.tuples(st.just("clock_back"), st.integers(0, 2)),
)
EXAMPLES = int(os.environ.get("CASEFILE_MERGE_EXAMPLES", "40"))


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(op, max_size=25))
def test_replicas_converge(ops: list[tuple]) -> None:
    with replicas(3) as vs:
        for i, task_id in enumerate(TASKS):
            vs[0].records.add("task", validate("task", {"title": f"t{i}"}), record_id=task_id)
        for v in vs[1:]:
            send(vs[0], v)
        for step in ops:
            kind, a = step[0], vs[step[1]]
            if kind == "edit":
                edit(a, TASKS[step[2]], step[3])
            elif kind == "delete":
                delete(a, TASKS[step[2]])
            elif kind == "send":
                send(a, vs[step[2]], step[3])
            else:  # the wall clock jumps a day backwards on this replica
                back = a.records.clock.wall_ms() - 86_400_000
                a.records.clock.wall_ms = lambda back=back: back
        for _ in range(2):  # everyone hears everything, in both directions
            for src in vs:
                for dst in vs:
                    if src is not dst:
                        send(src, dst)
        states = [state(v) for v in vs]
        assert states[0] == states[1] == states[2]
        assert version_vector(vs[0].records) == version_vector(vs[1].records)


def test_concurrent_edits_conflict_and_sequential_do_not() -> None:
    with replicas(2) as (a, b):
        a.records.add("task", validate("task", {"title": "x"}), record_id=TASKS[0])
        send(a, b)
        edit(a, TASKS[0], "from A")
        edit(b, TASKS[0], "from B")  # neither has seen the other's edit
        send(a, b)
        send(b, a)
        assert conflicts_of(a.records, TASKS[0]) == ["title"]
        assert conflicts_of(b.records, TASKS[0]) == ["title"]
        shown = a.records.get("task", TASKS[0])["title"]
        assert shown == b.records.get("task", TASKS[0])["title"]  # newest clock, both sides
        # Resolving is a write that replaces both; once exchanged, the conflict is gone.
        a.records.edit("task", TASKS[0], {"title": "agreed"}, force=True)
        send(a, b)
        assert conflicts_of(b.records, TASKS[0]) == []
        assert b.records.get("task", TASKS[0])["title"] == "agreed"
        # Sequential edits: B edits after seeing A's write; no conflict anywhere.
        edit(b, TASKS[0], "later")
        send(b, a)
        assert conflicts_of(a.records, TASKS[0]) == []
        assert a.records.get("task", TASKS[0])["title"] == "later"


def test_delete_against_concurrent_edit_is_a_conflict() -> None:
    with replicas(2) as (a, b):
        a.records.add("task", validate("task", {"title": "x"}), record_id=TASKS[0])
        send(a, b)
        delete(a, TASKS[0])
        edit(b, TASKS[0], "still needed")
        send(a, b)
        send(b, a)
        for v in (a, b):
            assert v.records.get("task", TASKS[0])["title"] == "still needed"
            assert conflicts_of(v.records, TASKS[0]) == ["_deleted"]


def test_a_write_seen_twice_changes_nothing() -> None:
    with replicas(2) as (a, b):
        a.records.add("task", validate("task", {"title": "x"}), record_id=TASKS[0])
        send(a, b)
        before = state(b)
        with b.db.transaction():
            report = apply_writes(b.records, writes_after(a.records, {}))
        assert report.duplicates == 1 and report.added == 0
        assert state(b) == before


@pytest.mark.slow
def test_replicas_converge_many_examples() -> None:
    """The same property at 20,000 examples: pytest -m slow (or CASEFILE_MERGE_EXAMPLES)."""
    inner = test_replicas_converge.hypothesis.inner_test
    many = settings(max_examples=20_000, deadline=None)(inner)
    given(st.lists(op, max_size=25))(many)()


@pytest.mark.parametrize(("pick", "expected"), [([0, 1, 2, 3], 4), ([0, 2], 1), ([0, 1, 3], 2),
                                               ([1, 2], 0), ([], None)])
def test_the_version_vector_counts_only_an_unbroken_run_from_the_first_write(
        pick: list[int], expected: int | None) -> None:
    with replicas(2) as (a, b):
        for n in range(4):
            a.records.add("task", validate("task", {"title": f"t{n}"}))
        assert version_vector(a.records) == {"origin0": 4}
        send(a, b, pick)
        vector = version_vector(b.records)
        assert vector == ({} if expected is None else {"origin0": expected})
        b.records.add("task", validate("task", {"title": "b's own"}))
        assert version_vector(b.records)["origin1"] == 1
