"""Killed at the wrong moment, a restore, a backup, an import or travel mode leaves no copy of
the vault that opens: what they left is wiped at the next start, and by destroy --really.

Each run is a real casefile process that kills itself (SIGKILL, no clean-up runs) at one
moment, chosen by wrapping one of casefile's own functions in the child.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[2]
LEFTOVER = re.compile(r"\.(restore|travel)-[0-9a-f]{8}$|\.[0-9a-f]{12}\.(part|db)$")

# In the child: wrap MODULE.NAME so that its first call kills the process, either just
# before ("before") or just after ("after") the real function runs. Calls made while the
# header catches up with the vault's generation (once per session that writes) do not count.
CHILD = """
import importlib, os, signal, sys
from casefile.vault import vault as _vault
module, name, when, argv = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
target = importlib.import_module(module)
real = getattr(target, name)
sealing = []
seal = _vault.Vault._seal_generation
def sealed(*args, **kwargs):
    sealing.append(1)
    try:
        return seal(*args, **kwargs)
    finally:
        sealing.pop()
_vault.Vault._seal_generation = sealed
def wrapped(*args, **kwargs):
    if sealing:
        return real(*args, **kwargs)
    if when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
setattr(target, name, wrapped)
from casefile.cli import main
sys.exit(main(argv))
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "CASEFILE_PASSPHRASE": PASSPHRASE, "CASEFILE_LANG": "en",
            "HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}


def _killed(tmp_path: Path, module: str, name: str, when: str, *argv: str) -> None:
    done = subprocess.run([sys.executable, "-c", CHILD, module, name, when, *argv],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]


def _leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if LEFTOVER.search(p.name))


@pytest.fixture
def vault(cli, tmp_path: Path) -> Path:
    folder = tmp_path / "v.casefile"
    assert cli("--vault", str(folder), "init", "--kdf-seconds", "0.05").code == 0
    assert cli("--vault", str(folder), "add", "person", "--data",
               '{"full_name": "Кагарлицкий Борис"}').code == 0
    return folder


@pytest.mark.parametrize(("module", "name", "when"), [
    ("casefile.vault.backup", "_verify", "before"),   # the copy is complete, not checked yet
    ("casefile.vault.backup", "_verify", "after"),    # checked, not in place yet
    ("casefile.services.safety.backups", "renew_origin", "after"),  # inside the last step
])
def test_a_killed_restore_leaves_no_copy_after_the_next_start(
        cli, vault: Path, tmp_path: Path, module: str, name: str, when: str) -> None:
    backup = tmp_path / "b.cfbackup"
    assert cli("--vault", str(vault), "backup", "-o", str(backup)).code == 0
    target = tmp_path / "restored.casefile"
    _killed(tmp_path, module, name, when, "--vault", str(target), "restore", str(backup))
    assert any(".restore-" in p for p in _leftovers(tmp_path))  # what the kill left

    cli("--vault", str(target), "check")  # the next start, whatever the command

    assert _leftovers(tmp_path) == []
    assert not target.exists()
    restored = cli("--vault", str(target), "restore", str(backup))
    assert restored.code == 0, restored.err


@pytest.mark.parametrize(("module", "name", "when"), [
    ("casefile.atomicfile", "_replace", "before"),  # the snapshot is written, not the file
    ("casefile.atomicfile", "fsync_dir", "before"),  # the file is in place, not yet synced
    ("os", "fsync", "after"),  # the temp file is complete, not yet renamed
])
def test_a_killed_backup_leaves_no_copy_after_the_next_start(
        cli, vault: Path, tmp_path: Path, module: str, name: str, when: str) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    _killed(tmp_path, module, name, when, "--vault", str(vault), "backup", "-o",
            str(folder / "b.cfbackup"))
    assert _leftovers(tmp_path)  # a snapshot or a temp file: each opens with the passphrase

    assert cli("--vault", str(vault), "list", "person").code == 0  # the next start

    assert _leftovers(tmp_path) == []


def test_a_killed_import_leaves_nothing(cli, vault: Path, tmp_path: Path) -> None:
    other = tmp_path / "o.casefile"
    assert cli("--vault", str(other), "init", "--kdf-seconds", "0.05").code == 0
    for a, b, name in ((vault, other, "V"), (other, vault, "O")):
        assert cli("--vault", str(b), "contact-key", "add", name,
                   cli("--vault", str(a), "identity", "--json").out).code == 0
    cli("--vault", str(vault), "share", "O", "--all")
    bundle = tmp_path / "to-o.cfb"
    assert cli("--vault", str(vault), "bundle", "export", "--to", "O", "-o", str(bundle)).code == 0
    # Killed inside the import's transaction, its writes applied, before its files are.
    _killed(tmp_path, "casefile.services.exchange.bundlefiles", "apply", "before",
            "--vault", str(other), "bundle", "import", str(bundle))
    assert cli("--vault", str(other), "list", "person", "--json").json() == []
    assert _leftovers(tmp_path) == []
    assert cli("--vault", str(other), "bundle", "import", str(bundle)).code == 0


def test_destroy_wipes_the_copy_an_interrupted_restore_left_beside_the_vault(
        cli, vault: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.cfbackup"
    assert cli("--vault", str(vault), "backup", "-o", str(backup)).code == 0
    _killed(tmp_path, "casefile.vault.backup", "_verify", "after", "--vault", str(vault) + "2",
            "restore", str(backup))
    staging = [p for p in tmp_path.iterdir() if ".restore-" in p.name]
    assert staging
    # The copy sits beside a vault of that name (made meanwhile); destroy takes both.
    staging[0].rename(tmp_path / f".{vault.name}.restore-{'0' * 8}")
    result = cli("--vault", str(vault), "destroy", "--really")
    assert result.code == 0, result.err
    assert not vault.exists() and _leftovers(tmp_path) == []


@pytest.fixture
def travelling(cli, vault: Path, tmp_path: Path) -> tuple[Path, str]:
    """A vault with a case to leave behind, and a backup folder for it."""
    person = cli("--vault", str(vault), "list", "person", "--json").json()[0]["id"]
    case = cli("--vault", str(vault), "add", "case", "--data",
               f'{{"title": "Дело К.", "person_ids": ["{person}"]}}').out.strip()
    (tmp_path / "stick").mkdir()
    assert cli("--vault", str(vault), "backup", "--schedule", str(tmp_path / "stick")).code == 0
    return vault, case


def _names(cli, vault: Path) -> list[str]:
    listed = cli("--vault", str(vault), "list", "person", "--json")
    assert listed.code == 0, listed.err  # the vault opens
    return [p["full_name"] for p in listed.json()]


@pytest.mark.parametrize(("module", "name", "when"), [
    ("casefile.vault.backup", "_verify", "after"),  # the backup's copy checked, beside it
    ("casefile.services.safety.travel", "rows_of", "before"),  # reading the cases from it
    ("casefile.services.safety.travel", "destroy_folder", "before"),  # read, not yet erased
])
def test_a_killed_travel_off_leaves_no_copy_after_the_next_start(
        cli, travelling: tuple[Path, str], tmp_path: Path, module: str, name: str,
        when: str) -> None:
    vault, case = travelling
    assert cli("--vault", str(vault), "travel", "on", "--case", case).code == 0
    _killed(tmp_path, module, name, when, "--vault", str(vault), "travel", "off")
    assert any(".travel-" in p for p in _leftovers(tmp_path))  # a copy of the whole vault

    assert _names(cli, vault) == []  # the next start; still travelling

    assert _leftovers(tmp_path) == []
    assert cli("--vault", str(vault), "travel", "off").code == 0
    assert _names(cli, vault) == ["Кагарлицкий Борис"]
    assert cli("--vault", str(vault), "check").code == 0


@pytest.mark.parametrize(("module", "name", "when"), [
    ("casefile.services.safety.travel", "remove_without_trace", "before"),  # backed up only
    ("casefile.services.safety.travel", "compact", "before"),  # removed, not compacted
])
def test_a_killed_travel_on_leaves_no_copy_and_a_vault_that_opens(
        cli, travelling: tuple[Path, str], tmp_path: Path, module: str, name: str,
        when: str) -> None:
    vault, case = travelling
    _killed(tmp_path, module, name, when, "--vault", str(vault), "travel", "on", "--case", case)

    names = _names(cli, vault)  # the next start

    assert _leftovers(tmp_path) == []
    assert cli("--vault", str(vault), "check").code == 0
    if names:  # killed before anything was removed: not travelling, and it can start again
        assert cli("--vault", str(vault), "travel", "on", "--case", case).code == 0
    assert cli("--vault", str(vault), "travel", "off").code == 0
    assert _names(cli, vault) == ["Кагарлицкий Борис"]
