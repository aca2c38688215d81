"""Scheduled backups: due on time, the last N kept, and a restore identical to the vault."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from casefile.domain.errors import CasefileError
from casefile.domain.records import TYPES
from casefile.services.demo.vault import create_demo
from casefile.services.records.session import Session
from casefile.services.safety import backups
from casefile.vault.keys import MIN_KDF_SECONDS, WrongKeyError

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def snapshot(session: Session) -> dict[str, object]:
    """Every record of every type, each record's history and its attachments."""
    out: dict[str, object] = {}
    for record_type in TYPES:
        for record in session.list(record_type):
            rid = record["id"]
            files = [(a.filename, session.attachment(a.id)[1])
                     for a in session.attachments(rid)]
            out[rid] = (record, session.history(rid), files)
    return out


@pytest.fixture
def demo(tmp_path: Path) -> Session:
    session = create_demo(tmp_path / "demo.casefile", "demo pass", kdf_seconds=MIN_KDF_SECONDS,
                          today=T0.date())
    person = session.list("person")[0]
    session.edit("person", person["id"], {"notes": "правка для истории"})
    session.attach_bytes(person["id"], "скан.txt", "вложение".encode())
    yield session
    session.close()


def test_a_scheduled_backup_restores_to_an_identical_vault(demo: Session,
                                                           tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    backups.set_policy(demo, backups.BackupPolicy(str(stick), keep=3, every_days=1))
    made = backups.run_if_due(demo, T0)
    assert made is not None and made.parent == stick
    before = snapshot(demo)
    with backups.restore(made, tmp_path / "restored.casefile", "demo pass") as restored:
        assert snapshot(restored) == before
        assert restored.check() == []


def test_the_schedule_runs_when_due_and_keeps_the_last_n(demo: Session, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    (stick / "holiday-photos.jpg").write_bytes(b"not ours")
    backups.set_policy(demo, backups.BackupPolicy(str(stick), keep=2, every_days=2))
    assert backups.is_due(demo, T0)
    first = backups.run_if_due(demo, T0)
    assert backups.run_if_due(demo, T0 + timedelta(days=1)) is None  # not yet due
    second = backups.run_if_due(demo, T0 + timedelta(days=2))
    third = backups.run_if_due(demo, T0 + timedelta(days=4))
    kept = backups.backups_in(stick)
    assert kept == [second, third]
    assert first is not None and not first.exists()
    assert (stick / "holiday-photos.jpg").exists()  # only our own files are pruned
    assert backups.last_backup(demo) == T0 + timedelta(days=4)


def test_the_schedule_lives_encrypted_in_the_vault(demo: Session, tmp_path: Path) -> None:
    stick = tmp_path / "usb-флешка"
    stick.mkdir()
    backups.set_policy(demo, backups.BackupPolicy(str(stick), keep=5, every_days=7))
    folder = demo.folder
    demo.close()
    with Session.open(folder, "demo pass") as again:
        assert backups.policy(again) == backups.BackupPolicy(str(stick), 5, 7)
        backups.set_policy(again, None)
        assert backups.policy(again) is None and not backups.is_due(again, T0)
    for path in folder.iterdir():
        assert "флешка".encode() not in path.read_bytes()


@pytest.mark.parametrize(("policy", "message"), [
    (backups.BackupPolicy("", 3, 1), "choose a folder"),
    (backups.BackupPolicy("/x", 0, 1), "keep from 1"),
    (backups.BackupPolicy("/x", 3, 0), "every 1 to"),
])
def test_bad_policies_are_named(demo: Session, policy: backups.BackupPolicy,
                                message: str) -> None:
    with pytest.raises(CasefileError, match=message):
        backups.set_policy(demo, policy)
    assert backups.policy(demo) is None


def test_backups_inside_the_vault_are_refused(demo: Session) -> None:
    with pytest.raises(CasefileError, match="inside the vault"):
        backups.set_policy(demo, backups.BackupPolicy(str(demo.folder / "b")))


def test_a_missing_stick_is_a_clear_message(demo: Session, tmp_path: Path) -> None:
    backups.set_policy(demo, backups.BackupPolicy(str(tmp_path / "gone")))
    with pytest.raises(CasefileError, match="USB stick"):
        backups.run_if_due(demo, T0)
    assert backups.last_backup(demo) is None


def test_restore_checks_before_anything_is_written(demo: Session, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    backups.set_policy(demo, backups.BackupPolicy(str(stick)))
    made = backups.back_up_now(demo, T0)
    target = tmp_path / "restored.casefile"
    with pytest.raises(WrongKeyError):
        backups.restore(made, target, "not the passphrase")
    assert not target.exists() and [p.name for p in tmp_path.iterdir()
                                     if p.name.startswith(".restored")] == []
    junk = tmp_path / "junk.cfbackup"
    junk.write_bytes(b"hello")
    with pytest.raises(CasefileError, match="not a casefile backup"):
        backups.check_backup(junk)


def test_the_command_line_sets_and_runs_the_schedule(tmp_path: Path) -> None:
    from casefile.cli import main

    folder, stick = tmp_path / "v.casefile", tmp_path / "usb"
    stick.mkdir()
    Session.create(folder, "pw", MIN_KDF_SECONDS).close()
    base = ["--vault", str(folder), "--passphrase-file", str(tmp_path / "pw.txt")]
    (tmp_path / "pw.txt").write_text("pw\n", encoding="utf-8")
    assert main([*base, "backup", "--schedule", str(stick), "--keep", "2"]) == 0
    assert main([*base, "backup", "--if-due"]) == 0
    assert main([*base, "backup", "--if-due"]) == 0  # made a moment ago: not due again
    assert len(backups.backups_in(stick)) == 1
    assert main([*base, "backup", "--schedule", "off"]) == 0
    with Session.open(folder, "pw") as session:
        assert backups.policy(session) is None
    assert main([*base, "backup"]) == 1  # neither -o, --schedule nor --if-due
