"""Benchmark (opt-in: -m bench): 300 single-letter adds into a fund's vault of 50,000
letters imported from JSON Lines, with the full-text index merging a few pages in every
write (schema 17) beside FTS5's defaults (its crisis merge rewrote the whole index inside
one write). Recorded in docs/performance.md."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from casefile.services.records.session import Session
from casefile.vault import searchindex
from tests.benchmarks.report import row, seconds, write_section
from tests.benchmarks.test_cli_memory_bench import PASSPHRASE, Vault

# The 50,000-letter vault the command-line benchmark builds from the fund generator.
from tests.benchmarks.test_cli_memory_bench import vault as fund_vault  # noqa: F401

pytestmark = pytest.mark.bench
WRITES = 300
QUERIES = ("письмо", "суд", "адвокат", "передача", "камера")
TITLE = "Single writes into a vault of 50,000 letters: the full-text index's merges"


def _open(source: Path, copy: Path, defaults: bool) -> Session:
    shutil.copytree(source, copy)
    # The copy's 700 MB are dirty in the page cache: the first checkpoint's fsync would
    # write them all and time the copy, not casefile.
    os.sync()
    session = Session.open(copy, PASSPHRASE)
    if defaults:  # as before schema 17: no steps, FTS5's crisis merge at 16 segments
        session.vault.db.merges_index = False
        with session.vault.db.transaction() as conn:
            conn.execute("DELETE FROM search_config WHERE k = 'crisismerge'")
    return session


def _searches(session: Session) -> list[float]:
    times = []
    for text in QUERIES:
        start = time.perf_counter()
        session.search(text, limit=20)
        times.append(time.perf_counter() - start)
    return times


def _add(session: Session, person: str, n: int, added: dict[str, str]) -> float:
    start = time.perf_counter()
    letter = session.add("letter", {
        "person_id": person, "direction": "in", "status": "delivered",
        "sent_on": f"2026-11-{1 + n % 28:02d}", "subject": f"Письмо {n} из СИЗО-1",
        "body": "Здравствуйте! Пишу вам из камеры. " * 40})
    took = time.perf_counter() - start
    added[letter["id"]] = f"letter {n}"
    return took


def _p95(times: list[float]) -> float:
    return sorted(times)[int(0.95 * len(times))]


def test_single_writes_into_a_fund(fund_vault: Vault, tmp_path: Path) -> None:  # noqa: F811
    stepped = _open(fund_vault.folder, tmp_path / "stepped.casefile", defaults=False)
    plain = _open(fund_vault.folder, tmp_path / "plain.casefile", defaults=True)
    ends = (stepped, plain)
    times: dict[int, list[float]] = {id(s): [] for s in ends}
    found: dict[int, list[float]] = {id(s): _searches(s) for s in ends}
    people = {id(s): s.add("person", {"full_name": "Галимов Ринат"})["id"] for s in ends}
    added: dict[int, dict[str, str]] = {id(s): {} for s in ends}
    for n in range(WRITES):  # alternating, so a load on the machine falls on both alike
        for s in ends if n % 2 == 0 else ends[::-1]:
            times[id(s)].append(_add(s, people[id(s)], n, added[id(s)]))
    after = {id(s): _searches(s) for s in ends}
    # The new letters have new ids in each copy: compare them by their number.
    hits = [[added[id(s)].get(h.id, h.id) for h in s.search(q, limit=50)]
            for s in ends for q in QUERIES]
    for s in ends:
        s.close()
    new, old = times[id(stepped)], times[id(plain)]
    assert hits[:len(QUERIES)] == hits[len(QUERIES):]  # the same letters found either way
    slow_old = ", ".join(f"write {n + 1} took {seconds(t)}" for n, t in enumerate(old) if t > 0.3)
    slow_new = [(n + 1, t) for n, t in enumerate(new) if t > 0.3]
    spikes = (f"no write took over 0.3 s merging in steps; with the defaults "
              f"{slow_old or 'none did'}" if not slow_new else
              f"{len(slow_new)} writes took over 0.3 s merging in steps")
    write_section(TITLE, [
        row(f"one letter added (Session.add), {WRITES} in a row, merging in steps", new, old,
            "≤ 0.3 s each"),
        row("the same with FTS5's defaults (before schema 17)", old, None, "—"),
        row("a search (20 hits) after the writes, merging in steps", after[id(stepped)],
            after[id(plain)], "—"),
        row("a search before the writes", found[id(stepped)], None, "—"),
    ], f"""
Two copies of the vault of {fund_vault.letters:,} letters the command-line benchmark builds
(tests/benchmarks/fund.py, imported from JSON Lines) each take {WRITES} single-letter adds
through the service layer, alternating: one as casefile now leaves it (schema 17,
m0017_index_merging), the other with FTS5's defaults, as before. The 95th percentile is
{seconds(_p95(new))} a write merging in steps ({seconds(_p95(old))} with the defaults);
{spikes}. Both copies find the same records for the {len(QUERIES)} searches. Each write's
step is {searchindex.MERGE_PAGES} pages (`searchindex.MERGE_PAGES`), and a level may hold
{searchindex.CRISIS_MERGE} segments (`searchindex.CRISIS_MERGE`); the section above says why.
""")
    assert not slow_new
