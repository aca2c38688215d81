"""How long a passphrase would hold against a lab with the seized disk, Russian included."""

from __future__ import annotations

import pytest

from casefile.services.safety.passphrase import assess


@pytest.mark.parametrize(("passphrase", "level"), [
    ("", "weak"),
    ("password1", "weak"),             # a common password
    ("qwerty12345", "weak"),           # a keyboard run
    ("Кагарлицкий1958", "weak"),       # a name and a year: zxcvbn alone calls it strong
    ("лампа окно", "weak"),            # two words
    ("xk7#qz9!pv2m", "fair"),          # random, but short
    ("лампа окно кошка", "strong"),    # three random words
    ("лампа окно river кошка", "strong"),
    ("a long passphrase for the benchmark vault", "strong"),
])
def test_levels(passphrase: str, level: str) -> None:
    assert assess(passphrase).level == level


def test_what_makes_it_weak_is_said() -> None:
    named = assess("Кагарлицкий1958")
    assert "It contains a year." in named.reasons
    text = named.describe()
    assert text.startswith("Weak passphrase: a lab with the seized disk, trying 1,000")
    assert "Four or more words picked at random" in text
    assert "It is on lists of common passwords." in assess("password1").reasons
    strong = assess("лампа окно river кошка")
    assert strong.reasons == () or "random" not in strong.describe()


def test_a_longer_passphrase_never_rates_lower_than_its_start() -> None:
    words = ["лампа", "окно", "кошка", "river", "смородина", "гвоздь", "mountain"]
    estimates = [assess(" ".join(words[:n])).guesses_log10 for n in range(1, len(words) + 1)]
    assert estimates == sorted(estimates)
    assert assess(" ".join(words * 20)).level == "strong"  # past zxcvbn's 72 characters
