"""The window's lists show names in Russian alphabetical order (sorted in SQL)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from casefile.services.records.session import Session
from tests.conftest import MIN_KDF_SECONDS, PASSPHRASE
from tests.ui.conftest import unlock
from tests.vault.test_collation import ORDERED, SHUFFLED


def test_people_list_is_in_russian_order(qtbot, window, tmp_path: Path, russian) -> None:
    folder = tmp_path / "names.casefile"
    with Session.create(folder, PASSPHRASE, MIN_KDF_SECONDS) as s:
        for name in SHUFFLED:
            s.add("person", {"full_name": name})
    unlock(qtbot, window, folder, PASSPHRASE)
    model = window.page_of["person"].model
    shown = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert shown == ORDERED
    # Clicking the name column's header sorts the other way, still in that order.
    model.sort(0, Qt.SortOrder.DescendingOrder)
    shown = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert shown == ORDERED[::-1]
