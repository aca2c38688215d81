"""A contact's first bundle of a shared case is complete in itself.

Records are applied in the order their references need, whatever order they were made in:
a person held in a facility made after them, a case naming a lawyer added later, a hearing
and a letter. Nothing waits for a second bundle.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.vault.scope import scope_ids
from tests.conftest import PASSPHRASE


def _pair(tmp_path: Path) -> tuple[Session, Session]:
    c = Session.create(tmp_path / "c.casefile", PASSPHRASE, kdf_seconds=0.05)
    d = Session.create(tmp_path / "d.casefile", PASSPHRASE, kdf_seconds=0.05)
    bundles.add_contact(c, "D", bundles.identity(d).public.to_json())
    bundles.add_contact(d, "C", bundles.identity(c).public.to_json())
    return c, d


@pytest.fixture
def pair(tmp_path: Path):
    c, d = _pair(tmp_path)
    yield c, d
    c.close()
    d.close()


def _ids(session: Session) -> set[str]:
    rows = session.vault.db.execute("SELECT id FROM record").fetchall()
    return {r[0] for r in rows}


def test_the_first_bundle_of_a_shared_case_delivers_all_of_it(pair, tmp_path: Path) -> None:
    c, d = pair
    facility = c.add("facility", {"name": "СИЗО-1 Уфа", "address": "Уфа, ул. Достоевского, 99"})
    person = c.add("person", {"full_name": "Галимов Ринат", "facility_id": facility["id"],
                              "status": "pretrial_detention"})
    lawyer = c.add("contact", {"full_name": "Адвокат Иванова", "role": "lawyer"})
    case = c.add("case", {"title": "Дело уфимского кружка", "person_ids": [person["id"]],
                          "lawyer_ids": [lawyer["id"]]})
    hearing = c.add("hearing", {"case_id": case["id"], "starts_at": "2026-12-10T11:30",
                               "timezone": "Asia/Yekaterinburg"})
    letter = c.add("letter", {"person_id": person["id"], "direction": "out",
                              "body": "Держитесь!"})
    bundles.peers(c).share("D", case_ids=[case["id"]])
    bundle = tmp_path / "first.cfb"
    bundles.export_bundle(c, ["D"], bundle)

    report = bundles.import_bundle(d, bundle)

    wanted = {facility["id"], person["id"], lawyer["id"], case["id"], hearing["id"],
              letter["id"]}
    assert _ids(d) == wanted
    assert report.added == len(wanted) and report.waiting == 0
    assert d.get("hearing", hearing["id"])["case_id"] == case["id"]
    assert d.get("letter", letter["id"])["body"] == "Держитесь!"
    logged = bundles.peers(d).exchanges("C")[-1]
    assert logged["records"] == len(wanted)


def test_the_demo_vaults_largest_case_arrives_whole_in_one_bundle(tmp_path: Path) -> None:
    from casefile.services.demo.vault import create_demo

    c = create_demo(tmp_path / "c.casefile", PASSPHRASE, kdf_seconds=0.05)
    d = Session.create(tmp_path / "d.casefile", PASSPHRASE, kdf_seconds=0.05)
    try:
        bundles.add_contact(c, "D", bundles.identity(d).public.to_json())
        bundles.add_contact(d, "C", bundles.identity(c).public.to_json())
        store = bundles.peers(c)
        sizes = {}
        for case in c.list("case"):
            store.set_scope("D", everything=False, case_ids=[case["id"]])
            sizes[case["id"]] = len(scope_ids(c.vault.records, store.get("D")))
        largest = max(sizes, key=lambda k: sizes[k])
        store.set_scope("D", everything=False, case_ids=[largest])
        scope = scope_ids(c.vault.records, store.get("D"))
        assert len(scope) > 20  # people, facilities, hearings, letters, parcels, money
        bundle = tmp_path / "first.cfb"
        bundles.export_bundle(c, ["D"], bundle)

        report = bundles.import_bundle(d, bundle)

        assert _ids(d) == scope
        assert report.applied == report.added == len(scope) and report.waiting == 0
        assert bundles.peers(d).exchanges("C")[-1]["records"] == len(scope)
    finally:
        c.close()
        d.close()


# -- any graph, any order, any scope ---------------------------------------------------------

STEP = st.one_of(
    st.tuples(st.just("facility")),
    st.tuples(st.just("contact")),
    st.tuples(st.just("person"), st.integers(0, 9)),
    st.tuples(st.just("case"), st.lists(st.integers(0, 9), max_size=3),
              st.lists(st.integers(0, 9), max_size=2)),
    st.tuples(st.just("letter"), st.integers(0, 9)),
    st.tuples(st.just("parcel"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("hearing"), st.integers(0, 9)),
    st.tuples(st.just("task"), st.integers(0, 9), st.booleans()),
    # Later edits point earlier records at later ones: writes out of dependency order.
    st.tuples(st.just("hold_at"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("add_defendant"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("add_lawyer"), st.integers(0, 9), st.integers(0, 9)),
)
EXAMPLES = int(os.environ.get("CASEFILE_GRAPH_EXAMPLES", "15"))


def _pick(made: dict[str, list[str]], record_type: str, n: int) -> str | None:
    ids = made[record_type]
    return ids[n % len(ids)] if ids else None


def _build(c: Session, steps: list[tuple]) -> dict[str, list[str]]:
    made: dict[str, list[str]] = {t: [] for t in ("facility", "contact", "person", "case")}
    for n, step in enumerate(steps):
        kind = step[0]
        if kind == "facility":
            made["facility"].append(c.add("facility", {"name": f"СИЗО-{n}"})["id"])
        elif kind == "contact":
            made["contact"].append(c.add("contact", {"full_name": f"Адвокат {n}"})["id"])
        elif kind == "person":
            facility = _pick(made, "facility", step[1])
            made["person"].append(c.add("person", {"full_name": f"Человек {n}",
                                                   "facility_id": facility})["id"])
        elif kind == "case":
            people = sorted({p for i in step[1] if (p := _pick(made, "person", i))})
            lawyers = sorted({p for i in step[2] if (p := _pick(made, "contact", i))})
            made["case"].append(c.add("case", {"title": f"Дело {n}", "person_ids": people,
                                               "lawyer_ids": lawyers})["id"])
        elif kind in ("letter", "parcel") and (person := _pick(made, "person", step[1])):
            data = {"person_id": person}
            if kind == "parcel":
                data["facility_id"] = _pick(made, "facility", step[2])
            c.add(kind, data)
        elif kind == "hearing" and (case := _pick(made, "case", step[1])):
            c.add("hearing", {"case_id": case, "court": f"Суд {n}"})
        elif kind == "task":
            target = _pick(made, "case" if step[2] else "person", step[1])
            c.add("task", {"title": f"Задача {n}",
                           ("case_id" if step[2] else "person_id"): target})
        elif kind == "hold_at" and (person := _pick(made, "person", step[1])) and (
                facility := _pick(made, "facility", step[2])):
            c.edit("person", person, {"facility_id": facility})
        elif kind in ("add_defendant", "add_lawyer") and (case := _pick(made, "case",
                                                                         step[1])):
            field, target = (("person_ids", "person") if kind == "add_defendant"
                             else ("lawyer_ids", "contact"))
            other = _pick(made, target, step[2])
            have = c.get("case", case)[field]
            if other and other not in have:
                c.edit("case", case, {field: [*have, other]})
    return made


@settings(max_examples=EXAMPLES, deadline=None)
@given(steps=st.lists(STEP, min_size=1, max_size=30),
       scope=st.one_of(st.none(), st.lists(st.integers(0, 9), max_size=3)))
@example(steps=[("facility",), ("person", 0)], scope=None)
@example(steps=[("person", 0), ("case", [0], []), ("contact",), ("add_lawyer", 0, 0),
                ("facility",), ("hold_at", 0, 0), ("hearing", 0), ("letter", 0)], scope=[0])
def test_one_bundle_delivers_every_record_in_scope(steps: list[tuple],
                                                   scope: list[int] | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        c, d = _pair(Path(tmp))
        try:
            made = _build(c, steps)
            cases = sorted({k for i in (scope or []) if (k := _pick(made, "case", i))})
            bundles.peers(c).set_scope("D", everything=scope is None, case_ids=cases)
            wanted = scope_ids(c.vault.records, bundles.peers(c).get("D"))
            bundle = Path(tmp) / "first.cfb"
            bundles.export_bundle(c, ["D"], bundle)

            report = bundles.import_bundle(d, bundle)

            assert _ids(d) == wanted
            assert report.added == len(wanted) and report.waiting == 0
        finally:
            c.close()
            d.close()


@pytest.mark.slow
def test_one_bundle_delivers_every_record_in_scope_many_examples() -> None:
    """The same property at 2,000 examples: pytest -m slow (or CASEFILE_GRAPH_EXAMPLES)."""
    inner = test_one_bundle_delivers_every_record_in_scope.hypothesis.inner_test
    many = settings(max_examples=2_000, deadline=None)(inner)
    given(steps=st.lists(STEP, min_size=1, max_size=30),
          scope=st.one_of(st.none(), st.lists(st.integers(0, 9), max_size=3)))(many)()
