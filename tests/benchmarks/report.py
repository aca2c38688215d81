"""Write benchmark figures into docs/performance.md, one section per benchmark."""

from __future__ import annotations

import os
import platform
import statistics
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "performance.md"
HEADER = """# Performance

Measured by the benchmarks in `tests/benchmarks/` (opt-in). Rerun all of them, which
rewrites the sections below, with:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m bench tests/benchmarks -s

(`-k fund` for the 100,000-letter vault only, `-k bundle` or `-k print` for the others;
the large vault is generated once per run, which takes several minutes.)

Every figure sits beside a baseline measured in the same run on the same machine: the raw
cost of the same work without casefile (plain SQLCipher with the same settings, a raw FTS5
table, reportlab or pyrage alone). On a shared machine the absolute figures move with the
load; the ratios to the same-run baseline are what to compare between runs.
"""


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def sqlcipher_version() -> str:
    import sqlcipher3

    con = sqlcipher3.connect(":memory:")
    try:
        cipher = con.execute("PRAGMA cipher_version").fetchone()[0]
        sqlite = con.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        con.close()
    return f"SQLCipher {cipher} (SQLite {sqlite})"


def machine() -> str:
    return (f"{platform.system()} {platform.machine()}, {cpu_model()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {sqlcipher_version()}")


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def row(name: str, runs: list[float], baseline: list[float] | None, target: str, *,
        unit: str = "s") -> str:
    """A table row: median, min and max of ``runs`` beside the baseline's median.

    ``unit`` "s" formats seconds (as ms below one second); "MB" formats megabytes.
    """
    show = seconds if unit == "s" else (lambda v: f"{v:.0f} {unit}")
    med = statistics.median(runs)
    if baseline:
        base = statistics.median(baseline)
        base_text, ratio = show(base), f"{med / base:.1f}×"
    else:
        base_text = ratio = "—"
    return (f"| {name} | {show(med)} | {show(min(runs))} | {show(max(runs))} | {len(runs)} | "
            f"{base_text} | {ratio} | {target} |")


def write_section(title: str, rows: list[str], notes: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    if not text.startswith(HEADER):  # keep the header (how to rerun) current
        first = text.find("\n## ")
        text = HEADER + (text[first:] if first >= 0 else "")
    start = f"\n## {title}\n"
    table = ("| figure | median | min | max | runs | baseline (median) | ratio | target |\n"
             "| --- | --- | --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows))
    section = (f"{start}\nMeasured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.\n\n"
               f"{table}\n\n{notes.strip()}\n")
    if start in text:
        before, _sep, rest = text.partition(start)
        following = rest.find("\n## ")
        text = before + section + (rest[following:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n" + section
    DOC.write_text(text, encoding="utf-8")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)
