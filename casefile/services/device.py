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
from typing import Any

from casefile.domain.errors import CasefileError
from casefile.i18n import _
from casefile.vault.keys import KEY_BYTES, Secret
from casefile.vault.vault import (
    drop_keyring_slot,
    is_vault,
    read_header,
    unlock_with_device_key,
)

SERVICE = "casefile"

# module.Class of each credential store we trust, per platform.
ALLOWED_BACKENDS = frozenset({
    "keyring.backends.macOS.Keyring",
    "keyring.backends.Windows.WinVaultKeyring",
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
    "keyring.backends.kwallet.DBusKeyringKWallet4",
})


@dataclass(frozen=True)
class DeviceStore:
    """The OS credential store casefile would use, or why there is none."""

    backend: Any | None
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
    """The keyring entry's name, from the slot's random salt: no path, no name of anyone."""
    slot = read_header(folder).slot("keyring")
    if slot is None:
        return None
    return "vault-" + hashlib.sha256(slot.salt).hexdigest()[:24]


def is_remembered(folder: Path) -> bool:
    return is_vault(folder) and _account(Path(folder)) is not None


def remember(session: Any, store: DeviceStore | None = None) -> None:
    """Make the keyring slot and put its key in the credential store."""
    store = store or device_store()
    if not store.available:
        raise CasefileError(_("cannot remember the vault on this device: {0}")
                            .format(store.reason))
    folder = Path(session.folder)
    forget(folder, store)
    device_key = os.urandom(KEY_BYTES)
    session.vault.set_keyring_slot(device_key)
    account = _account(folder)
    try:
        store.backend.set_password(SERVICE, account, base64.b64encode(device_key).decode())
    except Exception as exc:  # noqa: BLE001 - any store failure undoes the slot
        drop_keyring_slot(folder)
        raise CasefileError(_("the system's credential store refused the key: {0}")
                            .format(exc)) from None


def forget(folder: Path, store: DeviceStore | None = None) -> None:
    """Drop the keyring slot, and the key from the credential store where it can be reached.

    The slot goes first: once it is gone the stored key opens nothing, even if the store
    cannot be reached now.
    """
    folder = Path(folder)
    account = _account(folder)
    if account is None:
        return
    drop_keyring_slot(folder)
    store = store or device_store()
    if store.available:
        # Already absent, or the store is locked: the slot is gone, so the key opens nothing.
        with contextlib.suppress(Exception):
            store.backend.delete_password(SERVICE, account)


def unlock_remembered(folder: Path, store: DeviceStore | None = None) -> Secret:
    """The data key from the device key in the credential store, or a clear refusal."""
    folder = Path(folder)
    account = _account(folder) if is_vault(folder) else None
    if account is None:
        raise CasefileError(_("this vault is not remembered on this device"))
    store = store or device_store()
    if not store.available:
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
    try:
        device_key = base64.b64decode(stored, validate=True)
    except (binascii.Error, ValueError):
        raise CasefileError(_("the key for this vault in the credential store is damaged")) \
            from None
    return unlock_with_device_key(folder, device_key)
