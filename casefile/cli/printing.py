"""Printing commands: letters, envelopes, parcel lists (опись), packing lists and case
summaries as PDF or straight to a printer, and the return address they carry."""

from __future__ import annotations

import argparse
from pathlib import Path

from casefile.cli.options import Command
from casefile.cli.output import EXIT_OK, Console
from casefile.cli.unlock import open_session
from casefile.domain.errors import CasefileError
from casefile.i18n import _


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


def add_parsers(command: Command) -> None:
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
