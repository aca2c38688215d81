"""Printed documents as PDF bytes, rendered in memory with reportlab.

Letters, envelopes, parcel manifests (опись), the volunteers' packing list and a lawyer's case
summary. Each module takes plain record dicts (never the vault) and returns ``bytes``; the
use cases in ``casefile.services.documents.printing`` gather the records. Every PDF embeds
the bundled DejaVu fonts, read from the package, so Cyrillic prints the same on every machine.

Importing this package does not import reportlab: the document modules do, and the services
import them only when something is printed.
"""
