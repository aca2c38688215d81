"""The panic key's one choice: whether it also destroys the vault.

The choice is a setting of this vault on this device (``local:panic_destroys`` in the
encrypted meta table). Turning it on needs the passphrase; at panic time nothing is asked:
the window holds in memory which vault it destroys, read while the vault was open, and
crypto-erases it exactly as ``destroy`` does (``services.recovery.destroy_folder``).
"""

from __future__ import annotations

from pathlib import Path

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.vault.folder import read_header

SETTING = "panic_destroys"


def panic_destroys(session: Session) -> bool:
    """True when the panic key is set to destroy this vault too."""
    return session.vault.local_setting(SETTING) == "1"


def is_the_passphrase(folder: Path, passphrase: str) -> bool:
    """Whether ``passphrase`` is the vault's passphrase (one Argon2id derivation: slow).

    Unlike an unlock it counts no failure and never sets off a duress passphrase: typed
    here, the duress passphrase is simply not the passphrase."""
    opened = read_header(Path(folder)).open(passphrase.encode("utf-8"))
    if opened is None:
        return False
    opened.key.wipe()
    opened.derived.wipe()
    return opened.kind == "passphrase"


def set_panic_destroys(session: Session, on: bool, passphrase: str = "") -> None:
    """Turn "the panic key destroys this vault" on (the passphrase must be given) or off."""
    if on and not is_the_passphrase(session.folder, passphrase):
        raise CasefileError(_("wrong passphrase"))
    session.vault.set_local_setting(SETTING, "1" if on else None)
