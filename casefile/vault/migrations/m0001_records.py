"""Schema 1: the record registry, the change log with write tags, and the typed tables.

Frozen: the SQL below was generated from the field specs when this migration was written and
must never change. New fields come in new migrations.
"""

from __future__ import annotations

from typing import Any

from casefile.vault.sqlscript import run_script

SQL = """
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- One row per live record of any type. n is the full-text index's rowid.
CREATE TABLE record (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  local_only INTEGER NOT NULL DEFAULT 0,
  -- {field: [[origin, seq, hlc], ...]}: the writes whose values survive (sync's registers)
  tags TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX record_by_type ON record(type, updated_at);
-- Every write, tagged (origin vault, origin's sequence number) with a hybrid logical clock
-- time and, per field, the tags of the values it replaced. A record's history.
CREATE TABLE change (
  origin TEXT NOT NULL,
  seq INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  record_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
  fields TEXT NOT NULL,
  replaces TEXT NOT NULL,
  PRIMARY KEY (origin, seq)
) WITHOUT ROWID;
CREATE INDEX change_by_record ON change(record_id);
CREATE TABLE tombstone (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  origin TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE TABLE r_person (
  id TEXT PRIMARY KEY REFERENCES record(id),
  full_name TEXT NOT NULL,
  latin_name TEXT,
  birth_year INTEGER,
  birth_date TEXT,
  status TEXT,
  facility_id TEXT REFERENCES r_facility(id),
  location_checked_on TEXT,
  needs TEXT,
  notes TEXT
);
CREATE TABLE r_case (
  id TEXT PRIMARY KEY REFERENCES record(id),
  title TEXT NOT NULL,
  case_number TEXT,
  articles TEXT,
  stage TEXT,
  investigating_body TEXT,
  court TEXT,
  judge TEXT,
  person_ids TEXT,
  lawyer_ids TEXT,
  measure TEXT,
  measure_until TEXT,
  sentence TEXT,
  notes TEXT
);
CREATE TABLE r_facility (
  id TEXT PRIMARY KEY REFERENCES record(id),
  name TEXT NOT NULL,
  "kind" TEXT,
  region TEXT,
  address TEXT,
  postal_code TEXT,
  timezone TEXT,
  parcel_limit_kg REAL,
  parcel_limit_period TEXT,
  parcels_per_period INTEGER,
  not_accepted TEXT,
  rules_checked_on TEXT,
  notes TEXT
);
CREATE TABLE r_contact (
  id TEXT PRIMARY KEY REFERENCES record(id),
  full_name TEXT NOT NULL,
  role TEXT,
  organization TEXT,
  phone TEXT,
  email TEXT,
  address TEXT,
  notes TEXT
);
CREATE TABLE r_letter (
  id TEXT PRIMARY KEY REFERENCES record(id),
  person_id TEXT NOT NULL REFERENCES r_person(id),
  direction TEXT,
  channel TEXT,
  status TEXT,
  sent_on TEXT,
  received_on TEXT,
  subject TEXT,
  body TEXT
);
CREATE TABLE r_hearing (
  id TEXT PRIMARY KEY REFERENCES record(id),
  case_id TEXT NOT NULL REFERENCES r_case(id),
  starts_at TEXT,
  starts_at_utc TEXT GENERATED ALWAYS AS (datetime(starts_at)) STORED,
  timezone TEXT,
  court TEXT,
  courtroom TEXT,
  judge TEXT,
  "kind" TEXT,
  attendees TEXT,
  outcome TEXT,
  notes TEXT
);
CREATE TABLE r_parcel (
  id TEXT PRIMARY KEY REFERENCES record(id),
  person_id TEXT NOT NULL REFERENCES r_person(id),
  facility_id TEXT REFERENCES r_facility(id),
  "kind" TEXT,
  planned_on TEXT,
  status TEXT,
  items TEXT,
  packer TEXT,
  carrier TEXT,
  total_weight_g INTEGER,
  notes TEXT
);
CREATE TABLE r_event (
  id TEXT PRIMARY KEY REFERENCES record(id),
  "on" TEXT NOT NULL,
  "kind" TEXT,
  description TEXT,
  person_id TEXT REFERENCES r_person(id),
  case_id TEXT REFERENCES r_case(id)
);
CREATE TABLE r_task (
  id TEXT PRIMARY KEY REFERENCES record(id),
  title TEXT NOT NULL,
  due_on TEXT,
  done INTEGER,
  person_id TEXT REFERENCES r_person(id),
  case_id TEXT REFERENCES r_case(id),
  notes TEXT
);
CREATE TABLE r_payment (
  id TEXT PRIMARY KEY REFERENCES record(id),
  amount TEXT NOT NULL,
  currency TEXT,
  direction TEXT,
  "on" TEXT,
  purpose TEXT,
  person_id TEXT REFERENCES r_person(id),
  case_id TEXT REFERENCES r_case(id),
  notes TEXT
);
CREATE INDEX letter_by_person ON r_letter(person_id, sent_on);
CREATE INDEX letter_by_date ON r_letter(sent_on);
CREATE INDEX hearing_by_time ON r_hearing(starts_at_utc);
CREATE INDEX hearing_by_case ON r_hearing(case_id, starts_at_utc);
CREATE INDEX parcel_by_date ON r_parcel(planned_on);
CREATE INDEX parcel_by_person ON r_parcel(person_id, planned_on);
CREATE INDEX person_by_name ON r_person(full_name);
CREATE INDEX person_by_facility ON r_person(facility_id);
CREATE INDEX event_by_case ON r_event(case_id, "on");
CREATE INDEX event_by_person ON r_event(person_id, "on");
CREATE INDEX task_by_due ON r_task(due_on);
CREATE INDEX payment_by_date ON r_payment("on");
CREATE INDEX payment_by_person ON r_payment(person_id, "on");
CREATE INDEX payment_by_case ON r_payment(case_id, "on");
"""


def upgrade(conn: Any) -> None:
    run_script(conn, SQL)
