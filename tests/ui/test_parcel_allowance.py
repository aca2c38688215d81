"""One parcel's allowance reads the same in the parcel editor, on the dashboard and in the опись.

A colony: 20 kg a parcel, 6 parcels a year. The parcel of 9.03 kg is the fifth this year:
the editor once said "of 20 kg allowed per year" without a warning, the dashboard added the
year's kilograms up ("23 of 20 kg", in red) and the опись said "5 of 6". Now all three read
the check of ``casefile.domain.allowance``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from casefile.domain.allowance import kg, period_words
from casefile.services.views.allowance import parcel_check
from casefile.ui.charts import Gauge
from casefile.ui.dashboard import DashboardPage
from casefile.ui.items_table import NAME, QUANTITY, UNIT_WEIGHT, ItemsTable
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from tests.printing.pdfcheck import has, pages
from tests.ui.conftest import unlock

PASS = "allowance passphrase"
NAME_OF = "Семёнов Пётр Ильич"
NINE_KG = [{"name": "Чай чёрный", "quantity": 4, "unit_weight_g": 250},
           {"name": "Сахар", "quantity": 2, "unit_weight_g": 1000},
           {"name": "Печенье овсяное", "quantity": 6, "unit_weight_g": 505},
           {"name": "Носки шерстяные", "quantity": 10, "unit_weight_g": 300}]  # 9030 g


def _parcel(session: Any, person: dict[str, Any], kilos: int, **extra: Any) -> dict[str, Any]:
    return session.add("parcel", {
        "person_id": person["id"], "facility_id": person["facility_id"],
        "planned_on": date.today().isoformat(), "status": "accepted",
        "items": [{"name": "Крупа гречневая", "quantity": kilos, "unit_weight_g": 1000}],
        **extra})


def _open_in_editor(qtbot, window: MainWindow, parcel_id: str) -> ItemsTable:
    """Click the parcel's row in the list, as a person would."""
    window.show_section("parcel")
    page = window.page_of["parcel"]
    assert isinstance(page, RecordPage)
    row = next(r for r in range(page.model.rowCount())
               if (page.model.record_at(r) or {}).get("id") == parcel_id)
    index = page.model.index(row, 0)
    page.view.scrollTo(index)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.view.visualRect(index).center())
    qtbot.waitUntil(lambda: (page.editor.record or {}).get("id") == parcel_id)
    items = page.editor.input("items")
    assert isinstance(items, ItemsTable)
    return items


def _dashboard_row(window: MainWindow) -> Gauge:
    window.show_section("dashboard")
    dashboard = window.page_of["dashboard"]
    assert isinstance(dashboard, DashboardPage)
    rows = [g for g in dashboard.allowance_chart.rows if g.label == NAME_OF]
    assert len(rows) == 1
    return rows[0]


def _manifest(qtbot, window: MainWindow) -> str:
    """The опись printed from the open parcel's Print menu, read back from the PDF."""
    page = window.page_of["parcel"]
    assert isinstance(page, RecordPage)
    page.print_actions["Manifest (опись)"].trigger()
    preview = page.preview_dialog
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    # A facility's papers print in Russian whatever the window speaks: English, chosen in the
    # preview from the keyboard, says the same numbers as the English window.
    assert preview.document_language() == "ru"
    preview.language_box.setFocus()
    QTest.keyClick(preview.language_box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "Manifest" in "\n".join(pages(preview._data)))
    text = "\n".join(pages(preview._data))
    preview.close()
    return text


def test_the_editor_the_dashboard_and_the_manifest_state_the_same_allowance(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    unlock(qtbot, window, tmp_path / "group.casefile", PASS, create=True)
    session = window.session
    assert session is not None
    colony = session.add("facility", {
        "name": "ФКУ ИК-6 УФСИН России по Челябинской области", "kind": "ik",
        "address": "г. Копейск, ул. Кемеровская, д. 20", "postal_code": "456658",
        "parcel_limit_kg": 20, "parcel_limit_period": "year", "parcels_per_period": 6})
    person = session.add("person", {"full_name": NAME_OF, "birth_year": 1985,
                                    "status": "serving_sentence", "facility_id": colony["id"]})
    for kilos in (5, 6, 6, 6):  # four parcels this year, 23 kg in all
        _parcel(session, person, kilos)
    _parcel(session, person, 10, status="refused")  # not counted
    _parcel(session, person, 2, kind="small_parcel")  # counted apart from parcels
    fifth = session.add("parcel", {"person_id": person["id"], "facility_id": colony["id"],
                                   "planned_on": date.today().isoformat(), "items": NINE_KG})
    assert fifth["total_weight_g"] == 9030
    window.reload_pages()

    check = parcel_check(session, fifth)
    assert (check.per_parcel_limit_g, check.count_limit, check.period_count) == (20_000, 6, 5)
    assert check.period_limit_g is None and not check.over
    per_parcel = f"Limit per parcel: 20 kg; this parcel: {kg(9030)} kg."
    count = f"{period_words(check)}: other parcels: 4; this one is number 5 of 6 allowed."

    # The dashboard: parcels counted in the year, not the year's kilograms against 20 kg.
    gauge = _dashboard_row(window)
    assert gauge.text == "5 of 6 parcels"
    assert gauge.fraction == 5 / 6
    # The editor, opened by clicking the row.
    items = _open_in_editor(qtbot, window, fifth["id"])
    assert items.total_label.text().split("\n") == [f"Total: {kg(9030)} kg", per_parcel, count]
    assert not items.over_limit and items.total_label.styleSheet() == ""
    # The опись.
    text = _manifest(qtbot, window)
    assert has(text, per_parcel) and has(text, count) and "WARNING" not in text

    # Two more parcels this year: the fifth parcel is now the seventh of six, everywhere.
    _parcel(session, person, 3)
    _parcel(session, person, 3)
    window.reload_pages()
    assert _dashboard_row(window).text == "7 of 6 parcels"
    items = _open_in_editor(qtbot, window, fifth["id"])
    over = (f"WARNING: {period_words(check)}: other parcels: 6, so this one would be number 7; "
            "the facility allows 6.")
    assert items.total_label.text().split("\n") == [f"Total: {kg(9030)} kg", per_parcel, over]
    assert items.over_limit and "#b00020" in items.total_label.styleSheet()
    text = _manifest(qtbot, window)
    assert has(text, over)

    # Heavier than a parcel may be, while still being packed: the editor warns before saving
    # or printing.
    items.add_button.click()
    table = items.table
    row = table.rowCount() - 1
    table.item(row, NAME).setText("Яблоки")
    table.item(row, QUANTITY).setData(Qt.ItemDataRole.EditRole, 12)
    table.item(row, UNIT_WEIGHT).setData(Qt.ItemDataRole.EditRole, 1000)
    assert (f"WARNING: this parcel weighs {kg(21_030)} kg, over the limit of 20 kg per parcel."
            in items.total_label.text().split("\n"))
