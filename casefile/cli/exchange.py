"""Exchange commands: this vault's identity, trusted coordinators and what they receive,
bundles out and in, conflicts, the exchange log and the exchange folder (the contract's
"Sync")."""

from __future__ import annotations

import argparse
from pathlib import Path

from casefile.cli.options import Command, limit, seconds
from casefile.cli.output import EXIT_OK, Console
from casefile.cli.unlock import open_session
from casefile.domain.errors import CasefileError
from casefile.i18n import _


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


def cmd_resolve(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.exchange import bundles  # noqa: PLC0415

    with open_session(args, con) as session:
        bundles.resolve(session, args.conflict_id, args.keep)
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


def add_parsers(command: Command) -> None:
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
    _add_folder_parsers(command)


def _add_folder_parsers(command: Command) -> None:
    p = command("exchange-folder", cmd_exchange_folder,
                _("the folder a sync tool or USB stick carries bundles through"))
    p.add_argument("action", nargs="?", choices=("set", "off", "show"), default="show")
    p.add_argument("folder", nargs="?", metavar="DIR")
    p.add_argument("--keep-days", type=limit, default=0, metavar="N",
                   help=_("keep applied bundles N days (default: remove them at once)"))
    p.add_argument("--attachments", action="store_true",
                   help=_("also carry attached files (scans, photos)"))
    p = command("exchange", cmd_exchange,
                _("import the bundles in the exchange folder and write new ones"))
    p.add_argument("action", choices=("run",))
    p.add_argument("--watch", action="store_true",
                   help=_("keep going, a pass every --interval seconds"))
    p.add_argument("--interval", type=seconds, default=30.0, metavar="SECONDS")
    p.add_argument("--passes", type=limit, default=None, metavar="N",
                   help=_("with --watch: stop after N passes"))
    p = command("resolve", cmd_resolve, _("settle a conflict"))
    p.add_argument("conflict_id", metavar="CONFLICT_ID")
    p.add_argument("--keep", required=True, choices=("mine", "theirs"))
