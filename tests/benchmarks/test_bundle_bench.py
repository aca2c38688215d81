"""Bundles of 10,000 changed records: export and import, against pyrage and raw inserts;
and a coordinator's day: 20 contacts' bundles of 1,000 changes applied by one vault."""

from __future__ import annotations

import base64
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from casefile.domain.validate import validate
from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.sync import batches
from casefile.sync import bundle as bundle_format
from casefile.vault import merge
from tests.benchmarks.report import row, seconds, write_section

RECORDS = 10_000
RUNS = 3
CONTACTS = 20  # a coordinator's day: this many contacts' bundles ...
DAY_RECORDS = 1_000  # ... of this many changes each
pytestmark = pytest.mark.bench
IMPORT_NOTE = (
    "Applying is batched (`BatchApply` in casefile/vault/batchapply.py): which writes are "
    "duplicates and which types their ids are known as are looked up for the whole bundle, "
    "its writes go into the change log in one statement, each touched record's registers are "
    "computed once from one read of its writes (and serve the conflict count), and the "
    "registry, typed, full-text and waiting rows are written with one statement per table per "
    "pass. The rules are mergerules.py's, record for record; tests/vault/test_merge_batched.py "
    "checks that the vault it makes is the one applying record by record makes (the last "
    "row, measured once: about 20 statements and two register computations a record).")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timing(fn: Callable[..., Any], into: list[float]) -> Callable[..., Any]:
    """``fn``, adding each call's time to ``into``."""
    def timed_call(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            into.append(time.perf_counter() - start)
    return timed_call


def raw_insert(path: Path, rows: list[tuple[str, str]]) -> None:
    """The rows and an FTS5 index over them, in one SQLCipher transaction, no casefile."""
    import sqlcipher3

    con = sqlcipher3.connect(str(path))
    con.execute("PRAGMA key = \"x'" + "11" * 32 + "'\"")
    con.execute("CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT)")
    con.execute("CREATE VIRTUAL TABLE s USING fts5(body)")
    with con:
        con.executemany("INSERT INTO t VALUES (?, ?)", rows)
        con.executemany("INSERT INTO s(body) VALUES (?)", [(r[1],) for r in rows])
    con.close()


def floor(payload: bytes, receiver: Session, senders: list[Session], folder: Path,
          runs: int, parts: dict[str, list[float]] | None = None) -> list[float]:
    """What importing ``payload`` cannot cost less than: age-decrypting the same bytes,
    verifying the same signatures (Ed25519 alone, messages made beforehand) and inserting
    as many rows, with a full-text index, in one SQLCipher transaction."""
    me = bundles.identity(receiver)
    opened = bundle_format.open_bundle(payload, me, [bundles.identity(s).public for s in senders])
    checks = [(base64.b64decode(b["origin_key"]), base64.b64decode(b["signature"]),
               batches._writes_message(b["origin"], b["writes"]))
              for b in opened.body["batches"]]
    rows = [(w["record_id"], json.dumps(w["fields"], ensure_ascii=False))
            for b in opened.body["batches"] for w in b["writes"]]
    out = []
    parts = {} if parts is None else parts
    for n in range(runs):
        start = time.perf_counter()
        pyrage.decrypt(payload, [me.age_identity])
        decrypted = time.perf_counter()
        for key, signature, message in checks:
            Ed25519PublicKey.from_public_bytes(key).verify(signature, message)
        verified = time.perf_counter()
        raw_insert(folder / f"floor-{n}-{time.monotonic_ns()}.db", rows)
        end = time.perf_counter()
        for name, took in (("decrypt", decrypted - start), ("verify", verified - decrypted),
                           ("insert", end - verified)):
            parts.setdefault(name, []).append(took)
        out.append(end - start)
    return out


def test_bundle_of_10000_records(tmp_path: Path) -> None:
    a = Session.create(tmp_path / "a.casefile", "pw", 0.05)
    anna = bundles.identity(a).public
    receivers = []
    for n in range(RUNS):
        b = Session.create(tmp_path / f"b{n}.casefile", "pw", 0.05)
        bundles.add_contact(b, "Anna", anna.to_json())
        receivers.append(b)
    boris = bundles.identity(receivers[0]).public
    bundles.add_contact(a, "Boris", boris.to_json())
    bundles.peers(a).share("Boris", everything=True)
    with a.vault.db.transaction():
        for n in range(RECORDS):
            a.vault.records.add("task", validate("task", {"title": f"задача {n}",
                                                          "notes": "заметка " * 20}))
    # Every receiver shares Boris's keys so one bundle opens in each.
    stored = receivers[0].vault.db.execute("SELECT signing_private, age_secret FROM identity"
                                           ).fetchone()
    for b in receivers[1:]:
        b.vault.db.execute("UPDATE identity SET signing_private = ?, age_secret = ?", stored)
    # One more, for the record-at-a-time apply this replaced: measured once, for comparison.
    before = Session.create(tmp_path / "before.casefile", "pw", 0.05)
    bundles.add_contact(before, "Anna", anna.to_json())
    before.vault.db.execute("UPDATE identity SET signing_private = ?, age_secret = ?", stored)

    bundle = tmp_path / "big.cfb"
    export = [timed(lambda: bundles.export_bundle(a, ["Boris"], bundle, full=True))
              for _ in range(RUNS)]
    phases: dict[str, list[float]] = {}
    with pytest.MonkeyPatch.context() as mp:
        for module, name in ((bundles, "open_bundle"), (bundles, "_verified_writes"),
                             (merge, "apply_writes")):
            mp.setattr(module, name, timing(getattr(module, name), phases.setdefault(name, [])))
        imports = [timed(lambda b=b: bundles.import_bundle(b, bundle)) for b in receivers]
    for b in receivers:
        assert b.count("task") == RECORDS
    with pytest.MonkeyPatch.context() as mp:
        whole = merge.apply_writes
        mp.setattr(merge, "apply_writes",
                   lambda store, writes: whole(store, writes, batched=False))
        one_by_one = [timed(lambda: bundles.import_bundle(before, bundle))]
    assert before.count("task") == RECORDS

    payload = bundle.read_bytes()
    recipient = pyrage.x25519.Identity.generate().to_public()
    age_base = [timed(lambda: pyrage.encrypt(payload, [recipient])) for _ in range(RUNS)]
    parts: dict[str, list[float]] = {}
    import_floor = floor(payload, receivers[0], [a], tmp_path, RUNS, parts)
    split = ", ".join(f"{name} {seconds(statistics.median(v))}" for name, v in parts.items())
    for s in (a, *receivers, before):
        s.close()
    export_med, import_med = statistics.median(export), statistics.median(imports)
    export_verdict = (
        "Export meets its 0.5 s target." if export_med <= 0.5 else
        f"Export misses its 0.5 s target ({export_med:.2f} s in this run).")
    export_note = (
        "Measured with cProfile and fixed, in turn: checking the body's JSON limits "
        "(nesting depth, string size) walked its brackets byte by byte in Python (now string "
        "removal and a running sum in C, over only the quotes and brackets); the version "
        "vector read every write's tag into Python (now one SQL query); every export decoded "
        "each write's fields from the change log and encoded the body again (0.25 s of "
        "0.6 s): now a write's first export stores its signed batch's canonical JSON bytes "
        "(schema 6, `signed_batch`) and later exports copy them into the body; and zlib runs "
        "at level 1 (30 ms instead of 67 ms on this 9 MB frame, a 5% larger stream, padded "
        "to the same bucket). What is left is spread thin: reading 10,000 stored batches, "
        "the JSON limit check, zlib, signing the frame, age encryption, and the scope and "
        "vector queries, each 20 to 80 ms. The first export of a write still signs it "
        "(Ed25519, about 36 µs a write) and stores its batch: that run is the max column.")
    floor_med = statistics.median(import_floor)
    verify_med = statistics.median(parts["verify"])
    import_verdict = (
        f"Import takes {import_med:.2f} s, {import_med / floor_med:.1f}× its floor: "
        + ("it meets" if import_med <= 1 else "it misses") + " the 1 s target and "
        + ("meets" if import_med <= 3 * floor_med else "misses") + " the 3× floor target. "
        + "Where an import's time goes (medians): opening (age, zlib, JSON limits, parsing) "
        + seconds(statistics.median(phases["open_bundle"])) + ", verifying and checking the "
        + "writes " + seconds(statistics.median(phases["_verified_writes"])) + ", applying "
        + seconds(statistics.median(phases["apply_writes"])) + ", the rest (relaying "
        + "signatures, the log, commit) the difference."
        + ("" if import_med <= 1 else
           f" Verifying the {RECORDS} Ed25519 signatures alone takes {seconds(verify_med)} "
           f"here ({verify_med / RECORDS * 1e6:.0f} µs each; OpenSSL holds the GIL, so "
           "threads do not share the work): each write is its own signed batch, so that it "
           "can be relayed on alone, and the signatures cost what they cost before anything "
           "is applied."
           + (" The floor itself is over 1 s." if floor_med > 1 else "")))
    write_section(
        "Bundles of 10,000 changed records",
        [row("export (sign each write, compress, encrypt)", export, age_base, "≤ 0.5 s"),
         row("import (decrypt, verify, validate, apply, index)", imports, import_floor,
             "≤ 1 s, ≤ 3× floor"),
         row("import, applied record by record (before batching)", one_by_one, import_floor,
             "—")],
        f"""
Bundle size: {len(payload) / 1e6:.1f} MB for {RECORDS} records. Export's baseline is pyrage
encrypting the finished bundle's bytes. Import's is its floor: pyrage decrypting the same
bytes, Ed25519 verifying the same {RECORDS} signatures (messages made beforehand) and plain
SQLCipher inserting as many rows into a table and an FTS5 index in one transaction. The runs
here each re-send everything (`--full`); the first of them signs every write.

{export_verdict} {export_note}

{import_verdict} The floor's parts: {split}. {IMPORT_NOTE}
""")


def test_a_coordinators_day(tmp_path: Path) -> None:
    """20 contacts each send a bundle of 1,000 changes; one vault applies them in turn."""
    hub = Session.create(tmp_path / "hub.casefile", "pw", 0.05)
    hub_public = bundles.identity(hub).public
    sent, senders = [], []
    for n in range(CONTACTS):
        c = Session.create(tmp_path / f"c{n}.casefile", "pw", 0.05)
        bundles.add_contact(c, "Hub", hub_public.to_json())
        bundles.add_contact(hub, f"Contact {n}", bundles.identity(c).public.to_json())
        bundles.peers(c).share("Hub", everything=True)
        with c.vault.db.transaction():
            for k in range(DAY_RECORDS):
                c.vault.records.add("task", validate("task", {"title": f"задача {n}.{k}",
                                                              "notes": "заметка " * 20}))
        path = tmp_path / f"day-{n}.cfb"
        bundles.export_bundle(c, ["Hub"], path)
        sent.append(path)
        senders.append(c)
    times = [timed(lambda p=p: bundles.import_bundle(hub, p)) for p in sent]
    assert hub.count("task") == CONTACTS * DAY_RECORDS
    # The floor of one bundle, measured on the first (they are all alike).
    day_floor = floor(sent[0].read_bytes(), hub, senders, tmp_path, RUNS)
    for s in (hub, *senders):
        s.close()
    first, last = statistics.median(times[:5]), statistics.median(times[-5:])
    growth = last / first
    verdict = ("Per-bundle time does not grow with the number of contacts"
               if growth <= 1.25 else "Per-bundle time grows with the number of contacts")
    write_section(
        "A coordinator's day: 20 contacts, 1,000 changes each",
        [row("one contact's bundle of 1,000 changes (all 20)", times, day_floor, "≤ 3× floor"),
         row("the first 5 bundles", times[:5], None, "—"),
         row("the last 5 bundles", times[-5:], None, "≤ 1.25× the first 5")],
        f"""
One vault imports, in turn, a bundle of {DAY_RECORDS} new records from each of {CONTACTS}
contacts (each with its own signing key and origin), ending with
{CONTACTS * DAY_RECORDS} records. The floor is the same as for 10,000 records (age-decrypt,
Ed25519 verify, raw insert with FTS5), for one bundle. Total for the day:
{seconds(sum(times))}; in order, per bundle:
{", ".join(seconds(t) for t in times)}.

{verdict}: the last five took {growth:.2f}× the first five. An import reads only what its
writes touch (their records, the ids they refer to, the records still waiting in
`waiting_record`), never the whole change log or registry.
""")
