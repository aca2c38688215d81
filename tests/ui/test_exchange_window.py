"""With the window open, a bundle dropped into the exchange folder is applied and shown
without a click; the last edits' bundle is written on lock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile.services.exchange import bundles, shared_folder
from casefile.services.records.session import Session
from casefile.ui import exchangefolder
from casefile.ui.mainwindow import MainWindow
from casefile.ui.sync.page import SyncPage
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.ui.conftest import unlock

PASS = "exchange window passphrase"


@pytest.fixture
def boris(tmp_path: Path) -> Iterator[Session]:
    session = Session.create(tmp_path / "boris.casefile", PASS, MIN_KDF_SECONDS)
    yield session
    session.close()


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    return tmp_path / "Sync" / "casefile"


@pytest.fixture
def anna(tmp_path: Path, boris: Session, shared: Path,
         monkeypatch: pytest.MonkeyPatch) -> Path:
    """Anna's vault, closed; she and Boris trust each other and share one folder."""
    monkeypatch.setattr(shared_folder, "SETTLE_SECONDS", 0.0)
    folder = tmp_path / "anna.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        bundles.add_contact(session, "Борис", bundles.identity(boris).public.to_json())
        bundles.peers(session).share("Борис", everything=True)
        shared_folder.set_folder(session, shared)
        bundles.add_contact(boris, "Анна", bundles.identity(session).public.to_json())
    bundles.peers(boris).share("Анна", everything=True)
    shared_folder.set_folder(boris, shared)
    return folder


def test_a_dropped_bundle_is_applied_and_shown_without_a_click(
        qtbot, window: MainWindow, anna: Path, boris: Session, shared: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchangefolder, "EDIT_DELAY_MS", 50)
    unlock(qtbot, window, anna, PASS)
    window.show_section("sync")
    page = window.page_of["sync"]
    assert isinstance(page, SyncPage)
    assert str(shared) in page.exchange.where.text()

    person = boris.add("person", {"full_name": "Галимов Ринат"})
    out = shared_folder.run_pass(boris)
    assert [e["to"] for e in out.exported] == ["Анна"]
    session = window.session
    assert session is not None

    def arrived() -> bool:
        return any(r["id"] == person["id"] for r in session.list("person"))

    qtbot.waitUntil(arrived, timeout=20_000)
    qtbot.waitUntil(lambda: "from Борис: 1 added" in page.exchange.last.text(),
                    timeout=5_000)
    assert "from Борис" in window.statusBar().currentMessage()
    assert list(shared.rglob("*.cfb")) == []  # applied, so removed

    # An edit here: its bundle is written a moment after the last edit.
    session.add("person", {"full_name": "Орлов Олег"})
    page.exchange.edited()
    boris_inbox = shared / shared_folder.own_name(boris)
    qtbot.waitUntil(lambda: any(boris_inbox.glob("*.cfb")), timeout=20_000)
    assert shared_folder.run_pass(boris).imported
    # Another edit, then the lock: written before the vault closes.
    session.add("person", {"full_name": "Пономарёв Лев"})
    window.lock()
    assert window.session is None
    [bundle] = boris_inbox.glob("*.cfb")
    got = shared_folder.run_pass(boris)
    assert got.imported[0]["report"]["added"] == 1 and not bundle.exists()
