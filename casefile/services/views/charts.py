"""Numbers behind the charts: money by month, letters by month, parcel allowances.

Each function returns plain values (Decimal for money, never float), so a chart, a table and a
test all read the same totals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casefile.domain.allowance import LimitCheck, allowance_summary
from casefile.domain.errors import CasefileError, NotFoundError
from casefile.domain.records import DETAINED
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.services.views.allowance import period_allowance
from casefile.services.views.money import monthly_totals
from casefile.vault import queries


def month_of(day: str) -> str:
    """'2026-03-10' -> '2026-03'."""
    return day[:7]


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last ('YYYY-MM'), both included."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def last_months(today: date, count: int) -> list[str]:
    """The ``count`` months up to and including today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [f"{(i // 12):04d}-{(i % 12) + 1:02d}" for i in range(index - count + 1, index + 1)]


# -- money -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MonthTotals:
    month: str  # YYYY-MM
    currency: str
    money_in: Decimal
    money_out: Decimal

    @property
    def net(self) -> Decimal:
        return self.money_in - self.money_out


def monthly_money(session: Session, person_id: str | None = None,
                  case_id: str | None = None) -> list[MonthTotals]:
    """Donations in and payments out per month and currency, for a person, a case or all.

    Every month between a currency's first and last payment is there, empty ones with zeros,
    so a chart's bars stand at even steps. Payments without a date are left out.
    """
    # The same sums as the fund's ledger and its CSV (services/views/money.py), gaps filled.
    sums = {(t.currency, t.month): (t.total_in, t.total_out)
            for t in monthly_totals(session, person_id, case_id)}
    totals: list[MonthTotals] = []
    for currency in sorted({c for c, _m in sums}):
        months = sorted(m for c, m in sums if c == currency)
        for month in months_between(months[0], months[-1]):
            money_in, money_out = sums.get((currency, month), (Decimal(0), Decimal(0)))
            totals.append(MonthTotals(month, currency, money_in, money_out))
    return totals


def running_balance(totals: list[MonthTotals]) -> list[tuple[MonthTotals, Decimal]]:
    """Each month with the balance so far (in minus out), per currency."""
    balance: dict[str, Decimal] = defaultdict(Decimal)
    out = []
    for row in totals:
        balance[row.currency] += row.net
        out.append((row, balance[row.currency]))
    return out


# -- letters -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LetterMonth:
    month: str  # YYYY-MM
    sent: int  # outgoing letters sent that month
    answered: int  # of those, how many have been answered since


def letters_per_month(session: Session, months: int = 12,
                      today: date | None = None) -> list[LetterMonth]:
    """The last ``months`` months, oldest first: letters sent, and how many got an answer.

    "Answered" is the outgoing letter's own status, which people set when the reply comes.
    """
    if months < 1:
        raise CasefileError(_("months must be at least 1"))
    span = last_months(today or date.today(), months)
    # Counted in SQL: a fund's vault holds 100,000 letters, and this runs at every unlock.
    counts = queries.letters_sent_by_month(session.vault.records, span[0] + "-01",
                                           span[-1] + "-31")
    return [LetterMonth(m, *counts.get(m, (0, 0))) for m in span]


# -- parcels -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Allowance:
    person_id: str
    name: str
    facility_id: str
    facility_name: str
    check: LimitCheck  # the period so far, as the parcel editor and the опись count it

    @property
    def period(self) -> str:  # "month" or "year"
        return self.check.period or "month"

    @property
    def start(self) -> str:  # the current period, ISO dates
        return self.check.period_start or ""

    @property
    def end(self) -> str:
        return self.check.period_end or ""

    @property
    def fraction(self) -> float:
        return self.check.fraction

    @property
    def text(self) -> str:
        """'5 of 6 parcels', '24 of 30 kg'."""
        return allowance_summary(self.check)


def parcel_allowance(session: Session, today: date) -> list[Allowance]:
    """Each detained person whose facility limits parcels per period: how much is used."""
    out = []
    for status in DETAINED:
        for person in session.list("person", {"status": status}):
            if not person.get("facility_id"):
                continue
            try:
                facility = session.get("facility", person["facility_id"])
            except NotFoundError:
                continue
            check = period_allowance(session, person["id"], facility, today)
            if check is None:
                continue
            out.append(Allowance(person["id"], str(person.get("full_name") or ""),
                                 facility["id"], str(facility.get("name") or ""), check))
    return sorted(out, key=lambda a: a.name)
