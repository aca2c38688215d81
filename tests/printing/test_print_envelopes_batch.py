"""An evening of letter writing: an envelope for everyone in custody, from the group's own
return address, kept encrypted in the vault."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from casefile.domain.errors import CasefileError
from casefile.domain.records import DETAINED
from casefile.services.demo.vault import create_demo
from casefile.services.documents import printing
from casefile.services.records.session import Session
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import tree_bytes
from tests.printing.conftest import TODAY
from tests.printing.pdfcheck import assert_document, has, pages

GROUP = {"name": "Круглова Мария Андреевна", "address": "г. Москва, а/я 15",
         "postal_code": "101000", "phone": ""}


@pytest.fixture
def vault(tmp_path: Path) -> Session:
    session = create_demo(tmp_path / "d.casefile", "pw", kdf_seconds=MIN_KDF_SECONDS,
                          today=TODAY)
    yield session
    session.close()


def test_one_envelope_for_each_person_in_custody(vault: Session) -> None:
    held = [p for p in vault.list("person") if p["status"] in DETAINED]
    assert len(held) >= 3
    data, unknown = printing.print_envelopes(vault)
    texts = pages(data)
    addressees, _ = printing.in_custody(vault)
    assert len(texts) == len(addressees) == len(held) - len(unknown)
    for text, (person, facility) in zip(texts, addressees, strict=True):
        assert has(text, person["full_name"]) and has(text, facility["name"])
    names = [p["full_name"] for p, _f in addressees]
    assert names == sorted(names, key=printing.alphabetical)
    # Ukrainian І sorts beside Russian И, not before А (where its code point puts it).
    assert sorted(["Іжакевич", "Абрамов", "Ильин", "Иванов"], key=printing.alphabetical) == [
        "Абрамов", "Иванов", "Іжакевич", "Ильин"]
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert float(box.width) > float(box.height)  # DL, landscape


def test_someone_without_a_facility_is_named_not_skipped_silently(vault: Session) -> None:
    person = vault.add("person", {"full_name": "Безадресный Иван",
                                  "status": "pretrial_detention"})
    _data, unknown = printing.print_envelopes(vault)
    assert "Безадресный Иван" in unknown
    with pytest.raises(CasefileError, match="no one to address"):
        printing.print_envelopes(vault, [person["id"]])


def test_the_return_address_is_printed_until_it_is_cleared(vault: Session) -> None:
    shown = printing.set_return_address(vault, **GROUP)
    assert shown == GROUP
    data, _ = printing.print_envelopes(vault, size="C5")
    assert_document(data, [GROUP["name"], GROUP["address"]])
    letter = vault.list("letter", {"direction": "out"})[0]
    assert has(pages(printing.print_letter(vault, letter["id"]))[0], GROUP["name"])
    # A sender given explicitly wins over the stored one.
    other = printing.print_envelope(vault, letter["id"], sender={"name": "Другой Отправитель"})
    assert has(pages(other)[0], "Другой Отправитель") and not has(pages(other)[0], GROUP["name"])
    printing.set_return_address(vault)
    assert printing.return_address(vault) == dict.fromkeys(GROUP, "")
    data, _ = printing.print_envelopes(vault)
    assert not has(pages(data)[0], GROUP["name"])


@pytest.mark.parametrize(("values", "message"), [
    ({"postal_code": "10100A"}, "postal_code: digits only"),
    ({"name": "я" * 201}, "name: at most 200 characters"),
    ({"colour": "red"}, "no field colour"),
])
def test_a_bad_return_address_is_named_and_changes_nothing(vault: Session, values: dict,
                                                           message: str) -> None:
    printing.set_return_address(vault, **GROUP)
    with pytest.raises(CasefileError, match=message):
        printing.set_return_address(vault, **{**GROUP, **values})
    assert printing.return_address(vault) == GROUP


def test_the_command_line_prints_envelopes_and_keeps_the_address(cli, tmp_path: Path) -> None:
    demo = tmp_path / "demo.casefile"
    assert cli("--vault", str(demo), "demo", "--kdf-seconds", str(MIN_KDF_SECONDS),
               passphrase="pw").code == 0
    run = lambda *a: cli("--vault", str(demo), *a, passphrase="pw")  # noqa: E731
    assert run("return-address", "--name", GROUP["name"], "--postal-code", "101000").code == 0
    assert run("return-address", "--address", GROUP["address"]).code == 0  # the rest kept
    assert run("return-address", "--json").json() == GROUP
    before = tree_bytes(demo)
    bad = run("return-address", "--postal-code", "ABC")
    assert bad.code == 1 and "digits only" in bad.err and tree_bytes(demo) == before
    run("add", "person", "--data", '{"full_name": "Безадресный Иван", '
                                   '"status": "serving_sentence"}')
    out = tmp_path / "envelopes.pdf"
    done = run("print", "envelopes", "-o", str(out))
    assert done.code == 0, done.err
    assert "no envelope for Безадресный Иван: no facility recorded" in done.err
    assert has(pages(out.read_bytes())[0], GROUP["name"])
    assert run("return-address", "--clear").code == 0
    assert run("return-address", "--json").json()["name"] == ""
