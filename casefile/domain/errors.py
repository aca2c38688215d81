"""Errors that carry a message meant for a person (already translated)."""

from __future__ import annotations


class CasefileError(Exception):
    """A user-level failure: bad input, a wrong passphrase, a missing record (exit 1)."""


class ValidationError(CasefileError):
    """One or more fields are wrong; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, record_type: str, errors: dict[str, str]) -> None:
        self.record_type = record_type
        self.errors = dict(errors)
        super().__init__(
            "; ".join(f"{record_type}.{name}: {message}" for name, message in self.errors.items())
        )


class NotFoundError(CasefileError):
    pass


class IntegrityError(CasefileError):
    """The vault failed an integrity check or looks tampered with (exit 3)."""
