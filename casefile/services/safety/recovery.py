"""Keys that survive forgetting, and a vault that can be made unreadable at once.

The recovery code is 128 random bits written as 8 groups of 5 characters a person copies by
hand without mistakes (``casefile.domain.recoverycode``: each group carries a check, so a
miscopied group is named before any key is tried). It wraps the same data key as the
passphrase, in a slot of its own. Codes made before were 12 BIP-39 words of the same 128
bits: they still open their vaults, typed as words.
"""

from __future__ import annotations

from pathlib import Path

from mnemonic import Mnemonic

from casefile.domain import recoverycode
from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.vault.folder import crypto_erase, is_vault, read_header
from casefile.vault.folder import destroy_folder as _destroy_folder
from casefile.vault.unlock import set_destroy_after, unlock_with_recovery
from casefile.vault.vault import Vault

_WORDS = Mnemonic("english")  # codes made before the groups: 12 words, the same 128 bits
CODE_BYTES = recoverycode.CODE_BYTES


def code_bytes(text: str) -> bytes:
    """The 128 bits of a typed code: 8 groups (a mistake named by its group) or 12 words."""
    if not recoverycode.is_words(text):
        return recoverycode.decode(text)
    normalized = " ".join(text.lower().replace("-", " ").split())
    if len(normalized.split()) != 12 or not _WORDS.check(normalized):
        raise CasefileError(_("this is not a valid recovery code: check the 12 words"))
    return bytes(_WORDS.to_entropy(normalized))


def make_recovery_code() -> str:
    """A new code to show; it opens nothing until ``save_recovery_code``."""
    return recoverycode.generate()


def save_recovery_code(session: Session, code: str) -> None:
    """Make (or replace) the recovery slot with ``code``, shown to the person and never
    stored. From now on the old code, if any, opens nothing."""
    session.vault.set_recovery(recoverycode.decode(code))


def new_recovery_code(session: Session) -> str:
    """Make (or replace) the recovery slot at once; the code is shown once and never stored."""
    code = make_recovery_code()
    save_recovery_code(session, code)
    return code


def recover(folder: Path, code: str, new_passphrase: str,
            kdf_seconds: float | None = None) -> None:
    """Set a new passphrase with the recovery code instead of the old passphrase."""
    folder = Path(folder)
    if not is_vault(folder):
        raise CasefileError(_("no vault at {0}").format(folder))
    key = unlock_with_recovery(folder, code_bytes(code))
    with Session(Vault.open_with_key(folder, key)) as session:
        session.change_passphrase(new_passphrase, kdf_seconds)


def destroy_after_failed_unlocks(session: Session, count: int | None) -> None:
    """Opt in (a number, at least 3) or out (None) of destroying after failed unlocks."""
    if count is not None and not 3 <= count <= 100:
        raise CasefileError(_("the number of failed unlocks must be from 3 to 100"))
    set_destroy_after(session.folder, count)


def has_recovery_code(session: Session) -> bool:
    """Only the unlocked vault can tell: the header does not say which slot is which."""
    return session.vault.has_slot("recovery")


def failed_unlock_limit(folder: Path) -> int | None:
    """The opt-in "destroy after N wrong passphrases" setting, or None when it is off."""
    return read_header(Path(folder)).guard_state()[0]


def destroy_folder(folder: Path) -> None:
    """Crypto-erase and delete a vault whose passphrase was already checked."""
    _destroy_folder(Path(folder))


def destroy(folder: Path, passphrase: str) -> None:
    """Crypto-erase then delete, after the passphrase proves the person may."""
    folder = Path(folder)
    Session.open(folder, passphrase).close()
    _destroy_folder(folder)


__all__ = ["code_bytes", "crypto_erase", "destroy", "destroy_after_failed_unlocks",
           "destroy_folder", "failed_unlock_limit", "has_recovery_code", "make_recovery_code",
           "new_recovery_code", "recover", "save_recovery_code"]
