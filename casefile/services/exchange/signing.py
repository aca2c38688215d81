"""The signatures writes travel with: each write is signed once by its origin, on its first
export, and the signed bytes are kept, so it can be passed on unchanged; after a restore, the
vault writes under a new origin.
"""

from __future__ import annotations

from casefile.sync.batches import batch_json, sign_writes
from casefile.sync.identity import Identity
from casefile.vault.peers import OutgoingWrite, PeerStore
from casefile.vault.records import RecordStore


def signed(store: PeerStore, me: Identity, entry: OutgoingWrite,
           made: list[tuple[str, int, str, bytes]]) -> bytes:
    """The write as a one-write batch signed by its origin, in canonical JSON.

    Made once, on the write's first export, and stored with the write (a write we received
    keeps the signature its origin made); later exports copy the stored bytes.
    """
    if entry.signed_batch is not None:
        return entry.signed_batch
    write = entry.write or store.write(entry.origin, entry.seq)
    if entry.signature:
        key, _sep, signature = entry.signature.partition(" ")
        batch = {"origin": write["origin"], "origin_key": key, "writes": [write],
                 "signature": signature}
    else:
        batch = sign_writes(writer(store, me, write["origin"]), [write])
    data = batch_json(batch)
    made.append((entry.origin, entry.seq, f"{batch['origin_key']} {batch['signature']}",
                 data))
    return data


def writer(store: PeerStore, me: Identity, origin: str) -> Identity:
    """The key that signs this vault's writes of ``origin``: the identity's, or the key of
    an origin a restore started."""
    private = store.origin_private(origin)
    if private is None:
        return me
    return Identity(signing_private=private, age_secret=me.age_secret)


def renew_origin(records: RecordStore) -> str | None:
    """After a restore: write under a new origin, so no (origin, seq) the vault may have sent
    before its backup was taken is used again. Returns it (None for a vault that never had
    an identity, so never sent anything)."""
    store = PeerStore(records)
    if store.identity() is None:
        return None
    made = Identity.generate()
    store.start_origin(made.public.origin, made.signing_private)
    return made.public.origin
