"""The map matches the house: every path under casefile/ (and tests/) that the README,
CONTRIBUTING.md and docs/*.md name exists, so a reader following them never opens a file that
moved."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("README.md", "CONTRIBUTING.md", *sorted(str(p.relative_to(ROOT))
                                               for p in (ROOT / "docs").glob("*.md")))
# `casefile/…`, `tests/…`: a folder (ending in /) or a file; `…::name` and `mNNNN_…` patterns aside.
PATH = re.compile(r"(?<![\w/.])((?:casefile|tests|domain|vault|sync|printing|services|cli|ui)"
                  r"/[\w/.*]*[\w/*])")
# The docs name modules inside the package without its folder: `vault/merge.py`.
LAYERS = ("domain/", "vault/", "sync/", "printing/", "services/", "cli/", "ui/")


# resources/ is staged as casefile/resources only inside a build (docs/release.md says so).
BUILT = {"casefile/resources"}
NAMED = re.compile(r"(?<![\w/.])((?:casefile|tests|domain|vault|sync|printing|services|cli|ui)"
                   r"/[\w/]*\.py)::(\w+)")


def named_paths(text: str) -> set[str]:
    found = {m.rstrip(".") for m in PATH.findall(text) if "NNNN" not in m} - BUILT
    return {f"casefile/{p}" if p.startswith(LAYERS) else p for p in found}


def named_definitions(text: str) -> set[tuple[str, str]]:
    """`file.py::name` pairs: the name must be defined in that file."""
    return {(f"casefile/{p}" if p.startswith(LAYERS) else p, name)
            for p, name in NAMED.findall(text)}


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_the_doc_names_exists(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    named = named_paths(text)
    assert sorted(p for p in named if not any(ROOT.glob(p.rstrip("/")))) == []
    missing = [f"{path}::{name}" for path, name in sorted(named_definitions(text))
               if (ROOT / path).is_file() and not re.search(
                   rf"^\s*(?:async def|def|class)\s+{name}\b|^\s*{name}\s*[:=]",
                   (ROOT / path).read_text(encoding="utf-8"), re.M)]
    assert missing == []


@pytest.mark.parametrize("doc", ["docs/architecture.md", "CONTRIBUTING.md"])
def test_the_maps_name_the_folders(doc: str) -> None:
    assert len(named_paths((ROOT / doc).read_text(encoding="utf-8"))) > 10


def test_the_finder_finds_paths() -> None:
    text = "see `casefile/services/records/`, vault/merge.py. Then tests/ui/test_*.py."
    assert named_paths(text) == {"casefile/services/records/", "casefile/vault/merge.py",
                                 "tests/ui/test_*.py"}
    assert not any(ROOT.glob("casefile/nowhere"))
    assert named_definitions("`vault/peers.py::remove`") == {("casefile/vault/peers.py", "remove")}
