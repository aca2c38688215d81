"""The command line: the contract in ../shared/cli-contract.md, over casefile.services."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile import __version__
from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _, ngettext, set_language, system_language
from casefile.process import harden

# Imported where used, not here: `--version` and `--help` need none of the vault, and a
# command loads only what it runs (issue 18, item 8; tests/test_lazy_imports.py).
if TYPE_CHECKING:
    from casefile.services.records.session import Session

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTEGRITY = 0, 1, 2, 3
MAX_LIMIT = 1_000_000


class Console:
    """Where output goes; tests pass their own streams."""

    def __init__(self, out: Any = None, err: Any = None, stdin: Any = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.stdin = stdin or sys.stdin

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def json(self, obj: Any) -> None:
        print(json.dumps(obj, ensure_ascii=False, indent=2), file=self.out)

    def json_list(self, items: Iterable[Any]) -> None:
        """What ``json(list(items))`` prints, byte for byte, written item by item."""
        first = True
        for item in items:
            self.out.write("[\n  " if first else ",\n  ")
            self.out.write(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  "))
            first = False
        self.out.write("[]\n" if first else "\n]\n")

    def warn(self, text: str) -> None:
        print(f"casefile: {one_line(text)}", file=self.err)

    def interactive(self) -> bool:
        return bool(getattr(self.stdin, "isatty", lambda: False)())


# -- secrets -------------------------------------------------------------------------------

def read_passphrase(args: argparse.Namespace, con: Console, *, prompt: str | None = None,
                    env: str = "CASEFILE_PASSPHRASE", confirm: bool = False) -> str:
    """--passphrase-file, then the environment, then a prompt without echo. Never argv."""
    if env == "CASEFILE_PASSPHRASE" and args.passphrase_file:
        try:
            with Path(args.passphrase_file).open(encoding="utf-8") as fh:
                return fh.readline().rstrip("\r\n")
        except OSError as exc:
            raise CasefileError(_("cannot read the passphrase file: {0}").format(
                exc.strerror)) from None
        except UnicodeDecodeError:
            raise CasefileError(_("the passphrase file is not UTF-8 text")) from None
    if os.environ.get(env):
        if not is_text(os.environ[env]):
            raise CasefileError(_("{0} is not valid text (undecodable bytes)").format(env))
        return os.environ[env]
    if not con.interactive():
        raise CasefileError(_("no passphrase given: use --passphrase-file or {0}").format(env))
    import getpass  # noqa: PLC0415

    first = getpass.getpass(prompt or _("Passphrase: "))
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise CasefileError(_("the passphrases do not match"))
    return first


def vault_path(args: argparse.Namespace) -> Path:
    from casefile.services.records import paths  # noqa: PLC0415

    return Path(args.vault).expanduser() if args.vault else paths.default_vault()


def open_session(args: argparse.Namespace, con: Console) -> Session:
    """Unlock with --passphrase-file, the environment, the OS keyring (where the person chose
    "remember on this device"), or a prompt, in that order."""
    from casefile.services.records.session import Session  # noqa: PLC0415

    folder = vault_path(args)
    if not args.passphrase_file and not os.environ.get("CASEFILE_PASSPHRASE"):
        from casefile.services.safety.device import is_remembered  # noqa: PLC0415

        if is_remembered(folder):
            try:
                return Session.open_with_key(folder, Session.derive_remembered_key(folder))
            except CasefileError as exc:
                if not con.interactive():
                    raise
                con.warn(_("warning: {0}; asking for the passphrase").format(exc))
    return Session.open(folder, read_passphrase(args, con))


def is_text(value: str) -> bool:
    """Not holding a lone surrogate (undecodable bytes in argv or the environment, or JSON's
    "\\ud800"), which no file, database or terminal takes; nor a NUL, which no path or
    command line can hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def load_data(text: str) -> Any:
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise CasefileError(_("cannot read {0}: {1}").format(text[1:], exc.strerror)) \
                from None
        except UnicodeDecodeError:
            raise CasefileError(_("{0} is not UTF-8 text").format(text[1:])) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CasefileError(_("--data is not valid JSON: {0}").format(exc)) from None
    except RecursionError:
        raise CasefileError(_("--data is nested too deeply")) from None
    if not isinstance(data, dict):
        raise CasefileError(_("--data must be a JSON object"))
    return data


def parse_where(items: Sequence[str]) -> dict[str, str]:
    where = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CasefileError(_("--where takes FIELD=VALUE, got '{0}'").format(item))
        where[name.strip()] = value
    return where


# -- commands ------------------------------------------------------------------------------

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


def can_show_window() -> bool:
    """PySide6 is installed and there is a screen (or an explicit Qt platform) to show on."""
    import importlib.util  # noqa: PLC0415

    if importlib.util.find_spec("PySide6") is None:
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


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

        words = read_passphrase(args, con, prompt=_("Recovery code (12 words): "),
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


def cmd_recovery(args: argparse.Namespace, con: Console) -> int:
    from casefile.atomicfile import check_output  # noqa: PLC0415
    from casefile.services.safety.recovery import new_recovery_code  # noqa: PLC0415

    if args.sheet:
        check_output(Path(args.sheet))  # before a new code replaces the old one
    with open_session(args, con) as session:
        words = new_recovery_code(session)
    if args.sheet:
        from datetime import date  # noqa: PLC0415

        from casefile.printing.recovery_sheet import render_recovery_sheet  # noqa: PLC0415
        from casefile.services.documents.printing import write_pdf  # noqa: PLC0415

        con.warn(_("warning: {0} holds the recovery code in plaintext; print it and delete "
                   "it").format(args.sheet))
        write_pdf(render_recovery_sheet(words, vault_path(args).name, date.today().isoformat()),
                  Path(args.sheet))
    if args.json:
        con.json({"recovery_code": words})
    else:
        con.print(words)
        con.warn(_("write these 12 words down and keep them somewhere safe; they are shown "
                   "only now"))
    return EXIT_OK


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
            con.json({"records": len(state["ids"]), "backup": state["backup"]})
        else:
            con.print(_("{0} records left behind; they are kept in {1}").format(
                len(state["ids"]), state["backup"]))
        return EXIT_OK
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


def cmd_add(args: argparse.Namespace, con: Console) -> int:
    with open_session(args, con) as session:
        record = session.add(args.type, load_data(args.data))
    if args.json:
        con.json(record)
    else:
        con.print(record["id"])
    return EXIT_OK


def cmd_get(args: argparse.Namespace, con: Console) -> int:
    with open_session(args, con) as session:
        record = session.get(args.type, args.id)
    if args.json:
        con.json(record)
    else:
        for key, value in record.items():
            shown = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
            con.print(f"{key}: {'' if shown is None else shown}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace, con: Console) -> int:
    from casefile.domain.describe import record_title  # noqa: PLC0415

    with open_session(args, con) as session:
        # Streamed from the vault as they are printed: memory does not grow with the vault.
        records = session.iterate(args.type, parse_where(args.where), order=args.sort,
                                  descending=args.desc or None, limit=args.limit)
        if args.json:
            con.json_list(records)
        else:
            for record in records:
                con.print(f"{record['id']}\t{record_title(record)}")
    return EXIT_OK


def cmd_edit(args: argparse.Namespace, con: Console) -> int:
    with open_session(args, con) as session:
        record = session.edit(args.type, args.id, load_data(args.data))
    if args.json:
        con.json(record)
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, con: Console) -> int:
    with open_session(args, con) as session:
        session.delete(args.type, args.id)
    return EXIT_OK


def cmd_search(args: argparse.Namespace, con: Console) -> int:
    with open_session(args, con) as session:
        hits = session.search(args.text, record_type=args.type, limit=args.limit)
    if args.json:
        con.json([h.as_dict() for h in hits])
    else:
        for hit in hits:
            con.print(f"{hit.type}\t{hit.id}\t{hit.title}")
            con.print(f"\t{hit.snippet}")
    return EXIT_OK


def cmd_attach(args: argparse.Namespace, con: Console) -> int:
    with open_session(args, con) as session:
        att = session.attach(args.type, args.id, Path(args.file))
    if args.json:
        con.json(att.as_dict())
    else:
        con.print(att.id)
    return EXIT_OK


def cmd_attachment(args: argparse.Namespace, con: Console) -> int:
    from casefile.atomicfile import write_atomic  # noqa: PLC0415

    with open_session(args, con) as session:
        if args.action == "list":
            atts = session.attachments(args.id)
            if args.json:
                con.json([a.as_dict() for a in atts])
            for att in [] if args.json else atts:
                con.print(f"{att.id}\t{att.size}\t{att.filename}")
            return EXIT_OK
        if args.action == "delete":
            gone = session.delete_attachment(args.id)
            if args.json:
                con.json(gone.as_dict())
            return EXIT_OK
        if not args.output:
            raise CasefileError(_("attachment get needs -o FILE"))
        _meta, data = session.attachment(args.id)
    write_atomic(Path(args.output), data)
    return EXIT_OK


def confirm_plaintext(args: argparse.Namespace, con: Console, what: str) -> None:
    from casefile.atomicfile import check_output  # noqa: PLC0415

    check_output(Path(what))  # refused before the warning and the question
    con.warn(_("warning: {0} is written in plaintext, unencrypted; anyone who gets the file "
               "can read it").format(what))
    if args.yes:
        return
    if not con.interactive():
        raise CasefileError(_("refusing to write plaintext without --yes"))
    con.err.write(_("Continue? [y/N] "))
    con.err.flush()
    if con.stdin.readline().strip().lower() not in ("y", "yes", "д", "да"):
        raise CasefileError(_("cancelled"))


def cmd_export(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.records.transfer import export_jsonl  # noqa: PLC0415

    with open_session(args, con) as session:
        confirm_plaintext(args, con, args.output)
        count = export_jsonl(session, Path(args.output), args.type)
    if args.json:
        con.json({"exported": count})
    return EXIT_OK


def cmd_import(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.records.transfer import import_jsonl_report  # noqa: PLC0415

    with open_session(args, con) as session:
        report = import_jsonl_report(session, Path(args.file))
    counts, given = report.counts, report.given_ids
    if args.json:
        con.json({**counts, "given_ids": [g.as_dict() for g in given]})
    else:
        con.print(_("{added} added, {updated} updated, {unchanged} unchanged").format(**counts))
        if given:
            con.print(ngettext("{0} line had no id: its record was given a new one",
                               "{0} lines had no id: their records were given new ones",
                               len(given)).format(len(given)))
    return EXIT_OK


def cmd_calendar(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.interop.calendar import write_calendar  # noqa: PLC0415

    with open_session(args, con) as session:
        confirm_plaintext(args, con, args.output)
        report = write_calendar(session, Path(args.output), use_initials=args.initials)
    if args.json:
        con.json(report.as_dict())
    elif report.utc_only:
        con.warn(_("{0} hearings have no court time zone and are written in UTC").format(
            report.utc_only))
    return EXIT_OK


def cmd_vcard(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.interop import vcards  # noqa: PLC0415

    with open_session(args, con) as session:
        if args.action == "export":
            if not args.output:
                raise CasefileError(_("vcard export needs -o FILE.vcf"))
            vcards.contacts_for_export(session, args.role)  # a wrong --role before the warning
            confirm_plaintext(args, con, args.output)
            count = vcards.export_vcards(session, Path(args.output), args.role)
            if args.json:
                con.json({"exported": count})
            return EXIT_OK
        if not args.file:
            raise CasefileError(_("vcard import needs FILE.vcf"))
        plan = vcards.plan_import(session, Path(args.file), args.role)
        merge = not args.no_merge and offer_merge(plan, con)
        counts = vcards.apply_import(session, plan, merge=merge)
    if args.json:
        con.json({**plan.as_dict(), **counts})
        return EXIT_OK
    con.print(_("{added} added, {merged} merged, {unchanged} unchanged").format(**counts))
    for found in plan.merges if merge else []:
        if found.fills:
            con.print(_("{0}: filled {1}").format(found.name, ", ".join(found.fills)))
    return EXIT_OK


def offer_merge(plan: Any, con: Console) -> bool:
    """On a terminal, ask before filling contacts already in the vault; scripts merge."""
    filled = [m for m in plan.merges if m.fills]
    if not filled or not con.interactive():
        return True
    for found in filled:
        con.err.write(_("{0} is already in the vault; the card would fill: {1}").format(
            found.name, ", ".join(found.fills)) + "\n")
    con.err.write(_("Fill these empty fields? [Y/n] "))
    con.err.flush()
    return con.stdin.readline().strip().lower() not in ("n", "no", "н", "нет")


def cmd_money(args: argparse.Namespace, con: Console) -> int:
    from casefile.i18n import format_amount  # noqa: PLC0415
    from casefile.services.views import money  # noqa: PLC0415

    with open_session(args, con) as session:
        rows = money.ledger(session, person_id=args.person, case_id=args.case)
        if args.output:
            confirm_plaintext(args, con, args.output)
            money.write_ledger_csv(rows, Path(args.output), ";" if args.semicolon else ",")
    if args.json:
        con.json([row.as_dict() for row in rows])
    elif not args.output:
        for row in rows:
            sign = "-" if row.direction == "out" else "+"
            con.print("\t".join((row.on or "----------", f"{sign}{format_amount(row.amount)}",
                                 row.currency, format_amount(row.balance), row.purpose)))
    return EXIT_OK


def cmd_import_table(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.interop import tablemap, tables  # noqa: PLC0415
    from casefile.services.interop.tablefile import read_table  # noqa: PLC0415

    table = read_table(Path(args.file), args.sheet)
    mapping = tablemap.apply_map_options(args.type, table.headers, tablemap.guess_mapping(
        args.type, table.headers), args.map)
    with open_session(args, con) as session:
        preview = tables.build_preview(session, table, args.type, mapping)
        invalid = len(preview.invalid_rows)
        if invalid and not args.valid_only:
            if args.json:
                con.json({**preview.as_dict(), "imported": False})
            con.warn("error: " + str(tables.RowProblemsError(preview.problems, invalid)))
            for problem in preview.problems:
                con.warn(str(problem))
            con.warn(_("fix these rows, or use --valid-only to import the others"))
            return EXIT_FAIL
        if args.dry_run:
            if args.json:
                con.json(preview.as_dict())
                return EXIT_OK
            con.print(preview.summary())
            for index, name in sorted(preview.mapping.items()):
                con.print(f"  {table.headers[index]} → {name or '-'}")
            for dup in preview.duplicates:
                con.print(_("row {0}: the same as {1}").format(dup.row, dup.where()))
            for problem in preview.problems:
                con.warn(str(problem))
            return EXIT_OK
        skip = [d.row for d in preview.duplicates] if args.duplicates == "skip" else []
        result = tables.apply_import(session, preview, valid_only=args.valid_only,
                                     skip_rows=skip)
    if args.json:
        con.json(result.as_dict())
        return EXIT_OK
    con.print(result.summary())
    for merge in result.merged:
        con.print(merge.describe())
    for problem in result.left_out:
        con.warn(_("left out: {0}").format(problem))
    return EXIT_OK


def cmd_identity(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import bundles  # noqa: PLC0415

    with open_session(args, con) as session:
        public = bundles.identity(session).public
    info = {**public.as_dict(), "fingerprint": public.fingerprint}
    if args.json:
        con.json(info)
    else:
        for key in ("public_key", "signing_key", "fingerprint"):
            con.print(f"{key}: {info[key]}")
    return EXIT_OK


def cmd_contact_key(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import bundles  # noqa: PLC0415

    with open_session(args, con) as session:
        if args.action == "list":
            listed = [{"name": p.name, "signing_key": p.signing_key, "public_key": p.public_key,
                       "fingerprint": bundles.PublicIdentity(p.signing_key, p.public_key)
                       .fingerprint, "scope": "all" if p.scope_all else list(p.case_ids),
                       "added_at": p.added_at} for p in bundles.peers(session).all()]
            if args.json:
                con.json(listed)
            for p in [] if args.json else listed:
                con.print(f"{p['name']}\t{p['fingerprint']}")
            return EXIT_OK
        if args.action == "remove":
            if not args.name:
                raise CasefileError(_("contact-key remove needs NAME"))
            gone = bundles.remove_contact(session, args.name, revoke=args.revoke)
            if args.json:
                con.json({"name": gone.name, "revoked": args.revoke})
            else:
                con.print((_("{0} is no longer trusted, and their key is revoked") if args.revoke
                           else _("{0} is no longer trusted")).format(gone.name))
            return EXIT_OK
        if args.revoke:
            raise CasefileError(_("--revoke goes with contact-key remove"))
        if not args.name or not args.key:
            raise CasefileError(_("contact-key add needs NAME and KEY_OR_FILE"))
        text = args.key
        if Path(text).is_file():
            text = Path(text).read_text(encoding="utf-8", errors="replace")[:65536]
        peer = bundles.add_contact(session, args.name, text)
        fingerprint = bundles.PublicIdentity(peer.signing_key, peer.public_key).fingerprint
    if args.json:
        con.json({"name": peer.name, "fingerprint": fingerprint})
    else:
        con.print(_("trusted {0}; compare this fingerprint with them: {1}").format(
            peer.name, fingerprint))
    return EXIT_OK


def cmd_share(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import bundles  # noqa: PLC0415

    if not args.all and not args.case:
        raise CasefileError(_("share needs --all or --case ID"))
    with open_session(args, con) as session:
        peer = bundles.peers(session).share(args.name, everything=args.all, case_ids=args.case)
    if args.json:
        con.json({"name": peer.name, "scope": "all" if peer.scope_all else list(peer.case_ids)})
    return EXIT_OK


def cmd_unshare(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import bundles  # noqa: PLC0415

    if not args.all and not args.case:
        raise CasefileError(_("unshare needs --all or --case ID"))
    with open_session(args, con) as session:
        peer = bundles.peers(session).unshare(args.name, everything=args.all, case_ids=args.case)
    if args.json:
        con.json({"name": peer.name, "scope": list(peer.case_ids)})
    return EXIT_OK


def cmd_bundle(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import bundles  # noqa: PLC0415

    with open_session(args, con) as session:
        if args.action == "export":
            if not args.output:
                raise CasefileError(_("bundle export needs -o FILE"))
            result = bundles.export_bundle(session, args.to or [], Path(args.output),
                                        full=args.full, files=args.attachments)
            if args.json:
                con.json(result)
            else:
                for note in result["notes"]:
                    con.print(note)
            return EXIT_OK
        if not args.file:
            raise CasefileError(_("bundle import needs FILE"))
        run_import = bundles.preview_bundle if args.preview else bundles.import_bundle
        report = run_import(session, Path(args.file))
    if args.json:
        con.json(report.as_dict())
    else:
        con.print(bundles.summary_line(report))
        for note in report.notes:
            con.print(note)
        for row in report.records:
            con.print(bundles.change_line(row))
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import bundles  # noqa: PLC0415

    with open_session(args, con) as session:
        found = bundles.conflicts(session)
    if args.json:
        con.json(found)
    for c in [] if args.json else found:
        shown = " | ".join(f"{'mine' if v['mine'] else v['origin'][:8]}: {v['value']}"
                           for v in c["values"])
        con.print(f"{c['id']}\t{c['type']}.{c['field']}\t{shown}")
    return EXIT_OK


def cmd_exchanges(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import bundles  # noqa: PLC0415

    with open_session(args, con) as session:
        log = bundles.peers(session).exchanges(args.name)
    if args.json:
        con.json(log)
    for e in [] if args.json else log:
        arrow = "→" if e["direction"] == "export" else "←"
        con.print(f"{e['at']}  {arrow} {e['peer']}  #{e['sender_seq']}  "
                  + _("{0} writes, {1} records, {2} conflicts").format(
                      e["writes"], e["records"], e["conflicts"])
                  + (f"  ({e['note']})" if e["note"] else ""))
    return EXIT_OK


def cmd_exchange_folder(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import shared_folder  # noqa: PLC0415

    if args.action == "set" and not args.folder:
        raise CasefileError(_("exchange-folder set needs DIR"))
    with open_session(args, con) as session:
        if args.action == "set":
            shared_folder.set_folder(session, Path(args.folder), keep_days=args.keep_days,
                                files=args.attachments)
        elif args.action == "off":
            shared_folder.set_folder(session, None)
        chosen = shared_folder.setting(session)
        mine = shared_folder.own_name(session)
    shown = {"folder": chosen.path if chosen else None, "own": mine,
             "keep_days": chosen.keep_days if chosen else 0,
             "attachments": chosen.files if chosen else False}
    if args.json:
        con.json(shown)
    elif chosen is None:
        con.print(_("no exchange folder"))
    else:
        con.print(_("exchange folder: {0} (bundles for this vault arrive in {1}/)").format(
            chosen.path, mine))
    return EXIT_OK


def cmd_exchange(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import shared_folder  # noqa: PLC0415

    def show(report: shared_folder.PassReport) -> None:
        if args.json:
            con.json(report.as_dict())
        else:
            for line in report.lines():
                con.print(line)

    with open_session(args, con) as session:
        if args.watch:
            shared_folder.watch(session, interval=args.interval, passes=args.passes, report=show)
        else:
            show(shared_folder.run_pass(session))
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import bundles  # noqa: PLC0415

    with open_session(args, con) as session:
        bundles.resolve(session, args.conflict_id, args.keep)
    return EXIT_OK


def cmd_print(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.documents import printing  # noqa: PLC0415

    if not args.output and not args.printer:
        raise CasefileError(_("print needs -o FILE or --printer NAME"))
    with open_session(args, con) as session:
        if args.document == "parcel-list":
            if not args.date_from or not args.date_to:
                raise CasefileError(_("print parcel-list needs --from DATE and --to DATE"))
            data = printing.print_packing_list(session, args.date_from, args.date_to,
                                               lang=args.lang)
        elif args.document == "envelopes":
            if args.id:
                raise CasefileError(_("print envelopes takes --person ID, not an id"))
            data, unknown = printing.print_envelopes(session, args.person, args.size,
                                                     lang=args.lang or printing.FOR_FACILITIES)
            if unknown:
                con.warn(_("no envelope for {0}: no facility recorded").format(
                    ", ".join(unknown)))
        else:
            if not args.id:
                raise CasefileError(_("print {0} needs the record's id").format(args.document))
            lang = args.lang or printing.FOR_FACILITIES  # the case summary: the window's
            data = {
                "letter": lambda: printing.print_letter(session, args.id, args.template,
                                                        lang=lang),
                "envelope": lambda: printing.print_envelope(session, args.id, args.size,
                                                            lang=lang),
                "manifest": lambda: printing.print_manifest(session, args.id, args.copies,
                                                            lang=lang),
                "form107": lambda: printing.print_form107(session, args.id, lang=lang),
                "handover": lambda: printing.print_handover(session, args.id, lang=lang),
                "case": lambda: printing.print_case(session, args.id, lang=args.lang),
            }[args.document]()
    if args.printer:
        send_to_printer(data, args.printer)
    else:
        con.warn(_("warning: {0} is written in plaintext, unencrypted").format(args.output))
        printing.write_pdf(data, Path(args.output))
    return EXIT_OK


def cmd_return_address(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.documents import printing  # noqa: PLC0415

    given = {k: getattr(args, k) for k in ("name", "address", "postal_code", "phone")
             if getattr(args, k) is not None}
    if args.clear and given:
        raise CasefileError(_("--clear takes no other option"))
    with open_session(args, con) as session:
        if args.clear:
            shown = printing.set_return_address(session)
        elif given:
            shown = printing.set_return_address(
                session, **{**printing.return_address(session), **given})
        else:
            shown = printing.return_address(session)
    if args.json:
        con.json(shown)
    else:
        for key, value in shown.items():
            con.print(f"{key}\t{value}")
    return EXIT_OK


def send_to_printer(data: bytes, printer: str) -> None:
    """Straight to the print system (CUPS `lp` reading standard input): no file on the way."""
    import shutil  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    lp = shutil.which("lp")
    if lp is None:
        raise CasefileError(_("no print system here (lp not found); use -o FILE instead"))
    done = subprocess.run([lp, "-d", printer, "-"], input=data, capture_output=True,  # noqa: S603
                          check=False)
    if done.returncode != 0:
        raise CasefileError(_("the printer {0} refused the job: {1}").format(
            printer, done.stderr.decode(errors="replace").strip()[:200]))


def cmd_gui(args: argparse.Namespace, con: Console) -> int:
    try:
        from casefile.ui.app import run  # noqa: PLC0415
    except ImportError:
        raise CasefileError(_("the desktop window cannot start: PySide6 is missing; "
                              "the command line works without it")) from None
    return int(run(vault=Path(args.vault) if args.vault else None, demo=args.demo))


# -- parser --------------------------------------------------------------------------------

def _floor_seconds(text: str) -> float:
    from casefile.services.safety.passphrase import MIN_KDF_SECONDS  # noqa: PLC0415

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {0}").format(text)) from None
    if value < MIN_KDF_SECONDS:
        raise argparse.ArgumentTypeError(_("must be at least {0}").format(MIN_KDF_SECONDS))
    return value


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {0}").format(text)) from None
    if not 0 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(
            _("must be a whole number from 0 to {0}").format(MAX_LIMIT))
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {0}").format(text)) from None
    if not 1 <= value <= 86400:
        raise argparse.ArgumentTypeError(_("must be from 1 to {0} seconds").format(86400))
    return value


Command = Callable[[str, Callable[..., int], str], argparse.ArgumentParser]


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

    _vault_commands(command)
    _record_commands(command)
    _file_commands(command)
    _exchange_commands(command)
    _sync_commands(command)
    p = command("print", cmd_print, _("a letter, envelope, parcel list (опись), packing list "
                                      "or case summary as PDF"))
    p.add_argument("document", choices=("letter", "envelope", "envelopes", "manifest",
                                        "form107", "handover", "parcel-list", "case"))
    p.add_argument("id", nargs="?", metavar="ID")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--printer", metavar="NAME")
    p.add_argument("--from", dest="date_from", metavar="DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--template", metavar="NAME",
                   help=_("a letter template (letter-to-prisoner, request-to-head, "
                          "visit-request, complaint)"))
    p.add_argument("--size", choices=("DL", "C5"), default="DL")
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("--lang", choices=("ru", "en"),
                   help=_("the document's language (default: Russian for papers addressed to a "
                          "facility or prisoner, the program's language for the case summary "
                          "and parcel list)"))
    p.add_argument("--person", action="append", metavar="ID",
                   help=_("envelopes: for these people (default: everyone held in a facility)"))
    p = command("return-address", cmd_return_address,
                _("the sender printed on letters, envelopes and manifests (kept in the vault)"))
    for name in ("name", "address", "postal-code", "phone"):
        p.add_argument(f"--{name}", metavar="TEXT")
    p.add_argument("--clear", action="store_true", help=_("forget the return address"))
    p = command("gui", cmd_gui, _("open the desktop window"))
    p.add_argument("--demo", action="store_true", help=_("open the demo vault"))
    return parser


def _vault_commands(command: Command) -> None:
    from casefile.services.safety.passphrase import MIN_KDF_SECONDS  # noqa: PLC0415

    kdf_help = _("calibrate key derivation to about S seconds here (default %(default)s; "
                 "at least {0})").format(MIN_KDF_SECONDS)
    p = command("init", cmd_init, _("create a new, empty vault"))
    p.add_argument("--kdf-seconds", type=_floor_seconds, default=1.0, metavar="S", help=kdf_help)
    p = command("demo", cmd_demo, _("create a vault filled with sample data"))
    p.add_argument("--force", action="store_true", help=_("replace an existing demo vault"))
    p.add_argument("--open", action="store_true", help=_("open it after creating it"))
    p.add_argument("--kdf-seconds", type=_floor_seconds, default=0.25, metavar="S",
                   help=kdf_help)
    command("check", cmd_check, _("full integrity check; exit 3 on failure"))
    p = command("passwd", cmd_passwd, _("change the passphrase"))
    p.add_argument("--kdf-seconds", type=_floor_seconds, default=None, metavar="S",
                   help=_("recalibrate key derivation (default: keep the current cost)"))
    p.add_argument("--recovery", action="store_true",
                   help=_("use the recovery code (CASEFILE_RECOVERY_CODE or a prompt) "
                          "instead of the old passphrase"))
    p = command("recovery", cmd_recovery, _("make or replace the recovery code"))
    p.add_argument("action", choices=("new",))
    p.add_argument("--sheet", metavar="FILE.pdf",
                   help=_("also write the printable recovery sheet (words and QR code)"))
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
    p = command("remember", cmd_remember,
                _("keep a key in the OS credential store so this device opens the vault "
                  "without the passphrase (off by default)"))
    p.add_argument("action", choices=("on", "off", "status"))
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


def _record_commands(command: Command) -> None:
    from casefile.domain.records import TYPES  # noqa: PLC0415

    types: dict[str, Any] = {"choices": TYPES, "metavar": "TYPE"}
    p = command("add", cmd_add, _("validate and store a record"))
    p.add_argument("type", **types)
    p.add_argument("--data", required=True, metavar="JSON", help=_("JSON object, or @file.json"))
    p = command("get", cmd_get, _("show one record"))
    p.add_argument("type", **types)
    p.add_argument("id")
    p = command("list", cmd_list, _("records of a type"))
    p.add_argument("type", **types)
    p.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE")
    p.add_argument("--sort", metavar="FIELD")
    p.add_argument("--desc", action="store_true")
    p.add_argument("--limit", type=_limit)
    p = command("edit", cmd_edit, _("change the given fields of a record"))
    p.add_argument("type", **types)
    p.add_argument("id")
    p.add_argument("--data", required=True, metavar="JSON")
    p = command("delete", cmd_delete, _("delete a record"))
    p.add_argument("type", **types)
    p.add_argument("id")
    p = command("search", cmd_search, _("full-text search, best first"))
    p.add_argument("text")
    p.add_argument("--type", choices=TYPES, metavar="TYPE")
    p.add_argument("--limit", type=_limit, default=20)


def _file_commands(command: Command) -> None:
    from casefile.domain.records import TYPES  # noqa: PLC0415

    p = command("attach", cmd_attach, _("store a file inside the vault, linked to a record"))
    p.add_argument("type", choices=TYPES, metavar="TYPE")
    p.add_argument("id")
    p.add_argument("file")
    p = command("attachment", cmd_attachment, _("list, write out or delete stored files"))
    p.add_argument("action", choices=("get", "list", "delete"))
    p.add_argument("id", help=_("attachment id (get, delete) or record id (list)"))
    p.add_argument("-o", "--output", metavar="FILE")
    p = command("export", cmd_export, _("plaintext JSON Lines of the records"))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--type", action="append", choices=TYPES, metavar="TYPE")
    p.add_argument("--yes", action="store_true", help=_("do not ask before writing plaintext"))
    p = command("import", cmd_import, _("records from JSON Lines, all or nothing"))
    p.add_argument("file")
    from casefile.services.interop.tablemap import TABLE_TYPES  # noqa: PLC0415

    p = command("import-table", cmd_import_table,
                _("spreadsheet rows (CSV or XLSX) as records; all rows or nothing unless "
                  "--valid-only"))
    p.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    p.add_argument("--type", required=True, choices=TABLE_TYPES, metavar="TYPE",
                   help=_("what each row is: {0}").format(", ".join(TABLE_TYPES)))
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help=_("which field a column holds (by header or letter), overriding the "
                          "guess; FIELD - leaves the column out"))
    p.add_argument("--valid-only", action="store_true",
                   help=_("import the valid rows and leave out those with problems"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("show the mapping, problems and duplicates; change nothing"))
    p.add_argument("--sheet", metavar="NAME",
                   help=_("which sheet of a workbook to read (default: the first)"))
    p.add_argument("--duplicates", choices=("merge", "skip"), default="merge",
                   help=_("a row that matches a record already there: fill that record's "
                          "empty fields (merge, the default) or leave the row out (skip)"))


def _exchange_commands(command: Command) -> None:
    """Plaintext files for other programs: calendars, address books, bookkeeping."""
    yes_help = _("do not ask before writing plaintext")
    p = command("calendar", cmd_calendar,
                _("hearings and measure deadlines as an iCalendar file (plaintext)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.ics")
    p.add_argument("--initials", action="store_true",
                   help=_("write only initials and the court instead of names"))
    p.add_argument("--yes", action="store_true", help=yes_help)
    p = command("vcard", cmd_vcard, _("contacts to or from a vCard file"))
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("file", nargs="?", metavar="FILE.vcf")
    p.add_argument("-o", "--output", metavar="FILE.vcf")
    p.add_argument("--role", metavar="ROLE",
                   help=_("export: only contacts of this role; import: the role of cards "
                          "that name none"))
    p.add_argument("--no-merge", action="store_true",
                   help=_("import: leave contacts already in the vault as they are"))
    p.add_argument("--yes", action="store_true", help=yes_help)
    p = command("money", cmd_money,
                _("donations and payments with running totals; CSV for bookkeeping"))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--person", metavar="ID")
    which.add_argument("--case", metavar="ID")
    p.add_argument("-o", "--output", metavar="FILE.csv")
    p.add_argument("--semicolon", action="store_true",
                   help=_("separate CSV columns with ; (Excel set to Russian) instead of ,"))
    p.add_argument("--yes", action="store_true", help=yes_help)


def _sync_commands(command: Command) -> None:
    command("identity", cmd_identity, _("this vault's public identity, to give to others"))
    p = command("contact-key", cmd_contact_key,
                _("trust a coordinator's identity, list them, or stop trusting one"))
    p.add_argument("action", choices=("add", "list", "remove"))
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("key", nargs="?", metavar="KEY_OR_FILE")
    p.add_argument("--revoke", action="store_true",
                   help=_("remove: their key may be in other hands (a seized or lost "
                          "device); also refuse their changes passed on by other groups"))
    p = command("share", cmd_share, _("choose what a coordinator receives"))
    p.add_argument("name", metavar="NAME")
    p.add_argument("--case", action="append", metavar="ID")
    p.add_argument("--all", action="store_true")
    p = command("unshare", cmd_unshare,
                _("stop sending a coordinator later changes of everything, or of some cases"))
    p.add_argument("name", metavar="NAME")
    p.add_argument("--case", action="append", metavar="ID")
    p.add_argument("--all", action="store_true")
    p = command("bundle", cmd_bundle, _("export or import an encrypted, signed bundle"))
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--to", action="append", metavar="NAME")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--full", action="store_true",
                   help=_("everything shared with them, not only what they have not seen"))
    p.add_argument("--attachments", action="store_true",
                   help=_("also carry the files attached to the shared records (scans, "
                          "photos) that have not gone to them yet"))
    p.add_argument("--preview", action="store_true",
                   help=_("check the bundle and say what it would change, changing nothing"))
    command("conflicts", cmd_conflicts, _("concurrent edits kept for review"))
    p = command("exchanges", cmd_exchanges, _("the log of bundles exported and imported"))
    p.add_argument("name", nargs="?", metavar="NAME")
    p = command("exchange-folder", cmd_exchange_folder,
                _("the folder a sync tool or USB stick carries bundles through"))
    p.add_argument("action", nargs="?", choices=("set", "off", "show"), default="show")
    p.add_argument("folder", nargs="?", metavar="DIR")
    p.add_argument("--keep-days", type=_limit, default=0, metavar="N",
                   help=_("keep applied bundles N days (default: remove them at once)"))
    p.add_argument("--attachments", action="store_true",
                   help=_("also carry attached files (scans, photos)"))
    p = command("exchange", cmd_exchange,
                _("import the bundles in the exchange folder and write new ones"))
    p.add_argument("action", choices=("run",))
    p.add_argument("--watch", action="store_true",
                   help=_("keep going, a pass every --interval seconds"))
    p.add_argument("--interval", type=_seconds, default=30.0, metavar="SECONDS")
    p.add_argument("--passes", type=_limit, default=None, metavar="N",
                   help=_("with --watch: stop after N passes"))
    p = command("resolve", cmd_resolve, _("settle a conflict"))
    p.add_argument("conflict_id", metavar="CONFLICT_ID")
    p.add_argument("--keep", required=True, choices=("mine", "theirs"))


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    harden()
    con = console or Console()
    argv = list(sys.argv[1:] if argv is None else argv)
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


def one_line(message: str) -> str:
    """The message as one printable line: a line break, control character or lone surrogate
    that it quotes from the input (an id, a file name) is shown escaped (``\\x85``)."""
    return "".join(ch if ch.isprintable() or ch == " " else
                   ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for ch in message)


def failure(exc: Exception) -> tuple[int, str]:
    """The exit status and the one line a person reads for an exception."""
    if isinstance(exc, IntegrityError):
        return EXIT_INTEGRITY, str(exc)
    if isinstance(exc, CasefileError):
        return EXIT_FAIL, str(exc)
    storage_error = _storage_error()
    if storage_error is not None and isinstance(exc, storage_error):
        # The key was right (it came out of an authenticated slot): the file is damaged.
        return EXIT_INTEGRITY, _("the vault database is damaged or unreadable ({0})").format(exc)
    if isinstance(exc, OSError):
        return EXIT_FAIL, _("{0}: {1}").format(exc.filename or "", exc.strerror or exc)
    # Input no check above caught: text that is not UTF-8 (or not text at all), or nested
    # deeper than Python parses. Told without the value, as crash reports are.
    if isinstance(exc, UnicodeError):
        return EXIT_FAIL, _("the input is not valid UTF-8 text")
    if isinstance(exc, RecursionError):
        return EXIT_FAIL, _("the input is nested too deeply")
    raise exc


def _storage_error() -> type[Exception] | None:
    """The database's error class, if the database was loaded (else nothing raised it)."""
    session = sys.modules.get("casefile.services.records.session")
    return getattr(session, "StorageError", None)

if __name__ == "__main__":
    sys.exit(main())
