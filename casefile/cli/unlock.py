"""Which vault a command works on, and unlocking it: --passphrase-file, the environment, the
OS keyring (where the person chose "remember on this device"), or a prompt, in that order."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from casefile.cli.inputs import read_passphrase
from casefile.cli.output import Console
from casefile.domain.errors import CasefileError
from casefile.i18n import _

# Imported where used, not here: `--version` and `--help` need none of the vault, and a
# command loads only what it runs (issue 18, item 8; tests/test_lazy_imports.py).
if TYPE_CHECKING:
    from casefile.services.records.session import Session


def vault_path(args: argparse.Namespace) -> Path:
    """``--vault``, else ``$CASEFILE_VAULT``, else the default vault in the user data folder."""
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
