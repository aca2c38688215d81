"""Recovery code, and crypto-erase: `recovery new`, `passwd --recovery`, `destroy --really`."""

from __future__ import annotations

import shutil
from pathlib import Path

from mnemonic import Mnemonic

from casefile.services.safety.recovery import crypto_erase
from tests.conftest import tree_bytes


def new_code(cli) -> str:
    result = cli("recovery", "new")
    assert result.code == 0, result.err
    words = result.out.strip()
    assert len(words.split()) == 12 and Mnemonic("english").check(words)
    assert "only now" in result.err
    return words


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
    assert tree_bytes(initialised) == before


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


def test_recovery_sheet_holds_the_words_and_a_qr_code(cli, initialised, tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    sheet = tmp_path / "sheet.pdf"
    result = cli("recovery", "new", "--sheet", str(sheet))
    assert result.code == 0, result.err
    words = result.out.strip().split()
    reader = PdfReader(io.BytesIO(sheet.read_bytes()))
    text = reader.pages[0].extract_text()
    assert all(w in text for w in words)
    assert len(reader.pages[0].images) == 1  # the QR code
