"""The QPainter charts: bars match the numbers, the money tab and dashboard pictures match
the service layer's totals."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QMessageBox

from casefile.i18n import format_amount
from casefile.services.records.session import Session
from casefile.services.views.charts import letters_per_month, monthly_money, parcel_allowance
from casefile.ui.charts import BarChart, Gauge, GaugeBars, Series, nice_ceiling
from casefile.ui.dashboard import DashboardPage
from casefile.ui.mainwindow import MainWindow
from casefile.ui.moneyview import MoneyView
from casefile.ui.recordpage import RecordPage
from tests.ui.conftest import open_demo


def test_nice_ceiling() -> None:
    assert [nice_ceiling(v) for v in (0, 0.7, 3, 17, 180, 2100, 99_000)] == [
        1, 1, 5, 20, 200, 2500, 100_000]


def test_bars_stand_as_high_as_their_values(qtbot) -> None:
    chart = BarChart("Test")
    qtbot.addWidget(chart)
    chart.resize(400, 240)
    chart.set_data(["a", "b", "c"], [Series("in", "#2e7d32", (10.0, 0.0, 20.0)),
                                     Series("out", "#c62828", (5.0, 15.0, 0.0))])
    bars = {(c, s): rect for rect, c, s in chart.bar_rects()}
    assert len(bars) == 6 and chart.top_value() == 20
    plot = chart.plot_rect()
    assert abs(bars[(2, 0)].height() - plot.height()) < 0.01
    assert abs(bars[(0, 0)].height() - plot.height() / 2) < 0.01
    assert bars[(1, 0)].height() == 0
    assert bars[(0, 0)].right() <= bars[(0, 1)].left() + 1 <= bars[(1, 0)].left()
    image = chart.grab().toImage()
    assert QColor(image.pixel(bars[(2, 0)].center().toPoint())).name() == "#2e7d32"
    assert QColor(image.pixel(bars[(1, 1)].center().toPoint())).name() == "#c62828"
    assert chart.tip_at(bars[(1, 1)].center()) == "b: out 15"
    assert chart.tip_at(QPointF(1, 1)) == ""


def test_gauges_fill_to_their_fraction(qtbot) -> None:
    bars = GaugeBars("Allowance")
    qtbot.addWidget(bars)
    bars.resize(500, 200)
    bars.set_rows([Gauge("А", 0.5, "15 of 30 kg"), Gauge("Б", 1.2, "36 of 30 kg")])
    image = bars.grab().toImage()
    (_l, half, _t), (_l2, over, _t2) = bars.row_rects()
    y = int(half.center().y())
    assert QColor(image.pixel(int(half.left() + half.width() * 0.45), y)).name() == "#2e7d32"
    assert QColor(image.pixel(int(half.left() + half.width() * 0.55), y)).name() == "#eeeeee"
    # Over the limit: full and red.
    assert QColor(image.pixel(int(over.right() - 2), int(over.center().y()))).name() == \
        "#c62828"


def test_money_view_shows_the_months_and_balance(qtbot, session: Session) -> None:
    p = session.add("person", {"full_name": "А"})
    session.add("payment", {"amount": "1000", "direction": "in", "on": "2026-01-10",
                            "person_id": p["id"]})
    session.add("payment", {"amount": "300.50", "direction": "out", "on": "2026-03-02",
                            "person_id": p["id"]})
    view = MoneyView(session)
    qtbot.addWidget(view)
    view.show_money(person_id=p["id"])
    assert [c.objectName() for c in view.charts] == ["money_chart_RUB"]
    chart = view.charts[0]
    assert len(chart.categories) == 3  # January to March, February empty
    assert chart.series[0].values == (1000.0, 0.0, 0.0)
    assert chart.series[1].values == (0.0, 0.0, 300.5)
    # Months with money, newest first, with the balance after each.
    rows = [[view.table.item(r, c).text() for c in (2, 3, 4)]
            for r in range(view.table.rowCount())]
    assert rows == [[format_amount("0"), format_amount("300.50"), format_amount("699.50")],
                    [format_amount("1000"), format_amount("0"), format_amount("1000")]]
    assert view.empty.isHidden()
    view.show_money(person_id=None)
    assert view.charts == [] and view.table.rowCount() == 0 and not view.empty.isHidden()
    assert not view.csv_button.isEnabled()


def test_money_is_saved_as_csv_after_the_warning(qtbot, session: Session, tmp_path: Path,
                                                 monkeypatch) -> None:
    p = session.add("person", {"full_name": "Бухгалтерова Анна"})
    session.add("payment", {"amount": "1000", "direction": "in", "on": "2026-01-10",
                            "person_id": p["id"], "purpose": "сбор"})
    session.add("payment", {"amount": "300.50", "direction": "out", "on": "2026-03-02",
                            "person_id": p["id"], "purpose": "передача"})
    view = MoneyView(session)
    qtbot.addWidget(view)
    view.show_money(person_id=p["id"])
    target = tmp_path / "fund.csv"
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: (
        warned.append(str(a[2])), QMessageBox.StandardButton.Cancel)[1])
    assert view.save_csv() is None and not target.exists()  # cancelled: nothing written
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert view.save_csv() == target
    assert "not be encrypted" in warned[0]
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r[2] for r in rows[1:]] == ["1000", "300.50"]
    assert rows[-1][-1] == "699.50"  # the balance after the last payment


def test_the_window_shows_money_and_dashboard_pictures_from_the_services(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    session = open_demo(qtbot, window, tmp_path)
    dashboard = window.page_of["dashboard"]
    assert isinstance(dashboard, DashboardPage)
    letters = letters_per_month(session, 12, date.today())
    assert dashboard.letters_chart.series[0].values == tuple(float(m.sent) for m in letters)
    assert dashboard.letters_chart.series[1].values == tuple(
        float(m.answered) for m in letters)
    allowance = parcel_allowance(session, date.today())
    assert [(g.label, g.fraction) for g in dashboard.allowance_chart.rows] == [
        (a.name, a.fraction) for a in allowance]
    assert allowance  # the demo has detained people with limits

    folder = tmp_path / "demo.casefile"
    before = {p for p in tmp_path.rglob("*") if folder not in p.parents}
    payer = next(p for p in session.list("payment") if p.get("person_id") and p.get("case_id"))
    window.open_record("person", payer["person_id"])
    page = window.page_of["person"]
    assert isinstance(page, RecordPage) and page.money is not None
    totals = monthly_money(session, person_id=payer["person_id"])
    out = sum((t.money_out for t in totals), Decimal(0))
    assert sum(page.money.charts[0].series[1].values) == float(out)

    window.open_record("case", payer["case_id"])
    cases = window.page_of["case"]
    assert isinstance(cases, RecordPage) and cases.money is not None
    assert cases.money.totals == monthly_money(session, case_id=payer["case_id"])
    assert cases.money.table.rowCount() == sum(1 for t in cases.money.totals
                                               if t.money_in or t.money_out)
    assert cases.tabs is not None and cases.timeline is not None
    cases.tabs.setCurrentWidget(cases.timeline)
    cases.tabs.setCurrentWidget(cases.money)
    qtbot.waitUntil(cases.money.isVisible)
    # Charts paint on screen only: no picture of them lands on disk.
    assert {p for p in tmp_path.rglob("*") if folder not in p.parents} == before
