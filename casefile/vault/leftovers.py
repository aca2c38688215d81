"""What interrupted work leaves behind, and removing it.

A restore unpacks its backup into a hidden folder beside the target (``.NAME.restore-*``)
before checking it; a backup writes a snapshot (``.FILE.<hex>.db``) and a temp file
(``.FILE.<hex>.part``) beside its target; every output is written as a ``.part`` first.
Travel mode's ``travel off`` restores its backup into a hidden folder beside the vault
(``.NAME.travel-*``, itself unpacked through ``..NAME.travel-*.restore-*``) to read the
travelled cases from it. Killed at the wrong moment, each can be a complete copy of the
vault that opens with its passphrase. They are wiped at the vault's next opening (and at
every start of the command line) and by ``destroy``, and a restore clears what an earlier
one into the same place left.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

# What casefile's own temp names look like (atomicfile._replace, backup.write_backup).
TEMP_RE = re.compile(r"^\.(?P<target>.+)\.[0-9a-f]{12}\.(?:part|db)$")
CHUNK = 1024 * 1024


def restore_staging_re(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name)}\.restore-[0-9a-f]{{8}}$")


def travel_staging_re(name: str) -> re.Pattern[str]:
    """travel off's copy of its backup beside the vault ``name``, and that copy's own
    restore staging (services/safety/travel.py names them)."""
    return re.compile(rf"^\.(?:{re.escape(name)}\.travel-[0-9a-f]{{8}}|"
                      rf"\.{re.escape(name)}\.travel-[0-9a-f]{{8}}\.restore-[0-9a-f]{{8}})$")


def wipe_file(path: Path) -> None:
    """Overwrite a file with zeros, then remove it (as far as the disk lets one overwrite)."""
    with contextlib.suppress(FileNotFoundError):
        size = path.stat().st_size
        with path.open("r+b") as fh:
            left = size
            while left > 0:
                step = min(left, CHUNK)
                fh.write(b"\0" * step)
                left -= step
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()


def wipe_tree(folder: Path) -> None:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            wipe_file(Path(root) / name)
    shutil.rmtree(folder, ignore_errors=True)


def restore_leftovers(folder: Path) -> list[Path]:
    """The staging folders of interrupted restores into ``folder``, and of an interrupted
    ``travel off`` of the vault there (a restore beside it)."""
    folder = Path(folder)
    patterns = (restore_staging_re(folder.name), travel_staging_re(folder.name))
    try:
        return sorted(p for p in folder.parent.iterdir()
                      if any(r.match(p.name) for r in patterns) and p.is_dir())
    except OSError:
        return []


def temp_leftovers(target: Path) -> list[Path]:
    """casefile's temp files for ``target`` (or for any file, given a folder)."""
    target = Path(target)
    where, name = (target, None) if target.is_dir() else (target.parent, target.name)
    try:
        found = [p for p in where.iterdir()
                 if (m := TEMP_RE.match(p.name)) and (name is None or m["target"] == name)
                 and p.is_file()]
    except OSError:
        return []
    return sorted(found)


def sweep(folder: Path, outputs: Sequence[Path] = ()) -> list[Path]:
    """Wipe the leftovers of a vault folder: interrupted restores beside it, temp files in
    it, and the temp files of ``outputs`` (backups that were being written). Returns them."""
    gone = []
    for staging in restore_leftovers(folder):
        wipe_tree(staging)
        gone.append(staging)
    for path in [*temp_leftovers(Path(folder)), *(t for o in outputs for t in temp_leftovers(o))]:
        wipe_file(path)
        gone.append(path)
    return gone
