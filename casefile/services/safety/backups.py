"""Scheduled encrypted backups to a folder the person chose (a USB stick), keeping the last N.

The schedule is a setting of this vault on this device, kept encrypted inside the vault. Each
backup is the single-file encrypted copy of ``casefile backup`` (casefile.vault.backup), named
by its time only, so a folder of them names no vault and no person.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.exchange.signing import renew_origin
from casefile.services.records.session import Session
from casefile.vault.backup import read_backup_header, restore_backup
from casefile.vault.vault import Vault

POLICY_KEY = "backup_policy"
LAST_KEY = "backup_last"
PREFIX = "casefile-backup-"
SUFFIX = ".cfbackup"
_NAME = re.compile(rf"^{PREFIX}(\d{{8}}-\d{{6}})(?:-\d+)?{re.escape(SUFFIX)}$")
MAX_KEEP = 100
MAX_EVERY_DAYS = 365


@dataclass(frozen=True)
class BackupPolicy:
    folder: str
    keep: int = 7
    every_days: int = 1

    def validate(self) -> BackupPolicy:
        if not self.folder:
            raise CasefileError(_("choose a folder for the backups"))
        if not 1 <= self.keep <= MAX_KEEP:
            raise CasefileError(_("keep from 1 to {0} backups").format(MAX_KEEP))
        if not 1 <= self.every_days <= MAX_EVERY_DAYS:
            raise CasefileError(_("back up every 1 to {0} days").format(MAX_EVERY_DAYS))
        return self


def policy(session: Session) -> BackupPolicy | None:
    raw = session.vault.local_setting(POLICY_KEY)
    if not raw:
        return None
    try:
        return BackupPolicy(**json.loads(raw)).validate()
    except (TypeError, ValueError, CasefileError):
        return None  # a setting from a newer casefile: treat as no schedule, never crash


def set_policy(session: Session, new: BackupPolicy | None) -> None:
    """Turn the schedule on (checked first) or off (None)."""
    if new is not None:
        new.validate()
        folder = Path(new.folder).expanduser()
        if folder.resolve().is_relative_to(session.folder.resolve()):
            raise CasefileError(_("backups cannot be kept inside the vault folder"))
        new = BackupPolicy(str(folder), new.keep, new.every_days)
    session.vault.set_local_setting(POLICY_KEY, json.dumps(asdict(new)) if new else None)


def last_backup(session: Session) -> datetime | None:
    raw = session.vault.local_setting(LAST_KEY)
    try:
        return datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def is_due(session: Session, now: datetime | None = None) -> bool:
    current = policy(session)
    if current is None:
        return False
    last = last_backup(session)
    now = now or datetime.now(UTC)
    # A clock set back (last in the future) counts as due: better one backup too many.
    return last is None or last > now or now - last >= timedelta(days=current.every_days)


def backups_in(folder: Path) -> list[Path]:
    """The scheduled backups in a folder, oldest first (by the time in their names)."""
    try:
        found = [p for p in Path(folder).iterdir() if _NAME.match(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name)


def _target(folder: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{PREFIX}{stamp}-{n}{SUFFIX}"
    return target


def back_up_now(session: Session, now: datetime | None = None) -> Path:
    """Write a backup to the scheduled folder, then delete the oldest beyond ``keep``."""
    current = policy(session)
    if current is None:
        raise CasefileError(_("no backup folder is set for this vault"))
    now = now or datetime.now(UTC)
    folder = Path(current.folder)
    if not folder.is_dir():
        raise CasefileError(_("the backup folder {0} is not there (is the USB stick in?)")
                            .format(folder))
    target = _target(folder, now)
    session.backup(target)
    session.vault.set_local_setting(LAST_KEY, now.astimezone(UTC).isoformat())
    for old in backups_in(folder)[:-current.keep]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    return target


def run_if_due(session: Session, now: datetime | None = None) -> Path | None:
    """The schedule's tick: a backup when one is due, else nothing."""
    return back_up_now(session, now) if is_due(session, now) else None


def check_backup(source: Path) -> None:
    """A quick look before any work: is this a casefile backup at all? (Raises if not.)"""
    read_backup_header(Path(source))


def restore_into(source: Path, folder: Path, passphrase: str) -> None:
    """Restore into a new vault folder, never over an existing one.

    The backup is unpacked beside the target, opened with the passphrase and integrity-checked
    before it is renamed into place: a wrong passphrase or a damaged file changes nothing.
    """
    # A new origin before the vault is in place: it may have sent writes after this backup
    # was made, and must never number new ones as those were (docs/bundle-format.md).
    restore_backup(Path(source), Path(folder), passphrase, prepare=_new_origin)


def _new_origin(vault: Vault) -> None:
    renew_origin(vault.records)


def restore(source: Path, folder: Path, passphrase: str) -> Session:
    """``restore_into``, then open the restored vault."""
    restore_into(source, folder, passphrase)
    return Session.open(Path(folder), passphrase)
