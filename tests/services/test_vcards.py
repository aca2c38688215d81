"""Contacts to vCard and back, read by vobject; imports are all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from casefile.domain.errors import CasefileError
from casefile.services.interop import vcards
from casefile.services.records.session import Session

LAWYER = {"full_name": "Петров Пётр Петрович", "role": "lawyer",
          "organization": "Адвокатская палата Москвы", "phone": "+7 900 123-45-67",
          "email": "petrov@example.org", "address": "Москва, ул. Тверская, 1",
          "notes": "Берёт дела по 205.2"}


def test_export_is_read_by_vobject_with_the_right_names(session: Session,
                                                          tmp_path: Path) -> None:
    lawyer = session.add("contact", LAWYER)
    session.add("contact", {"full_name": "Иванова Анна", "role": "relative"})
    out = tmp_path / "contacts.vcf"
    assert vcards.export_vcards(session, out) == 2
    cards = list(vobject.readComponents(out.read_text(encoding="utf-8")))
    assert [c.fn.value for c in cards] == ["Иванова Анна", "Петров Пётр Петрович"]
    card = cards[1]
    assert card.version.value == "3.0"
    assert (card.n.value.family, card.n.value.given, card.n.value.additional) == (
        "Петров", "Пётр", "Петрович")
    assert card.tel.value == LAWYER["phone"]
    assert card.email.value == LAWYER["email"]
    assert card.org.value == [LAWYER["organization"]]
    assert card.note.value == LAWYER["notes"]
    assert card.adr.value.street == LAWYER["address"]
    assert card.role.value == "lawyer"
    assert card.uid.value == f"urn:uuid:{lawyer['id']}"


def test_export_of_one_role(session: Session, tmp_path: Path) -> None:
    session.add("contact", LAWYER)
    session.add("contact", {"full_name": "Иванова Анна", "role": "relative"})
    out = tmp_path / "lawyers.vcf"
    assert vcards.export_vcards(session, out, role="lawyer") == 1
    assert [c.fn.value for c in vobject.readComponents(out.read_text("utf-8"))] == [
        LAWYER["full_name"]]
    with pytest.raises(CasefileError, match="--role"):
        vcards.export_vcards(session, out, role="judge")


def test_round_trip_into_another_vault(session: Session, tmp_path: Path) -> None:
    session.add("contact", LAWYER)
    out = tmp_path / "contacts.vcf"
    vcards.export_vcards(session, out)
    other = Session.create(tmp_path / "other.casefile", "pass phrase two", 0.05)
    try:
        assert vcards.import_vcards(other, out) == {"added": 1, "merged": 0, "unchanged": 0}
        (got,) = other.list("contact")
        assert {k: got[k] for k in LAWYER} == LAWYER
        # The same file again: the contact is there already, nothing doubled or changed.
        assert vcards.import_vcards(other, out) == {"added": 0, "merged": 0, "unchanged": 1}
        assert other.count("contact") == 1
    finally:
        other.close()


VCARD4 = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Сидорова Алёна\r\nN:Сидорова;Алёна;;;\r\n"
    "TEL;VALUE=uri;TYPE=cell:tel:+7-912-000-00-00\r\nEMAIL:alena@example.org\r\n"
    "ORG:Мемориал;Правозащитный центр\r\nTITLE:Адвокат\r\n"
    "ADR;TYPE=work:;;ул. Ленина\\, 5;Екатеринбург;;620000;Россия\r\n"
    "NOTE:Знает Уфу\\nи Екатеринбург\r\nEND:VCARD\r\n"
)


def test_reads_vcard_4(session: Session, tmp_path: Path) -> None:
    source = tmp_path / "v4.vcf"
    source.write_text(VCARD4, encoding="utf-8")
    assert vcards.import_vcards(session, source)["added"] == 1
    (got,) = session.list("contact")
    assert got["full_name"] == "Сидорова Алёна"
    assert got["phone"] == "+7-912-000-00-00"
    assert got["email"] == "alena@example.org"
    assert got["organization"] == "Мемориал; Правозащитный центр"
    assert got["role"] == "lawyer"
    assert got["address"] == "ул. Ленина, 5, Екатеринбург, 620000, Россия"
    assert got["notes"] == "Знает Уфу\nи Екатеринбург"


def test_same_name_is_merged_filling_only_empty_fields(session: Session,
                                                        tmp_path: Path) -> None:
    mine = session.add("contact", {"full_name": "Сидорова  Алена", "phone": "+7 000",
                                   "organization": ""})
    source = tmp_path / "v4.vcf"
    source.write_text(VCARD4, encoding="utf-8")
    plan = vcards.plan_import(session, source)
    assert plan.counts == {"added": 0, "merged": 1, "unchanged": 0}
    assert plan.merges[0].contact_id == mine["id"]
    assert "phone" not in plan.merges[0].fills  # ours is kept
    assert session.get("contact", mine["id"]) == mine  # planning changes nothing
    assert vcards.apply_import(session, plan) == {"added": 0, "merged": 1, "unchanged": 0}
    got = session.get("contact", mine["id"])
    assert got["phone"] == "+7 000" and got["email"] == "alena@example.org"
    assert got["organization"] == "Мемориал; Правозащитный центр"
    assert session.count("contact") == 1


def test_the_same_person_twice_in_a_file_is_one_contact(session: Session,
                                                        tmp_path: Path) -> None:
    source = tmp_path / "twice.vcf"
    source.write_text(VCARD4 + VCARD4.replace("EMAIL:alena@example.org\r\n", "")
                      .replace("FN:Сидорова Алёна", "FN:СИДОРОВА алена"), encoding="utf-8")
    assert vcards.import_vcards(session, source)["added"] == 1
    assert session.count("contact") == 1


def _good(name: str) -> str:
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:{name};;;;\r\nEND:VCARD\r\n"


@pytest.mark.parametrize(("text", "message"), [
    (_good("Один") + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Второй\r\nEMAIL:нет\r\nEND:VCARD\r\n",
     r"card 2 \(Второй\): email: is not an e-mail address"),
    (_good("Один") + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Третий\r\n",
     r"card 2 \(Третий\): the file ends inside the card"),
    (_good("Один") + "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Старый\r\nEND:VCARD\r\n",
     r"card 2 \(Старый\): vCard version 2.1 is not read"),
    (_good("Один") + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n",
     r"card 2: full_name: is required"),
    ("garbage\r\n" + _good("Один"), r"line 1: text outside a card"),
    ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Битый\r\nno colon here\r\nEND:VCARD\r\n",
     r"card 1 \(Битый\): not a valid vCard"),
    ("", r"no vCard in the file"),
])
def test_bad_cards_are_named_and_nothing_is_stored(session: Session, tmp_path: Path,
                                                   text: str, message: str) -> None:
    source = tmp_path / "bad.vcf"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(CasefileError, match=message):
        vcards.import_vcards(session, source)
    assert session.count("contact") == 0


def test_hostile_sizes_and_encodings_are_refused(session: Session, tmp_path: Path) -> None:
    huge = tmp_path / "huge.vcf"
    with huge.open("wb") as fh:
        fh.write(_good("Один").encode() * (vcards.MAX_VCF_BYTES // 40 + 10))
    with pytest.raises(CasefileError, match="larger than 8 MB"):
        vcards.import_vcards(session, huge)
    long_card = tmp_path / "long.vcf"
    long_card.write_text(_good("Один").replace("END:VCARD", "NOTE:" + "x" * 70_000
                                              + "\r\nEND:VCARD"), encoding="utf-8")
    with pytest.raises(CasefileError, match=r"card 1 \(Один\): longer than 64 KB"):
        vcards.import_vcards(session, long_card)
    latin1 = tmp_path / "cp1251.vcf"
    latin1.write_bytes(_good("Один").encode("cp1251"))
    with pytest.raises(CasefileError, match="not UTF-8"):
        vcards.import_vcards(session, latin1)
    with pytest.raises(CasefileError, match="no such file"):
        vcards.import_vcards(session, tmp_path / "missing.vcf")
    assert session.count("contact") == 0


PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(PRINTABLE, min_size=1, max_size=40),
       organization=st.text(PRINTABLE, max_size=40),
       notes=st.text(st.one_of(PRINTABLE, st.just("\n")), max_size=80),
       address=st.text(PRINTABLE, max_size=40))
def test_any_text_survives_the_round_trip(session: Session, tmp_path: Path, name: str,
                                          organization: str, notes: str,
                                          address: str) -> None:
    name = " ".join(name.split())
    assume(name)
    data = {"full_name": name, "organization": organization.strip() or None,
            "notes": notes.strip() or None, "address": address.strip() or None}
    text = vcards.contact_card({"id": "00000000-0000-4000-8000-000000000001", **data})
    source = tmp_path / "one.vcf"
    source.write_text(text, encoding="utf-8")
    (card,) = vcards.split_cards(vcards.read_text(source))
    got = vcards.card_fields(card)
    stored = vcards.validate("contact", {k: v for k, v in data.items() if v is not None})
    assert {k: got.get(k) for k in data} == {k: stored.get(k) for k in data}


def test_too_many_cards_are_refused(session: Session, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vcards, "MAX_CARDS", 3)  # the real cap is 10,000; the rule is the same
    source = tmp_path / "many.vcf"
    source.write_text("".join(_good(f"Имя{n}") for n in range(4)), encoding="utf-8")
    with pytest.raises(CasefileError, match="more than 3 cards"):
        vcards.import_vcards(session, source)
    assert session.count("contact") == 0
