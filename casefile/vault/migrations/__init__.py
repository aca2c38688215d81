"""Numbered schema migrations; each runs in one transaction and sets PRAGMA user_version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casefile.vault.migrations import (
    m0001_records,
    m0002_files_and_search,
    m0003_sync,
    m0004_held_writes,
    m0005_letter_indexes,
    m0006_signed_batches,
    m0007_files_in_bundles,
    m0008_revoked_keys,
    m0009_person_gender,
    m0010_file_sources,
    m0011_held_files,
    m0012_origin_keys,
    m0013_write_withheld,
    m0014_collation,
    m0015_waiting_records,
    m0016_change_tags,
    m0017_index_merging,
)

MIGRATIONS: tuple[Callable[[Any], None], ...] = (
    m0001_records.upgrade,
    m0002_files_and_search.upgrade,
    m0003_sync.upgrade,
    m0004_held_writes.upgrade,
    m0005_letter_indexes.upgrade,
    m0006_signed_batches.upgrade,
    m0007_files_in_bundles.upgrade,
    m0008_revoked_keys.upgrade,
    m0009_person_gender.upgrade,
    m0010_file_sources.upgrade,
    m0011_held_files.upgrade,
    m0012_origin_keys.upgrade,
    m0013_write_withheld.upgrade,
    m0014_collation.upgrade,
    m0015_waiting_records.upgrade,
    m0016_change_tags.upgrade,
    m0017_index_merging.upgrade,
)
LATEST = len(MIGRATIONS)
