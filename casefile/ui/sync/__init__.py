"""The Sync page: this vault's identity, trusted contacts, bundles out and in, conflicts, log.

``page`` holds the page (``SyncPage``) and what its buttons do; each part of it has its own
module: ``identity`` (the fingerprint and QR code), ``contacts`` (the trusted contacts tab),
``conflicts`` (the conflicts tab), ``log`` (the exchange log), and the dialogs ``addcontact``,
``sharing`` and ``removecontact``. Before a bundle is applied ``preview`` says what it would do;
``bundlefile`` names a bundle's file and shreds it after import; ``parts`` makes the tables,
buttons and fingerprint lines they share.
"""
