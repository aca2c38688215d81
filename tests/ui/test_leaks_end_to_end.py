"""End to end: the command line and the window, every kind of field, a file, a print preview
and a bundle; afterwards no file under HOME, the temp folders or the vault holds a marker,
in any common encoding, except the files the person chose to write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from casefile.domain.fields import Kind
from casefile.domain.records import SPECS
from casefile.ui.mainwindow import MainWindow
from casefile.ui.recordpage import RecordPage
from tests.ui.conftest import type_text, unlock

PASS = "end to end leak passphrase"
# Records are made in this order so that every reference points at something that exists.
ORDER = ("facility", "person", "contact", "case", "letter", "hearing", "parcel", "event", "task",
         "payment")
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "cp1251", "koi8-r", "cp866")


class Markers:
    """Unique strings, one per field, that appear nowhere but where they were typed."""

    def __init__(self) -> None:
        self.all: list[str] = []

    def new(self, where: str, max_length: int | None = None) -> str:
        marker = f"Зюйд{len(self.all):03d}Квакс{where.replace('_', '')[:10]}"
        if max_length is not None and len(marker) > max_length:
            marker = f"Зю{len(self.all):03d}Кв"  # still unique, and rare enough
        self.all.append(marker)
        return marker


def field_value(kind: Kind, spec: Any, markers: Markers, made: dict[str, str],
                where: str) -> Any:
    n = len(markers.all)
    values: dict[Kind, Any] = {
        Kind.INT: spec.min_value if spec.min_value is not None else 1990,
        Kind.NUMBER: 1.5, Kind.BOOL: False, Kind.DATE: "2026-11-20",
        Kind.DATETIME: "2026-12-01T10:00:00+05:00", Kind.DECIMAL: "1500.50",
        Kind.TIMEZONE: "Asia/Yekaterinburg",
        Kind.EMAIL: f"zyujd{n:03d}kvaks@example.org",
        Kind.PHONE: f"+7 912 {n:03d}-{n % 97:02d}-{n % 89:02d}",
    }
    if kind in values:
        if kind in (Kind.EMAIL, Kind.PHONE):
            markers.all.append(values[kind])
        return values[kind]
    makers = {
        Kind.ENUM: lambda: spec.choices[0].value,
        Kind.REF: lambda: made[spec.ref],
        Kind.REFLIST: lambda: [made[spec.ref]],
        Kind.STRLIST: lambda: [markers.new(where)],
        Kind.ITEMS: lambda: [{"name": markers.new(where), "quantity": 2, "unit_weight_g": 300}],
    }
    if kind in makers:
        return makers[kind]()
    if spec.max_length is not None and spec.max_length < 8:
        return "RUB"  # a currency code: too short to carry a marker, and not case data
    return markers.new(where, spec.max_length)  # TEXT, LONGTEXT


def record_data(record_type: str, markers: Markers, made: dict[str, str]) -> dict[str, Any]:
    data = {}
    for spec in SPECS[record_type].fields:
        if spec.readonly:
            continue
        data[spec.name] = field_value(spec.kind, spec, markers, made,
                                      f"{record_type}{spec.name}")
    return data


def found_in(root: Path, markers: list[str], skip: list[Path]) -> list[str]:
    encoded = [(m, m.encode(e)) for m in markers for e in ENCODINGS
               if m.encode(e, errors="ignore") == m.encode(e, errors="replace")]
    # As URLs write them (Qt's settings keep visited folders as file:// URLs).
    encoded += [(m, quote(m).encode("ascii")) for m in markers]
    leaks = []
    for path in root.rglob("*"):
        if not path.is_file() or path.is_symlink() or any(s in path.parents for s in skip):
            continue
        data = path.read_bytes()
        leaks += sorted({f"{path.relative_to(root)}: {m}" for m, e in encoded if e in data})
    return leaks


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """HOME, XDG folders and TMPDIR all inside the test's folder, for this process and the
    command-line processes it starts."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    home = Path(os.environ["HOME"])
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    env = dict(os.environ)
    env.pop("CASEFILE_PASSPHRASE", None)
    return env


def test_cli_window_bundle_and_print_leave_no_plaintext(qtbot, window: MainWindow,
                                                        tmp_path: Path,
                                                        environment: dict[str, str]) -> None:
    vault = tmp_path / "vaults" / "group.casefile"
    partner = tmp_path / "vaults" / "partner.casefile"
    chosen = tmp_path / "chosen-by-the-person"
    chosen.mkdir()
    (chosen / "pass").write_text(PASS + "\n", encoding="utf-8")
    markers = Markers()

    def cli(*argv: str, folder: Path = vault) -> str:
        done = subprocess.run([sys.executable, "-m", "casefile.cli", "--vault", str(folder),
                               "--passphrase-file", str(chosen / "pass"), *argv],
                              env=environment, capture_output=True, text=True, check=False,
                              stdin=subprocess.DEVNULL, cwd=tmp_path)
        assert done.returncode == 0, (argv, done.stderr)
        return done.stdout

    # -- the command line: every record type, every kind of field -----------------------------
    cli("init", "--kdf-seconds", "0.05")
    cli("init", "--kdf-seconds", "0.05", folder=partner)
    made: dict[str, str] = {}
    names: dict[str, str] = {}
    for record_type in ORDER:
        data = record_data(record_type, markers, made)
        names[record_type] = str(data.get("full_name") or data.get("title") or "")
        made[record_type] = json.loads(cli("add", record_type, "--data", json.dumps(data),
                                           "--json"))["id"]
    scan = chosen / "скан.txt"
    scan.write_text(markers.new("attachment"), encoding="utf-8")
    cli("attach", "person", made["person"], str(scan))
    assert made["person"] in cli("search", names["person"], "--json")
    cli("print", "case", made["case"], "-o", str(chosen / "case.pdf"))
    partner_id = cli("identity", "--json", folder=partner)
    cli("contact-key", "add", "Partner", partner_id)
    cli("share", "Partner", "--all")
    cli("bundle", "export", "--to", "Partner", "-o", str(chosen / "to-partner.cfb"))

    # -- the window: edit, view the file, preview a print, search, lock -----------------------
    unlock(qtbot, window, vault, PASS)
    people = window.page_of["person"]
    assert isinstance(people, RecordPage)
    window.open_record("person", made["person"])
    notes = people.editor.input("notes")
    notes.setPlainText("")
    type_text(notes, markers.new("windownotes"))
    with qtbot.waitSignal(people.editor.saved):
        people.editor.save_button.click()
    attachment = people.files.list.item(0)
    assert attachment is not None
    viewer = people.files.view(people.session.attachments(made["person"])[0].id)
    qtbot.addWidget(viewer)
    letters = window.page_of["letter"]
    assert isinstance(letters, RecordPage)
    window.open_record("letter", made["letter"])
    letters.print_actions["Letter"].trigger()  # the Print… menu, as a volunteer would
    preview = letters.preview_dialog
    assert preview is not None
    qtbot.addWidget(preview)
    type_text(window.search_field, names["case"])
    assert window.results.count() > 0
    preview.close()
    viewer.close()
    window.lock()
    window.close()
    window.settings.sync()

    # -- nothing outside the files the person chose -------------------------------------------
    assert (chosen / "case.pdf").is_file() and (chosen / "to-partner.cfb").is_file()
    leaks = found_in(tmp_path, markers.all, skip=[chosen])
    assert leaks == []
    # The checker finds what it should: the file the person chose to attach holds a marker.
    assert found_in(chosen, [markers.all[-2]], skip=[]) != []
