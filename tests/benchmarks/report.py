"""Write benchmark figures into docs/performance.md, one section per benchmark."""

from __future__ import annotations

import os
import platform
import statistics
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "performance.md"
HEADER = """# Performance

Measured by the benchmarks in `tests/benchmarks/` (opt-in: `.venv/bin/python -m pytest -m bench`).
Every figure sits beside a baseline measured in the same run on the same machine: the raw
cost of the same work without casefile (plain SQLCipher, pyrage alone...). Each section is
rewritten by its benchmark.
"""


def machine() -> str:
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def row(name: str, runs: list[float], baseline: list[float], target: str) -> str:
    med, base = statistics.median(runs), statistics.median(baseline)
    return (f"| {name} | {med:.3f} | {min(runs):.3f} | {max(runs):.3f} | {base:.3f} | "
            f"{med / base:.1f}× | {target} |")


def write_section(title: str, rows: list[str], notes: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    start = f"\n## {title}\n"
    table = ("| figure | median s | min s | max s | baseline median s | ratio | target |\n"
             "| --- | --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows))
    section = (f"{start}\nMeasured {datetime.now(UTC):%Y-%m-%d} on {machine()}.\n\n{table}\n\n"
               f"{notes.strip()}\n")
    if start in text:
        before, _sep, rest = text.partition(start)
        following = rest.find("\n## ")
        text = before + section + (rest[following:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n" + section
    DOC.write_text(text, encoding="utf-8")
