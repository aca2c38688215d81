"""A group member may be an informant: stop sending them a case, keep working with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.services.exchange.bundles import identity
from casefile.services.records.session import Session
from casefile.sync.bundle import open_bundle
from tests.conftest import PASSPHRASE, tree_bytes


def run(cli, vault: Path, *argv: str):
    return cli("--vault", str(vault), *argv)


@pytest.fixture
def pair(cli, tmp_path: Path):
    a, b = tmp_path / "anna.casefile", tmp_path / "boris.casefile"
    for v in (a, b):
        assert run(cli, v, "init", "--kdf-seconds", "0.05").code == 0
    for vault, name, other in ((b, "Anna", a), (a, "Boris", b)):
        key = run(cli, other, "identity", "--json").out
        assert run(cli, vault, "contact-key", "add", name, key).code == 0
    return a, b


def _case(cli, vault: Path, title: str, person: str) -> str:
    pid = run(cli, vault, "add", "person", "--data", json.dumps({"full_name": person})).out.strip()
    return run(cli, vault, "add", "case", "--data",
               json.dumps({"title": title, "person_ids": [pid]})).out.strip()


def _body_text(a: Path, b: Path, bundle: Path) -> str:
    with Session.open(b, PASSPHRASE) as s:
        me = identity(s)
    with Session.open(a, PASSPHRASE) as s:
        anna = identity(s).public
    return json.dumps(open_bundle(bundle.read_bytes(), me, [anna]).body, ensure_ascii=False)


def test_an_unshared_case_stops_travelling_but_its_deletion_still_arrives(
        cli, pair, tmp_path: Path) -> None:
    a, b = pair
    ufa = _case(cli, a, "Уфимское дело", "Галимов Ринат")
    other = _case(cli, a, "Дело Тайнова", "Тайнов Пётр")
    assert run(cli, a, "share", "Boris", "--case", ufa, "--case", other).code == 0
    first = tmp_path / "1.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(first)).code == 0
    assert run(cli, b, "bundle", "import", str(first)).code == 0

    narrowed = run(cli, a, "unshare", "Boris", "--case", other, "--json")
    assert narrowed.code == 0 and narrowed.json()["scope"] == [ufa]
    run(cli, a, "edit", "case", ufa, "--data", '{"title": "Уфимское дело (апелляция)"}')
    run(cli, a, "edit", "case", other, "--data", '{"title": "Дело Тайнова: новый свидетель"}')
    second = tmp_path / "2.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(second)).code == 0
    text = _body_text(a, b, second)
    assert "апелляция" in text and "новый свидетель" not in text
    assert run(cli, b, "bundle", "import", str(second)).code == 0
    assert run(cli, b, "get", "case", other, "--json").json()["title"] == "Дело Тайнова"

    # He holds the case still; if Anna deletes it, the deletion reaches him.
    assert run(cli, a, "delete", "case", other).code == 0
    third = tmp_path / "3.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(third)).code == 0
    assert run(cli, b, "bundle", "import", str(third)).code == 0
    assert run(cli, b, "get", "case", other).code == 1


def test_unsharing_what_is_not_shared_is_named_and_changes_nothing(cli, pair) -> None:
    a, _b = pair
    ufa = _case(cli, a, "Уфимское дело", "Галимов Ринат")
    before = tree_bytes(a)
    for argv, message in ((("Boris",), "unshare needs --all or --case ID"),
                          (("Boris", "--case", ufa), f"case {ufa} is not shared with Boris"),
                          (("Nobody", "--all"), "no trusted contact named Nobody")):
        result = run(cli, a, "unshare", *argv)
        assert result.code == 1 and message in result.err, result.err
    assert tree_bytes(a) == before
    assert run(cli, a, "share", "Boris", "--all").code == 0
    result = run(cli, a, "unshare", "Boris", "--case", ufa)
    assert result.code == 1 and "receives everything" in result.err
    assert run(cli, a, "unshare", "Boris", "--all").code == 0
    listed = run(cli, a, "contact-key", "list", "--json").json()
    assert listed[0]["scope"] == []
