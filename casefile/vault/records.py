"""Records in their typed tables, every write logged with its tags.

Callers pass values already validated by casefile.domain.validate; this layer adds what
needs the database: reference checks, the change log, write tags, the search index. The rows
themselves are built in casefile.vault.rows.
"""

from __future__ import annotations

import builtins
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from casefile.domain import collation
from casefile.domain.errors import CasefileError, NotFoundError, ValidationError
from casefile.domain.fields import Kind, RecordSpec
from casefile.domain.records import SPECS
from casefile.domain.validate import check_value, parcel_total_weight, spec_for
from casefile.i18n import _
from casefile.vault import search, searchindex
from casefile.vault.clock import Clock
from casefile.vault.db import Database
from casefile.vault.rows import (
    INSERT_CHANGE,
    INSERT_RECORD,
    change_row,
    decode,
    encode,
    insert_typed_sql,
    new_fields,
    record_row,
    typed_row,
)
from casefile.vault.schema import quote

MAX_PAGE = 10_000
# Names and titles sort in Russian alphabetical order (casefile/domain/collation.py), each
# with an index in that order (m0014_collation), so deep pages skip rows in an index. Other
# text columns sort case-insensitively by code point: the collation is a Python call per
# comparison, too slow to sort 100,000 letters without an index, and an index in it costs
# 60 us a row to write.
RUSSIAN_ORDER = frozenset({("person", "full_name"), ("case", "title"),
                           ("facility", "name"), ("contact", "full_name")})
DELETED = "_deleted"  # the register a delete writes; see docs/adr/0002-write-tags.md


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class RecordStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.clock = Clock(db.conn)

    # -- reading -------------------------------------------------------------------------

    def _row_to_record(self, spec: RecordSpec, row: Any, meta: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"id": row[0], "type": spec.type}
        for f, value in zip(spec.fields, row[1:], strict=True):
            out[f.name] = decode(f, value)
        out["created_at"], out["updated_at"], out["local_only"] = meta[0], meta[1], bool(meta[2])
        return out

    def _select(self, spec: RecordSpec) -> str:
        cols = ", ".join(f"t.{quote(f.name)}" for f in spec.fields)
        return (f"SELECT t.id, {cols}, r.created_at, r.updated_at, r.local_only "
                f"FROM {spec.table} t JOIN record r ON r.id = t.id")

    def _rows(self, spec: RecordSpec, sql: str, params: Iterable[Any]) -> list[dict[str, Any]]:
        n = len(spec.fields) + 1
        return [self._row_to_record(spec, row[:n], row[n:])
                for row in self.db.execute(sql, tuple(params))]

    def get(self, record_type: str, record_id: str) -> dict[str, Any]:
        spec = spec_for(record_type)
        found = self._rows(spec, self._select(spec) + " WHERE t.id = ?", (record_id,))
        if not found:
            raise NotFoundError(_("no {0} with id {1}").format(record_type, record_id))
        return found[0]

    def type_of(self, record_id: str) -> str | None:
        row = self.db.execute("SELECT type FROM record WHERE id = ?", (record_id,)).fetchone()
        return row[0] if row else None

    def get_any(self, record_id: str) -> dict[str, Any]:
        record_type = self.type_of(record_id)
        if record_type is None:
            raise NotFoundError(_("no record with id {0}").format(record_id))
        return self.get(record_type, record_id)

    def where_clause(self, spec: RecordSpec, where: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """SQL conditions for FIELD=VALUE filters; a list field matches if it contains VALUE."""
        clauses: list[str] = []
        params: list[Any] = []
        for name, raw in where.items():
            if name in ("id", "local_only", "created_at", "updated_at"):
                column = "r.local_only" if name == "local_only" else f"r.{name}"
                value = raw if name != "local_only" else int(str(raw).lower() in ("1", "true"))
                clauses.append(f"{column} = ?")
                params.append(value)
                continue
            field = spec.field(name)
            if field is None:
                raise ValidationError(spec.type, {name: _("unknown field; {0} has: {1}").format(
                    spec.type, ", ".join(f.name for f in spec.fields))})
            if raw in (None, ""):
                clauses.append(f"t.{quote(name)} IS NULL")
            elif field.kind in (Kind.REFLIST, Kind.STRLIST):
                clauses.append(f"EXISTS (SELECT 1 FROM json_each(t.{quote(name)}) "
                               "WHERE json_each.value = ?)")
                params.append(raw)
            elif field.kind is Kind.ITEMS:
                raise ValidationError(spec.type, {name: _("cannot be used as a filter")})
            else:
                try:
                    value = check_value(field, raw)
                except ValueError as exc:
                    raise ValidationError(spec.type, {name: str(exc)}) from None
                clauses.append(f"t.{quote(name)} = ?")
                params.append(encode(field, value))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def order_clause(self, spec: RecordSpec, order: str | None, descending: bool | None) -> str:
        column, default_desc = spec.default_sort
        lead = ""
        if order is None and spec.first is not None:
            lead_field, lead_value = spec.first
            lead = f"t.{quote(lead_field)} = '{lead_value}' DESC, "  # spec constants only
        column = order or column
        desc = default_desc if descending is None else descending
        field = spec.field(column)
        if column in ("created_at", "updated_at"):
            direction = "DESC" if desc else "ASC"
            return f" ORDER BY r.{column} {direction}, r.n {direction}"
        if field is None or field.is_list:
            raise ValidationError(spec.type, {column: _("cannot sort by this field")})
        if field.kind is Kind.DATETIME:
            expr = f"t.{column}_utc"
        elif (spec.type, column) in RUSSIAN_ORDER:
            expr = f"t.{quote(column)} COLLATE {collation.NAME}"
        elif field.kind in (Kind.TEXT, Kind.LONGTEXT):
            expr = f"t.{quote(column)} COLLATE NOCASE"
        else:
            expr = f"t.{quote(column)}"
        direction = "DESC" if desc else "ASC"
        # The typed table's rowid breaks ties, so paging never repeats or skips a row and the
        # column's index (whose entries end in that rowid) serves the whole ORDER BY: deep
        # pages of 100,000 letters stay fast. Empty values come first ascending, last
        # descending, as SQLite sorts NULL.
        return f" ORDER BY {lead}{expr} {direction}, t.rowid {direction}"

    def _filtered(self, spec: RecordSpec, where: Mapping[str, Any] | None,
                  match: str | None) -> tuple[str, list[Any]]:
        clause, params = self.where_clause(spec, where or {})
        expression = (search.match_expression(match, search.people_names(self.db))
                      if match else None)
        if match and expression is None:
            return " WHERE 0", []
        if expression:
            clause += (" AND " if clause else " WHERE ") + (
                "r.n IN (SELECT rowid FROM search WHERE search MATCH ?)")
            params.append(expression)
        return clause, params

    def list(self, record_type: str, where: Mapping[str, Any] | None = None, *,
             order: str | None = None, descending: bool | None = None,
             limit: int | None = None, offset: int = 0,
             match: str | None = None) -> list[dict[str, Any]]:
        """Records of a type, filtered (FIELD=VALUE, and full text with ``match``), sorted
        and paged in SQL."""
        spec = spec_for(record_type)
        clause, params = self._filtered(spec, where, match)
        ordering = self.order_clause(spec, order, descending)
        sql = self._select(spec) + clause + ordering
        if limit is not None:
            if offset > 0 and "r." not in clause + ordering:
                # A deep page: skip rows in the sort column's index alone, then read only
                # the page's rows. OFFSET on the full query read (and decrypted) every
                # skipped row, bodies and all: 2 s for the last page of 100,000 letters.
                # Every typed row has its record row, so the join is not needed to skip.
                sql = (self._select(spec) + f" WHERE t.rowid IN (SELECT t.rowid FROM "
                       f"{spec.table} t{clause}{ordering} LIMIT ? OFFSET ?)" + ordering)
            else:
                sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return self._rows(spec, sql, params)

    def iterate(self, record_type: str, where: Mapping[str, Any] | None = None, *,
                order: str | None = None, descending: bool | None = None,
                limit: int | None = None, match: str | None = None,
                batch: int = 500) -> Iterator[dict[str, Any]]:
        """``list``'s records in ``list``'s order, read ``batch`` at a time, so that memory
        does not grow with the vault (an export, ``list --json``).

        One query walks the row ids in order (SQLite sorts only the sort key and rowid, not
        the rows, where no index gives the order: the temp store is in memory); each batch
        of ids is then read whole (a record deleted meanwhile by another process is left
        out).
        """
        spec = spec_for(record_type)
        clause, params = self._filtered(spec, where, match)
        ordering = self.order_clause(spec, order, descending)
        sql = (f"SELECT t.rowid FROM {spec.table} t JOIN record r ON r.id = t.id"
               f"{clause}{ordering}")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        # Run here, not at the first record: a wrong filter or sort fails before any output.
        return self._in_batches(spec, self.db.execute(sql, tuple(params)), batch)

    def _in_batches(self, spec: RecordSpec, ids: Any, batch: int) -> Iterator[dict[str, Any]]:
        read = self._select(spec).replace("SELECT ", "SELECT t.rowid, ", 1)
        n = len(spec.fields) + 1
        while rowids := [row[0] for row in ids.fetchmany(batch)]:
            rows = {row[0]: row[1:] for row in self.db.execute(
                f"{read} WHERE t.rowid IN ({','.join('?' * len(rowids))})", rowids)}
            for rowid in rowids:
                row = rows.pop(rowid, None)
                if row is not None:
                    yield self._row_to_record(spec, row[:n], row[n:])

    def count(self, record_type: str, where: Mapping[str, Any] | None = None, *,
              match: str | None = None) -> int:
        spec = spec_for(record_type)
        clause, params = self._filtered(spec, where, match)
        # Every typed row has its record row: join it only when a condition reads it (the
        # join cost 50 ms of counting 100,000 letters, against a scan of the smallest index).
        join = " JOIN record r ON r.id = t.id" if "r." in clause else ""
        sql = f"SELECT count(*) FROM {spec.table} t{join}{clause}"
        return int(self.db.execute(sql, params).fetchone()[0])

    # -- writing -------------------------------------------------------------------------

    def check_refs(self, spec: RecordSpec, values: Mapping[str, Any],
                   type_of: Callable[[str], str | None] | None = None) -> None:
        """Every reference must name a stored record of its type. ``type_of`` looks ids up
        instead of the vault (a bulk import, which also knows the records it holds back)."""
        errors: dict[str, str] = {}
        for name, value in values.items():
            field = spec.field(name)
            if field is None or field.ref is None or not value:
                continue
            ids = value if isinstance(value, list) else [value]
            if type_of is not None:
                found = {i for i in ids if type_of(i) == field.ref}
            else:
                marks = ",".join("?" * len(ids))
                found = {row[0] for row in self.db.execute(
                    f"SELECT id FROM record WHERE type = ? AND id IN ({marks})",
                    (field.ref, *ids))}
            missing = [i for i in ids if i not in found]
            if missing:
                errors[name] = _("no {0} with id {1}").format(field.ref, missing[0])
        if errors:
            raise ValidationError(spec.type, errors)

    def _log(self, record_id: str, record_type: str, op: str, fields: dict[str, Any],
             tags: Mapping[str, Sequence[Sequence[Any]]]) -> tuple[str, int, str]:
        origin, seq, hlc = self.clock.origin, self.clock.next_seq(), self.clock.tick()
        replaces = {name: [t[:2] for t in tags.get(name, [])] for name in fields}
        if op == "delete":  # a delete replaces every value its writer had seen
            replaces = {name: [t[:2] for t in tag_list] for name, tag_list in tags.items()}
        self.db.execute(INSERT_CHANGE, change_row((origin, seq, hlc), record_id, record_type, op,
                                                  fields=fields, replaces=replaces))
        return origin, seq, hlc

    def add(self, record_type: str, values: Mapping[str, Any], *,
            record_id: str | None = None) -> dict[str, Any]:
        """Store a new record from validated ``values`` (all writable fields present)."""
        spec = spec_for(record_type)
        record_id = record_id or str(uuid.uuid4())
        fields, local_only = new_fields(spec, values)
        with self.db.transaction():
            if self.type_of(record_id) is not None:
                raise CasefileError(_("a record with id {0} already exists").format(record_id))
            self.check_refs(spec, fields)
            logged = {**fields, "local_only": local_only}
            origin, seq, hlc = self._log(record_id, spec.type, "put", logged, {})
            self.db.execute(INSERT_RECORD, record_row(spec, record_id, fields, local_only,
                                                      tag=(origin, seq, hlc), stamp=now_iso()))
            self.db.execute(insert_typed_sql(spec), typed_row(spec, record_id, fields))
            record = self.get(spec.type, record_id)
            searchindex.index_record(self.db.conn, record)
        return record

    def edit(self, record_type: str, record_id: str, changes: Mapping[str, Any], *,
             force: bool = False) -> dict[str, Any]:
        """Apply validated ``changes`` (only the fields given); unchanged values are no write,
        unless ``force`` (resolving a conflict in favour of the value shown)."""
        spec = spec_for(record_type)
        with self.db.transaction():
            current = self.get(spec.type, record_id)
            fields = {k: v for k, v in changes.items() if force or current.get(k) != v}
            if spec.type == "parcel" and "items" in fields:
                fields["total_weight_g"] = parcel_total_weight(fields["items"])
            if not fields:
                return current
            self.check_refs(spec, fields)
            tags = json.loads(self.db.execute(
                "SELECT tags FROM record WHERE id = ?", (record_id,)).fetchone()[0])
            origin, seq, hlc = self._log(record_id, spec.type, "put", fields, tags)
            for name in fields:
                tags[name] = [[origin, seq, hlc]]
            typed = {k: v for k, v in fields.items() if k != "local_only"}
            if typed:
                sets = ", ".join(f"{quote(k)} = ?" for k in typed)
                self.db.execute(f"UPDATE {spec.table} SET {sets} WHERE id = ?",
                                (*(encode(spec.field(k), v)  # type: ignore[arg-type]
                                   for k, v in typed.items()), record_id))
            self.db.execute(
                "UPDATE record SET updated_at = ?, tags = ?, local_only = ? WHERE id = ?",
                (now_iso(), json.dumps(tags),
                 int(fields.get("local_only", current["local_only"])), record_id))
            record = self.get(spec.type, record_id)
            searchindex.index_record(self.db.conn, record)
        return record

    def referrers(self, record_type: str, record_id: str) -> dict[str, int]:
        """How many live records of each type point at this one."""
        counts: dict[str, int] = {}
        for other in SPECS.values():
            for f in other.fields:
                if f.ref != record_type:
                    continue
                if f.kind is Kind.REF:
                    sql = f"SELECT count(*) FROM {other.table} WHERE {quote(f.name)} = ?"
                else:
                    sql = (f"SELECT count(*) FROM {other.table} t WHERE EXISTS (SELECT 1 FROM "
                           f"json_each(t.{quote(f.name)}) WHERE json_each.value = ?)")
                n = int(self.db.execute(sql, (record_id,)).fetchone()[0])
                if n:
                    counts[other.type] = counts.get(other.type, 0) + n
        return counts

    def delete(self, record_type: str, record_id: str) -> None:
        """Remove a record, leaving a tombstone that bundles carry.

        Refused while other records refer to it. The content of its earlier writes is blanked
        in the change log: deleted content is not kept anywhere in the vault.
        """
        spec = spec_for(record_type)
        with self.db.transaction():
            self.get(spec.type, record_id)
            refs = self.referrers(spec.type, record_id)
            if refs:
                listing = ", ".join(f"{n} {t}" for t, n in sorted(refs.items()))
                raise CasefileError(
                    _("{0} {1} is still referred to by: {2}; change or delete those first")
                    .format(spec.type, record_id, listing))
            n = self.db.execute("SELECT n FROM record WHERE id = ?", (record_id,)).fetchone()[0]
            origin, seq, _hlc = self._log(record_id, spec.type, "delete", {DELETED: True},
                                          self.every_tag(record_id))
            # Deleted content is not kept, even in history (nor its now-void signature). The
            # delete replaces every write the blanked ones made, so they are no longer needed.
            self.db.execute("UPDATE change SET fields = '{}', replaces = '{}', signature = NULL "
                            "WHERE record_id = ? AND op = 'put'", (record_id,))
            searchindex.unindex(self.db.conn, n)
            self.db.execute("DELETE FROM attachment WHERE record_id = ?", (record_id,))
            self.db.execute(f"DELETE FROM {spec.table} WHERE id = ?", (record_id,))
            self.db.execute("DELETE FROM record WHERE id = ?", (record_id,))
            self.db.execute(
                "INSERT OR REPLACE INTO tombstone(id, type, deleted_at, origin, seq) "
                "VALUES (?, ?, ?, ?, ?)", (record_id, spec.type, now_iso(), origin, seq))

    def with_several_survivors(self) -> builtins.list[tuple[str, str]]:
        """(id, type) of records where some field has more than one surviving value, or a
        delete survives beside edits: the candidates for conflicts."""
        found: builtins.list[tuple[str, str]] = self.db.execute(
            "SELECT id, type FROM record WHERE EXISTS (SELECT 1 FROM json_each(record.tags) "
            "WHERE json_array_length(json_each.value) > 1 OR json_each.key = ?)",
            (DELETED,)).fetchall()
        return found

    def every_tag(self, record_id: str) -> dict[str, builtins.list[tuple[Any, ...]]]:
        """Every (origin, seq) that ever wrote each field of the record: what a delete replaces,
        so that blanking those writes afterwards cannot bring an older value back anywhere."""
        tags: dict[str, builtins.list[builtins.list[Any]]] = {}
        for origin, seq, fields, replaces in self.db.execute(
                "SELECT origin, seq, fields, replaces FROM change WHERE record_id = ?",
                (record_id,)):
            for name in json.loads(fields):
                tags.setdefault(name, []).append([origin, seq])
            for name, replaced in json.loads(replaces).items():
                tags.setdefault(name, []).extend(replaced)
        return {name: sorted({tuple(t) for t in ts}) for name, ts in tags.items()}

    def history(self, record_id: str) -> builtins.list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT origin, seq, hlc, op, fields, replaces FROM change WHERE record_id = ? "
            "ORDER BY hlc, origin", (record_id,))
        return [{"origin": o, "seq": s, "hlc": h, "op": op, "fields": json.loads(f),
                 "replaces": json.loads(r)} for o, s, h, op, f, r in rows]
