"""A demo vault shared by the printing tests of one module (read-only), and the language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from casefile.i18n import language, set_language
from casefile.services.demo.vault import create_demo
from casefile.services.records.session import Session
from casefile.vault.keys import MIN_KDF_SECONDS

TODAY = date(2026, 3, 10)  # the demo's dates are relative to this day


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    folder = tmp_path_factory.mktemp("demo") / "d.casefile"
    session = create_demo(folder, "pw", kdf_seconds=MIN_KDF_SECONDS, today=TODAY)
    yield session
    session.close()


@pytest.fixture
def russian() -> Iterator[None]:
    """Print in Russian; the process is back in its language afterwards."""
    before = language()
    set_language("ru")
    yield
    set_language(before)


@pytest.fixture
def english() -> Iterator[None]:
    before = language()
    set_language("en")
    yield
    set_language(before)
