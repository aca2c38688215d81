"""Exchange folders: bundles carried by a sync tool (Syncthing, Nextcloud, a network drive)
or a USB stick, written and read by casefile itself.

Layout (docs/exchange.md): the folder holds one sub-folder per vault, named by the short
fingerprint of the vault it is **for** — ``<recipient>/YYYYMMDD-<16 hex>.cfb``. A vault
writes each contact's bundles into that contact's sub-folder and reads only its own, so two
or twenty vaults can share one synced folder and none reads its own bundles back. Bundles
that fail verification go to ``<own>/rejected/`` with a line in the exchange log; applied
ones are removed, or kept in ``<own>/applied/`` for the days the person chose.

A pass (``run_pass``): import what has arrived and is complete, then write a bundle for each
contact for whom something changed since the last one (nothing is written when the bundle
would carry nothing). No Qt here: the window (ui/exchangefolder.py) and ``casefile exchange
run`` both call it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casefile.atomicfile import is_vault_folder
from casefile.domain.errors import CasefileError, IntegrityError
from casefile.i18n import _, ngettext
from casefile.services.exchange import bundles
from casefile.services.records.identity import identity, peers
from casefile.services.records.session import Session
from casefile.sync.identity import PublicIdentity
from casefile.vault.peers import Peer

SETTING = "exchange_folder"  # {"path", "keep_days", "files"}
STATE = "exchange_state"  # contact's signing key -> digest of what their last bundle saw
REJECTED_SEEN = "exchange_rejected"  # names refused but not movable (a read-only stick)
REJECTED, APPLIED = "rejected", "applied"
SUFFIX = ".cfb"
NAME_RE = re.compile(r"^\d{8}-[0-9a-f]{16}\.cfb$")
SETTLE_SECONDS = 5.0  # a file changed more recently than this may still be being written
MAX_KEEP_DAYS = 365
MAX_REJECTED_SEEN = 500
SHORT_FINGERPRINT = 16  # hex digits of the fingerprint naming a vault's sub-folder


@dataclass(frozen=True)
class FolderSetting:
    path: str
    keep_days: int = 0  # applied bundles: 0 removes them at once
    files: bool = False  # carry attached files too

    @property
    def folder(self) -> Path:
        return Path(self.path)


def short_fingerprint(public: PublicIdentity) -> str:
    """The sub-folder name of a vault: the start of its fingerprint, lower case, no spaces
    (people can match it against ``casefile identity``); never a name."""
    return public.fingerprint.replace(" ", "").lower()[:SHORT_FINGERPRINT]


def setting(session: Session) -> FolderSetting | None:
    raw = session.vault.local_setting(SETTING)
    if not raw:
        return None
    try:
        found = FolderSetting(**json.loads(raw))
    except (TypeError, ValueError):
        return None  # written by a newer casefile: as if none, never a crash
    return found


def set_folder(session: Session, path: Path | None, *, keep_days: int = 0,
               files: bool = False) -> FolderSetting | None:
    """Set the exchange folder (made if missing) or, with None, turn it off."""
    if path is None:
        session.vault.set_local_setting(SETTING, None)
        return None
    if not 0 <= keep_days <= MAX_KEEP_DAYS:
        raise CasefileError(_("keep applied bundles from 0 to {0} days").format(MAX_KEEP_DAYS))
    folder = Path(os.path.abspath(Path(path).expanduser()))  # noqa: PTH100 - as the person wrote it
    real = Path(os.path.realpath(folder))
    if any(is_vault_folder(p) for p in (folder, real, *folder.parents, *real.parents)) or \
            real.is_relative_to(Path(os.path.realpath(session.folder))):
        raise CasefileError(_("the exchange folder cannot be inside a vault folder"))
    if folder.exists() and not folder.is_dir():
        raise CasefileError(_("{0} is not a folder").format(folder))
    folder.mkdir(parents=True, exist_ok=True)
    chosen = FolderSetting(str(folder), keep_days, files)
    session.vault.set_local_setting(SETTING, json.dumps(asdict(chosen)))
    (folder / own_name(session)).mkdir(exist_ok=True)
    return chosen


def own_name(session: Session) -> str:
    return short_fingerprint(identity(session).public)


def bundle_name(now: datetime | None = None) -> str:
    """A date and random hex: nothing about the group, the sender or the recipient."""
    return f"{(now or datetime.now(UTC)):%Y%m%d}-{secrets.token_hex(8)}{SUFFIX}"


@dataclass
class PassReport:
    exported: list[dict[str, Any]] = field(default_factory=list)  # {"to", "file", "writes"}
    imported: list[dict[str, Any]] = field(default_factory=list)  # {"file", "report"}
    rejected: list[dict[str, str]] = field(default_factory=list)  # {"file", "reason"}
    waiting: int = 0  # files not complete yet, left for a later pass
    removed: int = 0  # applied bundles removed (now, or after their days)
    problems: list[str] = field(default_factory=list)  # e.g. a contact's folder not writable

    @property
    def applied(self) -> int:
        return sum(entry["report"]["added"] + entry["report"]["changed"]
                   + entry["report"]["deleted"] for entry in self.imported)

    def as_dict(self) -> dict[str, Any]:
        return {"exported": self.exported, "imported": self.imported,
                "rejected": self.rejected, "waiting": self.waiting, "removed": self.removed,
                "problems": self.problems}

    def lines(self) -> list[str]:
        """What the pass did, a line each, for a person."""
        out = []
        for entry in self.imported:
            report = entry["report"]
            out.append(_("from {0}: {1} added, {2} changed, {3} deleted, {4} conflicts")
                       .format(report["sender"], report["added"], report["changed"],
                               report["deleted"], report["conflicts"]))
            out += report["notes"]
        for entry in self.exported:
            out.append(ngettext("to {0}: a bundle of {1} change", "to {0}: a bundle of {1} "
                                "changes", entry["writes"]).format(entry["to"], entry["writes"]))
        for entry in self.rejected:
            out.append(_("{0} was moved to rejected/: {1}").format(entry["file"],
                                                                    entry["reason"]))
        if self.waiting:
            out.append(ngettext("{0} file is still being written; it is left for later",
                                "{0} files are still being written; they are left for later",
                                self.waiting).format(self.waiting))
        return out + self.problems


Look = dict[str, tuple[int, int]]  # file name -> (size, mtime in ns)


def look(folder: Path, *, nested: bool = True) -> Look:
    """The bundles in a folder, by size and time. Anything else is not ours to touch: a sync
    tool's temporary files (``.syncthing.*.tmp``, ``~*``, ``*.part``), hidden files,
    sub-folders."""
    found: Look = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        if NAME_RE.match(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                st = entry.stat(follow_symlinks=False)
                found[entry.name] = (st.st_size, st.st_mtime_ns)
        elif (nested and entry.name not in (REJECTED, APPLIED) and entry.name[0] not in ".~"
              and entry.is_dir(follow_symlinks=False)):
            # One level down: a sync tool's folder per sender (docs/exchange.md, per pair).
            found.update({f"{entry.name}/{name}": seen
                          for name, seen in look(Path(entry.path), nested=False).items()})
    return found


def run_pass(session: Session, *, imports: bool = True, exports: bool = True,
             before: Look | None = None, settle: float | None = None,
             now: float | None = None) -> PassReport:
    """Import what arrived, then write what is new. ``before`` is an earlier look at this
    vault's folder (a watching loop's last one): a file must look the same in both."""
    chosen = setting(session)
    if chosen is None:
        raise CasefileError(_("no exchange folder is set: casefile exchange-folder set DIR"))
    root = chosen.folder
    if not root.is_dir():
        raise CasefileError(_("the exchange folder {0} is not there (a USB stick not "
                              "plugged in?)").format(root))
    report = PassReport()
    mine = root / own_name(session)
    if imports:
        mine.mkdir(exist_ok=True)
        _import_arrived(session, chosen, mine, report, before=before,
                        settle=SETTLE_SECONDS if settle is None else settle,
                        now=time.time() if now is None else now)
    if exports:
        _export_new(session, chosen, report)
    return report


# -- in ------------------------------------------------------------------------------------

def _import_arrived(session: Session, chosen: FolderSetting, mine: Path, report: PassReport,
                    *, before: Look | None, settle: float, now: float) -> None:
    first = look(mine) if before is None else before
    refused = _rejected_seen(session)
    for name in sorted(first):
        path = mine / name
        try:
            st = path.stat()
        except FileNotFoundError:
            continue  # the sync tool took it away again
        if refused.get(name) == [st.st_size, st.st_mtime_ns]:
            continue  # refused before and not movable: not tried again until it changes
        if (st.st_size, st.st_mtime_ns) != first[name] or now - st.st_mtime_ns / 1e9 < settle:
            report.waiting += 1  # still being written (or copied): next pass
            continue
        try:
            imported = bundles.import_bundle(session, path)
        except IntegrityError:
            raise  # the vault is damaged: not the file's fault
        except CasefileError as exc:  # BundleError included: it fails verification
            _reject(session, mine, path, str(exc), report)
            continue
        except OSError as exc:
            report.problems.append(_("{0} could not be read: {1}").format(name, exc.strerror))
            continue
        report.imported.append({"file": name, "report": imported.as_dict()})
        _done_with(chosen, mine, path, report)
    _prune_applied(chosen, mine, report, now)


def _rejected_seen(session: Session) -> dict[str, list[int]]:
    raw = session.vault.local_setting(REJECTED_SEEN)
    try:
        seen = json.loads(raw) if raw else {}
    except ValueError:
        seen = {}
    return seen if isinstance(seen, dict) else {}


def _reject(session: Session, mine: Path, path: Path, reason: str,
            report: PassReport) -> None:
    """Moved aside with a line in the exchange log; never deleted, never tried again."""
    target = mine / REJECTED / path.name
    key = path.relative_to(mine).as_posix()
    moved = True
    try:
        target.parent.mkdir(exist_ok=True)
        path.replace(target)
    except OSError:
        moved = False
    note = (_("exchange folder: {0} moved to rejected/: {1}") if moved else
            _("exchange folder: {0} refused (it could not be moved aside): {1}")).format(
                key, reason)
    with session.vault.db.transaction():
        peers(session).log(direction="import", peer="", bundle_id="", sender_seq=0,
                                bundle_hash="", writes=0, records=0, conflicts=0, note=note)
        if not moved:  # remembered instead, so it is not tried on every pass
            seen = _rejected_seen(session)
            with contextlib.suppress(OSError):
                st = path.stat()
                seen[key] = [st.st_size, st.st_mtime_ns]
            kept = dict(list(seen.items())[-MAX_REJECTED_SEEN:])
            session.vault.set_local_setting(REJECTED_SEEN, json.dumps(kept))
    report.rejected.append({"file": key, "reason": reason})


def _done_with(chosen: FolderSetting, mine: Path, path: Path, report: PassReport) -> None:
    """Its content is in the vault now: removed, or kept aside for the chosen days."""
    try:
        if chosen.keep_days:
            target = mine / APPLIED / path.name
            target.parent.mkdir(exist_ok=True)
            path.replace(target)
            os.utime(target)  # its days count from now
        else:
            path.unlink()
            report.removed += 1
    except OSError as exc:
        report.problems.append(_("{0} was applied but could not be removed: {1}").format(
            path.name, exc.strerror))


def _prune_applied(chosen: FolderSetting, mine: Path, report: PassReport, now: float) -> None:
    kept = mine / APPLIED
    for name, (_size, mtime) in look(kept, nested=False).items():
        if now - mtime / 1e9 > chosen.keep_days * 86400:
            with contextlib.suppress(OSError):
                (kept / name).unlink()
                report.removed += 1


# -- out -----------------------------------------------------------------------------------

class _Nothing(Exception):  # noqa: N818 - a control-flow signal: roll the empty export back
    pass


def _public(peer: Peer) -> PublicIdentity:
    return PublicIdentity(signing_key=peer.signing_key, public_key=peer.public_key)


def _state(session: Session, peer: Peer) -> str:
    """A digest of what a contact's bundle depends on: every origin's writes, what is shared
    with them, deletions and files. The same digest means nothing new for them."""
    store = peers(session)
    own = _public(peer).origin
    state = {**store.holdings(),
             "scope": [peer.scope_all, sorted(peer.case_ids)],
             "theirs": store.vector(peer.name).get(own, 0)}
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def _export_or_nothing(session: Session, peer: Peer, target: Path,
                       files: bool) -> dict[str, Any]:
    """Inside the caller's transaction: an export that would carry nothing is rolled back
    (not numbered, not logged) and its file removed."""
    result = bundles.export_bundle(session, [peer.name], target, files=files)
    if not (result["writes"] or result["files"] or result["files_deleted"]):
        raise _Nothing
    return result


def _export_new(session: Session, chosen: FolderSetting, report: PassReport) -> None:
    raw = session.vault.local_setting(STATE)
    known: dict[str, str] = json.loads(raw) if raw else {}
    changed = False
    for peer in peers(session).all():
        state = _state(session, peer)
        if known.get(peer.signing_key) == state:
            continue
        target = chosen.folder / short_fingerprint(_public(peer)) / bundle_name()
        try:
            target.parent.mkdir(exist_ok=True)
            with session.vault.db.transaction():
                result = _export_or_nothing(session, peer, target, chosen.files)
        except _Nothing:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
        except OSError as exc:
            report.problems.append(_("no bundle for {0}: {1}").format(peer.name, exc.strerror))
            continue
        else:
            report.exported.append({"to": peer.name, "file": target.name,
                                    "writes": result["writes"], "files": result["files"]})
            if result["files_waiting"]:
                continue  # more files wait: the next pass writes another bundle
        known[peer.signing_key] = state
        changed = True
    if changed:
        session.vault.set_local_setting(STATE, json.dumps(known))


def forget_exports(session: Session) -> None:
    """The next pass writes a bundle for every contact with anything unacknowledged."""
    session.vault.set_local_setting(STATE, None)


# -- watching ------------------------------------------------------------------------------

def watch(session: Session, *, interval: float = 30.0, passes: int | None = None,
          report: Callable[[PassReport], None] | None = None,
          sleep: Callable[[float], None] | None = None) -> int:
    """Pass after pass, ``interval`` seconds apart (``passes`` of them, or until
    interrupted); a file must look the same on two looks before it is read."""
    done = 0
    previous: Look | None = None
    chosen = setting(session)
    while passes is None or done < passes:
        mine = chosen.folder / own_name(session) if chosen else None
        seen = look(mine) if mine is not None else {}
        # After the first pass, a file is read once two looks a pass apart agree.
        before = seen if previous is None else {
            n: v for n, v in seen.items() if previous.get(n) == v}
        outcome = run_pass(session, before=before)
        previous = seen
        if report is not None:
            report(outcome)
        done += 1
        if passes is None or done < passes:
            (sleep or time.sleep)(interval)
    return done
