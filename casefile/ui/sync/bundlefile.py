"""A bundle's file: the name suggested for it, where it is saved or opened from, and its
shredding after import."""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from casefile.i18n import _
from casefile.ui.filedialogs import FileDialog

BUNDLE_SUFFIX = ".cfb"


def suggested_name(today: date | None = None) -> str:
    """YYYYMMDD-xxxxxx.cfb: a name that tells whoever finds the USB stick nothing about
    the group or the person it is for (six random hex digits keep two of a day apart)."""
    return f"{(today or date.today()):%Y%m%d}-{secrets.token_hex(3)}{BUNDLE_SUFFIX}"


def where_to_export(parent: QWidget) -> Path | None:
    """The file a new bundle goes to (the suffix added if none was typed); None: cancelled."""
    start = str(Path.home() / suggested_name())
    path, _filter = FileDialog.getSaveFileName(
        parent, _("Export bundle"), start, _("casefile bundles (*.cfb)"))
    if not path:
        return None
    target = Path(path)
    return target if target.suffix else target.with_suffix(BUNDLE_SUFFIX)


def which_to_import(parent: QWidget) -> Path | None:
    """The bundle file the person chose to import; None: cancelled."""
    path, _filter = FileDialog.getOpenFileName(
        parent, _("Import bundle"), str(Path.home()),
        _("casefile bundles (*.cfb);;All files (*)"))
    return Path(path) if path else None


def ask_to_shred(parent: QWidget) -> bool:
    """After an import: delete the bundle's file now? True if the person said yes."""
    answer = QMessageBox.question(
        parent, _("Delete bundle"),
        _("Delete the bundle file now? A signed bundle left on a seized disk proves who "
          "wrote what."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def shred(path: Path) -> None:
    """Overwrite the file with zeros, flush it to the disk, then remove it.

    Best effort: on SSDs and copy-on-write or journaling file systems the old blocks may
    survive. The bundle is encrypted to its recipients, but its signature names the sender.
    """
    size = path.stat().st_size
    zeros = b"\0" * 65536
    with path.open("r+b") as fh:
        left = size
        while left > 0:
            left -= fh.write(zeros[:min(left, len(zeros))])
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
