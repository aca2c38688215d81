"""Export stores each write's signed batch once and copies those bytes into later bundles."""

from __future__ import annotations

from pathlib import Path

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.sync.batches import verify_batch
from casefile.sync.bundle import open_bundle
from casefile.sync.canonical import canonical_json
from casefile.vault.keys import MIN_KDF_SECONDS
from casefile.vault.migrations import LATEST
from tests.conftest import PASSPHRASE


def _vault(tmp_path: Path, name: str) -> Session:
    return Session.create(tmp_path / f"{name}.casefile", PASSPHRASE, kdf_seconds=MIN_KDF_SECONDS)


def _trust(a: Session, b: Session, name_of_b: str, name_of_a: str) -> None:
    bundles.add_contact(a, name_of_b, bundles.identity(b).public.to_json())
    bundles.add_contact(b, name_of_a, bundles.identity(a).public.to_json())


def _body(data: bytes, reader: Session, sender: Session) -> dict:
    return open_bundle(data, bundles.identity(reader), [bundles.identity(sender).public]).body


def _stored(s: Session) -> dict[tuple[str, int], bytes]:
    return {(o, q): bytes(b) for o, q, b in s.vault.db.execute(
        "SELECT origin, seq, batch FROM signed_batch")}


def test_a_second_export_copies_the_stored_batches(tmp_path: Path) -> None:
    anna, boris = _vault(tmp_path, "anna"), _vault(tmp_path, "boris")
    _trust(anna, boris, "Boris", "Anna")
    bundles.peers(anna).share("Boris", everything=True)
    task = anna.add("task", {"title": "передать «письмо»", "notes": 'строка\n"кавычки" \\'})
    anna.edit("task", task["id"], {"title": "передано"})
    first, second = tmp_path / "1.cfb", tmp_path / "2.cfb"
    bundles.export_bundle(anna, ["Boris"], first, full=True)
    stored = _stored(anna)
    assert len(stored) == 2
    bundles.export_bundle(anna, ["Boris"], second, full=True)
    assert _stored(anna) == stored
    one, two = (_body(f.read_bytes(), boris, anna) for f in (first, second))
    assert one["batches"] == two["batches"]
    for batch in two["batches"]:
        write = verify_batch(batch)[0]
        assert stored[(write["origin"], write["seq"])] == canonical_json(batch)
    report = bundles.import_bundle(boris, second)
    assert report.added == 1 and boris.get("task", task["id"])["title"] == "передано"
    anna.close()
    boris.close()


def test_relayed_writes_keep_their_origins_signature(tmp_path: Path) -> None:
    anna, boris, vera = (_vault(tmp_path, n) for n in ("anna", "boris", "vera"))
    _trust(anna, boris, "Boris", "Anna")
    _trust(boris, vera, "Vera", "Boris")
    bundles.peers(anna).share("Boris", everything=True)
    bundles.peers(boris).share("Vera", everything=True)
    task = anna.add("task", {"title": "свидание 12-го"})
    bundles.export_bundle(anna, ["Boris"], tmp_path / "a.cfb")
    bundles.import_bundle(boris, tmp_path / "a.cfb")
    for name in ("b1.cfb", "b2.cfb"):  # the second from Boris's stored bytes
        bundles.export_bundle(boris, ["Vera"], tmp_path / name, full=True)
        batches = _body((tmp_path / name).read_bytes(), vera, boris)["batches"]
        assert [b["origin"] for b in batches] == [bundles.identity(anna).public.origin]
        assert batches[0]["origin_key"] == bundles.identity(anna).public.signing_key
    assert bundles.import_bundle(vera, tmp_path / "b2.cfb").added == 1
    assert vera.get("task", task["id"])["title"] == "свидание 12-го"
    for s in (anna, boris, vera):
        s.close()


def test_a_delete_drops_the_stored_bytes_of_the_content_it_blanks(tmp_path: Path) -> None:
    anna, boris = _vault(tmp_path, "anna"), _vault(tmp_path, "boris")
    _trust(anna, boris, "Boris", "Anna")
    bundles.peers(anna).share("Boris", everything=True)
    task = anna.add("task", {"title": "адрес колонии"})
    bundles.export_bundle(anna, ["Boris"], tmp_path / "1.cfb")
    assert len(_stored(anna)) == 1
    anna.delete("task", task["id"])
    assert _stored(anna) == {}  # the blanked write's batch went with its content
    bundles.export_bundle(anna, ["Boris"], tmp_path / "2.cfb", full=True)
    body = _body((tmp_path / "2.cfb").read_bytes(), boris, anna)
    assert "адрес колонии" not in canonical_json(body).decode()
    assert [verify_batch(b)[0]["op"] for b in body["batches"]] == ["put", "delete"]
    anna.close()
    boris.close()


def test_a_vault_from_before_stored_batches_upgrades_and_exports(tmp_path: Path) -> None:
    anna, boris = _vault(tmp_path, "anna"), _vault(tmp_path, "boris")
    _trust(anna, boris, "Boris", "Anna")
    bundles.peers(anna).share("Boris", everything=True)
    task = anna.add("task", {"title": "передача"})
    bundles.export_bundle(anna, ["Boris"], tmp_path / "old.cfb")
    # Make it the schema-5 vault an earlier casefile left: signatures, no stored batches.
    with anna.vault.db.transaction() as conn:
        conn.execute("DROP TRIGGER change_changed_batch_stale")
        conn.execute("DROP TRIGGER change_deleted_batch_gone")
        conn.execute("DROP TABLE signed_batch")
        conn.execute("DROP TABLE peer_sent_file")  # schema 7
        conn.execute("DROP TABLE file_tombstone")
        conn.execute("DROP TABLE revoked_key")  # schema 8
        conn.execute("ALTER TABLE r_person DROP COLUMN gender")  # schema 9
        conn.execute("DROP TABLE file_source")  # schemas 10 to 12
        conn.execute("DROP TABLE held_file")
        conn.execute("DROP TABLE origin_key")
        conn.execute("DROP TABLE write_withheld")
        conn.execute("DROP TABLE waiting_record")
        conn.execute("DROP INDEX change_tags")  # schema 16
        conn.execute("DELETE FROM search_config WHERE k = 'crisismerge'")  # schema 17
        for index in ("person_by_name_ru", "case_by_title_ru", "facility_by_name_ru",
                      "contact_by_name_ru"):  # the Russian-order indexes
            conn.execute(f"DROP INDEX {index}")
        conn.execute("PRAGMA user_version = 5")
    anna.close()
    anna = Session.open(tmp_path / "anna.casefile", PASSPHRASE)
    assert anna.vault.db.schema_version == LATEST
    assert anna.check() == []
    bundles.export_bundle(anna, ["Boris"], tmp_path / "new.cfb", full=True)
    assert len(_stored(anna)) == 1
    old, new = (_body((tmp_path / f).read_bytes(), boris, anna)["batches"]
                for f in ("old.cfb", "new.cfb"))
    assert old == new  # the signature made before the upgrade is the one sent
    assert bundles.import_bundle(boris, tmp_path / "new.cfb").added == 1
    assert boris.get("task", task["id"])["title"] == "передача"
    anna.close()
    boris.close()
