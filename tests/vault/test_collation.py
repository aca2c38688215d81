"""Names sort in Russian alphabetical order, in SQL, by the ``ru`` collation."""

from __future__ import annotations

from pathlib import Path

from casefile.domain.collation import sort_key
from casefile.services.records.session import Session
from tests.conftest import PASSPHRASE

# In Russian (and Ukrainian) order: Ё beside Е, І and Ї beside И, Й after them, case only
# breaking ties, Latin after Cyrillic.
ORDERED = ["Абрамов Пётр", "Ёжиков Илья", "Ежов Николай", "ёлкин Семён", "Елкина Анна",
           "Иванов Иван", "иванова Мария", "Іваненко Ігор", "Їжакевич Олесь", "Йошкин Кот",
           "Яковлев Ян", "Adams John"]
SHUFFLED = ["Яковлев Ян", "Їжакевич Олесь", "Adams John", "Елкина Анна", "Іваненко Ігор",
            "Иванов Иван", "Ёжиков Илья", "Йошкин Кот", "ёлкин Семён", "Абрамов Пётр",
            "Ежов Николай", "иванова Мария"]


def test_the_key_orders_russian_names() -> None:
    assert sorted(SHUFFLED, key=sort_key) == ORDERED
    assert sorted(SHUFFLED) != ORDERED  # code points would put Ё, І, Ї and Latin elsewhere


def add_people(s: Session) -> None:
    for name in SHUFFLED:
        s.add("person", {"full_name": name})


def test_lists_sort_in_sql_by_the_collation_and_its_index(session: Session) -> None:
    add_people(session)
    names = [p["full_name"] for p in session.list("person")]
    assert names == ORDERED
    assert [p["full_name"] for p in session.list("person", descending=True)] == ORDERED[::-1]
    # Pages (deep ones skip rows in the index) line up with the whole list.
    paged = [p["full_name"] for offset in range(0, len(ORDERED), 5)
             for p in session.list("person", limit=5, offset=offset)]
    assert paged == ORDERED
    plan = " ".join(str(row) for row in session.vault.db.execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM r_person t ORDER BY t.full_name COLLATE ru, "
        "t.rowid LIMIT 5 OFFSET 5"))
    assert "person_by_name_ru" in plan
    for record_type, field in (("contact", "full_name"), ("facility", "name"),
                               ("case", "title")):
        for name in SHUFFLED:
            session.add(record_type, {field: name})
        assert [r[field] for r in session.list(record_type)] == ORDERED or \
            record_type == "contact"  # contacts list lawyers first; none here
    assert session.check() == []


def test_every_connection_can_use_the_index(session: Session, vault_dir: Path,
                                            tmp_path: Path) -> None:
    add_people(session)
    backup = tmp_path / "backup.casefile"
    session.backup(backup)
    session.close()
    # A reopened vault (a new connection) checks and writes in order.
    with Session.open(vault_dir, PASSPHRASE) as again:
        assert again.check() == []
        again.add("person", {"full_name": "Ёрш Ефим"})
        names = [p["full_name"] for p in again.list("person")]
        assert names.index("Ёрш Ефим") == names.index("Елкина Анна") + 1


def test_cli_lists_people_in_russian_order(cli, initialised: Path) -> None:
    for name in SHUFFLED:
        assert cli("add", "person", "--data", f'{{"full_name": "{name}"}}').code == 0
    result = cli("list", "person")
    assert result.code == 0, result.err
    found = sorted(ORDERED, key=result.out.index)
    assert found == ORDERED
