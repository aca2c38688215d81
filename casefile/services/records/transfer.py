"""Plaintext JSON Lines export and import, for moving records between systems.

One record a line: {"type": ..., "id": ..., fields..., "local_only": ...}. Import is all or
nothing: every line is validated and applied in one transaction, and the first problem is
reported with its line number. A line without an ``id`` (records from another system) is a
new record and gets a new id, as ``add`` gives one; a line with an id adds the record under
that id or updates the record that has it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.atomicfile import write_atomic
from casefile.domain.errors import CasefileError, ValidationError
from casefile.domain.records import TYPES
from casefile.domain.validate import is_uuid, normal_id, spec_for, validate
from casefile.i18n import _
from casefile.services.records.session import Session
from casefile.vault.bulk import BulkAdder, import_cache

MAX_LINE_BYTES = 16 * 1024 * 1024
# Referenced types first, so every reference points at a record already stored.
IMPORT_ORDER = ("facility", "person", "contact", "case", "letter", "hearing", "parcel",
                "event", "task", "payment")


def export_jsonl(session: Session, target: Path, types: Iterable[str] | None = None) -> int:
    wanted = list(types) if types else list(TYPES)
    for record_type in wanted:
        spec_for(record_type)
    count = 0

    def lines() -> Iterator[bytes]:
        nonlocal count
        for record_type in wanted:
            # Read a batch at a time and written line by line: memory stays flat.
            for record in session.iterate(record_type, order="created_at", descending=False):
                count += 1
                yield (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()

    write_atomic(Path(target), lines())
    return count


def _parse(source: Path) -> list[tuple[int, str, dict[str, Any]]]:
    parsed = []
    if not Path(source).is_file():
        raise CasefileError(_("no such file: {0}").format(source))
    with Path(source).open("rb") as fh:
        for number, raw in enumerate(iter(lambda: fh.readline(MAX_LINE_BYTES + 1), b""), 1):
            if len(raw) > MAX_LINE_BYTES:
                raise CasefileError(_("line {0}: longer than {1} bytes").format(
                    number, MAX_LINE_BYTES))
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise CasefileError(_("line {0}: not valid JSON ({1})").format(number, exc)) \
                    from None
            except RecursionError:
                raise CasefileError(_("line {0}: nested too deeply").format(number)) from None
            if not isinstance(obj, dict):
                raise CasefileError(_("line {0}: must be a JSON object").format(number))
            record_type = obj.get("type")
            if record_type not in TYPES:
                raise CasefileError(_("line {0}: type must be one of: {1}").format(
                    number, ", ".join(TYPES)))
            if obj.get("id") is None:  # left out (or null): a new record, given an id below
                obj.pop("id", None)
            elif not is_uuid(obj["id"]):
                raise CasefileError(
                    _("line {0}: id must be a UUID, or be left out for a new record")
                    .format(number))
            else:
                obj["id"] = normal_id(obj["id"])
            parsed.append((number, record_type, obj))
    return parsed


@dataclass(frozen=True)
class GivenId:
    """A record added from a line without an id, and the id it was given."""

    line: int
    type: str
    id: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "type": self.type, "id": self.id}


@dataclass
class ImportReport:
    counts: dict[str, int]
    given_ids: list[GivenId] = field(default_factory=list)  # in line order


def import_jsonl(session: Session, source: Path) -> dict[str, int]:
    """Add new records and update existing ones (by id); returns counts per outcome."""
    return import_jsonl_report(session, source).counts


def import_jsonl_report(session: Session, source: Path) -> ImportReport:
    """import_jsonl, also naming the ids given to the lines that had none."""
    parsed = _parse(source)
    report = ImportReport({"added": 0, "updated": 0, "unchanged": 0})
    for number, record_type, obj in parsed:
        if "id" not in obj:
            obj["id"] = str(uuid.uuid4())
            report.given_ids.append(GivenId(number, record_type, obj["id"]))
    parsed.sort(key=lambda item: (IMPORT_ORDER.index(item[1]), item[0]))
    counts = report.counts
    records = session.vault.records
    with import_cache(session.vault.db), session.vault.db.transaction():
        # New records go in batches (the same rows as one by one, far fewer statements);
        # an update is applied one by one, after the batch before it is written.
        bulk = BulkAdder(records)
        bulk.prefetch(obj["id"] for _, _, obj in parsed)
        for number, record_type, obj in parsed:
            try:
                if bulk.type_of(obj["id"]) is None:
                    bulk.add(record_type, validate(record_type, obj), record_id=obj["id"])
                    counts["added"] += 1
                    continue
                bulk.flush()
                before = records.get(record_type, obj["id"])
                after = records.edit(record_type, obj["id"],
                                     validate(record_type, obj, partial=True))
                counts["updated" if after != before else "unchanged"] += 1
            except ValidationError as exc:
                raise CasefileError(_("line {0}: {1}").format(number, exc)) from None
            except CasefileError as exc:
                raise CasefileError(_("line {0}: {1}").format(number, exc)) from None
        bulk.finish()
    return report
