"""Time zones as people name them: "Екатеринбург (UTC+5)", found by a city typed in Russian,
English or a Latin spelling of the Russian name.

Records store IANA names (``Asia/Yekaterinburg``). This module holds a curated table of the
zones of Russia (all of them, west to east) and of its neighbours and the countries people
left for, each with its main city and the other cities and regions a person would type
(Челябинск, Пермь, Уфа are ``Asia/Yekaterinburg``). Names are English in the source, marked
with ``N_()``, and Russian in the catalog; a label is shown in the language of the moment.
Any other IANA zone still works: it is labelled by the city part of its name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from casefile.domain.collation import sort_key
from casefile.domain.folding import fold
from casefile.domain.namekeys import name_prefixes, translit_key
from casefile.i18n import N_, _, document_language


@dataclass(frozen=True)
class Zone:
    """One IANA zone: the city it is known by and the places a person may type for it
    (English msgids; translated where shown)."""

    iana: str
    city: str
    aliases: tuple[str, ...] = ()


def _z(iana: str, city: str, *aliases: str) -> Zone:
    return Zone(iana, city, aliases)


# Russia west to east. Regions are aliases where colonies are (Мордовия, Коми, Карелия ...).
RUSSIA = (
    _z("Europe/Kaliningrad", N_("Kaliningrad")),
    _z("Europe/Moscow", N_("Moscow"),
       N_("Saint Petersburg"), N_("Nizhny Novgorod"), N_("Kazan"), N_("Tatarstan"),
       N_("Rostov-on-Don"), N_("Krasnodar"), N_("Sochi"), N_("Voronezh"), N_("Yaroslavl"),
       N_("Tver"), N_("Tula"), N_("Ryazan"), N_("Vladimir"), N_("Pokrov"), N_("Melekhovo"),
       N_("Ivanovo"), N_("Kostroma"), N_("Vologda"), N_("Arkhangelsk"), N_("Murmansk"),
       N_("Petrozavodsk"), N_("Segezha"), N_("Karelia"), N_("Syktyvkar"), N_("Vorkuta"),
       N_("Ukhta"), N_("Komi"), N_("Saransk"), N_("Yavas"), N_("Mordovia"),
       N_("Cheboksary"), N_("Chuvashia"), N_("Yoshkar-Ola"), N_("Penza"), N_("Tambov"),
       N_("Lipetsk"), N_("Kursk"), N_("Belgorod"), N_("Oryol"), N_("Bryansk"),
       N_("Smolensk"), N_("Kaluga"), N_("Veliky Novgorod"), N_("Pskov"), N_("Stavropol"),
       N_("Makhachkala"), N_("Dagestan"), N_("Grozny"), N_("Chechnya"), N_("Nalchik"),
       N_("Vladikavkaz"), N_("Elista"), N_("Naryan-Mar")),
    _z("Europe/Simferopol", N_("Simferopol"),
       N_("Sevastopol"), N_("Kerch"), N_("Yalta"), N_("Crimea")),
    _z("Europe/Kirov", N_("Kirov")),
    _z("Europe/Volgograd", N_("Volgograd")),
    _z("Europe/Astrakhan", N_("Astrakhan")),
    _z("Europe/Saratov", N_("Saratov"), N_("Engels")),
    _z("Europe/Ulyanovsk", N_("Ulyanovsk"), N_("Dimitrovgrad")),
    _z("Europe/Samara", N_("Samara"),
       N_("Tolyatti"), N_("Syzran"), N_("Izhevsk"), N_("Udmurtia")),
    _z("Asia/Yekaterinburg", N_("Yekaterinburg"),
       N_("Chelyabinsk"), N_("Magnitogorsk"), N_("Kopeysk"), N_("Perm"), N_("Solikamsk"),
       N_("Perm Krai"), N_("Ufa"), N_("Bashkortostan"), N_("Orenburg"), N_("Tyumen"),
       N_("Kurgan"), N_("Nizhny Tagil"), N_("Khanty-Mansiysk"), N_("Surgut"),
       N_("Salekhard"), N_("Labytnangi"), N_("Kharp"), N_("Yamal"), N_("Urals")),
    _z("Asia/Omsk", N_("Omsk")),
    _z("Asia/Novosibirsk", N_("Novosibirsk")),
    _z("Asia/Barnaul", N_("Barnaul"),
       N_("Biysk"), N_("Rubtsovsk"), N_("Gorno-Altaysk"), N_("Altai")),
    _z("Asia/Tomsk", N_("Tomsk")),
    _z("Asia/Novokuznetsk", N_("Novokuznetsk"), N_("Kemerovo"), N_("Kuzbass")),
    _z("Asia/Krasnoyarsk", N_("Krasnoyarsk"),
       N_("Krasnoyarsk Krai"), N_("Norilsk"), N_("Kansk"), N_("Minusinsk"), N_("Abakan"),
       N_("Khakassia"), N_("Kyzyl"), N_("Tuva")),
    _z("Asia/Irkutsk", N_("Irkutsk"),
       N_("Angarsk"), N_("Bratsk"), N_("Ulan-Ude"), N_("Buryatia")),
    _z("Asia/Chita", N_("Chita"), N_("Krasnokamensk"), N_("Transbaikalia")),
    _z("Asia/Yakutsk", N_("Yakutsk"), N_("Yakutia"), N_("Blagoveshchensk")),
    _z("Asia/Khandyga", N_("Khandyga")),
    _z("Asia/Vladivostok", N_("Vladivostok"),
       N_("Khabarovsk"), N_("Komsomolsk-on-Amur"), N_("Birobidzhan"), N_("Ussuriysk"),
       N_("Nakhodka"), N_("Primorye")),
    _z("Asia/Ust-Nera", N_("Ust-Nera")),
    _z("Asia/Magadan", N_("Magadan")),
    _z("Asia/Sakhalin", N_("Yuzhno-Sakhalinsk"), N_("Sakhalin")),
    _z("Asia/Srednekolymsk", N_("Srednekolymsk")),
    _z("Asia/Kamchatka", N_("Petropavlovsk-Kamchatsky"), N_("Kamchatka")),
    _z("Asia/Anadyr", N_("Anadyr"), N_("Chukotka")),
)
# Neighbours, and where people who left went; offered after Russia, by offset.
ABROAD = (
    _z("Europe/Minsk", N_("Minsk"),
       N_("Brest"), N_("Gomel"), N_("Grodno"), N_("Vitebsk"), N_("Mogilev")),
    _z("Europe/Kyiv", N_("Kyiv"), N_("Kharkiv"), N_("Odesa"), N_("Lviv"), N_("Dnipro")),
    _z("Europe/Chisinau", N_("Chisinau")),
    _z("Asia/Tbilisi", N_("Tbilisi"), N_("Batumi"), N_("Kutaisi")),
    _z("Asia/Yerevan", N_("Yerevan"), N_("Gyumri")),
    _z("Asia/Baku", N_("Baku")),
    _z("Asia/Almaty", N_("Almaty"),
       N_("Astana"), N_("Shymkent"), N_("Karaganda"), N_("Pavlodar"),
       N_("Ust-Kamenogorsk"), N_("Semey")),
    _z("Asia/Oral", N_("Oral")),
    _z("Asia/Aqtobe", N_("Aktobe")),
    _z("Asia/Aqtau", N_("Aktau")),
    _z("Asia/Bishkek", N_("Bishkek"), N_("Osh")),
    _z("Asia/Tashkent", N_("Tashkent"), N_("Samarkand")),
    _z("Asia/Dushanbe", N_("Dushanbe")),
    _z("Asia/Ashgabat", N_("Ashgabat")),
    _z("Asia/Ulaanbaatar", N_("Ulaanbaatar")),
    _z("Asia/Shanghai", N_("Beijing"), N_("Shanghai"), N_("Harbin")),
    _z("Europe/Riga", N_("Riga"), N_("Daugavpils")),
    _z("Europe/Vilnius", N_("Vilnius")),
    _z("Europe/Tallinn", N_("Tallinn"), N_("Narva"), N_("Tartu")),
    _z("Europe/Helsinki", N_("Helsinki")),
    _z("Europe/Warsaw", N_("Warsaw"), N_("Krakow")),
    _z("Europe/Prague", N_("Prague")),
    _z("Europe/Berlin", N_("Berlin"), N_("Munich"), N_("Hamburg"), N_("Frankfurt")),
    _z("Europe/Vienna", N_("Vienna")),
    _z("Europe/Amsterdam", N_("Amsterdam"), N_("The Hague")),
    _z("Europe/Brussels", N_("Brussels")),
    _z("Europe/Paris", N_("Paris")),
    _z("Europe/London", N_("London")),
    _z("Europe/Lisbon", N_("Lisbon")),
    _z("Europe/Madrid", N_("Madrid"), N_("Barcelona")),
    _z("Europe/Belgrade", N_("Belgrade"), N_("Novi Sad")),
    _z("Europe/Podgorica", N_("Podgorica"), N_("Budva")),
    _z("Europe/Sofia", N_("Sofia")),
    _z("Europe/Istanbul", N_("Istanbul"), N_("Ankara"), N_("Antalya")),
    _z("Asia/Nicosia", N_("Nicosia"), N_("Limassol")),
    _z("Asia/Jerusalem", N_("Jerusalem"), N_("Tel Aviv"), N_("Haifa")),
    _z("Asia/Dubai", N_("Dubai")),
    _z("America/New_York", N_("New York"), N_("Washington"), N_("Boston")),
    _z("America/Toronto", N_("Toronto")),
    _z("America/Los_Angeles", N_("Los Angeles"), N_("San Francisco"), N_("Seattle")),
)
ZONES: dict[str, Zone] = {zone.iana: zone for zone in (*RUSSIA, *ABROAD)}
RUSSIAN_ZONES = tuple(zone.iana for zone in RUSSIA)
# The areas of the tz database whose zones are places (not Etc/, US/, SystemV/ aliases).
_AREAS = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/",
          "Australia/", "Europe/", "Indian/", "Pacific/")
MINUS = "\u2212"  # the minus sign, as in UTC−5


# -- names and offsets ---------------------------------------------------------------------

def _zoneinfo(zone: str) -> ZoneInfo | None:
    if not zone or len(zone) > 64 or ".." in zone:
        return None
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Asia' is a folder
        return None


def zone_offset(zone: str, at: datetime | None = None) -> timedelta | None:
    """The UTC offset of ``zone`` at ``at`` (now if None; a naive ``at`` is a wall-clock
    time in that zone); None for a name that is not a zone."""
    info = _zoneinfo(zone)
    if info is None:
        return None
    moment = datetime.now(UTC) if at is None else at
    local = moment.replace(tzinfo=info) if moment.tzinfo is None else moment.astimezone(info)
    return local.utcoffset()


def format_offset(offset: timedelta) -> str:
    """UTC+5, UTC+0, UTC+5:30, UTC−3:30 (with a real minus sign)."""
    minutes = round(offset.total_seconds() / 60)
    hours, rest = divmod(abs(minutes), 60)
    sign = MINUS if minutes < 0 else "+"
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _city_part(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def zone_name(zone: str) -> str:
    """The city ``zone`` is known by, in the language of the moment: "Екатеринбург";
    for a zone not in the table, the last part of its IANA name ("Buenos Aires")."""
    known = ZONES.get(zone)
    return _(known.city) if known else _city_part(zone)


def zone_label(zone: str, at: datetime | None = None) -> str:
    """"Екатеринбург (UTC+5)" / "Yekaterinburg (UTC+5)": the city and the offset at ``at``
    (now if None). A name that is not a zone at all is returned as it is."""
    offset = zone_offset(zone, at)
    if offset is None:
        return zone
    return f"{zone_name(zone)} ({format_offset(offset)})"


def zone_choices(at: datetime | None = None) -> list[str]:
    """The table's zones for a picker: Russia west to east, then the others by their
    offset at ``at`` (now if None), same offsets in alphabetical order of their names."""
    others = sorted(ABROAD, key=lambda z: (zone_offset(z.iana, at) or timedelta(0),
                                           sort_key(_(z.city))))
    return [*RUSSIAN_ZONES, *(zone.iana for zone in others)]


# -- search ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Name:
    folded: str
    key: str  # translit_key of the whole name: Екатеринбург and Yekaterinburg meet
    alias: bool


@functools.cache
def _index() -> dict[str, tuple[_Name, ...]]:
    """Every table zone's names, English and Russian, and its IANA name (as an alias)."""
    index = {}
    with document_language("ru"):
        for zone in ZONES.values():
            names = [(zone.city, False), (_(zone.city), False)]
            names += [(n, True) for alias in zone.aliases for n in (alias, _(alias))]
            names += [(zone.iana, True), (_city_part(zone.iana), True)]
            index[zone.iana] = tuple(_Name(fold(text), translit_key(text), alias)
                                     for text, alias in dict.fromkeys(names))
    return index


@functools.cache
def _other_zones() -> tuple[tuple[str, str, str], ...]:
    """(IANA name, it folded, its city part folded) of every place zone not in the table."""
    return tuple((z, fold(z.replace("_", " ")), fold(_city_part(z)))
                 for z in sorted(available_timezones())
                 if z.startswith(_AREAS) and z not in ZONES)


def _key_prefixes(text: str) -> tuple[str, ...]:
    """The key of ``text`` first, then the other keys a name starting with it can have
    (irkut: Irkutsk's key is irkuck); none for a key shorter than two letters."""
    key = translit_key(text)
    if len(key) < 2:
        return ()
    return tuple(dict.fromkeys([key, *name_prefixes(text)]))


def _tier(name: _Name, text: str, keys: tuple[str, ...]) -> int | None:
    """0 the same name, 1 it starts with ``text``, 2 it contains it; None: no match."""
    if name.folded == text or (keys and name.key == keys[0]):
        return 0
    if name.folded.startswith(text) or any(name.key.startswith(k) for k in keys):
        return 1
    words = re.split(r"[\s/_-]+", name.folded)
    if text in name.folded or any(w.startswith(text) for w in words) or any(
            len(k) >= 4 and k in name.key for k in keys):
        return 2
    return None


def _rank(names: tuple[_Name, ...], text: str, keys: tuple[str, ...]) -> int | None:
    """The best match among a zone's names: main city before an alias at the same tier."""
    ranks = [tier * 2 + name.alias for name in names
             if (tier := _tier(name, text, keys)) is not None]
    return min(ranks, default=None)


def _by_name(text: str, at: datetime | None) -> list[str]:
    folded = fold(text).strip()
    keys = _key_prefixes(folded)
    order = {zone: i for i, zone in enumerate(zone_choices(at))}
    found: list[tuple[int, int, str]] = []
    for zone, names in _index().items():
        rank = _rank(names, folded, keys)
        if rank is not None:
            found.append((rank, order[zone], zone))
    for zone, whole, city in _other_zones():
        if folded in (city, whole):
            found.append((6, 0, zone))
        elif city.startswith(folded) or whole.startswith(folded):
            found.append((7, 0, zone))
        elif folded in whole:
            found.append((8, 0, zone))
    return [zone for _rank_, _order, zone in sorted(found)]


# "UTC+5", "utc-3:30", "GMT", "+5", "МСК+2" (Moscow time plus two: UTC+5), "UTC+" (any east).
_OFFSET_RE = re.compile(r"(utc|gmt|msk|мск)?\s*(?:([+-])\s*(?:(\d{1,2})(?:[:.]?(\d{2}))?)?)?")
_LABEL_RE = re.compile(r"(.*?)\s*\(([^()]*)\)")  # "Екатеринбург (UTC+5)", as a label reads
_DASHES = str.maketrans({MINUS: "-", "\u2013": "-", "\u2014": "-"})


def _offset_span(text: str) -> tuple[float, float] | None:
    """The offsets in minutes (lowest, highest) that ``text`` names, or None when it names
    none: a prefix (UTC, GMT, MSK) or a number of hours is needed."""
    match = _OFFSET_RE.fullmatch(fold(text).strip().translate(_DASHES))
    if match is None or not (match[1] or match[3]):
        return None
    base = 180 if match[1] in ("msk", "мск") else 0
    if match[2] is None:
        return base, base
    sign = -1 if match[2] == "-" else 1
    if match[3] is None:
        return (base + 1, float("inf")) if sign > 0 else (float("-inf"), base - 1)
    value = base + sign * (int(match[3]) * 60 + int(match[4] or 0))
    return value, value


def _within(zone: str, span: tuple[float, float], at: datetime | None) -> bool:
    offset = zone_offset(zone, at)
    return offset is not None and span[0] <= offset.total_seconds() / 60 <= span[1]


def find_zones(text: str, at: datetime | None = None) -> list[str]:
    """The zones ``text`` names, best first.

    A city or region in Russian or English, or a Latin spelling of the Russian name
    (ekaterinburg, chelyabinsk), whole or its start or a part, case and ё/е aside: the
    same name, then names that start with ``text``, then names containing it; at each step
    a zone's main city before its other places, then in the order of ``zone_choices``.
    Zones outside the table are found by their IANA name, after the table's. An offset
    ("UTC+5", "МСК+2") gives the table's zones with that offset at ``at`` (now if None),
    and a label as ``zone_label`` writes it gives its zone. Blank text gives every choice.
    """
    text = text.strip()
    if not text:
        return zone_choices(at)
    label = _LABEL_RE.fullmatch(text)
    if label and (span := _offset_span(label[2])):
        named = _by_name(label[1], at) if label[1] else zone_choices(at)
        return [zone for zone in named if _within(zone, span, at)]
    if span := _offset_span(text):
        return [zone for zone in zone_choices(at) if _within(zone, span, at)]
    return _by_name(text, at)
