"""Safety commands: the recovery code, destroying a vault (at once, or after failed unlocks),
the duress passphrase, travel mode, remember on this device, backups and restoring them."""

from __future__ import annotations

import argparse
from pathlib import Path

from casefile.cli.inputs import read_passphrase
from casefile.cli.options import Command
from casefile.cli.output import EXIT_OK, Console
from casefile.cli.unlock import open_session, vault_path
from casefile.domain.errors import CasefileError
from casefile.i18n import _


def cmd_recovery(args: argparse.Namespace, con: Console) -> int:
    from casefile.atomicfile import check_output  # noqa: PLC0415
    from casefile.services.safety.recovery import (  # noqa: PLC0415
        make_recovery_code,
        save_recovery_code,
    )

    if args.sheet:
        check_output(Path(args.sheet))  # before a new code replaces the old one
    # Asked only of a person at a terminal: a script (no terminal, --json) is never held up.
    confirm = con.interactive() and not (args.no_confirm or args.json)
    with open_session(args, con) as session:
        code = make_recovery_code()
        if not confirm:
            save_recovery_code(session, code)
        if args.sheet:
            _write_sheet(args, con, code)
        if args.json:
            con.json({"recovery_code": code})
            return EXIT_OK
        con.print(code)
        con.warn(_("write these 8 groups down (numbered 1 to 8 from the left) and keep them "
                   "somewhere safe; they are shown only now"))
        if confirm:
            _confirm_written(con, code, args.sheet)
            save_recovery_code(session, code)
            con.warn(_("the recovery code is saved; the old one, if any, no longer works"))
    return EXIT_OK


def _write_sheet(args: argparse.Namespace, con: Console, code: str) -> None:
    from datetime import date  # noqa: PLC0415

    from casefile.printing.recovery_sheet import render_recovery_sheet  # noqa: PLC0415
    from casefile.services.documents.printing import write_pdf  # noqa: PLC0415

    con.warn(_("warning: {0} holds the recovery code in plaintext; print it and delete "
               "it").format(args.sheet))
    write_pdf(render_recovery_sheet(code, vault_path(args).name, date.today().isoformat()),
              Path(args.sheet))


def _confirm_written(con: Console, code: str, sheet: str | None) -> None:
    """Three groups typed back from what the person wrote down; three tries each."""
    from casefile.domain import recoverycode  # noqa: PLC0415

    not_saved = _("the recovery code was not confirmed and is not saved; nothing changed")
    if sheet:
        not_saved += " " + _("(the code on {0} opens nothing: delete it)").format(sheet)
    con.warn(_("to check what you wrote down, type the groups asked for"))
    for number in recoverycode.groups_to_check():
        for _try in range(3):
            con.err.write(_("Group {0}: ").format(number))
            con.err.flush()
            line = con.stdin.readline()
            if not line:
                raise CasefileError(not_saved)
            problem = recoverycode.typed_group_problem(code, number, line)
            if not problem:
                break
            con.warn(problem)
        else:
            raise CasefileError(not_saved)


def cmd_failed_unlocks(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.safety.recovery import destroy_after_failed_unlocks  # noqa: PLC0415

    value = args.destroy_after.strip().lower()
    if value != "off" and not value.isdigit():
        raise CasefileError(_("--destroy-after takes a number or off"))
    with open_session(args, con) as session:
        destroy_after_failed_unlocks(session, None if value == "off" else int(value))
    return EXIT_OK


def cmd_duress(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.safety import duress  # noqa: PLC0415

    with open_session(args, con) as session:
        if args.action == "off":
            duress.duress_off(session)
            return EXIT_OK
        passphrase = read_passphrase(args, con, prompt=_("Duress passphrase: "),
                                     env="CASEFILE_DURESS_PASSPHRASE", confirm=True)
        duress.set_duress(session, passphrase, Path(args.records) if args.records else None)
    con.warn(_("typed at unlock, the duress passphrase destroys this vault and opens the "
               "decoy instead; nothing can bring the real data back after that"))
    return EXIT_OK


def cmd_travel(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.safety import travel  # noqa: PLC0415

    if args.action == "on":
        if not args.case:
            raise CasefileError(_("choose the cases to leave behind with --case ID"))
        with open_session(args, con) as session:
            state = travel.travel_on(session, list(args.case))
        if args.json:
            con.json({"records": len(state["ids"]), "backup": state["backup"],
                      "counts": state["counts"], "files": state["files"]})
        else:
            con.print(_("{0} records left behind; they are kept in {1}").format(
                len(state["ids"]), state["backup"]))
            con.print(travel.describe(state["counts"], state["files"]))
        return EXIT_OK
    if args.from_bundle:
        with open_session(args, con) as session:
            count = travel.travel_off_from_bundle(session, Path(args.from_bundle))
    else:
        from casefile.services.records.session import Session  # noqa: PLC0415

        passphrase = read_passphrase(args, con)  # the backup opens with it
        with Session.open(vault_path(args), passphrase) as session:
            count = travel.travel_off(session, passphrase)
    if args.json:
        con.json({"records": count})
    else:
        con.print(_("{0} records are back").format(count))
    return EXIT_OK


def cmd_destroy(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.safety.recovery import destroy  # noqa: PLC0415

    if not args.really:
        raise CasefileError(_("destroy needs --really: it cannot be undone"))
    destroy(vault_path(args), read_passphrase(args, con))
    return EXIT_OK


def cmd_remember(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.safety import device  # noqa: PLC0415

    folder = vault_path(args)
    if args.action == "status":
        store = device.device_store()
        status = {"remembered": device.is_remembered(folder), "available": store.available,
                  "store": store.name, "reason": store.reason}
        if args.json:
            con.json(status)
        else:
            con.print(_("remembered on this device") if status["remembered"]
                      else _("not remembered on this device"))
            con.print(_("credential store: {0}").format(store.name) if store.available
                      else _("no usable credential store: {0}").format(store.reason))
        return EXIT_OK
    if args.action == "off":
        device.forget(folder)
        return EXIT_OK
    from casefile.services.records.session import Session  # noqa: PLC0415

    with Session.open(folder, read_passphrase(args, con)) as session:
        device.remember(session)
    con.warn(_("warning: anyone logged in as this user, or a program running as them, can now "
               "open this vault without the passphrase"))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.safety import backups  # noqa: PLC0415

    chosen = [bool(args.output), args.schedule is not None, args.if_due]
    if sum(chosen) != 1:
        raise CasefileError(_("backup takes one of -o FILE, --schedule FOLDER|off or --if-due"))
    with open_session(args, con) as session:
        if args.output:
            session.backup(Path(args.output))
        elif args.schedule is not None:
            off = args.schedule.strip().lower() == "off"
            backups.set_policy(session, None if off else backups.BackupPolicy(
                args.schedule, args.keep, args.every))
        else:
            made = backups.run_if_due(session)
            if args.json:
                con.json({"backup": str(made) if made else None})
            elif made:
                con.print(str(made))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.safety.backups import restore_into  # noqa: PLC0415

    restore_into(Path(args.file), vault_path(args), read_passphrase(args, con))
    return EXIT_OK


def add_parsers(command: Command) -> None:
    p = command("recovery", cmd_recovery, _("make or replace the recovery code"))
    p.add_argument("action", choices=("new",))
    p.add_argument("--sheet", metavar="FILE.pdf",
                   help=_("also write the printable recovery sheet"))
    p.add_argument("--no-confirm", action="store_true",
                   help=_("do not ask for groups of the code back (asked only at a terminal)"))
    p = command("destroy", cmd_destroy,
                _("crypto-erase the vault, then delete it; it cannot be undone"))
    p.add_argument("--really", action="store_true", help=_("required: yes, destroy it"))
    p = command("failed-unlocks", cmd_failed_unlocks,
                _("destroy the vault after N wrong passphrases in a row (off by default)"))
    p.add_argument("--destroy-after", required=True, metavar="N|off")
    p = command("duress", cmd_duress,
                _("a duress passphrase: typed at unlock, it destroys the vault and opens a "
                  "decoy (off by default)"))
    p.add_argument("action", choices=("set", "off"))
    p.add_argument("--records", metavar="FILE.jsonl",
                   help=_("fill the decoy with these records (JSON Lines, as import reads)"))
    p = command("travel", cmd_travel,
                _("travel mode: leave chosen cases behind (kept in a backup), bring them "
                  "back after"))
    p.add_argument("action", choices=("on", "off"))
    p.add_argument("--case", action="append", metavar="ID",
                   help=_("a case to leave behind, with its people, letters, hearings, "
                          "parcels and files (repeat for more)"))
    p.add_argument("--from-bundle", metavar="FILE",
                   help=_("off: bring the cases back from a contact's full bundle (made with "
                          "bundle export --full --attachments) instead of the backup"))
    p = command("remember", cmd_remember,
                _("keep a key in the OS credential store so this device opens the vault "
                  "without the passphrase (off by default)"))
    p.add_argument("action", choices=("on", "off", "status"))
    _add_backup_parsers(command)


def _add_backup_parsers(command: Command) -> None:
    p = command("backup", cmd_backup, _("an encrypted single-file copy of the vault"))
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--schedule", metavar="FOLDER|off",
                   help=_("back up to FOLDER on a schedule (the window and --if-due run it)"))
    p.add_argument("--keep", type=int, default=7, metavar="N",
                   help=_("scheduled backups to keep (default %(default)s)"))
    p.add_argument("--every", type=int, default=1, metavar="DAYS",
                   help=_("days between scheduled backups (default %(default)s)"))
    p.add_argument("--if-due", action="store_true",
                   help=_("make the scheduled backup if it is due (for cron or a timer)"))
    p = command("restore", cmd_restore, _("a vault from a backup; never overwrites"))
    p.add_argument("file", metavar="FILE")
