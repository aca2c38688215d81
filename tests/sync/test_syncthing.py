"""Two real Syncthing instances carry an exchange folder between two vaults (opt-in: -m slow).

Both run on the loopback interface with private homes: no discovery (global or local), no
relays, no NAT traversal, no usage or crash reports, each device given the other's explicit
``tcp://127.0.0.1:PORT`` address. Each vault's exchange folder is its own device's copy of one
shared Syncthing folder, and each runs ``casefile exchange run --watch`` in the background:
a case made in vault A, and later an edit of it, arrive in vault B with no other step.

Syncthing comes from the system's packages (``.ci/system-packages.sh slow``, which
``python3 dev.py test -m slow`` runs as root); without it the test is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

SYNCTHING = shutil.which("syncthing")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SYNCTHING is None, reason="the syncthing binary is not installed "
                       "(apt-get install syncthing, or: bash .ci/system-packages.sh slow)"),
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and paths"),
]

FOLDER_ID = "casefile-group"
API_KEY = "casefile-test-api-key"
PASSPHRASE = "correct horse battery staple"
ARRIVAL_TIMEOUT = 120.0  # seconds for a change to travel A -> Syncthing -> B
WATCH_INTERVAL = "2"


def free_ports(n: int) -> list[int]:
    """``n`` distinct loopback ports nobody listens on (held together while chosen)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def wait_for(what: str, check: Callable[[], Any], timeout: float,
             explain: Callable[[], str] = lambda: "") -> Any:
    """Poll ``check`` until it returns something truthy; fail naming ``what`` after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = check()
        except OSError:  # a REST call before the server listens, a file mid-rename
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{explain()}")
        time.sleep(0.5)


class Processes:
    """Background processes of one test, all stopped at its end (passed or not)."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, argv: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
        """``argv`` with its output in ``log`` (and its errors in ``log``.err)."""
        with log.open("ab") as out, log.with_suffix(".err").open("ab") as err:
            proc = subprocess.Popen(argv, stdout=out, stderr=err,
                                    stdin=subprocess.DEVNULL, env=env)
        self.running.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> int:
        """SIGINT (casefile and Syncthing both stop cleanly on it), then SIGKILL."""
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
        if proc in self.running:
            self.running.remove(proc)
        return proc.returncode

    def stop_all(self) -> None:
        for proc in list(reversed(self.running)):
            self.stop(proc)


@pytest.fixture
def processes() -> Iterator[Processes]:
    procs = Processes()
    try:
        yield procs
    finally:
        procs.stop_all()


@dataclass
class Device:
    name: str
    home: Path
    folder: Path
    gui_port: int
    listen_port: int
    device_id: str = ""
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def log(self) -> Path:
        return self.home / "syncthing.log"

    def rest(self, path: str) -> Any:
        request = urllib.request.Request(f"http://127.0.0.1:{self.gui_port}/rest/{path}",
                                         headers={"X-API-Key": API_KEY})
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return json.loads(response.read() or b"null")

    def log_tail(self) -> str:
        text = "".join(path.read_text(errors="replace")
                       for path in (self.log, self.log.with_suffix(".err")) if path.exists())
        return f"--- syncthing {self.name} ---\n" + "\n".join(text.splitlines()[-40:])


def _set(parent: ET.Element, tag: str, value: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = ET.SubElement(parent, tag)
    element.text = value


def generate(device: Device) -> None:
    """A fresh key and config (``syncthing generate``), its device id read back."""
    assert SYNCTHING is not None
    result = subprocess.run([SYNCTHING, "generate", f"--home={device.home}",
                             "--no-default-folder", "--skip-port-probing"],
                            capture_output=True, text=True, timeout=60, check=True)
    root = ET.parse(device.home / "config.xml").getroot()  # noqa: S314 (ours, just made)
    device.device_id = root.find("device").get("id")  # the first device is this one
    assert device.device_id in result.stdout + result.stderr


def configure(device: Device, peer: Device) -> None:
    """Loopback only, nothing announced or reported, the peer at its explicit address, and
    one folder shared with it, rescanned often and watched."""
    path = device.home / "config.xml"
    tree = ET.parse(path)  # noqa: S314 (written by syncthing generate, above)
    root = tree.getroot()
    gui = root.find("gui")
    gui.set("tls", "false")
    _set(gui, "address", f"127.0.0.1:{device.gui_port}")
    _set(gui, "apikey", API_KEY)
    options = root.find("options")
    for tag, value in {
        "listenAddress": f"tcp://127.0.0.1:{device.listen_port}",
        "globalAnnounceEnabled": "false",
        "localAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "urAccepted": "-1",  # usage reporting declined
        "urSeen": "3",
        "crashReportingEnabled": "false",
        "autoUpgradeIntervalH": "0",
        "startBrowser": "false",
        "announceLANAddresses": "false",
        "stunKeepaliveStartS": "0",  # no STUN servers contacted
    }.items():
        _set(options, tag, value)
    for stale in options.findall("unackedNotificationID"):
        options.remove(stale)
    defaults = root.find("defaults")
    remote = deepcopy(defaults.find("device"))
    remote.set("id", peer.device_id)
    remote.set("name", peer.name)
    _set(remote, "address", f"tcp://127.0.0.1:{peer.listen_port}")
    folder = deepcopy(defaults.find("folder"))
    folder.attrib.update({"id": FOLDER_ID, "label": FOLDER_ID, "path": str(device.folder),
                          "type": "sendreceive", "rescanIntervalS": "5",
                          "fsWatcherEnabled": "true", "fsWatcherDelayS": "1"})
    for old in folder.findall("device"):
        folder.remove(old)
    for member in (device, peer):
        shared = ET.Element("device", {"id": member.device_id, "introducedBy": ""})
        ET.SubElement(shared, "encryptionPassword")
        folder.insert(0, shared)
    # Elements in the order Syncthing writes them: folders, then devices, before <gui>.
    position = list(root).index(root.find("device"))
    root.insert(position, folder)
    root.insert(position + 2, remote)
    tree.write(path, encoding="unicode")


def start_syncthing(device: Device, processes: Processes) -> None:
    assert SYNCTHING is not None
    device.folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(device.home), "STNODEFAULTFOLDER": "1",
           "STNOUPGRADE": "1", "STNORESTART": "1"}
    device.proc = processes.start(
        [SYNCTHING, "serve", f"--home={device.home}", "--no-browser", "--no-restart",
         "--no-upgrade", "--logflags=3"], device.log, env)


@pytest.fixture
def syncthing(tmp_path: Path, processes: Processes) -> tuple[Device, Device]:
    """Two Syncthing devices, connected, sharing one folder (each its own copy)."""
    ports = free_ports(4)
    devices = (Device("anna", tmp_path / "st-anna", tmp_path / "anna-sync", ports[0], ports[1]),
               Device("boris", tmp_path / "st-boris", tmp_path / "boris-sync", ports[2],
                      ports[3]))
    for d in devices:
        generate(d)
    configure(devices[0], devices[1])
    configure(devices[1], devices[0])
    for d in devices:
        start_syncthing(d, processes)

    def logs() -> str:
        return "\n".join(d.log_tail() for d in devices)

    for d in devices:
        wait_for(f"{d.name}'s REST API", lambda d=d: d.rest("system/ping") == {"ping": "pong"},
                 60, logs)
    for d, peer in (devices, devices[::-1]):
        wait_for(f"{d.name} connected to {peer.name}",
                 lambda d=d, peer=peer: d.rest("system/connections")["connections"]
                 .get(peer.device_id, {}).get("connected"), 60, logs)
        wait_for(f"{d.name}'s folder idle",
                 lambda d=d: d.rest(f"db/status?folder={FOLDER_ID}")["state"] == "idle", 60,
                 logs)
    return devices


def casefile_argv() -> list[str]:
    script = Path(sys.executable).with_name("casefile")
    return [str(script)] if script.exists() else [sys.executable, "-m", "casefile.cli"]


def cli_env() -> dict[str, str]:
    return {**os.environ, "CASEFILE_PASSPHRASE": PASSPHRASE, "CASEFILE_LANG": "en",
            "PYTHONUNBUFFERED": "1"}


def casefile(vault: Path, *argv: str) -> str:
    result = subprocess.run([*casefile_argv(), "--vault", str(vault), *argv],
                            capture_output=True, text=True, env=cli_env(), timeout=120,
                            check=False)
    assert result.returncode == 0, f"casefile {' '.join(argv)}: {result.stderr}"
    return result.stdout


class Watcher:
    """``casefile exchange run --watch --json`` in the background; its pass reports read
    back from its output."""

    def __init__(self, vault: Path, log: Path, processes: Processes) -> None:
        self.vault, self.log, self.processes = vault, log, processes
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = self.processes.start(
            [*casefile_argv(), "--vault", str(self.vault), "exchange", "run", "--watch",
             "--interval", WATCH_INTERVAL, "--json"], self.log, cli_env())

    def stop(self) -> None:
        assert self.proc is not None
        self.processes.stop(self.proc)

    def passes(self) -> list[dict[str, Any]]:
        """Every complete pass report written so far (JSON objects one after another)."""
        text = self.log.read_text(encoding="utf-8") if self.log.exists() else ""
        decoder, out, at = json.JSONDecoder(), [], 0
        while (start := text.find("{", at)) >= 0:
            try:
                obj, at = decoder.raw_decode(text, start)
            except json.JSONDecodeError:
                break  # the last one is still being written
            out.append(obj)
        return out

    def imported(self) -> list[dict[str, Any]]:
        return [entry["report"] for p in self.passes() for entry in p["imported"]]

    def explain(self) -> str:
        alive = "running" if self.proc and self.proc.poll() is None else "stopped"
        text = "".join(path.read_text(errors="replace")
                       for path in (self.log, self.log.with_suffix(".err")) if path.exists())
        return f"--- watcher of {self.vault.name} ({alive}) ---\n{text[-3000:]}"


def _bundles(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.cfb") if ".stversions" not in p.parts)


def test_a_change_in_vault_a_reaches_vault_b_over_syncthing(
        tmp_path: Path, syncthing: tuple[Device, Device], processes: Processes) -> None:
    st_a, st_b = syncthing
    a, b = tmp_path / "anna.casefile", tmp_path / "boris.casefile"
    for v in (a, b):
        casefile(v, "init", "--kdf-seconds", "0.05")
    casefile(a, "contact-key", "add", "Boris", casefile(b, "identity", "--json"))
    casefile(b, "contact-key", "add", "Anna", casefile(a, "identity", "--json"))
    person = casefile(a, "add", "person", "--data",
                      json.dumps({"full_name": "Галимов Ринат"})).strip()
    case = casefile(a, "add", "case", "--data", json.dumps(
        {"title": "Уфимское дело", "person_ids": [person]})).strip()
    casefile(a, "share", "Boris", "--case", case)
    casefile(a, "exchange-folder", "set", str(st_a.folder))
    casefile(b, "exchange-folder", "set", str(st_b.folder))
    boris_sub = json.loads(casefile(b, "exchange-folder", "--json"))["own"]

    watch_a = Watcher(a, tmp_path / "watch-anna.log", processes)
    watch_b = Watcher(b, tmp_path / "watch-boris.log", processes)

    def explain() -> str:
        return "\n".join([watch_a.explain(), watch_b.explain(), st_a.log_tail(),
                          st_b.log_tail()])

    watch_b.start()
    watch_a.start()
    # A's first pass writes Boris's bundle into A's copy; Syncthing carries it into B's,
    # where B's watcher applies it and removes it.
    wait_for("anna's bundle for boris to be written",
             lambda: any(p["exported"] for p in watch_a.passes()), 60, explain)
    first = wait_for("the case to arrive in vault B", watch_b.imported, ARRIVAL_TIMEOUT,
                     explain)
    assert [(r["sender"], r["added"]) for r in first] == [("Anna", 2)]

    # Only one casefile at a time may open a vault, and a watcher holds it open: to edit
    # vault A from the command line, its watcher stops for the edit and starts again.
    watch_a.stop()
    casefile(a, "edit", "case", case, "--data",
             json.dumps({"title": "Уфимское дело (апелляция)"}))
    watch_a.start()
    wait_for("the edit to arrive in vault B", lambda: len(watch_b.imported()) > 1,
             ARRIVAL_TIMEOUT, explain)
    assert [(r["sender"], r["changed"]) for r in watch_b.imported()[1:]] == [("Anna", 1)]
    # B removed each bundle once applied, and Syncthing removed it from A's copy too.
    wait_for("the applied bundles to leave both copies",
             lambda: not _bundles(st_a.folder) and not _bundles(st_b.folder), 60, explain)
    assert (st_b.folder / boris_sub).is_dir()

    for w in (watch_a, watch_b):
        w.stop()
    for p in watch_a.passes() + watch_b.passes():
        assert p["rejected"] == [] and p["problems"] == [], p
    cases = json.loads(casefile(b, "list", "case", "--json"))
    assert [c["title"] for c in cases] == ["Уфимское дело (апелляция)"]
    people = json.loads(casefile(b, "list", "person", "--json"))
    assert [p["full_name"] for p in people] == ["Галимов Ринат"]
