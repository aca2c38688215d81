"""The desktop window (the only package that imports Qt)."""

from casefile.ui.refcounts import immortalize

# Before the window makes its first call into PySide6: see refcounts.py.
immortalize()
