"""The live schema matches the field specs, so migrations and specs never drift apart."""

from __future__ import annotations

from casefile.domain.fields import Kind
from casefile.domain.records import SPECS
from casefile.services.records.session import Session


def test_every_spec_field_has_its_column(session: Session) -> None:
    conn = session.vault.db.conn
    for spec in SPECS.values():
        columns = {row[1]: row[2] for row in conn.execute(f"PRAGMA table_xinfo({spec.table})")}
        for f in spec.fields:
            assert f.name in columns, f"{spec.table}.{f.name} needs a migration"
            assert columns[f.name] == f.sql_type, f"{spec.table}.{f.name}"
            if f.kind is Kind.DATETIME:
                assert f"{f.name}_utc" in columns
        extra = set(columns) - {f.name for f in spec.fields} - {"id"} - {
            f"{f.name}_utc" for f in spec.fields if f.kind is Kind.DATETIME}
        assert extra == set(), spec.table


def test_indexes_for_the_lists_people_open_most(session: Session) -> None:
    conn = session.vault.db.conn
    plan = " ".join(str(r) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM r_letter WHERE person_id = ? ORDER BY sent_on",
        ("x",)))
    assert "letter_by_person" in plan
    plan = " ".join(str(r) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM r_hearing ORDER BY starts_at_utc"))
    assert "hearing_by_time" in plan
    plan = " ".join(str(r) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM r_parcel ORDER BY planned_on"))
    assert "parcel_by_date" in plan


def test_sorted_pages_use_the_index(session: Session) -> None:
    """A deep page of the Letters list must not sort the whole table."""
    spec = SPECS["letter"]
    records = session.vault.records
    sql = records._select(spec) + records.order_clause(spec, "sent_on", True) + " LIMIT 200"
    plan = " ".join(str(r) for r in session.vault.db.execute("EXPLAIN QUERY PLAN " + sql))
    assert "letter_by_date" in plan
    assert "TEMP B-TREE" not in plan
