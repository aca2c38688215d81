"""A coordinator's laptop is seized: the others stop trusting it, and revoke its key.

Anna, Boris and Carol all trust each other. Boris's laptop is taken in a search. Whoever has
it now can sign bundles as Boris and make new writes under his key.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import tree_bytes

KDF = "0.05"


def run(cli, vault: Path, *argv: str):
    return cli("--vault", str(vault), *argv)


@pytest.fixture
def group(cli, tmp_path: Path) -> dict[str, Path]:
    vaults = {n: tmp_path / f"{n}.casefile" for n in ("anna", "boris", "carol")}
    ids = {}
    for name, vault in vaults.items():
        assert run(cli, vault, "init", "--kdf-seconds", KDF).code == 0
        ids[name] = run(cli, vault, "identity", "--json").out
    for name, vault in vaults.items():
        for other in vaults:
            if other != name:
                assert run(cli, vault, "contact-key", "add", other.title(), ids[other]).code == 0
                assert run(cli, vault, "share", other.title(), "--all").code == 0
    return vaults


def _send(cli, sender: Path, to: str, target: Path) -> Path:
    result = run(cli, sender, "bundle", "export", "--to", to, "-o", str(target))
    assert result.code == 0, result.err
    return target


def test_a_removed_contact_is_sent_nothing_and_their_bundles_are_refused(
        cli, group: dict[str, Path], tmp_path: Path) -> None:
    anna, boris = group["anna"], group["boris"]
    task = run(cli, boris, "add", "task", "--data", '{"title": "до обыска"}').out.strip()
    earlier = _send(cli, boris, "Anna", tmp_path / "earlier.cfb")
    assert run(cli, anna, "bundle", "import", str(earlier)).code == 0
    # After the search: the seized laptop signs a bundle with a new write.
    run(cli, boris, "edit", "task", task, "--data", '{"title": "подменено"}')
    forged = _send(cli, boris, "Anna", tmp_path / "forged.cfb")

    removed = run(cli, anna, "contact-key", "remove", "Boris")
    assert removed.code == 0 and "Boris is no longer trusted" in removed.out
    names = [c["name"] for c in run(cli, anna, "contact-key", "list", "--json").json()]
    assert names == ["Carol"]
    before = tree_bytes(anna)
    result = run(cli, anna, "bundle", "import", str(forged))
    assert result.code == 1 and "unknown key" in result.err
    assert tree_bytes(anna) == before
    out = run(cli, anna, "bundle", "export", "--to", "Boris", "-o", str(tmp_path / "x.cfb"))
    assert out.code == 1 and "no trusted contact named Boris" in out.err
    # What came before the search stays, and so does the log of it.
    assert run(cli, anna, "get", "task", task, "--json").json()["title"] == "до обыска"
    assert [e["peer"] for e in run(cli, anna, "exchanges", "--json").json()] == ["Boris"]


def test_a_revoked_key_cannot_reach_anna_through_carol(cli, group: dict[str, Path],
                                                       tmp_path: Path) -> None:
    anna, boris, carol = group["anna"], group["boris"], group["carol"]
    task = run(cli, boris, "add", "task", "--data", '{"title": "до обыска"}').out.strip()
    assert run(cli, anna, "bundle", "import",
               str(_send(cli, boris, "Anna", tmp_path / "1.cfb"))).code == 0
    # Anna hears of the search first and revokes Boris's key; Carol has not heard yet and
    # imports what the seized laptop sends her, then passes it on with news of her own.
    revoked = run(cli, anna, "contact-key", "remove", "Boris", "--revoke")
    assert revoked.code == 0 and "revoked" in revoked.out
    run(cli, boris, "edit", "task", task, "--data", '{"title": "подменено"}')
    planted = run(cli, boris, "add", "person", "--data",
                  '{"full_name": "Подставной Свидетель"}').out.strip()
    assert run(cli, carol, "bundle", "import",
               str(_send(cli, boris, "Carol", tmp_path / "2.cfb"))).code == 0
    news = run(cli, carol, "add", "task", "--data", '{"title": "новость от Карол"}').out.strip()
    report = run(cli, anna, "bundle", "import",
                 str(_send(cli, carol, "Anna", tmp_path / "3.cfb")), "--json").json()
    assert report["sender"] == "Carol"
    assert "2 writes made with the revoked key of Boris were refused" in report["notes"]
    assert run(cli, anna, "get", "task", news, "--json").json()["title"] == "новость от Карол"
    assert run(cli, anna, "get", "task", task, "--json").json()["title"] == "до обыска"
    missing = run(cli, anna, "get", "person", planted)
    assert missing.code == 1
    # The revoked key cannot be trusted again by mistake.
    boris_id = run(cli, boris, "identity", "--json").out
    again = run(cli, anna, "contact-key", "add", "Борис (новый ноутбук?)", boris_id)
    assert again.code == 1 and "was revoked" in again.err


def test_bad_removals_name_the_problem(cli, group: dict[str, Path]) -> None:
    anna = group["anna"]
    before = tree_bytes(anna)
    for argv, message in ((("remove", "Nobody"), "no trusted contact named Nobody"),
                          (("remove",), "contact-key remove needs NAME"),
                          (("add", "X", "{}", "--revoke"), "--revoke goes with")):
        result = run(cli, anna, "contact-key", *argv)
        assert result.code == 1 and message in result.err, result.err
    assert tree_bytes(anna) == before
    assert json.loads(run(cli, anna, "contact-key", "list", "--json").out)


def test_a_contact_added_again_with_a_new_key_starts_numbering_afresh(
        cli, group: dict[str, Path], tmp_path: Path) -> None:
    """Boris gets a new laptop and a new vault; Anna removes the old key (revoking it) and
    trusts the new one under the same name. His first bundle is number 1 again: not "late"."""
    anna, boris = group["anna"], group["boris"]
    for n in (1, 2):
        assert run(cli, anna, "bundle", "import",
                   str(_send(cli, boris, "Anna", tmp_path / f"old{n}.cfb"))).code == 0
    assert run(cli, anna, "contact-key", "remove", "Boris", "--revoke").code == 0
    new = tmp_path / "boris-new.casefile"
    assert run(cli, new, "init", "--kdf-seconds", KDF).code == 0
    assert run(cli, new, "contact-key", "add", "Anna",
               run(cli, anna, "identity", "--json").out).code == 0
    assert run(cli, new, "share", "Anna", "--all").code == 0
    time.sleep(1.1)  # the exchange log counts in whole seconds
    assert run(cli, anna, "contact-key", "add", "Boris",
               run(cli, new, "identity", "--json").out).code == 0
    run(cli, new, "add", "task", "--data", '{"title": "с нового ноутбука"}')
    report = run(cli, anna, "bundle", "import",
                 str(_send(cli, new, "Anna", tmp_path / "new1.cfb")), "--json").json()
    assert report["added"] == 1 and report["notes"] == []
