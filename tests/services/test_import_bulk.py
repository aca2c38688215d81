"""A JSON Lines import writes new records in batches (casefile/vault/bulk.py). The vault it
makes must be the one that adding each record in turn makes (the import before batches,
kept here as the reference): the same records and typed rows, the same history and write
tags, the same search index and hits. What may differ between two vaults: each vault's own
origin id, and the wall-clock parts (created_at/updated_at, the HLC's milliseconds); what
must hold for those is checked on each vault instead (one origin, HLC order = sequence).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.domain.errors import CasefileError, ValidationError
from casefile.domain.records import SPECS
from casefile.domain.validate import validate
from casefile.i18n import _
from casefile.services.demo.records import demo_records
from casefile.services.records.session import Session
from casefile.services.records.transfer import (
    IMPORT_ORDER,
    _parse,
    import_jsonl,
    import_jsonl_report,
)
from casefile.vault import bulk
from casefile.vault.clock import parse_hlc
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import tree_bytes

PASSPHRASE = "a passphrase for bulk import tests"
QUERIES = ("письмо", "суд", "Иванов", "Ivanov", "letter", "адвокат жалоба", "ёлка", "елка",
           "kagarlitsky", "Кагарлицкий", "чай", "zzz-none")


def one_by_one(session: Session, source: Path) -> dict[str, int]:
    """The import as it was before batches: every line through RecordStore.add or edit."""
    parsed = _parse(source)
    parsed.sort(key=lambda item: (IMPORT_ORDER.index(item[1]), item[0]))
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    records = session.vault.records
    with session.vault.db.transaction():
        for number, record_type, obj in parsed:
            try:
                if records.type_of(obj["id"]) is None:
                    records.add(record_type, validate(record_type, obj), record_id=obj["id"])
                    counts["added"] += 1
                    continue
                before = records.get(record_type, obj["id"])
                after = records.edit(record_type, obj["id"],
                                     validate(record_type, obj, partial=True))
                counts["updated" if after != before else "unchanged"] += 1
            except (ValidationError, CasefileError) as exc:
                raise CasefileError(_("line {0}: {1}").format(number, exc)) from None
    return counts


def write_lines(path: Path, records: list[tuple[str, dict[str, Any]]]) -> Path:
    path.write_text("".join(json.dumps({"type": t, **data}, ensure_ascii=False) + "\n"
                            for t, data in records), encoding="utf-8")
    return path


def snapshot(session: Session) -> dict[str, Any]:
    """Everything two equal imports must share, with each vault's own origin and wall-clock
    times checked here and left out."""
    conn = session.vault.db.conn
    origin = session.vault.records.clock.origin
    changes = conn.execute("SELECT origin, seq, hlc, record_id, record_type, op, fields, "
                           "replaces, signature FROM change ORDER BY seq").fetchall()
    assert {row[0] for row in changes} <= {origin}
    times = [parse_hlc(row[2]) for row in changes]
    assert times == sorted(times) and len(set(times)) == len(times)  # HLC order = seq order
    seq_of = {(origin, row[1]): row[1] for row in changes}
    hlc_of = {row[1]: row[2] for row in changes}
    registry = []
    for n, record_id, record_type, created, updated, local_only, tags in conn.execute(
            "SELECT n, id, type, created_at, updated_at, local_only, tags FROM record "
            "ORDER BY n"):
        assert created <= updated
        written = {name: [[seq_of[(o, s)], h] for o, s, h in tag_list]
                   for name, tag_list in json.loads(tags).items()}
        for tag_list in written.values():  # each tag's time is its write's time
            assert all(hlc_of[s] == h for s, h in tag_list)
        registry.append((n, record_id, record_type, local_only,
                         {name: [s for s, _h in ts] for name, ts in written.items()}))
    typed = {spec.type: conn.execute(f"SELECT rowid, * FROM {spec.table} ORDER BY rowid")
             .fetchall() for spec in SPECS.values()}
    listed = {t: [{k: v for k, v in r.items() if k not in ("created_at", "updated_at")}
                  for r in session.list(t, order="created_at", descending=False)]
              for t in SPECS}
    return {
        # An edit's replaced tags name the vault's own origin.
        "changes": [(*row[1:2], *row[3:7], row[7].replace(origin, "<origin>"), row[8])
                    for row in changes],
        "seq": conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone(),
        "registry": registry,
        "typed": typed,
        "listed": listed,
        "index settings": conn.execute("SELECT k, v FROM search_config ORDER BY k").fetchall(),
        "index": conn.execute("SELECT rowid, title, body, names FROM search ORDER BY rowid")
        .fetchall(),
        "hits": {q: [h.as_dict() for h in session.search(q, limit=50)] for q in QUERIES},
        "history": {r[1]: [json.dumps({k: v for k, v in h.items() if k not in ("origin", "hlc")})
                           .replace(origin, "<origin>") for h in session.history(r[1])]
                    for r in registry[:30]},
    }


def both_ways(tmp_path: Path, files: list[Path]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Import the files in turn into a vault in batches and into one record by record."""
    results = []
    for name, importer in (("bulk", import_jsonl), ("one", one_by_one)):
        session = Session.create(tmp_path / f"{name}.casefile", PASSPHRASE, MIN_KDF_SECONDS)
        try:
            counts: list[Any] = []
            for f in files:
                try:
                    counts.append(importer(session, f))
                except CasefileError as exc:  # then both must fail alike
                    counts.append(str(exc))
            results.append({"counts": counts, **snapshot(session)})
        finally:
            session.close()
    return results[0], results[1]


def assert_same(tmp_path: Path, files: list[Path]) -> dict[str, Any]:
    batched, reference = both_ways(tmp_path, files)
    for key in reference:
        assert batched[key] == reference[key], key
    return batched


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several batches even for a small file, so batch boundaries are crossed."""
    monkeypatch.setattr(bulk, "BATCH", 7)


def test_demo_vault_is_the_same_either_way(tmp_path: Path, small_batches: None) -> None:
    records = demo_records(date(2026, 11, 27))
    source = write_lines(tmp_path / "demo.jsonl", records)
    got = assert_same(tmp_path, [source])
    assert got["counts"] == [{"added": len(records), "updated": 0, "unchanged": 0}]
    assert sum(len(rows) for rows in got["typed"].values()) == len(records)
    assert any(got["hits"].values())


def test_updates_between_new_records_are_the_same_either_way(tmp_path: Path,
                                                              small_batches: None) -> None:
    """A second import edits some records and adds others that refer to both, and a file
    that names one id twice adds it, then edits it."""
    records = demo_records(date(2026, 11, 27))
    first = write_lines(tmp_path / "first.jsonl", records[: len(records) // 2])
    people = [(t, d) for t, d in records[: len(records) // 2] if t == "person"]
    person_type, person = people[0]
    renamed = (person_type, {**person, "full_name": "Ёлкин Пётр Кагарлицкий"})
    letter = ("letter", {"id": "0b6e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                         "person_id": person["id"], "body": "Письмо про ёлку и суд"})
    again = ("letter", {**letter[1], "status": "sent", "body": "Письмо ушло"})
    second = write_lines(tmp_path / "second.jsonl",
                         [*records[len(records) // 2:], renamed, people[1], letter, again])
    got = assert_same(tmp_path, [first, second])
    assert got["counts"][1]["updated"] == 2 and got["counts"][1]["unchanged"] == 1


def test_lines_without_ids_make_the_vault_the_given_ids_would(tmp_path: Path,
                                                              small_batches: None) -> None:
    """Lines without an id (across batches, mixed with lines that have one and records
    that refer to those) make the same vault as the same lines carrying the ids given."""
    records = demo_records(date(2026, 11, 27))
    # Letters lose their ids; the people and facilities they refer to keep theirs.
    chosen = [(t, d) for t, d in records if t in ("person", "facility", "letter")]
    stripped = [(t, d if t != "letter" else {k: v for k, v in d.items() if k != "id"})
                for t, d in chosen]
    stripped += [("task", {"title": f"Задача {i}"}) for i in range(15)]
    session = Session.create(tmp_path / "bulk.casefile", PASSPHRASE, MIN_KDF_SECONDS)
    try:
        report = import_jsonl_report(session, write_lines(tmp_path / "no-ids.jsonl", stripped))
        without = sum(1 for _t, d in stripped if "id" not in d)
        assert report.counts == {"added": len(stripped), "updated": 0, "unchanged": 0}
        assert [g.line for g in report.given_ids] == [
            n for n, (_t, d) in enumerate(stripped, 1) if "id" not in d]
        assert len({g.id for g in report.given_ids}) == without > 2 * bulk.BATCH
        batched = snapshot(session)
    finally:
        session.close()
    given = {g.line: g.id for g in report.given_ids}
    with_ids = [(t, d if "id" in d else {"id": given[n], **d})
                for n, (t, d) in enumerate(stripped, 1)]
    reference_vault = Session.create(tmp_path / "one.casefile", PASSPHRASE, MIN_KDF_SECONDS)
    try:
        one_by_one(reference_vault, write_lines(tmp_path / "ids.jsonl", with_ids))
        reference = snapshot(reference_vault)
    finally:
        reference_vault.close()
    for key in reference:
        assert batched[key] == reference[key], key


# -- generated files ----------------------------------------------------------------------

LETTERS = list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяЁЙ abcxyzéüłßšč  ʼ-'.,")
TEXT = st.text(st.sampled_from([*LETTERS, "\n"]), max_size=60)  # LONGTEXT fields
LINE = st.text(st.sampled_from(LETTERS), max_size=30)
NAME = LINE.filter(str.strip)


def uuid_of(n: int, kind: int) -> str:
    return f"{kind:08x}-0000-4000-8000-{n:012x}"


@st.composite
def fund_files(draw: st.DrawFn) -> list[tuple[str, dict[str, Any]]]:
    """People, facilities, cases and letters that refer to them, some ids given twice (the
    second line is an update), in a shuffled order (the import sorts by type)."""
    records: list[tuple[str, dict[str, Any]]] = []
    facilities = [uuid_of(n, 1) for n in range(draw(st.integers(0, 3)))]
    for f in facilities:
        records.append(("facility", {"id": f, "name": draw(NAME), "region": draw(LINE)}))
    people = [uuid_of(n, 2) for n in range(draw(st.integers(1, 6)))]
    for p in people:
        records.append(("person", {
            "id": p, "full_name": draw(NAME), "latin_name": draw(st.none() | NAME),
            "facility_id": draw(st.none() | st.sampled_from(facilities)) if facilities else None,
            "needs": draw(TEXT), "local_only": draw(st.booleans())}))
    for n in range(draw(st.integers(0, 3))):
        records.append(("case", {
            "id": uuid_of(n, 3), "title": draw(NAME),
            "articles": draw(st.lists(NAME, max_size=3)), "judge": draw(st.none() | NAME),
            "person_ids": draw(st.lists(st.sampled_from(people), max_size=3))}))
    for n in range(draw(st.integers(0, 12))):
        records.append(("letter", {
            "id": uuid_of(n, 4), "person_id": draw(st.sampled_from(people)),
            "subject": draw(st.none() | LINE), "body": draw(TEXT),
            "status": draw(st.sampled_from(["draft", "sent"]))}))
    for n in range(draw(st.integers(0, 2))):
        records.append(("parcel", {
            "id": uuid_of(n, 5), "person_id": draw(st.sampled_from(people)),
            "items": [{"name": draw(NAME), "quantity": draw(st.integers(1, 3)),
                       "unit_weight_g": draw(st.integers(0, 900))}]}))
    repeated = draw(st.lists(st.sampled_from(records), max_size=3))
    records += [(t, {**d, "local_only": not d.get("local_only", False)}) for t, d in repeated]
    return draw(st.permutations(records))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(records=fund_files())
def test_generated_files_are_the_same_either_way(tmp_path_factory: pytest.TempPathFactory,
                                                 records: list[tuple[str, dict[str, Any]]],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "BATCH", 3)
    tmp_path = tmp_path_factory.mktemp("generated")
    assert_same(tmp_path, [write_lines(tmp_path / "in.jsonl", records)])


# -- failures -----------------------------------------------------------------------------


def test_a_bad_line_after_written_batches_changes_nothing(cli, initialised: Path,
                                                          tmp_path: Path,
                                                          small_batches: None) -> None:
    """The failure comes after several batches were written in the transaction: the vault
    stays byte for byte as it was, and the message names the line and the field."""
    records = demo_records(date(2026, 11, 27))
    assert cli("import", str(write_lines(tmp_path / "a.jsonl", records[:5]))).code == 0
    before = tree_bytes(initialised)
    letters = [i for i, (t, _d) in enumerate(records) if t == "letter"]
    broken = list(records)
    t, data = broken[letters[len(letters) // 2]]
    broken[letters[len(letters) // 2]] = (t, {**data, "person_id": uuid_of(9, 9)})
    result = cli("import", str(write_lines(tmp_path / "b.jsonl", broken)))
    assert result.code == 1
    line = letters[len(letters) // 2] + 1
    assert f"line {line}" in result.err and "person_id" in result.err, result.err
    assert uuid_of(9, 9) in result.err
    assert tree_bytes(initialised) == before


PERSON = {"id": uuid_of(1, 2), "full_name": "Иванов"}


@pytest.mark.parametrize(("bad", "expected"), [
    ([("person", PERSON), ("letter", {"id": uuid_of(1, 4), "person_id": uuid_of(2, 2)}),
      ("person", {**PERSON, "id": uuid_of(3, 2), "status": "gone"})],
     ("line 3", "person.status")),
    ([("letter", {"id": uuid_of(1, 4), "person_id": PERSON["id"]}), ("person", PERSON),
      ("letter", {"id": uuid_of(2, 4), "person_id": uuid_of(2, 2)})],
     ("line 3", "letter.person_id", uuid_of(2, 2))),
    ([("person", PERSON), ("letter", {"id": PERSON["id"], "person_id": PERSON["id"]})],
     ("line 2", "no letter with id")),
])
def test_bulk_and_one_by_one_name_the_same_problem(tmp_path: Path, bad: list[Any],
                                                   expected: tuple[str, ...]) -> None:
    source = write_lines(tmp_path / "bad.jsonl", bad)
    messages = []
    for name, importer in (("bulk", import_jsonl), ("one", one_by_one)):
        session = Session.create(tmp_path / f"{name}.casefile", PASSPHRASE, MIN_KDF_SECONDS)
        try:
            with pytest.raises(CasefileError) as caught:
                importer(session, source)
            messages.append(str(caught.value))
            assert session.count("person") == 0
        finally:
            session.close()
    assert messages[0] == messages[1]
    assert all(part in messages[0] for part in expected), messages[0]


def test_the_import_page_cache_is_given_back(tmp_path: Path) -> None:
    session = Session.create(tmp_path / "v.casefile", PASSPHRASE, MIN_KDF_SECONDS)
    try:
        def cache() -> int:
            return int(session.vault.db.execute("PRAGMA cache_size").fetchone()[0])

        before = cache()
        good = write_lines(tmp_path / "good.jsonl", [("person", PERSON)])
        assert import_jsonl(session, good)["added"] == 1
        assert cache() == before
        bad = write_lines(tmp_path / "bad.jsonl", [("person", {**PERSON, "status": "x"})])
        with pytest.raises(CasefileError):
            import_jsonl(session, bad)
        assert cache() == before
        assert session.get("person", PERSON["id"])["full_name"] == "Иванов"
    finally:
        session.close()
