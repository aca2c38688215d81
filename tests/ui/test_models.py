"""RecordTableModel on a real vault: lazy pages, SQL sorting and filtering, display."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from casefile.i18n import format_date
from casefile.services.records.session import Session
from casefile.ui.models import MAX_PAGES, PAGE, IdRole, RecordRole, RecordTableModel

UNIQUE_WORD = "бегемоту"


def add_letters(session: Session, n: int, person_id: str, *, with_body: bool = True) -> None:
    """Insert fast: straight into the store (already-valid values), in one transaction."""
    add = session.vault.records.add
    with session.vault.db.transaction():
        for i in range(n):
            values: dict[str, Any] = {
                "person_id": person_id,
                # Deliberately repeating dates, so the id tiebreak is exercised too.
                "sent_on": f"{2000 + i % 25}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                "subject": f"letter {i}",
            }
            if with_body:
                values.update(direction="out", status="sent", body=f"body of letter {i}")
            add("letter", values)


@pytest.fixture
def person(session: Session) -> dict[str, Any]:
    return session.add("person", {"full_name": "Иванов Иван Иванович",
                                  "status": "serving_sentence"})


@pytest.fixture
def letters(session: Session, person: dict[str, Any]) -> int:
    add_letters(session, 1_000, person["id"])
    session.add("letter", {"person_id": person["id"], "subject": "one of a kind",
                           "body": f"передайте привет {UNIQUE_WORD}", "sent_on": "2024-05-05"})
    return 1_001


def column(model: RecordTableModel, name: str) -> int:
    return [f.name for f in model.columns].index(name)


def fetch_all(model: RecordTableModel) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def ids(model: RecordTableModel) -> list[str]:
    return [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]


def test_headers_are_translated_labels(session: Session) -> None:
    model = RecordTableModel(session, "letter")
    assert model.columnCount() == 5
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Sent on", "Person", "Direction", "Status", "Subject"]


def test_fetch_more_protocol(session: Session, letters: int) -> None:
    model = RecordTableModel(session, "letter")
    assert model.total == letters
    assert model.rowCount() == PAGE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE
    fetch_all(model)
    assert model.rowCount() == letters
    assert not model.canFetchMore(QModelIndex())
    # Default order: newest first, exactly as the session lists them.
    assert ids(model) == [r["id"] for r in session.list("letter")]
    assert model.loaded_row_count() <= MAX_PAGES * PAGE


def test_rows_inserted_signal_on_fetch(qtbot, session: Session, letters: int) -> None:
    model = RecordTableModel(session, "letter")
    with qtbot.waitSignal(model.rowsInserted) as blocker:
        model.fetchMore(QModelIndex())
    assert blocker.args[1:] == [PAGE, 2 * PAGE - 1]


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sort_by_sent_on_matches_session(session: Session, letters: int,
                                         order: Qt.SortOrder) -> None:
    model = RecordTableModel(session, "letter")
    model.sort(column(model, "sent_on"), order)
    fetch_all(model)
    descending = order == Qt.SortOrder.DescendingOrder
    assert ids(model) == [r["id"] for r in session.list("letter", order="sent_on",
                                                         descending=descending)]
    shown = [model.record_at(r)["sent_on"] for r in range(model.rowCount())]
    assert shown == sorted(shown, reverse=descending)
    assert model.index(0, 0).data() == format_date(shown[0])  # "27 Nov 2026" in English


def test_sort_resets_to_first_page(session: Session, letters: int) -> None:
    model = RecordTableModel(session, "letter")
    fetch_all(model)
    model.sort(column(model, "subject"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == PAGE
    assert model.order == ("subject", False)
    assert model.sort_indicator() == (column(model, "subject"), Qt.SortOrder.AscendingOrder)


def test_filter_narrows_by_full_text(session: Session, letters: int) -> None:
    model = RecordTableModel(session, "letter")
    model.set_filter("бегемот")  # a prefix of the stem, as someone types it
    assert model.rowCount() == 1
    assert model.index(0, column(model, "subject")).data() == "one of a kind"
    model.set_filter("  ")
    assert model.total == letters
    model.set_filter("nosuchwordanywhere")
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())


def test_set_where(session: Session, letters: int, person: dict[str, Any]) -> None:
    other = session.add("person", {"full_name": "Петров Пётр"})
    session.add("letter", {"person_id": other["id"], "subject": "to Petrov"})
    model = RecordTableModel(session, "letter")
    model.set_where({"person_id": other["id"]})
    assert model.rowCount() == 1
    assert model.record_at(0)["subject"] == "to Petrov"  # type: ignore[index]
    model.set_where(None)
    assert model.total == letters + 1


def test_display_of_refs_enums_booleans_datetimes(session: Session, person: dict[str, Any],
                                                  letters: int) -> None:
    letters_model = RecordTableModel(session, "letter")
    row = letters_model.row_of(letters_model.record_at(0)["id"])  # type: ignore[index]
    assert row == 0
    assert letters_model.index(0, column(letters_model, "person_id")).data() == person["full_name"]
    assert letters_model.index(0, column(letters_model, "direction")).data() == "outgoing"
    assert letters_model.index(0, column(letters_model, "status")).data() == "sent"

    case = session.add("case", {"title": "Дело о пикете"})
    session.add("hearing", {"case_id": case["id"], "starts_at": "2026-12-01T10:00",
                            "timezone": "Asia/Yekaterinburg", "kind": "verdict"})
    hearings = RecordTableModel(session, "hearing")
    # On the court's clock, its zone named by its city (the offset is on the case page).
    assert hearings.index(0, column(hearings, "starts_at")).data() == \
        "1 Dec 2026 10:00, Yekaterinburg"
    assert hearings.index(0, column(hearings, "case_id")).data() == "Дело о пикете"
    assert hearings.index(0, column(hearings, "kind")).data() == "verdict"

    session.add("task", {"title": "call the lawyer", "done": True})
    session.add("task", {"title": "write"})
    tasks = RecordTableModel(session, "task")
    done = {tasks.index(r, column(tasks, "title")).data(): tasks.index(r, column(tasks, "done"))
            .data() for r in range(tasks.rowCount())}
    assert done == {"call the lawyer": "✓", "write": ""}
    record = tasks.index(0, 0).data(RecordRole)
    assert record["type"] == "task"


def test_refresh_keeps_how_far_the_list_reached(session: Session, letters: int,
                                                person: dict[str, Any]) -> None:
    model = RecordTableModel(session, "letter")
    model.fetchMore(QModelIndex())
    session.add("letter", {"person_id": person["id"], "subject": "new", "sent_on": "2099-01-01"})
    model.refresh()
    assert model.total == letters + 1
    assert model.rowCount() == 2 * PAGE
    assert model.index(0, column(model, "subject")).data() == "new"


def test_lru_keeps_memory_bounded(session: Session, person: dict[str, Any]) -> None:
    add_letters(session, (MAX_PAGES + 5) * PAGE, person["id"], with_body=False)
    model = RecordTableModel(session, "letter")
    fetch_all(model)
    for row in range(0, model.rowCount(), PAGE):
        assert model.index(row, 0).data(IdRole)
    assert model.loaded_row_count() <= MAX_PAGES * PAGE
    # An evicted page is read again, and reads the same records.
    expected = session.list("letter", limit=1, offset=5)[0]["id"]
    assert model.index(5, 0).data(IdRole) == expected


@pytest.fixture(params=[
    20_000,  # the suite: the jump reads a few pages of 20,000 as of any number
    pytest.param(100_000, marks=pytest.mark.slow),  # a fund's vault: 70 s to fill, -m slow
])
def hundred_thousand(request: pytest.FixtureRequest, session: Session,
                     person: dict[str, Any]) -> int:
    add_letters(session, request.param, person["id"], with_body=False)
    return int(request.param)


def test_jump_to_end_of_100000_letters(qtbot, session: Session, hundred_thousand: int) -> None:
    model = RecordTableModel(session, "letter")
    total = model.total
    assert total == hundred_thousand
    last = model.ensure_row(total - 1)
    assert last.row() == total - 1
    assert model.rowCount() == total
    expected = session.list("letter", limit=1, offset=total - 1)[0]
    assert model.data(last, RecordRole) == expected
    assert model.index(total - 1, column(model, "subject")).data() == expected["subject"]
    assert model.index(total - 1, column(model, "person_id")).data() == "Иванов Иван Иванович"
    assert model.loaded_row_count() <= 5 * PAGE

    # The same through a view: scrolled to the very bottom, it paints only what it shows.
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    view.scrollToBottom()
    view.scrollTo(model.ensure_row(total - 1))
    view.viewport().repaint()  # paint now, so data() really runs for the visible rows
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())
    assert view.rowAt(view.viewport().height() - 2) in (total - 1, -1)
    assert view.indexAt(view.viewport().rect().topLeft()).row() > total - PAGE
    assert model.loaded_row_count() <= 5 * PAGE
    assert model.index(total - 1, 0).data(IdRole) == expected["id"]


def test_view_scrolling_fetches_pages_lazily(qtbot, session: Session, letters: int) -> None:
    model = RecordTableModel(session, "letter")
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() == PAGE
    while model.canFetchMore(QModelIndex()):
        before = model.rowCount()
        view.scrollToBottom()
        qtbot.waitUntil(lambda before=before: model.rowCount() > before)
    assert model.rowCount() == letters
    view.viewport().repaint()
    bottom = view.indexAt(view.viewport().rect().bottomLeft() - view.viewport().rect().topLeft())
    assert bottom.row() in (letters - 1, -1)
