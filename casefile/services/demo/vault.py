"""The demo vault: realistic sample data a newcomer can open at once."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.demo.data import DEMO_PASSPHRASE
from casefile.services.demo.records import demo_records
from casefile.services.records.session import Session
from casefile.vault.folder import is_vault

DEMO_KDF_SECONDS = 0.25  # the demo holds no secrets; opening it should be quick

__all__ = ["DEMO_PASSPHRASE", "create_demo"]


def create_demo(folder: Path, passphrase: str = DEMO_PASSPHRASE, *, force: bool = False,
                kdf_seconds: float = DEMO_KDF_SECONDS, today: date | None = None) -> Session:
    folder = Path(folder)
    if is_vault(folder):
        if not force:
            raise CasefileError(_("a vault already exists at {0} (use --force to replace it)")
                                .format(folder))
        shutil.rmtree(folder)
    session = Session.create(folder, passphrase, kdf_seconds)
    try:
        with session.vault.db.transaction():
            for record_type, data in demo_records(today or date.today()):
                session.add(record_type, data)
    except BaseException:
        session.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return session
