"""Nothing a person entered can be read from the vault folder's files."""

from __future__ import annotations

import contextlib
from pathlib import Path

from casefile.services.records.session import Session
from tests.conftest import PASSPHRASE

MARKERS = ["Зорькина Мирослава Тимофеевна", "Zorkina-unique-name", "заметка-маркер-42",
           "Текст письма с уникальным словом квазиперпендикуляр", "ул. Маркерная, д. 7"]


def encodings(text: str) -> list[bytes]:
    out = [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    for enc in ("cp1251", "koi8-r"):
        with contextlib.suppress(UnicodeEncodeError):
            out.append(text.encode(enc))
    # Short fragments too, so a split across pages or a stem is caught.
    for word in text.split():
        if len(word) >= 6:
            out.append(word.encode("utf-8"))
    return out


def test_no_plaintext_in_any_vault_file(vault_dir: Path, tmp_path: Path) -> None:
    with Session.create(vault_dir, PASSPHRASE, 0.05) as s:
        facility = s.add("facility", {"name": "ФКУ ИК-1", "address": MARKERS[4]})
        person = s.add("person", {"full_name": MARKERS[0], "latin_name": MARKERS[1],
                                  "notes": MARKERS[2], "facility_id": facility["id"]})
        s.add("letter", {"person_id": person["id"], "body": MARKERS[3], "subject": MARKERS[2]})
        scan = tmp_path / "scan.txt"
        scan.write_text(MARKERS[3], encoding="utf-8")
        s.attach("person", person["id"], scan)
        # Look while the vault is open (WAL present) as well as after it is closed.
        open_files = {p: p.read_bytes() for p in vault_dir.iterdir() if p.is_file()}
    closed_files = {p: p.read_bytes() for p in vault_dir.iterdir() if p.is_file()}
    for files in (open_files, closed_files):
        for path, data in files.items():
            for marker in MARKERS:
                for needle in encodings(marker):
                    assert needle not in data, (path.name, marker)


def test_secure_delete_and_memory_temp_store(session: Session) -> None:
    conn = session.vault.db.conn
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_key_is_wiped_on_close(vault_dir: Path) -> None:
    s = Session.create(vault_dir, PASSPHRASE, 0.05)
    key = s.vault._key
    assert key
    s.close()
    assert not key
    assert repr(key) == "<Secret>"


def test_core_dumps_are_off() -> None:
    import resource

    from casefile.process import harden

    harden()
    assert resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)
