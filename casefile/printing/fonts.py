"""The bundled DejaVu family, registered with reportlab from memory (never a path on disk)."""

from __future__ import annotations

import importlib.resources
import io
import threading

REGULAR = "CasefileSans"
BOLD = "CasefileSans-Bold"
ITALIC = "CasefileSans-Oblique"
BOLD_ITALIC = "CasefileSans-BoldOblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_lock = threading.Lock()
_registered = False


def font_bytes(filename: str) -> bytes:
    """One of the bundled font files, read through the package's resources."""
    return (importlib.resources.files("casefile.resources") / "fonts" / filename).read_bytes()


def register_fonts() -> None:
    """Register the four faces and their family once per process (thread-safe)."""
    global _registered  # noqa: PLW0603 - reportlab's font registry is process-wide too
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping  # noqa: PLC0415 - reportlab loads lazily
        from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
        from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

        for name, filename in _FILES.items():
            data = io.BytesIO(font_bytes(filename))
            data.name = filename  # shown in reportlab's errors
            pdfmetrics.registerFont(TTFont(name, data))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                      boldItalic=BOLD_ITALIC)
        for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC),
                                   (1, 1, BOLD_ITALIC)):
            addMapping(REGULAR, bold, italic, name)
        _registered = True
