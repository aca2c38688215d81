"""`export` and `list --json` stream their records (issue 18, item 8): read from the vault a
batch at a time and written as they come, with output byte for byte what building the whole
list first printed. The references below are computed the old way, from ``Session.list``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from casefile.domain.describe import record_title
from casefile.domain.records import TYPES
from casefile.services.records.session import Session
from tests.benchmarks.fund import Sizes, write_jsonl
from tests.conftest import PASSPHRASE, Result

# A few hundred records; more letters than one batch (500) of the stream.
SIZES = Sizes(people=25, facilities=6, contacts=12, cases=15, letters=620, hearings=40,
              parcels=30, payments=60)


@pytest.fixture
def filled(cli: Callable[..., Result], initialised: Path, tmp_path: Path) -> Path:
    source = tmp_path / "fund.jsonl"
    write_jsonl(source, sizes=SIZES)
    result = cli("import", str(source))
    assert result.code == 0, result.err
    # A few added one by one (created at their own times), and a type left empty.
    person = cli("add", "person", "--json", "--data", '{"full_name": "Орлов Олег"}').json()
    assert isinstance(person, dict)
    for n in range(3):
        assert cli("add", "event", "--data", json.dumps(
            {"person_id": person["id"], "on": f"2026-0{n + 1}-01",
             "description": f"событие {n}"})).code == 0
    return initialised


def old_list_json(vault: Path, record_type: str, **options: object) -> str:
    with Session.open(vault, PASSPHRASE) as session:
        return json.dumps(session.list(record_type, **options),  # type: ignore[arg-type]
                          ensure_ascii=False, indent=2) + "\n"


CASES: list[tuple[list[str], dict[str, object]]] = [
    ([], {}),
    (["--limit", "7"], {"limit": 7}),
    (["--limit", "0"], {"limit": 0}),
    (["--limit", "560"], {"limit": 560}),
    (["--sort", "subject"], {"order": "subject"}),
    (["--sort", "status", "--desc"], {"order": "status", "descending": True}),
    (["--sort", "created_at", "--limit", "501"], {"order": "created_at", "limit": 501}),
    (["--where", "direction=in"], {"where": {"direction": "in"}}),
    (["--where", "channel=email", "--sort", "sent_on", "--limit", "40"],
     {"where": {"channel": "email"}, "order": "sent_on", "limit": 40}),
]


@pytest.mark.parametrize(("args", "options"), CASES)
def test_list_letter_json_is_byte_identical(cli: Callable[..., Result], filled: Path,
                                            args: list[str], options: dict[str, object]) -> None:
    result = cli("list", "letter", "--json", *args)
    assert result.code == 0, result.err
    assert result.out == old_list_json(filled, "letter", **options)


def test_list_every_type_is_byte_identical(cli: Callable[..., Result], filled: Path) -> None:
    for record_type in TYPES:
        result = cli("list", record_type, "--json")
        assert result.code == 0, result.err
        assert result.out == old_list_json(filled, record_type), record_type
        with Session.open(filled, PASSPHRASE) as session:
            old = session.list(record_type)
        plain = cli("list", record_type)
        assert plain.out == "".join(f"{r['id']}\t{record_title(r)}\n" for r in old)
    assert cli("list", "task", "--json").out == "[]\n"  # none: the empty list as before


def test_a_wrong_filter_fails_before_any_output(cli: Callable[..., Result],
                                                filled: Path) -> None:
    result = cli("list", "letter", "--json", "--where", "nosuch=1")
    assert result.code == 1 and result.out == ""
    result = cli("list", "letter", "--json", "--sort", "nosuch")
    assert result.code == 1 and result.out == ""


def test_export_is_byte_identical(cli: Callable[..., Result], filled: Path,
                                  tmp_path: Path) -> None:
    with Session.open(filled, PASSPHRASE) as session:
        def old(types: tuple[str, ...]) -> bytes:
            return b"".join(
                (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()
                for record_type in types
                for record in session.list(record_type, order="created_at", descending=False))
        everything, some = old(TYPES), old(("payment", "letter"))
    out = tmp_path / "all.jsonl"
    assert cli("export", "-o", str(out), "--yes").code == 0
    assert out.read_bytes() == everything
    assert cli("export", "-o", str(out), "--yes", "--type", "payment", "--type",
               "letter").code == 0
    assert out.read_bytes() == some


def test_iterate_in_small_batches_matches_list(filled: Path) -> None:
    """Batch edges (ties in the sort key fall on both sides of them) change nothing."""
    with Session.open(filled, PASSPHRASE) as session:
        records = session.vault.records
        for order in (None, "created_at", "status", "sent_on"):
            for batch in (1, 7, 500):
                assert list(records.iterate("letter", order=order, batch=batch)) == \
                    records.list("letter", order=order), (order, batch)
