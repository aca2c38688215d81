"""Money of one person or one case: donations in and payments out by month, and the balance."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.errors import CasefileError
from casefile.i18n import _, currency_symbol, format_amount, format_month, format_number
from casefile.services.records.session import Session
from casefile.services.views.charts import MonthTotals, monthly_money, running_balance
from casefile.services.views.money import ledger, write_ledger_csv
from casefile.ui.charts import BarChart, Series
from casefile.ui.filedialogs import FileDialog
from casefile.ui.widgets import named

IN_COLOUR = "#2e7d32"
OUT_COLOUR = "#c62828"


def amount_text(symbol: str) -> Callable[[float], str]:
    """How a bar's value reads: the amount and the currency's symbol."""
    return lambda value: f"{format_amount(value)} {symbol}"


def money_series(totals: list[MonthTotals]) -> tuple[list[str], list[Series]]:
    """Month labels and the in/out series of one currency's totals."""
    months = [format_month(t.month, year=t.month.endswith("-01") or i == 0)
              for i, t in enumerate(totals)]
    return months, [
        Series(_("Donations in"), IN_COLOUR, tuple(float(t.money_in) for t in totals)),
        Series(_("Payments out"), OUT_COLOUR, tuple(float(t.money_out) for t in totals)),
    ]


class MoneyView(QWidget):
    """A bar chart per currency over a table of months with the running balance."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("money_view")
        self.charts_box = QWidget()
        self.charts_layout = QVBoxLayout(self.charts_box)
        self.charts_layout.setContentsMargins(0, 0, 0, 0)
        self.charts: list[BarChart] = []
        self.empty = named(QLabel(_("No payments recorded.")), "money_empty")
        self.empty.setWordWrap(True)  # beside the button, on a narrow screen too
        self.table = named(QTableWidget(0, 5), "money_table")
        self.table.setHorizontalHeaderLabels(
            [_("Month"), _("Currency"), _("In"), _("Out"), _("Balance")])
        self.table.setAccessibleName(_("Money by month"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.charts_box)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([300, 200])
        self.csv_button = named(QPushButton(_("Save as CSV for bookkeeping…")), "money_csv")
        self.csv_button.clicked.connect(self.save_csv)
        top = QHBoxLayout()
        top.addWidget(self.empty, 1)
        top.addStretch(1)
        top.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.totals: list[MonthTotals] = []
        self.shown: dict[str, str] = {}

    def show_money(self, *, person_id: str | None = None, case_id: str | None = None) -> None:
        self.shown = {k: v for k, v in (("person_id", person_id), ("case_id", case_id)) if v}
        self.csv_button.setEnabled(bool(self.shown))
        if person_id is None and case_id is None:
            self.set_totals([])
            return
        self.set_totals(monthly_money(self.session, person_id=person_id, case_id=case_id))

    def save_csv(self) -> Path | None:
        """Every payment shown here with running totals, after the plaintext warning."""
        if not self.shown:
            return None
        answer = QMessageBox.warning(
            self, _("Save as CSV"),
            _("The CSV file will not be encrypted: anyone who gets it can read these payments "
              "and the names in them."),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Ok:
            return None
        name = FileDialog.getSaveFileName(self, _("Save as CSV"), "payments.csv",
                                           _("CSV files (*.csv)"))[0]
        if not name:
            return None
        target = Path(name)
        try:
            write_ledger_csv(ledger(self.session, **self.shown), target)
        except (CasefileError, OSError) as exc:
            QMessageBox.warning(self, _("Save as CSV"), str(exc))
            return None
        return target

    def set_totals(self, totals: list[MonthTotals]) -> None:
        self.totals = totals
        for chart in self.charts:
            chart.setParent(None)
            chart.deleteLater()
        self.charts = []
        for currency in sorted({t.currency for t in totals}):
            rows = [t for t in totals if t.currency == currency]
            symbol = currency_symbol(currency)
            chart = BarChart(_("Money by month, {0}").format(symbol))
            chart.setObjectName(f"money_chart_{currency}")
            months, series = money_series(rows)
            chart.set_data(months, series,
                           value_text=amount_text(symbol),
                           axis_text=lambda v: format_number(round(v)))
            self.charts_layout.addWidget(chart)
            self.charts.append(chart)
        self.empty.setVisible(not totals)
        self.table.setRowCount(0)
        # Newest month first: the current balance is what people look for.
        for row, balance in reversed(running_balance(totals)):
            if not (row.money_in or row.money_out):
                continue
            n = self.table.rowCount()
            self.table.insertRow(n)
            cells = (format_month(row.month), currency_symbol(row.currency),
                     format_amount(str(row.money_in)),
                     format_amount(str(row.money_out)), format_amount(str(balance)))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                if col == 4 and balance < Decimal(0):
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(n, col, item)
