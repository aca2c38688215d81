"""The demo's money: 18 months of donations and spending, one of them the month a fund reported
(213 119 ₽ in, 230 900 ₽ out, 200 000 ₽ of it one person's fine)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from casefile.domain.records import DETAINED
from casefile.services.demo.data import Demo, Record, demo_id


def _payment(key: str, amount: str, direction: str, on: date, purpose: str, *,
             person: str = "", case: str = "") -> Record:
    data: dict[str, Any] = {"id": demo_id(f"payment:{key}"), "amount": amount,
                            "currency": "RUB", "direction": direction,
                            "on": on.isoformat(), "purpose": purpose}
    if person:
        data["person_id"] = demo_id(f"person:{person}")
    if case:
        data["case_id"] = demo_id(f"case:{case}")
    return "payment", data


def _month_start(day: date, back: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
    return date(year, month + 1, 1)


def _report_month(demo: Demo, start: date, rng: random.Random) -> list[Record]:
    records = [_payment(f"report:in:{n}", row["amount"], "in",
                        start + timedelta(days=rng.randint(1, 26)), row["purpose"])
               for n, row in enumerate(demo.money.report_in)]
    records += [_payment(f"report:out:{n}", row["amount"], "out",
                         start + timedelta(days=rng.randint(1, 26)), row["purpose"],
                         person=row.get("person", ""), case=row.get("case", ""))
                for n, row in enumerate(demo.money.report_out)]
    return records


def _ordinary_month(demo: Demo, start: date, last: date, rng: random.Random) -> list[Record]:
    records: list[Record] = []
    detained = [p.key for p in demo.people if p.status in DETAINED]
    span = max(0, min((last - start).days, 27))
    for n in range(rng.randint(2, 4)):
        rubles = rng.randint(20, 800) * 50
        records.append(_payment(f"{start:%Y-%m}:in:{n}", f"{rubles}.00", "in",
                                start + timedelta(days=rng.randint(0, span)),
                                rng.choice(demo.money.donation_purposes)))
    for n, (purpose, low, high, by_person, by_case) in enumerate(
            rng.sample(demo.money.spending, rng.randint(1, 3))):
        person = rng.choice(detained) if by_person else ""
        case = rng.choice(demo.cases).key if by_case else demo.case_of(person)
        kopecks = rng.choice((0, 0, 0, 50))
        amount = f"{rng.randint(low, high)}.{kopecks:02d}"
        records.append(_payment(f"{start:%Y-%m}:out:{n}", amount, "out",
                                start + timedelta(days=rng.randint(0, span)), purpose,
                                person=person, case=case))
    # A collection for one case's defence each month, so a person's and a case's money show
    # donations as well as spending. Chosen without the generator: the rest stays as it was.
    target = demo.cases[start.month % len(demo.cases)]
    records.append(_payment(f"{start:%Y-%m}:in:case", f"{(start.month % 5 + 2) * 2500}.00",
                            "in", start + timedelta(days=min(span, 12)),
                            demo.money.case_collection, person=target.people[0]
                            if target.people else "", case=target.key))
    return records


def payments(demo: Demo, today: date, rng: random.Random) -> list[Record]:
    """Money in and out, month by month for the last 18 months."""
    report = _month_start(today, 2)
    records: list[Record] = []
    for back in range(17, -1, -1):
        start = _month_start(today, back)
        if start == report:
            records += _report_month(demo, start, rng)
        else:
            records += _ordinary_month(demo, start, today, rng)
    return records
