"""Where vaults live by default (platformdirs), per the command-line contract."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "casefile"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_vault() -> Path:
    env = os.environ.get("CASEFILE_VAULT")
    return Path(env).expanduser() if env else data_dir() / "default.casefile"


def demo_vault() -> Path:
    return data_dir() / "demo.casefile"
