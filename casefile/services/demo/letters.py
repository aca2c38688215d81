"""The demo's correspondence: 18 months of letters to and from each person, written from the
data file's templates (Russian, and English for the international campaign)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from casefile.domain.records import DETAINED
from casefile.services.demo.data import Demo, Letters, PersonRow, Record, Weighted, demo_id

SEASONS = ("winter", "winter", "spring", "spring", "spring", "summer", "summer", "summer",
           "autumn", "autumn", "autumn", "winter")


def _forms(texts: Letters, person: PersonRow) -> dict[str, str]:
    """Grammar for the letter templates: «ты» or «вы», masculine or feminine."""
    forms = {**texts.forms[person.gender],
             **texts.forms["formal" if person.formal else "informal"]}
    forms["short"] = person.full_name.split()[1]
    return forms


@dataclass
class LetterContext:
    texts: Letters
    person: PersonRow
    forms: dict[str, str]
    hearings: list[date]  # the person's case hearings, sorted
    where: str  # short facility name for subjects
    rng: random.Random

    def fill(self, template: str, on: date) -> str:
        values = dict(self.forms, book=self.rng.choice(self.texts.books_ru),
                      book_en=self.rng.choice(self.texts.books_en), where=self.where,
                      hearing=self._next_hearing(on))
        return template.format_map(values)

    def _next_hearing(self, on: date) -> str:
        upcoming = [h for h in self.hearings if h > on]
        return upcoming[0].strftime("%d.%m") if upcoming else self.texts.no_hearing


def _compose(ctx: LetterContext, on: date, opening: str, middle: Sequence[str],
             closing: Sequence[str]) -> str:
    """A 3–6 sentence letter: greeting, 1–4 sentences from the pool, a closing line."""
    count = ctx.rng.randint(1, min(4, len(middle)))
    chosen = ctx.rng.sample(list(middle), count)
    lines = [ctx.fill(s, on) for s in chosen]
    return "\n\n".join([opening, " ".join(lines), ctx.fill(ctx.rng.choice(closing), on)])


def _out_body(ctx: LetterContext, on: date, english: bool) -> tuple[str, str]:
    rng, texts = ctx.rng, ctx.texts
    if english:
        subject = rng.choice(texts.subjects_out_en)
        body = _compose(ctx, on, f"{ctx.person.greet_en},", texts.out_en, texts.closing_en)
        return subject, body
    if ctx.person.status not in DETAINED:
        body = _compose(ctx, on, f"{ctx.person.greet_ru}!", texts.free_out_ru,
                        texts.closing_ru[:2])
        return texts.free_subject_ru, body
    topics = rng.sample(list(texts.out_ru), rng.randint(1, 4))
    weather = texts.weather_ru[SEASONS[on.month - 1]]
    middle = [ctx.fill(rng.choice(texts.out_ru[t] or weather), on) for t in topics]
    closing = ctx.fill(rng.choice(texts.closing_ru), on)
    body = "\n\n".join([f"{ctx.person.greet_ru}!", " ".join(middle), closing])
    return texts.subjects_out_ru[topics[0]], body


def _in_body(ctx: LetterContext, on: date, english: bool) -> tuple[str, str]:
    rng, texts = ctx.rng, ctx.texts
    free = ctx.person.status not in DETAINED
    if english:
        signature = (texts.signature_en.format(latin_name=ctx.person.latin_name),)
        body = _compose(ctx, on, texts.in_opening_en, texts.free_in_en if free else texts.in_en,
                        signature)
        return rng.choice(texts.subjects_in_en), body
    pool = texts.free_in_ru if free else texts.in_ru + texts.in_ru_extra.get(ctx.person.key, ())
    subject = ctx.fill(rng.choice(texts.subjects_in_ru), on)
    return subject, _compose(ctx, on, rng.choice(texts.in_opening_ru), pool,
                             texts.in_closing_ru)


def _pick(rng: random.Random, weighted: Weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    choice: str = rng.choices(values, weights=weights)[0]
    return choice


class LetterWriter:
    """Builds one person's correspondence: exchanges over 18 months, then recent letters."""

    def __init__(self, ctx: LetterContext, today: date) -> None:
        self.ctx = ctx
        self.today = today
        self.records: list[Record] = []

    def _letter(self, direction: str, channel: str, status: str, sent: date | None,
                received: date | None) -> dict[str, Any]:
        person = self.ctx.person
        english = self.ctx.rng.random() < person.english
        make = _out_body if direction == "out" else _in_body
        subject, body = make(self.ctx, sent or self.today, english)
        data: dict[str, Any] = {
            "id": demo_id(f"letter:{person.key}:{len(self.records):03d}"),
            "person_id": demo_id(f"person:{person.key}"),
            "direction": direction, "channel": channel, "status": status,
            "subject": subject, "body": body,
        }
        if sent:
            data["sent_on"] = sent.isoformat()
        if received:
            data["received_on"] = received.isoformat()
        self.records.append(("letter", data))
        return data

    def _transit(self, channel: str) -> timedelta:
        low, high = self.ctx.texts.transit_days[channel]
        return timedelta(days=self.ctx.rng.randint(low, high))

    def exchange(self, sent: date, latest_reply: date) -> None:
        """An outgoing letter and, often, the prisoner's reply (received by latest_reply)."""
        rng = self.ctx.rng
        channel = _pick(rng, self.ctx.person.channels)
        arrives = sent + self._transit(channel)
        reply_sent = arrives + timedelta(days=rng.randint(2, 14))
        reply_received = reply_sent + self._transit(channel)
        answered = rng.random() < 0.7 and reply_received <= latest_reply
        if answered:
            status = "answered"
        else:
            status = _pick(rng, (("delivered", 6), ("lost", 2),
                                 ("returned", 1 if channel == "post" else 0)))
        tracked = channel in self.ctx.texts.tracked and status in ("answered", "delivered")
        self._letter("out", channel, status, sent, arrives if tracked else None)
        if answered:
            self._letter("in", channel, "answered", reply_sent, reply_received)

    def recent(self) -> None:
        """Letters of the last weeks: one unanswered for 30+ days, one just sent, a draft."""
        rng = self.ctx.rng
        channel = self.ctx.person.channels[0][0]
        old = self.today - timedelta(days=rng.randint(31, 48))
        tracked = channel in self.ctx.texts.tracked
        self._letter("out", channel, "delivered" if tracked else "sent", old,
                     old + self._transit(channel) if tracked else None)
        self._letter("out", channel, "sent", self.today - timedelta(days=rng.randint(2, 12)),
                     None)
        if rng.random() < 0.6:
            self._letter("out", channel, "draft", None, None)

    def finish(self) -> list[Record]:
        """The last incoming letter has not been answered yet."""
        incoming = [d for _, d in self.records if d["direction"] == "in"]
        if incoming:
            incoming[-1]["status"] = "delivered"
        return self.records


def _letters_for(person: PersonRow, ctx: LetterContext, today: date) -> list[Record]:
    writer = LetterWriter(ctx, today)
    start = today - timedelta(days=min(540, person.detained_days_ago - 7))
    end = today - timedelta(days=60)
    step = (end - start).days / max(person.threads, 1)
    latest_reply = today - timedelta(days=max(50, person.silent_days))
    for n in range(person.threads):
        jitter = ctx.rng.randint(-3, 3)
        sent = start + timedelta(days=int(n * step) + jitter)
        writer.exchange(min(sent, end), latest_reply)
    if person.status in DETAINED:
        writer.recent()
    return writer.finish()


def _hearing_dates(demo: Demo, today: date) -> dict[str, list[date]]:
    dates: dict[str, list[date]] = {}
    for row in demo.hearings:
        dates.setdefault(row.case, []).append(today + timedelta(days=row.days))
    return {k: sorted(v) for k, v in dates.items()}


def _short_facility(demo: Demo, key: str | None) -> str:
    if key is None:
        return demo.letters.at_home
    return demo.facility(key).name.split()[1]  # "СИЗО-1", "ИК-4"


def letters(demo: Demo, today: date, rng: random.Random) -> list[Record]:
    """Every person's letters, person by person."""
    hearings = _hearing_dates(demo, today)
    records: list[Record] = []
    for person in demo.people:
        if not person.threads:
            continue
        ctx = LetterContext(demo.letters, person, _forms(demo.letters, person),
                            hearings.get(demo.case_of(person.key), []),
                            _short_facility(demo, person.facility), rng)
        records.extend(_letters_for(person, ctx, today))
    return records
