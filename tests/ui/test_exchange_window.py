"""With the window open, a bundle dropped into the exchange folder is applied and shown
without a click; the last edits' bundle is written on lock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile.services import exchange, sync
from casefile.services.session import Session
from casefile.ui import exchangefolder
from casefile.ui.mainwindow import MainWindow
from casefile.ui.syncpage import SyncPage
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
    monkeypatch.setattr(exchange, "SETTLE_SECONDS", 0.0)
    folder = tmp_path / "anna.casefile"
    with Session.create(folder, PASS, MIN_KDF_SECONDS) as session:
        sync.add_contact(session, "Борис", sync.identity(boris).public.to_json())
        sync.peers(session).share("Борис", everything=True)
        exchange.set_folder(session, shared)
        sync.add_contact(boris, "Анна", sync.identity(session).public.to_json())
    sync.peers(boris).share("Анна", everything=True)
    exchange.set_folder(boris, shared)
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
    out = exchange.run_pass(boris)
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
    boris_inbox = shared / exchange.own_name(boris)
    qtbot.waitUntil(lambda: any(boris_inbox.glob("*.cfb")), timeout=20_000)
    assert exchange.run_pass(boris).imported
    # Another edit, then the lock: written before the vault closes.
    session.add("person", {"full_name": "Пономарёв Лев"})
    window.lock()
    assert window.session is None
    [bundle] = boris_inbox.glob("*.cfb")
    got = exchange.run_pass(boris)
    assert got.imported[0]["report"]["added"] == 1 and not bundle.exists()
