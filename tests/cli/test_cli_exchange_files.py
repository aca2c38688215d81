"""calendar, vcard and money through the command line; files read back by real parsers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import vobject

from casefile.cli.output import Console
from tests.conftest import tree_bytes


def _case_with_hearing(cli) -> dict[str, str]:
    person = cli("add", "person", "--data", json.dumps(
        {"full_name": "Кагарлицкий Борис Юльевич"})).out.strip()
    case = cli("add", "case", "--data", json.dumps(
        {"title": "Дело", "person_ids": [person], "measure": "detention",
         "measure_until": "2027-01-15", "court": "Ленинский суд"})).out.strip()
    hearing = cli("add", "hearing", "--data", json.dumps(
        {"case_id": case, "starts_at": "2026-12-01T10:00", "timezone": "Asia/Yekaterinburg",
         "court": "Ленинский суд", "kind": "trial"})).out.strip()
    return {"person": person, "case": case, "hearing": hearing}


def test_calendar(cli, initialised: Path, tmp_path: Path) -> None:
    ids = _case_with_hearing(cli)
    out = tmp_path / "court.ics"
    refused = cli("calendar", "-o", str(out))
    assert refused.code == 1 and "--yes" in refused.err and not out.exists()
    result = cli("calendar", "-o", str(out), "--initials", "--yes", "--json")
    assert result.code == 0, result.err
    assert "plaintext" in result.err
    assert result.json() == {"hearings": 1, "deadlines": 1, "utc_only": 0, "without_time": 0}
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    start = events[f"{ids['hearing']}@casefile"].decoded("dtstart")
    assert start.isoformat() == "2026-12-01T10:00:00+05:00"
    assert "Кагарлицкий" not in out.read_text(encoding="utf-8")


def test_calendar_asks_on_a_terminal(cli, initialised: Path, tmp_path: Path,
                                     monkeypatch) -> None:
    _case_with_hearing(cli)
    out = tmp_path / "court.ics"
    monkeypatch.setattr(Console, "interactive", lambda self: True)  # as on a terminal
    assert cli("calendar", "-o", str(out), stdin="n\n").code == 1
    assert not out.exists()
    assert cli("calendar", "-o", str(out), stdin="да\n").code == 0
    assert out.exists()


def test_vcard_export_and_import(cli, initialised: Path, tmp_path: Path) -> None:
    cli("add", "contact", "--data", json.dumps(
        {"full_name": "Петров Пётр", "role": "lawyer", "phone": "+7 900 000"}))
    cli("add", "contact", "--data", json.dumps({"full_name": "Иванова Анна",
                                                 "role": "relative"}))
    out = tmp_path / "lawyers.vcf"
    assert cli("vcard", "export", "-o", str(out), "--role", "judge", "--yes").code == 1
    result = cli("vcard", "export", "-o", str(out), "--role", "lawyer", "--yes", "--json")
    assert result.code == 0, result.err
    assert result.json() == {"exported": 1}
    (card,) = vobject.readComponents(out.read_text(encoding="utf-8"))
    assert card.fn.value == "Петров Пётр"

    other = tmp_path / "other.casefile"
    assert cli("--vault", str(other), "init", "--kdf-seconds", "0.05").code == 0
    cli("--vault", str(other), "add", "contact", "--data", '{"full_name": "ПЕТРОВ петр"}')
    imported = cli("--vault", str(other), "vcard", "import", str(out))
    assert imported.code == 0, imported.err
    assert imported.out.splitlines() == ["0 added, 1 merged, 0 unchanged",
                                         "ПЕТРОВ петр: filled role, phone"]
    (got,) = cli("--vault", str(other), "list", "contact", "--json").json()
    assert (got["role"], got["phone"]) == ("lawyer", "+7 900 000")


def test_vcard_import_offers_the_merge_on_a_terminal(cli, initialised: Path, tmp_path: Path,
                                                      monkeypatch) -> None:
    cli("add", "contact", "--data", '{"full_name": "Петров Пётр"}')
    source = tmp_path / "in.vcf"
    source.write_text("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:петров петр\r\nEMAIL:p@example.org\r\n"
                      "END:VCARD\r\n", encoding="utf-8")
    monkeypatch.setattr(Console, "interactive", lambda self: True)  # as on a terminal
    declined = cli("vcard", "import", str(source), stdin="n\n")
    assert declined.code == 0, declined.err
    assert "Петров Пётр is already in the vault; the card would fill: email" in declined.err
    assert declined.out.strip() == "0 added, 0 merged, 1 unchanged"
    assert cli("list", "contact", "--json").json()[0]["email"] is None
    accepted = cli("vcard", "import", str(source), stdin="\n")
    assert accepted.out.splitlines()[0] == "0 added, 1 merged, 0 unchanged"
    assert cli("list", "contact", "--json").json()[0]["email"] == "p@example.org"


def test_vcard_import_of_a_bad_file_changes_nothing(cli, initialised: Path,
                                                    tmp_path: Path) -> None:
    bad = tmp_path / "bad.vcf"
    bad.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Хороший\r\nEND:VCARD\r\n"
                   "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Плохой\r\nEMAIL:no\r\nEND:VCARD\r\n",
                   encoding="utf-8")
    before = tree_bytes(initialised)
    result = cli("vcard", "import", str(bad))
    assert result.code == 1
    assert result.err.strip() == ("casefile: error: card 2 (Плохой): email: is not an e-mail "
                                  "address")
    assert tree_bytes(initialised) == before


def test_money(cli, initialised: Path, tmp_path: Path) -> None:
    person = cli("add", "person", "--data", '{"full_name": "Жданов Павел"}').out.strip()
    for amount, direction in (("1000.10", "in"), ("0.20", "in"), ("600.00", "out")):
        cli("add", "payment", "--data", json.dumps(
            {"amount": amount, "direction": direction, "on": "2026-11-01",
             "person_id": person, "purpose": "Передача"}))
    listed = cli("money", "--person", person, "--json")
    assert listed.code == 0, listed.err
    assert [r["balance"] for r in listed.json()] == ["1000.10", "1000.30", "400.30"]
    table = cli("money")
    assert table.out.splitlines()[-1].split("\t") == ["2026-11-01", "-600.00", "RUB",
                                                      "400.30", "Передача"]
    out = tmp_path / "money.csv"
    assert cli("money", "-o", str(out)).code == 1 and not out.exists()
    written = cli("money", "--person", person, "-o", str(out), "--yes", "--semicolon")
    assert written.code == 0, written.err
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[-1][2] == "600.00" and rows[-1][-1] == "400.30"
    assert cli("money", "--person", person, "--case", person).code == 2
    missing = cli("money", "--case", "00000000-0000-4000-8000-000000000000")
    assert missing.code == 1
