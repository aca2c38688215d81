"""Other programs' formats: spreadsheet rows in (import-table), hearings out as iCalendar,
contacts to and from vCard, and the money ledger as CSV for bookkeeping."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casefile.cli.inputs import confirm_plaintext
from casefile.cli.options import Command
from casefile.cli.output import EXIT_FAIL, EXIT_OK, Console
from casefile.cli.unlock import open_session
from casefile.domain.errors import CasefileError
from casefile.i18n import _


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


def cmd_calendar(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.interop.calendar import Scope, write_calendar  # noqa: PLC0415

    scope = Scope(case_id=args.case, lawyer_id=args.lawyer)
    with open_session(args, con) as session:
        scope.cases(session)  # a wrong --case or --lawyer before the warning
        confirm_plaintext(args, con, args.output)
        report = write_calendar(session, Path(args.output), use_initials=args.initials,
                                scope=scope)
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
            con.print("\t".join((row.on or "----------",
                                 f"{sign}{format_amount(str(row.amount))}", row.currency,
                                 format_amount(str(row.balance)), row.purpose)))
    return EXIT_OK


def add_parsers(command: Command) -> None:
    _add_table_parser(command)
    yes_help = _("do not ask before writing plaintext")
    p = command("calendar", cmd_calendar,
                _("hearings and measure deadlines as an iCalendar file (plaintext)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.ics")
    p.add_argument("--initials", action="store_true",
                   help=_("write only initials and the court instead of names"))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--case", metavar="ID", help=_("only this case's hearings and deadline"))
    which.add_argument("--lawyer", metavar="ID",
                       help=_("only the hearings and deadlines of the cases this lawyer (a "
                              "contact) is on"))
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


def _add_table_parser(command: Command) -> None:
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
