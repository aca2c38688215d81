"""Russian full names in the grammatical case a document needs.

An application to a facility reads «Начальнику …», «от Петровой Анны Сергеевны», «для
передачи Ключникову Семёну Аркадьевичу»: the name in the genitive or the dative. pytrovich
(a port of the petrovich rules made for Russian anthroponyms) declines each part by its
suffix rules, which also cover double surnames (each half declines), surnames that never
decline (Черных, Долгих) and a man's surname a woman does not decline (Шевчук).

The grammatical gender is the person's ``gender`` field when set (it cannot always be told
from the name: Саша Шевчук), else guessed from the name.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

CASES = ("nominative", "genitive", "dative")
GENDERS = ("male", "female")


@functools.cache
def _maker() -> PetrovichDeclinationMaker:
    from pytrovich.maker import PetrovichDeclinationMaker  # noqa: PLC0415

    return PetrovichDeclinationMaker()


@functools.cache
def _detector() -> PetrovichGenderDetector:
    from pytrovich.detector import PetrovichGenderDetector  # noqa: PLC0415

    return PetrovichGenderDetector()


def _parts(full_name: str) -> tuple[str, str, str]:
    words = full_name.split()
    return (words[0] if words else "", words[1] if len(words) > 1 else "",
            " ".join(words[2:]))


def guess_gender(full_name: str) -> str | None:
    """'male' or 'female' as the name tells it ('Фамилия Имя Отчество'); None if it does not."""
    from pytrovich.enums import Gender  # noqa: PLC0415

    surname, first, patronymic = _parts(full_name)
    if not surname:
        return None
    try:
        found = _detector().detect(firstname=first or None, middlename=patronymic or None,
                                   lastname=surname or None)
    except Exception:  # noqa: BLE001 - a name the rules cannot read is left undeclined
        return None
    return {Gender.MALE: "male", Gender.FEMALE: "female"}.get(found)


@functools.lru_cache(maxsize=1024)
def decline(full_name: str, case: str, gender: str | None = None) -> str:
    """``full_name`` ('Фамилия Имя Отчество', as in the case file) in ``case``.

    ``gender`` ('male'/'female') wins over the guess. A name the rules do not know, or
    that is not three Cyrillic words, comes back as declined as the rules can, never worse
    than as written.
    """
    from pytrovich.enums import Case, Gender, NamePart  # noqa: PLC0415

    full_name = " ".join(full_name.split())
    if case == "nominative" or not full_name:
        return full_name
    grammatical = {"genitive": Case.GENITIVE, "dative": Case.DATIVE}[case]
    chosen = gender if gender in GENDERS else guess_gender(full_name)
    known = chosen is not None
    sex = {"male": Gender.MALE, "female": Gender.FEMALE}.get(chosen or "", Gender.ANDROGYNOUS)
    surname, first, patronymic = _parts(full_name)
    out = []
    for part, word in ((NamePart.LASTNAME, surname), (NamePart.FIRSTNAME, first),
                       (NamePart.MIDDLENAME, patronymic)):
        if not word:
            continue
        try:
            out.append(_maker().make(part, sex, grammatical, word, known_gender=known))
        except Exception:  # noqa: BLE001 - an unknown shape stays as written
            out.append(word)
    return " ".join(out)
