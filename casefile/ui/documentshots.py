"""The screenshot tool's pictures of every printed document's first page, for docs/screenshots/.

    python -m casefile.ui.documentshots docs/screenshots

casefile.ui.screenshots makes them after the window's, in the same run. Builds a demo vault
in a temporary folder (encrypted like any vault, removed afterwards), renders each document
through the printing services in the chosen language, and turns the first page into a PNG
with poppler's ``pdftoppm``. The PDF goes to pdftoppm through its standard input: no PDF is
ever written to disk. No Qt: the printing layer makes the documents, this tool only their
pictures.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from casefile.i18n import language as current_language
from casefile.i18n import set_language
from casefile.services.demo.data import demo_id
from casefile.services.demo.vault import create_demo
from casefile.services.documents import printing

RESOLUTION = 60  # dots per inch: small enough for a README, large enough to read
DEMO_SENDER = {"name": "Круглова Мария Андреевна", "address": "г. Москва, а/я 15",
               "postal_code": "101000", "phone": "+7 900 000-00-41"}


def png_of_first_page(pdf: bytes, target: Path, resolution: int = RESOLUTION) -> Path:
    """The PDF's first page as ``target`` (a .png), through pdftoppm's stdin."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise FileNotFoundError("pdftoppm (poppler-utils) is not installed")
    prefix = target.with_suffix("")
    subprocess.run(  # noqa: S603 - a fixed tool, arguments built here
        [tool, "-png", "-r", str(resolution), "-f", "1", "-l", "1", "-singlefile", "-",
         str(prefix)], input=pdf, check=True, capture_output=True, timeout=120)
    return prefix.with_suffix(".png")


def documents(folder: Path, today: date) -> dict[str, Callable[[], bytes]]:
    """Each document's name and how to render it, from a demo vault made in ``folder``."""
    session = create_demo(folder / "demo.casefile", kdf_seconds=0.05, today=today)
    boris = demo_id("person:kagarlitsky")
    letters = [x for x in session.list("letter", {"person_id": boris, "direction": "out"})
               if x.get("body")]
    letter = max(letters, key=lambda x: len(x["body"]))["id"]
    parcels = session.list("parcel", {"status": "planned"})
    parcel = max(parcels, key=lambda p: len(p["items"]))["id"]
    refused = session.list("parcel", {"status": "refused"})
    manifest_parcel = refused[0]["id"] if refused else parcel
    posted = min((p for p in session.list("parcel") if p["kind"] != "handover"),
                 key=lambda p: len(p["items"]))["id"]  # short: both copies on one sheet
    handed = manifest_parcel  # its refused item prints with no warning on the application

    def close() -> bytes:
        session.close()
        return b""

    return {
        "letter": lambda: printing.print_letter(session, letter, sender=DEMO_SENDER,
                                                today=today),
        "request": lambda: printing.print_letter(session, letter, "request-to-head",
                                                 sender=DEMO_SENDER, today=today),
        "envelope": lambda: printing.print_envelope(session, letter, "DL",
                                                    sender=DEMO_SENDER),
        "envelope-c5": lambda: printing.print_envelope(session, letter, "C5"),
        "manifest": lambda: printing.print_manifest(session, manifest_parcel,
                                                    sender=DEMO_SENDER, today=today),
        "form107": lambda: printing.print_form107(session, posted),
        "handover": lambda: printing.print_handover(session, handed, sender=DEMO_SENDER),
        "packing-list": lambda: printing.print_packing_list(session, today,
                                                            today + timedelta(days=14)),
        "case": lambda: printing.print_case(session, demo_id("case:ufa")),
        "_close": close,
    }


def make_pictures(out_dir: Path, language: str = "ru", today: date | None = None) -> list[Path]:
    """Write ``print-<name>-<language>.png`` for every document; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="casefile-print-"))
    previous = current_language()
    written: list[Path] = []
    try:
        set_language(language)
        makers = documents(work, today or date.today())
        try:
            for name, make in makers.items():
                if name.startswith("_"):
                    continue
                target = out_dir / f"print-{name}-{language}.png"
                written.append(png_of_first_page(make(), target))
        finally:
            makers["_close"]()
    finally:
        set_language(previous)
        shutil.rmtree(work, ignore_errors=True)
    return written


if __name__ == "__main__":
    for path in make_pictures(Path(sys.argv[1]) if len(sys.argv) > 1
                              else Path("docs/screenshots")):
        print(path)
