"""What a command reads from the person: passphrases (never from the command line), ``--data``
JSON, ``--where`` filters, and a yes before plaintext is written."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from casefile.cli.output import Console
from casefile.domain.errors import CasefileError
from casefile.i18n import _


def is_text(value: str) -> bool:
    """Not holding a lone surrogate (undecodable bytes in argv or the environment, or JSON's
    "\\ud800"), which no file, database or terminal takes; nor a NUL, which no path or
    command line can hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


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


def load_data(text: str) -> Any:
    """``--data``: a JSON object, given inline or as ``@file.json``."""
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
    """``--where FIELD=VALUE ...`` as a mapping."""
    where = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CasefileError(_("--where takes FIELD=VALUE, got '{0}'").format(item))
        where[name.strip()] = value
    return where


def confirm_plaintext(args: argparse.Namespace, con: Console, what: str) -> None:
    """Warn that ``what`` is written unencrypted, and go on only with ``--yes`` or a yes on
    the terminal."""
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
