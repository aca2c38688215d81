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
    """Per person, the newest outgoing letter sent before the date, if no incoming letter
    from that person came (was received, else sent) on or after it.

    Only the newest matters on the dashboard: if any letter of a person is unanswered, so is
    their newest. So: a grouped maximum each way, read from the letter_by_direction index,
    not a search of the person's letters for every letter (a minute at 100,000 letters).
    """
    person = "AND person_id = ? " if person_id else ""
    params: tuple[Any, ...] = (sent_before, person_id, person_id) if person_id else (
        sent_before,)
    sql = (
        "WITH newest AS (SELECT person_id, max(sent_on) AS sent_on FROM r_letter "
        "WHERE direction = 'out' AND status IN ('sent', 'delivered') AND sent_on IS NOT NULL "
        f"AND sent_on < ? {person}GROUP BY person_id), "
        "answered AS (SELECT person_id, max(coalesce(received_on, sent_on)) AS at "
        f"FROM r_letter WHERE direction = 'in' {person}GROUP BY person_id) "
        "SELECT l.id FROM newest n LEFT JOIN answered a ON a.person_id = n.person_id "
        "JOIN r_letter l ON l.person_id = n.person_id AND l.sent_on = n.sent_on "
        "AND l.direction = 'out' AND l.status IN ('sent', 'delivered') "
        "WHERE a.at IS NULL OR a.at < n.sent_on ORDER BY l.sent_on, l.id")
    return _ids(store, sql, params)


def open_tasks(store: RecordStore, due_by: str) -> list[str]:
    return _ids(store, "SELECT id FROM r_task WHERE coalesce(done, 0) = 0 "
                "AND (due_on IS NULL OR due_on <= ?) ORDER BY due_on IS NULL, due_on", (due_by,))


def cases_of_person(store: RecordStore, person_id: str) -> list[str]:
    return _ids(store, "SELECT id FROM r_case t WHERE EXISTS (SELECT 1 FROM "
                "json_each(t.person_ids) WHERE json_each.value = ?) ORDER BY title COLLATE ru",
                (person_id,))


def letters_sent_by_month(store: RecordStore, first_day: str,
                          last_day: str) -> dict[str, tuple[int, int]]:
    """Month ('YYYY-MM') -> (outgoing letters sent, how many of them are answered), drafts
    left out. Counted from the covering index on letters (schema 5): no letter is read."""
    rows = store.db.execute(
        "SELECT substr(sent_on, 1, 7), count(*), sum(status IS 'answered') FROM r_letter "
        "WHERE direction = 'out' AND sent_on >= ? AND sent_on <= ? AND status IS NOT 'draft' "
        "GROUP BY 1", (first_day, last_day))
    return {month: (int(sent), int(answered or 0)) for month, sent, answered in rows}


def parcels_in_period(store: RecordStore, person_id: str, facility_id: str,
                      start: str, end: str) -> list[dict[str, Any]]:
    """The person's parcels at the facility planned in [start, end], whatever their status:
    what a parcel-limit check counts (``casefile.domain.allowance``) needs of each."""
    columns = ("id", "person_id", "facility_id", "kind", "status", "planned_on",
               "total_weight_g")
    rows = store.db.execute(
        "SELECT id, person_id, facility_id, kind, status, planned_on, total_weight_g "
        "FROM r_parcel WHERE person_id = ? AND facility_id = ? AND planned_on >= ? "
        "AND planned_on <= ? ORDER BY planned_on",
        (person_id, facility_id, start, end))
    return [dict(zip(columns, row, strict=True)) for row in rows]
