"""Format 2 headers: every vault's header looks the same, and the old format is upgraded.

A header says nothing about a recovery code, "remember on this device", the failed-unlock
guard or a duress passphrase: same keys, same number of slots, same sizes. Unlocking costs
one key derivation whichever slot matches.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import pytest

from casefile.domain.errors import CasefileError
from casefile.services.records.session import Session
from casefile.services.safety.recovery import has_recovery_code
from casefile.vault import backup, keys, keyslots
from casefile.vault import header as hdr
from casefile.vault.folder import SPARE, header_path, read_header
from casefile.vault.keys import KdfParams, Secret
from casefile.vault.unlock import (
    set_destroy_after,
    unlock,
    unlock_with_device_key,
    unlock_with_recovery,
)
from casefile.vault.vault import Vault
from tests.conftest import PASSPHRASE

PARAMS = KdfParams(keys.MIN_MEMORY_KIB, 1)
CODE = bytes(range(16))


def make(folder: Path) -> Session:
    return Session(Vault.create(folder, PASSPHRASE, PARAMS))


def shape(value: Any) -> Any:
    """The JSON's structure with each string replaced by its length (the bytes it holds)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items() if k != "checksum"}
    if isinstance(value, list):
        return [shape(v) for v in value]
    if isinstance(value, str):
        return len(value)
    return value


def test_headers_with_and_without_protections_look_the_same(tmp_path: Path) -> None:
    from casefile.services.safety.duress import set_duress

    plain = tmp_path / "plain.casefile"
    make(plain).close()
    everything = tmp_path / "everything.casefile"
    with make(everything) as s:
        s.vault.set_recovery(CODE)
        s.vault.set_keyring_slot(os.urandom(32))
        set_duress(s, "the other passphrase")
    set_destroy_after(everything, 5)
    recovery_only = tmp_path / "recovery.casefile"
    with make(recovery_only) as s:
        s.vault.set_recovery(CODE)
    guarded = tmp_path / "guarded.casefile"
    make(guarded).close()
    set_destroy_after(guarded, 3)

    headers = [header_path(f).read_bytes() for f in (plain, everything, recovery_only, guarded)]
    bodies = [json.loads(h) for h in headers]
    assert {len(h) for h in headers} == {len(headers[0])}
    assert all(shape(b) == shape(bodies[0]) for b in bodies)
    assert all(len(b["slots"]) == keyslots.SLOT_COUNT for b in bodies)
    assert all(set(b) == {"checksum", "format", "version", "kdf", "salt", "slots",
                          "directory", "guard"} for b in bodies)
    for body in bodies:
        text = json.dumps(body)
        for word in ("passphrase", "recovery", "keyring", "duress", "destroy", "failed"):
            assert word not in text
    # And every vault folder holds the same files.
    names = {tuple(sorted(p.name for p in f.iterdir()))
             for f in (plain, everything, recovery_only, guarded)}
    assert names == {("header.json", "spare.db", "vault.db", "vault.lock")}
    # The guard is kept, encrypted.
    assert read_header(everything).guard_state() == (5, 0)
    assert read_header(plain).guard_state() == (None, 0)


def test_every_unlock_costs_one_derivation_and_tries_every_slot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "v.casefile"
    device_key = os.urandom(32)
    with make(folder) as s:
        s.vault.set_recovery(CODE)
        s.vault.set_keyring_slot(device_key)
    derivations: list[int] = []
    tries: list[int] = []
    real_derive, real_unwrap = keys.derive_bytes, keys.unwrap

    def counting_derive(*args: Any) -> Secret:
        derivations.append(1)
        return real_derive(*args)

    def counting_unwrap(*args: Any) -> Secret:
        tries.append(1)
        return real_unwrap(*args)

    monkeypatch.setattr(keys, "derive_bytes", counting_derive)
    monkeypatch.setattr(keys, "unwrap", counting_unwrap)
    counts = []
    for attempt in (lambda: unlock(folder, PASSPHRASE),
                    lambda: unlock_with_recovery(folder, CODE),
                    lambda: unlock_with_device_key(folder, device_key)):
        derivations.clear()
        tries.clear()
        attempt().wipe()
        counts.append((len(derivations), len(tries)))
    derivations.clear()
    tries.clear()
    with pytest.raises(keys.WrongKeyError):
        unlock(folder, "wrong")
    counts.append((len(derivations), len(tries)))
    assert counts == [(1, keyslots.SLOT_COUNT * (len(keyslots.SLOT_KINDS) + 1))] * 4


def legacy_header(passphrase: str, data_key: Secret, code: bytes | None,
                  destroy_after: int | None) -> bytes:
    """A header exactly as format 1 wrote it (kinds and guard in the clear)."""
    salt = os.urandom(16)
    slot = hdr.LegacySlot("passphrase", salt, b"", b"", PARAMS)
    kek = keys.derive(passphrase, salt, PARAMS)
    slot.nonce, slot.ciphertext = keys.wrap(kek, data_key, slot.aad())
    slots = [slot]
    if code is not None:
        rsalt = os.urandom(16)
        recovery = hdr.LegacySlot("recovery", rsalt, b"", b"")
        rkek = keyslots.hkdf(code, rsalt, b"casefile-recovery-v1")
        recovery.nonce, recovery.ciphertext = keys.wrap(rkek, data_key, recovery.aad())
        slots.append(recovery)
    legacy = hdr.LegacyHeader(slots, destroy_after, 0)
    data = legacy.to_bytes()
    body = json.loads(data)
    assert body["version"] == 1 and body["slots"][0]["kind"] == "passphrase"
    return data


def test_a_format_1_vault_opens_and_is_upgraded(tmp_path: Path) -> None:
    folder = tmp_path / "old.casefile"
    data_key = Secret.random()
    with make(folder) as s:
        s.add("person", {"full_name": "Кагарлицкий Борис"})
        # Put the header (and folder) back as format 1 made them, for this vault's key.
        data_key = Secret(bytearray(bytes.fromhex(s.vault._key.hex())))
    header_path(folder).write_bytes(legacy_header(PASSPHRASE, data_key, CODE, 4))
    (folder / SPARE).unlink()
    with pytest.raises(keys.WrongKeyError):
        unlock(folder, "wrong")  # counted in the old guard, the header stays format 1
    assert json.loads(header_path(folder).read_bytes())["guard"]["failed"] == 1
    with Session.open(folder, PASSPHRASE) as s:
        assert s.list("person")[0]["full_name"] == "Кагарлицкий Борис"
        assert has_recovery_code(s)
    body = json.loads(header_path(folder).read_bytes())
    assert body["version"] == 2 and len(body["slots"]) == keyslots.SLOT_COUNT
    assert read_header(folder).guard_state() == (4, 0)
    assert (folder / SPARE).is_file()
    # The recovery code of format 1 still opens it.
    unlock_with_recovery(folder, CODE).wipe()
    with pytest.raises(keys.WrongKeyError):
        unlock_with_recovery(folder, bytes(16))
    data_key.wipe()


def test_a_format_1_backup_restores_as_format_2(tmp_path: Path) -> None:
    folder = tmp_path / "v.casefile"
    with make(folder) as s:
        s.add("person", {"full_name": "Орлов Олег"})
        data_key = Secret(bytearray(bytes.fromhex(s.vault._key.hex())))
        header_path(folder).write_bytes(legacy_header(PASSPHRASE, data_key, None, None))
        backup.write_backup(s.vault, tmp_path / "old.backup")
    data_key.wipe()
    restored = tmp_path / "restored.casefile"
    backup.restore_backup(tmp_path / "old.backup", restored, PASSPHRASE)
    assert json.loads(header_path(restored).read_bytes())["version"] == 2
    with Session.open(restored, PASSPHRASE) as s:
        assert s.list("person")[0]["full_name"] == "Орлов Олег"


def test_the_kdf_costs_and_salt_are_bound_to_every_slot(tmp_path: Path) -> None:
    folder = tmp_path / "v.casefile"
    make(folder).close()
    body = json.loads(header_path(folder).read_bytes())
    body["kdf"]["iterations"] = 2
    body.pop("checksum")
    body["checksum"] = hdr._checksum(body)
    header_path(folder).write_text(json.dumps(body))
    with pytest.raises(CasefileError):  # the guard no longer opens: tampering (exit 3)
        unlock(folder, PASSPHRASE)


def test_slot_bytes_are_fixed_size(tmp_path: Path) -> None:
    folder = tmp_path / "v.casefile"
    make(folder).close()
    for slot in json.loads(header_path(folder).read_bytes())["slots"]:
        assert [len(base64.b64decode(slot[k])) for k in ("salt", "nonce", "ciphertext")] == \
            [16, 12, 48]
