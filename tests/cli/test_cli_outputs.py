"""Outputs never land inside a vault folder and never replace a device or FIFO
(issue 20, item 5): every command that writes a file a person names, through the real CLI."""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from casefile.atomicfile import is_vault_folder, write_atomic
from casefile.domain.errors import CasefileError
from casefile.services.records.session import Session
from tests.conftest import PASSPHRASE, tree_bytes


@pytest.fixture
def filled(initialised: Path, tmp_path: Path) -> dict[str, str]:
    """A vault with a letter, a case with a hearing, a contact, a payment, an attachment and a
    trusted coordinator who is shared everything: something for every output command."""
    from casefile.sync.identity import Identity

    scan = tmp_path / "scan.txt"
    scan.write_bytes(b"scan of a letter")
    with Session.open(initialised, PASSPHRASE) as s:
        person = s.add("person", {"full_name": "Пётр Орлов"})
        letter = s.add("letter", {"person_id": person["id"], "body": "Здравствуй"})
        case = s.add("case", {"title": "Дело Орлова", "person_ids": [person["id"]]})
        s.add("hearing", {"case_id": case["id"], "starts_at": "2026-12-01T10:00:00+05:00"})
        s.add("contact", {"full_name": "Адвокат Иванов", "role": "lawyer"})
        s.add("payment", {"amount": "100", "person_id": person["id"]})
        att = s.attach("letter", letter["id"], scan)
    other = Identity.generate().public
    return {"letter": letter["id"], "case": case["id"], "person": person["id"],
            "attachment": att.id, "peer": json.dumps(other.as_dict())}


def output_commands(ids: dict[str, str]) -> list[list[str]]:
    return [
        ["attachment", "get", ids["attachment"], "-o"],
        ["print", "letter", ids["letter"], "-o"],
        ["print", "case", ids["case"], "-o"],
        ["export", "--yes", "-o"],
        ["calendar", "--yes", "-o"],
        ["vcard", "export", "--yes", "-o"],
        ["money", "--person", ids["person"], "--yes", "-o"],
        ["backup", "-o"],
        ["bundle", "export", "--to", "Boris", "-o"],
        ["recovery", "new", "--sheet"],
    ]


def _trust(cli: Callable[..., object], ids: dict[str, str]) -> None:
    assert cli("contact-key", "add", "Boris", ids["peer"]).code == 0  # type: ignore[attr-defined]
    assert cli("share", "Boris", "--all").code == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["vault.db", "header.json", "vault.lock", "notes.pdf"])
def test_no_output_command_writes_inside_the_open_vault(cli, initialised: Path,
                                                         filled: dict[str, str],
                                                         name: str) -> None:
    _trust(cli, filled)
    target = initialised / name
    for argv in output_commands(filled):
        before = tree_bytes(initialised)
        result = cli(*argv, str(target))
        assert result.code == 1, (argv, result.err)
        assert "inside the vault folder" in result.err, (argv, result.err)
        assert len(result.err.strip().splitlines()) <= 2, result.err  # a warning, the error
        assert tree_bytes(initialised) == before, argv
        assert cli("check").code == 0, argv


def test_no_output_lands_in_another_vault_or_through_a_link(cli, initialised: Path,
                                                             filled: dict[str, str],
                                                             tmp_path: Path) -> None:
    """Any vault folder, known by its files, even a closed or damaged one; a link into one or
    a path through ``..`` are refused too."""
    other = tmp_path / "other.casefile"
    Session.create(other, "another passphrase", 0.05).close()
    (other / "vault.db").unlink()  # damaged, yet still a vault folder (its header says so)
    assert is_vault_folder(other)
    link = tmp_path / "innocent.pdf"
    link.symlink_to(initialised / "vault.db")
    _trust(cli, filled)
    before = tree_bytes(initialised), tree_bytes(other)
    for argv in output_commands(filled):
        for target in (other / "header.json", other / "new.pdf", link,
                       tmp_path / "x" / ".." / initialised.name / "vault.db"):
            result = cli(*argv, str(target))
            assert result.code == 1, (argv, target, result.err)
    assert (tree_bytes(initialised), tree_bytes(other)) == before


def test_outputs_outside_a_vault_still_work(cli, initialised: Path, filled: dict[str, str],
                                            tmp_path: Path) -> None:
    _trust(cli, filled)
    out = tmp_path / "out"
    out.mkdir()
    (out / "header.json").write_text('{"some": "other program"}')  # not a vault's header
    for n, argv in enumerate(output_commands(filled)):
        result = cli(*argv, str(out / f"file{n}"))
        assert result.code == 0, (argv, result.err)
        assert (out / f"file{n}").stat().st_size > 0


def test_a_fifo_is_written_into_never_replaced(cli, initialised: Path, filled: dict[str, str],
                                               tmp_path: Path) -> None:
    """What `-o /dev/null` showed as root (the device node replaced by a file), on a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = cli("export", "--yes", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b"\xd0\x9f\xd1\x91\xd1\x82\xd1\x80" in got[0]  # "Пётр"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pipe.")]


def test_dev_null_stays_a_device(tmp_path: Path) -> None:
    """Writing to /dev/null opens it; the node is never replaced (safe to run: no root
    needed, and on a correct casefile nothing but a write happens)."""
    before = Path("/dev/null").stat()
    if not os.access("/dev/null", os.W_OK):
        pytest.skip("no /dev/null here")
    write_atomic(Path("/dev/null"), b"nothing")
    after = Path("/dev/null").stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match="folder"):
        write_atomic(tmp_path, b"x")
