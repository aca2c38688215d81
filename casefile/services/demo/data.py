"""The demo's data file, ``resources/demo/demo.json``, read into typed rows.

The data is drawn from public cases of Russian political prisoners (Boris Kagarlitsky, the
Ufa Marxist circle case) and filled out with invented but plausible people, lawyers, letters,
hearings, parcels and money, so a newcomer sees a vault that looks like a support group's.
Courts and facility names are real; everyone except Boris Kagarlitsky is invented. Dates are
stored as days relative to the day the demo is made, so it always has hearings next week and
letters last month. The text is Russian, with the English of the letters to and from the
international campaign (a person's ``english`` share of letters). Addresses and parcel rules
are examples: every facility says "уточнять в учреждении".

Records get ids from readable keys (``demo_id``); ``records.demo_records`` builds them.
"""

from __future__ import annotations

import importlib.resources
import json
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple, TypeVar

DEMO_PASSPHRASE = "demo"  # noqa: S105 - the documented passphrase of the demo vault

# Fixed namespace: the same key gives the same id in every demo vault.
DEMO_NAMESPACE = uuid.UUID("7d3f2b9a-4c1e-5a60-8f2d-0b6e9c1a5d44")

Record = tuple[str, dict[str, Any]]
Weighted = tuple[tuple[str, int], ...]
Texts = tuple[str, ...]
T = TypeVar("T")


def demo_id(key: str) -> str:
    """The id of the demo record with this readable key, e.g. ``person:kagarlitsky``."""
    return str(uuid.uuid5(DEMO_NAMESPACE, key))


@dataclass(frozen=True)
class FacilityRow:
    key: str
    name: str
    kind: str  # sizo or ik
    region: str
    address: str
    postal_code: str
    timezone: str
    extra_refused: Texts = ()


@dataclass(frozen=True)
class ContactRow:
    key: str
    full_name: str
    role: str
    organization: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PersonRow:
    key: str
    full_name: str
    latin_name: str
    birth_year: int
    status: str
    gender: str  # "m" or "f", for the letters' grammar
    greet_ru: str  # how the group addresses the person in a letter
    greet_en: str
    facility: str | None = None
    checked_days_ago: int | None = None
    birth_date: str | None = None
    needs: str = ""
    notes: str = ""
    formal: bool = False  # «вы» rather than «ты»
    # Letters: number of exchanges, channels with weights, share written in English.
    threads: int = 0
    channels: Weighted = (("post", 1),)
    english: float = 0.0
    detained_days_ago: int = 600
    silent_days: int = 50  # no reply has arrived for this many days


@dataclass(frozen=True)
class CaseRow:
    key: str
    title: str
    case_number: str
    articles: Texts
    stage: str
    investigating_body: str
    court: str  # a key of Demo.courts
    judge: str
    people: Texts
    lawyers: Texts
    measure: str
    measure_in_days: int | None = None  # measure_until relative to today
    sentence: str = ""
    notes: str = ""


@dataclass(frozen=True)
class HearingRow:
    case: str
    days: int  # relative to today
    at: str  # local time in the court's zone, HH:MM
    kind: str
    courtroom: str
    outcome: str = ""  # for past hearings; "" draws one from Demo.hearing_outcomes
    court: str | None = None  # a key of Demo.courts when not the case's own court
    judge: str | None = None


@dataclass(frozen=True)
class EventRow:
    case: str
    days: int
    kind: str
    description: str
    person: str = ""


@dataclass(frozen=True)
class TaskRow:
    key: str
    title: str
    days: int  # due, relative to today
    done: bool
    person: str = ""
    case: str = ""


class Court(NamedTuple):
    name: str
    timezone: str


@dataclass(frozen=True)
class Letters:
    """What letters are written from: templates filled by ``letters.LetterContext.fill``."""

    transit_days: dict[str, tuple[int, int]]  # days a letter takes, by channel
    tracked: Texts  # channels that confirm delivery
    forms: dict[str, dict[str, str]]  # grammar: "formal", "informal", and by gender
    no_hearing: str
    at_home: str
    books_ru: Texts
    books_en: Texts
    out_ru: dict[str, Texts]  # by topic; "weather" is empty: chosen by season
    weather_ru: dict[str, Texts]
    closing_ru: Texts
    subjects_out_ru: dict[str, str]  # by the letter's first topic
    in_opening_ru: Texts
    in_ru: Texts
    in_ru_extra: dict[str, Texts]  # by person
    in_closing_ru: Texts
    subjects_in_ru: Texts
    free_subject_ru: str  # for people not held anywhere (abroad): e-mail, no prison life
    free_out_ru: Texts
    free_in_ru: Texts
    out_en: Texts
    closing_en: Texts
    subjects_out_en: Texts
    in_opening_en: str
    in_en: Texts
    free_in_en: Texts
    signature_en: str
    subjects_in_en: Texts


class Item(NamedTuple):
    name: str
    grams: int  # one unit's weight
    most: int  # most a parcel holds


class Plan(NamedTuple):
    days: int
    status: str
    kind: str  # "handover" for a SIZO


@dataclass(frozen=True)
class Parcels:
    food: tuple[Item, ...]
    clothes: tuple[Item, ...]
    hygiene: tuple[Item, ...]
    paper: tuple[Item, ...]
    book: Item  # its name holds {book}, one of Letters.books_ru
    refused_item: dict[str, Any]
    packers: Texts
    carriers: dict[str, Texts]  # by the facility's kind
    notes: dict[str, str]  # by status
    plans: dict[str, tuple[Plan, ...]]  # by person


class Spending(NamedTuple):
    purpose: str
    low: int
    high: int
    per_person: bool  # needs a detained person
    per_case: bool


@dataclass(frozen=True)
class Money:
    report_in: tuple[dict[str, str], ...]  # amount, purpose
    report_out: tuple[dict[str, str], ...]  # amount, purpose, person, case
    donation_purposes: Texts
    spending: tuple[Spending, ...]
    case_collection: str


@dataclass(frozen=True)
class Demo:
    facilities: tuple[FacilityRow, ...]
    facility_notes: str
    not_accepted: Texts  # everywhere, before each facility's own list
    contacts: tuple[ContactRow, ...]
    people: tuple[PersonRow, ...]
    courts: dict[str, Court]
    cases: tuple[CaseRow, ...]
    hearings: tuple[HearingRow, ...]
    hearing_outcomes: Texts
    attendees: Texts
    upcoming_note: str
    events: tuple[EventRow, ...]
    letters: Letters
    parcels: Parcels
    tasks: tuple[TaskRow, ...]
    money: Money

    def person(self, key: str) -> PersonRow:
        return next(p for p in self.people if p.key == key)

    def facility(self, key: str) -> FacilityRow:
        return next(f for f in self.facilities if f.key == key)

    def case(self, key: str) -> CaseRow:
        return next(c for c in self.cases if c.key == key)

    def case_of(self, person: str) -> str:
        """The key of the person's case, or ""."""
        return next((c.key for c in self.cases if person in c.people), "")


def _frozen(value: Any) -> Any:
    """JSON lists as tuples, all the way down (rows are immutable)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _make(kind: type[T], raw: dict[str, Any]) -> T:
    return kind(**_frozen(raw))


def _rows(kind: type[T], raw: list[dict[str, Any]]) -> tuple[T, ...]:
    return tuple(_make(kind, row) for row in raw)


def _parcels(raw: dict[str, Any]) -> Parcels:
    pools = {name: _rows(Item, raw[name]) for name in ("food", "clothes", "hygiene", "paper")}
    plans = {key: _rows(Plan, rows) for key, rows in raw["plans"].items()}
    return _make(Parcels, raw | pools | {"book": _make(Item, raw["book"]), "plans": plans})


@cache
def demo_data() -> Demo:
    """The data file, read once."""
    source = importlib.resources.files("casefile.resources") / "demo" / "demo.json"
    raw = json.loads(source.read_text(encoding="utf-8"))
    facilities, hearings, money = raw["facilities"], raw["hearings"], raw["money"]
    return Demo(
        facilities=_rows(FacilityRow, facilities["rows"]),
        facility_notes=facilities["notes"],
        not_accepted=tuple(facilities["not_accepted"]),
        contacts=_rows(ContactRow, raw["contacts"]),
        people=_rows(PersonRow, raw["people"]),
        courts={key: _make(Court, court) for key, court in raw["courts"].items()},
        cases=_rows(CaseRow, raw["cases"]),
        hearings=_rows(HearingRow, hearings["rows"]),
        hearing_outcomes=tuple(hearings["outcomes"]),
        attendees=tuple(hearings["attendees"]),
        upcoming_note=hearings["upcoming_note"],
        events=_rows(EventRow, raw["events"]),
        letters=_make(Letters, raw["letters"]),
        parcels=_parcels(raw["parcels"]),
        tasks=_rows(TaskRow, raw["tasks"]),
        money=_make(Money, money | {"spending": _rows(Spending, money["spending"])}),
    )
