"""Printing use cases: gather the records through the session, return the PDF as bytes.

The command line writes the bytes with ``write_pdf``; the window previews them from memory
and prints through the system dialog. Nothing here writes a file on the way. Bad ids raise
``NotFoundError`` (exit 1 on the command line).

``sender`` is the person printing: ``{"name", "address", "postal_code", "phone"}``, any of
them missing or empty (then lines are left to fill in by hand). When not given, it is the
vault's return address (``set_return_address``), kept encrypted in the vault on this device.

reportlab is imported only when a document is rendered (``casefile.printing`` modules are
imported inside the functions), so opening the window or running other commands does not pay
for it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile.atomicfile import write_atomic
from casefile.domain.errors import CasefileError, NotFoundError
from casefile.domain.folding import fold
from casefile.domain.records import DETAINED
from casefile.i18n import _, document_language, format_date
from casefile.services.records.session import Session
from casefile.services.views.allowance import parcel_check
from casefile.services.views.timeline import case_timeline
from casefile.vault import queries

if TYPE_CHECKING:
    from casefile.domain.allowance import LimitCheck
    from casefile.printing.packing import PackingEntry
    from casefile.printing.templates import LetterText

ENVELOPE_SIZES = ("DL", "C5")
# Papers addressed to a facility, a court or a prisoner are read by Russian officers and post
# offices: they print in Russian whatever the window's language, unless asked otherwise
# (``lang``). Summaries for the group itself (case summary, packing list) follow the window.
FOR_FACILITIES = "ru"
BLANK = "_" * 16  # an empty template field, to fill in by hand


def _optional(session: Session, record_type: str, record_id: object) -> dict[str, Any] | None:
    if not record_id:
        return None
    try:
        return session.get(record_type, str(record_id))
    except NotFoundError:
        return None


def _sender(sender: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: str(v).strip() for k, v in (sender or {}).items() if v is not None}


# -- the return address -------------------------------------------------------------------------

RETURN_ADDRESS = "return_address"  # a local setting: encrypted in the vault, never in a bundle
RETURN_FIELDS = {"name": 200, "address": 500, "postal_code": 10, "phone": 40}


def return_address(session: Session) -> dict[str, str]:
    """Where replies should go: printed as the sender on letters and envelopes."""
    stored = session.vault.local_setting(RETURN_ADDRESS)
    values = json.loads(stored) if stored else {}
    return {k: str(values.get(k) or "") for k in RETURN_FIELDS}


def set_return_address(session: Session, **values: str) -> dict[str, str]:
    """Set it (all fields empty: forget it). A bad value changes nothing and is named."""
    clean = {k: " ".join(str(values.get(k) or "").split()) for k in RETURN_FIELDS}
    for name in set(values) - set(RETURN_FIELDS):
        raise CasefileError(_("a return address has no field {0}").format(name))
    for name, limit in RETURN_FIELDS.items():
        if len(clean[name]) > limit:
            raise CasefileError(_("{0}: at most {1} characters").format(name, limit))
    if clean["postal_code"] and not clean["postal_code"].isdigit():
        raise CasefileError(_("postal_code: digits only"))
    kept = {k: v for k, v in clean.items() if v}
    session.vault.set_local_setting(RETURN_ADDRESS, json.dumps(kept, ensure_ascii=False)
                                    if kept else None)
    return return_address(session)


def _from(session: Session, sender: Mapping[str, Any] | None) -> dict[str, Any]:
    return _sender(sender if sender is not None else return_address(session))


def _day(value: date | str, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CasefileError(f"{name}: " + _("must be a date as YYYY-MM-DD, got '{0}'").format(
            value)) from None


# -- letters -----------------------------------------------------------------------------------

def _letter_records(session: Session, letter_id: str) -> tuple[dict[str, Any], dict[str, Any],
                                                                dict[str, Any] | None]:
    letter = session.get("letter", letter_id)
    person = session.get("person", letter["person_id"])
    facility = _optional(session, "facility", person.get("facility_id"))
    return letter, person, facility


def template_values(session: Session, letter_id: str, sender: Mapping[str, Any] | None = None,
                    today: date | None = None) -> dict[str, str]:
    """The ``{placeholder}`` values a template is filled with (see printing.templates)."""
    from casefile.printing.layout import address_line  # noqa: PLC0415
    from casefile.printing.templates import split_name  # noqa: PLC0415

    letter, person, facility = _letter_records(session, letter_id)
    facility = facility or {}
    who = _from(session, sender)
    surname, first, patronymic = split_name(str(person.get("full_name") or ""))
    cases = queries.cases_of_person(session.vault.records, person["id"])
    case = _optional(session, "case", cases[0]) if cases else None
    year = person.get("birth_year") or str(person.get("birth_date") or "")[:4]
    values = {
        "full_name": person.get("full_name") or "", "surname": surname, "first_name": first,
        "patronymic": patronymic, "birth_year": str(year or ""),
        "facility_name": facility.get("name") or "",
        "facility_address": facility.get("address") or "",
        "postal_code": facility.get("postal_code") or "",
        "case_number": (case or {}).get("case_number") or "",
        "court": (case or {}).get("court") or "",
        "date": format_date((today or date.today()).isoformat()),
        "subject": letter.get("subject") or "", "body": letter.get("body") or "",
        "sender_name": who.get("name", ""),
        "sender_address": address_line(who.get("postal_code"), who.get("address")),
        "sender_postal_code": who.get("postal_code", ""), "sender_phone": who.get("phone", ""),
    }
    # A field with nothing to put in prints as a line to fill in by hand (not the body).
    return {k: (str(v) if v or k in ("body", "subject") else BLANK) for k, v in values.items()}


def letter_text(session: Session, letter_id: str, template: str | None = None, *,
                sender: Mapping[str, Any] | None = None,
                today: date | None = None, lang: str | None = FOR_FACILITIES) -> LetterText:
    """What the letter will say: its own body, or a template filled from the records.

    The window shows this for editing and passes the edited text back to ``print_letter``.
    """
    from casefile.printing.templates import LetterText, from_template  # noqa: PLC0415

    if template:
        with document_language(lang):
            return from_template(template, template_values(session, letter_id, sender, today))
    letter = session.get("letter", letter_id)
    return LetterText(body=str(letter.get("body") or ""))


def print_letter(session: Session, letter_id: str, template: str | None = None, *,
                 text: LetterText | None = None, sender: Mapping[str, Any] | None = None,
                 today: date | None = None, lang: str | None = FOR_FACILITIES) -> bytes:
    """The letter on A4, addressed to the person at their facility.

    ``text`` (edited in the window) wins over ``template``; without either, the letter's body.
    The printed date is the letter's sent_on, else today.
    """
    from casefile.printing.letter import render_letter  # noqa: PLC0415

    letter, person, facility = _letter_records(session, letter_id)
    if text is None:
        text = letter_text(session, letter_id, template, sender=sender, today=today, lang=lang)
    on = letter.get("sent_on") or (today or date.today()).isoformat()
    with document_language(lang):
        return render_letter(text, person, facility, _from(session, sender), on)


def print_envelope(session: Session, letter_id: str, size: str = "DL", *,
                   sender: Mapping[str, Any] | None = None,
                   lang: str | None = FOR_FACILITIES) -> bytes:
    from casefile.printing.envelope import render_envelope  # noqa: PLC0415

    if size not in ENVELOPE_SIZES:
        raise CasefileError(_("envelope size must be one of: {0}").format(
            ", ".join(ENVELOPE_SIZES)))
    _letter, person, facility = _letter_records(session, letter_id)
    with document_language(lang):
        return render_envelope(person, facility, _from(session, sender), size)


def in_custody(session: Session) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]],
                                          list[str]]:
    """Everyone held in a facility, with it, by name; and the names of those in custody
    whose facility is not recorded (no address to write to)."""
    addressees, unknown = [], []
    people = sorted(session.list("person"), key=lambda p: alphabetical(p.get("full_name")))
    for person in people:
        if person.get("status") not in DETAINED:
            continue
        facility = _optional(session, "facility", person.get("facility_id"))
        if facility is None:
            unknown.append(str(person.get("full_name") or ""))
        else:
            addressees.append((person, facility))
    return addressees, unknown


# Ukrainian and Belarusian letters sort beside their Russian neighbours, not before "А" (where
# their code points put them): Іжакевич between Иванов and Ильин, as a volunteer would look.
_ALPHABET_NEIGHBOURS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "ў": "у"})


def alphabetical(name: object) -> str:
    return fold(str(name or "")).translate(_ALPHABET_NEIGHBOURS)


def print_envelopes(session: Session, person_ids: list[str] | None = None, size: str = "DL",
                    *, sender: Mapping[str, Any] | None = None,
                    lang: str | None = FOR_FACILITIES) -> tuple[bytes, list[str]]:
    """One envelope for each person (everyone in custody if none are named), for an evening
    of letter writing; and the names left out for want of a facility's address."""
    from casefile.printing.envelope import render_envelopes  # noqa: PLC0415

    if size not in ENVELOPE_SIZES:
        raise CasefileError(_("envelope size must be one of: {0}").format(
            ", ".join(ENVELOPE_SIZES)))
    if person_ids:
        addressees, unknown = [], []
        for person_id in dict.fromkeys(person_ids):
            person = session.get("person", person_id)
            facility = _optional(session, "facility", person.get("facility_id"))
            if facility is None:
                unknown.append(str(person.get("full_name") or ""))
            else:
                addressees.append((person, facility))
    else:
        addressees, unknown = in_custody(session)
    if not addressees:
        raise CasefileError(_("no one to address an envelope to: nobody named is held in a "
                              "facility recorded in this vault"))
    with document_language(lang):
        # A copy as printing types it: (person, facility or None), though none is None here.
        return render_envelopes(list(addressees), _from(session, sender), size), unknown


# -- parcels -----------------------------------------------------------------------------------

def manifest_check(session: Session, parcel_id: str,
                   today: date | None = None) -> LimitCheck:
    """The parcel against its facility's limits (the window warns with it before printing)."""
    return _manifest_records(session, parcel_id, today)[3]


def _manifest_records(session: Session, parcel_id: str, today: date | None
                      ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None,
                                 LimitCheck]:
    parcel = session.get("parcel", parcel_id)
    person = session.get("person", parcel["person_id"])
    facility = _optional(session, "facility",
                         parcel.get("facility_id") or person.get("facility_id"))
    # The same check the parcel editor and the dashboard show.
    check = parcel_check(session, parcel, today, facility=facility or {})
    return parcel, person, facility, check


def print_manifest(session: Session, parcel_id: str, copies: int = 1, *,
                   sender: Mapping[str, Any] | None = None,
                   today: date | None = None, lang: str | None = FOR_FACILITIES) -> bytes:
    """The опись: items, weights, the facility's limits, signature lines; ``copies`` pages."""
    from casefile.printing.manifest import render_manifest  # noqa: PLC0415

    if not 1 <= int(copies) <= 10:
        raise CasefileError(_("copies must be between 1 and 10"))
    parcel, person, facility, check = _manifest_records(session, parcel_id, today)
    with document_language(lang):
        return render_manifest(parcel, person, facility, check, sender=_from(session, sender),
                               copies=int(copies))


def _parcel_records(session: Session, parcel_id: str) -> tuple[dict[str, Any], dict[str, Any],
                                                                dict[str, Any] | None]:
    parcel = session.get("parcel", parcel_id)
    person = session.get("person", parcel["person_id"])
    facility = _optional(session, "facility",
                         parcel.get("facility_id") or person.get("facility_id"))
    return parcel, person, facility


def print_form107(session: Session, parcel_id: str, *,
                  lang: str | None = FOR_FACILITIES) -> bytes:
    """Russian Post's inventory of contents (form 107, опись вложения): the items with their
    declared values and the total, two copies."""
    from casefile.printing.forms import render_form107  # noqa: PLC0415

    parcel, person, facility = _parcel_records(session, parcel_id)
    with document_language(lang):
        return render_form107(parcel, person, facility)


def print_handover(session: Session, parcel_id: str, *,
                   sender: Mapping[str, Any] | None = None,
                   lang: str | None = FOR_FACILITIES) -> bytes:
    """The application to hand a parcel over at the facility (заявление на передачу), to
    its head, from the sender, for the prisoner; two copies, without the program's warnings."""
    from casefile.printing.forms import render_handover  # noqa: PLC0415

    parcel, person, facility = _parcel_records(session, parcel_id)
    with document_language(lang):
        return render_handover(parcel, person, facility, sender=_from(session, sender))


def packing_entries(session: Session, date_from: date | str,
                    date_to: date | str) -> list[PackingEntry]:
    """Parcels still to pack (planned or packed) planned in the window, by date."""
    from casefile.printing.packing import entry  # noqa: PLC0415

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    if end < start:
        raise CasefileError(_("--to is before --from"))
    entries = []
    for parcel_id in queries.parcels_planned(session.vault.records, start.isoformat(),
                                             end.isoformat()):
        parcel = session.get("parcel", parcel_id)
        person = session.get("person", parcel["person_id"])
        facility = _optional(session, "facility",
                             parcel.get("facility_id") or person.get("facility_id"))
        entries.append(entry(parcel, person, facility))
    return entries


def print_packing_list(session: Session, date_from: date | str, date_to: date | str, *,
                       lang: str | None = None) -> bytes:
    from casefile.printing.packing import render_packing_list  # noqa: PLC0415

    entries = packing_entries(session, date_from, date_to)
    with document_language(lang):
        return render_packing_list(entries, _day(date_from, "--from").isoformat(),
                                   _day(date_to, "--to").isoformat())


# -- cases -------------------------------------------------------------------------------------

def print_case(session: Session, case_id: str, now: datetime | None = None, *,
               lang: str | None = None) -> bytes:
    """A case summary for a lawyer, marked confidential on every page."""
    from casefile.printing.case_summary import render_case_summary  # noqa: PLC0415

    case = session.get("case", case_id)
    defendants = []
    people: dict[str, str] = {}
    for person_id in case.get("person_ids") or []:
        person = _optional(session, "person", person_id)
        if person is None:
            continue
        people[person["id"]] = str(person.get("full_name") or "")
        defendants.append((person, _optional(session, "facility", person.get("facility_id"))))
    lawyers = [c for c in (_optional(session, "contact", i) for i in case.get("lawyer_ids") or [])
               if c is not None]
    hearings = session.list("hearing", {"case_id": case_id}, order="starts_at",
                            descending=False)
    events = session.list("event", {"case_id": case_id}, order="on", descending=False)
    with document_language(lang):
        marks = [m.as_dict() for m in case_timeline(session, case_id)]
        return render_case_summary(case, defendants=defendants, lawyers=lawyers,
                                   hearings=hearings, events=events, people=people,
                                   now=now or datetime.now(UTC), marks=marks)


# -- output ------------------------------------------------------------------------------------

def write_pdf(data: bytes, path: Path | str) -> None:
    """Write a PDF the person asked for: atomically, readable only by them (0600)."""
    write_atomic(Path(path), data)


def letter_templates() -> list[tuple[str, str]]:
    """(name, label) of the letter templates, for a picker."""
    from casefile.printing.templates import TEMPLATES, template_label  # noqa: PLC0415

    return [(name, template_label(name)) for name in TEMPLATES]
