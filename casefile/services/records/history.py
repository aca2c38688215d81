"""A record's history as a person reads it: when, which vault, what was set.

Each write in the change log names its origin (derived from the signing key of the vault that
made it, so it cannot be faked by whoever relayed it). Here origins become names: "this
vault", or the trusted contact whose key it is, or "an unknown vault" for writes relayed from
someone this vault has never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from casefile.domain.describe import choice_label, record_title
from casefile.domain.errors import CasefileError
from casefile.domain.fields import Kind
from casefile.domain.records import SPECS
from casefile.i18n import _, format_date, format_moment
from casefile.services.records.identity import identity, peers
from casefile.services.records.session import Session
from casefile.sync.identity import PublicIdentity
from casefile.vault.clock import parse_hlc


@dataclass(frozen=True)
class Change:
    field: str  # the field's name
    label: str  # its label, translated
    value: str  # as shown in the editor


@dataclass(frozen=True)
class Entry:
    when: datetime  # in UTC, from the write's hybrid clock
    who: str
    op: str  # add, edit, delete
    changes: tuple[Change, ...]
    mine: bool


def origin_names(session: Session) -> dict[str, str]:
    names = dict.fromkeys(peers(session).own_origins() | {identity(session).public.origin},
                          _("this vault"))
    for peer in peers(session).all():
        public = PublicIdentity(signing_key=peer.signing_key, public_key=peer.public_key)
        names.setdefault(public.origin, peer.name)
    return names


def record_history(session: Session, record_type: str, record_id: str) -> list[Entry]:
    """Newest first."""
    spec = SPECS[record_type]
    labels = {f.name: f for f in spec.fields}
    names = origin_names(session)
    mine = peers(session).own_origins() | {identity(session).public.origin}
    entries = []
    for index, write in enumerate(session.history(record_id)):  # oldest first
        wall_ms, _counter = parse_hlc(write["hlc"])
        changes = tuple(
            Change(name, _(labels[name].label), _shown(session, record_type, labels[name], value))
            for name, value in sorted(write["fields"].items(), key=lambda kv: _order(spec, kv[0]))
            if name in labels)
        entries.append(Entry(datetime.fromtimestamp(wall_ms / 1000, UTC),
                             names.get(write["origin"], _("an unknown vault")),
                             _op(write["op"], first=index == 0), changes,
                             write["origin"] in mine))
    # The log's order is the hybrid clock's, which breaks ties within one millisecond;
    # sorting by wall time would lose that (two writes in one ms came out in log order).
    entries.reverse()
    return entries


def _op(logged: str, *, first: bool) -> str:
    """The log says "put" for every write of values: the first one made the record."""
    if logged == "put":
        return "add" if first else "edit"
    return logged


def _order(spec: Any, name: str) -> int:
    for index, field in enumerate(spec.fields):
        if field.name == name:
            return index
    return len(spec.fields)


def _shown(session: Session, record_type: str, field: Any, value: Any) -> str:
    if value is None or value in ("", []):
        return _("(empty)")
    as_list = value if isinstance(value, list) else [value]
    formats: dict[Kind, Any] = {
        Kind.ENUM: lambda: choice_label(record_type, field.name, value),
        Kind.BOOL: lambda: _("yes") if value else _("no"),
        Kind.DATE: lambda: format_date(value),
        Kind.DATETIME: lambda: format_moment(value),
        Kind.REF: lambda: _title(session, value),
        Kind.REFLIST: lambda: ", ".join(_title(session, v) for v in as_list),
        Kind.ITEMS: lambda: "; ".join(f"{i.get('name', '')} × {i.get('quantity', '')}"
                                      for i in as_list),
    }
    if field.kind in formats:
        return str(formats[field.kind]())
    return ", ".join(str(v) for v in as_list)


def _title(session: Session, record_id: str) -> str:
    try:
        return record_title(session.get_any(record_id))
    except CasefileError:
        return _("(deleted)")
