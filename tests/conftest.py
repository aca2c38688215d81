"""Shared fixtures: real vaults in tmp_path, created with the lowest KDF cost init accepts."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from casefile.cli import main
from casefile.cli.output import Console
from casefile.services.records.session import Session
from casefile.vault.keys import MIN_KDF_SECONDS

PASSPHRASE = "correct horse battery staple"

# The normal suite is reproducible (same examples every run); HYPOTHESIS_PROFILE=stress
# explores new examples with many more of them, on demand.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("stress", max_examples=20_000, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own vault, keyring or settings."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for var in ("CASEFILE_VAULT", "CASEFILE_PASSPHRASE", "CASEFILE_NEW_PASSPHRASE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CASEFILE_LANG", "en")


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "test.casefile"


@pytest.fixture
def session(vault_dir: Path) -> Iterator[Session]:
    s = Session.create(vault_dir, PASSPHRASE, MIN_KDF_SECONDS)
    yield s
    s.close()


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


@pytest.fixture
def cli(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the real command line in-process against ``vault_dir``."""

    def run(*argv: str, passphrase: str | None = PASSPHRASE, stdin: str = "",
            env: dict[str, str] | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with monkeypatch.context() as m:
            if passphrase is not None:
                m.setenv("CASEFILE_PASSPHRASE", passphrase)
            for key, value in (env or {}).items():
                m.setenv(key, value)
            code = main(["--vault", str(vault_dir), *argv],
                        Console(out, err, io.StringIO(stdin)))
        return Result(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def initialised(cli: Callable[..., Result], vault_dir: Path) -> Path:
    result = cli("init", "--kdf-seconds", str(MIN_KDF_SECONDS))
    assert result.code == 0, result.err
    return vault_dir


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, but the WAL's shared-memory index (``-shm``): SQLite rewrites it
    whenever a connection opens or reads, and it holds no data, only where frames are."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith("-shm")}


def environ_without_secrets() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CASEFILE_")}
