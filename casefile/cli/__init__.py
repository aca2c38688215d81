"""The command line: the contract in ../shared/cli-contract.md, over casefile.services.

``main`` is the ``casefile`` command (the installed script, ``python -m casefile.cli`` and the
frozen app all call it). This file stays small on purpose: ``casefile --version`` is answered
here with nothing else loaded; every other command goes on to ``dispatch``.

- ``dispatch`` reads the arguments, runs the command and turns a failure into one line and an
  exit status; ``parser`` builds the argument parser from the command groups.
- The commands, one module per group, each with the part of the parser that names them:
  ``vault``, ``safety``, ``records``, ``interop``, ``exchange``, ``printing``, ``window``.
- Beside them: ``output`` (text, ``--json``, the one-line error), ``inputs`` (passphrases,
  ``--data``, consent to plaintext), ``unlock`` (which vault, and opening it) and ``options``
  (the argument types the parser checks).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from casefile import __version__
from casefile.process import harden

if TYPE_CHECKING:
    from casefile.cli.output import Console

__all__ = ["main"]


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run ``casefile`` with ``argv`` (default: this process's arguments) and return its exit
    status; output goes to ``console`` (default: the standard streams)."""
    harden()
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # the usual spelling; dispatch answers the others the same way
        print(f"casefile {__version__}", file=console.out if console else sys.stdout)
        return 0
    from casefile.cli.dispatch import run  # noqa: PLC0415 - loads the command line

    return run(args, console)
