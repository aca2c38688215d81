"""Unlocking an emptied vault in the window says it is damaged; it never opens it fresh
(issue 20, item 1)."""

from __future__ import annotations

from pathlib import Path

from casefile.services.records.session import Session
from casefile.ui.mainwindow import MainWindow
from tests.ui.conftest import type_text

PASSPHRASE = "a damaged vault's passphrase"


def test_the_window_says_an_emptied_vault_is_damaged(qtbot, window: MainWindow,
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "emptied.casefile"
    Session.create(folder, PASSPHRASE, 0.05).close()
    (folder / "vault.db").write_bytes(b"")
    window.start.choose(folder)
    type_text(window.start.passphrase, PASSPHRASE)
    window.start.go.click()
    qtbot.waitUntil(lambda: bool(window.start.error.text()), timeout=30_000)
    assert "damaged" in window.start.error.text()
    assert window.session is None
    assert (folder / "vault.db").stat().st_size == 0
