"""A vault made by the first schema upgrades to the latest, keeping its data."""

from __future__ import annotations

import contextlib
from pathlib import Path

from casefile.services.records.session import Session
from casefile.vault import header as hdr
from casefile.vault import keys
from casefile.vault.folder import header_path
from casefile.vault.keys import Secret
from casefile.vault.migrations import LATEST, MIGRATIONS
from casefile.vault.vault import Vault
from tests.conftest import PASSPHRASE


def make_schema_1_vault(folder: Path) -> None:
    folder.mkdir()
    data_key = Secret.random()
    params = keys.KdfParams(keys.MIN_MEMORY_KIB, 1)
    vault = Vault(folder, Secret(bytearray(data_key.bytes())), create=True, migrate_to=1)
    try:
        assert vault.db.schema_version == 1
        with vault.db.transaction() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES ('origin', 'aa')")
        # Write straight into schema 1's tables, as that version of casefile would have.
        with vault.db.transaction() as conn:
            conn.execute("INSERT INTO record(id, type, created_at, updated_at) VALUES "
                         "('11111111-1111-4111-8111-111111111111', 'person', 'x', 'x')")
            conn.execute("INSERT INTO r_person(id, full_name, notes) VALUES "
                         "('11111111-1111-4111-8111-111111111111', 'Кагарлицкий Борис', "
                         "'написал письма')")
        hdr.write(header_path(folder), hdr.Header.for_passphrase(params, PASSPHRASE, data_key))
    finally:
        vault.close()


def test_upgrade_from_schema_1(tmp_path: Path) -> None:
    folder = tmp_path / "old.casefile"
    make_schema_1_vault(folder)
    with Session.open(folder, PASSPHRASE) as s:
        assert s.vault.db.schema_version == LATEST
        person = s.get("person", "11111111-1111-4111-8111-111111111111")
        assert person["full_name"] == "Кагарлицкий Борис"
        # Migration 2 built the search index over records that existed before it.
        assert [h.id for h in s.search("kagarlitsky")] == [person["id"]]
        assert [h.id for h in s.search("письмо")] == [person["id"]]
        assert s.check() == []


def test_a_failed_migration_leaves_the_old_schema(tmp_path: Path, monkeypatch) -> None:
    import casefile.vault.db as db_module

    folder = tmp_path / "old.casefile"
    make_schema_1_vault(folder)

    def broken(conn) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(db_module, "MIGRATIONS", (db_module.MIGRATIONS[0], broken))
    with contextlib.suppress(RuntimeError):
        Session.open(folder, PASSPHRASE)
    monkeypatch.undo()
    with Session.open(folder, PASSPHRASE) as s:
        tables = {r[0] for r in s.vault.db.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables
        assert s.vault.db.schema_version == LATEST


def test_each_migration_is_named_by_the_schema_it_makes() -> None:
    """mNNNN is the schema number the migration's position gives it, so nobody guesses."""
    numbers = [int(step.__module__.rsplit(".", 1)[1][1:5]) for step in MIGRATIONS]
    assert numbers == list(range(1, len(MIGRATIONS) + 1))
