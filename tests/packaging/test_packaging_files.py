"""What can be checked of the desktop builds on Linux without building them.

The Windows installer and the macOS disk image cannot be built here; these tests check that
the files their scripts name exist, that one app id and one version are used everywhere,
and that the resources reach the frozen app's layout. The Linux build itself is built and
run by test_frozen_app.py (opt-in: -m slow).
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from casefile import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
APP_ID = "org.casefile.Casefile"
sys.path.insert(0, str(PACKAGING))

from stage import stage, version  # noqa: E402


def test_desktop_entry_and_metainfo_pass_the_freedesktop_validators() -> None:
    # validate.sh installs desktop-file-utils and appstream when missing (as root).
    done = subprocess.run(["bash", str(LINUX / "validate.sh")], capture_output=True,
                          text=True, check=False)
    if done.returncode == 3:
        pytest.skip(done.stderr.strip())
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"ok: {APP_ID}.desktop and {APP_ID}.metainfo.xml are valid" in done.stdout


def _metainfo() -> ET.Element:
    return ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()  # noqa: S314 - our own file


def test_one_app_id_everywhere() -> None:
    desktop = (LINUX / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Icon={APP_ID}\n" in desktop
    metainfo = _metainfo()
    assert metainfo.findtext("id") == APP_ID
    assert metainfo.findtext("launchable") == f"{APP_ID}.desktop"
    flatpak = (LINUX / f"{APP_ID}.yml").read_text(encoding="utf-8")
    assert f"app-id: {APP_ID}\n" in flatpak
    for source in (ROOT / "casefile" / "ui" / "app.py", PACKAGING / "casefile.spec",
                   PACKAGING / "icons.py", LINUX / "install.sh"):
        assert APP_ID in source.read_text(encoding="utf-8"), source


def test_one_version_everywhere() -> None:
    assert version(ROOT) == __version__
    metainfo = _metainfo()
    newest = metainfo.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__, "add a <release> for this version"
    flatpak = (LINUX / f"{APP_ID}.yml").read_text(encoding="utf-8")
    assert f"casefile-{__version__}-linux-x86_64.tar.gz" in flatpak


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_icons_in_every_size_the_platforms_use() -> None:
    theme = LINUX / "icons" / "hicolor"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert _png_size(theme / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert (theme / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == (
        ROOT / "resources" / "icons" / "casefile.svg").read_bytes()
    for size in (16, 32, 48, 256):
        png = ROOT / "resources" / "icons" / f"casefile-{size}.png"
        assert _png_size(png) == (size, size)
    assert (PACKAGING / "icons" / "casefile.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (PACKAGING / "icons" / "casefile.icns").read_bytes()[:4] == b"icns"


def test_files_the_build_scripts_name_exist() -> None:
    spec = (PACKAGING / "casefile.spec").read_text(encoding="utf-8")
    for name in re.findall(r'ICONS / "([^"]+)"', spec):
        assert (PACKAGING / "icons" / name).is_file(), name
    assert (PACKAGING / "windows" / "version-info.txt.in").is_file()
    assert (PACKAGING / "casefile_main.py").is_file()
    iss = (PACKAGING / "windows" / "casefile.iss").read_text(encoding="utf-8")
    icon = re.search(r"^SetupIconFile=(.+)$", iss, re.MULTILINE)
    assert icon is not None
    assert (PACKAGING / "windows" / icon.group(1).replace("\\", "/")).is_file()
    assert r'Source: "..\..\dist\casefile\*"' in iss  # what packaging/build.py makes
    assert "casefile-gui.exe" in iss and '"casefile-gui"' in spec
    for script in ("build-linux.sh", "build-macos.sh", "linux/install.sh", "linux/validate.sh"):
        path = PACKAGING / script
        assert os.access(path, os.X_OK), f"{script} is not executable"
        subprocess.run(["bash", "-n", str(path)], check=True)


def test_staged_layout_reaches_resources_through_importlib(tmp_path: Path) -> None:
    """The layout the spec freezes: casefile.resources inside casefile, found by
    importlib.resources, with every resource file listed as data for PyInstaller."""
    datas = stage(tmp_path / "stage")
    shipped = {Path(folder, Path(file).name).as_posix() for file, folder in datas}
    expected = {("casefile/resources" / path.relative_to(ROOT / "resources")).as_posix()
                for path in (ROOT / "resources").rglob("*")
                if path.is_file() and path.suffix not in {".py", ".pyc"}
                and "__pycache__" not in path.parts}
    assert shipped == expected
    for needed in ("casefile/resources/fonts/DejaVuSans.ttf",
                   "casefile/resources/templates/letter-to-prisoner.ru.txt",
                   "casefile/resources/icons/casefile-256.png",
                   "casefile/resources/translations/ru/LC_MESSAGES/casefile.mo"):
        assert needed in shipped
    probe = ("import casefile, importlib.resources as r; "
             "root = r.files('casefile.resources'); "
             "print(casefile.__file__); "
             "print((root / 'fonts' / 'DejaVuSans.ttf').is_file(), "
             "(root / 'translations' / 'ru' / 'LC_MESSAGES' / 'casefile.mo').is_file())")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(tmp_path / "stage")})
    where, found = done.stdout.splitlines()
    assert Path(where).is_relative_to(tmp_path / "stage")
    assert found == "True True"
