"""Spreadsheet import: reading, the mapping guess, the preview, all-or-nothing and merging."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.domain.errors import CasefileError
from casefile.domain.fields import FieldSpec, Kind
from casefile.domain.records import SPECS
from casefile.domain.validate import FieldError, check_value
from casefile.services.interop import tablefile
from casefile.services.interop.tablecells import amount_value, cell_value, date_value
from casefile.services.interop.tablefile import read_csv_bytes, read_table, sheet_names
from casefile.services.interop.tablemap import (
    TABLE_TYPES,
    apply_map_options,
    guess_mapping,
    value_names,
)
from casefile.services.interop.tables import RowProblemsError, apply_import, build_preview
from casefile.services.records.session import Session
from tests.conftest import tree_bytes
from tests.tablefiles import (
    IN_VAULT,
    PEOPLE,
    letters_sheet,
    write_csv,
    write_workbook,
    write_xlsx,
)


def preview_of(session: Session, path: Path, record_type: str):
    table = read_table(path)
    return build_preview(session, table, record_type, guess_mapping(record_type, table.headers))


def names(session: Session, record_type: str = "person") -> list[str]:
    field = "name" if record_type == "facility" else "full_name"
    return sorted(r[field] for r in session.list(record_type))


# -- reading -----------------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("cp1251", ";"), ("utf-8-sig", ";"), ("utf-8", ","), ("utf-8", "\t"), ("utf-16", "\t"),
])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_csv(tmp_path / "people.csv", PEOPLE, encoding=encoding, delimiter=delimiter)
    table = read_table(path)
    assert table.headers == tuple(PEOPLE[0])
    assert table.delimiter == delimiter
    assert [r.number for r in table.rows] == [2, 3, 4, 5, 6]
    assert table.rows[0].cells[0] == "Петров Пётр Петрович"


def test_amount_with_decimal_comma_does_not_fool_the_sniffer(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "money.csv", [["Сумма", "Дата"], ["1 500,50", "05.03.2024"]],
                     encoding="cp1251", delimiter=";")
    table = read_table(path)
    assert table.headers == ("Сумма", "Дата")
    assert table.rows[0].cells == ("1 500,50", "05.03.2024")


def test_xlsx_rows_are_numbered_as_the_sheet_shows_them(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [PEOPLE[0], [], PEOPLE[1]], first_row=3)
    table = read_table(path)
    assert table.header_row == 3
    assert [r.number for r in table.rows] == [5]


def test_xlsx_formulas_are_never_evaluated(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", [["ФИО", "Год рождения"],
                                            ["Петров", "=1000+990"],
                                            ["=HYPERLINK(\"http://x\")", 1990.0]])
    table = read_table(path)
    # openpyxl saved no computed value: the cell is read as empty, never as 1990 or a formula.
    assert table.rows[0].cells == ("Петров", "")
    assert table.rows[1].cells == ("", "1990")
    # ... and the reader knows which empty cells are such formulas (row, column index).
    assert table.uncomputed == {(2, 1), (3, 0)}


def test_a_formula_without_a_saved_result_is_named_in_the_preview(
        session: Session, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", [["ФИО", "Год рождения"],
                                            ["Петров Пётр", "=1000+990"],
                                            ["Сидоров Иван", 1985.0]])
    preview = preview_of(session, path, "person")
    [bad, good] = preview.rows
    assert [str(p) for p in bad.problems] == [
        "row 2, column “Год рождения” (birth_year): a formula whose result the file does not "
        "keep: open the file in a spreadsheet program, save it, and import it again"]
    assert good.problems == []
    # A file with no formula at all is read once, and marks nothing.
    plain = read_table(write_xlsx(tmp_path / "p.xlsx", [["ФИО"], ["Петров Пётр"], [None]]))
    assert plain.uncomputed == frozenset()


@pytest.mark.parametrize(("name", "data", "says"), [
    ("list.xlsx", "ФИО;Год\n".encode(), "not a zip"),
    ("old.xls", b"\xd0\xcf\x11\xe0", ".xls"),
    ("list.ods", b"x", "only .csv and .xlsx"),
    ("bin.csv", b"PK\x03\x04\x00\x00\x00binary", "UTF-8 or Windows-1251"),
    ("empty.csv", b"\r\n  \r\n", "is empty"),
])
def test_unreadable_files_say_why(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CasefileError, match=says):
        read_table(path)


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "привет")
    with pytest.raises(CasefileError, match="not an Excel workbook"):
        read_table(path)


def test_too_many_rows_is_refused(tmp_path: Path) -> None:
    body = "".join(f"Человек {n};1990\n" for n in range(tablefile.MAX_ROWS + 1))
    path = tmp_path / "huge.csv"
    path.write_text("ФИО;Год рождения\n" + body, encoding="utf-8")
    with pytest.raises(CasefileError, match="more than 100000 rows"):
        read_table(path)


def test_too_large_a_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as fh:
        fh.truncate(tablefile.MAX_FILE_BYTES + 1)  # sparse: nothing is actually written
    with pytest.raises(CasefileError, match="larger than 50 MB"):
        read_table(path)


def test_too_many_columns_is_refused() -> None:
    header = ";".join(f"c{n}" for n in range(tablefile.MAX_COLUMNS + 5))
    with pytest.raises(CasefileError, match="row 1: more than 200 columns"):
        read_csv_bytes(header.encode(), "wide.csv")


# The CSV reader on any bytes at all: a table, or a CasefileError; never anything else.
@given(st.binary(max_size=2000))
def test_fuzz_csv_any_bytes(data: bytes) -> None:
    try:
        table = read_csv_bytes(data, "fuzz.csv")
    except CasefileError:
        return
    assert all(len(r.cells) == len(table.headers) for r in table.rows)


_CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=30)


@given(delimiter=st.sampled_from([",", ";", "\t"]),
       width=st.integers(min_value=2, max_value=6),
       body=st.lists(st.lists(_CELL, min_size=6, max_size=6), max_size=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig"]))
def test_fuzz_csv_round_trip(delimiter: str, width: int, body: list[list[str]],
                             encoding: str) -> None:
    header = [f"Колонка{n}" for n in range(width)]
    rows = [["x" + r[0], *r[1:width]] for r in body]  # never an empty row
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    table = read_csv_bytes(buffer.getvalue().encode(encoding), "t.csv")
    assert table.headers == tuple(header)
    assert [list(r.cells) for r in table.rows] == [[c.strip() for c in r] for r in rows]


_FIELDS = [(t, f) for t in TABLE_TYPES for f in SPECS[t].writable_fields
           if f.kind is not Kind.REF]


# Any cell text in any field: a value the validator accepts, or a FieldError; nothing else.
@given(field=st.sampled_from(_FIELDS), text=_CELL.filter(str.strip))
def test_fuzz_any_cell_in_any_field(field: tuple[str, FieldSpec], text: str) -> None:
    record_type, spec = field
    try:
        check_value(spec, cell_value(record_type, spec, text.strip()))
    except FieldError as exc:
        assert str(exc)


# -- mapping and values -------------------------------------------------------------------

def test_mapping_guess_russian_and_english() -> None:
    assert guess_mapping("person", PEOPLE[0]) == {
        0: "full_name", 1: "birth_year", 2: "status", 3: "birth_date", 4: "notes"}
    assert guess_mapping("person", ["Full name", "Birth year", "Status", "Comment"]) == {
        0: "full_name", 1: "birth_year", 2: "status", 3: "notes"}
    assert guess_mapping("contact", ["Имя", "Телефон", "Адрес", "E-mail", "Роль"]) == {
        0: "full_name", 1: "phone", 2: "address", 3: "email", 4: "role"}
    assert guess_mapping("payment", ["Дата платежа", "Сумма", "Кому", "Что-то ещё"]) == {
        0: "on", 1: "amount", 2: "person_id", 3: ""}


def test_map_option_overrides_the_guess() -> None:
    headers = ["Кто", "ФИО"]
    guessed = guess_mapping("person", headers)
    assert guessed == {0: "", 1: "full_name"}
    assert apply_map_options("person", headers, guessed, ["Кто=full_name", "B=-"]) == {
        0: "full_name", 1: ""}
    with pytest.raises(CasefileError, match="no field 'shoe_size'"):
        apply_map_options("person", headers, guessed, ["A=shoe_size"])
    with pytest.raises(CasefileError, match="no column 'Z'"):
        apply_map_options("person", headers, guessed, ["Z=notes"])


def test_enum_labels_in_both_languages() -> None:
    kinds = value_names("facility", "kind")
    assert kinds["сизо"] == "sizo"
    assert kinds["следственный изолятор"] == "sizo"
    assert kinds["penal colony"] == "ik"
    status = value_names("person", "status")
    assert status["под домашним арестом"] == "house_arrest"
    assert status["домашний арест"] == "house_arrest"
    assert status["освобожден"] == "released"  # ё folded
    assert value_names("payment", "direction")["приход"] == "in"


@pytest.mark.parametrize(("text", "value"), [
    ("2024-03-05", "2024-03-05"), ("05.03.2024", "2024-03-05"), ("5.3.2024", "2024-03-05"),
    ("2024-03-05 00:00:00", "2024-03-05"),
])
def test_dates(text: str, value: str) -> None:
    assert date_value(text) == value


@pytest.mark.parametrize(("text", "value"), [
    ("1 500,50", "1500.50"), ("1\u00a0500,50 ₽", "1500.50"), ("1,500.50", "1500.50"),
    ("1.500,50", "1500.50"), ("200", "200"), ("−200 руб.", "-200"),
])
def test_amounts(text: str, value: str) -> None:
    assert amount_value(text) == value


# -- preview, all or nothing, merging ----------------------------------------------------

@pytest.fixture
def people_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "люди.csv", PEOPLE, encoding="cp1251", delimiter=";")


def test_preview_names_each_problem_by_row_and_column(session: Session,
                                                      people_csv: Path) -> None:
    session.add("person", IN_VAULT)
    preview = preview_of(session, people_csv, "person")
    assert [r.number for r in preview.invalid_rows] == [3]
    found = [(p.row, p.column, p.field) for p in preview.problems]
    assert found == [(3, "Год рождения", "birth_year"), (3, "Статус", "status"),
                     (3, "Дата рождения", "birth_date")]
    messages = [p.message for p in preview.problems]
    assert "must be a whole number" in messages[0]  # the domain validator's own words
    assert "'в бегах' is not one of" in messages[1]
    assert "31.02.2000" in messages[2]
    assert str(preview.problems[0]).startswith("row 3, column “Год рождения” (birth_year):")
    valid = {r.number: r.values for r in preview.valid_rows}
    assert valid[2]["status"] == "pretrial_detention"
    assert valid[2]["birth_date"] == "1990-03-05"
    assert valid[4]["status"] == "house_arrest"


def test_duplicates_in_the_file_and_in_the_vault_are_offered_for_merging(
        session: Session, people_csv: Path) -> None:
    existing = session.add("person", IN_VAULT)
    preview = preview_of(session, people_csv, "person")
    dups = {d.row: d for d in preview.duplicates}
    assert set(dups) == {5, 6}
    assert dups[5].earlier_row == 2 and not dups[5].existing_id
    assert dups[5].fills == {"notes": "пишет стихи"}
    assert dups[5].differs == {"status": ("pre-trial detention", "at liberty")}
    assert dups[6].existing_id == existing["id"]
    assert dups[6].fills == {"birth_date": "1958-08-29"}
    assert preview.summary() == "rows: 5; new: 2; with problems: 1; duplicates: 2"


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(session: Session,
                                                           people_csv: Path) -> None:
    session.add("person", IN_VAULT)
    preview = preview_of(session, people_csv, "person")
    before = tree_bytes(session.folder)
    with pytest.raises(RowProblemsError, match="1 row has problems; nothing was imported") as e:
        apply_import(session, preview)
    assert [p.row for p in e.value.problems] == [3, 3, 3]
    assert tree_bytes(session.folder) == before
    assert names(session) == ["Кагарлицкий Борис Юльевич"]


def test_valid_only_imports_the_good_rows_and_merges_duplicates(session: Session,
                                                                people_csv: Path) -> None:
    existing = session.add("person", IN_VAULT)
    preview = preview_of(session, people_csv, "person")
    result = apply_import(session, preview, valid_only=True)
    assert names(session) == ["Кагарлицкий Борис Юльевич", "Петров Пётр Петрович",
                              "Смирнова Анна"]
    assert len(result.added) == 2 and result.left_out_rows == [3]
    merged = {m.row: m for m in result.merged}
    assert merged[6].id == existing["id"] and merged[6].filled == ["birth_date"]
    assert session.get("person", existing["id"])["birth_date"] == "1958-08-29"
    petrov = next(r for r in session.list("person") if r["full_name"].startswith("Петров"))
    assert merged[5].id == petrov["id"]
    assert petrov["notes"] == "пишет стихи"  # filled from the twin row
    assert petrov["status"] == "pretrial_detention"  # the differing value is kept, reported
    assert "status differs (kept “pre-trial detention”" in merged[5].describe()


def test_skipping_duplicates_leaves_the_existing_record_alone(session: Session,
                                                              people_csv: Path) -> None:
    existing = session.add("person", IN_VAULT)
    preview = preview_of(session, people_csv, "person")
    result = apply_import(session, preview, valid_only=True, skip_rows=[5, 6])
    assert result.skipped == [5, 6] and not result.merged
    assert session.get("person", existing["id"]) == existing
    assert session.count("person") == 3


def test_an_xlsx_of_letters_resolves_people_by_full_name(session: Session,
                                                         tmp_path: Path) -> None:
    person = session.add("person", {"full_name": "Кагарлицкий Борис Юльевич"})
    session.add("person", {"full_name": "Орлов Олег", "birth_year": 1953})
    session.add("person", {"full_name": "Орлов Олег", "birth_year": 1960})
    path = write_xlsx(tmp_path / "письма.xlsx", [
        *letters_sheet("Кагарлицкий Борис Юльевич"),
        ["Орлов Олег", "2024-03-07", "почта", "отправлено", "Двое"]])
    preview = preview_of(session, path, "letter")
    problems = {(p.row, p.field): p.message for p in preview.problems}
    assert problems[(4, "person_id")] == "no person named “Никто Никтоевич” in the vault"
    assert "вчера" in problems[(5, "sent_on")]
    assert "'голубь' is not one of" in problems[(5, "channel")]
    assert "more than one person is named “Орлов Олег” (2 found)" in problems[(6, "person_id")]
    good = [r.values for r in preview.valid_rows]
    assert [v["person_id"] for v in good] == [person["id"]] * 2
    assert good[0]["sent_on"] == "2024-03-05" and good[0]["channel"] == "fsin_letter"
    assert good[1]["status"] == "delivered"
    apply_import(session, preview, valid_only=True)
    assert session.count("letter") == 2


def test_payments_contacts_and_facilities(session: Session, tmp_path: Path) -> None:
    person = session.add("person", {"full_name": "Смирнова Анна"})
    money = write_csv(tmp_path / "деньги.csv", [
        ["Дата", "Сумма", "Приход/расход", "Назначение", "ФИО"],
        ["05.03.2024", "1 500,50", "приход", "сбор", ""],
        ["2024-03-06", "200", "расход", "передача", "смирнова  анна"],
    ], encoding="utf-8-sig", delimiter=";")
    preview = preview_of(session, money, "payment")
    assert not preview.problems
    apply_import(session, preview)
    paid = sorted(session.list("payment"), key=lambda r: r["on"])
    assert [(p["on"], p["amount"], p["direction"], p["person_id"]) for p in paid] == [
        ("2024-03-05", "1500.50", "in", None), ("2024-03-06", "200", "out", person["id"])]

    session.add("contact", {"full_name": "Адвокат Петров", "role": "lawyer"})
    contacts = write_csv(tmp_path / "контакты.csv", [
        ["Имя", "Кто это", "Телефон", "Адрес"],
        ["Иванова Мария", "мама", "+7 916 000-00-00", "Уфа,\nул. Ленина, 1"],
        ["адвокат петров", "адвокат", "+7 900 111-22-33", ""],
    ], delimiter="\t")
    preview = preview_of(session, contacts, "contact")
    assert [d.row for d in preview.duplicates] == [3]
    assert preview.duplicates[0].fills == {"phone": "+7 900 111-22-33"}
    apply_import(session, preview)
    maria = next(c for c in session.list("contact") if c["full_name"] == "Иванова Мария")
    assert maria["role"] == "relative" and maria["address"] == "Уфа, ул. Ленина, 1"
    assert session.count("contact") == 2

    places = write_xlsx(tmp_path / "учреждения.xlsx", [
        ["Наименование", "Тип", "Регион", "Индекс", "Часовой пояс"],
        ["ФКУ СИЗО-1", "СИЗО", "Башкортостан", 450000, "Asia/Yekaterinburg"],
        ["ФКУ ИК-4", "исправительная колония", "", "", "Asia"],  # a folder of tzdata
        ["фку сизо-1", "", "", "", ""],
    ])
    preview = preview_of(session, places, "facility")
    assert [(p.row, p.field) for p in preview.problems] == [(3, "timezone")]
    assert [d.row for d in preview.duplicates] == [4]
    apply_import(session, preview, valid_only=True)
    sizo = session.list("facility")[0]
    assert (sizo["name"], sizo["kind"], sizo["postal_code"]) == ("ФКУ СИЗО-1", "sizo", "450000")
    assert session.count("facility") == 1


def test_a_required_field_without_a_column_stops_before_the_preview(session: Session,
                                                                    tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [["Телефон"], ["+7 900 000-00-00"]])
    with pytest.raises(CasefileError, match="no column is mapped to full_name"):
        preview_of(session, path, "contact")


def test_a_workbook_sheet_is_chosen_by_name(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "учёт.xlsx", {
        "Сводка": [["Всего", 2]],
        "Люди": [["ФИО", "Год рождения"], ["Иванова Мария", 1990], ["Петров Пётр", 1985]]})
    assert sheet_names(path) == ["Сводка", "Люди"]
    assert read_table(path).headers[0] == "Всего"  # the first sheet by default
    people = read_table(path, "Люди")
    assert people.headers[:2] == ("ФИО", "Год рождения") and len(people.rows) == 2
    with pytest.raises(CasefileError, match="no sheet named “Деньги”; its sheets: Сводка, Люди"):
        read_table(path, "Деньги")
    csv_path = tmp_path / "people.csv"
    csv_path.write_text("ФИО\nИванова Мария\n", encoding="utf-8")
    with pytest.raises(CasefileError, match="has no sheets"):
        read_table(csv_path, "Люди")
    assert sheet_names(csv_path) == []
