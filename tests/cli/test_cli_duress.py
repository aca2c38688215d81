"""The duress passphrase, through the command line: `duress set|off`, then an unlock."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from casefile.vault import header as hdr
from casefile.vault.folder import header_path

DURESS = "tea with grandmother on sunday"
MARKERS = ["Шаповалова Земфира Игнатьевна", "улица Тайная 17", "Zgmvqx Plorbenko"]


def encodings(marker: str) -> list[bytes]:
    escaped = json.dumps(marker)[1:-1].encode("ascii")  # \\u0428...
    return [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be"),
            escaped, escaped.lower(), escaped.upper()]


def found(roots: list[Path], skip: list[Path]) -> list[str]:
    hits = []
    for root in roots:
        for path in root.rglob("*"):
            if not path.is_file() or path.is_symlink() or any(path.is_relative_to(s) for s in skip):
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            hits += [f"{path}: {m}" for m in MARKERS if any(e in data for e in encodings(m))]
    return hits


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def test_duress_opens_the_decoy_and_nothing_opens_the_real_data_again(
        cli, initialised: Path, tmp_path: Path, private_tmp: Path) -> None:
    person = cli("add", "person", "--json", "--data",
                 json.dumps({"full_name": MARKERS[0], "notes": MARKERS[2]})).json()
    assert cli("add", "letter", "--data", json.dumps(
        {"person_id": person["id"], "body": MARKERS[1]})).code == 0
    words = cli("recovery", "new").out.strip()
    decoy_records = tmp_path / "innocuous.jsonl"
    decoy_records.write_text(json.dumps({"type": "person", "full_name": "Петров Пётр"}) + "\n",
                             encoding="utf-8")
    result = cli("duress", "set", "--records", str(decoy_records),
                 env={"CASEFILE_DURESS_PASSPHRASE": DURESS})
    assert result.code == 0, result.err
    # The real passphrase still opens the real data, as before.
    assert [p["full_name"] for p in cli("list", "person", "--json").json()] == [MARKERS[0]]

    opened = cli("list", "person", "--json", passphrase=DURESS)
    assert opened.code == 0 and opened.err == ""  # no message
    assert [p["full_name"] for p in opened.json()] == ["Петров Пётр"]

    wrong = cli("list", "person")
    assert (wrong.code, wrong.err.strip()) == (1, "casefile: error: wrong passphrase")
    recovered = cli("passwd", "--recovery", passphrase=None,
                    env={"CASEFILE_RECOVERY_CODE": words, "CASEFILE_NEW_PASSPHRASE": "x"})
    assert recovered.code == 1 and "wrong recovery code" in recovered.err
    # The decoy goes on as an ordinary vault, opened by the duress passphrase.
    assert cli("check", passphrase=DURESS).code == 0
    assert cli("list", "person", "--json", passphrase=DURESS).json()[0]["full_name"] == \
        "Петров Пётр"
    # Nothing anywhere holds the real data, in any of the encodings.
    home = Path(os.environ["HOME"])
    assert found([initialised, home, private_tmp], skip=[decoy_records]) == []
    # Nothing on disk says a duress passphrase existed: an ordinary header and folder.
    assert sorted(p.name for p in initialised.iterdir()) == ["header.json", "spare.db",
                                                             "vault.db", "vault.lock"]
    assert hdr.read(header_path(initialised)).version == hdr.VERSION
    assert not any(p.name.startswith(".") for p in initialised.iterdir())


def test_duress_off_makes_the_duress_passphrase_a_wrong_one(cli, initialised: Path) -> None:
    cli("add", "person", "--data", json.dumps({"full_name": MARKERS[0]}))
    assert cli("duress", "set", env={"CASEFILE_DURESS_PASSPHRASE": DURESS}).code == 0
    assert cli("duress", "off").code == 0
    assert cli("list", "person", passphrase=DURESS).code == 1
    assert [p["full_name"] for p in cli("list", "person", "--json").json()] == [MARKERS[0]]


def test_the_duress_passphrase_cannot_be_the_passphrase(cli, initialised: Path) -> None:
    from tests.conftest import PASSPHRASE

    result = cli("duress", "set", env={"CASEFILE_DURESS_PASSPHRASE": PASSPHRASE})
    assert result.code == 1 and "differ" in result.err
    changed = cli("duress", "set", env={"CASEFILE_DURESS_PASSPHRASE": DURESS})
    assert changed.code == 0
    clash = cli("passwd", env={"CASEFILE_NEW_PASSPHRASE": DURESS})
    assert clash.code == 1 and "another passphrase" in clash.err
    assert cli("list", "person").code == 0


def test_an_empty_decoy(cli, initialised: Path) -> None:
    cli("add", "person", "--data", json.dumps({"full_name": MARKERS[0]}))
    assert cli("duress", "set", env={"CASEFILE_DURESS_PASSPHRASE": DURESS}).code == 0
    assert cli("list", "person", "--json", passphrase=DURESS).json() == []
