"""Time zones by the names people know: labels in both languages, offsets that follow summer
time, search by city in Russian, English or a Latin spelling, and a table that covers Russia."""

from __future__ import annotations

import importlib.resources
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from casefile.domain.zones import (
    RUSSIAN_ZONES,
    ZONES,
    find_zones,
    format_offset,
    zone_choices,
    zone_label,
    zone_name,
    zone_offset,
)
from casefile.i18n import _, language, set_language

WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)


@pytest.fixture
def russian() -> Iterator[None]:
    before = language()
    set_language("ru")
    yield
    set_language(before)


@pytest.fixture
def english() -> Iterator[None]:
    before = language()
    set_language("en")
    yield
    set_language(before)


# -- labels ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("zone", "label"), [
    ("Asia/Yekaterinburg", "Yekaterinburg (UTC+5)"),
    ("Europe/Moscow", "Moscow (UTC+3)"),
    ("Europe/Kaliningrad", "Kaliningrad (UTC+2)"),
    ("Asia/Kamchatka", "Petropavlovsk-Kamchatsky (UTC+12)"),
    ("America/New_York", "New York (UTC−5)"),
    ("Europe/London", "London (UTC+0)"),
])
def test_labels_in_english(english: None, zone: str, label: str) -> None:
    assert zone_label(zone, WINTER) == label


@pytest.mark.parametrize(("zone", "label"), [
    ("Asia/Yekaterinburg", "Екатеринбург (UTC+5)"),
    ("Europe/Moscow", "Москва (UTC+3)"),
    ("Asia/Novosibirsk", "Новосибирск (UTC+7)"),
    ("Asia/Kamchatka", "Петропавловск-Камчатский (UTC+12)"),
    ("Asia/Sakhalin", "Южно-Сахалинск (UTC+11)"),
    ("Asia/Tbilisi", "Тбилиси (UTC+4)"),
    ("America/New_York", "Нью-Йорк (UTC−5)"),
])
def test_labels_in_russian(russian: None, zone: str, label: str) -> None:
    assert zone_label(zone, WINTER) == label


def test_every_table_zone_has_a_russian_name(russian: None) -> None:
    untranslated = [zone for zone, known in ZONES.items()
                    if zone_name(zone) == known.city or not zone_name(zone)[0].isupper()]
    assert untranslated == []
    assert [_(alias) for alias in ZONES["Asia/Yekaterinburg"].aliases][:2] == [
        "Челябинск", "Магнитогорск"]


@pytest.mark.parametrize(("zone", "label"), [
    ("America/Argentina/Buenos_Aires", "Buenos Aires (UTC−3)"),
    ("Asia/Kolkata", "Kolkata (UTC+5:30)"),
    ("America/St_Johns", "St Johns (UTC−3:30)"),
    ("Nowhere/Else", "Nowhere/Else"),
    ("Asia", "Asia"),
])
def test_a_zone_outside_the_table_is_named_by_its_city(russian: None, zone: str,
                                                       label: str) -> None:
    assert zone_label(zone, WINTER) == label


@pytest.mark.parametrize(("minutes", "text"), [
    (0, "UTC+0"), (300, "UTC+5"), (-300, "UTC−5"), (330, "UTC+5:30"), (-210, "UTC−3:30"),
    (345, "UTC+5:45"), (780, "UTC+13"),
])
def test_offsets_are_written_in_hours(minutes: int, text: str) -> None:
    assert format_offset(timedelta(minutes=minutes)) == text


def test_the_offset_follows_summer_time(english: None) -> None:
    assert zone_label("Europe/Berlin", WINTER) == "Berlin (UTC+1)"
    assert zone_label("Europe/Berlin", SUMMER) == "Berlin (UTC+2)"
    # The clocks go forward at 01:00 UTC on the last Sunday of March.
    before = datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert zone_offset("Europe/Berlin", before) == timedelta(hours=1)
    assert zone_offset("Europe/Berlin", before + timedelta(minutes=1)) == timedelta(hours=2)
    # A naive time is a wall-clock time in the zone itself.
    assert zone_offset("Europe/London", datetime(2026, 10, 24, 12)) == timedelta(hours=1)
    assert zone_offset("Europe/London", datetime(2026, 10, 26, 12)) == timedelta(0)
    # Russia keeps one offset all year.
    assert zone_label("Asia/Yekaterinburg", SUMMER) == zone_label("Asia/Yekaterinburg", WINTER)


def test_the_default_moment_is_now() -> None:
    assert zone_label("Asia/Omsk") == zone_label("Asia/Omsk", datetime.now(UTC))
    assert zone_offset("Nowhere/Else") is None


# -- search ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "zone"), [
    ("Екатеринбург", "Asia/Yekaterinburg"), ("екатеринбург", "Asia/Yekaterinburg"),
    ("ЕКАТЕРИНБ", "Asia/Yekaterinburg"), ("Yekaterinburg", "Asia/Yekaterinburg"),
    ("ekaterinburg", "Asia/Yekaterinburg"), ("yekat", "Asia/Yekaterinburg"),
    ("Челябинск", "Asia/Yekaterinburg"), ("chelyabinsk", "Asia/Yekaterinburg"),
    ("Chelyab", "Asia/Yekaterinburg"), ("Пермь", "Asia/Yekaterinburg"),
    ("perm", "Asia/Yekaterinburg"), ("Уфа", "Asia/Yekaterinburg"),
    ("Москва", "Europe/Moscow"), ("moskva", "Europe/Moscow"), ("Moscow", "Europe/Moscow"),
    ("Санкт-Петербург", "Europe/Moscow"), ("петербург", "Europe/Moscow"),
    ("Казань", "Europe/Moscow"), ("kazan", "Europe/Moscow"), ("Саранск", "Europe/Moscow"),
    ("мордовия", "Europe/Moscow"), ("Сыктывкар", "Europe/Moscow"), ("Коми", "Europe/Moscow"),
    ("орел", "Europe/Moscow"), ("Орёл", "Europe/Moscow"),
    ("Красноярский край", "Asia/Krasnoyarsk"), ("Норильск", "Asia/Krasnoyarsk"),
    ("irkut", "Asia/Irkutsk"), ("Улан-Удэ", "Asia/Irkutsk"),
    ("Камчат", "Asia/Kamchatka"), ("kamchat", "Asia/Kamchatka"),
    ("petropavlovsk", "Asia/Kamchatka"), ("Кемерово", "Asia/Novokuznetsk"),
    ("Симферополь", "Europe/Simferopol"), ("Севастополь", "Europe/Simferopol"),
    ("киев", "Europe/Kyiv"), ("kiev", "Europe/Kyiv"), ("Kyiv", "Europe/Kyiv"),
    ("Тбилиси", "Asia/Tbilisi"), ("batumi", "Asia/Tbilisi"), ("Ереван", "Asia/Yerevan"),
    ("Астана", "Asia/Almaty"), ("белград", "Europe/Belgrade"), ("стамбул", "Europe/Istanbul"),
    ("Тель-Авив", "Asia/Jerusalem"), ("нью-йорк", "America/New_York"),
    ("Asia/Yekaterinburg", "Asia/Yekaterinburg"), ("asia/yek", "Asia/Yekaterinburg"),
    ("Екатеринбург (UTC+5)", "Asia/Yekaterinburg"), ("Yekaterinburg (UTC+5)",
                                                     "Asia/Yekaterinburg"),
])
def test_a_city_is_found(english: None, text: str, zone: str) -> None:
    assert find_zones(text)[0] == zone


def test_search_is_the_same_in_either_language(russian: None) -> None:
    assert find_zones("chelyabinsk")[0] == find_zones("Челябинск")[0] == "Asia/Yekaterinburg"
    assert zone_label(find_zones("yekaterinburg")[0], WINTER) == "Екатеринбург (UTC+5)"


def test_every_city_of_the_table_finds_its_zone_first(russian: None) -> None:
    wrong = {}
    for zone, known in ZONES.items():
        for name in (known.city, *known.aliases):
            for typed in (name, _(name)):
                if find_zones(typed)[:1] != [zone]:
                    wrong[typed] = (zone, find_zones(typed)[:3])
    assert wrong == {}


def test_prefix_before_substring_and_main_city_before_alias() -> None:
    assert find_zones("Ом")[:2] == ["Asia/Omsk", "Asia/Tomsk"]  # Омск, then Томск
    found = find_zones("kal")  # Kaliningrad is a main city; Kaluga a Moscow alias
    assert found[0] == "Europe/Kaliningrad"
    assert "Europe/Moscow" in found


def test_an_offset_gives_the_zones_that_have_it() -> None:
    five = find_zones("UTC+5", WINTER)
    assert five[0] == "Asia/Yekaterinburg"
    assert {"Asia/Tashkent", "Asia/Almaty"} <= set(five)
    assert all(zone_offset(zone, WINTER) == timedelta(hours=5) for zone in five)
    assert find_zones("МСК+2", WINTER) == five  # Moscow time plus two
    assert find_zones("utc 5", WINTER) == []  # no sign: not an offset, nor a city
    assert find_zones("UTC−5", WINTER) == find_zones("UTC-5", WINTER) == [
        "America/New_York", "America/Toronto"]
    assert find_zones("UTC-4", SUMMER)[0] == "America/New_York"
    assert set(find_zones("UTC", WINTER)) == {"Europe/London", "Europe/Lisbon"}
    assert find_zones("UTC+12", WINTER) == ["Asia/Kamchatka", "Asia/Anadyr"]


def test_other_iana_zones_are_found_by_name_after_the_table() -> None:
    assert find_zones("Buenos")[0] == "America/Argentina/Buenos_Aires"
    assert find_zones("Asia/Kolkata") == ["Asia/Kolkata"]
    europe = find_zones("Europe/")
    assert europe[0] == "Europe/Kaliningrad"
    assert europe.index("Europe/Zurich") > europe.index("Europe/Berlin")


def test_blank_gives_every_choice_and_nonsense_nothing() -> None:
    assert find_zones("  ") == zone_choices()
    assert find_zones("qwxz") == []


# -- the table -------------------------------------------------------------------------------

def test_zone_choices_start_with_russia_west_to_east() -> None:
    choices = zone_choices(WINTER)
    assert choices[:len(RUSSIAN_ZONES)] == list(RUSSIAN_ZONES)
    assert sorted(choices) == sorted(ZONES)
    offsets = [offset for zone in choices if (offset := zone_offset(zone, WINTER)) is not None]
    assert len(offsets) == len(choices)
    russia, abroad = offsets[:len(RUSSIAN_ZONES)], offsets[len(RUSSIAN_ZONES):]
    assert russia == sorted(russia)
    assert abroad == sorted(abroad)


def test_every_table_zone_is_a_real_zone() -> None:
    known = zoneinfo.available_timezones()
    assert [zone for zone in ZONES if zone not in known] == []
    for zone in ZONES:
        zoneinfo.ZoneInfo(zone)


def _zone1970_tab() -> str:
    """tzdata's list of zones by country (the tzdata package, else the system's copy)."""
    try:
        return importlib.resources.files("tzdata.zoneinfo").joinpath(
            "zone1970.tab").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        for folder in zoneinfo.TZPATH:
            if (Path(folder) / "zone1970.tab").is_file():
                return (Path(folder) / "zone1970.tab").read_text(encoding="utf-8")
    pytest.skip("no zone1970.tab")


def test_every_russian_zone_of_tzdata_is_in_the_table() -> None:
    russian = [fields[2] for line in _zone1970_tab().splitlines()
               if not line.startswith("#") and (fields := line.split("\t"))
               and "RU" in fields[0].split(",")]
    assert len(russian) >= 27
    assert [zone for zone in russian if zone not in RUSSIAN_ZONES] == []
    assert [zone for zone in RUSSIAN_ZONES if zone not in russian] == []
