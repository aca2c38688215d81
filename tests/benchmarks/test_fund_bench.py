"""Benchmarks (opt-in: -m bench) on a fund's vault of 100,000 letters (see conftest.py).

Search, unlocking, the window and its Letters list, and memory while browsing, each beside
a baseline measured in the same run without casefile code where one exists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casefile.services.records.session import Session
from casefile.vault import header as hdr
from casefile.vault import keys
from casefile.vault.folder import header_path
from tests.benchmarks.conftest import Fund, raw_connect
from tests.benchmarks.report import median, p95, row, seconds

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = pytest.mark.bench
RUNS = 5
REPO = Path(__file__).resolve().parents[2]

# What a person types, and the raw FTS5 query that finds the same words in the plain text
# (a raw index has no stems and no ё/е folding, so word forms are spelt out as prefixes).
QUERIES = (
    ("письмо", "письм*"),
    ("письма", "письм*"),
    ("адвокат жалоба", "адвокат* AND жалоб*"),
    ("ёлка", "ёлк*"),
    ("елку", "ёлк*"),
    ("Соловьёв", "соловьёв*"),
    ("Семенов", "семёнов*"),
    ("Тверь", "твер*"),
    ("прокурор запросил", "прокурор* AND запрос*"),
    ("letters", "letter*"),
    ("appeal", "appeal*"),
    ("cassation", "cassation*"),
    ("Кузнецов Андрей", "кузнецов* AND андре*"),
    ("пикет песню", "пикет* AND песн*"),
)
RAW_SEARCH = ("SELECT l.id, l.subject, snippet(search, 1, '[', ']', '…', 12) FROM search "
              "LEFT JOIN letter l ON l.rowid = search.rowid WHERE search MATCH ? "
              "ORDER BY rank LIMIT 20")


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def test_fund_search(fund: Fund) -> None:
    session = Session.open(fund.folder, fund.passphrase)
    raw = raw_connect(fund.raw_db)
    try:
        for text, expression in QUERIES:  # warm both caches once
            session.search(text, limit=20)
            raw.execute(RAW_SEARCH, (expression,)).fetchall()
        ours, base, hits = [], [], {}
        for _ in range(RUNS):
            for text, expression in QUERIES:
                started = time.perf_counter()
                found = session.search(text, limit=20)
                ours.append(time.perf_counter() - started)
                hits[text] = len(found)
                base.append(timed(lambda e=expression: raw.execute(RAW_SEARCH, (e,)).fetchall()))
        matches = {text: session.count("letter", match=text) for text, _e in QUERIES}
    finally:
        raw.close()
        session.close()
    # The figures the targets speak of.
    assert matches["письмо"] > 1000 and hits["письмо"] == 20
    assert matches["ёлка"] == matches["елку"] > 0  # ё and е are one letter to search
    fund.report.rows.append(row("search with snippets (20 best hits; median over "
                                f"{len(QUERIES)} queries × {RUNS})", ours, base,
                                "≤ 50 ms, ≤ 3× baseline"))
    fund.report.rows.append(row("search with snippets, 95th percentile", [p95(ours)],
                                [p95(base)], "≤ 150 ms"))
    common = ", ".join(f"{t} {matches[t]:,}" for t in ("письмо", "адвокат жалоба", "letters",
                                                      "Соловьёв", "cassation"))
    fund.report.notes.append(
        f"Search runs {len(QUERIES)} queries (Russian word forms, ё/е, names, English, two "
        "words, one with no hit) five times each through `Session.search` (stems, ё/е "
        "folding, transliterated names, bm25 over title, body and names, each hit read back "
        "and its snippet cut in Python). The baseline asks a raw FTS5 table over the same "
        "plain text for the same words (prefixes spelt out), with FTS5's own `snippet()`. "
        f"Records matching, for scale: {common}. Profiling showed all the time in SQL: "
        "the query joined every match to its record before ranking (300 ms for a common "
        "word); it now ranks in the index and joins only the best 20. What remains beyond "
        "the baseline is the stem index's OR with the transliterated-name column, bm25 "
        "weights, reading each hit's record and cutting its snippet in Python.")


def test_fund_unlock(fund: Fund) -> None:
    header = hdr.read(header_path(fund.folder))
    kdf = header.kdf
    opening, deriving = [], []
    for _ in range(RUNS):
        deriving.append(timed(lambda: keys.derive(fund.passphrase, header.salt, kdf).wipe()))
        started = time.perf_counter()
        session = Session.open(fund.folder, fund.passphrase)
        session.count("letter")
        opening.append(time.perf_counter() - started)
        session.close()
    extra = [o - d for o, d in zip(opening, deriving, strict=True)]
    fund.report.rows.append(row("unlock: key derivation, open, first count", opening,
                                deriving, "derivation + ≤ 50 ms"))
    fund.report.notes.append(
        f"Unlock is `Session.open` on the large vault followed by counting its letters; the "
        f"baseline is the calibrated Argon2id derivation alone (memory "
        f"{kdf.memory_kib // 1024} MiB, {kdf.iterations} iterations). Unlocking "
        f"costs {seconds(median(extra))} beyond the derivation (median).")


def _window(qtbot: object, tmp_path: Path) -> object:
    from PySide6.QtCore import QSettings

    from casefile.ui.mainwindow import MainWindow
    from casefile.ui.worker import Worker

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    worker = Worker()
    win = MainWindow(worker, settings, kdf_seconds=keys.MIN_KDF_SECONDS, idle_minutes=60)
    win.show()
    qtbot.waitExposed(win)  # type: ignore[attr-defined]
    return win


def _close(win: object) -> None:
    win.lock()  # type: ignore[attr-defined]
    win.close()  # type: ignore[attr-defined]
    win.worker.wait()  # type: ignore[attr-defined]
    win.deleteLater()  # type: ignore[attr-defined]


def test_fund_window(fund: Fund, qtbot: object, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    key = Session.derive_key(fund.folder, fund.passphrase)
    starting, unlocked = [], []
    for n in range(3):
        started = time.perf_counter()
        win = _window(qtbot, tmp_path / str(n))
        QApplication.processEvents()
        starting.append(time.perf_counter() - started)
        started = time.perf_counter()
        win.on_unlocked(Session.open_with_key(  # type: ignore[attr-defined]
            fund.folder, keys.Secret(key.bytes())))
        QApplication.processEvents()
        assert win.workspace.isVisible()  # type: ignore[attr-defined]
        unlocked.append(time.perf_counter() - started)
        _close(win)
        QApplication.processEvents()
    key.wipe()
    total = [s + u for s, u in zip(starting, unlocked, strict=True)]
    fund.report.rows.append(row("window shown, then unlocked to a usable main window "
                                "(every page built)", total, None, "≤ 1 s"))
    fund.report.notes.append(
        f"The window figure is the main window built and shown (median "
        f"{seconds(median(starting))}), then, once the key is derived, the vault opened and "
        f"the workspace built with every page, its counts and first pages (median "
        f"{seconds(median(unlocked))}), offscreen. Before this benchmark, opening the window "
        "on this vault took over two minutes: the dashboard's unanswered-letters query "
        "searched each person's letters for every letter. It now takes a grouped maximum "
        "each way over a covering index (schema 5), in about 20 ms; column widths are "
        "measured on the first 50 rows instead of every loaded row.")


def test_fund_letters_list(fund: Fund, qtbot: object) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from casefile.ui.attachments import PlaintextCopies
    from casefile.ui.recordpage import RecordPage

    session = Session.open(fund.folder, fund.passphrase)
    copies = PlaintextCopies()
    raw = raw_connect(fund.raw_db)
    runs, base = [], []
    try:
        for _ in range(RUNS):
            started = time.perf_counter()
            page = RecordPage(session, "letter", copies)
            page.resize(1200, 800)
            page.show()
            QApplication.processEvents()
            model, view = page.model, page.view
            last = model.ensure_row(model.total - 1)
            view.scrollTo(last)
            view.scrollToBottom()
            QApplication.processEvents()
            shown = model.data(model.index(model.total - 1, 4), Qt.ItemDataRole.DisplayRole)
            runs.append(time.perf_counter() - started)
            assert shown and model.rowCount() == model.total == fund.sizes.letters
            assert view.rowAt(view.viewport().height() - 2) in (model.total - 1, -1) or \
                view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
            page.close()
            page.deleteLater()
            QApplication.processEvents()

            def raw_pages() -> None:
                raw.execute("SELECT count(*) FROM letter").fetchone()
                raw.execute("SELECT * FROM letter ORDER BY sent_on DESC LIMIT 200").fetchall()
                raw.execute("SELECT * FROM letter ORDER BY sent_on DESC LIMIT 200 OFFSET ?",
                            (fund.sizes.letters - 200,)).fetchall()

            base.append(timed(raw_pages))
    finally:
        raw.close()
        session.close()
    fund.report.rows.append(row(f"Letters list of {fund.sizes.letters:,}: open and jump "
                                "to its end", runs, base, "≤ 100 ms"))
    fund.report.notes.append(
        "The list figure builds the Letters page (list and editor) offscreen, jumps to the "
        "last letter and waits until its row's data is fetched and painted; sorting is in "
        "SQL. The baseline is the same three queries on the raw table: the count, the first "
        "page and the last page, in date order. Jumping to the end used to take 2 s: the "
        "page query's OFFSET read and decrypted every skipped letter, bodies and all; deep "
        "pages now skip rows in the sort column's index and read only the 200 shown, and "
        "the count no longer joins every letter to its record row. Most of what is left is "
        "building the page's widgets (list, editor, attachments panel) and painting.")


MEMORY_SCRIPT = r"""
import json, resource, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
if sys.argv[1] == "window":
    from PySide6.QtCore import QSettings
    from casefile.services.records.session import Session
    from casefile.ui.mainwindow import MainWindow
    from casefile.ui.worker import Worker
    settings = QSettings(str(Path(sys.argv[4]) / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Worker(), settings, kdf_seconds=0.05, idle_minutes=60)
    win.resize(1280, 860)
    win.show()
    win.on_unlocked(Session.open(Path(sys.argv[2]), sys.argv[3]))
    win.show_section("letter")
    page = win.page_of["letter"]
    view = page.view
    app.processEvents()
    bar = view.verticalScrollBar()
    # Scroll through the whole list, 200 rows (one page of the model) at a time, painting
    # each stop and letting Qt fetch more at the bottom as it does for a person.
    while page.model.canFetchMore(view.rootIndex()) or bar.value() < bar.maximum():
        bar.setValue(bar.value() + 200)
        app.processEvents()
    rows = page.model.rowCount()
    page.filter.setText("письмо")
    app.processEvents()
    win.lock()
    app.processEvents()
else:
    from PySide6.QtWidgets import QMainWindow, QTableView
    win = QMainWindow()
    win.setCentralWidget(QTableView())
    win.resize(1280, 860)
    win.show()
    app.processEvents()
    rows = 0
# Linux keeps ru_maxrss across fork and exec, so a child started from a big pytest process
# would report the parent's size: use this process image's own high-water mark there.
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
status = Path("/proc/self/status")
if status.exists():
    peak = next(int(line.split()[1]) for line in status.read_text().splitlines()
                if line.startswith("VmHWM:"))
print(json.dumps({"rss_kb": peak, "rows": rows}))
"""


def _peak_mb(*args: str) -> tuple[float, int]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, *args], env=env,
                          capture_output=True, text=True, timeout=1800, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return out["rss_kb"] / 1024, out["rows"]


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage is POSIX")
def test_fund_memory_browsing(fund: Fund, tmp_path: Path) -> None:
    peak, rows = _peak_mb("window", str(fund.folder), fund.passphrase, str(tmp_path))
    qt_alone, _rows = _peak_mb("qt")
    assert rows == fund.sizes.letters
    fund.report.rows.append(row(f"peak memory browsing all {rows:,} letters in the window",
                                [peak], [qt_alone], "≤ 300 MB", unit="MB"))
    fund.report.notes.append(
        "Memory is the peak resident set (VmHWM; getrusage where there is no /proc) of a "
        "separate process that opens the window offscreen on the vault, scrolls the "
        "Letters list from top to bottom 200 rows at a time, then filters it; the baseline "
        "is a process showing an empty Qt table window. The model keeps at most 20 pages "
        "of 200 records however far one scrolls.")
