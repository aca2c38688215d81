"""casefile calendar --case ID and --lawyer ID: one case's or one lawyer's hearings and
deadlines, read back with icalendar; without them, every case's as before."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar


def _add(cli, record_type: str, data: dict) -> str:
    result = cli("add", record_type, "--data", json.dumps(data))
    assert result.code == 0, result.err
    return result.out.strip()


def _vault(cli) -> dict[str, str]:
    lawyer = _add(cli, "contact", {"full_name": "Адвокат Петрова", "role": "lawyer"})
    ours = _add(cli, "case", {"title": "Дело Галимова", "lawyer_ids": [lawyer],
                              "measure": "detention", "measure_until": "2027-01-15"})
    other = _add(cli, "case", {"title": "Дело Орлова"})
    return {"lawyer": lawyer, "case": ours, "other": other,
            "ours": _add(cli, "hearing", {"case_id": ours, "starts_at": "2026-12-01T10:00",
                                          "timezone": "Asia/Yekaterinburg"}),
            "theirs": _add(cli, "hearing", {"case_id": other,
                                            "starts_at": "2026-12-02T10:00+03:00"})}


def _uids(path: Path) -> set[str]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]) for e in cal.walk("VEVENT")}


def test_calendar_of_one_case_or_one_lawyer(cli, initialised: Path, tmp_path: Path) -> None:
    ids = _vault(cli)
    out = tmp_path / "c.ics"
    ours = {f"{ids['ours']}@casefile", f"measure-{ids['case']}@casefile"}
    for option, value in (("--case", ids["case"]), ("--lawyer", ids["lawyer"])):
        result = cli("calendar", "-o", str(out), option, value, "--yes", "--json")
        assert result.code == 0, result.err
        assert result.json() == {"hearings": 1, "deadlines": 1, "utc_only": 0,
                                 "without_time": 0}
        assert _uids(out) == ours
    result = cli("calendar", "-o", str(out), "--case", ids["other"], "--yes", "--json")
    assert result.json()["hearings"] == 1 and _uids(out) == {f"{ids['theirs']}@casefile"}
    assert cli("calendar", "-o", str(out), "--yes").code == 0  # every case, as before
    assert _uids(out) == ours | {f"{ids['theirs']}@casefile"}


def test_a_wrong_id_writes_nothing(cli, initialised: Path, tmp_path: Path) -> None:
    ids = _vault(cli)
    out = tmp_path / "c.ics"
    for option, value in (("--case", ids["lawyer"]), ("--lawyer", ids["case"]),
                          ("--case", "00000000-0000-0000-0000-000000000000")):
        result = cli("calendar", "-o", str(out), option, value, "--yes")
        assert result.code == 1, (option, result.err)
        assert "plaintext" not in result.err  # refused before the warning
        assert not out.exists()
    both = cli("calendar", "-o", str(out), "--case", ids["case"], "--lawyer", ids["lawyer"])
    assert both.code == 2 and not out.exists()
