"""Use cases: what a person does with a vault, written once for the CLI and the window.

Each sub-package owns one capability and sits on the vault (storage), sync (the bundle format)
and printing (PDF layout); none imports Qt or the CLI.

- ``records``   — an unlocked vault and the records in it (Session), their history, unsaved
  drafts, plaintext JSON Lines in and out, the vault's own identity, where vaults live.
- ``views``     — read models for the screen and paper: dashboard, a person's page, the
  parcel allowance, money, charts, a case's timeline.
- ``interop``   — other programs' formats: spreadsheets (CSV, XLSX), vCard, iCalendar.
- ``exchange``  — keeping groups in step: bundles, files carried in them, exchange folders.
- ``safety``    — what protects the data and the people: backups, recovery codes, remember
  on this device, passphrase strength, duress passphrase, panic key, travel mode.
- ``documents`` — printing: gather the records for a letter, envelope, опись or summary.
- ``demo``      — the demo vault a newcomer opens at once.
"""
