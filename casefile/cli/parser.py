"""The argument parser: the global options, ``--json`` on every command, and the commands of
each group in the order ``casefile --help`` lists them."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from casefile import __version__
from casefile.cli.exchange import add_parsers as add_exchange
from casefile.cli.interop import add_parsers as add_interop
from casefile.cli.printing import add_parsers as add_printing
from casefile.cli.records import add_parsers as add_records
from casefile.cli.safety import add_parsers as add_safety
from casefile.cli.vault import add_parsers as add_vault
from casefile.cli.window import add_parsers as add_window
from casefile.i18n import _


def build_parser() -> argparse.ArgumentParser:
    from casefile.services.records import paths  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="casefile", description=_("Encrypted, offline case files for support groups."))
    parser.add_argument("--version", action="version", version=f"casefile {__version__}")
    parser.add_argument("--vault", metavar="PATH",
                        help=_("the vault folder (default: $CASEFILE_VAULT, else {0})").format(
                            paths.default_vault()))
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help=_("read the passphrase from the first line of FILE"))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help=_("machine-readable JSON output"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    for add_group in (add_vault, add_safety, add_records, add_interop, add_exchange,
                      add_printing, add_window):
        add_group(command)
    return parser
