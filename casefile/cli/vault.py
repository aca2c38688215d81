"""Vault commands: init, demo, check, passwd (the contract's "Vault")."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from casefile.cli.inputs import read_passphrase
from casefile.cli.options import Command, kdf_floor, kdf_seconds
from casefile.cli.output import EXIT_INTEGRITY, EXIT_OK, Console
from casefile.cli.unlock import open_session, vault_path
from casefile.cli.window import can_show_window
from casefile.domain.errors import IntegrityError
from casefile.i18n import _

if TYPE_CHECKING:
    from casefile.services.records.session import Session


def warn_if_weak(con: Console, passphrase: str) -> None:
    """Say how long the new passphrase would hold against a seized disk, unless strong
    (after it is set: a script that chose it is not stopped; a person can change it)."""
    from casefile.services.safety.passphrase import assess  # noqa: PLC0415

    strength = assess(passphrase)
    if strength.level != "strong":
        con.warn(_("warning: {0}").format(strength.describe()))


def cmd_init(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.records.session import Session  # noqa: PLC0415

    passphrase = read_passphrase(args, con, prompt=_("New passphrase: "), confirm=True)
    Session.create(vault_path(args), passphrase, args.kdf_seconds).close()
    warn_if_weak(con, passphrase)
    if args.json:
        con.json({"path": str(vault_path(args))})
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.demo.vault import DEMO_PASSPHRASE, create_demo  # noqa: PLC0415
    from casefile.services.records import paths  # noqa: PLC0415

    folder = Path(args.vault).expanduser() if args.vault else paths.demo_vault()
    given = bool(args.passphrase_file or os.environ.get("CASEFILE_PASSPHRASE"))
    passphrase = read_passphrase(args, con) if given else DEMO_PASSPHRASE
    session = create_demo(folder, passphrase, force=args.force, kdf_seconds=args.kdf_seconds)
    try:
        if args.json:
            con.json({"path": str(folder), "passphrase_is_demo": not given})
        else:
            con.print(str(folder))
            if not given:
                con.print(_("passphrase: {0}").format(DEMO_PASSPHRASE))
        if args.open and not can_show_window():
            con.print(_("(no screen here: listing the vault instead of opening the window)"))
            return show_overview(session, con)
    finally:
        session.close()
    if args.open:
        from casefile.ui.app import run  # noqa: PLC0415

        return int(run(vault=folder, demo=not given))
    return EXIT_OK


def show_overview(session: Session, con: Console) -> int:
    """What the demo vault holds, until the window is there to show it."""
    from casefile.domain.records import SPECS  # noqa: PLC0415

    for record_type, spec in SPECS.items():
        con.print(f"{_(spec.plural)}: {session.count(record_type)}")
    con.print()
    for person in session.list("person"):
        con.print(f"  {person['full_name']}  ({person.get('latin_name') or ''})")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, con: Console) -> int:
    try:
        session = open_session(args, con)
    except IntegrityError as exc:
        problems = [str(exc)]
    else:
        with session:
            problems = session.check()
    if args.json:
        con.json({"ok": not problems, "problems": problems})
    for problem in problems[:20]:
        con.warn(_("integrity: {0}").format(problem))
    if problems:
        con.warn("error: " + _("the vault failed its integrity check"))
        return EXIT_INTEGRITY
    if not args.json:
        con.print(_("ok"))
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace, con: Console) -> int:
    if args.recovery:
        from casefile.services.safety.recovery import recover  # noqa: PLC0415

        words = read_passphrase(args, con, prompt=_("Recovery code: "),
                                env="CASEFILE_RECOVERY_CODE")
        new = read_passphrase(args, con, prompt=_("New passphrase: "),
                              env="CASEFILE_NEW_PASSPHRASE", confirm=True)
        recover(vault_path(args), words, new, args.kdf_seconds)
        warn_if_weak(con, new)
        return EXIT_OK
    with open_session(args, con) as session:
        new = read_passphrase(args, con, prompt=_("New passphrase: "),
                              env="CASEFILE_NEW_PASSPHRASE", confirm=True)
        session.change_passphrase(new, args.kdf_seconds)
    warn_if_weak(con, new)
    return EXIT_OK


def add_parsers(command: Command) -> None:
    kdf_help = _("calibrate key derivation to about S seconds here (default %(default)s; "
                 "at least {0})").format(kdf_floor())
    p = command("init", cmd_init, _("create a new, empty vault"))
    p.add_argument("--kdf-seconds", type=kdf_seconds, default=1.0, metavar="S", help=kdf_help)
    p = command("demo", cmd_demo, _("create a vault filled with sample data"))
    p.add_argument("--force", action="store_true", help=_("replace an existing demo vault"))
    p.add_argument("--open", action="store_true", help=_("open it after creating it"))
    p.add_argument("--kdf-seconds", type=kdf_seconds, default=0.25, metavar="S",
                   help=kdf_help)
    command("check", cmd_check, _("full integrity check; exit 3 on failure"))
    p = command("passwd", cmd_passwd, _("change the passphrase"))
    p.add_argument("--kdf-seconds", type=kdf_seconds, default=None, metavar="S",
                   help=_("recalibrate key derivation (default: keep the current cost)"))
    p.add_argument("--recovery", action="store_true",
                   help=_("use the recovery code (CASEFILE_RECOVERY_CODE or a prompt) "
                          "instead of the old passphrase"))
