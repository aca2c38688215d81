"""'Remember on this device' with a real Secret Service, and refused cleanly without one.

`python3 dev.py test` runs the suite inside a private D-Bus session with gnome-keyring
(.ci/with-keyring.sh) and sets CASEFILE_TEST_KEYRING=1; there a missing store is a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from casefile.domain.errors import CasefileError
from casefile.services.records.session import Session
from casefile.services.safety import device
from casefile.vault.keys import MIN_KDF_SECONDS

PASSPHRASE = "correct horse battery staple"


class PlaintextFileKeyring(KeyringBackend):
    """What keyrings.alt's file backends amount to: a store casefile must never use."""

    priority = 50  # higher than any real store, so only the allowlist keeps it out
    stored: dict[tuple[str, str], str] = {}  # noqa: RUF012

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


@pytest.fixture
def store() -> device.DeviceStore:
    found = device.device_store()
    if not found.available:
        if os.environ.get("CASEFILE_TEST_KEYRING"):
            pytest.fail(f"the test keyring was started but is not usable: {found.reason}")
        pytest.skip(f"no Secret Service here (run through dev.py test): {found.reason}")
    return found


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "group.casefile"
    Session.create(folder, PASSPHRASE, MIN_KDF_SECONDS).close()
    return folder


def test_the_allowlist_never_picks_a_plaintext_store() -> None:
    found = device.device_store()
    assert not isinstance(found.backend, PlaintextFileKeyring)
    assert PlaintextFileKeyring.stored == {}


def test_remembered_vault_opens_without_the_passphrase(store: device.DeviceStore,
                                                       vault: Path) -> None:
    assert "SecretService" in type(store.backend).__module__
    with Session.open(vault, PASSPHRASE) as session:
        session.add("person", {"full_name": "Ирина Запомненная"})
        device.remember(session, store)
    assert device.is_remembered(vault)
    # The keyring holds a random key, never the passphrase.
    account = device._account(vault)
    stored = store.backend.get_password(device.SERVICE, account)
    assert stored and PASSPHRASE not in stored
    with Session.open_with_key(vault, Session.derive_remembered_key(vault)) as session:
        assert session.list("person")[0]["full_name"] == "Ирина Запомненная"


def test_turning_it_off_removes_slot_and_stored_key(store: device.DeviceStore,
                                                    vault: Path) -> None:
    with Session.open(vault, PASSPHRASE) as session:
        device.remember(session, store)
    account = device._account(vault)
    device.forget(vault, store)  # without the passphrase: the stored key opens its slot
    with Session.open(vault, PASSPHRASE) as session:
        assert not session.vault.has_slot("keyring")
    assert store.backend.get_password(device.SERVICE, account) is None
    with pytest.raises(CasefileError, match="not in this device's credential store"):
        Session.derive_remembered_key(vault)
    Session.open(vault, PASSPHRASE).close()  # the passphrase slot always remains


def test_changing_the_passphrase_forgets_the_device(store: device.DeviceStore,
                                                    vault: Path) -> None:
    with Session.open(vault, PASSPHRASE) as session:
        device.remember(session, store)
        account = device._account(vault)
        session.change_passphrase("a brand new passphrase")
    assert not device.is_remembered(vault)
    assert store.backend.get_password(device.SERVICE, account) is None


def test_a_key_missing_from_the_store_is_a_clear_refusal(store: device.DeviceStore,
                                                         vault: Path) -> None:
    with Session.open(vault, PASSPHRASE) as session:
        device.remember(session, store)
    store.backend.delete_password(device.SERVICE, device._account(vault))
    with pytest.raises(CasefileError, match="credential store"):
        Session.derive_remembered_key(vault)


def test_the_cli_opens_a_remembered_vault(store: device.DeviceStore, vault: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CASEFILE_PASSPHRASE"}
    run = [sys.executable, "-m", "casefile.cli", "--vault", str(vault)]
    on = subprocess.run([*run, "remember", "on"], env={**env, "CASEFILE_PASSPHRASE": PASSPHRASE},
                        capture_output=True, text=True, check=False)
    assert on.returncode == 0, on.stderr
    assert "without the passphrase" in on.stderr
    listed = subprocess.run([*run, "list", "person", "--json"], env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, check=False)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == []
    subprocess.run([*run, "remember", "off"], env=env, check=True, stdin=subprocess.DEVNULL)
    refused = subprocess.run([*run, "list", "person"], env=env, stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, check=False)
    assert refused.returncode == 1
    assert "no passphrase given" in refused.stderr


def test_without_any_store_the_option_is_refused_cleanly(vault: Path) -> None:
    """A headless Linux with no session bus: a reason, exit 1, and the vault unchanged."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DBUS_SESSION_BUS_ADDRESS", "CASEFILE_PASSPHRASE")}
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
    before = (vault / "header.json").read_bytes()
    run = [sys.executable, "-m", "casefile.cli", "--vault", str(vault)]
    status = subprocess.run([*run, "remember", "status", "--json"], env=env,
                            capture_output=True, text=True, check=True)
    report = json.loads(status.stdout)
    assert report["available"] is False and report["remembered"] is False
    assert "credential store" in report["reason"]
    on = subprocess.run([*run, "remember", "on"], env={**env, "CASEFILE_PASSPHRASE": PASSPHRASE},
                        capture_output=True, text=True, check=False)
    assert on.returncode == 1
    assert on.stderr.startswith("casefile: error: cannot remember the vault on this device")
    assert "Traceback" not in on.stderr
    assert (vault / "header.json").read_bytes() == before
