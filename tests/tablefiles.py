"""Spreadsheets as groups keep them, written by the tests: Russian headers, bad rows, twins."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

# Rows 2..6 as the spreadsheet shows them. Row 3 is bad three ways, row 5 repeats row 2
# (other case, ё written е, extra spaces), row 6 repeats a person already in the vault.
PEOPLE = [
    ["ФИО", "Год рождения", "Статус", "Дата рождения", "Примечания"],
    ["Петров Пётр Петрович", "1990", "СИЗО", "05.03.1990", ""],
    ["Сидоров Сидор", "19x0", "в бегах", "31.02.2000", "плохая строка"],
    ["Смирнова Анна", "1985", "под домашним арестом", "1985-07-01", "нужны книги"],
    ["петров  петр петрович", "1990", "на свободе", "", "пишет стихи"],
    ["Кагарлицкий Борис Юльевич", "1958", "отбывает наказание", "29.08.1958", ""],
]
IN_VAULT = {"full_name": "Кагарлицкий Борис Юльевич", "birth_year": 1958,
            "status": "serving_sentence"}


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], *, first_row: int = 1) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value not in (None, ""):
                sheet.cell(row=first_row + offset, column=column, value=value)
    book.save(path)
    return path


def letters_sheet(person: str) -> list[list[object]]:
    """Letters: the person by full name; a date cell, a typed date, a name nobody has."""
    return [
        ["ФИО", "Дата отправки", "Способ", "Статус", "Тема"],
        [person, date(2024, 3, 5), "ФСИН-письмо", "отправлено", "С днём рождения"],
        [person.upper(), "05.03.2024", "почта", "доставлено", "Книги"],
        ["Никто Никтоевич", "2024-03-06", "почта", "отправлено", "Кому?"],
        [person, "вчера", "голубь", "отправлено", "Плохая дата"],
    ]


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with the given sheets, in order."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
