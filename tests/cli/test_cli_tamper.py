"""Tampering at rest that must never pass as a sound (or fresh) vault (issue 20, items 1, 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.services.records.session import Session
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
from casefile.services.records.session import Session
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


# -- the generation: an older vault.db, a lost write-ahead log, an older header.json --------

def _names(cli) -> list[str]:
    result = cli("list", "person", "--json")
    assert result.code == 0, result.err
    return sorted(p["full_name"] for p in result.json())


def test_an_older_copy_of_the_database_put_back_is_refused(cli, initialised: Path,
                                                           tmp_path: Path) -> None:
    """Before: the older vault.db opened as sound under the current header (a deletion
    undone, a revoked contact back)."""
    _filled(initialised)
    old = tmp_path / "old-vault.db"
    old.write_bytes((initialised / "vault.db").read_bytes())
    assert cli("add", "person", "--data", '{"full_name": "Потом"}').code == 0
    (initialised / "vault.db").write_bytes(old.read_bytes())
    for argv in (("check",), ("list", "person")):
        result = cli(*argv)
        assert result.code == 3, (argv, result.err)
        assert "database is older than its header" in result.err


def test_a_write_ahead_log_deleted_after_a_crash_is_refused(cli, initialised: Path) -> None:
    """Before: the people saved before the crash were gone without a word."""
    _filled(initialised)
    _crashed_with_wal(initialised, 3)
    (initialised / "vault.db-wal").unlink()
    for argv in (("check",), ("list", "person")):
        result = cli(*argv)
        assert result.code == 3, (argv, result.err)
        assert "write-ahead log" in result.err and "older than its header" in result.err


def test_the_header_from_before_passwd_no_longer_opens(cli, initialised: Path) -> None:
    """Before: the old header.json put back let the old passphrase open current data."""
    _filled(initialised)
    old = (initialised / "header.json").read_bytes()
    changed = cli("passwd", env={"CASEFILE_NEW_PASSPHRASE": "a new passphrase"})
    assert changed.code == 0, changed.err
    assert cli("add", "person", "--data", '{"full_name": "После смены"}',
               passphrase="a new passphrase").code == 0
    (initialised / "header.json").write_bytes(old)
    for argv in (("check",), ("list", "person")):
        result = cli(*argv)  # the old passphrase
        assert result.code == 3, (argv, result.err)
        assert "header is older than its database" in result.err


def test_the_header_from_before_passwd_is_refused_even_with_no_write_since(
        cli, initialised: Path) -> None:
    _filled(initialised)
    old = (initialised / "header.json").read_bytes()
    assert cli("passwd", env={"CASEFILE_NEW_PASSPHRASE": "a new passphrase"}).code == 0
    (initialised / "header.json").write_bytes(old)
    result = cli("list", "person")
    assert result.code == 3 and "header is older" in result.err


def _killed_before_the_header_caught_up(folder: Path) -> None:
    """A real process that commits a person and is killed (SIGKILL) right after the COMMIT,
    before the header's generation is written."""
    import signal
    import subprocess
    import sys

    script = f"""
import os, signal
from casefile.vault import header
def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
header.write = killed
from casefile.services.records.session import Session
s = Session.open({str(folder)!r}, {PASSPHRASE!r})
s.add("person", {{"full_name": "Убит после сохранения"}})
"""
    done = subprocess.run([sys.executable, "-c", script], timeout=120, check=False,
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]


def test_a_crash_between_the_commit_and_the_header_write_opens_with_every_commit(
        cli, initialised: Path) -> None:
    _filled(initialised)
    _killed_before_the_header_caught_up(initialised)
    assert _names(cli) == ["Пётр Орлов", "Убит после сохранения"]
    assert cli("check").code == 0
    # and again: the header caught up, so a second crash in the same place is just as safe
    _killed_before_the_header_caught_up(initialised)
    assert len(_names(cli)) == 3
    assert cli("add", "person", "--data", '{"full_name": "Ещё"}').code == 0
    assert cli("check").code == 0


def test_many_sessions_backups_and_restores_keep_opening(cli, initialised: Path,
                                                         tmp_path: Path) -> None:
    for n in range(6):
        assert cli("add", "person", "--data", f'{{"full_name": "Человек {n}"}}').code == 0
        assert cli("list", "person").code == 0
    backup = tmp_path / "b.cfbackup"
    assert cli("backup", "-o", str(backup)).code == 0
    assert cli("add", "person", "--data", '{"full_name": "После копии"}').code == 0
    restored = tmp_path / "restored.casefile"
    assert cli("--vault", str(restored), "restore", str(backup)).code == 0
    for _ in range(3):
        assert cli("--vault", str(restored), "add", "person", "--data",
                   '{"full_name": "В копии"}').code == 0
        assert cli("--vault", str(restored), "check").code == 0
    assert len(_names(cli)) == 7 and cli("check").code == 0


def test_a_vault_without_a_generation_opens_and_starts_counting(cli, initialised: Path) -> None:
    """A vault made before the generation existed: a 40-byte directory, no meta row."""
    from casefile.vault import header as hdr
    from casefile.vault import keyslots
    from casefile.vault.db import Database
    from casefile.vault.folder import read_header
    from casefile.vault.unlock import unlock

    _filled(initialised)
    key = unlock(initialised, PASSPHRASE)
    header = read_header(initialised)
    directory = header.directory_of(key)
    plain = directory.to_bytes()[:-8]  # as an older casefile wrote it
    derived = keyslots.hkdf(key.bytes(), header.salt, b"casefile-directory-v2")
    header.directory = keyslots.Sealed.seal(derived, plain, header._aad("directory"))
    hdr.write(initialised / "header.json", header)
    db = Database(initialised / "vault.db", key)
    db.execute("DELETE FROM meta WHERE key = 'generation'")
    db.close()
    key.wipe()
    assert len(read_header(initialised).directory.ciphertext) == 40 + 16
    assert _names(cli) == ["Пётр Орлов"]
    assert cli("add", "person", "--data", '{"full_name": "Новый"}').code == 0
    assert len(read_header(initialised).directory.ciphertext) == 48 + 16
    assert cli("check").code == 0
