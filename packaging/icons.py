#!/usr/bin/env python3
"""Render casefile's icon (resources/icons/casefile.svg) into every size the platforms want.

    QT_QPA_PLATFORM=offscreen python packaging/icons.py

Writes, and the results are committed (so builds need neither Qt's SVG renderer nor
Pillow at build time):

- resources/icons/casefile-<N>.png     the window icon (casefile/ui/app.py), N = 16..256
- packaging/linux/icons/hicolor/...     the freedesktop icon theme layout, SVG + PNGs
- packaging/icons/casefile.ico          Windows (the .exe and the installer)
- packaging/icons/casefile.icns         macOS (the .app bundle)

Qt's QSvgRenderer draws the PNGs; Pillow packs the .ico and .icns.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "org.casefile.Casefile"
SVG = ROOT / "resources" / "icons" / "casefile.svg"
WINDOW_SIZES = (16, 24, 32, 48, 64, 128, 256)
THEME_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    sizes = sorted(set(WINDOW_SIZES + THEME_SIZES + ICO_SIZES + ICNS_SIZES))
    png = {size: render(renderer, size) for size in sizes}
    for size in WINDOW_SIZES:
        (ROOT / "resources" / "icons" / f"casefile-{size}.png").write_bytes(png[size])
    theme = ROOT / "packaging" / "linux" / "icons" / "hicolor"
    for size in THEME_SIZES:
        folder = theme / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{APP_ID}.png").write_bytes(png[size])
    (theme / "scalable" / "apps").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, theme / "scalable" / "apps" / f"{APP_ID}.svg")
    out = ROOT / "packaging" / "icons"
    out.mkdir(exist_ok=True)
    biggest = Image.open(io.BytesIO(png[256]))
    biggest.save(out / "casefile.ico", sizes=[(s, s) for s in ICO_SIZES])
    Image.open(io.BytesIO(png[1024])).save(
        out / "casefile.icns",
        append_images=[Image.open(io.BytesIO(png[s])) for s in ICNS_SIZES[:-1]])
    print(f"icons written under {theme}, {out} and resources/icons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
