"""The argument types the parser checks before any command runs (a wrong value is a usage
error, exit 2), and the shape of the function each command group adds its commands with."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from casefile.i18n import _

MAX_LIMIT = 1_000_000

# command(name, func, help) adds a sub-command that runs func(args, console) and returns its
# parser, for the command's own arguments (parser.build_parser makes it).
Command = Callable[[str, Callable[..., int], str], argparse.ArgumentParser]


def kdf_floor() -> float:
    """The least --kdf-seconds accepted (stated in ``init --help``)."""
    from casefile.services.safety.passphrase import MIN_KDF_SECONDS  # noqa: PLC0415

    return MIN_KDF_SECONDS


def kdf_seconds(text: str) -> float:
    """Seconds of key derivation, at least the floor."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {0}").format(text)) from None
    if value < kdf_floor():
        raise argparse.ArgumentTypeError(_("must be at least {0}").format(kdf_floor()))
    return value


def limit(text: str) -> int:
    """A count from 0 to MAX_LIMIT."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {0}").format(text)) from None
    if not 0 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(
            _("must be a whole number from 0 to {0}").format(MAX_LIMIT))
    return value


def seconds(text: str) -> float:
    """An interval from one second to a day."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {0}").format(text)) from None
    if not 1 <= value <= 86400:
        raise argparse.ArgumentTypeError(_("must be from 1 to {0} seconds").format(86400))
    return value
