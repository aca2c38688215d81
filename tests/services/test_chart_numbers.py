"""The numbers behind the charts: money per month, letters per month, parcel allowances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casefile.domain.errors import CasefileError
from casefile.services.records.session import Session
from casefile.services.views.charts import (
    MonthTotals,
    last_months,
    letters_per_month,
    monthly_money,
    parcel_allowance,
    running_balance,
)


def test_money_by_month_currency_person_and_case(session: Session) -> None:
    p = session.add("person", {"full_name": "А"})
    case = session.add("case", {"title": "Дело", "person_ids": [p["id"]]})
    session.add("payment", {"amount": "100.50", "direction": "in", "on": "2026-01-03",
                            "person_id": p["id"]})
    session.add("payment", {"amount": "0.25", "direction": "in", "on": "2026-01-20",
                            "person_id": p["id"]})
    session.add("payment", {"amount": "40", "direction": "out", "on": "2026-03-01",
                            "person_id": p["id"], "case_id": case["id"]})
    session.add("payment", {"amount": "7", "currency": "EUR", "direction": "in",
                            "on": "2026-02-11"})
    session.add("payment", {"amount": "9", "direction": "in"})  # no date: not on a chart
    mine = monthly_money(session, person_id=p["id"])
    assert mine == [
        MonthTotals("2026-01", "RUB", Decimal("100.75"), Decimal(0)),
        MonthTotals("2026-02", "RUB", Decimal(0), Decimal(0)),  # the gap is filled
        MonthTotals("2026-03", "RUB", Decimal(0), Decimal("40.00")),
    ]
    assert [b for _row, b in running_balance(mine)] == [Decimal("100.75")] * 2 + [
        Decimal("60.75")]
    assert monthly_money(session, case_id=case["id"]) == [
        MonthTotals("2026-03", "RUB", Decimal(0), Decimal("40.00"))]
    everything = monthly_money(session)
    assert [(t.currency, t.month) for t in everything] == [
        ("EUR", "2026-02"), ("RUB", "2026-01"), ("RUB", "2026-02"), ("RUB", "2026-03")]


def test_letters_sent_and_answered_per_month(session: Session) -> None:
    p = session.add("person", {"full_name": "А"})
    for on, status in (("2026-01-05", "answered"), ("2026-01-25", "sent"),
                       ("2026-03-01", "answered"), ("2025-01-01", "answered")):
        session.add("letter", {"person_id": p["id"], "direction": "out", "status": status,
                               "sent_on": on})
    session.add("letter", {"person_id": p["id"], "direction": "in", "status": "delivered",
                           "sent_on": "2026-01-20"})
    session.add("letter", {"person_id": p["id"], "status": "draft", "sent_on": "2026-02-01"})
    rows = letters_per_month(session, 3, today=date(2026, 3, 10))
    assert [(r.month, r.sent, r.answered) for r in rows] == [
        ("2026-01", 2, 1), ("2026-02", 0, 0), ("2026-03", 1, 1)]
    with pytest.raises(CasefileError, match="months"):
        letters_per_month(session, 0)


def test_last_months_cross_the_year() -> None:
    assert last_months(date(2026, 2, 28), 4) == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_parcel_allowance_of_detained_people(session: Session) -> None:
    sizo = session.add("facility", {"name": "СИЗО-1", "parcel_limit_kg": 30,
                                    "parcel_limit_period": "month"})
    colony = session.add("facility", {"name": "ИК-4", "parcel_limit_kg": 20,
                                      "parcel_limit_period": "year"})
    open_rules = session.add("facility", {"name": "ИВС"})
    held = session.add("person", {"full_name": "Б", "status": "pretrial_detention",
                                  "facility_id": sizo["id"]})
    serving = session.add("person", {"full_name": "А", "status": "serving_sentence",
                                     "facility_id": colony["id"]})
    session.add("person", {"full_name": "В", "status": "at_liberty", "facility_id": sizo["id"]})
    session.add("person", {"full_name": "Г", "status": "pretrial_detention",
                           "facility_id": open_rules["id"]})  # no limit: no bar
    items = [{"name": "чай", "quantity": 1, "unit_weight_g": 1500}]
    for person, on, status in ((held, "2026-03-02", "sent"), (held, "2026-02-27", "sent"),
                               (held, "2026-03-05", "refused"), (serving, "2026-01-10", "sent")):
        session.add("parcel", {"person_id": person["id"], "facility_id": person["facility_id"],
                               "planned_on": on, "status": status, "items": items})
    rows = parcel_allowance(session, date(2026, 3, 10))
    assert [(a.name, a.check.period_weight_g, a.check.period_limit_g, a.period)
            for a in rows] == [("А", 1500, 20_000, "year"), ("Б", 1500, 30_000, "month")]
    assert rows[1].fraction == pytest.approx(0.05)
    assert (rows[1].start, rows[1].end) == ("2026-03-01", "2026-03-31")


def test_letters_per_month_counts_what_the_rule_says_on_the_demo(tmp_path) -> None:
    from casefile.services.demo.vault import create_demo
    from casefile.vault.keys import MIN_KDF_SECONDS

    today = date(2026, 11, 27)
    with create_demo(tmp_path / "demo.casefile", kdf_seconds=MIN_KDF_SECONDS,
                     today=today) as demo:
        rows = letters_per_month(demo, 24, today=today)
        expected = {}
        for letter in demo.list("letter"):
            on = letter.get("sent_on")
            if letter.get("direction") != "out" or not on or letter.get("status") == "draft":
                continue
            sent, answered = expected.get(on[:7], (0, 0))
            expected[on[:7]] = (sent + 1, answered + (letter.get("status") == "answered"))
        assert {r.month: (r.sent, r.answered) for r in rows if r.sent} == {
            m: v for m, v in expected.items() if m >= rows[0].month}
        assert sum(r.sent for r in rows) > 20
