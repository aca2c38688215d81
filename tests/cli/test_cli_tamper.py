"""Tampering at rest that must never pass as a sound (or fresh) vault (issue 20, items 1, 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.services.session import Session
from tests.conftest import PASSPHRASE, tree_bytes

COMMANDS = [("check",), ("list", "person"), ("identity",), ("add", "person", "--data",
                                                             '{"full_name": "Новый"}'),
            ("search", "Орлов"), ("contact-key", "list")]


def _filled(folder: Path) -> str:
    with Session.open(folder, PASSPHRASE) as s:
        return s.add("person", {"full_name": "Пётр Орлов"})["id"]


def _emptied(db: Path) -> None:
    db.write_bytes(b"")


def _deleted(db: Path) -> None:
    db.unlink()


@pytest.mark.parametrize("damage", [_emptied, _deleted], ids=["emptied", "deleted"])
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
def test_an_emptied_or_missing_database_is_damaged_never_fresh(
        cli, initialised: Path, damage, argv: tuple[str, ...]) -> None:
    _filled(initialised)
    damage(initialised / "vault.db")
    before = tree_bytes(initialised)
    result = cli(*argv)
    assert result.code == 3, result.err
    assert "damaged" in result.err
    assert result.err.strip().splitlines()[-1].startswith("casefile: error: ")
    assert tree_bytes(initialised) == before  # no fresh schema written into it


@pytest.mark.parametrize("sql", [
    "DELETE FROM meta WHERE key = 'origin'",
    "DELETE FROM identity",
    "PRAGMA user_version = 0",
    "DROP TABLE tombstone",
], ids=["origin", "identity", "schema-version", "table"])
def test_a_database_that_lost_its_schema_or_identity_is_damaged(cli, initialised: Path,
                                                                 sql: str) -> None:
    """What an older or swapped database (made with the same key) could look like."""
    _filled(initialised)
    cli("contact-key", "list")
    with Session.open(initialised, PASSPHRASE) as s:
        s.vault.db.execute("PRAGMA foreign_keys = OFF")
        s.vault.db.execute(sql)
    for argv in (("check",), ("identity",), ("list", "person")):
        result = cli(*argv)
        assert result.code == 3, (argv, result.err)
        assert "damaged" in result.err



def _crashed_with_wal(folder: Path, writes: int) -> bytes:
    """A session that committed ``writes`` people and then died (no checkpoint, no clean
    close): what a seized, running laptop's disk holds. Returns the WAL's bytes."""
    import subprocess
    import sys

    script = f"""
import os
from casefile.services.session import Session
s = Session.open({str(folder)!r}, {PASSPHRASE!r})
s.vault.db.execute("PRAGMA wal_autocheckpoint = 0")
for n in range({writes}):
    s.add("person", {{"full_name": f"Человек {{n}}"}})
os._exit(0)
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    return (folder / "vault.db-wal").read_bytes()


def test_a_wal_left_by_a_crash_opens_with_every_commit(cli, initialised: Path) -> None:
    wal = _crashed_with_wal(initialised, 5)
    assert len(wal) > 32
    result = cli("list", "person", "--json")
    assert result.code == 0, result.err
    assert len(result.json()) == 5
    assert cli("check").code == 0


@pytest.mark.parametrize("where", [0.1, 0.3, 0.5])
def test_a_byte_flipped_in_the_wal_is_damage_not_lost_writes(cli, initialised: Path,
                                                              where: float) -> None:
    """Before: SQLite replayed the WAL up to the flipped frame and dropped every later commit
    without a word (check said ok, people were gone)."""
    wal = bytearray(_crashed_with_wal(initialised, 8))
    pos = 32 + int((len(wal) - 32) * where)
    wal[pos] ^= 0x40
    (initialised / "vault.db-wal").write_bytes(bytes(wal))
    for argv in (("check",), ("list", "person")):
        result = cli(*argv)
        assert result.code == 3, (argv, result.err)
        assert "write-ahead log" in result.err
