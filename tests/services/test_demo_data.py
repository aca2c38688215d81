"""The demo vault's sample data: valid, self-consistent, deterministic and rich enough."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from casefile.domain.records import SPECS
from casefile.domain.validate import is_uuid, validate
from casefile.services.demo.data import DEMO_PASSPHRASE, demo_id
from casefile.services.demo.records import demo_records

TODAY = date(2025, 3, 14)

Record = tuple[str, dict[str, Any]]


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return demo_records(TODAY)


def of_type(records: list[Record], record_type: str) -> list[dict[str, Any]]:
    return [data for kind, data in records if kind == record_type]


def test_passphrase_constant() -> None:
    assert DEMO_PASSPHRASE == "demo"


def test_every_record_validates(records: list[Record]) -> None:
    for record_type, data in records:
        validate(record_type, data)


@pytest.mark.parametrize("today", [date(2024, 1, 1), date(2026, 12, 31), date(2028, 2, 29)])
@pytest.mark.parametrize("seed", [2, 7])
def test_other_dates_and_seeds_validate(today: date, seed: int) -> None:
    for record_type, data in demo_records(today, seed):
        validate(record_type, data)


def test_ids_are_unique_uuids(records: list[Record]) -> None:
    ids = [data["id"] for _, data in records]
    assert all(is_uuid(i) for i in ids)
    assert len(ids) == len(set(ids))
    assert demo_id("person:kagarlitsky") in ids


def test_references_point_backwards_to_the_right_type(records: list[Record]) -> None:
    seen: dict[str, str] = {}
    for record_type, data in records:
        spec = SPECS[record_type]
        for field in spec.fields:
            if field.ref is None or field.name not in data:
                continue
            value = data[field.name]
            targets = value if isinstance(value, list) else [value]
            for target in targets:
                assert seen.get(target) == field.ref, (record_type, field.name, target)
        seen[data["id"]] = record_type


def test_deterministic() -> None:
    assert demo_records(TODAY) == demo_records(TODAY)
    assert demo_records(TODAY, seed=3) == demo_records(TODAY, seed=3)
    assert demo_records(TODAY, seed=3) != demo_records(TODAY)


def test_people(records: list[Record]) -> None:
    people = of_type(records, "person")
    assert len(people) >= 8
    statuses = Counter(p["status"] for p in people)
    for status in ("serving_sentence", "pretrial_detention", "house_arrest", "restricted",
                   "released", "abroad"):
        assert statuses[status] >= 1, status
    names = " ".join(p["full_name"] for p in people)
    assert "Кагарлицкий Борис Юльевич" in names
    assert "ё" in names
    assert any(ch in names for ch in "іїє")
    assert all(p.get("latin_name") and p["latin_name"].isascii() for p in people)
    assert any("Kagarlitsky" in p["latin_name"] for p in people)
    assert sum(1 for p in people if p.get("needs")) >= 4


def test_cases(records: list[Record]) -> None:
    cases = of_type(records, "case")
    assert len(cases) >= 6
    assert all(c["case_number"] and c["articles"] and c["person_ids"] for c in cases)
    articles = {a for c in cases for a in c["articles"]}
    assert "ст. 205.2 ч. 2 УК РФ" in articles
    assert "ст. 207.3 ч. 2 п. «д» УК РФ" in articles
    deadlines = [date.fromisoformat(c["measure_until"]) for c in cases if c.get("measure_until")]
    assert any(TODAY + timedelta(days=14) <= d <= TODAY + timedelta(days=28) for d in deadlines)
    assert any(c["stage"] == "sentenced" and c.get("sentence") for c in cases)


def test_facilities(records: list[Record]) -> None:
    facilities = of_type(records, "facility")
    assert len(facilities) >= 6
    for f in facilities:
        assert f["address"] and f["timezone"] and f["not_accepted"]
        assert len(f["postal_code"]) == 6 and f["postal_code"].isdigit()
    zones = {f["timezone"] for f in facilities}
    assert {"Europe/Moscow", "Asia/Yekaterinburg", "Asia/Krasnoyarsk"} <= zones


def test_lawyers_and_contacts(records: list[Record]) -> None:
    roles = Counter(c["role"] for c in of_type(records, "contact"))
    assert roles["lawyer"] >= 4
    assert roles["relative"] >= 1 and roles["journalist"] >= 1 and roles["member"] >= 1


def test_letters(records: list[Record]) -> None:
    letters = of_type(records, "letter")
    assert len(letters) >= 200
    assert {"in", "out"} <= {m["direction"] for m in letters}
    assert {"post", "fsin_letter", "via_lawyer"} <= {m["channel"] for m in letters}
    assert {"sent", "delivered", "answered", "returned", "lost", "draft"} <= {
        m["status"] for m in letters}
    dated = [date.fromisoformat(m["sent_on"]) for m in letters if m.get("sent_on")]
    assert min(dated) < TODAY - timedelta(days=365)
    assert max(dated) <= TODAY
    bodies = [m["body"] for m in letters]
    assert len(set(bodies)) > len(bodies) * 0.9
    text = " ".join(bodies)
    for word in ("письмо", "посылка", "суд"):
        assert word in text.lower()
    assert any(b.startswith("Dear") for b in bodies)


def test_each_detained_person_has_an_unanswered_letter(records: list[Record]) -> None:
    letters = of_type(records, "letter")
    detained = [p for p in of_type(records, "person")
                if p["status"] in ("pretrial_detention", "serving_sentence")]
    month_ago = TODAY - timedelta(days=30)
    for person in detained:
        mine = [m for m in letters if m["person_id"] == person["id"] and m.get("sent_on")]
        last_in = max((m["received_on"] for m in mine if m["direction"] == "in"), default="")
        waiting = [m for m in mine if m["direction"] == "out"
                   and m["status"] in ("sent", "delivered")
                   and date.fromisoformat(m["sent_on"]) <= month_ago
                   and m["sent_on"] > last_in]
        assert waiting, person["full_name"]


def test_hearings(records: list[Record]) -> None:
    hearings = of_type(records, "hearing")
    now = datetime(TODAY.year, TODAY.month, TODAY.day).astimezone()
    starts = [datetime.fromisoformat(h["starts_at"]) for h in hearings]
    assert all(s.tzinfo is not None for s in starts)
    soon = [s for s in starts if now < s <= now + timedelta(days=14)]
    past = [h for h, s in zip(hearings, starts, strict=True) if s < now]
    assert len(soon) >= 3
    assert past and all(h.get("outcome") for h in past)
    assert len({h["timezone"] for h in hearings}) >= 3


def test_parcels(records: list[Record]) -> None:
    parcels = of_type(records, "parcel")
    assert len(parcels) >= 10
    assert all(p["items"] and p.get("facility_id") for p in parcels)
    names = {i["name"] for p in parcels for i in p["items"]}
    assert "Чай чёрный листовой" in names
    upcoming = [p for p in parcels
                if TODAY <= date.fromisoformat(p["planned_on"]) <= TODAY + timedelta(days=14)]
    assert upcoming
    for p in parcels:
        if p["kind"] == "parcel":
            assert sum(i["quantity"] * i["unit_weight_g"] for i in p["items"]) <= 20_000


def test_events_and_tasks(records: list[Record]) -> None:
    kinds = {e["kind"] for e in of_type(records, "event")}
    assert {"search", "detention", "arrest", "charge", "measure", "transfer", "verdict"} <= kinds
    tasks = of_type(records, "task")
    assert any(t["done"] for t in tasks)
    week = [t for t in tasks if not t["done"]
            and TODAY <= date.fromisoformat(t["due_on"]) <= TODAY + timedelta(days=6)]
    assert week


def test_payments(records: list[Record]) -> None:
    payments = of_type(records, "payment")
    assert {"in", "out"} <= {p["direction"] for p in payments}
    by_month: dict[tuple[str, str], Decimal] = {}
    for p in payments:
        key = (p["on"][:7], p["direction"])
        by_month[key] = by_month.get(key, Decimal(0)) + Decimal(p["amount"])
    report = [m for (m, d), total in by_month.items()
              if d == "in" and total == Decimal("213119.00")]
    assert report
    assert by_month[(report[0], "out")] == Decimal("230900.00")
    assert any(p["amount"] == "200000.00" and p["direction"] == "out" for p in payments)
    assert all(p["on"] <= TODAY.isoformat() for p in payments)
