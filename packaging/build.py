#!/usr/bin/env python3
"""Build casefile as a desktop application with PyInstaller (one folder).

    python packaging/build.py                 # dist/casefile/ (+ Casefile.app on macOS)
    python packaging/build.py --dist D --work W

Run it with the project's environment (`.venv/bin/python packaging/build.py`), on the
system you build for: PyInstaller does not cross-compile. Steps:

1. compile the translations (packaging/translations.py compile; refuses while any
   message is untranslated),
2. run PyInstaller on packaging/casefile.spec,
3. print where the application is and how big the folder is.

The installers are made from that folder afterwards: packaging/build-windows.ps1 (Inno
Setup), packaging/build-macos.sh (DMG), packaging/build-linux.sh (tarball). See
docs/release.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "casefile.spec"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Compile the catalogs, run PyInstaller; return the built one-folder application."""
    subprocess.run([sys.executable, str(ROOT / "packaging" / "translations.py"), "compile"],  # noqa: S603
                   check=True, cwd=ROOT)
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
        check=True, cwd=ROOT)
    return dist / "casefile"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the application goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's scratch folder (default: build/pyinstaller/)")
    args = parser.parse_args(argv)
    app = build(args.dist.resolve(), args.work.resolve())
    size = folder_size(app)
    print(f"built {app} ({size / 2**20:.1f} MiB)")
    if sys.platform == "darwin":
        print(f"       {args.dist.resolve() / 'Casefile.app'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
