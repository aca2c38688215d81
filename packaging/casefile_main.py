"""Entry point of the frozen application: the same `casefile` command pip installs."""

import sys

from casefile.cli import main

if __name__ == "__main__":
    sys.exit(main())
