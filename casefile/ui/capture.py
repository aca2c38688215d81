"""Keeping the window out of screenshots and screen sharing, where the platform allows it.

Windows 10 (2004) and later honour SetWindowDisplayAffinity(WDA_EXCLUDEFROMCAPTURE): captures
show the window as black. X11 and Wayland offer nothing an application can ask for, and macOS
needs NSWindow.sharingType through PyObjC, which casefile does not ship; there the setting is
greyed out with the reason.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget

from casefile.i18n import _

WDA_NONE = 0x0
WDA_EXCLUDEFROMCAPTURE = 0x11


def unavailable_reason() -> str:
    """Empty where the window can be hidden from captures, else why not."""
    if sys.platform == "win32":
        return ""
    return _("this system offers programs no way to keep a window out of screenshots")


def set_hidden_from_capture(window: QWidget, hidden: bool) -> bool:
    """Ask the system to leave the window out of captures; True when it agreed."""
    if unavailable_reason():
        return False
    import ctypes  # noqa: PLC0415 - Windows only

    user32 = ctypes.windll.user32  # type: ignore[attr-defined]  # on Windows only
    affinity = WDA_EXCLUDEFROMCAPTURE if hidden else WDA_NONE
    return bool(user32.SetWindowDisplayAffinity(int(window.winId()), affinity))
