"""What protects the data and the people who keep it.

Scheduled backups (``backups``), recovery codes and destroying a vault (``recovery``), remember
on this device (``device``), passphrase strength (``passphrase``), the duress passphrase
(``duress``), the panic key's choice (``panic``) and travel mode (``travel``).
"""
