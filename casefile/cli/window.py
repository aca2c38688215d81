"""The desktop window from the command line: ``casefile gui``, and ``casefile`` alone."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casefile.cli.options import Command
from casefile.cli.output import Console
from casefile.domain.errors import CasefileError
from casefile.i18n import _


def can_show_window() -> bool:
    """PySide6 is installed and there is a screen (or an explicit Qt platform) to show on."""
    import importlib.util  # noqa: PLC0415

    if importlib.util.find_spec("PySide6") is None:
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def cmd_gui(args: argparse.Namespace, con: Console) -> int:
    try:
        from casefile.ui.app import run  # noqa: PLC0415
    except ImportError:
        raise CasefileError(_("the desktop window cannot start: PySide6 is missing; "
                              "the command line works without it")) from None
    return int(run(vault=Path(args.vault) if args.vault else None, demo=args.demo))


def add_parsers(command: Command) -> None:
    p = command("gui", cmd_gui, _("open the desktop window"))
    p.add_argument("--demo", action="store_true", help=_("open the demo vault"))
