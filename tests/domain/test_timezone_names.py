"""A folder of the tz database is not a time zone (the tzdata package opens it and fails)."""

from __future__ import annotations

import pytest

from casefile.domain.errors import ValidationError
from casefile.domain.validate import validate


@pytest.mark.parametrize("name", ["Asia", "Europe", "America/Argentina", "Nowhere/Else"])
def test_not_a_zone(name: str) -> None:
    with pytest.raises(ValidationError, match="must be an IANA time zone"):
        validate("facility", {"name": "ИК-1", "timezone": name})


def test_a_zone() -> None:
    assert validate("facility", {"name": "ИК-1", "timezone": "Asia/Yekaterinburg"})[
        "timezone"] == "Asia/Yekaterinburg"
