"""'Remember on this device': a key slot whose key lives in the OS credential store.

The keyring holds a random 256-bit device key, never the passphrase. Anyone logged in as this
user (or malware running as them) can read it, which is why this is opt-in and off by
default. Only real credential stores are accepted: a plaintext-file backend (keyrings.alt),
``null`` or ``fail`` would turn the option into a key lying on disk, so where none of the
allowlisted stores works the option is unavailable, with the reason, and the passphrase slot
always remains.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.vault import header as hdr
from casefile.vault.folder import header_path, is_vault
from casefile.vault.keys import KEY_BYTES, Secret
from casefile.vault.unlock import drop_slot, unlock_with_device_key

SERVICE = "casefile"

# module.Class of each credential store we trust, per platform.
ALLOWED_BACKENDS = frozenset({
    "keyring.backends.macOS.Keyring",
    "keyring.backends.Windows.WinVaultKeyring",
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
    "keyring.backends.kwallet.DBusKeyringKWallet4",
})


class CredentialStore(Protocol):
    """What casefile uses of a keyring backend."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


@dataclass(frozen=True)
class DeviceStore:
    """The OS credential store casefile would use, or why there is none."""

    backend: CredentialStore | None
    reason: str

    @property
    def available(self) -> bool:
        return self.backend is not None

    @property
    def name(self) -> str:
        return getattr(self.backend, "name", "") if self.backend else ""


def _qualified(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def device_store() -> DeviceStore:
    """The best allowlisted, working credential store here (ignoring keyring's own config)."""
    try:
        from keyring.backend import get_all_keyring  # noqa: PLC0415 - only when asked
    except ImportError:
        return DeviceStore(None, _("the keyring library is not installed"))
    try:
        viable = [b for b in get_all_keyring() if _qualified(b) in ALLOWED_BACKENDS]
    except Exception as exc:  # noqa: BLE001 - a broken backend must not break the program
        return DeviceStore(None, _("the system's credential store failed: {0}").format(exc))
    viable = [b for b in viable if _priority(b) > 0]
    if not viable:
        return DeviceStore(None, _("no system credential store (Keychain, Credential Locker, "
                                   "Secret Service or KWallet) is available here"))
    return DeviceStore(max(viable, key=_priority), "")


def _priority(backend: Any) -> float:
    try:
        return float(backend.priority)
    except Exception:  # noqa: BLE001 - keyring signals "not usable here" by raising
        return -1.0


def _account(folder: Path) -> str | None:
    """The keyring entry's name, from the vault's random salt: no path, no name of anyone.

    The header does not say whether a vault is remembered (the slot's kind is encrypted):
    only the credential store does.
    """
    folder = Path(folder)
    if not is_vault(folder):
        return None
    header = hdr.read_any(header_path(folder))
    if isinstance(header, hdr.LegacyHeader):
        return None
    return "vault-" + hashlib.sha256(b"casefile-keyring|" + header.salt).hexdigest()[:24]


def _stored(folder: Path, store: DeviceStore | None) -> tuple[str, str] | None:
    """(account, stored key) when the credential store holds a key for this vault."""
    account = _account(folder)
    if account is None:
        return None
    backend = (store or device_store()).backend
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE, account)
    except Exception:  # noqa: BLE001 - a locked or broken store remembers nothing
        return None
    return (account, stored) if stored else None


def is_remembered(folder: Path, store: DeviceStore | None = None) -> bool:
    return _stored(Path(folder), store) is not None


def remember(session: Any, store: DeviceStore | None = None) -> None:
    """Make the keyring slot and put its key in the credential store."""
    store = store or device_store()
    backend = store.backend
    if backend is None:
        raise CasefileError(_("cannot remember the vault on this device: {0}")
                            .format(store.reason))
    folder = Path(session.folder)
    forget(session, store)
    device_key = os.urandom(KEY_BYTES)
    session.vault.set_keyring_slot(device_key)
    account = _account(folder)
    if account is None:  # an open vault has a current header: this only guards the invariant
        session.vault.drop_slot("keyring")
        raise CasefileError(_("this vault is not remembered on this device"))
    try:
        backend.set_password(SERVICE, account, base64.b64encode(device_key).decode())
    except Exception as exc:  # noqa: BLE001 - any store failure undoes the slot
        session.vault.drop_slot("keyring")
        raise CasefileError(_("the system's credential store refused the key: {0}")
                            .format(exc)) from None


def forget(target: Any, store: DeviceStore | None = None) -> None:
    """Drop the keyring slot, and the key from the credential store where it can be reached.

    ``target`` is an open session, or a vault's folder: then the stored key itself opens
    the slot (one key derivation) so it can be dropped. The slot goes first: once it is
    gone the stored key opens nothing, even if the store cannot be reached now.
    """
    session = None if isinstance(target, (str, Path)) else target
    folder = Path(target) if session is None else Path(session.folder)
    store = store or device_store()
    if session is not None:
        session.vault.drop_slot("keyring")
    found = _stored(folder, store)
    if found is None:
        return
    if session is None:
        with contextlib.suppress(CasefileError):
            key = unlock_with_device_key(folder, _decode(found[1]))
            try:
                drop_slot(folder, key, "keyring")
            finally:
                key.wipe()
    # Already absent, or the store is locked: the slot is gone, so the key opens nothing.
    if store.backend is not None:  # _stored found the key there, so it is
        with contextlib.suppress(Exception):
            store.backend.delete_password(SERVICE, found[0])


def _decode(stored: str) -> bytes:
    try:
        return base64.b64decode(stored, validate=True)
    except (binascii.Error, ValueError):
        raise CasefileError(_("the key for this vault in the credential store is damaged")) \
            from None


def unlock_remembered(folder: Path, store: DeviceStore | None = None) -> Secret:
    """The data key from the device key in the credential store, or a clear refusal."""
    folder = Path(folder)
    account = _account(folder) if is_vault(folder) else None
    if account is None:
        raise CasefileError(_("this vault is not remembered on this device"))
    store = store or device_store()
    if store.backend is None:
        raise CasefileError(_("the system's credential store is not available: {0}")
                            .format(store.reason))
    try:
        stored = store.backend.get_password(SERVICE, account)
    except Exception as exc:  # noqa: BLE001 - a locked or broken store is a refusal
        raise CasefileError(_("the system's credential store failed: {0}").format(exc)) \
            from None
    if not stored:
        raise CasefileError(_("the key for this vault is not in this device's credential "
                              "store"))
    return unlock_with_device_key(folder, _decode(stored))
