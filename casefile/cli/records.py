"""Record commands: add, get, list, edit, delete, the trash and restore-record, search, files
attached to records, and plaintext JSON Lines out and in (the contract's "Records")."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from casefile.cli.inputs import confirm_plaintext, load_data, parse_where
from casefile.cli.options import Command, limit
from casefile.cli.output import EXIT_OK, Console
from casefile.cli.unlock import open_session
from casefile.domain.errors import CasefileError
from casefile.i18n import _, ngettext


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


def cmd_trash(args: argparse.Namespace, con: Console) -> int:
    from casefile.services.records import trash  # noqa: PLC0415

    with open_session(args, con) as session:
        if args.empty or args.forget:
            gone = trash.empty(session) if args.empty else trash.forget(session, args.forget)
            if args.json:
                con.json({"forgotten": gone})
            return EXIT_OK
        deleted: list[Any] = trash.deleted_records(session)  # list[Any]: see cmd_search
    if args.json:
        con.json([d.as_dict() for d in deleted])
    for d in [] if args.json else deleted:
        shown = d.as_dict()
        con.print("\t".join(str(shown[k]) for k in ("type", "id", "deleted_at", "deleted_by",
                                                     "title", "about")))
    return EXIT_OK


def cmd_restore_record(args: argparse.Namespace, con: Console) -> int:
    from casefile.domain.describe import record_title  # noqa: PLC0415
    from casefile.services.records.trash import restore  # noqa: PLC0415

    with open_session(args, con) as session:
        restored = restore(session, args.id)
    if args.json:
        con.json(restored)
    else:
        for record in restored:
            con.print(f"{record['type']}\t{record['id']}\t{record_title(record)}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace, con: Console) -> int:
    with open_session(args, con) as session:
        # list[Any]: mypy reads Session's `list[...]` annotations as its method `list`.
        hits: list[Any] = session.search(args.text, record_type=args.type, limit=args.limit)
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
            atts: list[Any] = session.attachments(args.id)  # list[Any]: see cmd_search
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


def add_parsers(command: Command) -> None:
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
    p.add_argument("--limit", type=limit)
    p = command("edit", cmd_edit, _("change the given fields of a record"))
    p.add_argument("type", **types)
    p.add_argument("id")
    p.add_argument("--data", required=True, metavar="JSON")
    p = command("delete", cmd_delete, _("delete a record"))
    p.add_argument("type", **types)
    p.add_argument("id")
    _add_trash_parsers(command)
    p = command("search", cmd_search, _("full-text search, best first"))
    p.add_argument("text")
    p.add_argument("--type", choices=TYPES, metavar="TYPE")
    p.add_argument("--limit", type=limit, default=20)
    _add_file_parsers(command)


def _add_trash_parsers(command: Command) -> None:
    from casefile.domain.trashdays import KEEP_DAYS  # noqa: PLC0415 - the parser stays light

    p = command("trash", cmd_trash, ngettext(
        "records deleted in the last {0} day, newest first; or delete some or all of them "
        "for good", "records deleted in the last {0} days, newest first; or delete some or "
        "all of them for good", KEEP_DAYS).format(KEEP_DAYS))
    what = p.add_mutually_exclusive_group()
    what.add_argument("--forget", action="append", default=[], metavar="ID",
                      help=_("delete this record for good: it can no longer be restored"))
    what.add_argument("--empty", action="store_true",
                      help=_("delete everything in the trash for good"))
    p = command("restore-record", cmd_restore_record,
                _("bring a deleted record back from the trash (and the deleted records it "
                  "refers to); its attached files do not come back"))
    p.add_argument("id")


def _add_file_parsers(command: Command) -> None:
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
