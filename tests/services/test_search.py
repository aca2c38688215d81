"""Search over a real vault: Cyrillic, Latin, ё/е, word forms, transliteration, ranking."""

from __future__ import annotations

import pytest

from casefile.services.records.session import Session


@pytest.fixture
def filled(session: Session) -> dict[str, str]:
    ids = {}
    s = session
    ids["boris"] = s.add("person", {"full_name": "Кагарлицкий Борис Юльевич",
                                    "latin_name": "Boris Kagarlitsky"})["id"]
    ids["orlov"] = s.add("person", {"full_name": "Oleg Orlov"})["id"]
    ids["semyon"] = s.add("person", {"full_name": "Семён Ёлкин"})["id"]
    ids["taras"] = s.add("person", {"full_name": "Тарас Євгенович Кузьмін"})["id"]
    ids["letter"] = s.add("letter", {
        "person_id": ids["boris"], "subject": "Новости группы",
        "body": "Дорогой Борис! Получили твои письма, спасибо. Следующее заседание суда "
                "назначено на декабрь."})["id"]
    ids["letter_en"] = s.add("letter", {
        "person_id": ids["orlov"], "subject": "Books",
        "body": "We are sending the books you asked for, and the letters from Berlin."})["id"]
    ids["case_title"] = s.add("case", {"title": "Дело о письмах в редакцию",
                                       "person_ids": [ids["boris"]]})["id"]
    ids["case_other"] = s.add("case", {"title": "Другое дело",
                                       "notes": "упоминается письмо один раз в длинном тексте "
                                                + "слово " * 200})["id"]
    return ids


def ids_for(session: Session, text: str, **kw) -> list[str]:
    return [h.id for h in session.search(text, **kw)]


def test_cyrillic_case_insensitive(session, filled) -> None:
    assert filled["boris"] in ids_for(session, "КАГАРЛИЦКИЙ")
    assert filled["boris"] in ids_for(session, "кагарлицкий")


def test_latin(session, filled) -> None:
    assert ids_for(session, "books") == [filled["letter_en"]]
    assert filled["letter_en"] in ids_for(session, "BERLIN")


def test_yo_and_ye_are_one_letter(session, filled) -> None:
    assert filled["semyon"] in ids_for(session, "Семен Елкин")
    assert filled["semyon"] in ids_for(session, "семён")


def test_word_forms(session, filled) -> None:
    assert filled["letter"] in ids_for(session, "письмо")  # the text says "письма"
    assert filled["letter"] in ids_for(session, "заседания")
    assert filled["letter"] in ids_for(session, "судом")
    assert filled["letter_en"] in ids_for(session, "letter")  # the text says "letters"


def test_transliteration_both_ways(session, filled) -> None:
    assert filled["boris"] in ids_for(session, "kagarlitsky")
    assert filled["boris"] in ids_for(session, "Kagarlitskiy")
    assert filled["orlov"] in ids_for(session, "орлов")
    assert filled["taras"] in ids_for(session, "Kuzmin")


def test_prefix(session, filled) -> None:
    assert filled["boris"] in ids_for(session, "кагарл")
    assert filled["letter_en"] in ids_for(session, "ber")


def test_all_words_must_match(session, filled) -> None:
    assert ids_for(session, "Борис декабрь") == [filled["letter"]]
    assert ids_for(session, "Борис Berlin") == []


def test_ranking_title_before_long_body(session, filled) -> None:
    found = ids_for(session, "письмо", record_type="case")
    assert found == [filled["case_title"], filled["case_other"]]


def test_hit_shape_and_snippet(session, filled) -> None:
    hit = next(h for h in session.search("письмо") if h.id == filled["letter"])
    assert hit.type == "letter"
    assert hit.title == "Новости группы"
    assert "[письма]" in hit.snippet
    assert set(hit.as_dict()) >= {"type", "id", "title", "snippet"}


def test_type_filter_and_limit(session, filled) -> None:
    assert {h.type for h in session.search("борис", record_type="letter")} == {"letter"}
    assert len(session.search("дело", limit=1)) == 1


def test_edits_and_deletes_reach_the_index(session, filled) -> None:
    session.edit("person", filled["orlov"], {"full_name": "Oleg Petrovich"})
    assert filled["orlov"] not in ids_for(session, "orlov")
    assert filled["orlov"] in ids_for(session, "петрович")
    session.delete("letter", filled["letter_en"])
    assert ids_for(session, "books") == []


@pytest.mark.parametrize("text", ['"', "*", "NEAR(", "title:x", "a OR", "-", "((", "\x00", ""])
def test_hostile_queries_do_not_fail(session, filled, text: str) -> None:
    assert isinstance(session.search(text), list)


def test_cli_search_json(cli, initialised) -> None:
    cli("add", "person", "--data", '{"full_name": "Кагарлицкий Борис"}')
    result = cli("search", "kagarlitsky", "--json")
    assert result.code == 0
    hits = result.json()
    assert hits[0]["title"] == "Кагарлицкий Борис" and hits[0]["type"] == "person"
    assert set(hits[0]) >= {"type", "id", "title", "snippet"}


def test_list_narrowed_by_full_text_in_sql(session, filled) -> None:
    assert [r["id"] for r in session.list("person", match="kagarlitsky")] == [filled["boris"]]
    assert session.count("letter", match="письмо") == 1
    assert session.count("letter", match='"') == 0
    assert session.count("letter", where={"person_id": filled["orlov"]}, match="books") == 1


def test_yo_and_ye_in_letter_text_and_word_forms_in_the_letters_list(session: Session) -> None:
    person = session.add("person", {"full_name": "Анна"})["id"]
    tree = session.add("letter", {"person_id": person, "body": "В офисе поставили ёлку."})["id"]
    plain = session.add("letter", {"person_id": person, "body": "Зелёная елка у суда."})["id"]
    forms = session.add("letter", {"person_id": person, "body": "В письме было две страницы."})
    other = session.add("letter", {"person_id": person, "body": "Получили письма из Уфы."})
    for query in ("ёлка", "елка", "ЕЛКИ", "ЁЛК"):
        assert set(ids_for(session, query)) == {tree, plain}, query
    assert {h.id for h in session.search("письмо")} == {forms["id"], other["id"]}
    # The Letters list filters with the same index: word forms and ё/е there too.
    assert session.count("letter", match="письмах") == 2
    assert session.count("letter", match="зеленая елка") == 1


# --- a person's name in any text, by any spelling (issue 13, item 13) ------------------

LETTERS_NAMING_BORIS = (
    "Передайте Кагарлицкому, что книги отправлены.",
    "Адвокат Кагарлицкого подал жалобу в кассацию.",
    "Кагарлицкий пишет, что здоров.",
)


def _letters_naming_boris(session: Session, person_id: str) -> set[str]:
    return {session.add("letter", {"person_id": person_id, "subject": "Новости",
                                   "body": body})["id"] for body in LETTERS_NAMING_BORIS}


def test_latin_spelling_finds_a_persons_name_declined_in_letter_bodies(session) -> None:
    boris = session.add("person", {"full_name": "Кагарлицкий Борис Юльевич",
                                   "latin_name": "Boris Kagarlitsky"})["id"]
    other = session.add("person", {"full_name": "Орлов Олег"})["id"]
    letters = _letters_naming_boris(session, other)  # written to someone else: only the body
    unrelated = session.add("letter", {"person_id": other, "body": "Книги отправлены."})["id"]
    for query in ("kagarlitsky", "Kagarlitskiy", "KAGARLICKI", "kagarlit"):
        found = set(ids_for(session, query, record_type="letter"))
        assert found == letters, query
    hits = {h.id: h for h in session.search("kagarlitsky")}
    assert boris in hits and unrelated not in hits
    snippets = {hits[i].snippet for i in letters}
    assert snippets == {"Передайте [Кагарлицкому], что книги отправлены. Новости",
                        "Адвокат [Кагарлицкого] подал жалобу в кассацию. Новости",
                        "[Кагарлицкий] пишет, что здоров. Новости"}
    # With another word, both must match; the Letters list filters the same way.
    assert [h.snippet for h in session.search("kagarlitsky жалоба")] == [
        "Адвокат [Кагарлицкого] подал [жалобу] в кассацию. Новости"]
    assert session.count("letter", match="kagarlitsky") == 3


def test_cyrillic_spelling_finds_the_latin_name_in_an_english_text(session) -> None:
    boris = session.add("person", {"full_name": "Кагарлицкий Борис Юльевич",
                                   "latin_name": "Boris Kagarlitsky"})["id"]
    english = session.add("letter", {"person_id": boris, "subject": "Support",
                                     "body": "Kagarlitsky thanks everyone for the letters."})
    assert english["id"] in ids_for(session, "Кагарлицкому")
    assert english["id"] in ids_for(session, "Kagarlitskii")  # another Latin spelling


def test_a_person_added_after_the_letters_is_found_in_them(session) -> None:
    other = session.add("person", {"full_name": "Орлов Олег"})["id"]
    letters = _letters_naming_boris(session, other)
    assert ids_for(session, "kagarlitsky") == []  # nobody of that name in the vault yet
    session.add("person", {"full_name": "Кагарлицкий Борис Юльевич"})
    assert letters <= set(ids_for(session, "kagarlitsky"))


def test_a_person_added_by_another_connection_is_found(session) -> None:
    other = session.add("person", {"full_name": "Орлов Олег"})["id"]
    letters = _letters_naming_boris(session, other)
    assert ids_for(session, "kagarlitsky") == []
    with session.worker_opener()() as second:  # as a background job (a bundle) would
        second.add("person", {"full_name": "Кагарлицкий Борис Юльевич"})
    assert letters <= set(ids_for(session, "kagarlitsky"))


def test_words_that_are_not_names_are_not_transliterated(session) -> None:
    yuri = session.add("person", {"full_name": "Дмитриев Юрий Алексеевич"})["id"]
    to_yuri = session.add("letter", {"person_id": yuri, "body": "Юрию передали тёплые вещи."})
    lawyer = session.add("letter", {"person_id": yuri, "body": "Юрист приедет в среду."})
    mail = session.add("letter", {"person_id": yuri, "body": "Получили твоё письмо."})
    found = ids_for(session, "yuri", record_type="letter")
    assert found == [to_yuri["id"]]  # the name's forms (Юрию), not юрист, which starts alike
    assert lawyer["id"] not in found
    assert ids_for(session, "pismo") == []  # письмо is no one's name
    assert ids_for(session, "sreda") == []
    assert mail["id"] in ids_for(session, "письмо")
