"""A relay never passes a write to a contact its origin chose not to share it with: a case
Anna gives Boris alone does not reach Carol, whom Anna also knows, because Boris shares
everything with Carol."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import PASSPHRASE


@pytest.fixture
def group(tmp_path: Path):
    names = ("Anna", "Boris", "Carol")
    vaults = {n: Session.create(tmp_path / f"{n}.casefile", PASSPHRASE, MIN_KDF_SECONDS)
              for n in names}
    for me in names:
        for other in names:
            if me != other:
                bundles.add_contact(vaults[me], other,
                                    bundles.identity(vaults[other]).public.to_json())
    yield vaults
    for v in vaults.values():
        v.close()


def _send(vaults: dict[str, Session], sender: str, to: str, tmp_path: Path) -> bundles.ImportReport:
    bundle = tmp_path / f"{sender}-{to}.cfb"
    bundles.export_bundle(vaults[sender], [to], bundle)
    return bundles.import_bundle(vaults[to], bundle)


def _case(session: Session, title: str) -> dict:
    person = session.add("person", {"full_name": f"Подзащитный {title}"})
    return session.add("case", {"title": title, "person_ids": [person["id"]]})


def test_a_case_shared_with_one_contact_goes_no_further(group, tmp_path: Path) -> None:
    anna, boris, carol = group["Anna"], group["Boris"], group["Carol"]
    secret = _case(anna, "Только Борису")
    bundles.peers(anna).share("Boris", case_ids=[secret["id"]])
    bundles.peers(boris).share("Carol", everything=True)
    boris.add("task", {"title": "Задача Бориса"})

    assert _send(group, "Anna", "Boris", tmp_path).added == 2
    report = _send(group, "Boris", "Carol", tmp_path)

    assert report.added == 1  # Boris's own task, nothing of Anna's case
    assert [c["title"] for c in carol.list("case")] == []
    assert [t["title"] for t in carol.list("task")] == ["Задача Бориса"]
    # Anna's edit later: still only Boris.
    anna.edit("case", secret["id"], {"title": "Только Борису (апелляция)"})
    _send(group, "Anna", "Boris", tmp_path)
    _send(group, "Boris", "Carol", tmp_path)
    assert carol.list("case") == []


def test_a_case_shared_with_both_travels_through_the_relay(group, tmp_path: Path) -> None:
    anna, carol = group["Anna"], group["Carol"]
    both = _case(anna, "Обоим")
    bundles.peers(anna).share("Boris", case_ids=[both["id"]])
    bundles.peers(anna).share("Carol", case_ids=[both["id"]])
    bundles.peers(group["Boris"]).share("Carol", everything=True)

    _send(group, "Anna", "Boris", tmp_path)
    report = _send(group, "Boris", "Carol", tmp_path)  # Anna never sends to Carol herself

    assert report.added == 2
    assert [c["title"] for c in carol.list("case")] == ["Обоим"]
