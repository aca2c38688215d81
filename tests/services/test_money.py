"""The ledger's running totals, monthly sums, and the CSV read back by the csv module."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casefile.domain.errors import CasefileError, NotFoundError
from casefile.services.records.session import Session
from casefile.services.views.money import ledger, ledger_csv, monthly_totals, write_ledger_csv


@pytest.fixture
def fund(session: Session) -> dict[str, Any]:
    person = session.add("person", {"full_name": "Жданов Павел"})
    case = session.add("case", {"title": "Уфимское дело", "person_ids": [person["id"]]})
    pay = [
        {"amount": "1000.10", "direction": "in", "on": "2026-10-03", "purpose": "Перевод"},
        {"amount": "0.20", "direction": "in", "on": "2026-10-01", "purpose": "Копилка",
         "case_id": case["id"]},
        {"amount": "700.00", "direction": "out", "on": "2026-11-02",
         "purpose": "=HYPERLINK(\"x\")", "person_id": person["id"], "case_id": case["id"]},
        {"amount": "50", "currency": "EUR", "direction": "in", "on": "2026-11-05",
         "person_id": person["id"]},
        {"amount": "300.00", "direction": "out", "purpose": "Без даты",
         "person_id": person["id"]},
    ]
    for p in pay:
        session.add("payment", p)
    return {"person": person, "case": case}


def test_running_totals_per_currency_in_date_order(session: Session, fund: dict) -> None:
    rows = ledger(session)
    assert [r.on for r in rows] == ["2026-10-01", "2026-10-03", "2026-11-02", "2026-11-05", ""]
    assert [(r.currency, str(r.total_in), str(r.total_out), str(r.balance)) for r in rows] == [
        ("RUB", "0.20", "0.00", "0.20"),
        ("RUB", "1000.30", "0.00", "1000.30"),  # exact: 0.20 + 1000.10, no float rounding
        ("RUB", "1000.30", "700.00", "300.30"),
        ("EUR", "50.00", "0.00", "50.00"),  # euros are not added to roubles
        ("RUB", "1000.30", "1000.00", "0.30"),
    ]
    assert all(isinstance(r.amount, Decimal) for r in rows)
    assert rows[2].person == "Жданов Павел" and rows[2].case == "Уфимское дело"
    assert rows[2].as_dict()["amount"] == "700.00"


def test_per_person_and_per_case(session: Session, fund: dict) -> None:
    mine = ledger(session, person_id=fund["person"]["id"])
    assert [str(r.amount) for r in mine] == ["700.00", "50", "300.00"]
    assert [str(r.balance) for r in mine] == ["-700.00", "50.00", "-1000.00"]
    case_rows = ledger(session, case_id=fund["case"]["id"])
    assert [str(r.amount) for r in case_rows] == ["0.20", "700.00"]
    with pytest.raises(NotFoundError):
        ledger(session, person_id="00000000-0000-4000-8000-000000000000")


def test_monthly_totals(session: Session, fund: dict) -> None:
    assert [m.as_dict() for m in monthly_totals(session)] == [
        {"month": "2026-10", "currency": "RUB", "in": "1000.30", "out": "0.00",
         "net": "1000.30"},
        {"month": "2026-11", "currency": "EUR", "in": "50.00", "out": "0.00", "net": "50.00"},
        {"month": "2026-11", "currency": "RUB", "in": "0.00", "out": "700.00",
         "net": "-700.00"},
    ]
    assert monthly_totals(session, case_id=fund["case"]["id"])[0].total_in == Decimal("0.20")


def test_csv_is_utf8_with_bom_and_read_back(session: Session, fund: dict,
                                            tmp_path: Path) -> None:
    out = tmp_path / "money.csv"
    assert write_ledger_csv(ledger(session), out) == 5
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert table[0] == ["Date", "Direction", "Amount", "Currency", "Purpose", "Person", "Case",
                        "Total in", "Total out", "Balance"]
    assert table[3] == ["2026-11-02", "payment out", "700.00", "RUB", "'=HYPERLINK(\"x\")",
                        "Жданов Павел", "Уфимское дело", "1000.30", "700.00", "300.30"]
    assert table[-1][-1] == "0.30"
    semicolons = ledger_csv(ledger(session), delimiter=";").decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(semicolons), delimiter=";"))[2] == "Amount"
    with pytest.raises(CasefileError, match="comma or a semicolon"):
        ledger_csv([], delimiter="\t")
