"""Realistic sample records for ``casefile demo``.

The data is drawn from public cases of Russian political prisoners (Boris Kagarlitsky, the
Ufa Marxist circle case) and filled out with invented but plausible people, lawyers, letters,
hearings, parcels and money, so a newcomer sees a vault that looks like a support group's.
Courts and facility names are real; everyone except Boris Kagarlitsky is invented; dates are
placed relative to ``today`` so the demo always has hearings next week and letters last month.
Addresses and parcel rules are examples: every facility says "уточнять в учреждении".

Pure data: no storage, no Qt. ``demo_records`` is deterministic for a given (today, seed):
ids are UUIDv5 over readable keys, randomness comes from one ``random.Random(seed)``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from casefile.domain.records import DETAINED

DEMO_PASSPHRASE = "demo"  # noqa: S105 - the documented passphrase of the demo vault

# Fixed namespace: the same key gives the same id in every demo vault.
DEMO_NAMESPACE = uuid.UUID("7d3f2b9a-4c1e-5a60-8f2d-0b6e9c1a5d44")

Record = tuple[str, dict[str, Any]]
Weighted = tuple[tuple[str, int], ...]

DEMO_NOTE = "Демонстрационная запись: сведения условные."
CHECK_NOTE = "Демонстрационные данные: адрес, индекс и правила передач уточнять в учреждении."


def demo_id(key: str) -> str:
    """The id of the demo record with this readable key, e.g. ``person:kagarlitsky``."""
    return str(uuid.uuid5(DEMO_NAMESPACE, key))


# --------------------------------------------------------------------------------------------
# Facilities
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FacilityRow:
    key: str
    name: str
    kind: str  # sizo or ik
    region: str
    address: str
    postal_code: str
    tz: str
    extra_refused: tuple[str, ...] = ()


FACILITIES: tuple[FacilityRow, ...] = (
    FacilityRow("ufa_sizo1", "ФКУ СИЗО-1 УФСИН России по Республике Башкортостан", "sizo",
                "Республика Башкортостан", "Республика Башкортостан, г. Уфа, ул. Достоевского, "
                "д. 97", "450077", "Asia/Yekaterinburg", ("сырое мясо и рыба",)),
    FacilityRow("ekb_sizo1", "ФКУ СИЗО-1 ГУФСИН России по Свердловской области", "sizo",
                "Свердловская область", "Свердловская область, г. Екатеринбург, ул. Репина, "
                "д. 4а", "620028", "Asia/Yekaterinburg", ("продукты в стеклянной таре",)),
    FacilityRow("msk_sizo6", "ФКУ СИЗО-6 УФСИН России по г. Москве", "sizo", "Москва",
                "г. Москва, ул. Шоссейная, д. 92", "109383", "Europe/Moscow",
                ("скоропортящиеся продукты без упаковки",)),
    FacilityRow("khv_sizo1", "ФКУ СИЗО-1 УФСИН России по Хабаровскому краю", "sizo",
                "Хабаровский край", "Хабаровский край, г. Хабаровск, ул. Яшина, д. 50",
                "680000", "Asia/Vladivostok"),
    FacilityRow("komi_sizo1", "ФКУ СИЗО-1 УФСИН России по Республике Коми", "sizo",
                "Республика Коми", "Республика Коми, г. Сыктывкар, ул. Катаева, д. 10",
                "167000", "Europe/Moscow"),
    FacilityRow("komi_ik11", "ФКУ ИК-11 ОИК-1 УФСИН России по Республике Коми", "ik",
                "Республика Коми", "Республика Коми, Усть-Вымский р-н, пгт Жешарт",
                "169040", "Europe/Moscow", ("чай в пакетиках",)),
    FacilityRow("tver_ik4", "ФКУ ИК-4 УФСИН России по Тверской области", "ik",
                "Тверская область", "Тверская область, г. Торжок, ул. Старицкая, д. 2",
                "172002", "Europe/Moscow"),
    FacilityRow("krsk_ik31", "ФКУ ИК-31 ГУФСИН России по Красноярскому краю", "ik",
                "Красноярский край", "Красноярский край, г. Красноярск, ул. Калинина, д. 2",
                "660000", "Asia/Krasnoyarsk", ("колбаса варёная",)),
)

COMMON_REFUSED = (
    "продукты, требующие варки",
    "домашние консервы",
    "дрожжи",
    "алкоголь и содержащие его (духи)",
)


def _facility(row: FacilityRow, today: date, rng: random.Random) -> Record:
    data: dict[str, Any] = {
        "id": demo_id(f"facility:{row.key}"),
        "name": row.name,
        "kind": row.kind,
        "region": row.region,
        "address": row.address,
        "postal_code": row.postal_code,
        "timezone": row.tz,
        "not_accepted": [*COMMON_REFUSED, *row.extra_refused],
        "rules_checked_on": (today - timedelta(days=rng.randint(20, 200))).isoformat(),
        "notes": CHECK_NOTE,
    }
    if row.kind == "sizo":
        # 30 kg a month under the 2005 rules; the number of hand-overs is not limited.
        data.update(parcel_limit_kg=30, parcel_limit_period="month")
    else:
        # General regime, ordinary conditions: 20 kg a parcel, 6 parcels a year.
        data.update(parcel_limit_kg=20, parcel_limit_period="year", parcels_per_period=6)
    return "facility", data


# --------------------------------------------------------------------------------------------
# Contacts
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactRow:
    key: str
    full_name: str
    role: str
    organization: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""


CONTACTS: tuple[ContactRow, ...] = (
    ContactRow("krylova", "Крылова Наталья Игоревна", "lawyer",
               "Московская коллегия адвокатов «Право и защита»", "+7 495 000-00-11",
               "krylova@example.org", "Защищает Кагарлицкого и Воронцову. Вымышленный контакт."),
    ContactRow("khasanov", "Хасанов Эльдар Маратович", "lawyer",
               "Коллегия адвокатов Республики Башкортостан «Щит»", "+7 917 000-00-12",
               "khasanov@example.org", "Уфимское дело. Ездит в Екатеринбург на каждое заседание."),
    ContactRow("tikhonova", "Тихонова Ольга Петровна", "lawyer",
               "Адвокатский кабинет, Сыктывкар", "+7 912 000-00-13", "tikhonova@example.org",
               "Сыктывкарские дела; передаёт письма, когда почта задерживается."),
    ContactRow("ushakov", "Ушаков Дмитрий Андреевич", "lawyer",
               "Хабаровская краевая коллегия адвокатов", "+7 914 000-00-14",
               "ushakov@example.org", "Говорит по-украински, переводит письма отца Андрія."),
    ContactRow("levin", "Левин Виктор Семёнович", "lawyer",
               "Адвокатское бюро «Левин и партнёры», Екатеринбург", "+7 343 000-00-15",
               "levin@example.org", "Ведёт апелляции и кассации."),
    ContactRow("klyuchnikova", "Ключникова Людмила Ивановна", "relative", "",
               "+7 347 000-00-21", "", "Мать Семёна. Возит передачи в СИЗО."),
    ContactRow("galimova", "Галимова Гульнара Рашитовна", "relative", "",
               "+7 347 000-00-22", "", "Жена Рината, двое детей."),
    ContactRow("izhakevych_father", "Їжакевич Євген Петрович", "relative", "",
               "+380 44 000-00-23", "", "Батько Андрія, живёт в Киеве; связь через адвоката."),
    ContactRow("vorontsov", "Воронцов Сергей Павлович", "relative", "",
               "+7 495 000-00-24", "", "Отец Алины."),
    ContactRow("lebedeva", "Лебедева Анна Владимировна", "journalist",
               "Независимое издание «Северный ветер»", "+7 900 000-00-31",
               "lebedeva@example.net", "Пишет о политических делах; просит сообщать о датах "
               "заседаний."),
    ContactRow("kruglova", "Круглова Мария", "member", "Группа поддержки", "+7 900 000-00-41",
               "masha@example.net", "Собирает посылки, ведёт список книг."),
    ContactRow("akhmetov", "Ахметов Денис Ринатович", "member", "Группа поддержки",
               "+7 900 000-00-42", "", "Носит передачи в СИЗО-1 Уфы и Екатеринбурга."),
    ContactRow("nikiforova", "Никифорова Вера Андреевна", "member",
               "Фонд поддержки левых политзаключённых", "+7 900 000-00-43",
               "vera@example.net", "Координатор: деньги, адвокаты, обмен с другими группами."),
    ContactRow("ilyin", "Ильин Фёдор Сергеевич", "member", "Группа поддержки",
               "+7 900 000-00-44", "", "Водитель, возит передачи и людей на суды."),
    ContactRow("walsh", "Tom Walsh", "member", "Glasgow solidarity campaign", "",
               "tom.walsh@example.org", "International campaign; English letters."),
)


def _contact(row: ContactRow) -> Record:
    data: dict[str, Any] = {"id": demo_id(f"contact:{row.key}"), "full_name": row.full_name,
                            "role": row.role}
    for name in ("organization", "phone", "email", "notes"):
        value = getattr(row, name)
        if value:
            data[name] = value
    return "contact", data


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

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


PEOPLE: tuple[PersonRow, ...] = (
    PersonRow("kagarlitsky", "Кагарлицкий Борис Юльевич", "Boris Kagarlitsky", 1958,
              "serving_sentence", "m", "Дорогой Борис Юльевич", "Dear Boris",
              "tver_ik4", 25, "1958-08-29",
              "Книги и журналы по-русски и по-английски, тетради в клетку, конверты с марками.",
              "Социолог-марксист, осуждён за слова против войны (ст. 205.2 ч. 2 УК РФ). "
              "Также пишется: Kagarlitskiy, Kagarlitskii. " + DEMO_NOTE,
              formal=True, threads=30, channels=(("post", 5), ("fsin_letter", 4),
                                                  ("via_lawyer", 1)),
              english=0.25, detained_days_ago=840),
    PersonRow("klyuchnikov", "Ключников Семён Аркадьевич", "Semyon Klyuchnikov", 1991,
              "pretrial_detention", "m", "Привет, Семён", "Dear Semyon",
              "ekb_sizo1", 12, "1991-03-17",
              "Без молочного (непереносимость лактозы). Одежда 50, рост 182, обувь 44. "
              "Омепразол — только через медчасть.",
              "Уфимское дело. Вымышленный участник. Также: Семен, Semen Kliuchnikov.",
              threads=26, channels=(("fsin_letter", 6), ("post", 3), ("via_lawyer", 1)),
              detained_days_ago=720),
    PersonRow("galimov", "Галимов Ринат Фаритович", "Rinat Galimov", 1986,
              "pretrial_detention", "m", "Здравствуй, Ринат", "Dear Rinat",
              "ufa_sizo1", 64, None,
              "Без свинины. Одежда 48, обувь 42. Очки −2,5 — нужна запасная пара.",
              "Уфимское дело. Вымышленный участник. По словам адвоката, ожидается этап в "
              "Екатеринбург — местонахождение не подтверждено.",
              threads=26, channels=(("post", 6), ("fsin_letter", 3)), detained_days_ago=720,
              silent_days=110),
    PersonRow("zhdanov", "Жданов Пётр Ильич", "Pyotr Zhdanov", 1979,
              "house_arrest", "m", "Пётр", "Dear Pyotr", None, None, None,
              "Гипертония: эналаприл. Продукты привозим раз в неделю.",
              "Уфимское дело. Под домашним арестом в Уфе: запрет на переписку и интернет. "
              "Также: Петр, Petr Zhdanov."),
    PersonRow("vorontsova", "Воронцова Алина Сергеевна", "Alina Vorontsova", 1997,
              "pretrial_detention", "f", "Алина, привет", "Dear Alina",
              "msk_sizo6", 8, "1997-04-11",
              "Вегетарианка. Одежда 44–46, обувь 38. L-тироксин 50 мкг — через медчасть, "
              "с рецептом.",
              "Антивоенные посты. Вымышленная участница.",
              threads=26, channels=(("fsin_letter", 5), ("post", 4)), english=0.1,
              detained_days_ago=420),
    PersonRow("izhakevych", "Їжакевич Андрій Євгенович", "Andrii Izhakevych", 1983,
              "pretrial_detention", "m", "Добрий день, Андрію", "Dear Andrii",
              "khv_sizo1", 30, None,
              "Диабет 2 типа: без сахара, сахарозаменитель. Одежда 54, обувь 45.",
              "Гражданин Украины, жил в Хабаровске. Также пишут: Ижакевич Андрей Евгеньевич, "
              "Andriy Izhakevich. Почта доходит плохо — часть писем через адвоката.",
              threads=26, channels=(("post", 4), ("via_lawyer", 4), ("fsin_letter", 2)),
              detained_days_ago=300),
    PersonRow("sorokin", "Сорокин Олег Викторович", "Oleg Sorokin", 1969,
              "restricted", "m", "Олег", "Dear Oleg", None, None, None, "",
              "Запрет определённых действий: нельзя пользоваться интернетом и выходить из дома "
              "с 22:00 до 6:00. Сыктывкар."),
    PersonRow("panteleev", "Пантелеев Артём Валерьевич", "Artyom Panteleev", 1994,
              "serving_sentence", "m", "Здорово, Артём", "Dear Artyom",
              "komi_ik11", 40, None,
              "Одежда 48, обувь 41. Очки для чтения +1,5. Любит кроссворды.",
              "Сыктывкар. Также: Артем, Artem Panteleev.",
              threads=26, channels=(("post", 6), ("fsin_letter", 3)), detained_days_ago=800),
    PersonRow("vedernikov", "Ведерников Кирилл Олегович", "Kirill Vedernikov", 2001,
              "serving_sentence", "m", "Кирилл, привет", "Dear Kirill",
              "krsk_ik31", 55, None,
              "Тёплые вещи: зима в Красноярске долгая. Одежда 50, обувь 43.",
              "Студент, осуждён за комментарии в Telegram.",
              threads=26, channels=(("post", 5), ("fsin_letter", 4)), english=0.05,
              detained_days_ago=900),
    PersonRow("morozov", "Морозов Глеб Аркадьевич", "Gleb Morozov", 1999,
              "released", "m", "Глеб", "Dear Gleb", None, None, None, "",
              "Освобождён в зале суда после приговора (штраф). Помогает группе с передачами."),
    PersonRow("belousova", "Белоусова Ксения Андреевна", "Kseniya Belousova", 1992,
              "abroad", "f", "Ксюша, привет", "Dear Ksenia", None, None, None, "",
              "Уехала из России до возбуждения дела, объявлена в розыск. Также: Ksenia "
              "Belousova. Связь только по e-mail.",
              threads=5, channels=(("email", 1),), english=0.4, detained_days_ago=500),
)
PERSON_BY_KEY = {p.key: p for p in PEOPLE}


def _person(row: PersonRow, today: date) -> Record:
    data: dict[str, Any] = {
        "id": demo_id(f"person:{row.key}"),
        "full_name": row.full_name,
        "latin_name": row.latin_name,
        "birth_year": row.birth_year,
        "status": row.status,
    }
    if row.birth_date:
        data["birth_date"] = row.birth_date
    if row.facility:
        data["facility_id"] = demo_id(f"facility:{row.facility}")
    if row.checked_days_ago is not None:
        data["location_checked_on"] = (today - timedelta(days=row.checked_days_ago)).isoformat()
    if row.needs:
        data["needs"] = row.needs
    if row.notes:
        data["notes"] = row.notes
    return "person", data


# --------------------------------------------------------------------------------------------
# Courts and cases
# --------------------------------------------------------------------------------------------

COURTS: dict[str, tuple[str, str]] = {
    "syk": ("Сыктывкарский городской суд", "Europe/Moscow"),
    "komi_supreme": ("Верховный суд Республики Коми", "Europe/Moscow"),
    "third_cass": ("Третий кассационный суд общей юрисдикции", "Europe/Moscow"),
    "west2": ("Второй западный окружной военный суд", "Europe/Moscow"),
    "east2": ("Второй восточный окружной военный суд", "Asia/Vladivostok"),
    "central": ("Центральный окружной военный суд", "Asia/Yekaterinburg"),
    "appeal_mil": ("Апелляционный военный суд", "Europe/Moscow"),
    "cass_mil": ("Кассационный военный суд", "Asia/Novosibirsk"),
    "meshch": ("Мещанский районный суд г. Москвы", "Europe/Moscow"),
    "lenin_ekb": ("Ленинский районный суд г. Екатеринбурга", "Asia/Yekaterinburg"),
    "okt_ufa": ("Октябрьский районный суд г. Уфы", "Asia/Yekaterinburg"),
}


@dataclass(frozen=True)
class CaseRow:
    key: str
    title: str
    case_number: str
    articles: tuple[str, ...]
    stage: str
    investigating_body: str
    court: str  # key of COURTS
    judge: str
    people: tuple[str, ...]
    lawyers: tuple[str, ...]
    measure: str
    measure_in_days: int | None = None  # measure_until relative to today
    sentence: str = ""
    notes: str = ""


CASES: tuple[CaseRow, ...] = (
    CaseRow("kagarlitsky", "Дело Кагарлицкого", "№ 12302870001000052",
            ("ст. 205.2 ч. 2 УК РФ",), "sentenced", "УФСБ России по Республике Коми",
            "west2", "Савельев А. Н.", ("kagarlitsky",), ("krylova", "tikhonova", "levin"),
            "none", None,
            "5 лет лишения свободы в колонии общего режима; запрет администрировать сайты 2 года",
            "Оправдание терроризма — за слова о взрыве на Крымском мосту. Первая инстанция "
            "(Сыктывкарский городской суд) назначила штраф 600 000 ₽; апелляция заменила его "
            "реальным сроком. Kagarlitsky case. " + DEMO_NOTE),
    CaseRow("ufa", "Дело уфимского марксистского кружка", "№ 12007800001000015",
            ("ст. 205.4 ч. 1 УК РФ", "ст. 205.4 ч. 2 УК РФ", "ст. 30 ч. 1, ст. 223.1 ч. 2 УК РФ"),
            "trial", "УФСБ России по Республике Башкортостан", "central", "Галеев Р. Р.",
            ("klyuchnikov", "galimov", "zhdanov"), ("khasanov", "levin"), "detention", 20, "",
            "Ufa Marxist circle case. 42 тома. Жданов — домашний арест, остальные под стражей. "
            "Продление меры — на ближайшем заседании."),
    CaseRow("vorontsova", "Дело Воронцовой", "№ 12202450012000187",
            ("ст. 207.3 ч. 2 п. «д» УК РФ", "ст. 280.3 ч. 1 УК РФ"), "trial",
            "СО по Мещанскому району ГСУ СК России по г. Москве", "meshch", "Орлова Е. В.",
            ("vorontsova",), ("krylova",), "detention", 26, "",
            "Посты о войне в «ВКонтакте». Обвинение просит 7 лет."),
    CaseRow("izhakevych", "Дело Їжакевича", "№ 12302080002000031",
            ("ст. 205.2 ч. 2 УК РФ",), "trial", "УФСБ России по Хабаровскому краю", "east2",
            "Климов С. Г.", ("izhakevych",), ("ushakov",), "detention", 45, "",
            "Комментарий в Telegram о Крымском мосте. Гражданин Украины; письма по-украински "
            "задерживает цензура."),
    CaseRow("sorokin", "Дело Сорокина", "№ 12301870001000144",
            ("ст. 280.3 ч. 1 УК РФ",), "trial", "СО по г. Сыктывкару СУ СК России по "
            "Республике Коми", "syk", "Попова Н. А.", ("sorokin",), ("tikhonova",),
            "prohibition_of_actions", 17, "",
            "Пикет «Нет войне» после двух административных протоколов."),
    CaseRow("panteleev", "Дело Пантелеева", "№ 12201870001000098",
            ("ст. 280.3 ч. 2 УК РФ", "ст. 207.3 ч. 2 п. «д» УК РФ"), "sentenced",
            "СУ СК России по Республике Коми", "syk", "Ветров И. М.", ("panteleev",),
            ("tikhonova",), "none", None, "3 года лишения свободы в колонии общего режима",
            "Листовки и пост о Буче. Кассация отклонена."),
    CaseRow("vedernikov", "Дело Ведерникова", "№ 12202040001000203",
            ("ст. 205.2 ч. 2 УК РФ",), "cassation", "УФСБ России по Красноярскому краю",
            "central", "Кузнецов П. Д.", ("vedernikov",), ("levin",), "none", None,
            "4 года лишения свободы в колонии общего режима",
            "Комментарии в Telegram-чате. Кассационная жалоба подана."),
    CaseRow("morozov", "Дело о граффити «Нет войне»", "№ 12201650087000412",
            ("ст. 214 ч. 2 УК РФ",), "closed", "ОП № 5 УМВД России по г. Екатеринбургу",
            "lenin_ekb", "Смирнова Т. Ю.", ("morozov",), ("levin",), "none", None,
            "Штраф 200 000 ₽ с учётом срока в СИЗО",
            "Освобождён в зале суда. Штраф оплачен фондом."),
    CaseRow("belousova", "Дело Белоусовой (заочно)", "№ 12302800033000057",
            ("ст. 207.3 ч. 2 п. «д» УК РФ",), "investigation",
            "СУ СК России по Республике Башкортостан", "okt_ufa", "Латыпов А. Ф.",
            ("belousova",), ("khasanov",), "detention", None, "",
            "Арестована заочно, объявлена в розыск. Живёт за границей."),
)
CASE_BY_KEY = {c.key: c for c in CASES}
CASE_OF_PERSON = {p: c.key for c in CASES for p in c.people}


def _case(row: CaseRow, today: date) -> Record:
    data: dict[str, Any] = {
        "id": demo_id(f"case:{row.key}"),
        "title": row.title,
        "case_number": row.case_number,
        "articles": list(row.articles),
        "stage": row.stage,
        "investigating_body": row.investigating_body,
        "court": COURTS[row.court][0],
        "judge": row.judge,
        "person_ids": [demo_id(f"person:{p}") for p in row.people],
        "lawyer_ids": [demo_id(f"contact:{c}") for c in row.lawyers],
        "measure": row.measure,
    }
    if row.measure_in_days is not None:
        data["measure_until"] = (today + timedelta(days=row.measure_in_days)).isoformat()
    if row.sentence:
        data["sentence"] = row.sentence
    if row.notes:
        data["notes"] = row.notes
    return "case", data


# --------------------------------------------------------------------------------------------
# Hearings
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HearingRow:
    case: str
    days: int  # relative to today
    at: str  # local time in the court's zone, HH:MM
    kind: str
    courtroom: str
    outcome: str = ""  # for past hearings; "" draws one from TRIAL_OUTCOMES
    court: str | None = None  # a key of COURTS when not the case's own court
    judge: str | None = None


HEARINGS: tuple[HearingRow, ...] = (
    HearingRow("kagarlitsky", -900, "11:00", "verdict", "зал № 2",
               "Приговор: штраф 600 000 ₽, освобождён в зале суда.", "syk", "Ефремова Л. С."),
    HearingRow("kagarlitsky", -840, "10:00", "appeal", "зал № 1",
               "Апелляция прокуратуры удовлетворена: 5 лет колонии общего режима, взят под "
               "стражу в зале суда."),
    HearingRow("kagarlitsky", -480, "09:30", "cassation", "зал № 3 (ВКС)",
               "Кассационная жалоба отклонена, приговор оставлен в силе.", "cass_mil",
               "Зайцев В. В."),
    HearingRow("ufa", -280, "10:00", "preliminary", "зал № 5",
               "Назначено рассмотрение по существу, мера пресечения оставлена без изменений."),
    HearingRow("ufa", -245, "10:00", "trial", "зал № 5"),
    HearingRow("ufa", -210, "10:30", "trial", "зал № 5"),
    HearingRow("ufa", -185, "14:00", "measure", "зал № 5",
               "Стража продлена на 3 месяца; Жданову — домашний арест на 3 месяца."),
    HearingRow("ufa", -175, "10:00", "trial", "зал № 5"),
    HearingRow("ufa", -140, "10:00", "trial", "зал № 5"),
    HearingRow("ufa", -105, "10:00", "trial", "зал № 7"),
    HearingRow("ufa", -95, "15:00", "measure", "зал № 5",
               "Стража продлена на 3 месяца. Ходатайство о домашнем аресте отклонено."),
    HearingRow("ufa", -70, "10:00", "trial", "зал № 5"),
    HearingRow("ufa", -42, "10:00", "trial", "зал № 5"),
    HearingRow("ufa", -21, "11:00", "trial", "зал № 5"),
    HearingRow("ufa", -9, "10:00", "trial", "зал № 5"),
    HearingRow("ufa", 3, "10:00", "trial", "зал № 5"),
    HearingRow("ufa", 5, "10:00", "trial", "зал № 5"),
    HearingRow("ufa", 10, "10:00", "trial", "зал № 5"),
    HearingRow("ufa", 12, "14:30", "measure", "зал № 5"),
    HearingRow("ufa", 24, "10:00", "trial", "зал № 5"),
    HearingRow("vorontsova", -110, "12:00", "preliminary", "зал № 412",
               "Дело назначено к рассмотрению, стража продлена."),
    HearingRow("vorontsova", -80, "11:00", "trial", "зал № 412"),
    HearingRow("vorontsova", -45, "11:00", "trial", "зал № 412"),
    HearingRow("vorontsova", -15, "14:00", "trial", "зал № 412"),
    HearingRow("vorontsova", 6, "11:00", "trial", "зал № 412"),
    HearingRow("vorontsova", 13, "12:00", "measure", "зал № 412"),
    HearingRow("izhakevych", -55, "10:00", "preliminary", "зал № 2",
               "Отказано в переводчике с украинского: подсудимый «владеет русским»."),
    HearingRow("izhakevych", -30, "10:00", "trial", "зал № 2"),
    HearingRow("izhakevych", 8, "10:00", "trial", "зал № 2"),
    HearingRow("izhakevych", 22, "10:00", "trial", "зал № 2"),
    HearingRow("sorokin", -85, "10:00", "preliminary", "зал № 9",
               "Запрет определённых действий продлён."),
    HearingRow("sorokin", -50, "14:00", "trial", "зал № 9"),
    HearingRow("sorokin", -20, "14:00", "trial", "зал № 9"),
    HearingRow("sorokin", 4, "14:00", "trial", "зал № 9"),
    HearingRow("sorokin", 18, "10:00", "trial", "зал № 9"),
    HearingRow("panteleev", -560, "15:00", "verdict", "зал № 4",
               "Приговор: 3 года колонии общего режима."),
    HearingRow("panteleev", -470, "10:00", "appeal", "зал № 1",
               "Приговор оставлен без изменений.", "komi_supreme", "Пыстин В. И."),
    HearingRow("panteleev", -200, "11:30", "cassation", "зал № 6 (ВКС)",
               "Кассационная жалоба отклонена.", "third_cass", "Беляева О. Н."),
    HearingRow("vedernikov", -650, "10:00", "verdict", "зал № 3",
               "Приговор: 4 года колонии общего режима."),
    HearingRow("vedernikov", -560, "11:00", "appeal", "зал № 2 (ВКС)",
               "Приговор оставлен без изменений.", "appeal_mil", "Денисов К. А."),
    HearingRow("vedernikov", 30, "10:00", "cassation", "зал № 1 (ВКС)", "", "cass_mil",
               "Зайцев В. В."),
    HearingRow("morozov", -420, "09:00", "measure", "зал № 14",
               "Стража продлена на 2 месяца."),
    HearingRow("morozov", -360, "15:00", "verdict", "зал № 14",
               "Приговор: штраф 200 000 ₽ с учётом срока в СИЗО; освобождён в зале суда."),
    HearingRow("belousova", -280, "16:00", "measure", "зал № 21",
               "Заочный арест на 2 месяца с момента экстрадиции или задержания."),
)

TRIAL_OUTCOMES = (
    "Допрошены свидетели обвинения, в том числе засекреченный свидетель.",
    "Оглашены материалы дела (тома 12–15).",
    "Заседание отложено: подсудимого не доставили из СИЗО.",
    "Защита заявила ходатайство о возвращении дела прокурору — отклонено.",
    "Просмотрены видеозаписи ОРМ; защита оспорила экспертизу.",
    "Допрошен эксперт-лингвист; следующее заседание назначено.",
    "Судья удалила из зала двух слушателей за аплодисменты.",
)
ATTENDEES = (
    "Маша, Денис",
    "Вера, Фёдор (на машине)",
    "Денис, Людмила Ивановна",
    "Маша, Анна Лебедева (пресса)",
    "Вера и трое новых волонтёров",
)


def _hearing(row: HearingRow, index: int, today: date, rng: random.Random) -> Record:
    case = CASE_BY_KEY[row.case]
    court, tz = COURTS[row.court or case.court]
    hour, minute = (int(x) for x in row.at.split(":"))
    local = datetime.combine(today + timedelta(days=row.days), time(hour, minute),
                             tzinfo=ZoneInfo(tz))
    data: dict[str, Any] = {
        "id": demo_id(f"hearing:{row.case}:{index:02d}"),
        "case_id": demo_id(f"case:{row.case}"),
        "starts_at": local.isoformat(timespec="minutes"),
        "timezone": tz,
        "court": court,
        "courtroom": row.courtroom,
        "judge": row.judge or case.judge,
        "kind": row.kind,
        "attendees": rng.choice(ATTENDEES),
    }
    if row.days < 0:
        data["outcome"] = row.outcome or rng.choice(TRIAL_OUTCOMES)
    elif row.days <= 14:
        data["notes"] = "Время местное (суд). Уточнить у адвоката накануне."
    return "hearing", data


# --------------------------------------------------------------------------------------------
# Events: each case's timeline
# --------------------------------------------------------------------------------------------

# (case, person or "", days relative to today, kind, description)
EVENTS: tuple[tuple[str, str, int, str, str], ...] = (
    ("kagarlitsky", "kagarlitsky", -1040, "search", "Обыск в Москве, изъяты ноутбук и телефоны."),
    ("kagarlitsky", "kagarlitsky", -1039, "detention", "Задержан, этапирован в Сыктывкар."),
    ("kagarlitsky", "kagarlitsky", -1038, "arrest", "Сыктывкарский городской суд: арест."),
    ("kagarlitsky", "kagarlitsky", -1030, "charge", "Обвинение по ст. 205.2 ч. 2 УК РФ."),
    ("kagarlitsky", "kagarlitsky", -900, "verdict", "Штраф 600 000 ₽, освобождён в зале суда."),
    ("kagarlitsky", "kagarlitsky", -840, "appeal", "Апелляция: 5 лет общего режима."),
    ("kagarlitsky", "kagarlitsky", -835, "transfer",
     "Помещён в ФКУ СИЗО-1 УФСИН России по Республике Коми."),
    ("kagarlitsky", "kagarlitsky", -760, "transfer",
     "Этап в ФКУ ИК-4 УФСИН России по Тверской области; три недели без связи."),
    ("kagarlitsky", "kagarlitsky", -480, "appeal", "Кассация отклонена."),
    ("ufa", "", -720, "search", "Обыски у пятерых участников кружка в Уфе."),
    ("ufa", "klyuchnikov", -720, "detention", "Задержан после обыска."),
    ("ufa", "galimov", -720, "detention", "Задержан после обыска."),
    ("ufa", "zhdanov", -719, "detention", "Задержан на работе."),
    ("ufa", "", -718, "arrest", "Октябрьский районный суд г. Уфы: арест всех троих."),
    ("ufa", "", -700, "charge", "Обвинение по ст. 205.4 УК РФ (террористическое сообщество)."),
    ("ufa", "zhdanov", -400, "measure", "Стража заменена домашним арестом по здоровью."),
    ("ufa", "", -300, "trial", "Дело (42 тома) передано в Центральный окружной военный суд."),
    ("ufa", "klyuchnikov", -290, "transfer",
     "Этап из СИЗО-1 Уфы в ФКУ СИЗО-1 ГУФСИН России по Свердловской области."),
    ("ufa", "", -185, "measure", "Стража продлена на 3 месяца."),
    ("ufa", "", -95, "measure", "Стража продлена на 3 месяца."),
    ("vorontsova", "vorontsova", -421, "search", "Обыск в квартире в Москве."),
    ("vorontsova", "vorontsova", -420, "detention", "Задержана после обыска."),
    ("vorontsova", "vorontsova", -419, "arrest", "Мещанский районный суд: арест на 2 месяца."),
    ("vorontsova", "vorontsova", -400, "charge", "Обвинение по ст. 207.3 ч. 2 п. «д»."),
    ("vorontsova", "vorontsova", -250, "charge", "Добавлена ст. 280.3 ч. 1 УК РФ."),
    ("vorontsova", "vorontsova", -120, "trial", "Дело поступило в суд."),
    ("izhakevych", "izhakevych", -301, "search", "Обыск в Хабаровске."),
    ("izhakevych", "izhakevych", -300, "detention", "Задержан сотрудниками ФСБ."),
    ("izhakevych", "izhakevych", -299, "arrest", "Арест на 2 месяца."),
    ("izhakevych", "izhakevych", -280, "charge", "Обвинение по ст. 205.2 ч. 2 УК РФ."),
    ("izhakevych", "izhakevych", -60, "trial", "Дело передано во Второй восточный окружной "
     "военный суд."),
    ("sorokin", "sorokin", -330, "search", "Обыск в Сыктывкаре, изъяты плакаты."),
    ("sorokin", "sorokin", -320, "charge", "Обвинение по ст. 280.3 ч. 1 УК РФ."),
    ("sorokin", "sorokin", -319, "measure", "Запрет определённых действий."),
    ("sorokin", "sorokin", -90, "trial", "Дело поступило в Сыктывкарский городской суд."),
    ("panteleev", "panteleev", -800, "search", "Обыск, изъяты листовки."),
    ("panteleev", "panteleev", -799, "arrest", "Арест на 2 месяца."),
    ("panteleev", "panteleev", -560, "verdict", "3 года колонии общего режима."),
    ("panteleev", "panteleev", -470, "appeal", "Верховный суд Коми оставил приговор в силе."),
    ("panteleev", "panteleev", -440, "transfer", "Этап в ФКУ ИК-11 ОИК-1 УФСИН по Коми."),
    ("vedernikov", "vedernikov", -900, "detention", "Задержан в общежитии университета."),
    ("vedernikov", "vedernikov", -899, "arrest", "Арест на 2 месяца."),
    ("vedernikov", "vedernikov", -650, "verdict", "4 года колонии общего режима."),
    ("vedernikov", "vedernikov", -560, "appeal", "Апелляционный военный суд: без изменений."),
    ("vedernikov", "vedernikov", -520, "transfer", "Этап в ФКУ ИК-31 ГУФСИН по Красноярскому "
     "краю; месяц без писем."),
    ("morozov", "morozov", -600, "detention", "Задержан у граффити «Нет войне»."),
    ("morozov", "morozov", -598, "arrest", "Ленинский районный суд: арест."),
    ("morozov", "morozov", -360, "verdict", "Штраф 200 000 ₽."),
    ("morozov", "morozov", -360, "release", "Освобождён в зале суда."),
    ("belousova", "belousova", -500, "other", "Уехала из России."),
    ("belousova", "belousova", -300, "charge", "Обвинение заочно по ст. 207.3 ч. 2 п. «д»."),
    ("belousova", "belousova", -280, "arrest", "Заочный арест."),
    ("belousova", "belousova", -279, "other", "Объявлена в межгосударственный розыск."),
)


def _event(index: int, row: tuple[str, str, int, str, str], today: date) -> Record:
    case, person, days, kind, description = row
    data: dict[str, Any] = {
        "id": demo_id(f"event:{case}:{index:03d}"),
        "on": (today + timedelta(days=days)).isoformat(),
        "kind": kind,
        "description": description,
        "case_id": demo_id(f"case:{case}"),
    }
    if person:
        data["person_id"] = demo_id(f"person:{person}")
    return "event", data


# --------------------------------------------------------------------------------------------
# Letters
# --------------------------------------------------------------------------------------------

BOOKS_RU = (
    "«Котлован» Платонова", "«История одного города» Салтыкова-Щедрина",
    "«Тихий Дон» Шолохова", "«Эпоха крайностей» Хобсбаума", "«Преданная революция» Троцкого",
    "«Жизнь и судьба» Гроссмана", "сборник стихов Мандельштама", "«Мастер и Маргарита»",
    "«Дети Арбата» Рыбакова", "учебник английского Мёрфи", "«Капитал», том первый",
    "«Колымские рассказы» Шаламова",
)
BOOKS_EN = (
    "Hobsbawm's The Age of Extremes", "Trotsky's The Revolution Betrayed",
    "a collection of Orwell's essays", "Ursula Le Guin's The Dispossessed",
    "E. P. Thompson's The Making of the English Working Class",
)

OUT_RU: dict[str, tuple[str, ...]] = {
    "news": (
        "В субботу мы снова собирались писать письма — пришло человек двадцать, многие впервые.",
        "На прошлой неделе прошёл вечер солидарности, собрали деньги на адвоката.",
        "{Tvoi} письма мы читаем вслух на встречах группы, все передают привет.",
        "Мы напечатали открытки с {tvoim} рисунком, их разбирают быстрее, чем успеваем печатать.",
        "Про дело снова написали журналисты, в том числе за границей.",
        "Вера теперь координирует передачи, так что все вопросы о посылках — к ней.",
        "У нас новая волонтёрка из Казани, она помогает с переводами писем.",
        "Маша наконец сдала сессию и шлёт {te} большой привет.",
    ),
    "books": (
        "Отправили {te} бандероль с книгами, там {book}.",
        "Нашли {book} — если не пропустят, попробуем через библиотеку учреждения.",
        "{Write}, пожалуйста, дошли ли книги: в последней бандероли была {book}.",
    ),
    "health": (
        "Как здоровье? {Write}, пожалуйста, что говорит врач.",
        "Адвокат сказал, что лекарства передали через медчасть — {write}, {got} ли.",
        "Береги{s} себя и не забывай{te_} про зарядку, хоть десять минут в день.",
    ),
    "hearing": (
        "Следующий суд — {hearing}, мы постараемся прийти всей группой.",
        "На прошлом заседании в зале было человек пятнадцать, судья даже сделала замечание "
        "за аплодисменты.",
        "Адвокат готовит новое ходатайство, подробности расскажет при встрече.",
    ),
    "parcel": (
        "Посылку собираем на следующей неделе — {write}, чего не хватает.",
        "Посылка ушла в понедельник: чай, сухофрукты, тёплые носки и тетради.",
        "В прошлый раз не приняли часть продуктов, теперь сверяемся со списком учреждения.",
    ),
    "weather": (),  # chosen by season, see WEATHER_RU
}
CLOSING_RU = (
    "Обнимаем и ждём ответа.",
    "{Hold}, мы рядом.",
    "Пиши{te_}, как сможе{sh} — мы ждём каждое письмо.",
    "Вкладываем чистый лист и конверт с маркой для ответа.",
    "{Tvoya} группа поддержки.",
)
WEATHER_RU = {
    "winter": ("У нас мороз под двадцать, город завалило снегом.",
               "Зима в этом году снежная, дети катаются с горки прямо у суда."),
    "spring": ("Снег почти сошёл, на улицах лужи и первые скворцы.",
               "Весна наконец пришла, в парке уже зеленеет."),
    "summer": ("Стоит жара, вечером все сидят у реки.",
               "Лето дождливое, зато грибов в лесу много."),
    "autumn": ("Листья пожелтели, по утрам уже заморозки.",
               "Осень тёплая, но дожди идут почти каждый день."),
}
IN_RU = (
    "Спасибо за письма, их здесь ждёшь больше всего.",
    "Посылка дошла целиком, чай и сухофрукты очень кстати.",
    "Прочитал{a} {book}, очень прошу ещё что-нибудь в этом роде.",
    "Чувствую себя нормально, в камере нас шестеро, все спокойные.",
    "Передайте привет всем, кто пишет, — отвечаю по очереди, бумаги не всегда хватает.",
    "Перед судом немного волнуюсь, но адвокат настроен бодро.",
    "Письма приходят пачками раз в две недели, так что не беспокойтесь, если ответ задержится.",
    "Много читаю и пишу конспекты, заканчиваю вторую тетрадь.",
    "Пришлите, пожалуйста, конверты с марками и пару тетрадей в клетку.",
    "Здесь разрешили спортзал раз в неделю, стало полегче.",
    "Врач наконец посмотрел, лекарства выдают.",
)
IN_RU_EXTRA = {
    "kagarlitsky": ("Работаю над текстом о новом левом блоке, черновики передам через адвоката.",
                    "Пересказываю соседям по бараку историю Термидора — слушают внимательно."),
    "izhakevych": ("Пишу по-русски, чтобы письмо прошло цензуру быстрее.",
                   "Передайте батьку, что у меня всё в порядке."),
}
IN_OPENING_RU = ("Здравствуйте, дорогие!", "Привет всем!", "Дорогие друзья, здравствуйте!")
IN_CLOSING_RU = ("Обнимаю, ваш{a} {short}.", "Всем спасибо. {short}.", "До связи, {short}.")
# For people who are not held anywhere (abroad): e-mail, no prison life.
FREE_OUT_RU = (
    "Адвокат подал жалобу на заочный арест, ответа пока нет.",
    "Следователь снова звонил родителям, они держатся и передают привет.",
    "В группе всё по-старому: пишем письма, собираем посылки, ходим на суды.",
    "Адвокату нужна новая доверенность — {write}, как удобнее её передать.",
    "Про дело снова написали журналисты, в том числе за границей.",
)
FREE_IN_RU = (
    "Спасибо, что держите в курсе дела.",
    "Работаю в кафе, по вечерам учу язык.",
    "Подписал{a} доверенность, отправлю курьером на этой неделе.",
    "Очень скучаю по всем, передайте привет ребятам в Уфе.",
    "Читаю новости о процессах и злюсь, что не могу прийти в суд.",
)
FREE_IN_EN = (
    "Thank you for keeping me posted about the case.",
    "I work in a café now and study the language in the evenings.",
    "Please say hello to everyone in the group.",
)

OUT_EN = (
    "We held a public meeting about your case last week; about sixty people came.",
    "Your last letter was translated and read out at the meeting.",
    "We are sending a book: {book_en}.",
    "People all over the world are following the case.",
    "Please tell us if the postcards arrive; we sent about thirty.",
    "It has been raining for a week here, as usual.",
    "The union branch passed a motion of solidarity and sent a donation.",
)
CLOSING_EN = ("Stay strong, comrade.", "With solidarity from all of us.", "Write when you can.")
IN_EN = (
    "Thank you for your letter, it reached me after about three weeks.",
    "Please give my regards to everyone in the campaign.",
    "The books arrived, I am reading slowly to make them last.",
    "Letters are the best thing that happens here.",
    "I am well, do not worry about me.",
)

SUBJECTS_OUT_RU = {  # by the letter's first topic
    "news": "Новости и привет от группы", "books": "Книги", "health": "Как здоровье?",
    "hearing": "Пара слов перед судом", "parcel": "Про посылку", "weather": "Привет из дома",
}
SUBJECTS_IN_RU = ("Ответ на письма", "Спасибо за письма", "Письмо из {where}", "Привет всем",
                  "Новости от меня")
SUBJECTS_OUT_EN = ("Greetings from Glasgow", "News from the campaign", "Books on the way")
SUBJECTS_IN_EN = ("Reply to the campaign", "Thank you")

# Days a letter takes, by channel.
TRANSIT: dict[str, tuple[int, int]] = {
    "post": (8, 21), "fsin_letter": (1, 4), "via_lawyer": (3, 12), "email": (0, 1),
    "other": (3, 10),
}
TRACKED = ("fsin_letter", "via_lawyer", "email")  # channels that confirm delivery


def _season(day: date) -> str:
    return ("winter", "winter", "spring", "spring", "spring", "summer", "summer", "summer",
            "autumn", "autumn", "autumn", "winter")[day.month - 1]


def _forms(person: PersonRow) -> dict[str, str]:
    """Grammar for the letter templates: «ты» or «вы», masculine or feminine."""
    female = person.gender == "f"
    short = person.full_name.split()[1]
    if person.formal:
        forms = {"te": "вам", "Tvoi": "Ваши", "tvoim": "вашим", "Write": "Напишите",
                 "write": "напишите", "got": "получили", "Hold": "Держитесь", "s": "те",
                 "te_": "те", "sh": "те", "Tvoya": "Ваша"}
    else:
        forms = {"te": "тебе", "Tvoi": "Твои", "tvoim": "твоим", "Write": "Напиши",
                 "write": "напиши", "got": "получила" if female else "получил",
                 "Hold": "Держись", "s": "", "te_": "", "sh": "шь", "Tvoya": "Твоя"}
    forms.update(a="а" if female else "", short=short)
    return forms


@dataclass
class LetterContext:
    person: PersonRow
    forms: dict[str, str]
    hearings: list[date]  # the person's case hearings, sorted
    where: str  # short facility name for subjects
    rng: random.Random

    def fill(self, template: str, on: date) -> str:
        values = dict(self.forms, book=self.rng.choice(BOOKS_RU),
                      book_en=self.rng.choice(BOOKS_EN), where=self.where,
                      hearing=self._next_hearing(on))
        return template.format_map(values)

    def _next_hearing(self, on: date) -> str:
        upcoming = [h for h in self.hearings if h > on]
        return upcoming[0].strftime("%d.%m") if upcoming else "в следующем месяце"


def _compose(ctx: LetterContext, on: date, opening: str, middle: Sequence[str],
             closing: Sequence[str]) -> str:
    """A 3–6 sentence letter: greeting, 1–4 sentences from the pool, a closing line."""
    count = ctx.rng.randint(1, min(4, len(middle)))
    chosen = ctx.rng.sample(list(middle), count)
    lines = [ctx.fill(s, on) for s in chosen]
    return "\n\n".join([opening, " ".join(lines), ctx.fill(ctx.rng.choice(closing), on)])


def _out_body(ctx: LetterContext, on: date, english: bool) -> tuple[str, str]:
    rng = ctx.rng
    if english:
        subject = rng.choice(SUBJECTS_OUT_EN)
        body = _compose(ctx, on, f"{ctx.person.greet_en},", OUT_EN, CLOSING_EN)
        return subject, body
    if ctx.person.status not in DETAINED:
        body = _compose(ctx, on, f"{ctx.person.greet_ru}!", FREE_OUT_RU, CLOSING_RU[:2])
        return "Новости по делу", body
    topics = rng.sample(list(OUT_RU), rng.randint(1, 4))
    weather = WEATHER_RU[_season(on)]
    middle = [ctx.fill(rng.choice(OUT_RU[t] or weather), on) for t in topics]
    closing = ctx.fill(rng.choice(CLOSING_RU), on)
    body = "\n\n".join([f"{ctx.person.greet_ru}!", " ".join(middle), closing])
    return SUBJECTS_OUT_RU[topics[0]], body


def _in_body(ctx: LetterContext, on: date, english: bool) -> tuple[str, str]:
    rng = ctx.rng
    free = ctx.person.status not in DETAINED
    if english:
        signature = (f"Yours, {ctx.person.latin_name}",)
        body = _compose(ctx, on, "Dear friends,", FREE_IN_EN if free else IN_EN, signature)
        return rng.choice(SUBJECTS_IN_EN), body
    pool = FREE_IN_RU if free else IN_RU + IN_RU_EXTRA.get(ctx.person.key, ())
    subject = ctx.fill(rng.choice(SUBJECTS_IN_RU), on)
    return subject, _compose(ctx, on, rng.choice(IN_OPENING_RU), pool, IN_CLOSING_RU)


def _pick(rng: random.Random, weighted: Weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


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
        low, high = TRANSIT[channel]
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
        tracked = channel in TRACKED and status in ("answered", "delivered")
        self._letter("out", channel, status, sent, arrives if tracked else None)
        if answered:
            self._letter("in", channel, "answered", reply_sent, reply_received)

    def recent(self) -> None:
        """Letters of the last weeks: one unanswered for 30+ days, one just sent, a draft."""
        rng = self.ctx.rng
        channel = self.ctx.person.channels[0][0]
        old = self.today - timedelta(days=rng.randint(31, 48))
        tracked = channel in TRACKED
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


def _hearing_dates(today: date) -> dict[str, list[date]]:
    dates: dict[str, list[date]] = {}
    for row in HEARINGS:
        dates.setdefault(row.case, []).append(today + timedelta(days=row.days))
    return {k: sorted(v) for k, v in dates.items()}


def _short_facility(key: str | None) -> str:
    if key is None:
        return "дома"
    row = next(f for f in FACILITIES if f.key == key)
    return row.name.split()[1]  # "СИЗО-1", "ИК-4"


def _letters(today: date, rng: random.Random) -> list[Record]:
    hearings = _hearing_dates(today)
    records: list[Record] = []
    for person in PEOPLE:
        if not person.threads:
            continue
        ctx = LetterContext(person, _forms(person),
                            hearings.get(CASE_OF_PERSON.get(person.key, ""), []),
                            _short_facility(person.facility), rng)
        records.extend(_letters_for(person, ctx, today))
    return records


# --------------------------------------------------------------------------------------------
# Parcels
# --------------------------------------------------------------------------------------------

# (name, unit weight in grams, most a parcel holds)
FOOD: tuple[tuple[str, int, int], ...] = (
    ("Чай чёрный листовой", 250, 4), ("Кофе растворимый", 190, 2), ("Сахар-рафинад", 500, 2),
    ("Сухофрукты (курага, чернослив)", 500, 3), ("Орехи грецкие", 200, 2),
    ("Шоколад горький", 100, 5), ("Печенье овсяное", 300, 3), ("Сыр твёрдый", 400, 2),
    ("Колбаса сырокопчёная", 300, 2), ("Халва подсолнечная", 350, 2),
    ("Конфеты карамель", 250, 2), ("Лапша быстрого приготовления", 90, 10),
    ("Сигареты (блок)", 250, 2),
)
CLOTHES: tuple[tuple[str, int, int], ...] = (
    ("Носки шерстяные", 80, 4), ("Термобельё", 300, 1), ("Футболка хлопковая", 180, 3),
    ("Шапка вязаная", 100, 1), ("Перчатки", 60, 1), ("Трусы", 70, 4),
)
HYGIENE: tuple[tuple[str, int, int], ...] = (
    ("Зубная паста", 100, 2), ("Зубная щётка", 20, 2), ("Мыло хозяйственное", 200, 3),
    ("Шампунь (прозрачная бутылка)", 250, 1), ("Стиральный порошок", 400, 2),
    ("Бритвенные станки одноразовые", 10, 10),
)
PAPER: tuple[tuple[str, int, int], ...] = (
    ("Тетради 48 л.", 120, 4), ("Конверты с марками", 10, 20), ("Ручки шариковые синие", 6, 5),
    ("Бумага писчая А4 (50 л.)", 250, 2), ("Календарь карманный", 5, 1),
)
BOOK_ITEMS = tuple((f"Книга: {b}", 450, 1) for b in BOOKS_RU)

PACKERS = ("Маша Круглова", "Вера Никифорова", "Глеб Морозов", "Маша Круглова")
CARRIERS = {"sizo": ("Денис Ахметов", "Людмила Ивановна", "Фёдор Ильин"),
            "ik": ("Почта России (отправляет Маша)", "Фёдор Ильин")}

# Per person: (days relative to today, status, kind); kind "handover" for SIZO.
PARCEL_PLANS: dict[str, tuple[tuple[int, str, str], ...]] = {
    "kagarlitsky": ((-300, "accepted", "parcel"), (-180, "accepted", "parcel"),
                    (-120, "accepted", "small_parcel"), (-60, "accepted", "parcel"),
                    (9, "packed", "parcel")),
    "klyuchnikov": ((-95, "accepted", "handover"), (-64, "accepted", "handover"),
                    (-33, "refused", "handover"), (-5, "accepted", "handover"),
                    (6, "planned", "handover")),
    "galimov": ((-80, "accepted", "handover"), (-45, "accepted", "handover"),
                (-12, "accepted", "handover"), (11, "planned", "handover")),
    "vorontsova": ((-70, "accepted", "handover"), (-40, "accepted", "handover"),
                   (-10, "accepted", "handover"), (3, "packed", "handover")),
    "izhakevych": ((-90, "returned", "parcel"), (-50, "accepted", "handover"),
                   (-20, "accepted", "handover"), (13, "planned", "handover")),
    "panteleev": ((-250, "accepted", "parcel"), (-150, "accepted", "parcel"),
                  (-70, "accepted", "small_parcel"), (20, "planned", "parcel")),
    "vedernikov": ((-200, "accepted", "parcel"), (-100, "accepted", "parcel"),
                   (-40, "sent", "small_parcel"), (12, "planned", "parcel")),
}
PARCEL_NOTES = {
    "refused": "Не приняли: домашние консервы (в списке запрещённого). Остальное забрали.",
    "returned": "Вернулась: «адресат выбыл» — был на этапе. Отправить заново.",
    "sent": "Трек-номер у Маши.",
}


def _pick_items(rng: random.Random, pools: Sequence[tuple[tuple[str, int, int], ...]],
                limit_g: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    total = 0
    for pool in pools:
        for name, weight, most in rng.sample(list(pool), min(len(pool), rng.randint(2, 4))):
            quantity = rng.randint(1, most)
            if total + quantity * weight > limit_g:
                continue
            total += quantity * weight
            items.append({"name": name, "quantity": quantity, "unit_weight_g": weight})
    return items


def _parcel_items(rng: random.Random, kind: str, refused: bool) -> list[dict[str, Any]]:
    if kind == "small_parcel":  # бандероль: up to 5 kg, books and paper
        return _pick_items(rng, (BOOK_ITEMS, PAPER), 5_000)
    limit = 20_000 if kind == "parcel" else 12_000
    items = _pick_items(rng, (FOOD, CLOTHES, HYGIENE, PAPER), limit)
    if refused:
        items.append({"name": "Домашние консервы (лечо)", "quantity": 2, "unit_weight_g": 500})
    return items


def _declared(items: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """A parcel sent by post declares each item's value (form 107); a hand-over does not."""
    if kind == "handover":
        return items
    # A round price from the weight: no random draw, so the rest of the demo stays the same.
    return [{**item, "value_rub": f"{max(50, item['unit_weight_g'] // 20 * 10)}.00"}
            for item in items]


def _parcels(today: date, rng: random.Random) -> list[Record]:
    records: list[Record] = []
    for key, plans in PARCEL_PLANS.items():
        person = PERSON_BY_KEY[key]
        facility = next(f for f in FACILITIES if f.key == person.facility)
        for n, (days, status, kind) in enumerate(plans):
            data: dict[str, Any] = {
                "id": demo_id(f"parcel:{key}:{n:02d}"),
                "person_id": demo_id(f"person:{key}"),
                "facility_id": demo_id(f"facility:{facility.key}"),
                "kind": kind,
                "planned_on": (today + timedelta(days=days)).isoformat(),
                "status": status,
                "items": _declared(_parcel_items(rng, kind, status == "refused"), kind),
                "packer": rng.choice(PACKERS),
                "carrier": rng.choice(CARRIERS[facility.kind]),
            }
            if status in PARCEL_NOTES:
                data["notes"] = PARCEL_NOTES[status]
            records.append(("parcel", data))
    return records


# --------------------------------------------------------------------------------------------
# Tasks
# --------------------------------------------------------------------------------------------

# (key, title, due relative to today, done, person, case)
TASKS: tuple[tuple[str, str, int, bool, str, str], ...] = (
    ("fsin_semyon", "Отправить ФСИН-письмо Семёну", 1, False, "klyuchnikov", ""),
    ("handover_ekb", "Собрать передачу в СИЗО-1 Екатеринбурга", 5, False, "klyuchnikov", ""),
    ("tickets_ekb", "Купить билеты на заседание в Екатеринбурге", 2, False, "", "ufa"),
    ("measure_ufa", "Найти поручителей к продлению меры (уфимское дело)", 6, False, "", "ufa"),
    ("rules_ik4", "Уточнить правила передач в ИК-4 (Торжок)", 4, False, "kagarlitsky", ""),
    ("campaign_en", "Translate the latest letter for the international campaign", 3, False,
     "kagarlitsky", ""),
    ("glasses_galimov", "Передать запасные очки Ринату через адвоката", 0, False, "galimov", ""),
    ("where_galimov", "Выяснить, не этапирован ли Ринат (письма без ответа)", -2, False,
     "galimov", ""),
    ("thyroxine", "Рецепт на L-тироксин для Алины — в медчасть", 3, False, "vorontsova", ""),
    ("court_vorontsova", "Собрать людей на заседание по делу Воронцовой", 5, False, "",
     "vorontsova"),
    ("translator", "Ходатайство о переводчике — обсудить с Ушаковым", -5, True, "",
     "izhakevych"),
    ("sorokin_support", "Письмо поддержки Олегу перед заседанием", 2, False, "sorokin", ""),
    ("crosswords", "Купить кроссворды для Артёма", -20, True, "panteleev", ""),
    ("warm_clothes", "Тёплые вещи для Кирилла до зимы", 10, False, "vedernikov", ""),
    ("cassation_ved", "Оплатить кассационную жалобу (Левин)", 7, False, "", "vedernikov"),
    ("fine_morozov", "Оплатить штраф Морозова", -60, True, "morozov", "morozov"),
    ("report", "Отчёт о сборах и расходах за месяц", -30, True, "", ""),
    ("postcards", "Напечатать открытки для вечера писем", -8, True, "", ""),
)


def _task(row: tuple[str, str, int, bool, str, str], today: date) -> Record:
    key, title, days, done, person, case = row
    data: dict[str, Any] = {
        "id": demo_id(f"task:{key}"),
        "title": title,
        "due_on": (today + timedelta(days=days)).isoformat(),
        "done": done,
    }
    if person:
        data["person_id"] = demo_id(f"person:{person}")
    if case:
        data["case_id"] = demo_id(f"case:{case}")
    return "task", data


# --------------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------------

# The month a fund reported: 213 119 ₽ in, 230 900 ₽ out, 200 000 ₽ of it one person's fine.
REPORT_IN = (
    ("50000.00", "Сбор на карту координатора"), ("41500.00", "Концерт солидарности"),
    ("30000.00", "Ярмарка открыток"), ("25000.00", "Донаты на стриме"),
    ("18750.00", "Сбор на карту координатора"), ("15000.00", "Профсоюзная ячейка"),
    ("12000.00", "Ежемесячные пожертвования"), ("9869.00", "Сбор на вечере писем"),
    ("6000.00", "Ежемесячные пожертвования"), ("5000.00", "Анонимное пожертвование"),
)
# (amount, purpose, person, case)
REPORT_OUT = (
    ("200000.00", "Штраф по приговору", "morozov", "morozov"),
    ("18000.00", "Гонорар адвоката Хасанова", "", "ufa"),
    ("7500.00", "На лицевой счёт в СИЗО", "klyuchnikov", ""),
    ("5400.00", "Дорога на заседание в Екатеринбург", "", "ufa"),
)
DONATION_PURPOSES = ("Сбор на карту координатора", "Ежемесячные пожертвования",
                     "Вечер солидарности", "International solidarity transfer",
                     "Продажа значков и открыток")
# (purpose, low, high, needs a detained person, needs a case)
SPENDING: tuple[tuple[str, int, int, bool, bool], ...] = (
    ("На лицевой счёт", 3000, 8000, True, False),
    ("Продукты для передачи", 4000, 9000, True, False),
    ("Гонорар адвоката", 15000, 35000, False, True),
    ("Дорога на заседание", 2500, 12000, False, True),
    ("ФСИН-письма и бланки ответа", 300, 900, True, False),
)


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


def _report_month(start: date, rng: random.Random) -> list[Record]:
    records = [_payment(f"report:in:{n}", amount, "in", start + timedelta(days=rng.randint(1, 26)),
                        purpose) for n, (amount, purpose) in enumerate(REPORT_IN)]
    records += [_payment(f"report:out:{n}", amount, "out",
                         start + timedelta(days=rng.randint(1, 26)), purpose,
                         person=person, case=case)
                for n, (amount, purpose, person, case) in enumerate(REPORT_OUT)]
    return records


def _ordinary_month(start: date, last: date, rng: random.Random) -> list[Record]:
    records: list[Record] = []
    detained = [p.key for p in PEOPLE if p.status in DETAINED]
    span = max(0, min((last - start).days, 27))
    for n in range(rng.randint(2, 4)):
        rubles = rng.randint(20, 800) * 50
        records.append(_payment(f"{start:%Y-%m}:in:{n}", f"{rubles}.00", "in",
                                start + timedelta(days=rng.randint(0, span)),
                                rng.choice(DONATION_PURPOSES)))
    for n, (purpose, low, high, by_person, by_case) in enumerate(
            rng.sample(SPENDING, rng.randint(1, 3))):
        person = rng.choice(detained) if by_person else ""
        case = rng.choice(CASES).key if by_case else CASE_OF_PERSON.get(person, "")
        kopecks = rng.choice((0, 0, 0, 50))
        amount = f"{rng.randint(low, high)}.{kopecks:02d}"
        records.append(_payment(f"{start:%Y-%m}:out:{n}", amount, "out",
                                start + timedelta(days=rng.randint(0, span)), purpose,
                                person=person, case=case))
    # A collection for one case's defence each month, so a person's and a case's money show
    # donations as well as spending. Chosen without the generator: the rest stays as it was.
    target = CASES[start.month % len(CASES)]
    records.append(_payment(f"{start:%Y-%m}:in:case", f"{(start.month % 5 + 2) * 2500}.00",
                            "in", start + timedelta(days=min(span, 12)),
                            "Сбор на защиту по делу", person=target.people[0]
                            if target.people else "", case=target.key))
    return records


def _payments(today: date, rng: random.Random) -> list[Record]:
    report = _month_start(today, 2)
    records: list[Record] = []
    for back in range(17, -1, -1):
        start = _month_start(today, back)
        if start == report:
            records += _report_month(start, rng)
        else:
            records += _ordinary_month(start, today, rng)
    return records


# --------------------------------------------------------------------------------------------
# Everything, in reference order
# --------------------------------------------------------------------------------------------

Builder = Callable[[date, random.Random], list[Record]]


def _sections() -> tuple[Builder, ...]:
    return (
        lambda today, rng: [_facility(f, today, rng) for f in FACILITIES],
        lambda today, rng: [_contact(c) for c in CONTACTS],
        lambda today, rng: [_person(p, today) for p in PEOPLE],
        lambda today, rng: [_case(c, today) for c in CASES],
        lambda today, rng: [_hearing(h, n, today, rng) for n, h in enumerate(HEARINGS)],
        lambda today, rng: [_event(n, e, today) for n, e in enumerate(EVENTS)],
        _letters,
        _parcels,
        lambda today, rng: [_task(t, today) for t in TASKS],
        _payments,
    )


def demo_records(today: date, seed: int = 1) -> list[Record]:
    """Sample (record_type, data) pairs; every referenced record comes before its referrers.

    Each data dict carries a deterministic "id" and passes ``validate(record_type, data)``.
    The same (today, seed) always gives the same list.
    """
    rng = random.Random(seed)  # noqa: S311 - sample data, not security
    records: list[Record] = []
    for build in _sections():
        records.extend(build(today, rng))
    return records
