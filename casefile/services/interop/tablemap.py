"""Which spreadsheet column is which field (cell text as values is ``tablecells``).

Pure guessing and converting, no vault: headers and enum values are recognised by the
fields' own labels in English and Russian (from the Russian catalog, so "Год рождения" is
known because the field is labelled so), plus the words groups commonly write in their lists.
Everything is compared after folding (case, ё, punctuation, spacing).
"""

from __future__ import annotations

import functools
import gettext
import importlib.resources
import re
from collections.abc import Iterable, Sequence

from casefile.domain.errors import CasefileError
from casefile.domain.fields import FieldSpec, Kind
from casefile.domain.folding import fold
from casefile.domain.records import SPECS
from casefile.i18n import _
from casefile.services.interop.tablefile import column_letter

# The record types a spreadsheet can become: the lists groups keep.
TABLE_TYPES = ("person", "contact", "facility", "letter", "payment")
IGNORE = ""  # "do not import this column"

_NAME = ("ФИО", "Ф.И.О.", "Фамилия Имя Отчество", "Фамилия, имя, отчество", "Имя",
         "Полное имя", "Full name", "Name", "Fullname")
_PERSON_REF = (*_NAME, "Кому", "Адресат", "Получатель", "Заключённый", "Политзаключённый",
               "Кто", "Recipient", "To", "Prisoner")
_NOTES = ("Примечания", "Примечание", "Комментарий", "Комментарии", "Заметка", "Notes",
          "Note", "Comment", "Comments", "Remarks")

# Header words beyond the fields' labels, per record type and field.
HEADER_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "person": {
        "full_name": _NAME,
        "latin_name": ("Латиница", "Транслит", "Транслитерация", "Имя латиницей",
                       "Latin name", "Name in Latin", "Transliteration"),
        "birth_year": ("Год рождения", "Г.р.", "Гр", "Год", "Birth year", "Year of birth",
                       "Born", "YOB"),
        "birth_date": ("Дата рождения", "Д.р.", "Birth date", "Date of birth", "DOB"),
        "status": ("Статус", "Положение", "Где сейчас", "Status"),
        "facility_id": ("Учреждение", "Где содержится", "Место содержания", "СИЗО/ИК",
                        "Колония", "Facility", "Prison", "Held at"),
        "location_checked_on": ("Место подтверждено", "Location checked"),
        "needs": ("Нужды", "Потребности", "Что нужно", "Needs"),
        "notes": _NOTES,
    },
    "contact": {
        "full_name": _NAME,
        "role": ("Роль", "Кто это", "Role"),
        "organization": ("Организация", "Коллегия", "Адвокатское бюро", "Organisation",
                         "Organization"),
        "phone": ("Телефон", "Тел.", "Тел", "Мобильный", "Номер телефона", "Phone",
                  "Telephone", "Mobile", "Tel"),
        "email": ("E-mail", "Email", "Почта", "Эл. почта", "Электронная почта", "Mail"),
        "address": ("Адрес", "Address"),
        "notes": _NOTES,
    },
    "facility": {
        "name": ("Название", "Наименование", "Учреждение", "Name", "Facility"),
        "kind": ("Тип", "Вид", "Type", "Kind"),
        "region": ("Регион", "Область", "Субъект", "Region"),
        "address": ("Адрес", "Почтовый адрес", "Address", "Postal address"),
        "postal_code": ("Индекс", "Почтовый индекс", "Postcode", "Post code", "ZIP",
                        "Postal code"),
        "timezone": ("Часовой пояс", "Time zone", "Timezone"),
        "parcel_limit_kg": ("Лимит, кг", "Лимит веса", "Вес посылки, кг", "Limit, kg"),
        "not_accepted": ("Не принимают", "Запрещено", "Not accepted"),
        "notes": _NOTES,
    },
    "letter": {
        "person_id": _PERSON_REF,
        "direction": ("Направление", "Входящее/исходящее", "Direction"),
        "channel": ("Способ", "Канал", "Как отправлено", "Channel", "Via"),
        "status": ("Статус", "Status"),
        "sent_on": ("Дата отправки", "Отправлено", "Дата", "Sent", "Sent on", "Date"),
        "received_on": ("Дата получения", "Получено", "Received", "Received on"),
        "subject": ("Тема", "Subject", "Title"),
        "body": ("Текст", "Текст письма", "Письмо", "Text", "Body", "Letter"),
    },
    "payment": {
        "amount": ("Сумма", "Сумма, руб.", "Руб.", "Amount", "Sum"),
        "currency": ("Валюта", "Currency"),
        "direction": ("Приход/расход", "Приход или расход", "Тип", "Движение", "Direction",
                      "Type", "In/out"),
        "on": ("Дата", "Дата платежа", "Date"),
        "purpose": ("Назначение", "Цель", "На что", "За что", "Purpose", "Description",
                    "What for"),
        "person_id": _PERSON_REF,
        "case_id": ("Дело", "Case"),
        "notes": _NOTES,
    },
}

# Enum values as groups write them, beyond each choice's own labels.
VALUE_WORDS: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("person", "status"): {
        "at_liberty": ("на свободе", "свободен", "свободна", "free", "at large"),
        "restricted": ("запрет определённых действий", "запрет действий",
                       "подписка о невыезде", "ограничения", "под запретом"),
        "house_arrest": ("под домашним арестом", "домашний арест", "ДА", "house arrest"),
        "pretrial_detention": ("СИЗО", "в СИЗО", "под стражей", "арестован", "арестована",
                               "заключение под стражу", "в заключении", "pre-trial detention",
                               "detained", "in custody"),
        "serving_sentence": ("отбывает наказание", "в колонии", "колония", "ИК", "в тюрьме",
                             "осуждён", "осуждена", "serving sentence", "in prison", "imprisoned"),
        "released": ("освобождён", "освобождена", "освобождён(а)", "вышел", "вышла",
                     "на свободе после срока", "released"),
        "abroad": ("за границей", "за рубежом", "уехал", "уехала", "эмигрировал",
                   "эмигрировала", "abroad", "emigrated"),
        "deceased": ("умер", "умерла", "умер(ла)", "погиб", "погибла", "скончался",
                     "скончалась", "deceased", "dead", "died"),
    },
    ("facility", "kind"): {
        "ivs": ("ИВС", "изолятор временного содержания", "temporary holding"),
        "sizo": ("СИЗО", "следственный изолятор", "ФКУ СИЗО", "pre-trial detention centre",
                 "pre-trial detention center", "remand prison"),
        "ik": ("ИК", "колония", "исправительная колония", "ФКУ ИК", "ЛИУ", "КП",
               "колония-поселение", "penal colony", "colony"),
        "prison": ("тюрьма", "prison", "ТЮРЬМА"),
        "psychiatric": ("психиатрическая больница", "ПБ", "ПБСТИН", "психбольница",
                        "psychiatric hospital"),
        "other": ("другое", "прочее", "other"),
    },
    ("facility", "parcel_limit_period"): {
        "month": ("в месяц", "месяц", "ежемесячно", "month", "monthly"),
        "year": ("в год", "год", "ежегодно", "year", "yearly"),
    },
    ("contact", "role"): {
        "lawyer": ("адвокат", "защитник", "юрист", "lawyer", "attorney", "defence lawyer"),
        "relative": ("родственник", "родственница", "родные", "мать", "мама", "отец", "папа",
                     "жена", "муж", "сын", "дочь", "брат", "сестра", "relative", "family",
                     "mother", "father", "wife", "husband", "son", "daughter", "brother",
                     "sister"),
        "member": ("участник группы", "член группы", "волонтёр", "волонтер", "volunteer",
                   "group member", "member"),
        "journalist": ("журналист", "журналистка", "СМИ", "journalist", "press"),
        "other": ("другое", "прочее", "other"),
    },
    ("letter", "direction"): {
        "out": ("исходящее", "исх", "от нас", "отправлено нами", "outgoing", "out", "sent"),
        "in": ("входящее", "вх", "от него", "от неё", "ответ", "incoming", "in", "received"),
    },
    ("letter", "channel"): {
        "post": ("почта", "Почта России", "обычная почта", "заказное", "post", "mail"),
        "fsin_letter": ("ФСИН-письмо", "ФСИН письмо", "ФСИН", "Зонателеком", "fsin-letter",
                        "fsin letter"),
        "via_lawyer": ("через адвоката", "адвокат", "via lawyer", "lawyer"),
        "email": ("эл. почта", "электронная почта", "e-mail", "email"),
        "other": ("другое", "other"),
    },
    ("letter", "status"): {
        "draft": ("черновик", "draft"),
        "sent": ("отправлено", "отправлено", "sent"),
        "delivered": ("доставлено", "вручено", "delivered"),
        "answered": ("получен ответ", "ответил", "ответила", "есть ответ", "answered"),
        "returned": ("возвращено", "вернулось", "возврат", "returned"),
        "lost": ("утеряно", "потеряно", "не дошло", "lost"),
    },
    ("payment", "direction"): {
        "in": ("пожертвование", "приход", "поступление", "донат", "сбор", "+", "donation",
               "income", "in"),
        "out": ("расход", "выплата", "оплата", "трата", "-", "payment", "expense", "out"),
    },
}

_PUNCT_RE = re.compile(r"[^\w+\-]+|_")


def key(text: str) -> str:
    """Text folded for comparing headers and values: "Ф.И.О." and "ф и о" are one key."""
    return " ".join(_PUNCT_RE.sub(" ", fold(text)).split())


def name_key(text: str) -> str:
    """A name folded for finding duplicates: case, ё and spacing do not count."""
    return " ".join(fold(text).split())


@functools.cache
def _russian() -> gettext.NullTranslations:
    """The Russian catalog whatever language is on: Russian headers are known in English."""
    mo = (importlib.resources.files("casefile.resources") / "translations" / "ru"
          / "LC_MESSAGES" / "casefile.mo")
    if mo.is_file():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    return gettext.NullTranslations()


def _label_forms(label: str) -> list[str]:
    """A label and its parts: "СИЗО (следственный изолятор)" also as "СИЗО" and the rest;
    "освобождён(а)" also as "освобождён" and "освобождёна"."""
    forms = [label]
    spaced = re.fullmatch(r"(.+?)\s+\((.+)\)", label)
    if spaced:
        forms += [spaced.group(1), spaced.group(2)]
    ending = re.fullmatch(r"(.+?\w)\((\w{1,3})\)", label)
    if ending:
        forms += [ending.group(1), ending.group(1) + ending.group(2)]
    return forms


def _names(pairs: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """key -> target from (target, texts) pairs in priority order; first claim wins."""
    out: dict[str, str] = {}
    for target, texts in pairs:
        for text in texts:
            k = key(text)
            if k:
                out.setdefault(k, target)
    return out


@functools.cache
def header_names(record_type: str) -> dict[str, str]:
    """Folded header -> field name, for one record type."""
    fields = _writable(record_type)
    ru = _russian()
    words = HEADER_WORDS.get(record_type, {})
    levels: list[tuple[str, Iterable[str]]] = []
    levels += [(f.name, (f.name, f.name.replace("_", " "))) for f in fields]
    levels += [(f.name, _label_forms(f.label)) for f in fields]
    levels += [(f.name, _label_forms(ru.gettext(f.label))) for f in fields]
    levels += [(f.name, words.get(f.name, ())) for f in fields]
    return _names(levels)


@functools.cache
def value_names(record_type: str, field_name: str) -> dict[str, str]:
    """Folded value -> enum code, for one enum field."""
    field = SPECS[record_type].field(field_name)
    if field is None or field.kind is not Kind.ENUM:
        return {}
    ru = _russian()
    words = VALUE_WORDS.get((record_type, field_name), {})
    levels: list[tuple[str, Iterable[str]]] = []
    levels += [(c.value, (c.value, c.value.replace("_", " "))) for c in field.choices]
    levels += [(c.value, _label_forms(c.label)) for c in field.choices]
    levels += [(c.value, _label_forms(ru.gettext(c.label))) for c in field.choices]
    levels += [(c.value, words.get(c.value, ())) for c in field.choices]
    return _names(levels)


def _writable(record_type: str) -> tuple[FieldSpec, ...]:
    return SPECS[record_type].writable_fields


def check_type(record_type: str) -> None:
    if record_type not in TABLE_TYPES:
        raise CasefileError(_("spreadsheets can be imported as one of: {0}; not '{1}'").format(
            ", ".join(TABLE_TYPES), record_type))


# -- the mapping ------------------------------------------------------------------------

Mapping = dict[int, str]  # column index -> field name, or IGNORE


def guess_mapping(record_type: str, headers: Sequence[str]) -> Mapping:
    """Each column's field by its header: exact names first, then headers that contain one
    ("Дата платежа" holds "Дата"). No field is given to two columns."""
    check_type(record_type)
    names = header_names(record_type)
    mapping: Mapping = dict.fromkeys(range(len(headers)), IGNORE)
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = names.get(key(header))
        if field and field not in taken:
            mapping[index] = field
            taken.add(field)
    for index, header in enumerate(headers):
        if mapping[index]:
            continue
        padded = f" {key(header)} "
        inside = [k for k, f in names.items() if f" {k} " in padded and f not in taken]
        if inside:
            field = names[max(inside, key=len)]
            mapping[index] = field
            taken.add(field)
    return mapping


def field_by_name(record_type: str, text: str) -> str:
    """A field named by its name or either language's label; IGNORE for "-" or ""."""
    if text.strip() in ("", "-"):
        return IGNORE
    spec = SPECS[record_type]
    field = spec.field(text.strip())
    if field is not None and not field.readonly:
        return field.name
    by_label = _names([(f.name, (f.label, _russian().gettext(f.label), _(f.label)))
                       for f in spec.writable_fields])
    if key(text) in by_label:
        return by_label[key(text)]
    raise CasefileError(_("--map: {0} has no field '{1}'; it has: {2}").format(
        record_type, text, ", ".join(f.name for f in spec.writable_fields)))


def column_by_name(headers: Sequence[str], text: str) -> int:
    """A column named by its header (folded), or by its letter (A, B, ... AA)."""
    wanted = key(text)
    found = [i for i, h in enumerate(headers) if key(h) == wanted]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise CasefileError(_("--map: several columns are headed '{0}'; name the column by its "
                              "letter instead").format(text))
    letters = [column_letter(i) for i in range(len(headers))]
    if text.strip().upper() in letters:
        return letters.index(text.strip().upper())
    raise CasefileError(_("--map: no column '{0}'; the columns are: {1}").format(
        text, ", ".join(headers)))


def apply_map_options(record_type: str, headers: Sequence[str], mapping: Mapping,
                      items: Iterable[str]) -> Mapping:
    """COLUMN=FIELD overrides; a field given to a column is taken from any column guessed."""
    out = dict(mapping)
    for item in items:
        column, sep, field_text = item.partition("=")
        if not sep or not column.strip():
            raise CasefileError(_("--map takes COLUMN=FIELD, got '{0}'").format(item))
        index = column_by_name(headers, column)
        field = field_by_name(record_type, field_text)
        if field:
            for other, name in out.items():
                if name == field:
                    out[other] = IGNORE
        out[index] = field
    return out


def mapping_problems(record_type: str, headers: Sequence[str], mapping: Mapping) -> list[str]:
    """What keeps a mapping from working: a required field with no column, a field twice."""
    spec = SPECS[record_type]
    problems = []
    seen: dict[str, int] = {}
    for index in sorted(mapping):
        field = mapping[index]
        if not field:
            continue
        field_spec = spec.field(field)
        if field_spec is None or field_spec.readonly:
            problems.append(_("{0} has no field '{1}'").format(record_type, field))
            continue
        if field in seen:
            problems.append(_("the columns “{0}” and “{1}” are both mapped to {2}").format(
                headers[seen[field]], headers[index], field))
        seen.setdefault(field, index)
    for needed in spec.writable_fields:
        if needed.required and needed.name not in seen:
            problems.append(_("no column is mapped to {0} (“{1}”), which every {2} needs")
                            .format(needed.name, _(needed.label), record_type))
    return problems
