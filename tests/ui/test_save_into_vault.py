"""The window's Save as paths refuse a file inside a vault folder, as the CLI does, and say so
(issue 20, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.moneyview import MoneyView
from casefile.ui.recordpage import RecordPage
from tests.conftest import tree_bytes
from tests.ui.conftest import open_demo


def _answers(monkeypatch, target: Path, ok: QMessageBox.StandardButton) -> list[str]:
    """Go ahead past the plaintext warning; the Save dialog names ``target``; collect every
    warning's text."""
    shown: list[str] = []

    def warning(*args: object, **_k: object) -> QMessageBox.StandardButton:
        shown.append(str(args[2]))
        return ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(target), "")))
    return shown


@pytest.mark.parametrize("name", ["vault.db", "header.json"])
def test_save_as_pdf_into_the_vault_is_refused(qtbot, window: MainWindow, tmp_path: Path,
                                               monkeypatch, name: str) -> None:
    session = open_demo(qtbot, window, tmp_path)
    window.show_section("case")
    cases = window.page_of["case"]
    assert isinstance(cases, RecordPage)
    cases.view.selectRow(0)
    cases.print_actions["Case summary"].trigger()
    preview = cases.preview_dialog
    before = tree_bytes(session.folder)
    shown = _answers(monkeypatch, session.folder / name, QMessageBox.StandardButton.Save)
    assert preview.save_as() is None
    assert "inside the vault folder" in shown[-1]
    assert tree_bytes(session.folder) == before
    preview.close()


def test_save_as_csv_into_a_vault_is_refused(qtbot, session: Session, tmp_path: Path,
                                             monkeypatch) -> None:
    person = session.add("person", {"full_name": "Орлов Пётр"})
    session.add("payment", {"amount": "100", "person_id": person["id"]})
    view = MoneyView(session)
    qtbot.addWidget(view)
    view.show_money(person_id=person["id"])
    before = tree_bytes(session.folder)
    shown = _answers(monkeypatch, session.folder / "vault.db", QMessageBox.StandardButton.Ok)
    assert view.save_csv() is None
    assert "inside the vault folder" in shown[-1]
    assert tree_bytes(session.folder) == before
