"""`casefile print … --printer NAME` through a real CUPS scheduler, started privately here.

The scheduler (cupsd, from .ci/system-packages.sh) runs with its own configuration, spool and
socket under the test's folder, and a queue whose backend writes each job to a folder: what
reaches that folder is what a printer would have been sent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.printing.pdfcheck import has, pages

QUEUE = "casefile-test"
BACKEND = """#!/bin/sh
# A CUPS backend: with no arguments it describes itself; else the job is argv[6] or stdin.
if [ $# -eq 0 ]; then echo 'direct tofolder "Unknown" "Write jobs to a folder"'; exit 0; fi
out="${DEVICE_URI#tofolder:}"
if [ -n "$6" ]; then cat "$6" > "$out/job-$1.part"; else cat > "$out/job-$1.part"; fi
mv "$out/job-$1.part" "$out/job-$1.pdf"
"""


def _needs_cups() -> None:
    missing = [tool for tool in ("cupsd", "lp", "lpadmin") if shutil.which(tool) is None]
    if not missing and os.geteuid() == 0:
        return
    reason = (f"not installed: {', '.join(missing)}" if missing
              else "a private cupsd runs its backends as root only here")
    if os.environ.get("CASEFILE_TEST_KEYRING") and missing:  # dev.py test installed them
        pytest.fail(f"CUPS should have been installed by .ci/system-packages.sh: {reason}")
    pytest.skip(f"no CUPS here ({reason}); run through dev.py test")


@pytest.fixture
def cups(tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    _needs_cups()
    root = tmp_path / "cups"
    for name in ("spool", "tmp", "cache", "state", "log", "bin/backend"):
        (root / name).mkdir(parents=True)
    out = tmp_path / "printed"
    out.mkdir()
    for folder in (out, root / "tmp"):
        folder.chmod(0o1777)
    for name in ("daemon", "filter", "monitor", "notifier", "cgi-bin"):
        source = Path("/usr/lib/cups") / name
        if source.exists():
            (root / "bin" / name).symlink_to(source)
    backend = root / "bin" / "backend" / "tofolder"
    backend.write_text(BACKEND, encoding="ascii")
    backend.chmod(0o700)  # CUPS runs a 0700 backend as root, and only then
    socket = root / "cups.sock"
    (root / "cupsd.conf").write_text(
        f"Listen {socket}\nLogLevel warn\nWebInterface No\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n", encoding="ascii")
    (root / "cups-files.conf").write_text("".join(
        f"{key} {value}\n" for key, value in (
            ("ServerRoot", root), ("ServerBin", root / "bin"), ("RequestRoot", root / "spool"),
            ("TempDir", root / "tmp"), ("CacheDir", root / "cache"),
            ("StateDir", root / "state"), ("ErrorLog", root / "log" / "error_log"),
            ("AccessLog", root / "log" / "access_log"),
            ("PageLog", root / "log" / "page_log"))), encoding="ascii")
    daemon = subprocess.Popen(["cupsd", "-f", "-c", str(root / "cupsd.conf"),
                               "-s", str(root / "cups-files.conf")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {"CUPS_SERVER": str(socket)}
    try:
        deadline = time.monotonic() + 30
        while not socket.exists() and daemon.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert socket.exists(), "cupsd did not start"
        subprocess.run(["lpadmin", "-p", QUEUE, "-E", "-v", f"tofolder:{out}", "-m", "raw"],
                       env={**os.environ, **env}, check=True, capture_output=True, timeout=30)
        yield env, out
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)


def _job(out: Path) -> bytes:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = sorted(out.glob("job-*.pdf"))
        if done:
            return done[0].read_bytes()
        time.sleep(0.1)
    raise AssertionError("the print job never reached the printer")


def test_a_letter_goes_to_the_printer_and_no_file_of_ours_is_written(
        cli, initialised: Path, cups: tuple[dict[str, str], Path], tmp_path: Path) -> None:
    env, out = cups
    person = cli("add", "person", "--json", "--data",
                 '{"full_name": "Кагарлицкий Борис Юльевич", "birth_year": 1958}').json()
    letter = cli("add", "letter", "--json", "--data", json.dumps(
        {"person_id": person["id"], "body": "Дорогой Борис Юльевич, держитесь!"})).json()
    before = {p for p in tmp_path.rglob("*") if "cups" not in p.parts and p.parent != out}
    result = cli("print", "letter", letter["id"], "--printer", QUEUE, env=env)
    assert result.code == 0, result.err
    assert "plaintext" not in result.err  # nothing written by casefile to warn about
    text = "\n".join(pages(_job(out)))
    assert has(text, "Кагарлицкий") and has(text, "держитесь")
    after = {p for p in tmp_path.rglob("*") if "cups" not in p.parts and p.parent != out}
    assert {p for p in after - before if not p.name.endswith(("-wal", "-shm"))} == set()


def test_a_printer_that_does_not_exist_is_named(cli, initialised: Path,
                                                cups: tuple[dict[str, str], Path]) -> None:
    env, out = cups
    task = cli("add", "person", "--data", '{"full_name": "Орлов Олег"}').out.strip()
    case = cli("add", "case", "--data", json.dumps({"title": "Дело", "person_ids": [task]}))
    result = cli("print", "case", case.out.strip(), "--printer", "no-such-printer", env=env)
    assert result.code == 1
    assert result.err.startswith("casefile: error: the printer no-such-printer refused the job")
    assert list(out.iterdir()) == []
