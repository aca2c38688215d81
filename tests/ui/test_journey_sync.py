"""A coordinator receives the first bundle of a shared case in the window, as a person would:
the Sync section from the sidebar, the Import button, then the people and hearings lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from casefile.ui.sections import SECTIONS
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import unlock

PASS = "journey sync passphrase"


@pytest.fixture
def anna(tmp_path: Path) -> Iterator[Session]:
    """Anna's vault with a case: she made the person before the facility they are held in."""
    session = Session.create(tmp_path / "anna.casefile", PASS, MIN_KDF_SECONDS)
    yield session
    session.close()


def _click_section(qtbot, win: MainWindow, section: str) -> None:
    row = SECTIONS.index(section)
    item = win.sidebar.item(row)
    where = win.sidebar.visualItemRect(item).center()
    qtbot.mouseClick(win.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert win.pages.currentWidget() is win.page_of[section]


def _shown(win: MainWindow, section: str) -> list[str]:
    model = win.page_of[section].model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_the_first_bundle_of_a_shared_case_shows_everything_in_the_window(
        qtbot, window: MainWindow, anna: Session, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    boris_folder = tmp_path / "boris.casefile"
    with Session.create(boris_folder, PASS, MIN_KDF_SECONDS) as boris:
        bundles.add_contact(boris, "Анна", bundles.identity(anna).public.to_json())
        bundles.add_contact(anna, "Борис", bundles.identity(boris).public.to_json())
    person = anna.add("person", {"full_name": "Галимов Ринат Маратович"})
    facility = anna.add("facility", {"name": "СИЗО-1 Уфа"})
    anna.edit("person", person["id"], {"facility_id": facility["id"]})
    case = anna.add("case", {"title": "Дело уфимского кружка", "person_ids": [person["id"]]})
    anna.add("hearing", {"case_id": case["id"], "court": "Кировский районный суд"})
    anna.add("letter", {"person_id": person["id"], "body": "Держитесь"})
    bundles.peers(anna).share("Борис", case_ids=[case["id"]])
    bundle = tmp_path / "to-boris.cfb"
    bundles.export_bundle(anna, ["Борис"], bundle)

    unlock(qtbot, window, boris_folder, PASS)
    _click_section(qtbot, window, "sync")
    page = window.page_of["sync"]
    questions: list[str] = []

    def answer(_parent, _title, text, *_args):
        questions.append(text)
        # Apply it; keep the file (a person may want to pass it on).
        return (QMessageBox.StandardButton.Yes if len(questions) == 1
                else QMessageBox.StandardButton.No)

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a: (str(bundle), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)

    assert "from Анна: 5 added, 0 changed, 0 deleted, 0 conflicts" in questions[0]
    assert page.result.text().startswith("from Анна: 5 added"), page.result.text()
    assert "wait" not in page.result.text()
    _click_section(qtbot, window, "person")
    assert _shown(window, "person") == ["Галимов Ринат Маратович"]
    _click_section(qtbot, window, "case")
    assert _shown(window, "case") == ["Дело уфимского кружка"]
    _click_section(qtbot, window, "letter")
    assert window.page_of["letter"].model.rowCount() == 1
