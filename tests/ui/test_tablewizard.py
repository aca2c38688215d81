"""The spreadsheet import wizard, driven as a person would, against a real vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.tablepreview import PROBLEM_CELL, PROBLEM_ROW
from casefile.ui.tablewizard import TableWizard
from tests.tablefiles import IN_VAULT, PEOPLE, letters_sheet, write_csv, write_xlsx
from tests.ui.conftest import unlock

PASS = "wizard passphrase"


def open_wizard(window: MainWindow, path: Path, record_type: str) -> TableWizard:
    action = window.findChild(QAction, "import_table")
    assert action is not None and action.isEnabled()
    action.trigger()
    wizard = window.table_wizard
    wizard.file_page.path.setText(str(path))
    wizard.file_page.kind.setCurrentIndex(wizard.file_page.kind.findData(record_type))
    return wizard


@pytest.fixture
def vault(qtbot, window: MainWindow, tmp_path: Path) -> MainWindow:
    unlock(qtbot, window, tmp_path / "w.casefile", PASS, create=True)
    assert window.session is not None
    window.session.add("person", IN_VAULT)
    return window


def test_the_action_waits_for_an_open_vault(window: MainWindow) -> None:
    assert not window.findChild(QAction, "import_table").isEnabled()


def test_preview_then_all_or_nothing_then_valid_rows_with_a_skip(
        qtbot, vault: MainWindow, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "люди.csv", PEOPLE, encoding="cp1251", delimiter=";")
    wizard = open_wizard(vault, path, "person")
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.mapping_page.mapping() == {0: "full_name", 1: "birth_year", 2: "status",
                                             3: "birth_date", 4: "notes"}
    assert wizard.mapping_page.table.item(2, 1).text() == "СИЗО · в бегах · под домашним арестом"

    wizard.next()
    page = wizard.preview_page
    assert wizard.currentPage() is page
    assert page.summary.text() == "Rows: 5; new: 2; with problems: 1; duplicates: 2"
    model = page.model
    bad = [r.number for r in model.rows].index(3)
    problems = model.data(model.index(bad, len(PEOPLE[0]) + 1))
    assert problems.startswith("Год рождения: must be a whole number; Статус: 'в бегах' is not")
    assert model.data(model.index(bad, 2), Qt.ItemDataRole.BackgroundRole) == PROBLEM_CELL
    assert model.data(model.index(bad, 5), Qt.ItemDataRole.BackgroundRole) == PROBLEM_ROW
    assert model.data(model.index(0, 2), Qt.ItemDataRole.BackgroundRole) is None
    assert page.problems.toPlainText().splitlines()[0] == \
        "row 3, column “Год рождения” (birth_year): must be a whole number"
    page.only_problems.setChecked(True)
    assert [r.number for r in page.model.rows] == [3]
    assert page.duplicate_rows.rowCount() == 2
    assert page.duplicate_rows.item(0, 2).text() == "“Петров Пётр Петрович (1990)” in row 2"
    assert page.duplicate_rows.item(1, 2).text() == \
        "“Кагарлицкий Борис Юльевич (1958)” already in the vault"
    assert page.duplicate_rows.item(1, 3).text() == "Date of birth"
    page.actions[6].setCurrentIndex(page.actions[6].findData("skip"))

    wizard.next()
    choice = wizard.choice_page
    assert choice.all_or_nothing.isChecked()
    wizard.next()  # import: one bad row, so nothing
    assert wizard.currentPage() is wizard.result_page
    assert wizard.result_page.summary.text() == "1 row has problems; nothing was imported"
    assert "row 3, column “Статус” (status)" in wizard.result_page.details.toPlainText()
    assert vault.session.count("person") == 1
    wizard.accept()

    wizard = open_wizard(vault, path, "person")
    wizard.next()
    wizard.next()
    wizard.preview_page.actions[6].setCurrentIndex(1)  # skip the one already in the vault
    wizard.next()
    wizard.choice_page.valid_only.setChecked(True)
    with qtbot.waitSignal(wizard.imported):
        wizard.next()
    result = wizard.result_page
    assert result.summary.text() == "2 added, 1 merged, 1 skipped, 1 left out with problems"
    details = result.details.toPlainText().splitlines()
    assert details[0].startswith("row 5: merged into Петров Пётр Петрович (1990); filled: notes")
    assert "row 6: skipped" in details
    assert vault.session.count("person") == 3
    page_of_people = vault.page_of["person"]
    assert isinstance(page_of_people, RecordPage)
    assert page_of_people.model.rowCount() == 3  # the list was shown afresh
    wizard.accept()


def test_mapping_changed_by_hand_for_an_xlsx_of_letters(qtbot, vault: MainWindow,
                                                        tmp_path: Path) -> None:
    rows = letters_sheet(IN_VAULT["full_name"])
    rows[0][0] = "Политзек"
    path = write_xlsx(tmp_path / "письма.xlsx", rows[:3])
    wizard = open_wizard(vault, path, "letter")
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.mapping()[0] == ""
    wizard.next()  # no column for the person: stays, and says so
    assert wizard.currentPage() is mapping
    assert "no column is mapped to person_id" in mapping.error.text()
    mapping.set_field(0, "person_id")
    wizard.next()
    assert wizard.preview_page.summary.text() == \
        "Rows: 2; new: 2; with problems: 0; duplicates: 0"
    assert not wizard.preview_page.duplicates.isVisibleTo(wizard)
    wizard.next()
    with qtbot.waitSignal(wizard.imported):
        wizard.next()
    assert vault.session.count("letter") == 2
    wizard.accept()


def test_a_file_that_is_not_a_workbook_is_named_and_nothing_happens(
        vault: MainWindow, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a zip at all")
    wizard = open_wizard(vault, fake, "person")
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "fake.xlsx is not an Excel workbook" in wizard.file_page.error.text()
    assert vault.session.count("person") == 1
    wizard.reject()


def test_locking_closes_the_wizard(qtbot, vault: MainWindow, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "люди.csv", PEOPLE)
    wizard = open_wizard(vault, path, "person")
    wizard.next()
    vault.lock()
    assert not wizard.isVisible()


def test_every_step_is_in_russian(qtbot, russian: None, vault: MainWindow,
                                  tmp_path: Path) -> None:
    from tests.ui.test_russian import untranslated

    path = write_csv(tmp_path / "люди.csv", PEOPLE, encoding="cp1251", delimiter=";")
    wizard = open_wizard(vault, path, "person")
    seen = []
    for _step in range(4):
        seen += untranslated(wizard)
        wizard.next()
    seen += untranslated(wizard)
    assert seen == []
    assert wizard.result_page.summary.text() == \
        "1 строка с ошибками; ничего не импортировано"
    assert "строка 3, столбец «Статус» (status)" in wizard.result_page.details.toPlainText()
    wizard.accept()


def test_a_workbook_with_several_sheets_asks_which(qtbot, vault: MainWindow,
                                                   tmp_path: Path) -> None:
    from tests.tablefiles import write_workbook

    path = write_workbook(tmp_path / "учёт.xlsx", {
        "Сводка": [["Всего", 1]], "Люди": [["ФИО", "Год рождения"], ["Иванова Мария", 1990]]})
    wizard = open_wizard(vault, path, "person")
    page = wizard.file_page
    assert page.sheet.isVisibleTo(wizard)
    assert [page.sheet.itemText(i) for i in range(page.sheet.count())] == ["Сводка", "Люди"]
    page.sheet.setCurrentIndex(1)
    wizard.next()
    assert wizard.table is not None and wizard.table.headers[:2] == ("ФИО", "Год рождения")
    page.path.setText(str(write_csv(tmp_path / "p.csv", [["ФИО"], ["Петров Пётр"]])))
    assert not page.sheet.isVisibleTo(wizard)
    wizard.reject()
