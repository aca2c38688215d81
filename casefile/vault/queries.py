"""Read-only queries behind the dashboard and a person's page (SQL stays in the vault)."""

from __future__ import annotations

from typing import Any

from casefile.vault.records import RecordStore


def _ids(store: RecordStore, sql: str, params: tuple[Any, ...]) -> list[str]:
    return [row[0] for row in store.db.execute(sql, params)]


def hearings_between(store: RecordStore, start_utc: str, end_utc: str) -> list[str]:
    return _ids(store, "SELECT id FROM r_hearing WHERE starts_at_utc >= ? AND starts_at_utc < ? "
                "ORDER BY starts_at_utc", (start_utc, end_utc))


def measures_ending(store: RecordStore, start: str, end: str) -> list[str]:
    return _ids(store, "SELECT id FROM r_case WHERE measure_until >= ? AND measure_until <= ? "
                "AND coalesce(measure, '') NOT IN ('', 'none') ORDER BY measure_until",
                (start, end))


def parcels_planned(store: RecordStore, start: str, end: str) -> list[str]:
    return _ids(store, "SELECT id FROM r_parcel WHERE planned_on >= ? AND planned_on <= ? "
                "AND status IN ('planned', 'packed') ORDER BY planned_on", (start, end))


def unanswered_letters(store: RecordStore, sent_before: str,
                       person_id: str | None = None) -> list[str]:
    """Outgoing letters sent before the date with no later incoming letter from that person."""
    sql = ("SELECT o.id FROM r_letter o WHERE o.direction = 'out' "
           "AND o.status IN ('sent', 'delivered') AND o.sent_on IS NOT NULL AND o.sent_on < ? "
           "AND NOT EXISTS (SELECT 1 FROM r_letter i WHERE i.person_id = o.person_id "
           "AND i.direction = 'in' AND coalesce(i.received_on, i.sent_on) >= o.sent_on) ")
    params: tuple[Any, ...] = (sent_before,)
    if person_id:
        sql += "AND o.person_id = ? "
        params += (person_id,)
    # Only the newest unanswered letter per person matters on the dashboard.
    sql = (f"SELECT id FROM r_letter WHERE id IN ({sql}) AND sent_on = (SELECT max(sent_on) "
           "FROM r_letter l2 WHERE l2.person_id = r_letter.person_id AND l2.id IN "
           f"({sql})) ORDER BY sent_on")
    return _ids(store, sql, params + params)


def open_tasks(store: RecordStore, due_by: str) -> list[str]:
    return _ids(store, "SELECT id FROM r_task WHERE coalesce(done, 0) = 0 "
                "AND (due_on IS NULL OR due_on <= ?) ORDER BY due_on IS NULL, due_on", (due_by,))


def cases_of_person(store: RecordStore, person_id: str) -> list[str]:
    return _ids(store, "SELECT id FROM r_case t WHERE EXISTS (SELECT 1 FROM "
                "json_each(t.person_ids) WHERE json_each.value = ?) ORDER BY title",
                (person_id,))


def parcel_weight_in_period(store: RecordStore, person_id: str, facility_id: str,
                            start: str, end: str) -> int:
    row = store.db.execute(
        "SELECT coalesce(sum(total_weight_g), 0) FROM r_parcel WHERE person_id = ? "
        "AND facility_id = ? AND planned_on >= ? AND planned_on <= ? "
        "AND status NOT IN ('refused', 'returned')", (person_id, facility_id, start, end))
    return int(row.fetchone()[0])
