"""The contract's "Printing" commands, on the demo vault."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def demo(cli, vault_dir: Path) -> Path:
    result = cli("demo", "--kdf-seconds", "0.05", passphrase=None)
    assert result.code == 0, result.err
    return vault_dir


def text_of(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def first(cli, record_type: str, **where: str) -> dict:
    argv = ["list", record_type, "--json"]
    for k, v in where.items():
        argv += ["--where", f"{k}={v}"]
    return cli(*argv, passphrase="demo").json()[0]


def test_each_document_prints(cli, demo, tmp_path: Path) -> None:
    letter = first(cli, "letter", direction="out")
    person = cli("get", "person", letter["person_id"], "--json", passphrase="demo").json()
    parcel = first(cli, "parcel")
    case = first(cli, "case")
    jobs = {
        "letter": ["print", "letter", letter["id"]],
        "envelope": ["print", "envelope", letter["id"], "--size", "C5"],
        "manifest": ["print", "manifest", parcel["id"], "--copies", "2"],
        "case": ["print", "case", case["id"]],
        "parcel-list": ["print", "parcel-list", "--from", "2000-01-01", "--to", "2100-01-01"],
    }
    for name, argv in jobs.items():
        out = tmp_path / f"{name}.pdf"
        result = cli(*argv, "-o", str(out), passphrase="demo")
        assert result.code == 0, (name, result.err)
        assert "plaintext" in result.err
        assert out.read_bytes().startswith(b"%PDF")
        assert out.stat().st_mode & 0o077 == 0
    surname = person["full_name"].split()[0]
    assert surname in text_of(tmp_path / "letter.pdf")
    assert surname in text_of(tmp_path / "envelope.pdf")
    assert case["title"] in text_of(tmp_path / "case.pdf")


def test_print_failures_are_named(cli, demo, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    missing = cli("print", "letter", UNKNOWN, "-o", str(out), passphrase="demo")
    assert missing.code == 1 and UNKNOWN in missing.err
    no_target = cli("print", "case", UNKNOWN, passphrase="demo")
    assert no_target.code == 1 and "-o FILE" in no_target.err
    no_dates = cli("print", "parcel-list", "-o", str(out), passphrase="demo")
    assert no_dates.code == 1 and "--from" in no_dates.err
    assert not out.exists()
