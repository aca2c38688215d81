"""The full-text index merges a few pages in every write, and a level may hold
searchindex.CRISIS_MERGE segments: no write rewrites the whole index (schema 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.services.records.session import Session
from casefile.vault import searchindex
from casefile.vault.migrations import LATEST
from tests.conftest import PASSPHRASE
from tests.vault.test_migrations import make_schema_1_vault


def _crisis_merge(session: Session) -> int:
    row = session.vault.db.execute("SELECT v FROM search_config WHERE k = 'crisismerge'")
    return int(row.fetchone()[0])


def _segments(session: Session) -> int:
    # An FTS5 segment's pages have rowids (segment id << 37) + page in search_data.
    return int(session.vault.db.execute(
        "SELECT count(DISTINCT id >> 37) FROM search_data WHERE id >= 1 << 37").fetchone()[0])


def test_a_new_vault_sets_the_crisis_merge(session: Session) -> None:
    assert searchindex.CRISIS_MERGE > 16  # FTS5's default, which rewrote the whole index
    assert _crisis_merge(session) == searchindex.CRISIS_MERGE


def test_an_upgraded_vault_sets_it_too(tmp_path: Path) -> None:
    folder = tmp_path / "old.casefile"
    make_schema_1_vault(folder)
    with Session.open(folder, PASSPHRASE) as s:
        assert s.vault.db.schema_version == LATEST
        assert _crisis_merge(s) == searchindex.CRISIS_MERGE
        # Schema 16, as casefile left it before: FTS5's defaults.
        with s.vault.db.transaction() as conn:
            conn.execute("DELETE FROM search_config WHERE k = 'crisismerge'")
            conn.execute("PRAGMA user_version = 16")
    with Session.open(folder, PASSPHRASE) as s:
        assert s.vault.db.schema_version == LATEST == 17
        assert _crisis_merge(s) == searchindex.CRISIS_MERGE


@pytest.mark.parametrize("steps", [True, False])
def test_every_write_steps_the_merge(session: Session, steps: bool) -> None:
    db = session.vault.db
    with db.transaction() as conn:  # FTS5's own merging off: only the writes' steps merge
        conn.execute("INSERT INTO search(search, rank) VALUES ('automerge', 0)")
    db.merges_index = steps
    people = [session.add("person", {"full_name": f"Иванов {n}"})["id"] for n in range(10)]
    # Each write leaves a segment; a step merges a level once it holds four.
    assert _segments(session) == (1 if steps else 10)
    assert sorted(h.id for h in session.search("Иванов", limit=20)) == sorted(people)
