"""A seeded generator of a large fund's records as JSON Lines (what `casefile import` reads).

500 people, 40 facilities, 120 contacts, 300 cases, 100,000 letters (bodies of 1–3 KB in
UTF-8, three in four Russian, the rest English), 5,000 hearings, 3,000 parcels and 20,000
payments. The same seed gives the same file byte for byte. Text is built from sentence
parts, people's names and places, so common words (письмо, суд, letter) hit a large share
of letters while names and rarer words hit few, as in a real archive.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев",
    "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов",
    "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов",
    "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
)  # fmt: skip
FIRST = (
    ("Алексей", "Алексеевич"), ("Андрей", "Андреевич"), ("Борис", "Борисович"),
    ("Вадим", "Вадимович"), ("Виктор", "Викторович"), ("Глеб", "Глебович"),
    ("Дмитрий", "Дмитриевич"), ("Евгений", "Евгеньевич"), ("Игорь", "Игоревич"),
    ("Кирилл", "Кириллович"), ("Лев", "Львович"), ("Михаил", "Михайлович"),
    ("Никита", "Никитич"), ("Олег", "Олегович"), ("Павел", "Павлович"),
    ("Роман", "Романович"), ("Семён", "Семёнович"), ("Тимур", "Тимурович"),
    ("Фёдор", "Фёдорович"), ("Юрий", "Юрьевич"), ("Ярослав", "Ярославович"),
)  # fmt: skip
CITIES = (
    "Москва", "Уфа", "Казань", "Пермь", "Самара", "Томск", "Омск", "Иркутск", "Чита",
    "Тверь", "Курган", "Брянск", "Псков", "Ижевск", "Киров", "Липецк", "Пенза", "Тула",
    "Рязань", "Вологда", "Сыктывкар", "Архангельск", "Мурманск", "Краснодар", "Ростов",
)  # fmt: skip
RU_OPEN = (
    "На прошлой неделе", "В субботу", "Вчера вечером", "После заседания", "Как обещали",
    "Вместе с адвокатом", "По словам родных", "Несмотря на цензуру", "Сегодня утром",
    "Как ты и просил", "Перед новым судом", "Всей группой", "Впервые за месяц",
)  # fmt: skip
RU_MIDDLE = (
    "мы отправили письмо и открытки", "пришли твои письма", "адвокат подал жалобу в суд",
    "судья отклонила ходатайство защиты", "мы собрали посылку с чаем и тёплыми носками",
    "в учреждении снова не приняли книги", "журналисты написали о деле",
    "прошёл вечер солидарности", "родители передали лекарства через медчасть",
    "следователь продлил срок под стражей", "на заседание пришло человек двадцать",
    "мы перевели деньги на адвоката", "в камере стало теплее", "врач наконец осмотрел",
    "пришёл ответ из колонии", "мы выучили новую песню для пикета",
    "прокурор запросил пять лет", "апелляцию назначили на осень",
    "волонтёры разобрали архив писем", "ёлку поставили прямо в офисе группы",
)  # fmt: skip
RU_TAIL = (
    "все передают привет.", "напиши, как дошло.", "держись, мы рядом.",
    "подробности в следующем письме.", "это очень важно для дела.", "ждём ответа.",
    "спасибо всем, кто помогает.", "расскажем при встрече.", "будем следить дальше.",
)  # fmt: skip
EN_OPEN = (
    "Last week", "On Saturday", "After the hearing", "As promised", "Together with the lawyer",
    "Despite the censors", "This morning", "For the first time in a month", "Once again",
)  # fmt: skip
EN_MIDDLE = (
    "we sent a letter and some postcards", "your letters arrived", "the lawyer filed an appeal",
    "the judge refused the defence motion", "we packed a parcel with tea and warm socks",
    "the colony returned the books", "journalists wrote about the case",
    "the solidarity evening raised money", "the union passed a motion of support",
    "the prosecutor asked for five years", "the court postponed the hearing",
    "volunteers translated the letters", "the campaign printed new leaflets",
)  # fmt: skip
EN_TAIL = (
    "everyone sends their love.", "write when you can.", "stay strong.",
    "more in the next letter.", "we are following the case closely.", "thank you.",
)  # fmt: skip
SUBJECTS_RU = ("Новости и привет от группы", "Про посылку", "Пара слов перед судом",
               "Ответ на письма", "Как здоровье?", "Книги", "Письмо из {city}")
SUBJECTS_EN = ("News from the campaign", "Books on the way", "Reply to the campaign",
               "Greetings from {city}")
LETTER_STATUS = ("draft", "sent", "delivered", "answered", "returned", "lost")
CHANNELS = ("post", "fsin_letter", "via_lawyer", "email", "other")
FOOD = (("Чай чёрный", 100), ("Сухофрукты", 500), ("Печенье", 300), ("Сахар", 1000),
        ("Носки тёплые", 100), ("Тетрадь в клетку", 60), ("Конверты с марками", 20))
HEARING_KINDS = ("measure", "preliminary", "trial", "verdict", "appeal")


@dataclass(frozen=True)
class Sizes:
    people: int = 500
    facilities: int = 40
    contacts: int = 120
    cases: int = 300
    letters: int = 100_000
    hearings: int = 5_000
    parcels: int = 3_000
    payments: int = 20_000


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _body(rng: random.Random, english: bool, names: list[str], city: str) -> str:
    """Sentences until 1,000–3,000 bytes of UTF-8 (Cyrillic letters take two bytes)."""
    target = rng.randint(1000, 3000)
    opens, middles, tails = (EN_OPEN, EN_MIDDLE, EN_TAIL) if english else (
        RU_OPEN, RU_MIDDLE, RU_TAIL)
    per_char = 1 if english else 1.8
    parts: list[str] = []
    size = 0.0
    while size < target:
        if rng.random() < 0.15:
            sentence = f"{rng.choice(names)} ({city}): {rng.choice(middles)}, {rng.choice(tails)}"
        else:
            sentence = f"{rng.choice(opens)} {rng.choice(middles)}, {rng.choice(tails)}"
        parts.append(sentence)
        size += (len(sentence) + 1) * per_char
        if rng.random() < 0.2:
            parts.append("\n\n")
    return " ".join(parts)


def records(seed: int = 20261127, sizes: Sizes = Sizes()) -> Iterator[dict[str, Any]]:
    """Every record, referenced types first, as the dicts `casefile import` reads."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    today = date(2026, 11, 27)
    facilities = []
    for n in range(sizes.facilities):
        city = CITIES[n % len(CITIES)]
        facilities.append(_id(rng))
        yield {"type": "facility", "id": facilities[-1], "name": f"СИЗО-{n + 1} г. {city}",
               "kind": rng.choice(("sizo", "ik", "prison")), "region": city,
               "address": f"г. {city}, ул. Тюремная, д. {n + 1}", "parcel_limit_kg": "30",
               "parcel_limit_period": "month", "parcels_per_period": 2}
    people: list[tuple[str, str]] = []
    for n in range(sizes.people):
        first, patronymic = rng.choice(FIRST)
        name = f"{rng.choice(SURNAMES)} {first} {patronymic}"
        people.append((_id(rng), name))
        yield {"type": "person", "id": people[-1][0], "full_name": name,
               "birth_year": rng.randint(1950, 2004), "status": "pretrial_detention",
               "facility_id": rng.choice(facilities), "notes": f"Дело №{n}"}
    contacts = []
    for _n in range(sizes.contacts):
        first, _patronymic = rng.choice(FIRST)
        contacts.append(_id(rng))
        yield {"type": "contact", "id": contacts[-1],
               "full_name": f"{rng.choice(SURNAMES)} {first}",
               "role": rng.choice(("lawyer", "relative", "member", "journalist"))}
    cases = []
    for n in range(sizes.cases):
        cases.append(_id(rng))
        yield {"type": "case", "id": cases[-1], "title": f"Дело {people[n][1].split()[0]}а",
               "case_number": f"1-{n + 100}/2025", "stage": "trial",
               "person_ids": [p[0] for p in rng.sample(people, rng.randint(1, 3))],
               "lawyer_ids": [rng.choice(contacts)], "articles": ["ст. 280.3 ч. 1 УК РФ"]}
    surnames = [name.split()[0] for _i, name in people]
    for _n in range(sizes.letters):
        person_id, name = people[rng.randrange(len(people))]
        english = rng.random() < 0.25
        city = rng.choice(CITIES)
        subject = rng.choice(SUBJECTS_EN if english else SUBJECTS_RU).replace("{city}", city)
        status = rng.choice(LETTER_STATUS)
        record = {"type": "letter", "id": _id(rng), "person_id": person_id,
                  "direction": "out" if rng.random() < 0.6 else "in",
                  "channel": rng.choice(CHANNELS), "status": status, "subject": subject,
                  "body": _body(rng, english, [name, *rng.sample(surnames, 2)], city)}
        if status != "draft":
            record["sent_on"] = (today - timedelta(days=rng.randrange(5 * 365))).isoformat()
        yield record
    for _n in range(sizes.hearings):
        day = today + timedelta(days=rng.randrange(-1500, 120))
        yield {"type": "hearing", "id": _id(rng), "case_id": rng.choice(cases),
               "starts_at": f"{day.isoformat()}T{rng.randint(9, 16):02d}:00",
               "timezone": "Europe/Moscow", "court": f"{rng.choice(CITIES)} районный суд",
               "judge": f"{rng.choice(SURNAMES)}а", "kind": rng.choice(HEARING_KINDS)}
    for _n in range(sizes.parcels):
        person_id, _name = rng.choice(people)
        items = [{"name": name, "quantity": rng.randint(1, 3), "unit_weight_g": weight}
                 for name, weight in rng.sample(FOOD, 4)]
        yield {"type": "parcel", "id": _id(rng), "person_id": person_id,
               "facility_id": rng.choice(facilities), "status": "sent", "items": items,
               "planned_on": (today - timedelta(days=rng.randrange(1500))).isoformat()}
    for _n in range(sizes.payments):
        yield {"type": "payment", "id": _id(rng), "amount": f"{rng.randint(1, 500) * 100}.00",
               "direction": rng.choice(("in", "out")), "purpose": "Пожертвование",
               "on": (today - timedelta(days=rng.randrange(1500))).isoformat(),
               "case_id": rng.choice(cases)}


def write_jsonl(target: Path, seed: int = 20261127, sizes: Sizes = Sizes()) -> int:
    """The fund as a JSON Lines file; returns the number of records written."""
    count = 0
    with Path(target).open("w", encoding="utf-8") as fh:
        batch: list[str] = []
        for record in records(seed, sizes):
            batch.append(json.dumps(record, ensure_ascii=False))
            count += 1
            if len(batch) == 5000:
                fh.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            fh.write("\n".join(batch) + "\n")
    return count
