"""Contacts as vCard files: export to an address book, import from one.

Written as vCard 3.0 (RFC 2426): every address book in use reads it (Android, iOS, macOS,
Thunderbird, and Outlook, whose import takes 2.1 and 3.0 but not 4.0), and vobject writes 3.0
natively (its vCard behaviour is written for 3.0; it reads 4.0 cards as they come).
Read: 3.0 and 4.0 (RFC 6350); 2.1 is refused with a clear message.

Import is all or nothing. The file is cut into cards by BEGIN/END lines first, so a broken
card is named by its position (and its FN, where one can be seen) and nothing is stored. A
card whose name (case, ё/е and spacing folded) matches a contact already in the vault is not
stored twice: it is a merge that fills only the empty fields of the existing contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vobject

from casefile.atomicfile import write_atomic
from casefile.domain.errors import CasefileError, ValidationError
from casefile.domain.folding import fold
from casefile.domain.records import CONTACT
from casefile.domain.validate import validate
from casefile.i18n import _
from casefile.services.records.session import Session

MAX_VCF_BYTES = 8 * 1024 * 1024  # a few thousand contacts; far more than any group keeps
MAX_CARDS = 10_000
MAX_CARD_BYTES = 64 * 1024  # contacts carry no photos here
ROLES = tuple(c.value for c in CONTACT.field("role").choices)  # type: ignore[union-attr]
# Fields a vCard carries; merging fills only these, and only where the vault has nothing.
CARD_FIELDS = ("role", "organization", "phone", "email", "address", "notes")
# Words a ROLE or TITLE may use for a role, when the card did not come from casefile.
ROLE_WORDS = {"lawyer": "lawyer", "адвокат": "lawyer", "attorney": "lawyer",
              "advocate": "lawyer", "защитник": "lawyer", "journalist": "journalist",
              "журналист": "journalist", "relative": "relative", "родственник": "relative",
              "родственница": "relative"}


def name_key(name: str) -> str:
    """Names that differ only in case, ё/е or spacing are the same contact."""
    return " ".join(fold(name).split())


# -- export --------------------------------------------------------------------------------

def _split_name(full_name: str) -> tuple[str, str, str]:
    """N for a Russian name as written in documents: surname, given name, patronymic."""
    words = full_name.split()
    if len(words) == 3:
        return words[0], words[1], words[2]
    if len(words) == 2:
        return words[0], words[1], ""
    return full_name, "", ""


def contact_card(contact: dict[str, Any]) -> str:
    """One contact as a vCard 3.0 text."""
    card = vobject.vCard()
    name = str(contact.get("full_name") or "")
    card.add("fn").value = name
    family, given, additional = _split_name(name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given, additional=additional)
    role = contact.get("role")
    if role:
        card.add("x-casefile-role").value = role
        card.add("role").value = role
    if contact.get("organization"):
        card.add("org").value = [contact["organization"]]
    if contact.get("phone"):
        tel = card.add("tel")
        tel.value = contact["phone"]
        tel.type_param = "voice"
    if contact.get("email"):
        email = card.add("email")
        email.value = contact["email"]
        email.type_param = "internet"
    if contact.get("address"):
        card.add("adr").value = vobject.vcard.Address(street=contact["address"])
    if contact.get("notes"):
        card.add("note").value = contact["notes"]
    card.add("uid").value = f"urn:uuid:{contact['id']}"
    return str(card.serialize())


def contacts_for_export(session: Session, role: str | None = None) -> list[dict[str, Any]]:
    if role is not None and role not in ROLES:
        raise CasefileError(_("--role must be one of: {0}").format(", ".join(ROLES)))
    where = {"role": role} if role else None
    return session.list("contact", where, order="full_name", descending=False)


def export_vcards(session: Session, target: Path, role: str | None = None) -> int:
    """Write the contacts (of one role, or all) to ``target``; returns how many."""
    contacts = contacts_for_export(session, role)
    write_atomic(Path(target), "".join(contact_card(c) for c in contacts).encode("utf-8"))
    return len(contacts)


# -- reading -------------------------------------------------------------------------------

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
_FN = re.compile(r"^(?:item\d+\.)?FN(?:;[^:]*)?:(.*)$", re.IGNORECASE)


@dataclass
class Card:
    position: int  # 1-based, in file order
    name: str  # FN as far as it could be seen, for messages
    text: str

    def where(self) -> str:
        if self.name:
            return _("card {0} ({1})").format(self.position, self.name[:60])
        return _("card {0}").format(self.position)


def read_text(source: Path) -> str:
    path = Path(source)
    if not path.is_file():
        raise CasefileError(_("no such file: {0}").format(source))
    with path.open("rb") as fh:
        data = fh.read(MAX_VCF_BYTES + 1)
    if len(data) > MAX_VCF_BYTES:
        raise CasefileError(_("{0}: larger than {1} MB; split it into smaller files").format(
            source, MAX_VCF_BYTES // (1024 * 1024)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CasefileError(_("{0}: not UTF-8 text (byte {1}); save it as vCard 3.0 or 4.0 "
                              "in UTF-8").format(source, exc.start)) from None


def split_cards(text: str) -> list[Card]:
    """BEGIN:VCARD ... END:VCARD blocks; anything else but blank lines is an error."""
    cards: list[Card] = []
    current: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if current is None:
            if _BEGIN.match(line):
                if len(cards) >= MAX_CARDS:
                    raise CasefileError(_("more than {0} cards in one file").format(MAX_CARDS))
                current = [line]
            elif line.strip():
                raise CasefileError(_("line {0}: text outside a card (BEGIN:VCARD ... "
                                      "END:VCARD)").format(number))
            continue
        current.append(line)
        name = next((m.group(1).strip() for m in map(_FN.match, current) if m), "")
        if sum(len(x) + 2 for x in current) > MAX_CARD_BYTES:
            raise CasefileError(Card(len(cards) + 1, name, "").where() + ": " + _(
                "longer than {0} KB").format(MAX_CARD_BYTES // 1024))
        if _BEGIN.match(line):
            raise CasefileError(Card(len(cards) + 1, name, "").where() + ": " + _(
                "a card inside a card (END:VCARD missing)"))
        if _END.match(line):
            cards.append(Card(len(cards) + 1, name, "\r\n".join(current) + "\r\n"))
            current = None
    if current is not None:
        name = next((m.group(1).strip() for m in map(_FN.match, current) if m), "")
        raise CasefileError(Card(len(cards) + 1, name, "").where() + ": " + _(
            "the file ends inside the card (END:VCARD missing)"))
    if not cards:
        raise CasefileError(_("no vCard in the file"))
    return cards


def _first(component: Any, name: str) -> Any:
    items = component.contents.get(name) or []
    return items[0] if items else None


def _text_of(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


def _address(value: Any) -> str:
    if isinstance(value, vobject.vcard.Address):
        parts = [value.box, value.extended, value.street, value.city, value.region,
                 value.code, value.country]
        flat = [_text_of(p).replace("\n", ", ") for p in parts]
        return ", ".join(p for p in flat if p)
    return _text_of(value).replace(";", " ").strip()


def _role(card: Any) -> str | None:
    own = _first(card, "x-casefile-role")
    if own is not None and str(own.value).strip() in ROLES:
        return str(own.value).strip()
    for name in ("role", "title", "categories"):
        prop = _first(card, name)
        if prop is None:
            continue
        for word in re.split(r"[\s,;]+", fold(_text_of(prop.value))):
            if word in ROLE_WORDS:
                return ROLE_WORDS[word]
    return None


def card_fields(card: Card) -> dict[str, Any]:
    """The contact fields of one card, validated; errors name the card."""
    try:
        parsed = vobject.readOne(card.text, validate=False)
    except Exception as exc:  # noqa: BLE001 - vobject raises many kinds for broken input
        raise CasefileError(card.where() + ": " + _("not a valid vCard ({0})").format(
            str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__)) from None
    version = _first(parsed, "version")
    if version is not None and str(version.value).strip() not in ("3.0", "4.0"):
        raise CasefileError(card.where() + ": " + _(
            "vCard version {0} is not read; save the contacts as vCard 3.0 or 4.0").format(
                str(version.value).strip()[:10]))
    data: dict[str, Any] = {}
    fn = _first(parsed, "fn")
    name = _text_of(fn.value) if fn is not None else ""
    if not name:
        n = _first(parsed, "n")
        if n is not None and isinstance(n.value, vobject.vcard.Name):
            name = " ".join(_text_of(x) for x in (n.value.family, n.value.given,
                                                   n.value.additional) if _text_of(x))
    data["full_name"] = " ".join(name.split())
    data["role"] = _role(parsed)
    for prop_name, field_name in (("org", "organization"), ("note", "notes")):
        prop = _first(parsed, prop_name)
        if prop is not None and _text_of(prop.value):
            data[field_name] = _text_of(prop.value)
    tel = _first(parsed, "tel")
    if tel is not None and _text_of(tel.value):
        data["phone"] = re.sub(r"^tel:", "", _text_of(tel.value), flags=re.IGNORECASE)
    email = _first(parsed, "email")
    if email is not None and _text_of(email.value):
        data["email"] = re.sub(r"^mailto:", "", _text_of(email.value), flags=re.IGNORECASE)
    adr = _first(parsed, "adr")
    if adr is not None and _address(adr.value):
        data["address"] = _address(adr.value)
    try:
        return validate("contact", {k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(f"{name}: {message}" for name, message in exc.errors.items())
        raise CasefileError(card.where() + ": " + problems) from None


# -- import --------------------------------------------------------------------------------

@dataclass
class Merge:
    """A card that matches a contact in the vault: ``fills`` are its empty fields to fill."""

    card: str  # where the card is, for messages
    contact_id: str
    name: str
    fills: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPlan:
    new: list[dict[str, Any]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"added": len(self.new),
                "merged": sum(1 for m in self.merges if m.fills),
                "unchanged": sum(1 for m in self.merges if not m.fills)}

    def as_dict(self) -> dict[str, Any]:
        return {**self.counts,
                "new": [c["full_name"] for c in self.new],
                "merges": [{"id": m.contact_id, "full_name": m.name, "card": m.card,
                            "fills": m.fills} for m in self.merges]}


def _fills(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    return {name: incoming[name] for name in CARD_FIELDS
            if incoming.get(name) not in (None, "") and existing.get(name) in (None, "")}


def plan_import(session: Session, source: Path, default_role: str | None = None
                ) -> ImportPlan:
    """Read and check every card, and decide what each would do; changes nothing."""
    if default_role is not None and default_role not in ROLES:
        raise CasefileError(_("--role must be one of: {0}").format(", ".join(ROLES)))
    cards = [(card, card_fields(card)) for card in split_cards(read_text(source))]
    existing = {name_key(c["full_name"]): c for c in session.list("contact")}
    plan = ImportPlan()
    pending: dict[str, dict[str, Any]] = {}
    for card, data in cards:
        if data.get("role") is None and default_role:
            data["role"] = default_role
        key = name_key(data["full_name"])
        if key in existing:
            found = existing[key]
            merge = next((m for m in plan.merges if m.contact_id == found["id"]), None)
            if merge is None:
                merge = Merge(card.where(), found["id"], found["full_name"])
                plan.merges.append(merge)
            merge.fills.update(_fills({**found, **merge.fills}, data))
        elif key in pending:  # the same person twice in the file: one contact
            pending[key].update(_fills(pending[key], data))
        else:
            pending[key] = data
            plan.new.append(data)
    return plan


def apply_import(session: Session, plan: ImportPlan, *, merge: bool = True) -> dict[str, int]:
    """Store the plan in one transaction; ``merge=False`` leaves matching contacts alone."""
    records = session.vault.records
    counts = {"added": 0, "merged": 0, "unchanged": 0}
    with session.vault.db.transaction():
        for data in plan.new:
            records.add("contact", data)
            counts["added"] += 1
        for m in plan.merges:
            if merge and m.fills:
                records.edit("contact", m.contact_id, validate("contact", m.fills, partial=True))
                counts["merged"] += 1
            else:
                counts["unchanged"] += 1
    return counts


def import_vcards(session: Session, source: Path, *, merge: bool = True,
                  default_role: str | None = None) -> dict[str, int]:
    return apply_import(session, plan_import(session, source, default_role), merge=merge)

