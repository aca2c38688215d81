"""`recovery new` at a terminal: the code is saved only once three of its groups are typed back
from what the person wrote down; `--no-confirm`, `--json` and no terminal skip the question."""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.cli.output import Console
from casefile.domain import recoverycode
from casefile.services.records.session import Session
from casefile.services.safety.recovery import has_recovery_code
from tests.conftest import PASSPHRASE, tree_bytes

CODE = re.compile(r"(?:[2-9DFJLNRVW]{5} ){7}[2-9DFJLNRVW]{5}")
PROMPT = re.compile(r"Group (\d): $")


class Terminal(io.StringIO):
    """A person at a terminal: reads the code printed, answers each "Group N: " prompt with
    what ``answer(code, n)`` gives (None: Ctrl+D)."""

    def __init__(self, out: io.StringIO, err: io.StringIO, answer) -> None:
        super().__init__()
        self.out, self.err, self.answer = out, err, answer
        self.asked: list[int] = []

    def isatty(self) -> bool:
        return True

    def readline(self, *_args: object) -> str:
        prompt = PROMPT.search(self.err.getvalue())
        assert prompt is not None, self.err.getvalue()
        number = int(prompt.group(1))
        self.asked.append(number)
        reply = self.answer(self.out.getvalue().strip(), number)
        return "" if reply is None else reply + "\n"


def at_terminal(vault: Path, answer, *argv: str) -> tuple[int, str, str, Terminal]:
    out, err = io.StringIO(), io.StringIO()
    terminal = Terminal(out, err, answer)
    code = main(["--vault", str(vault), "recovery", "new", *argv], Console(out, err, terminal))
    return code, out.getvalue(), err.getvalue(), terminal


def has_code(vault: Path) -> bool:
    with Session.open(vault, PASSPHRASE) as session:
        return has_recovery_code(session)


@pytest.fixture
def unlocked_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEFILE_PASSPHRASE", PASSPHRASE)


def test_the_code_is_saved_once_three_groups_are_typed_back(cli, initialised,
                                                            unlocked_env) -> None:
    tries: dict[int, int] = {}

    def person(code: str, number: int) -> str:
        tries[number] = tries.get(number, 0) + 1
        group = code.split()[number - 1]
        if len(tries) == 1 and tries[number] == 1:  # a slip on the first group, then right
            return code.split()[number % 8]
        return "-".join(group.lower())

    status, out, err, terminal = at_terminal(initialised, person)
    assert status == 0, err
    assert len(set(terminal.asked)) == 3 and len(terminal.asked) == 4
    first = terminal.asked[0]
    assert f"casefile: this is group {first % 8 + 1}; type group {first}" in err
    assert "the recovery code is saved" in err
    code = out.strip()
    assert CODE.fullmatch(code)
    result = cli("passwd", "--recovery", passphrase=None,
                 env={"CASEFILE_RECOVERY_CODE": code, "CASEFILE_NEW_PASSPHRASE": "new one"})
    assert result.code == 0, result.err


def test_a_code_not_typed_back_is_not_saved(cli, initialised, unlocked_env,
                                            tmp_path: Path) -> None:
    before = tree_bytes(initialised)
    status, _out, err, terminal = at_terminal(initialised, lambda code, n: "22222")
    assert status == 1 and len(terminal.asked) == 3  # three tries at the first group
    assert "group" in err and "does not match the code" in err
    assert "error: the recovery code was not confirmed and is not saved" in err
    assert tree_bytes(initialised) == before
    sheet = tmp_path / "sheet.pdf"
    status, _out, err, _t = at_terminal(initialised, lambda code, n: None, "--sheet", str(sheet))
    assert status == 1 and f"the code on {sheet} opens nothing: delete it" in err
    assert not has_code(initialised)


def test_no_confirm_json_and_scripts_are_not_asked(cli, initialised, unlocked_env) -> None:
    def nobody(_code: str, _number: int) -> str:
        raise AssertionError("asked")

    status, out, err, _t = at_terminal(initialised, nobody, "--no-confirm")
    assert status == 0 and CODE.fullmatch(out.strip()) and "Group" not in err
    assert has_code(initialised)
    status, out, _err, _t = at_terminal(initialised, nobody, "--json")
    assert status == 0 and CODE.fullmatch(cli_json(out)["recovery_code"])
    script = cli("recovery", "new")  # stdin is no terminal: as before this step existed
    assert script.code == 0 and CODE.fullmatch(script.out.strip())


def cli_json(text: str) -> dict[str, str]:
    import json

    return json.loads(text)


def test_in_a_real_terminal(cli, initialised, unlocked_env) -> None:
    """The real program under a pseudo-terminal, as a person at a terminal runs it."""
    parent, child = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from casefile.cli import main; sys.exit(main())",
         "--vault", str(initialised), "recovery", "new"],
        stdin=child, stdout=child, stderr=child, close_fds=True)
    os.close(child)
    seen = ""
    answered = 0
    try:
        deadline = time.monotonic() + 60
        while process.poll() is None or select.select([parent], [], [], 0)[0]:
            assert time.monotonic() < deadline, seen
            if not select.select([parent], [], [], 0.2)[0]:
                continue
            try:
                seen += os.read(parent, 4096).decode()
            except OSError:  # the terminal closed with the program
                break
            asked = PROMPT.search(seen)
            if asked and seen.count("Group ") > answered:
                code = CODE.search(seen)
                assert code is not None, seen
                group = code.group(0).split()[int(asked.group(1)) - 1]
                os.write(parent, (group.lower() + "\r").encode())
                answered += 1
    finally:
        os.close(parent)
        process.wait(10)
    assert process.returncode == 0, seen
    assert answered == 3 and "the recovery code is saved" in seen
    code = CODE.search(seen)
    assert code is not None
    assert recoverycode.decode(code.group(0))
    result = cli("passwd", "--recovery", passphrase=None,
                 env={"CASEFILE_RECOVERY_CODE": code.group(0),
                      "CASEFILE_NEW_PASSPHRASE": "new one"})
    assert result.code == 0, result.err
