"""casefile: encrypted, offline case files for political prisoners' support groups."""

__version__ = "0.1.0"
