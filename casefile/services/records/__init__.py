"""An unlocked vault and the records in it.

``session.Session`` is the one place every user action on records exists (add, edit, delete,
search, attach, lock); beside it: the vault's own identity (``identity``), a record's history as
a person reads it (``history``), edits kept through a lock or a crash (``drafts``), plaintext
JSON Lines in and out (``transfer``), deleted records kept for 30 days and brought back
(``trash``), and where vaults live by default (``paths``).
"""
