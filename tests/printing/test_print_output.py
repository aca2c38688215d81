"""Pictures of the documents, writing a PDF, and printing's place among the layers."""

from __future__ import annotations

import ast
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import casefile
from casefile.i18n import language
from casefile.services.documents import printing
from casefile.services.records.session import Session
from casefile.ui.documentshots import make_pictures
from tests.printing.conftest import TODAY

PACKAGE = Path(casefile.__file__).parent
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pictures_of_every_document_and_no_pdf_on_disk(tmp_path: Path) -> None:
    before = language()
    written = make_pictures(tmp_path / "shots", today=TODAY)
    assert language() == before
    names = {p.name for p in written}
    assert {"print-letter-ru.png", "print-envelope-ru.png", "print-manifest-ru.png",
            "print-packing-list-ru.png", "print-case-ru.png"} <= names
    for path in written:
        assert path.read_bytes().startswith(PNG)
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == sorted(names)
    assert not list(tmp_path.rglob("*.pdf"))


def test_write_pdf_writes_a_file_only_its_owner_reads(demo: Session, tmp_path: Path) -> None:
    data = printing.print_case(demo, demo.list("case")[0]["id"])
    out = tmp_path / "out"
    out.mkdir()
    target = out / "case.pdf"
    printing.write_pdf(data, target)
    assert target.read_bytes() == data
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in out.iterdir()] == ["case.pdf"]  # no temp file left behind


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_printing_takes_plain_records_and_never_reaches_the_vault_or_qt() -> None:
    offenders = []
    for path in sorted((PACKAGE / "printing").glob("*.py")):
        banned = ["casefile.vault", "casefile.services", "casefile.ui", "casefile.cli", "PySide6",
                  "sqlcipher3"]
        offenders += [f"{path.name}: {m}" for m in _imports(path)
                      if any(m == b or m.startswith(b + ".") for b in banned)]
    assert offenders == []


def test_reportlab_is_loaded_only_when_something_is_printed() -> None:
    code = ("import sys, casefile.services.documents.printing, casefile.printing, "
            "casefile.printing.templates; print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "False"
