"""An import says what did not apply, and why — in its report, in --json, in the exchange log.

A bundle that added 5 records must never be logged as 154.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from tests.conftest import PASSPHRASE, tree_bytes
from tests.sync.signed import make_pair, run, signed_bundle, write


@pytest.fixture
def pair(cli, tmp_path: Path) -> tuple[Path, Path]:
    return make_pair(cli, tmp_path)


def test_a_record_whose_reference_has_not_arrived_is_counted_and_applied_later(
        cli, pair, tmp_path: Path) -> None:
    a, b = pair
    with Session.open(a, PASSPHRASE) as s:
        origin = bundles.identity(s).public.origin
    person, letter = str(uuid.uuid4()), str(uuid.uuid4())
    letter_write = write(origin, 2, "letter", letter,
                          {"person_id": person, "body": "Привет", "direction": "out"})
    first = signed_bundle(a, b, tmp_path / "1.cfb", [letter_write], 1)

    result = run(cli, b, "bundle", "import", str(first), "--json")

    assert result.code == 0, result.err
    report = result.json()
    assert report["added"] == 0
    assert report["records_waiting"] == {"reference": 1, "required": 0, "referred": 0}
    assert report["writes_held_future"] == 0 and report["writes_refused_revoked"] == 0
    assert ("1 record waits for a record it refers to, which has not arrived yet"
            in report["notes"])
    logged = run(cli, b, "exchanges", "--json").json()[-1]
    assert logged["records"] == 0 and "waits for a record" in logged["note"]
    plain = run(cli, b, "bundle", "import", str(first))
    assert "nothing changed" in plain.out  # the same bundle again

    # The person comes in the next bundle: both show, and nothing waits any more.
    person_write = write(origin, 1, "person", person, {"full_name": "Орлов Олег"})
    second = signed_bundle(a, b, tmp_path / "2.cfb", [person_write], 2)
    report = run(cli, b, "bundle", "import", str(second), "--json").json()
    assert report["added"] == 2 and sum(report["records_waiting"].values()) == 0
    assert run(cli, b, "get", "letter", letter, "--json").json()["person_id"] == person
    assert run(cli, b, "exchanges", "--json").json()[-1]["records"] == 2


def test_a_bundle_of_ones_own_says_so_and_changes_nothing(cli, pair, tmp_path: Path) -> None:
    a, _b = pair
    assert run(cli, a, "share", "Boris", "--all").code == 0
    run(cli, a, "add", "task", "--data", '{"title": "Позвонить"}')
    bundle = tmp_path / "to-boris.cfb"
    assert run(cli, a, "bundle", "export", "--to", "Boris", "-o", str(bundle)).code == 0
    before = tree_bytes(a)

    result = run(cli, a, "bundle", "import", str(bundle))

    assert result.code == 1
    assert "this bundle was made by this vault for Boris" in result.err
    assert "unknown key" not in result.err
    assert tree_bytes(a) == before
