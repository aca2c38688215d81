"""The duress passphrase: typed at unlock, it destroys the real vault and opens a decoy.

Opt-in. ``set_duress`` makes a decoy vault (empty, or filled from a JSON Lines file of
innocuous records the person prepared) and keeps it as the vault's spare database, opened
by the duress passphrase through a key slot that looks like every other slot. Typed at any
unlock (window or command line), that passphrase crypto-erases the real key slots exactly as
``destroy`` does, puts the decoy in the real database's place and opens it: no message, no
delay beyond the swap, no different look (``vault.unlock.unlock``). From then on nothing
opens the real data and nothing on disk says a duress passphrase existed.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
from pathlib import Path

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.identity import identity
from casefile.services.records.session import Session
from casefile.vault.folder import DATABASE
from casefile.vault.keys import Secret
from casefile.vault.vault import Vault


def set_duress(session: Session, passphrase: str, records: Path | None = None) -> None:
    """Make (or replace) the duress passphrase and its decoy.

    ``records``: a JSON Lines file (as ``import`` reads) to fill the decoy with.
    """
    if not passphrase:
        raise CasefileError(_("the passphrase must not be empty"))
    folder = Path(session.folder)
    staging = folder / f".decoy-{secrets.token_hex(6)}"
    decoy_key = Secret.random()
    staging.mkdir(mode=0o700)
    try:
        with Session(Vault.create_keyed(staging, Secret(bytearray(decoy_key.bytes())))) as decoy:
            identity(decoy)  # an ordinary vault has its keys, as a new one does
            if records is not None:
                from casefile.services.records.transfer import import_jsonl  # noqa: PLC0415

                import_jsonl(decoy, Path(records))
        session.vault.set_duress(passphrase, staging / DATABASE, decoy_key)
    finally:
        decoy_key.wipe()
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(staging)


def duress_off(session: Session) -> None:
    """Drop the duress slot; the decoy is replaced by an empty database nobody can open."""
    session.vault.drop_slot("duress")


def has_duress(session: Session) -> bool:
    return session.vault.has_slot("duress")
