"""Three vaults, one of them hostile: a contact whose keys are in the wrong hands signs
whatever it likes with them (type confusion, dangling references, invalid fields, huge
sequence numbers, deletions of others' files) and sends it to an honest group that relays
to another. After every step: the honest vaults still exchange without a failure, converge
on the same records, keep their files, and every write refused is in the exchange log.

Runs a few examples in the suite; CASEFILE_HOSTILE_EXAMPLES=20000 (or -m slow) on demand.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from casefile.services.exchange import bundles
from casefile.services.records.session import Session
from casefile.sync.batches import batch_json, sign_writes
from casefile.sync.bundle import make_bundle
from casefile.sync.errors import BundleError
from casefile.vault.keys import MIN_KDF_SECONDS
from tests.conftest import PASSPHRASE

EXAMPLES = int(os.environ.get("CASEFILE_HOSTILE_EXAMPLES", "6"))
BAD_KINDS = ("type_confusion", "dangling", "invalid", "not_canonical", "self_reference",
             "huge_seq", "delete_file", "valid")


class HostileContact(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        root = Path(self.tmp.name)
        self.h1 = Session.create(root / "h1.casefile", PASSPHRASE, MIN_KDF_SECONDS)
        self.h2 = Session.create(root / "h2.casefile", PASSPHRASE, MIN_KDF_SECONDS)
        mallory = Session.create(root / "m.casefile", PASSPHRASE, MIN_KDF_SECONDS)
        self.mallory = bundles.identity(mallory)
        mallory.close()
        for me, name, other in ((self.h1, "H2", self.h2), (self.h2, "H1", self.h1)):
            bundles.add_contact(me, name, bundles.identity(other).public.to_json())
            bundles.peers(me).share(name, everything=True)
        bundles.add_contact(self.h1, "M", self.mallory.public.to_json())
        self.seq = 0
        self.sent = 0
        self.refused_expected = 0
        self.root = root
        self.scan: str | None = None

    def teardown(self) -> None:
        self.h1.close()
        self.h2.close()
        self.tmp.cleanup()

    # -- honest work -------------------------------------------------------------------

    @rule(which=st.sampled_from(["h1", "h2"]), title=st.text("абвгд ", min_size=1, max_size=8))
    def honest_task(self, which: str, title: str) -> None:
        vault = getattr(self, which)
        if not title.strip():
            return
        person = vault.add("person", {"full_name": f"Человек {title.strip()}"})
        vault.add("task", {"title": title.strip(), "person_id": person["id"]})

    @precondition(lambda self: self.scan is None)
    @rule()
    def honest_scan(self) -> None:
        person = self.h1.add("person", {"full_name": "Со сканом"})
        self.scan = self.h1.attach_bytes(person["id"], "скан.jpg", b"scan bytes").id

    @rule()
    def honest_exchange(self) -> None:
        """Both ways; a hostile write held by either must never make this fail."""
        for sender, name, receiver in ((self.h1, "H2", self.h2), (self.h2, "H1", self.h1)):
            self.sent += 1
            bundle = self.root / f"honest-{self.sent}.cfb"
            bundles.export_bundle(sender, [name], bundle, files=True)
            bundles.import_bundle(receiver, bundle)
        assert _shown(self.h1) == _shown(self.h2)

    # -- hostile work ------------------------------------------------------------------

    @rule(kind=st.sampled_from(BAD_KINDS))
    def hostile_bundle(self, kind: str) -> None:
        origin = self.mallory.public.origin
        self.seq += 1
        fields: dict[str, Any] = {"title": "от Мэллори"}
        record_type, record_id = "task", str(uuid.uuid4())
        files_deleted: list[str] = []
        person = next(iter(self.h1.list("person", limit=1)), None)
        if kind == "type_confusion" and person is not None:
            record_type, record_id, fields = "case", person["id"], {"title": "подмена"}
        elif kind == "dangling":
            fields["case_id"] = str(uuid.uuid4())
        elif kind == "invalid":
            fields["done"] = "maybe"
        elif kind == "not_canonical":
            fields["done"] = "no"
        elif kind == "self_reference":
            record_type, fields = "person", {"full_name": "Сам", "facility_id": record_id}
        elif kind == "delete_file" and self.scan is not None:
            files_deleted = [self.scan]
        seq = 2**70 if kind == "huge_seq" else self.seq
        write = {"origin": origin, "seq": seq, "hlc": f"{1764000000000 + self.seq:013d}.000000",
                 "record_id": record_id, "record_type": record_type, "op": "put",
                 "fields": fields, "replaces": {}}
        body: dict[str, Any] = {
            "bundle_id": uuid.uuid4().hex,
            "sequence": {bundles.identity(self.h1).public.signing_key: self.seq},
            "previous": {}, "vector": {},
            "batches": [json.loads(batch_json(sign_writes(self.mallory, [write])))]}
        if files_deleted:
            body["files_deleted"] = files_deleted
        bundle = self.root / f"m-{self.seq}.cfb"
        bundle.write_bytes(make_bundle(self.mallory, [bundles.identity(self.h1).public], body))
        if kind == "huge_seq":
            with pytest.raises(BundleError):
                bundles.import_bundle(self.h1, bundle)
            self.seq -= 1
            return
        report = bundles.import_bundle(self.h1, bundle)
        refused_alone = kind in ("invalid", "not_canonical", "self_reference") or (
            kind == "type_confusion" and person is not None)
        assert len(report.refused) == int(refused_alone), (kind, report)
        self.refused_expected += int(refused_alone) + int(bool(files_deleted))
        if files_deleted:
            assert report.files_deleted == 0
            assert any("file deletion was refused" in n for n in report.notes)

    # -- after every step --------------------------------------------------------------

    @invariant()
    def every_refusal_is_logged(self) -> None:
        notes = [e["note"] for e in bundles.peers(self.h1).exchanges("M")]
        logged = sum(n.count("was refused") for n in notes)
        assert logged == self.refused_expected

    @invariant()
    def honest_files_stay(self) -> None:
        if self.scan is not None:
            assert self.h1.attachment(self.scan)[1] == b"scan bytes"


def _shown(session: Session) -> dict[str, dict[str, Any]]:
    out = {}
    for record_type in ("person", "case", "task"):
        for row in session.list(record_type):
            out[row["id"]] = {k: v for k, v in row.items() if k not in ("created_at",
                                                                          "updated_at")}
    return out


HostileContact.TestCase.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=10, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_a_hostile_contact_blocks_nothing = HostileContact.TestCase


@pytest.mark.slow
def test_a_hostile_contact_blocks_nothing_many_examples() -> None:
    """The same machine at 20,000 examples (hours): pytest -m slow."""
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(HostileContact, settings=settings(
        max_examples=20_000, stateful_step_count=10, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))
