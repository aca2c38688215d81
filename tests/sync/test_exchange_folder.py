"""Exchange folders: three vaults share one folder (as Syncthing would carry it) and keep in
step with no command but ``exchange run``; half-written and tampered files are handled."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from casefile.services.exchange import shared_folder

MARKERS = ("Галимов Ринат", "Уфимское дело", "Тайнов Секрет", "Дело Тайнова", "апелляция",
           "кассация")


def run(cli, vault: Path, *argv: str):
    return cli("--vault", str(vault), *argv)


def exchange_run(cli, vault: Path) -> dict:
    result = run(cli, vault, "exchange", "run", "--json")
    assert result.code == 0, result.err
    return result.json()


@pytest.fixture
def group(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Anna ↔ Boris ↔ Carol (Anna and Carol do not know each other), one shared folder."""
    monkeypatch.setattr(shared_folder, "SETTLE_SECONDS", 0.0)
    vaults = {n: tmp_path / f"{n}.casefile" for n in ("Anna", "Boris", "Carol")}
    for v in vaults.values():
        assert run(cli, v, "init", "--kdf-seconds", "0.05").code == 0
    ids = {n: run(cli, v, "identity", "--json").out for n, v in vaults.items()}
    for me, other in (("Anna", "Boris"), ("Boris", "Anna"), ("Boris", "Carol"),
                      ("Carol", "Boris")):
        assert run(cli, vaults[me], "contact-key", "add", other, ids[other]).code == 0
    shared = tmp_path / "Sync" / "casefile"
    for v in vaults.values():
        result = run(cli, v, "exchange-folder", "set", str(shared), "--json")
        assert result.code == 0, result.err
    return vaults, shared


def _case(cli, vault: Path, title: str, person: str) -> str:
    pid = run(cli, vault, "add", "person", "--data", json.dumps({"full_name": person})).out
    return run(cli, vault, "add", "case", "--data",
               json.dumps({"title": title, "person_ids": [pid.strip()]})).out.strip()


def _no_plaintext_outside(tmp_path: Path, vaults: dict[str, Path]) -> None:
    """No file outside the vault folders holds any marker, in UTF-8 or UTF-16."""
    inside = {v.resolve() for v in vaults.values()}
    for path in tmp_path.rglob("*"):
        if not path.is_file() or any(p in inside for p in path.resolve().parents):
            continue
        data = path.read_bytes()
        for marker in MARKERS:
            for encoded in (marker.encode(), marker.encode("utf-16-le")):
                assert encoded not in data, f"{marker} in {path}"


def _bundles(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.cfb"))


def _titles(cli, vault: Path) -> list[str]:
    return sorted(c["title"] for c in run(cli, vault, "list", "case", "--json").json())


def test_edits_in_anna_reach_carol_through_boris(cli, group, tmp_path: Path) -> None:
    vaults, shared = group
    a, b, c = vaults["Anna"], vaults["Boris"], vaults["Carol"]
    ufa = _case(cli, a, "Уфимское дело", "Галимов Ринат")
    _case(cli, a, "Дело Тайнова", "Тайнов Секрет")  # not shared with anyone
    assert run(cli, a, "share", "Boris", "--case", ufa).code == 0
    assert run(cli, b, "share", "Carol", "--all").code == 0
    assert run(cli, b, "share", "Anna", "--all").code == 0

    first = exchange_run(cli, a)
    assert [e["to"] for e in first["exported"]] == ["Boris"]
    names = {p.parent.name for p in _bundles(shared)}
    boris_folder = run(cli, b, "exchange-folder", "--json").json()["own"]
    assert names == {boris_folder} and len(boris_folder) == 16
    for p in _bundles(shared):  # the name tells nothing: a date and random hex
        assert shared_folder.NAME_RE.match(p.name)
    _no_plaintext_outside(tmp_path, vaults)

    relay = exchange_run(cli, b)
    assert [e["report"]["sender"] for e in relay["imported"]] == ["Anna"]
    assert [e["to"] for e in relay["exported"]] == ["Carol"]  # nothing new for Anna
    _no_plaintext_outside(tmp_path, vaults)
    arrived = exchange_run(cli, c)
    assert [e["report"]["added"] for e in arrived["imported"]] == [2]
    assert _titles(cli, c) == ["Уфимское дело"]  # the unshared case stayed with Anna
    assert _bundles(shared) == []  # applied bundles are removed

    # An edit travels the same way; and then everything is quiet.
    assert run(cli, a, "edit", "case", ufa, "--data",
               json.dumps({"title": "Уфимское дело (апелляция)"})).code == 0
    exchange_run(cli, a)
    exchange_run(cli, b)
    exchange_run(cli, c)
    assert _titles(cli, c) == ["Уфимское дело (апелляция)"]
    for v in (a, b, c, a, b, c):
        quiet = exchange_run(cli, v)
        assert quiet["exported"] == [] and quiet["imported"] == [], quiet
    assert _bundles(shared) == []
    _no_plaintext_outside(tmp_path, vaults)
    # Carol's edit goes back to Boris (Carol shares with him), and on to Anna.
    assert run(cli, c, "share", "Boris", "--all").code == 0
    assert run(cli, c, "edit", "case", ufa, "--data",
               json.dumps({"title": "Уфимское дело (кассация)"})).code == 0
    for v in (c, b, a):
        exchange_run(cli, v)
    assert "Уфимское дело (кассация)" in _titles(cli, a)
    _no_plaintext_outside(tmp_path, vaults)


def test_a_half_written_file_waits_and_is_read_once_complete(
        cli, group, monkeypatch: pytest.MonkeyPatch) -> None:
    vaults, shared = group
    a, b = vaults["Anna"], vaults["Boris"]
    assert run(cli, a, "share", "Boris", "--all").code == 0
    run(cli, a, "add", "person", "--data", json.dumps({"full_name": "Галимов Ринат"}))
    exchange_run(cli, a)
    [bundle] = _bundles(shared)
    data = bundle.read_bytes()
    bundle.unlink()
    # A carrier copying it in place: half of it under its final name, just now.
    bundle.write_bytes(data[: len(data) // 2])
    folder = bundle.parent
    for name in (".syncthing.x.cfb.tmp", "~x.cfb", "x.cfb.part", ".hidden.cfb"):
        (folder / name).write_bytes(b"partial")
    monkeypatch.setattr(shared_folder, "SETTLE_SECONDS", 5.0)
    waiting = exchange_run(cli, b)
    assert waiting["waiting"] == 1 and waiting["imported"] == [] and waiting["rejected"] == []
    with bundle.open("ab") as fh:
        fh.write(data[len(data) // 2:])
    assert exchange_run(cli, b)["waiting"] == 1  # complete, but changed a moment ago
    past = time.time() - 60
    os.utime(bundle, (past, past))
    done = exchange_run(cli, b)
    assert [e["report"]["added"] for e in done["imported"]] == [1] and done["waiting"] == 0
    assert run(cli, b, "list", "person", "--json").json()[0]["full_name"] == "Галимов Ринат"
    # The sync tool's own files were not touched.
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == sorted(
        (".syncthing.x.cfb.tmp", "~x.cfb", "x.cfb.part", ".hidden.cfb"))


def test_a_tampered_file_is_moved_aside_logged_and_changes_nothing(cli, group) -> None:
    vaults, shared = group
    a, b = vaults["Anna"], vaults["Boris"]
    assert run(cli, a, "share", "Boris", "--all").code == 0
    run(cli, a, "add", "person", "--data", json.dumps({"full_name": "Галимов Ринат"}))
    exchange_run(cli, a)
    [bundle] = _bundles(shared)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    result = exchange_run(cli, b)
    assert [r["file"] for r in result["rejected"]] == [bundle.name]
    assert result["imported"] == []
    moved = bundle.parent / "rejected" / bundle.name
    assert moved.read_bytes() == bytes(data) and not bundle.exists()
    assert run(cli, b, "list", "person", "--json").json() == []
    log = run(cli, b, "exchanges", "--json").json()
    assert any(bundle.name in e["note"] and "rejected" in e["note"] for e in log)
    again = exchange_run(cli, b)  # never tried again
    assert again["rejected"] == [] and moved.exists()
    assert len(run(cli, b, "exchanges", "--json").json()) == len(log)


def test_exchange_folder_setting(cli, group, tmp_path: Path) -> None:
    vaults, shared = group
    a = vaults["Anna"]
    shown = run(cli, a, "exchange-folder", "--json").json()
    assert shown["folder"] == str(shared) and shown["keep_days"] == 0
    inside = run(cli, a, "exchange-folder", "set", str(a / "x"))
    assert inside.code == 1 and "vault folder" in inside.err
    assert run(cli, a, "exchange-folder", "off").code == 0
    assert run(cli, a, "exchange-folder", "--json").json()["folder"] is None
    missing = run(cli, a, "exchange", "run")
    assert missing.code == 1 and "exchange-folder set" in missing.err
    # The setting lives in the vault, encrypted: no file outside it names the folder.
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.is_relative_to(a):
            assert str(shared).encode() not in path.read_bytes()


def test_kept_days_and_watch(cli, group, monkeypatch: pytest.MonkeyPatch) -> None:
    vaults, shared = group
    a, b = vaults["Anna"], vaults["Boris"]
    assert run(cli, b, "exchange-folder", "set", str(shared), "--keep-days", "2").code == 0
    assert run(cli, a, "share", "Boris", "--all").code == 0
    run(cli, a, "add", "person", "--data", json.dumps({"full_name": "Галимов Ринат"}))
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    result = run(cli, a, "exchange", "run", "--watch", "--passes", "3", "--interval", "7")
    assert result.code == 0 and slept == [7.0, 7.0]
    assert len(_bundles(shared)) == 1  # one bundle, not one per pass
    exchange_run(cli, b)
    [kept] = _bundles(shared)
    assert kept.parent.name == "applied"
    with_report = exchange_run(cli, b)
    assert with_report["imported"] == [] and kept.exists()  # not imported again
    old = time.time() - 3 * 86400
    os.utime(kept, (old, old))
    assert exchange_run(cli, b)["removed"] == 1 and not kept.exists()


def test_a_sync_folder_per_sender_inside_ones_own(cli, group) -> None:
    """Per pair (docs/exchange.md): Anna's bundles for Boris arrive in a folder of their own
    inside Boris's, where a sync tool shared with Anna alone puts them."""
    vaults, shared = group
    a, b = vaults["Anna"], vaults["Boris"]
    assert run(cli, a, "share", "Boris", "--all").code == 0
    run(cli, a, "add", "person", "--data", json.dumps({"full_name": "Галимов Ринат"}))
    exchange_run(cli, a)
    [bundle] = _bundles(shared)
    pair = bundle.parent / "anna"
    pair.mkdir()
    bundle.rename(pair / bundle.name)
    done = exchange_run(cli, b)
    assert [e["file"] for e in done["imported"]] == [f"anna/{bundle.name}"]
    assert _bundles(shared) == []
