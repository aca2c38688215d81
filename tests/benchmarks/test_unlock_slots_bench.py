"""Benchmark (opt-in: -m bench): unlocking takes the same time whichever slot matches.

One vault with a passphrase, a recovery code, a device key and a duress passphrase; each is
timed through its own unlock path (the duress one on a fresh copy each run, since it
destroys the real data), and a wrong passphrase beside them. Each costs one Argon2id
derivation and the same slot checks, so the medians should differ by noise only.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from casefile.services.records.session import Session
from casefile.services.safety.duress import set_duress
from casefile.vault import keys
from casefile.vault.unlock import unlock, unlock_with_device_key, unlock_with_recovery
from casefile.vault.vault import Vault

pytestmark = pytest.mark.bench
RUNS = 7
PASSPHRASE = "the real passphrase"
DURESS = "the duress passphrase"
CODE = os.urandom(16)
DEVICE = os.urandom(32)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def test_unlock_time_does_not_tell_which_slot_matched(tmp_path: Path) -> None:
    prepared = tmp_path / "prepared.casefile"
    with Session(Vault.create(prepared, PASSPHRASE, keys.calibrate(0.5))) as s:
        s.add("person", {"full_name": "Кагарлицкий Борис"})
        s.vault.set_recovery(CODE)
        s.vault.set_keyring_slot(DEVICE)
        set_duress(s, DURESS)
    times: dict[str, list[float]] = {k: [] for k in ("passphrase", "recovery", "device",
                                                     "duress", "wrong")}
    for run in range(RUNS):
        copy = tmp_path / f"run{run}.casefile"
        shutil.copytree(prepared, copy)
        times["passphrase"].append(timed(lambda: unlock(prepared, PASSPHRASE).wipe()))
        times["recovery"].append(timed(lambda: unlock_with_recovery(prepared, CODE).wipe()))
        times["device"].append(timed(lambda: unlock_with_device_key(prepared, DEVICE).wipe()))
        times["duress"].append(timed(lambda c=copy: unlock(c, DURESS).wipe()))
        started = time.perf_counter()
        with pytest.raises(keys.WrongKeyError):
            unlock(prepared, "not it")
        times["wrong"].append(time.perf_counter() - started)
    medians = {k: statistics.median(v) for k, v in times.items()}
    spread = statistics.median(statistics.pstdev(v) for v in times.values())
    for kind, value in medians.items():
        print(f"unlock with {kind}: median {value * 1000:.0f} ms "
              f"(min {min(times[kind]) * 1000:.0f}, max {max(times[kind]) * 1000:.0f})")
    base = medians["passphrase"]
    # Within noise: a few standard deviations of a run, and never more than 10 %.
    for value in medians.values():
        assert abs(value - base) <= max(3 * spread, 0.10 * base), medians
