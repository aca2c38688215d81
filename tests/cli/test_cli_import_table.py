"""`casefile import-table`: the same spreadsheets as the service tests, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import tree_bytes
from tests.tablefiles import IN_VAULT, PEOPLE, letters_sheet, write_csv, write_xlsx


def people(cli) -> dict[str, dict]:
    return {r["full_name"]: r for r in cli("list", "person", "--json").json()}


def test_a_bad_row_means_nothing_is_imported(cli, initialised: Path, tmp_path: Path) -> None:
    cli("add", "person", "--data", json.dumps(IN_VAULT))
    path = write_csv(tmp_path / "люди.csv", PEOPLE, encoding="cp1251", delimiter=";")
    before = tree_bytes(initialised)
    result = cli("import-table", str(path), "--type", "person")
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[0] == "casefile: error: 1 row has problems; nothing was imported"
    assert lines[1] == ("casefile: row 3, column “Год рождения” (birth_year): "
                        "must be a whole number")
    assert lines[2].startswith("casefile: row 3, column “Статус” (status): 'в бегах' is not")
    assert lines[3].startswith("casefile: row 3, column “Дата рождения” (birth_date):")
    assert "--valid-only" in lines[-1]
    assert result.out == ""
    assert tree_bytes(initialised) == before


def test_valid_only_imports_the_rest_and_merges_duplicates(cli, initialised: Path,
                                                           tmp_path: Path) -> None:
    cli("add", "person", "--data", json.dumps(IN_VAULT))
    path = write_csv(tmp_path / "люди.csv", PEOPLE, encoding="cp1251", delimiter=";")
    result = cli("import-table", str(path), "--type", "person", "--valid-only")
    assert result.code == 0, result.err
    out = result.out.splitlines()
    assert out[0] == "2 added, 2 merged, 0 skipped, 1 left out with problems"
    assert out[1].startswith("row 5: merged into Петров Пётр Петрович (1990); filled: notes; "
                             "status differs (kept “pre-trial detention”, the file has "
                             "“at liberty”)")
    assert out[2] == "row 6: merged into Кагарлицкий Борис Юльевич (1958); filled: birth_date"
    assert "left out: row 3, column “Год рождения”" in result.err
    found = people(cli)
    assert sorted(found) == ["Кагарлицкий Борис Юльевич", "Петров Пётр Петрович",
                             "Смирнова Анна"]
    assert found["Петров Пётр Петрович"]["notes"] == "пишет стихи"
    assert found["Кагарлицкий Борис Юльевич"]["birth_date"] == "1958-08-29"


def test_duplicates_skip_and_json(cli, initialised: Path, tmp_path: Path) -> None:
    cli("add", "person", "--data", json.dumps(IN_VAULT))
    path = write_csv(tmp_path / "люди.csv", PEOPLE)
    result = cli("import-table", str(path), "--type", "person", "--valid-only",
                 "--duplicates", "skip", "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert (report["added"], report["merged"], report["skipped"], report["left_out"]) == \
        (2, 0, 2, 1)
    assert report["skipped_rows"] == [5, 6]
    assert {p["row"] for p in report["problems"]} == {3}
    assert people(cli)["Кагарлицкий Борис Юльевич"]["birth_date"] is None


def test_dry_run_changes_nothing(cli, initialised: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "люди.csv", PEOPLE, delimiter=";")
    before = tree_bytes(initialised)
    result = cli("import-table", str(path), "--type", "person", "--valid-only", "--dry-run")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "rows: 5; new: 3; with problems: 1; duplicates: 1"
    assert "  Год рождения → birth_year" in result.out
    assert "row 5: the same as “Петров Пётр Петрович (1990)” in row 2" in result.out
    assert "row 3, column “Статус” (status)" in result.err
    preview = cli("import-table", str(path), "--type", "person", "--dry-run", "--valid-only",
                  "--json").json()
    assert preview["mapping"]["ФИО"] == "full_name" and preview["invalid"] == 1
    assert tree_bytes(initialised) == before


def test_map_and_an_xlsx_of_letters(cli, initialised: Path, tmp_path: Path) -> None:
    person = cli("add", "person", "--json", "--data",
                 json.dumps({"full_name": "Кагарлицкий Борис Юльевич"})).json()
    rows = letters_sheet("Кагарлицкий Борис Юльевич")
    rows[0][0] = "Адресат письма"
    path = write_xlsx(tmp_path / "письма.xlsx", rows[:3])
    result = cli("import-table", str(path), "--type", "letter", "--map",
                 "Адресат письма=person_id", "--map", "E=-", "--json")
    assert result.code == 0, result.err
    assert result.json()["added"] == 2
    letters = cli("list", "letter", "--json").json()
    assert {(x["person_id"], x["sent_on"], x["subject"]) for x in letters} == {
        (person["id"], "2024-03-05", None)}
    bad = write_xlsx(tmp_path / "плохо.xlsx", letters_sheet("Кагарлицкий Борис Юльевич"))
    result = cli("import-table", str(bad), "--type", "letter")
    assert result.code == 1
    assert ("casefile: row 4, column “ФИО” (person_id): no person named “Никто Никтоевич” in "
            "the vault") in result.err.splitlines()


def test_hostile_files_fail_cleanly(cli, initialised: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"MZ\x90\x00 not a workbook")
    before = tree_bytes(initialised)
    result = cli("import-table", str(fake), "--type", "person")
    assert result.code == 1
    assert result.err == ("casefile: error: fake.xlsx is not an Excel workbook (.xlsx) that "
                          "can be read (it is not a zip file)\n")
    result = cli("import-table", str(tmp_path / "missing.csv"), "--type", "person")
    assert result.code == 1 and "no such file" in result.err
    result = cli("import-table", str(fake), "--type", "case")
    assert result.code == 2  # not a type spreadsheets become: argparse's usage error
    path = write_csv(tmp_path / "x.csv", [["ФИО"], ["А"]])
    result = cli("import-table", str(path), "--type", "person", "--map", "ФИО=shoe_size")
    assert result.code == 1 and "no field 'shoe_size'" in result.err
    assert tree_bytes(initialised) == before


def test_the_sheet_of_a_workbook(cli, initialised: Path, tmp_path: Path) -> None:
    from tests.tablefiles import write_workbook

    path = write_workbook(tmp_path / "учёт.xlsx", {
        "Сводка": [["Всего", 1]], "Люди": [["ФИО", "Год рождения"], ["Иванова Мария", 1990]]})
    assert cli("import-table", str(path), "--type", "person", "--sheet", "Люди").code == 0
    listed = cli("list", "person", "--json").json()
    assert [p["full_name"] for p in listed] == ["Иванова Мария"]
    wrong = cli("import-table", str(path), "--type", "person", "--sheet", "Деньги")
    assert wrong.code == 1 and "its sheets: Сводка, Люди" in wrong.err
