"""Recovery code, and crypto-erase: `recovery new`, `passwd --recovery`, `destroy --really`.
The confirm step at a terminal is in test_cli_recovery_confirm.py."""

from __future__ import annotations

import shutil
from pathlib import Path

from mnemonic import Mnemonic

from casefile.domain import recoverycode
from casefile.services.records.session import Session
from casefile.services.safety.recovery import crypto_erase
from tests.conftest import PASSPHRASE, tree_bytes


def new_code(cli) -> str:
    """Without a terminal (a script), the code is saved and printed at once, as before."""
    result = cli("recovery", "new")
    assert result.code == 0, result.err
    code = result.out.strip()
    assert [len(g) for g in code.split()] == [5] * 8
    assert recoverycode.decode(code)
    assert "only now" in result.err and "Group" not in result.err
    return code


def test_recovery_code_opens_after_the_passphrase_is_changed_and_forgotten(cli,
                                                                          initialised) -> None:
    cli("add", "person", "--data", '{"full_name": "Кагарлицкий Борис"}')
    words = new_code(cli)
    assert cli("passwd", env={"CASEFILE_NEW_PASSPHRASE": "forgotten soon"}).code == 0
    # The passphrase is forgotten; the sheet is found.
    result = cli("passwd", "--recovery", passphrase=None,
                 env={"CASEFILE_RECOVERY_CODE": words.upper(),
                      "CASEFILE_NEW_PASSPHRASE": "a fresh start"})
    assert result.code == 0, result.err
    people = cli("list", "person", "--json", passphrase="a fresh start").json()
    assert [p["full_name"] for p in people] == ["Кагарлицкий Борис"]
    assert cli("list", "person", passphrase="forgotten soon").code == 1


def test_a_wrong_or_mistyped_code_changes_nothing(cli, initialised) -> None:
    new_code(cli)
    before = tree_bytes(initialised)
    other = Mnemonic("english").to_mnemonic(bytes(16))
    wrong = cli("passwd", "--recovery", passphrase=None,
                env={"CASEFILE_RECOVERY_CODE": other, "CASEFILE_NEW_PASSPHRASE": "x"})
    assert wrong.code == 1 and "wrong recovery code" in wrong.err
    typo = cli("passwd", "--recovery", passphrase=None,
               env={"CASEFILE_RECOVERY_CODE": "abandon " * 12, "CASEFILE_NEW_PASSPHRASE": "x"})
    assert typo.code == 1 and "12 words" in typo.err
    another = recoverycode.encode(bytes(16))
    assert cli("passwd", "--recovery", passphrase=None,
               env={"CASEFILE_RECOVERY_CODE": another,
                    "CASEFILE_NEW_PASSPHRASE": "x"}).code == 1
    assert tree_bytes(initialised) == before


def test_a_miscopied_group_is_named_before_any_key_is_tried(cli, initialised) -> None:
    groups = new_code(cli).split()
    before = tree_bytes(initialised)
    wrong = groups[2][:2] + ("2" if groups[2][2] != "2" else "3") + groups[2][3:]
    typo = cli("passwd", "--recovery", passphrase=None,
               env={"CASEFILE_RECOVERY_CODE": " ".join([*groups[:2], wrong, *groups[3:]]),
                    "CASEFILE_NEW_PASSPHRASE": "x"})
    assert typo.code == 1
    assert "error: group 3 of the recovery code has a mistake" in typo.err
    assert tree_bytes(initialised) == before


def test_a_code_of_12_words_made_before_still_opens_its_vault(cli, initialised) -> None:
    """Vaults whose recovery slot was made from 12 BIP-39 words (before the groups): the words
    open it, and so do the same 128 bits written as groups."""
    words = Mnemonic("english").generate(128)
    with Session.open(initialised, PASSPHRASE) as session:
        session.vault.set_recovery(bytes(Mnemonic("english").to_entropy(words)))
    result = cli("passwd", "--recovery", passphrase=None,
                 env={"CASEFILE_RECOVERY_CODE": f"  {words.upper()} ",
                      "CASEFILE_NEW_PASSPHRASE": "after the words"})
    assert result.code == 0, result.err
    assert cli("list", "person", passphrase="after the words").code == 0
    as_groups = recoverycode.encode(bytes(Mnemonic("english").to_entropy(words)))
    result = cli("passwd", "--recovery", passphrase=None,
                 env={"CASEFILE_RECOVERY_CODE": as_groups.lower(),
                      "CASEFILE_NEW_PASSPHRASE": "after the groups"})
    assert result.code == 0, result.err
    assert cli("list", "person", passphrase="after the groups").code == 0


def test_a_new_code_replaces_the_old(cli, initialised) -> None:
    first = new_code(cli)
    second = new_code(cli)
    assert first != second
    old = cli("passwd", "--recovery", passphrase=None,
              env={"CASEFILE_RECOVERY_CODE": first, "CASEFILE_NEW_PASSPHRASE": "x"})
    assert old.code == 1


def test_destroy_needs_really_and_the_passphrase(cli, initialised) -> None:
    before = tree_bytes(initialised)
    assert cli("destroy").code == 1
    assert cli("destroy", "--really", passphrase="wrong").code == 1
    assert tree_bytes(initialised) == before
    assert cli("destroy", "--really").code == 0
    assert not initialised.exists()


def test_crypto_erase_leaves_nothing_that_opens(cli, initialised, tmp_path: Path) -> None:
    cli("add", "person", "--data", '{"full_name": "Орлов Олег"}')
    words = new_code(cli)
    kept = tmp_path / "seized-copy.casefile"
    crypto_erase(initialised)
    shutil.copytree(initialised, kept)  # whatever of the files is left behind
    assert cli("--vault", str(kept), "list", "person").code == 1
    result = cli("--vault", str(kept), "passwd", "--recovery", passphrase=None,
                 env={"CASEFILE_RECOVERY_CODE": words, "CASEFILE_NEW_PASSPHRASE": "x"})
    assert result.code == 1


def test_destroy_after_failed_unlocks_is_off_by_default(cli, initialised) -> None:
    for _ in range(6):
        assert cli("list", "person", passphrase="wrong").code == 1
    assert cli("list", "person").code == 0 and initialised.exists()


def test_destroy_after_n_failed_unlocks(cli, initialised) -> None:
    assert cli("failed-unlocks", "--destroy-after", "3").code == 0
    assert cli("list", "person", passphrase="wrong").code == 1
    assert cli("list", "person").code == 0  # a right passphrase resets the count
    for _ in range(2):
        assert cli("list", "person", passphrase="wrong").code == 1
    assert initialised.exists()
    last = cli("list", "person", passphrase="wrong")
    assert last.code == 1 and "destroyed" in last.err
    assert not initialised.exists()


def test_destroy_after_can_be_turned_off(cli, initialised) -> None:
    cli("failed-unlocks", "--destroy-after", "3")
    assert cli("failed-unlocks", "--destroy-after", "off").code == 0
    for _ in range(4):
        cli("list", "person", passphrase="wrong")
    assert initialised.exists()
    assert cli("failed-unlocks", "--destroy-after", "1").code == 1  # too few to be safe


def test_recovery_sheet_holds_the_code_in_boxes_and_the_window_s_way_first(
        cli, initialised, tmp_path: Path) -> None:
    from tests.printing.pdfcheck import assert_document, has

    sheet = tmp_path / "sheet.pdf"
    result = cli("recovery", "new", "--sheet", str(sheet))
    assert result.code == 0, result.err
    groups = result.out.split()
    text = assert_document(sheet.read_bytes(), [
        "casefile recovery code", "test.casefile", "If the passphrase is lost",
        "click “Forgot the passphrase?”", "casefile passwd --recovery"])
    squashed = "".join(text.split())
    for number, group in enumerate(groups, start=1):
        assert f"{number}.{group}" in squashed  # each group under its number, in order
    window, terminal = (text.index("start screen"), text.index("passwd --recovery"))
    assert window < terminal  # the window's way first
    assert has(text, "no zero and no one")
