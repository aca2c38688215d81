"""Tests of full-text search text processing (casefile.domain.folding, namekeys and
textsearch), through their public API and through real FTS5."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlcipher3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.domain.folding import fold, index_text, stem, words
from casefile.domain.namekeys import MAX_NAME_STEMS, NameWords, index_names, translit_key
from casefile.domain.textsearch import match_expression, snippet

# No example database: the test run leaves nothing behind in the repository.
FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# --- fold and words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ПИСЬМО", "письмо"),
        ("Семён", "семен"),
        ("ЁЛКА", "елка"),
        ("Йод, йогурт", "йод, йогурт"),  # й is a letter, not и with a mark
        ("Їжак і ґанок", "їжак і ґанок"),  # Ukrainian letters stay
        ("École Über naïve", "ecole uber naive"),
        ("Łódź, Ørsted, Straße", "lodz, orsted, strasse"),
        ("ﬁnal Ａｂｃ ①", "final abc 1"),  # NFKC first
        ("за́мок", "замок"),  # a stress accent is dropped
        ("е\u0308", "е"),  # a decomposed ё is still е
        ("и\u0306", "й"),  # a decomposed й is still й
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text(max_size=40))
@FAST
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_words_split_on_punctuation_hyphens_and_apostrophes() -> None:
    assert words("Кара-Мурза, O'Brien; Дарʼя — 2024 г.") == [
        "кара",
        "мурза",
        "o",
        "brien",
        "дар",
        "я",
        "2024",
        "г",
    ]
    assert words("snake_case") == ["snake", "case"]
    assert words("Кагар\u00adлицкий") == ["кагарлицкий"]  # a pasted soft hyphen
    assert words("  ...  ") == []


def test_words_are_cut_at_64_characters() -> None:
    assert words("я" * 200 + " ok") == ["я" * 64, "ok"]


# --- stem and index_text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("письмо", "письм"),
        ("письма", "письм"),
        ("письмами", "письм"),
        ("судом", "суд"),
        ("кагарлицкий", "кагарлицк"),
        ("letters", "letter"),
        ("running", "run"),
        ("2024", "2024"),
        ("ჯორჯია", "ჯორჯია"),  # other scripts pass through
    ],
)
def test_stem(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_stem_is_cached_and_thread_safe() -> None:
    vocabulary = [f"письмами{i}" for i in range(300)] + [f"runnings{i}" for i in range(300)]
    expected = [stem(w) for w in vocabulary]
    assert stem.cache_info().maxsize >= 100_000
    stem.cache_clear()
    results: list[list[str]] = []

    def work() -> None:
        results.append([stem(w) for w in vocabulary])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_index_text() -> None:
    assert index_text("Письма из СИЗО, судом!") == "письм из сиз суд"
    assert index_text("") == ""


# --- translit_key and index_names --------------------------------------------------------

SAME_NAME = [
    "Кагарлицкий Kagarlitsky Kagarlitskiy Kagarlitskii Kagarlitskij Kagarlicki Kagarlickij",
    "орлов Orlov ORLOV",
    "Юрий Yuri Yuriy Iurii Yury Jurij",
    "Александр Aleksandr Alexandr",
    "Хабаровск Khabarovsk Habarovsk",
    "Евгений Yevgeny Evgeniy Evgenii Yevgeniy Jewgeni",
    "Семён Семен Semyon Semen Semion",
    "Фёдор Федор Fyodor Fedor",
    "Пётр Pyotr Petr",
    "Алексей Aleksei Alexey Alexei Aleksey",
    "Дмитрий Dmitry Dmitriy Dmitrii",
    "Дмитриевич Dmitriyevich Dmitrievich",
    "Сергеев Sergeyev Sergeev",
    "Васильев Vasilyev Vasiliev Vasilev",
    "Щербаков Shcherbakov Scherbakov Ščerbakov Szczerbakow",
    "Хрущёв Khrushchev Khrushchyov Khrushchov",
    "Горбачёв Gorbachev Gorbachyov Gorbachov Gorbatschow",
    "Шевченко Shevchenko Ševčenko Schewtschenko",
    "Вячеслав Vyacheslav Viacheslav",
    "Жуков Zhukov Žukov",
    "Навальный Navalny Navalnyy Navalnyi",
    "Ельцин Yeltsin",
    "Чайковский Tchaikovsky Chaikovsky",
    "Татьяна Tatyana Tatiana Tatjana",
    "Наталья Natalya Natalia",
    "Мария Maria Mariya",
    "Кирилл Kirill Kiril",
    "Николай Nikolai Nikolay Nicolai",
    "Виктор Viktor Victor",
    "Людмила Lyudmila Ludmila Liudmila",
    "Ксения Ksenia Kseniya Xenia",
    "Джохар Dzhokhar Djokhar",
    "Ходорковский Khodorkovsky",
    "Цой Tsoi Tsoy",
    "Артём Artyom Artem",
    "Олексій Oleksii Oleksiy",  # Ukrainian і
    "Євген Yevhen Ievhen",  # Ukrainian є, and г = h in a Ukrainian word
    "Ігор Ihor",
    "Київ Kyiv",
    "Ґонта Gonta",
    "Дарья Darya Daria Darja",
    "Подъячев Podyachev Podiachev",  # ъ dropped
]


@pytest.mark.parametrize("spellings", SAME_NAME)
def test_translit_key_spellings_meet(spellings: str) -> None:
    keys = {word: translit_key(word) for word in spellings.split()}
    assert len(set(keys.values())) == 1, keys


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Иванов", "Петров"),
        ("Шаров", "Саров"),  # ш is not с
        ("Жуков", "Зуков"),  # ж is not з
        ("Чой", "Цой"),  # ч is not ц
        ("Хабаровск", "Кабаровск"),  # х is not к
        ("Ihor", "Igor"),  # documented: Ukrainian г = h, Russian г = g
    ],
)
def test_translit_key_keeps_different_names_apart(one: str, other: str) -> None:
    assert translit_key(one) != translit_key(other)


def test_translit_key_is_a_single_latin_token() -> None:
    for word in ["Кагарлицкий", "Łukasz", "Ämter", "Щ", "ъ"]:
        assert translit_key(word).isalnum() or translit_key(word) == ""
    assert translit_key("ъ") == ""


def test_index_names() -> None:
    assert index_names("Кагарлицкий Борис Юльевич") == "kagarlicki boris iuleviq"
    assert index_names("Kara-Murza, ъ") == "kara murza"


# --- match_expression --------------------------------------------------------------------


def test_match_expression_shape() -> None:
    assert match_expression("Письмо") == '(({title body}: "письм"*) OR (names: "pismo"*))'
    expression = match_expression("письмо суд")
    assert expression is not None
    assert expression.count(" AND ") == 1


@pytest.mark.parametrize("query", ["", "   ", '"', "***", "-- () :: {} ^", "\x00\x07\n"])
def test_match_expression_without_words_is_none(query: str) -> None:
    assert match_expression(query) is None


def test_match_expression_uses_at_most_16_distinct_words() -> None:
    expression = match_expression(" ".join(f"w{i}" for i in range(40)) + " w0 w0")
    assert expression is not None
    assert expression.count(" AND ") == 15
    assert '"w15"' in expression
    assert '"w16"' not in expression
    assert match_expression("суд Суд СУД") == match_expression("суд")


# --- end to end through FTS5 -------------------------------------------------------------

ROWS = {
    1: ("Письмо из СИЗО", "Пишу вам из камеры. Суд назначен на понедельник.", ""),
    2: ("Заметка", "Письма пришли поздно; в письме было две страницы.", ""),
    3: ("Передача", "Отнесли передачу, её приняли не сразу.", "Кагарлицкий Борис"),
    4: ("Letter", "A long LETTER about the court hearing.", "Orlov Oleg"),
    5: ("Ёлка", "Семён принёс ёлку в приёмную.", "Семен Ёлкин"),
    6: ("Елка", "Семен принес елку.", ""),
    7: ("Решение суда", "Апелляция рассмотрена судом, жалоба передана дальше.", ""),
    8: ("Письма Письма", "Коротко.", ""),
    9: ("Разное", " ".join(["слово"] * 150 + ["письмами"] + ["текст"] * 150), ""),
    10: ("Вызов", "Khabarovsk, Yevgeny Shcherbakov", "Yevgeny Shcherbakov"),
}


@pytest.fixture(scope="module")
def db() -> Iterator[sqlcipher3.Connection]:
    con = sqlcipher3.connect(":memory:")
    con.execute(
        "CREATE VIRTUAL TABLE s USING fts5(title, body, names, "
        'tokenize="unicode61 remove_diacritics 0")'
    )
    con.executemany(
        "INSERT INTO s(rowid, title, body, names) VALUES (?, ?, ?, ?)",
        [
            (rowid, index_text(title), index_text(body), index_names(names))
            for rowid, (title, body, names) in ROWS.items()
        ],
    )
    yield con
    con.close()


def search(con: sqlcipher3.Connection, query: str) -> list[int]:
    expression = match_expression(query)
    if expression is None:
        return []
    sql = "SELECT rowid FROM s WHERE s MATCH ? ORDER BY bm25(s, 10.0, 1.0, 5.0), rowid"
    return [row[0] for row in con.execute(sql, (expression,))]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("письмо", {1, 2, 8, 9}),  # письмо, письма, письме, письмами
        ("ПИСЬМО", {1, 2, 8, 9}),
        ("письма", {1, 2, 8, 9}),
        ("суд", {1, 7}),  # суд, суда, судом
        ("суда", {1, 7}),
        ("letter", {4}),
        ("LETTERS", {4}),
        ("семён", {5, 6}),
        ("семен", {5, 6}),
        ("ёлка", {5, 6}),
        ("елка", {5, 6}),
        ("кагарл", {3}),  # prefix
        ("kagarlitsky", {3}),  # Latin finds the Cyrillic name
        ("Kagarlitskiy", {3}),
        ("kagarlit", {3}),  # ... even typed halfway through "ts"
        ("Борис Кагарлицкий", {3}),
        ("орлов", {4}),  # Cyrillic finds the Latin name
        ("Олег Орлов", {4}),
        ("Евгений Щербаков", {10}),
        ("Евг Щерб", {10}),  # Cyrillic prefixes of Latin names
        ("Shch", {10}),  # a digraph typed so far
        ("хабаровск", set()),  # transliteration applies to name fields only
        ("письмо суд", {1}),  # AND: both words
        ("письмо судом", {1}),
        ("письмо орлов", set()),
        ("нечто", set()),
    ],
)
def test_fts_finds(db: sqlcipher3.Connection, query: str, expected: set[int]) -> None:
    assert set(search(db, query)) == expected


def test_bm25_ranks_title_twice_above_long_body_once(db: sqlcipher3.Connection) -> None:
    ranked = search(db, "письмами")
    assert ranked.index(8) < ranked.index(9)
    assert ranked[0] in {1, 8}  # title hits first


HOSTILE = [
    '"',
    '""',
    '"письмо',
    "*",
    "письмо*",
    "NEAR(",
    "NEAR(a b, 2)",
    "title:x",
    "names:орлов",
    "{title}: x",
    "a OR",
    "OR AND NOT",
    "-",
    "-письмо",
    "письмо -суд",
    "(",
    "((письмо",
    "письмо)",
    "^x",
    "x + y",
    "\x00\x01\x1f\x7f",
    "письмо\x00суд",
    "я" * 10_000,
    "a " * 5_000,
    "\U0001f600 \u19b0\u19b1 \ud7ff \ufffd",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_break_fts(db: sqlcipher3.Connection, query: str) -> None:
    search(db, query)  # raises sqlcipher3.OperationalError on an FTS5 syntax error


@given(st.text(max_size=200))
@FAST
def test_arbitrary_queries_never_break_fts(query: str) -> None:
    con = _hypothesis_db()
    expression = match_expression(query)
    if expression is not None:
        con.execute("SELECT rowid FROM s WHERE s MATCH ?", (expression,)).fetchall()


@given(st.text(max_size=120))
@FAST
def test_any_text_finds_itself(text: str) -> None:
    con = _hypothesis_db()
    expression = match_expression(text)
    if expression is None:
        assert words(text) == []
        return
    con.execute("DELETE FROM s")
    con.execute(
        "INSERT INTO s(rowid, title, body, names) VALUES (1, ?, '', ?)",
        (index_text(text), index_names(text)),
    )
    assert con.execute("SELECT rowid FROM s WHERE s MATCH ?", (expression,)).fetchall() == [(1,)]


_HYPOTHESIS_DB: list[sqlcipher3.Connection] = []


def _hypothesis_db() -> sqlcipher3.Connection:
    # Hypothesis does not combine with function-scoped fixtures; share one connection.
    if not _HYPOTHESIS_DB:
        con = sqlcipher3.connect(":memory:")
        con.execute(
            "CREATE VIRTUAL TABLE s USING fts5(title, body, names, "
            'tokenize="unicode61 remove_diacritics 0")'
        )
        con.execute("INSERT INTO s VALUES ('письм', 'суд', 'orlov')")
        _HYPOTHESIS_DB.append(con)
    return _HYPOTHESIS_DB[0]


# --- snippet -----------------------------------------------------------------------------

LETTER = (
    "Здравствуйте, дорогие друзья!\n\n"
    + "Пишу вам из камеры, у меня всё хорошо. " * 20
    + "Вчера получил Письма от мамы и от вас, спасибо.  \n"
    + "Передайте привет всем, кто пишет. " * 30
)


def _visible(excerpt: str) -> str:
    return excerpt.replace("[", "").replace("]", "").replace("…", "")


def test_snippet_marks_the_matched_original_word() -> None:
    excerpt = snippet(LETTER, "письмо")
    assert "[Письма]" in excerpt
    assert excerpt.startswith("…")
    assert excerpt.endswith("…")
    assert "\n" not in excerpt
    assert "  " not in excerpt
    assert len(_visible(excerpt)) <= 80


def test_snippet_marks_every_match_in_the_window() -> None:
    assert snippet("Суд. Судом суда, суд!", "суд") == "[Суд]. [Судом] [суда], [суд]!"
    assert snippet("Письмо про суд и судью", "суд письмо") == "[Письмо] про [суд] и [судью]"


def test_snippet_matches_names_across_scripts() -> None:
    assert snippet("Кагарлицкий Борис", "kagarlitsky") == "[Кагарлицкий] Борис"
    assert snippet("Dear Mr Orlov,", "орлов") == "Dear Mr [Orlov],"


def test_snippet_short_text_is_not_cut() -> None:
    assert snippet("  Письмо\nиз\tСИЗО  ", "сизо") == "Письмо из [СИЗО]"


def test_snippet_without_match_shows_the_start() -> None:
    excerpt = snippet(LETTER, "апелляция")
    assert excerpt.startswith("Здравствуйте, дорогие друзья! Пишу")
    assert excerpt.endswith("…")
    assert "[" not in excerpt
    assert len(_visible(excerpt)) <= 80
    assert snippet("короткий текст", "") == "короткий текст"


def test_snippet_of_empty_text() -> None:
    assert snippet("", "письмо") == ""
    assert snippet(" \n\t ", "письмо") == ""


def test_snippet_cuts_at_spaces_and_respects_width() -> None:
    text = " ".join(f"слово{i}" for i in range(100)) + " Кагарлицкий " + "хвост " * 100
    excerpt = snippet(text, "кагарл", width=40)
    assert "[Кагарлицкий]" in excerpt
    assert excerpt.startswith("…слово")
    assert excerpt.endswith("…")
    assert len(_visible(excerpt)) <= 40
    for piece in _visible(excerpt).split():
        assert piece.startswith(("слово", "Кагарлицкий", "хвост")), piece


def test_snippet_of_a_giant_word_stays_balanced() -> None:
    excerpt = snippet("начало " + "я" * 5000, "яя", width=30)
    assert excerpt.count("[") == excerpt.count("]") == 1
    assert excerpt.endswith("…")


@given(st.text(max_size=300), st.text(max_size=30), st.integers(1, 120))
@FAST
def test_snippet_never_fails(text: str, query: str, width: int) -> None:
    text = text.replace("[", "(").replace("]", ")")  # so every bracket is a marker
    excerpt = snippet(text, query, width)
    assert "\n" not in excerpt
    assert excerpt.count("[") == excerpt.count("]")


# --- names of the vault's people in any text ---------------------------------------------

PEOPLE = NameWords(["Кагарлицкий Борис Юльевич", "Boris Kagarlitsky", "Дмитриев Юрий",
                    "Семён Ёлкин", "Ли Анна"])


@pytest.mark.parametrize(
    ("word", "stems"),
    [
        ("kagarlitsky", ("kagarlitski", "кагарлицк")),
        ("Kagarlitskii", ("kagarlitski", "кагарлицк")),
        ("kagarl", ("kagarlitski", "кагарлицк")),  # typed so far
        ("Кагарлицкому", ("kagarlitski", "кагарлицк")),  # a declined form finds the Latin
        ("yuri", ("юр",)),
        ("Semyon", ("сем",)),
        ("li", ("ли",)),  # a short key only where it is the whole name
        ("l", ()),
        ("ka", ()),
        ("pismo", ()),  # not a name
        ("", ()),
    ],
)
def test_name_words_spelt_by_a_query_word(word: str, stems: tuple[str, ...]) -> None:
    from casefile.domain.namekeys import name_prefixes

    folded = fold(word)
    assert set(PEOPLE.stems(stem(folded) if folded else "", name_prefixes(word))) \
        == set(stems)


def test_name_words_are_capped_per_query_word() -> None:
    many = NameWords([f"Кагарлицкий{'а' * i}н" for i in range(100)])
    assert len(many.stems("кагарл", ("kagarl",))) == MAX_NAME_STEMS


def test_name_stems_in_the_expression_are_whole_words() -> None:
    assert match_expression("yuri", PEOPLE) == (
        '(({title body}: "yuri"*) OR (names: "iuri"*) OR (names: "iure"*) '
        'OR (names: "iuru"*) OR ({title body}: "юр"))')
    assert match_expression("pismo", PEOPLE) == match_expression("pismo")


NAMED = {
    1: ("Письмо", "Передайте Кагарлицкому книги.", ""),
    2: ("Жалоба", "Адвокат Кагарлицкого подал жалобу.", ""),
    3: ("Letter", "Kagarlitsky says thank you.", ""),
    4: ("Вещи", "Юрию передали вещи.", ""),
    5: ("Юрист", "Юрист приедет в среду, письмо получено.", ""),
    6: ("Хабаровск", "Этап через Хабаровск.", ""),
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kagarlitsky", {1, 2, 3}),
        ("Kagarlitskiy", {1, 2, 3}),
        ("кагарлицкий", {1, 2, 3}),
        ("kagarlitsky жалоба", {2}),
        ("yuri", {4}),  # not юрист
        ("pismo", set()),  # only names are transliterated
        ("khabarovsk", set()),
        ("sreda", set()),
    ],
)
def test_names_of_people_found_in_any_text_by_any_spelling(query: str,
                                                           expected: set[int]) -> None:
    con = sqlcipher3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE s USING fts5(title, body, names, "
                'tokenize="unicode61 remove_diacritics 0")')
    con.executemany("INSERT INTO s(rowid, title, body, names) VALUES (?, ?, ?, ?)",
                    [(rowid, index_text(t), index_text(b), index_names(n))
                     for rowid, (t, b, n) in NAMED.items()])
    expression = match_expression(query, PEOPLE)
    assert expression is not None
    found = {row[0] for row in con.execute("SELECT rowid FROM s WHERE s MATCH ?",
                                           (expression,))}
    con.close()
    assert found == expected


def test_snippet_marks_a_declined_name_spelt_in_latin() -> None:
    text = "Передайте привет Кагарлицкому от всех нас."
    assert snippet(text, "kagarlitsky", names=PEOPLE) == (
        "Передайте привет [Кагарлицкому] от всех нас.")
    assert snippet(text, "kagarlitsky") == text  # without the vault's names: no match


@given(st.text(max_size=60), st.lists(st.text(max_size=30), max_size=5))
@FAST
def test_any_query_with_any_names_never_breaks_fts(query: str, names: list[str]) -> None:
    expression = match_expression(query, NameWords(names))
    if expression is not None:
        _hypothesis_db().execute("SELECT rowid FROM s WHERE s MATCH ?", (expression,)).fetchall()
