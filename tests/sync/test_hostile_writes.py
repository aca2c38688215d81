"""A contact whose keys are in hostile hands signs whatever it likes: one bad write is refused
alone, with its reason logged, and never blocks the bundles that follow."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.sync.batches import batch_json, sign_writes
from casefile.sync.bundle import make_bundle
from tests.conftest import PASSPHRASE, tree_bytes
from tests.sync.signed import keys, make_pair, run, signed_bundle, write


@pytest.fixture
def pair(cli, tmp_path: Path) -> tuple[Path, Path]:
    return make_pair(cli, tmp_path)


def test_a_bundle_number_past_any_integer_is_refused_and_changes_nothing(
        cli, pair, tmp_path: Path) -> None:
    a, b = pair
    origin = keys(a, b)[0].public.origin
    task = write(origin, 1, "task", str(uuid.uuid4()), {"title": "Позвонить"})
    f = signed_bundle(a, b, tmp_path / "big.cfb", [task], number=2**70)
    before = tree_bytes(b)
    result = run(cli, b, "bundle", "import", str(f))
    assert result.code == 1 and result.err.startswith("casefile: error: "), result.err
    assert tree_bytes(b) == before


def test_a_gap_in_bundle_numbers_is_named_as_a_range(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    origin = keys(a, b)[0].public.origin
    task = write(origin, 1, "task", str(uuid.uuid4()), {"title": "Позвонить"})
    f = signed_bundle(a, b, tmp_path / "fifth.cfb", [task], number=2**61)
    report = run(cli, b, "bundle", "import", str(f), "--json").json()
    assert f"bundles 1 to {2**61 - 1} from Anna are missing" in report["notes"]
    assert report["added"] == 1


def test_a_case_under_a_persons_id_is_refused_alone_and_never_blocks_a_relay(
        cli, tmp_path: Path) -> None:
    """Mallory signs a "case" whose id is a person Boris holds and gives it to Carol, who
    relays it: Boris refuses that write alone, logs why, and keeps exchanging with Carol."""
    vaults = {n: tmp_path / f"{n}.casefile" for n in ("mallory", "carol", "boris")}
    for v in vaults.values():
        assert run(cli, v, "init", "--kdf-seconds", "0.05").code == 0
    ids = {n: run(cli, v, "identity", "--json").out for n, v in vaults.items()}
    for me, other in (("carol", "mallory"), ("carol", "boris"), ("boris", "carol"),
                      ("boris", "mallory"), ("mallory", "carol")):
        assert run(cli, vaults[me], "contact-key", "add", other.title(), ids[other]).code == 0
    run(cli, vaults["carol"], "share", "Boris", "--all")
    person = run(cli, vaults["boris"], "add", "person", "--data",
                 '{"full_name": "Резник Ирина"}').out.strip()
    with Session.open(vaults["mallory"], PASSPHRASE) as s:
        mallory = bundles.identity(s)
    with Session.open(vaults["carol"], PASSPHRASE) as s:
        carol = bundles.identity(s).public
    origin = mallory.public.origin
    good = str(uuid.uuid4())
    writes = [write(origin, 1, "case", person, {"title": "Подмена"}),
              write(origin, 2, "task", str(uuid.uuid4()), {"title": "Ссылка на персону",
                                                          "case_id": person}),
              write(origin, 3, "task", good, {"title": "Честная задача"})]
    batches = [json.loads(batch_json(sign_writes(mallory, [w]))) for w in writes]
    body = {"bundle_id": uuid.uuid4().hex, "sequence": {carol.signing_key: 1},
            "previous": {}, "vector": {}, "batches": batches}
    crafted = tmp_path / "mallory.cfb"
    crafted.write_bytes(make_bundle(mallory, [carol], body))
    assert run(cli, vaults["carol"], "bundle", "import", str(crafted)).code == 0

    relayed = tmp_path / "relayed.cfb"
    assert run(cli, vaults["carol"], "bundle", "export", "--to", "Boris", "-o",
               str(relayed)).code == 0
    result = run(cli, vaults["boris"], "bundle", "import", str(relayed), "--json")
    assert result.code == 0, result.err
    report = result.json()
    refused = {(r["type"], r["id"]): r["reason"] for r in report["writes_refused"]}
    assert refused[("case", person)] == "its id belongs to a person here"
    assert any(t == "task" and "case_id refers to a person" in why
               for (t, _i), why in refused.items())
    assert run(cli, vaults["boris"], "get", "task", good, "--json").json()["title"] == \
        "Честная задача"
    assert run(cli, vaults["boris"], "get", "person", person, "--json").json()["full_name"] == \
        "Резник Ирина"
    logged = run(cli, vaults["boris"], "exchanges", "--json").json()[-1]
    assert "its id belongs to a person here" in logged["note"]

    # Carol's later bundles still go through (they carry the refused writes again).
    run(cli, vaults["carol"], "add", "task", "--data", '{"title": "Следующая"}')
    later = tmp_path / "later.cfb"
    assert run(cli, vaults["carol"], "bundle", "export", "--to", "Boris", "-o",
               str(later)).code == 0
    again = run(cli, vaults["boris"], "bundle", "import", str(later), "--json")
    assert again.code == 0, again.err
    assert again.json()["added"] == 1


def test_an_upper_case_id_is_the_same_record(cli, pair, tmp_path: Path) -> None:
    _a, b = pair
    made = str(uuid.uuid4())
    upper = made.upper()
    assert run(cli, b, "add", "person", "--data",
               json.dumps({"id": upper, "full_name": "Орлов Олег"})).code == 0
    assert run(cli, b, "get", "person", made, "--json").json()["id"] == made
    assert run(cli, b, "get", "person", upper, "--json").json()["id"] == made
    again = run(cli, b, "add", "person", "--data", json.dumps({"id": made, "full_name": "X"}))
    assert again.code == 1
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps({"type": "person", "id": upper, "full_name": "Орлов О."}) + "\n")
    result = run(cli, b, "import", str(lines), "--json")
    assert result.code == 0, result.err
    assert result.json()["updated"] == 1 and result.json()["added"] == 0
    letter = run(cli, b, "add", "letter", "--json", "--data",
                 json.dumps({"person_id": upper})).json()
    assert letter["person_id"] == made
    assert len(run(cli, b, "list", "person", "--json").json()) == 1


def test_a_bundled_write_with_an_upper_case_id_is_refused(cli, pair, tmp_path: Path) -> None:
    a, b = pair
    origin = keys(a, b)[0].public.origin
    task = write(origin, 1, "task", str(uuid.uuid4()).upper(), {"title": "Позвонить"})
    f = signed_bundle(a, b, tmp_path / "upper.cfb", [task])
    before = tree_bytes(b)
    result = run(cli, b, "bundle", "import", str(f))
    assert result.code == 1 and "malformed" in result.err
    assert tree_bytes(b) == before


@pytest.mark.parametrize(("record_type", "fields", "named"), [
    ("payment", {"amount": "1 500,50"}, "payment.amount"),
    ("facility", {"name": "ИК-2", "parcel_limit_kg": "30,5"}, "facility.parcel_limit_kg"),
    ("task", {"title": "x", "done": "no"}, "task.done"),
    ("task", {"title": "x", "local_only": "yes"}, "local_only"),
    ("parcel", {"total_weight_g": "heavy"}, "total_weight_g"),
])
def test_a_value_not_as_casefile_keeps_it_is_refused_alone(
        cli, pair, tmp_path: Path, record_type: str, fields: dict, named: str) -> None:
    """Values are stored as validated, never as sent: '1 500,50' stored as it came would
    later crash the money view, and 'no' would read as done."""
    a, b = pair
    origin = keys(a, b)[0].public.origin
    bad = write(origin, 1, record_type, str(uuid.uuid4()), fields)
    good = write(origin, 2, "task", str(uuid.uuid4()), {"title": "Честная"})
    result = run(cli, b, "bundle", "import", str(signed_bundle(a, b, tmp_path / "v.cfb",
                                                         [bad, good])), "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert report["added"] == 1
    assert [r["id"] for r in report["writes_refused"]] == [bad["record_id"]]
    assert named in report["writes_refused"][0]["reason"]
    assert run(cli, b, "get", record_type, bad["record_id"]).code == 1
    assert run(cli, b, "money", "--json").code == 0


def test_a_bundle_cannot_grow_the_vault_far_beyond_its_own_size(cli, pair,
                                                                tmp_path: Path) -> None:
    """A bundle numbered 10^7 once stored an 89 MB note ("bundle 1, 2, 3, … is missing");
    a bundle of 200 refused writes stores one line per refusal, up to a bound."""
    a, b = pair
    origin = keys(a, b)[0].public.origin
    bad = [write(origin, n, "task", str(uuid.uuid4()), {"title": "x", "done": "maybe"})
           for n in range(1, 201)]
    f = signed_bundle(a, b, tmp_path / "many.cfb", bad, number=10**7)
    before = sum(len(v) for v in tree_bytes(b).values())
    assert run(cli, b, "bundle", "import", str(f)).code == 0
    run(cli, b, "check")  # folds the write-ahead log into the database
    grown = sum(len(v) for v in tree_bytes(b).values()) - before
    assert grown < 4 * f.stat().st_size + 256 * 1024, (grown, f.stat().st_size)
    note = run(cli, b, "exchanges", "--json").json()[-1]["note"]
    assert "bundles 1 to 9999999 from Anna are missing" in note
    assert note.count("was refused") == 20 and "and 180 more writes were refused" in note
