"""The contract's "Vault" commands: init, check, passwd, backup, restore, and their failures."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.services.records.session import Session
from casefile.vault.keys import MIN_KDF_SECONDS
from casefile.vault.lockfile import VaultBusyError
from tests.conftest import PASSPHRASE, tree_bytes


def test_init_creates_vault_and_parent_folders(cli, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "v.casefile"
    result = cli("--vault", str(target), "init", "--kdf-seconds", str(MIN_KDF_SECONDS))
    assert result.code == 0, result.err
    assert result.out == ""  # quiet on success
    assert sorted(p.name for p in target.iterdir()) == ["header.json", "spare.db", "vault.db",
                                                        "vault.lock"]
    for p in target.iterdir():
        assert p.stat().st_mode & 0o077 == 0, p


def test_a_weak_passphrase_is_said_to_be_weak(cli, tmp_path: Path) -> None:
    weak = cli("--vault", str(tmp_path / "weak.casefile"), "init", "--kdf-seconds",
               str(MIN_KDF_SECONDS), passphrase="Кагарлицкий1958")
    assert weak.code == 0  # set all the same: a script is not stopped
    assert weak.err.startswith("casefile: warning: Weak passphrase: a lab with the seized disk")
    assert "It contains a year." in weak.err
    strong = cli("--vault", str(tmp_path / "strong.casefile"), "init", "--kdf-seconds",
                 str(MIN_KDF_SECONDS), passphrase="лампа окно river кошка")
    assert strong.code == 0 and strong.err == ""
    changed = cli("--vault", str(tmp_path / "strong.casefile"), "passwd",
                  passphrase="лампа окно river кошка", env={"CASEFILE_NEW_PASSPHRASE": "qwerty"})
    assert changed.code == 0 and "Weak passphrase" in changed.err


def test_init_refuses_existing_vault(cli, initialised: Path) -> None:
    before = tree_bytes(initialised)
    result = cli("init", "--kdf-seconds", str(MIN_KDF_SECONDS))
    assert result.code == 1
    assert result.err.startswith("casefile: error: ")
    assert "already exists" in result.err
    assert tree_bytes(initialised) == before


def test_init_rejects_kdf_below_floor(cli, vault_dir: Path) -> None:
    result = cli("init", "--kdf-seconds", "0.001")
    assert result.code == 2
    assert not vault_dir.exists()


def test_kdf_floor_is_stated_in_help(capsys) -> None:
    from casefile.cli.parser import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["init", "--help"])
    assert str(MIN_KDF_SECONDS) in capsys.readouterr().out


def test_header_records_calibrated_kdf(initialised: Path) -> None:
    header = json.loads((initialised / "header.json").read_text())
    assert header["kdf"]["algorithm"] == "argon2id"
    assert header["kdf"]["memory_kib"] >= 8192 and header["kdf"]["iterations"] >= 1
    assert all("kind" not in slot for slot in header["slots"])


def test_wrong_passphrase_is_exit_1_with_clear_message(cli, initialised: Path) -> None:
    result = cli("list", "person", passphrase="not the passphrase")
    assert result.code == 1
    assert result.err.strip() == "casefile: error: wrong passphrase"


def test_missing_passphrase_without_terminal_is_named(cli, initialised: Path) -> None:
    result = cli("list", "person", passphrase=None)
    assert result.code == 1
    assert "CASEFILE_PASSPHRASE" in result.err


def test_passphrase_file_first_line(cli, initialised: Path, tmp_path: Path) -> None:
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSPHRASE + "\nsecond line ignored\n")
    result = cli("--passphrase-file", str(pw), "list", "person", passphrase=None)
    assert result.code == 0, result.err


def test_damaged_header_is_told_apart_from_wrong_passphrase(cli, initialised: Path) -> None:
    header = initialised / "header.json"
    data = bytearray(header.read_bytes())
    i = data.index(b'"ciphertext": "') + 20
    data[i] = ord("A") if data[i] != ord("A") else ord("B")
    header.write_bytes(bytes(data))
    result = cli("list", "person")
    assert result.code == 3
    assert "header is damaged" in result.err


def test_plain_sqlite_cannot_open_the_database(initialised: Path) -> None:
    con = sqlite3.connect(initialised / "vault.db")
    with pytest.raises(sqlite3.DatabaseError):
        con.execute("SELECT * FROM sqlite_master").fetchall()
    con.close()
    assert not (initialised / "vault.db").read_bytes().startswith(b"SQLite format 3")


def test_check_passes_on_a_sound_vault(cli, initialised: Path) -> None:
    cli("add", "person", "--data", '{"full_name": "Иванов Иван"}')
    result = cli("check", "--json")
    assert result.code == 0
    assert result.json() == {"ok": True, "problems": []}


@pytest.mark.parametrize("where", [0.0, 0.01, 0.3, 0.5, 0.77, 0.999])
def test_flipped_byte_anywhere_makes_check_exit_3(cli, initialised: Path, where: float) -> None:
    with Session.open(initialised, PASSPHRASE) as s:
        person = s.add("person", {"full_name": "Пётр Орлов"})
        for _ in range(30):
            s.add("letter", {"person_id": person["id"], "body": "текст письма " * 50})
    db = initialised / "vault.db"
    data = bytearray(db.read_bytes())
    pos = min(len(data) - 1, int(len(data) * where))
    data[pos] ^= 0x01
    db.write_bytes(bytes(data))
    result = cli("check")
    assert result.code == 3, (pos, result.err)
    assert "integrity" in result.err or "damaged" in result.err


def test_passwd_changes_only_the_key_slot(cli, initialised: Path) -> None:
    with Session.open(initialised, PASSPHRASE) as s, s.vault.db.transaction():
        person = s.add("person", {"full_name": "Кагарлицкий Борис Юльевич"})
        for n in range(10_000):
            s.vault.records.add("letter", {"person_id": person["id"], "subject": f"№{n}",
                                           "direction": "out", "status": "sent"})
    db_before = (initialised / "vault.db").read_bytes()
    header_before = (initialised / "header.json").read_bytes()
    result = cli("passwd", env={"CASEFILE_NEW_PASSPHRASE": "a new passphrase"})
    assert result.code == 0, result.err
    db_after = (initialised / "vault.db").read_bytes()
    assert len(db_after) == len(db_before)
    pages = [i for i in range(0, len(db_after), 4096)
             if db_after[i:i + 4096] != db_before[i:i + 4096]]
    assert len(pages) <= 2, pages  # the generation's row (docs/vault-format.md), nothing else
    assert (initialised / "header.json").read_bytes() != header_before
    assert cli("list", "person").code == 1  # the old passphrase no longer opens it
    result = cli("list", "letter", "--limit", "1", "--json", passphrase="a new passphrase")
    assert result.code == 0 and len(result.json()) == 1
    assert cli("check", passphrase="a new passphrase").code == 0


def test_passwd_with_wrong_old_passphrase_changes_nothing(cli, initialised: Path) -> None:
    before = tree_bytes(initialised)
    result = cli("passwd", passphrase="wrong", env={"CASEFILE_NEW_PASSPHRASE": "x"})
    assert result.code == 1
    assert tree_bytes(initialised) == before


def test_backup_and_restore_round_trip(cli, initialised: Path, tmp_path: Path) -> None:
    person = cli("add", "person", "--data", '{"full_name": "Семён Ёлкин", "notes": "заметка"}')
    backup = tmp_path / "copy.cfbackup"
    assert cli("backup", "-o", str(backup)).code == 0
    assert b"\xd0\xa1\xd0\xb5\xd0\xbc" not in backup.read_bytes()  # "Сем" in UTF-8
    restored = tmp_path / "restored.casefile"
    result = cli("--vault", str(restored), "restore", str(backup))
    assert result.code == 0, result.err
    got = cli("--vault", str(restored), "get", "person", person.out.strip(), "--json").json()
    assert got["full_name"] == "Семён Ёлкин" and got["notes"] == "заметка"
    assert cli("--vault", str(restored), "check").code == 0


def test_restore_refuses_to_overwrite(cli, initialised: Path, tmp_path: Path) -> None:
    backup = tmp_path / "copy.cfbackup"
    assert cli("backup", "-o", str(backup)).code == 0
    before = tree_bytes(initialised)
    result = cli("restore", str(backup))
    assert result.code == 1 and "will not overwrite" in result.err
    assert tree_bytes(initialised) == before


def test_restore_with_wrong_passphrase_leaves_nothing(cli, initialised: Path,
                                                      tmp_path: Path) -> None:
    backup = tmp_path / "copy.cfbackup"
    assert cli("backup", "-o", str(backup)).code == 0
    target = tmp_path / "r.casefile"
    result = cli("--vault", str(target), "restore", str(backup), passphrase="nope")
    assert result.code == 1 and "wrong passphrase" in result.err
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.casefile")] == []


def test_restore_of_a_damaged_backup_is_refused(cli, initialised: Path, tmp_path: Path) -> None:
    backup = tmp_path / "copy.cfbackup"
    assert cli("backup", "-o", str(backup)).code == 0
    data = bytearray(backup.read_bytes())
    data[-5000] ^= 0xFF
    backup.write_bytes(bytes(data))
    target = tmp_path / "r.casefile"
    result = cli("--vault", str(target), "restore", str(backup))
    assert result.code == 3
    assert not target.exists()


def test_second_open_fails_at_once(initialised: Path) -> None:
    with Session.open(initialised, PASSPHRASE), pytest.raises(VaultBusyError, match="another"):
        Session.open(initialised, PASSPHRASE)


def test_second_process_is_refused_while_open(initialised: Path) -> None:
    with Session.open(initialised, PASSPHRASE):
        proc = subprocess.run(
            [sys.executable, "-m", "casefile.cli", "--vault", str(initialised), "list", "person"],
            env={"CASEFILE_PASSPHRASE": PASSPHRASE, "PATH": "/usr/bin:/bin",
                 "CASEFILE_LANG": "en"},
            capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "casefile: error: vault is open in another casefile"


def test_wal_is_folded_back_on_close(cli, initialised: Path) -> None:
    assert cli("add", "person", "--data", '{"full_name": "Орлов"}').code == 0
    wal = initialised / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_version_flag(capsys) -> None:
    from casefile import __version__
    from casefile.cli import main

    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out
