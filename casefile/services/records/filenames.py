"""A stored file's name as it may be written outside the vault: its last part, printable, never
empty, "." or ".." — the rule the vault applies when it stores a file, for the window's
plaintext copies (``ui/attachments.py``) to follow too."""

from casefile.vault.attachments import clean_filename

__all__ = ["clean_filename"]
