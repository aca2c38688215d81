"""The map matches the house: every path under casefile/ (and tests/) that docs/architecture.md
and CONTRIBUTING.md name exists, so a newcomer following them never opens a folder that moved."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("docs/architecture.md", "CONTRIBUTING.md")
# `casefile/…`, `tests/…`: a folder (ending in /) or a file; `…::name` and `mNNNN_…` patterns aside.
PATH = re.compile(r"\b((?:casefile|tests)/[\w/.*]*[\w/*])")


def named_paths(text: str) -> set[str]:
    return {m.rstrip(".") for m in PATH.findall(text) if "NNNN" not in m}


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_the_doc_names_exists(doc: str) -> None:
    named = named_paths((ROOT / doc).read_text(encoding="utf-8"))
    assert named, f"{doc} names no path at all"
    assert sorted(p for p in named if not any(ROOT.glob(p.rstrip("/")))) == []


def test_the_finder_finds_paths() -> None:
    text = "see `casefile/services/records/`, casefile/vault/merge.py. Then tests/ui/test_*.py."
    assert named_paths(text) == {"casefile/services/records/", "casefile/vault/merge.py",
                                 "tests/ui/test_*.py"}
    assert not any(ROOT.glob("casefile/nowhere"))
