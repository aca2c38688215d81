"""Bundles signed with a contact's real keys, holding exactly the writes a test crafts: what a
contact whose keys are in the wrong hands can send."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.sync.batches import batch_json, sign_writes
from casefile.sync.bundle import make_bundle
from casefile.sync.identity import Identity, PublicIdentity
from tests.conftest import PASSPHRASE


def run(cli, vault: Path, *argv: str):
    return cli("--vault", str(vault), *argv)


def make_pair(cli, tmp_path: Path) -> tuple[Path, Path]:
    """Anna's and Boris's vaults, made and trusting each other through the command line."""
    a, b = tmp_path / "anna.casefile", tmp_path / "boris.casefile"
    for v in (a, b):
        assert run(cli, v, "init", "--kdf-seconds", "0.05").code == 0
    for vault, name, other in ((b, "Anna", a), (a, "Boris", b)):
        assert run(cli, vault, "contact-key", "add", name,
                   run(cli, other, "identity", "--json").out).code == 0
    return a, b


def keys(a: Path, b: Path) -> tuple[Identity, PublicIdentity]:
    """Anna's private keys, Boris's public ones."""
    with Session.open(a, PASSPHRASE) as s:
        anna = bundles.identity(s)
    with Session.open(b, PASSPHRASE) as s:
        boris = bundles.identity(s).public
    return anna, boris


def write(origin: str, seq: int, record_type: str, record_id: str, fields: dict,
          **over: Any) -> dict:
    made = {"origin": origin, "seq": seq, "hlc": f"{1764000000000 + seq % 1000:013d}.000000",
            "record_id": record_id, "record_type": record_type, "op": "put",
            "fields": fields, "replaces": {}}
    made.update(over)
    return made


def signed_bundle(a: Path, b: Path, target: Path, writes: list[dict], number: int = 1,
                  **body_over: Any) -> Path:
    """A bundle Anna's own keys sign for Boris, holding exactly ``writes`` (each its own
    batch)."""
    anna, boris = keys(a, b)
    batches = [json.loads(batch_json(sign_writes(anna, [w]))) for w in writes]
    body = {"bundle_id": uuid.uuid4().hex, "sequence": {boris.signing_key: number},
            "previous": {}, "vector": {}, "batches": batches, **body_over}
    target.write_bytes(make_bundle(anna, [boris], body))
    return target
