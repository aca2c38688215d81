"""From the arguments to an exit status: ``--version`` before the parser is built, then the
parser, the command, and every failure as one line on stderr (the contract's exit statuses)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from casefile import __version__
from casefile.cli.inputs import is_text
from casefile.cli.output import EXIT_FAIL, EXIT_OK, Console, failure
from casefile.cli.parser import build_parser
from casefile.cli.unlock import vault_path
from casefile.cli.window import cmd_gui
from casefile.i18n import _, set_language, system_language


def run(argv: list[str], console: Console | None = None) -> int:
    """Run the command ``argv`` names (``casefile.cli.main`` has hardened the process)."""
    con = console or Console()
    if asks_version(argv) and all(is_text(arg) for arg in argv):
        con.print(f"casefile {__version__}")  # before the parser: it needs the record types
        return EXIT_OK
    set_language(system_language())
    for arg in argv:
        if not is_text(arg):
            shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
            con.warn("error: " + _("an argument is not valid text (undecodable bytes): {0}")
                     .format(shown))
            return EXIT_FAIL
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, and usage errors (exit 2)
        return int(exc.code or 0)
    if args.command is None:
        args.func, args.demo, args.json = cmd_gui, False, False
    return call(args, con)


def call(args: argparse.Namespace, con: Console) -> int:
    """Run the parsed command; any failure becomes one line on stderr and an exit status."""
    try:
        from casefile.services.records.session import sweep_restores  # noqa: PLC0415

        sweep_restores(vault_path(args))  # an interrupted restore's copy, beside the vault
        return int(args.func(args, con))
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line and an exit code
        code, message = failure(exc)
        con.warn("error: " + message)
        return code
    except KeyboardInterrupt:
        con.warn("error: " + _("interrupted"))
        return EXIT_FAIL


def asks_version(argv: Sequence[str]) -> bool:
    """``--version`` among the global options before any command, as argparse reads it
    (other spellings, such as an abbreviation, are left to the parser)."""
    rest = iter(argv)
    for arg in rest:
        if arg == "--version":
            return True
        if arg in ("--vault", "--passphrase-file"):
            next(rest, None)
        elif not arg.startswith(("--vault=", "--passphrase-file=")):
            return False
    return False
