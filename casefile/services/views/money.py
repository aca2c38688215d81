"""The fund's money: a ledger with running totals, monthly sums, and a CSV for bookkeeping.

Amounts are ``Decimal`` here and decimal strings ("1500.00") outside - never floats. Totals
are kept per currency: roubles and euros are never added together.

A payment belongs to a person or a case by its own ``person_id`` / ``case_id`` fields; a
donation for a case is not counted for each defendant of that case. Payments without a date
are listed after the dated ones and are left out of the monthly totals.

The CSV is UTF-8 with a byte order mark and commas: the BOM is what makes Excel (Russian
Windows included) read the Cyrillic right instead of guessing a code page, and comma is the
RFC 4180 separator every bookkeeping import and LibreOffice expect. Excel set to Russian uses
";" as its list separator when a file is double-clicked, so ``delimiter=";"`` is offered too.
Amounts keep a dot as the decimal sign, as the vault stores them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from casefile.atomicfile import write_atomic
from casefile.domain.describe import choice_label
from casefile.domain.errors import CasefileError
from casefile.i18n import N_, _
from casefile.services.records.session import Session

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LedgerRow:
    """One payment, with the running totals of its currency up to and including it."""

    id: str
    on: str  # YYYY-MM-DD, or "" when the payment has no date
    direction: str  # "in" (donation) or "out" (payment)
    amount: Decimal
    currency: str
    purpose: str
    person_id: str
    person: str  # the person's full name, or ""
    case_id: str
    case: str  # the case's title, or ""
    total_in: Decimal
    total_out: Decimal
    balance: Decimal  # total_in - total_out

    def as_dict(self) -> dict[str, str]:
        """Every value as a string; amounts as decimal strings."""
        return {name: str(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class MonthTotal:
    month: str  # YYYY-MM
    currency: str
    total_in: Decimal
    total_out: Decimal

    @property
    def net(self) -> Decimal:
        return self.total_in - self.total_out

    def as_dict(self) -> dict[str, str]:
        return {"month": self.month, "currency": self.currency, "in": str(self.total_in),
                "out": str(self.total_out), "net": str(self.net)}


def _payments(session: Session, person_id: str | None, case_id: str | None
              ) -> list[dict[str, Any]]:
    where: dict[str, str] = {}
    if person_id:
        session.get("person", person_id)  # a clear "not found" for a wrong id
        where["person_id"] = person_id
    if case_id:
        session.get("case", case_id)
        where["case_id"] = case_id
    # In the order they were entered, then (a stable sort) dated payments in date order and
    # undated ones last: payments of one day keep the order they were entered in.
    payments = session.list("payment", where or None, order="created_at", descending=False)
    return sorted(payments, key=lambda p: (not p.get("on"), p.get("on") or ""))


def ledger(session: Session, person_id: str | None = None,
           case_id: str | None = None) -> list[LedgerRow]:
    """Payments of one person, one case, or the whole fund, with running totals."""
    people = {p["id"]: p["full_name"] for p in session.list("person")}
    cases = {c["id"]: c["title"] for c in session.list("case")}
    running: dict[str, tuple[Decimal, Decimal]] = {}
    rows = []
    for p in _payments(session, person_id, case_id):
        currency = str(p.get("currency") or "RUB").upper()
        amount = Decimal(str(p["amount"]))
        total_in, total_out = running.get(currency, (ZERO, ZERO))
        if p.get("direction") == "out":
            total_out += amount
        else:
            total_in += amount
        running[currency] = (total_in, total_out)
        rows.append(LedgerRow(
            id=p["id"], on=p.get("on") or "", direction=p.get("direction") or "in",
            amount=amount, currency=currency, purpose=p.get("purpose") or "",
            person_id=p.get("person_id") or "", person=people.get(p.get("person_id") or "", ""),
            case_id=p.get("case_id") or "", case=cases.get(p.get("case_id") or "", ""),
            total_in=total_in, total_out=total_out, balance=total_in - total_out))
    return rows


def monthly_totals(session: Session, person_id: str | None = None,
                   case_id: str | None = None) -> list[MonthTotal]:
    """In and out per calendar month and currency, oldest month first.

    Months with no payments are not listed; undated payments are left out.
    """
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for row in ledger(session, person_id, case_id):
        if not row.on:
            continue
        pair = sums.setdefault((row.on[:7], row.currency), [ZERO, ZERO])
        pair[row.direction == "out"] += row.amount
    return [MonthTotal(month, currency, pair[0], pair[1])
            for (month, currency), pair in sorted(sums.items())]


# -- CSV -------------------------------------------------------------------------------------

COLUMNS = (("on", N_("Date")), ("direction", N_("Direction")), ("amount", N_("Amount")),
           ("currency", N_("Currency")), ("purpose", N_("Purpose")), ("person", N_("Person")),
           ("case", N_("Case")), ("total_in", N_("Total in")),
           ("total_out", N_("Total out")), ("balance", N_("Balance")))
DELIMITERS = (",", ";")


def _cell(text: str) -> str:
    """A text that a spreadsheet would run as a formula is written as plain text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def ledger_csv(rows: list[LedgerRow], delimiter: str = ",") -> bytes:
    if delimiter not in DELIMITERS:
        raise CasefileError(_("the CSV separator must be a comma or a semicolon"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_(label) for _name, label in COLUMNS])
    for row in rows:
        writer.writerow([
            row.on, choice_label("payment", "direction", row.direction), str(row.amount),
            row.currency, _cell(row.purpose), _cell(row.person), _cell(row.case),
            str(row.total_in), str(row.total_out), str(row.balance)])
    return buffer.getvalue().encode("utf-8-sig")


def write_ledger_csv(rows: list[LedgerRow], target: Path, delimiter: str = ",") -> int:
    """Write the rows to ``target`` as CSV; returns how many rows."""
    write_atomic(Path(target), ledger_csv(rows, delimiter))
    return len(rows)
