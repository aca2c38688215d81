"""Killing casefile in the middle of a bundle import leaves the vault wholly before it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from casefile.domain.validate import validate
from casefile.services.records.session import Session
from tests.conftest import PASSPHRASE

WRITES = 4000


def test_kill_during_import(cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.casefile", tmp_path / "b.casefile"
    for v in (a, b):
        assert cli("--vault", str(v), "init", "--kdf-seconds", "0.05").code == 0
    ida = cli("--vault", str(a), "identity", "--json").json()
    idb = cli("--vault", str(b), "identity", "--json").json()
    cli("--vault", str(b), "contact-key", "add", "A", json.dumps(ida))
    cli("--vault", str(a), "contact-key", "add", "B", json.dumps(idb))
    cli("--vault", str(a), "share", "B", "--all")
    with Session.open(a, PASSPHRASE) as s, s.vault.db.transaction():
        for n in range(WRITES):
            s.vault.records.add("task", validate("task", {"title": f"задача {n}"}))
    bundle = tmp_path / "big.cfb"
    assert cli("--vault", str(a), "bundle", "export", "--to", "B", "-o", str(bundle)).code == 0

    env = {**os.environ, "CASEFILE_PASSPHRASE": PASSPHRASE, "CASEFILE_LANG": "en"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "casefile.cli", "--vault", str(b), "bundle", "import",
         str(bundle)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wal = b / "vault.db-wal"
    deadline = time.monotonic() + 60
    # Wait until the import is writing (its WAL grows), then kill it without warning.
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 256 * 1024:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with Session.open(b, PASSPHRASE) as s:
        assert s.count("task") == 0  # wholly before: nothing of the half-applied bundle
        assert s.check() == []
    # And the same bundle then imports whole.
    result = cli("--vault", str(b), "bundle", "import", str(bundle), "--json")
    assert result.code == 0, result.err
    with Session.open(b, PASSPHRASE) as s:
        assert s.count("task") == WRITES
