"""This vault's identity, trusted peers, their scopes and vectors, and the exchange log."""

from __future__ import annotations

import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from casefile.domain.errors import CasefileError, NotFoundError
from casefile.i18n import _
from casefile.vault.records import RecordStore, now_iso


@dataclass(frozen=True)
class OutgoingWrite:
    """One write of the change log, as export reads it."""

    origin: str
    seq: int
    record_id: str
    signature: str | None  # "origin_key signature", as stored
    signed_batch: bytes | None  # canonical JSON of its one-write signed batch, once made
    write: dict[str, Any] | None  # decoded, only while signed_batch is not stored


@dataclass(frozen=True)
class Peer:
    name: str
    signing_key: str
    public_key: str
    added_at: str
    scope_all: bool
    case_ids: tuple[str, ...]


class PeerStore:
    def __init__(self, records: RecordStore) -> None:
        self.records = records
        self.db = records.db

    # -- identity --------------------------------------------------------------------------

    def identity(self) -> tuple[bytes, str] | None:
        row = self.db.execute("SELECT signing_private, age_secret FROM identity").fetchone()
        return (bytes(row[0]), row[1]) if row else None

    def adopt_identity(self, signing_private: bytes, age_secret: str, origin: str) -> None:
        """Store the identity and make its origin id this vault's.

        Writes made before the vault had an identity (never sent anywhere: sending needs
        one) are re-tagged from the old random origin to the new one.
        """
        with self.db.transaction():
            if self.identity() is not None:
                raise CasefileError(_("this vault already has an identity"))
            old = self.records.clock.origin
            self.db.execute("INSERT INTO identity(id, signing_private, age_secret) "
                            "VALUES (1, ?, ?)", (signing_private, age_secret))
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'origin'", (origin,))
            # From now on a database without its identity is damaged (vault/db.py).
            self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('identity', '1')")
            if old and old != origin:
                self.db.execute("UPDATE change SET origin = ? WHERE origin = ?", (origin, old))
                self.db.execute("UPDATE tombstone SET origin = ? WHERE origin = ?",
                                (origin, old))
                self.db.execute("UPDATE record SET tags = replace(tags, ?, ?)",
                                (json.dumps(old), json.dumps(origin)))
                self.db.execute("UPDATE change SET replaces = replace(replaces, ?, ?)",
                                (json.dumps(old), json.dumps(origin)))

    def own_origins(self) -> set[str]:
        """Every origin this vault has written under: the current one and any before a
        restore."""
        found = {r[0] for r in self.db.execute("SELECT origin FROM origin_key")}
        return found | {self.records.clock.origin}

    def origin_private(self, origin: str) -> bytes | None:
        """The signing key of an origin started by a restore (None for the identity's)."""
        row = self.db.execute("SELECT signing_private FROM origin_key WHERE origin = ?",
                              (origin,)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def start_origin(self, origin: str, signing_private: bytes) -> None:
        """Write under a new origin from now on, numbering from 1; the old one stays this
        vault's. In the caller's transaction."""
        old = self.records.clock.origin
        stamp = now_iso()
        self.db.execute("INSERT OR IGNORE INTO origin_key(origin, signing_private, made_at) "
                        "VALUES (?, NULL, ?)", (old, stamp))
        self.db.execute("INSERT INTO origin_key(origin, signing_private, made_at) "
                        "VALUES (?, ?, ?)", (origin, signing_private, stamp))
        self.db.execute("UPDATE meta SET value = ? WHERE key = 'origin'", (origin,))
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('seq', '0')")

    # -- peers -----------------------------------------------------------------------------

    def add(self, name: str, signing_key: str, public_key: str) -> Peer:
        name = name.strip()
        if not name or len(name) > 100:
            raise CasefileError(_("a contact's name must be 1 to 100 characters"))
        with self.db.transaction():
            revoked = self.db.execute("SELECT name, revoked_at FROM revoked_key "
                                      "WHERE signing_key = ?", (signing_key,)).fetchone()
            if revoked:
                raise CasefileError(_("this key was revoked on {1} (it was {0}'s): whoever "
                                      "holds it now is not trusted again").format(
                                          revoked[0], revoked[1][:10]))
            if self.db.execute("SELECT 1 FROM peer WHERE name = ?", (name,)).fetchone():
                raise CasefileError(_("there is already a contact named {0}").format(name))
            row = self.db.execute("SELECT name FROM peer WHERE signing_key = ?",
                                  (signing_key,)).fetchone()
            if row:
                raise CasefileError(_("this key is already trusted as {0}").format(row[0]))
            self.db.execute("INSERT INTO peer(name, signing_key, public_key, added_at) "
                            "VALUES (?, ?, ?, ?)", (name, signing_key, public_key, now_iso()))
        return self.get(name)

    def remove(self, name: str, *, revoke_origin: str | None = None) -> Peer:
        """Trust them no more: nothing more is sent to them, nothing signed by them is
        opened. With ``revoke_origin`` (their key's origin), writes made with that key are
        refused from now on, whoever passes them on. Their records stay, as does the log."""
        with self.db.transaction():
            peer = self.get(name)
            if revoke_origin is not None:
                self.db.execute(
                    "INSERT OR IGNORE INTO revoked_key(signing_key, origin, name, revoked_at) "
                    "VALUES (?, ?, ?, ?)", (peer.signing_key, revoke_origin, peer.name,
                                            now_iso()))
            # peer_case, peer_vector, peer_sent and peer_sent_file go with it (ON DELETE CASCADE)
            self.db.execute("DELETE FROM peer WHERE name = ?", (name,))
        return peer

    def revoked_origins(self) -> dict[str, str]:
        """origin -> the name its key had when it was revoked."""
        return dict(self.db.execute("SELECT origin, name FROM revoked_key").fetchall())

    def holds_write(self, origin: str, seq: int) -> bool:
        return self.db.execute("SELECT 1 FROM change WHERE origin = ? AND seq = ?",
                               (origin, seq)).fetchone() is not None

    def get(self, name: str) -> Peer:
        row = self.db.execute("SELECT name, signing_key, public_key, added_at, scope_all "
                              "FROM peer WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFoundError(_("no trusted contact named {0}").format(name))
        cases = tuple(r[0] for r in self.db.execute(
            "SELECT case_id FROM peer_case WHERE peer = ? ORDER BY case_id", (name,)))
        return Peer(row[0], row[1], row[2], row[3], bool(row[4]), cases)

    def by_signing_key(self, signing_key: str) -> Peer | None:
        row = self.db.execute("SELECT name FROM peer WHERE signing_key = ?",
                              (signing_key,)).fetchone()
        return self.get(row[0]) if row else None

    def all(self) -> list[Peer]:
        return [self.get(r[0]) for r in self.db.execute("SELECT name FROM peer ORDER BY name")]

    def share(self, name: str, *, everything: bool = False,
              case_ids: list[str] | None = None) -> Peer:
        with self.db.transaction():
            self.get(name)
            if everything:
                self.db.execute("UPDATE peer SET scope_all = 1 WHERE name = ?", (name,))
            for case_id in case_ids or []:
                self.records.get("case", case_id)
                self.db.execute("INSERT OR IGNORE INTO peer_case(peer, case_id) VALUES (?, ?)",
                                (name, case_id))
        return self.get(name)

    def set_scope(self, name: str, *, everything: bool, case_ids: list[str]) -> Peer:
        """Exactly what they receive from now on: everything, or these cases. Narrowing
        stops later changes from going to them; what was sent stays with them, and the
        deletion of a record they hold still reaches them."""
        with self.db.transaction():
            self.get(name)
            for case_id in case_ids:
                self.records.get("case", case_id)
            self.db.execute("UPDATE peer SET scope_all = ? WHERE name = ?",
                            (int(everything), name))
            self.db.execute("DELETE FROM peer_case WHERE peer = ?", (name,))
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO peer_case(peer, case_id) VALUES (?, ?)",
                [(name, c) for c in ([] if everything else case_ids)])
        return self.get(name)

    def unshare(self, name: str, *, everything: bool = False,
                case_ids: list[str] | None = None) -> Peer:
        """Stop sharing everything, or these cases (see set_scope)."""
        peer = self.get(name)
        if everything:
            return self.set_scope(name, everything=False, case_ids=[])
        if peer.scope_all:
            raise CasefileError(_("{0} receives everything: stop that with --all, then share "
                                  "the cases they should keep").format(name))
        for case_id in case_ids or []:
            if case_id not in peer.case_ids:
                raise CasefileError(_("case {0} is not shared with {1}").format(case_id, name))
        keep = [c for c in peer.case_ids if c not in set(case_ids or [])]
        return self.set_scope(name, everything=False, case_ids=keep)

    # -- vectors and the log ----------------------------------------------------------------

    def vector(self, name: str) -> dict[str, int]:
        return {o: int(s) for o, s in self.db.execute(
            "SELECT origin, seq FROM peer_vector WHERE peer = ?", (name,))}

    def set_vector(self, name: str, vector: dict[str, int]) -> None:
        for origin, seq in vector.items():
            self.db.execute(
                "INSERT INTO peer_vector(peer, origin, seq) VALUES (?, ?, ?) "
                "ON CONFLICT(peer, origin) DO UPDATE SET seq = max(seq, excluded.seq)",
                (name, origin, int(seq)))

    def set_own_vector(self, name: str, origin: str, seq: int) -> None:
        """What a peer says it holds of its own writes, taken as it says: lower than before
        when it was restored from a backup (so the writes it lost are sent back to it)."""
        self.db.execute("INSERT INTO peer_vector(peer, origin, seq) VALUES (?, ?, ?) "
                        "ON CONFLICT(peer, origin) DO UPDATE SET seq = excluded.seq",
                        (name, origin, int(seq)))

    def log(self, **entry: Any) -> None:
        self.db.execute(
            "INSERT INTO exchange(at, direction, peer, bundle_id, sender_seq, bundle_hash, "
            "writes, records, conflicts, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (now_iso(), entry["direction"], entry["peer"], entry["bundle_id"],
             entry["sender_seq"], entry["bundle_hash"], entry["writes"], entry["records"],
             entry["conflicts"], entry.get("note", "")))

    def exchanges(self, name: str | None = None) -> list[dict[str, Any]]:
        cols = ("at", "direction", "peer", "bundle_id", "sender_seq", "bundle_hash", "writes",
                "records", "conflicts", "note")
        sql = f"SELECT {', '.join(cols)} FROM exchange"
        params: tuple[Any, ...] = ()
        if name:
            sql += " WHERE peer = ?"
            params = (name,)
        return [dict(zip(cols, row, strict=True))
                for row in self.db.execute(sql + " ORDER BY n", params)]

    # A contact removed and later added again under the same name (a new laptop, a new key)
    # starts numbering afresh: only exchanges since the contact was added count.
    _SINCE_ADDED = ("peer = ? AND direction = ? AND at >= "
                    "coalesce((SELECT added_at FROM peer WHERE name = exchange.peer), '')")

    def last_seq(self, name: str, direction: str) -> int:
        row = self.db.execute(f"SELECT max(sender_seq) FROM exchange WHERE {self._SINCE_ADDED}",
                              (name, direction)).fetchone()
        return int(row[0] or 0)

    def last_hash(self, name: str, direction: str) -> str:
        row = self.db.execute(f"SELECT bundle_hash FROM exchange WHERE {self._SINCE_ADDED} "
                              "ORDER BY n DESC LIMIT 1", (name, direction)).fetchone()
        return row[0] if row else ""

    def seen_bundle(self, bundle_hash: str) -> bool:
        return self.db.execute("SELECT 1 FROM exchange WHERE bundle_hash = ? AND "
                               "direction = 'import'", (bundle_hash,)).fetchone() is not None

    # -- what bundles carry -------------------------------------------------------------------

    def sent_records(self, name: str) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT record_id FROM peer_sent WHERE peer = ?", (name,))}

    def mark_sent(self, name: str, record_ids: set[str]) -> None:
        self.db.conn.executemany("INSERT OR IGNORE INTO peer_sent(peer, record_id) VALUES (?, ?)",
                                 [(name, r) for r in sorted(record_ids)])

    def sent_files(self, name: str) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT attachment_id FROM peer_sent_file WHERE peer = ?", (name,))}

    def mark_files_sent(self, name: str, attachment_ids: list[str]) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO peer_sent_file(peer, attachment_id) VALUES (?, ?)",
            [(name, a) for a in attachment_ids])

    def forget_files_sent(self, name: str, attachment_ids: list[str]) -> None:
        """Their deletion has gone to the peer: it holds them no more."""
        self.db.conn.executemany(
            "DELETE FROM peer_sent_file WHERE peer = ? AND attachment_id = ?",
            [(name, a) for a in attachment_ids])

    def deleted_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM tombstone")}

    def withheld(self) -> dict[tuple[str, int], frozenset[str]]:
        """For each relayed write that has them, the contacts its origin withheld it from."""
        return {(o, int(s)): frozenset(json.loads(k)) for o, s, k in self.db.execute(
            "SELECT origin, seq, keys FROM write_withheld")}

    def note_withheld(self, origin: str, seq: int, keys: list[str]) -> None:
        """Record who a write must not be passed on to; a write that came two ways is
        withheld only from those both ways withheld it from."""
        row = self.db.execute("SELECT keys FROM write_withheld WHERE origin = ? AND seq = ?",
                              (origin, seq)).fetchone()
        kept = set(keys) & set(json.loads(row[0])) if row else set(keys)
        self.db.execute("INSERT OR REPLACE INTO write_withheld(origin, seq, keys) "
                        "VALUES (?, ?, ?)", (origin, seq, json.dumps(sorted(kept))))

    def holdings(self) -> dict[str, Any]:
        """What a contact's next bundle can depend on, counted: each origin's writes (highest
        seq and how many; not the version vector, whose contiguous top does not move on a
        relay's gappy set), the attached files and the files deleted."""
        files = self.db.execute("SELECT count(*), coalesce(max(rowid), 0) FROM attachment"
                                ).fetchone()
        gone = self.db.execute("SELECT count(*) FROM file_tombstone").fetchone()
        writes = [list(row) for row in self.db.execute(
            "SELECT origin, max(seq), count(*) FROM change GROUP BY origin ORDER BY origin")]
        return {"writes": writes, "files": list(files), "files_gone": gone[0]}

    def outgoing(self, after: Mapping[str, int] | None = None,
                 records: AbstractSet[str] | None = None,
                 any_record: AbstractSet[str] = frozenset()) -> list[OutgoingWrite]:
        """The log's writes, by origin and seq, as export needs them: with ``after``, only
        those past it (a contact's acknowledged vector); with ``records``, only writes of
        those records, except from the origins in ``any_record``. So a bundle's cost is its
        own writes', not the log's: the tags and record indexes find them without reading the
        others (each row holds a write's fields: a letter body).

        A write whose signed batch is stored comes as those bytes alone; the others are
        decoded (``write``) so export can sign and encode them once, then store them.
        """
        keys = ("origin", "seq", "hlc", "record_id", "record_type", "op", "fields", "replaces")
        columns = ("SELECT c.origin, c.seq, c.record_id, c.signature, b.batch, "
                   + ", ".join(f"iif(b.batch IS NULL, c.{k}, NULL)" for k in keys[2:]))
        join = " LEFT JOIN signed_batch b ON b.origin = c.origin AND b.seq = c.seq"
        floor = after or {}
        wanted = json.dumps(sorted(records)) if records is not None else None
        origins = sorted(r[0] for r in self.db.execute("SELECT DISTINCT origin FROM change"))
        out = []
        for origin in origins:
            past = (origin, floor.get(origin, 0))
            sql, params = f"{columns} FROM change c{join}", [*past]
            if wanted is not None and origin not in any_record:
                # Whichever is fewer: the records' writes (by the record index) or the
                # origin's writes past the floor (counted in the tags index).
                pending = self.db.execute("SELECT count(*) FROM change INDEXED BY change_tags "
                                          "WHERE origin = ? AND seq > ?", past).fetchone()[0]
                index = " INDEXED BY change_by_record" if len(records or ()) < pending else ""
                sql = (f"{columns} FROM change c{index}{join} WHERE c.record_id IN "
                       "(SELECT value FROM json_each(?)) AND ")
                params = [wanted, *past]
            else:
                sql += " WHERE "
            sql += "c.origin = ? AND c.seq > ?"
            for row in self.db.execute(sql + " ORDER BY c.seq", params):
                if row[4] is not None:
                    out.append(OutgoingWrite(row[0], row[1], row[2], row[3], bytes(row[4]),
                                             None))
                    continue
                write = dict(zip(keys, (row[0], row[1], *row[5:]), strict=True))
                write["fields"], write["replaces"] = json.loads(row[9]), json.loads(row[10])
                out.append(OutgoingWrite(row[0], row[1], row[2], row[3], None, write))
        return out

    def write(self, origin: str, seq: int) -> dict[str, Any]:
        keys = ("origin", "seq", "hlc", "record_id", "record_type", "op", "fields", "replaces")
        row = self.db.execute(f"SELECT {', '.join(keys)} FROM change WHERE origin = ? AND "
                              "seq = ?", (origin, seq)).fetchone()
        write = dict(zip(keys, row, strict=True))
        write["fields"], write["replaces"] = json.loads(row[6]), json.loads(row[7])
        return write

    def store_signature(self, origin: str, seq: int, signature: str, *,
                        keep_existing: bool = False) -> None:
        value = "coalesce(signature, ?)" if keep_existing else "?"
        self.db.execute(f"UPDATE change SET signature = {value} WHERE origin = ? AND seq = ?",
                        (signature, origin, seq))

    def store_signatures(self, signed: list[tuple[str, int, str]], *,
                         keep_existing: bool = False) -> None:
        """store_signature() of many (origin, seq, signature), in one statement."""
        value = "coalesce(signature, ?)" if keep_existing else "?"
        self.db.conn.executemany(
            f"UPDATE change SET signature = {value} WHERE origin = ? AND seq = ?",
            [(signature, origin, seq) for origin, seq, signature in signed])

    def store_signed_batches(self, made: list[tuple[str, int, str, bytes]]) -> None:
        """Writes' signatures with the canonical bytes of their signed batches:
        (origin, seq, "origin_key signature", batch) each."""
        conn = self.db.conn
        # The signature first: its trigger drops any stale batch before the new one goes in.
        conn.executemany("UPDATE change SET signature = ? WHERE origin = ? AND seq = ?",
                         [(sig, origin, seq) for origin, seq, sig, _batch in made])
        conn.executemany("INSERT OR REPLACE INTO signed_batch(origin, seq, batch) "
                         "VALUES (?, ?, ?)", [(o, s, b) for o, s, _sig, b in made])

    def origins_of(self, record_ids: set[str]) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT origin FROM change WHERE record_id IN "
            "(SELECT value FROM json_each(?))", (json.dumps(sorted(record_ids)),))}
