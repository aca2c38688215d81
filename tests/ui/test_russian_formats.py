"""The Russian window writes numbers and counts as Russian does (issue 15): decimal commas,
weights with at most two decimals, counts whose nouns agree with the number, and Qt's own
dialogs in Russian. Driven through the widgets; what is checked is what the screen shows."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QTableView

from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from casefile.ui.sections import SECTIONS
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import type_text, unlock
from tests.ui.test_russian import untranslated

PASS = "russian formats"
UNANSWERED_DAYS = (31, 42, 45)  # день / дня / дней


def days_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "день"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "дня"
    return "дней"


def make_vault(tmp_path: Path) -> Path:
    folder = tmp_path / "ru.casefile"
    today = date.today()
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as s:
        facility = s.add("facility", {"name": "ФКУ СИЗО-1", "parcel_limit_kg": 12.5,
                                      "parcel_limit_period": "month"})
        for n, days in enumerate(UNANSWERED_DAYS):
            person = s.add("person", {"full_name": f"Иванов {n}",
                                      "facility_id": facility["id"]})
            s.add("letter", {"person_id": person["id"], "direction": "out", "status": "sent",
                             "sent_on": (today - timedelta(days=days)).isoformat()})
        s.add("parcel", {"person_id": person["id"], "facility_id": facility["id"],
                         "planned_on": today.isoformat(),
                         "items": [{"name": "Чай", "quantity": 1, "unit_weight_g": 1234}]})
    return folder


def click_row(view: QTableView, row: int) -> None:
    index = view.model().index(row, 0)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, view.visualRect(index).center())


def go(window: MainWindow, section: str) -> RecordPage:
    QTest.keyClick(window, getattr(Qt.Key, f"Key_{SECTIONS.index(section) + 1}"),
                   Qt.KeyboardModifier.AltModifier)
    page = window.page_of[section]
    assert isinstance(page, RecordPage)
    return page


def test_decimal_commas_two_decimals_and_plural_agreement(qtbot, russian, window: MainWindow,
                                                          tmp_path: Path) -> None:
    unlock(qtbot, window, make_vault(tmp_path), PASS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # The dashboard: "нет ответа 31 день / 42 дня / 45 дней".
    lines = [window.page_of["dashboard"].list.item(i).text()
             for i in range(window.page_of["dashboard"].list.count())]
    for days in UNANSWERED_DAYS:
        assert any(line.endswith(f"нет ответа {days} {days_word(days)}") for line in lines), \
            lines

    # A facility's limit with a decimal comma, in the list and in the form; typed with one too.
    facilities = go(window, "facility")
    names = [f.name for f in facilities.model.columns]
    column = names.index("parcel_limit_kg") if "parcel_limit_kg" in names else None
    click_row(facilities.view, 0)
    limit = facilities.editor.input("parcel_limit_kg")
    assert limit.text() == "12,5"
    if column is not None:
        assert facilities.model.index(0, column).data() == "12,5"
    limit.selectAll()
    type_text(limit, "7,25")
    QTest.keyClick(limit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.session.list("facility")[0]["parcel_limit_kg"] == 7.25
    assert limit.text() == "7,25"

    # A parcel of 1234 g: "1,23 кг", never three decimals.
    parcels = go(window, "parcel")
    click_row(parcels.view, 0)
    total = next(label.text() for label in parcels.editor.findChildren(QLabel)
                 if label.text().startswith("Итого"))
    assert "1,23 кг" in total and "1,234" not in total, total


def test_qt_dialogs_speak_russian(qtbot, russian, window: MainWindow) -> None:
    dialog = QFileDialog(window, "Открыть")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    # Everything but the folder's own path (data, not interface).
    assert [u for u in untranslated(dialog) if not u.startswith("QComboBox:lookInCombo[")] == []
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == ["Отмена", "Сохранить"]
