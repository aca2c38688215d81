"""Starting the command line, the services or the window does not load reportlab or pypdf.

Both take a noticeable part of a second to import; they are loaded only when something is
printed or a PDF is read (casefile/printing, casefile/services/documents/printing.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, sys
from pathlib import Path
import casefile.cli.dispatch
from casefile.services.views import dashboard
from casefile.services.documents import printing
from casefile.services.exchange import bundles
from casefile.services.records import transfer
from casefile.services.records.session import Session
from casefile.vault.keys import MIN_KDF_SECONDS
with Session.create(Path(sys.argv[1]), "pw", MIN_KDF_SECONDS) as session:
    person = session.add("person", {"full_name": "Анна"})
    letter = session.add("letter", {"person_id": person["id"], "body": "письмо"})
    session.search("письмо")
    transfer.export_jsonl(session, Path(sys.argv[2]))
    if sys.argv[3] == "window":
        from PySide6.QtWidgets import QApplication
        import casefile.ui.app
        from casefile.ui.mainwindow import MainWindow  # imports every page
        app = QApplication([])
    before = sorted({name.split(".")[0] for name in sys.modules} & {"reportlab", "pypdf"})
    printing.print_letter(session, letter["id"])  # the control: now reportlab is needed
    after = sorted({name.split(".")[0] for name in sys.modules} & {"reportlab", "pypdf"})
print(json.dumps([before, after]))
"""


def _loaded(tmp_path: Path, mode: str) -> list[list[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / f"{mode}.casefile"),
         str(tmp_path / f"{mode}.jsonl"), mode],
        env=env, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_command_line_and_services_do_not_import_reportlab_or_pypdf(tmp_path: Path) -> None:
    before, after = _loaded(tmp_path, "services")
    assert before == []
    assert "reportlab" in after  # printing a letter does load it: the check can see it


def test_the_window_modules_do_not_import_reportlab_or_pypdf(tmp_path: Path) -> None:
    before, _after = _loaded(tmp_path, "window")
    assert before == []


# -- import per command (issue 18, item 8) ---------------------------------------------------

COMMAND = r"""
import json, sys
from casefile.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted(sys.modules)]))
"""


def _modules(*argv: str, vault: Path | None = None) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CASEFILE_PASSPHRASE": "pw"}
    args = ["--vault", str(vault), *argv] if vault else list(argv)
    done = subprocess.run([sys.executable, "-c", COMMAND, *args], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0, done.stderr
    return set(modules)


def _packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


HEAVY = {"PySide6", "reportlab", "pypdf", "sqlcipher3", "cryptography", "keyring", "babel"}


def test_version_imports_nothing_but_the_command_line() -> None:
    modules = _modules("--version")
    assert not _packages(modules) & (HEAVY | {"platformdirs", "Stemmer"})
    assert {m for m in modules if m.startswith("casefile")} <= {
        "casefile", "casefile.cli", "casefile.domain", "casefile.domain.errors",
        "casefile.i18n", "casefile.process"}


def test_help_does_not_open_the_vault_layer() -> None:
    modules = _modules("--help")
    assert not _packages(modules) & {"PySide6", "reportlab", "pypdf", "sqlcipher3"}
    assert not {"casefile.services.records.session", "casefile.vault.db", "casefile.vault.vault",
                "casefile.ui", "casefile.printing", "casefile.sync"} & modules


def test_a_simple_command_loads_only_what_it_runs(tmp_path: Path) -> None:
    vault = tmp_path / "v.casefile"
    _modules("init", "--kdf-seconds", "0.05", vault=vault)
    modules = _modules("list", "letter", "--json", vault=vault)
    assert "sqlcipher3" in _packages(modules)  # it did open the vault: the check can see it
    assert not _packages(modules) & {"PySide6", "reportlab", "pypdf", "keyring", "babel"}
    assert not {m for m in modules if m.startswith(("casefile.ui", "casefile.printing",
                                                    "casefile.sync", "casefile.services.exchange"))}
