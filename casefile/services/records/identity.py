"""This vault's own identity (its signing and age keys) and the store of its contacts.

A vault gets its identity when it is made, so that every write it signs names its origin; the
exchange (services/exchange) uses both, and so does the history, which names who made a write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casefile.sync.identity import Identity
from casefile.vault.peers import PeerStore

if TYPE_CHECKING:
    from casefile.services.records.session import Session


def peers(session: Session) -> PeerStore:
    return PeerStore(session.vault.records)


def identity(session: Session) -> Identity:
    """This vault's identity, made on first use (vaults made before sync existed)."""
    store = peers(session)
    stored = store.identity()
    if stored is None:
        made = Identity.generate()
        store.adopt_identity(made.signing_private, made.age_secret, made.public.origin)
        return made
    return Identity(signing_private=stored[0], age_secret=stored[1])
