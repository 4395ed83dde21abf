"""One client's plan as its repository holds it, and the way between it and the local store.

    keys/<epoch>/public           the client's public key of that epoch (plain: a key, no name)
    keys/<epoch>/since            when the epoch began (plain: a date)
    keys/<epoch>/<worker>.<laptop>.age   the epoch's secret key, wrapped to one worker
    v/<document id>/<version id>.age     one version of one document (merge.Version)
    h/<laptop>/<first>-<last>.age        entries of one laptop's history chain

Every file is only ever added or removed whole, under a name no other laptop would give, so
git merges two laptops' commits without a conflict; what "the same document changed on two
laptops" means is decided by merge.py when the versions are read back.

The local plan stays the TinyDB file it always was, and the quick commands never look here.
A sync sends what changed since the last sync (`export`: a document whose content differs
from the one it stood on then, as `state/<id>.json` recalls), then takes in what came
(`take_in`): the plan is written once, under its lock, only if no one wrote it since the
export; else the sync goes round again.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from recoverytui.core import dates, history, storage
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _
from recoverytui.core.team import keys, merge
from recoverytui.core.team.config import Config

NOT_SYNCED = ("history", "meta")
_ID_CHARS = set("0123456789abcdef-")


def _new_version_id() -> str:
    return os.urandom(10).hex()


# Keys ------------------------------------------------------------------------------------


@dataclass
class Epoch:
    name: str
    since: str
    public: str
    workers: set[str] = field(default_factory=set)
    secret: str | None = None


def epochs(folder: Path, config: Config) -> list[Epoch]:
    """The client's key epochs, oldest first, each with its secret where one of its
    wrappings opens with this worker's key."""
    found = []
    base = folder / "keys"
    for place in sorted(base.iterdir()) if base.is_dir() else []:
        try:
            since = (place / "since").read_text().strip()
            public = (place / "public").read_text().strip()
        except OSError:
            continue
        epoch = Epoch(place.name, since, public)
        for wrapped in sorted(place.glob("*.age")):
            worker = wrapped.name.split(".")[0]
            epoch.workers.add(worker)
            if worker == config.worker_id and epoch.secret is None:
                opened = keys.opens(wrapped.read_bytes(), [config.secret])
                if opened is not None:
                    epoch.secret = opened.decode()
        found.append(epoch)
    return sorted(found, key=lambda e: (e.since, e.name))


def current(found: list[Epoch]) -> Epoch | None:
    """The epoch new files are encrypted to: the newest."""
    return found[-1] if found else None


def new_epoch(folder: Path, config: Config, workers: dict[str, str]) -> Epoch:
    """A new key for the client's new files, wrapped to each of `workers` (id -> public)."""
    secret, public = keys.new_pair()
    name = _new_version_id()
    place = folder / "keys" / name
    place.mkdir(parents=True)
    (place / "public").write_text(public + "\n")
    (place / "since").write_text(dates.now_iso() + "\n")
    epoch = Epoch(name, dates.now_iso(), public, secret=secret)
    for worker, their_public in workers.items():
        wrap(folder, config, epoch, worker, their_public)
    return epoch


def wrap(folder: Path, config: Config, epoch: Epoch, worker: str, public: str) -> None:
    assert epoch.secret is not None
    place = folder / "keys" / epoch.name
    (place / f"{worker}.{config.laptop}.age").write_bytes(
        keys.encrypt(epoch.secret.encode(), [public])
    )
    epoch.workers.add(worker)


def unwrap(folder: Path, worker: str) -> int:
    """Take a worker's wrappings out of every epoch; how many there were."""
    gone = 0
    for wrapped in (folder / "keys").glob(f"*/{worker}.*.age"):
        wrapped.unlink()
        gone += 1
    return gone


# What the laptop recalls of the last sync -------------------------------------------------


@dataclass
class State:
    """`base`: per document id, the versions the plan's copy stands on (`heads`), the
    digest of that copy, its table, and `resolve` when a person chose between versions
    since; `conflicts`: per document id, the heads a person still has to choose between,
    in groups of the same content, the shown one first; `imported`: the commit the plan
    was last brought up to; `stamp`: the plan file as the last sync left it."""

    base: dict[str, dict[str, Any]] = field(default_factory=dict)
    conflicts: dict[str, list[list[str]]] = field(default_factory=dict)
    imported: str | None = None
    stamp: list[int] | None = None
    synced: str | None = None

    @classmethod
    def load(cls, file: Path) -> State:
        if not file.exists():
            return cls()
        try:
            data = json.loads(storage.read_bytes(file))
            return cls(
                base=dict(data["base"]),
                conflicts=dict(data.get("conflicts") or {}),
                imported=data.get("imported"),
                stamp=data.get("stamp"),
                synced=data.get("synced"),
            )
        except (ValueError, KeyError, TypeError):
            # Only what the last sync recalled is lost: the next one sends every document
            # again, and the copies the same as the server's merge away.
            return cls()

    def save(self, file: Path) -> None:
        storage.make_private_dir(file.parent)
        payload = {
            "base": self.base,
            "conflicts": self.conflicts,
            "imported": self.imported,
            "stamp": self.stamp,
            "synced": self.synced,
        }
        storage.write_bytes_atomically(file, json.dumps(payload).encode())


# Reading and writing versions ----------------------------------------------------------------


def _plain_tables(data: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """A plan's documents by table and id (TinyDB's doc ids left behind)."""
    return {
        table: {
            str(doc["id"]): doc for doc in rows.values() if isinstance(doc, dict) and "id" in doc
        }
        for table, rows in data.items()
        if table not in NOT_SYNCED and isinstance(rows, dict)
    }


def write_version(folder: Path, public: str, version: merge.Version) -> None:
    place = folder / "v" / version.doc_id
    place.mkdir(parents=True, exist_ok=True)
    (place / f"{version.id}.age").write_bytes(
        keys.encrypt(merge.canonical(version.payload()), [public])
    )


def read_versions(folder: Path, doc_id: str, secrets: list[str]) -> dict[str, merge.Version]:
    found = {}
    for file in sorted((folder / "v" / doc_id).glob("*.age")):
        raw = keys.decrypt(file.read_bytes(), secrets, _("a version of a document"))
        version = merge.Version.from_payload(json.loads(raw))
        if version.doc_id != doc_id or file.stem != version.id:
            raise PlanError(_("A version file in the client's repository is not where it says."))
        found[version.id] = version
    return found


@dataclass
class Sent:
    versions: int = 0
    entries: int = 0


def export(
    folder: Path,
    config: Config,
    data: dict[str, Any],
    state: State,
    public: str,
    secrets: list[str],
) -> Sent:
    """Write a version of every document that changed since the last sync, a tombstone for
    every document removed, and this laptop's new history entries. Nothing is committed."""
    sent = Sent()
    now = dates.now_iso()
    seen: set[str] = set()
    for table, docs in _plain_tables(data).items():
        for doc_id, doc in docs.items():
            if not set(doc_id) <= _ID_CHARS:
                continue  # never a path outside v/
            seen.add(doc_id)
            base = state.base.get(doc_id)
            if base is not None and base["digest"] == merge.digest(doc) and not base.get("resolve"):
                continue
            if not (base and base.get("resolve")) and _in_repository(
                folder, doc_id, doc, base, secrets
            ):
                continue
            parents = list(base["heads"]) if base else []
            write_version(folder, public, _version(config, doc_id, table, doc, parents, now))
            sent.versions += 1
    for doc_id, base in state.base.items():
        if doc_id in seen or base.get("digest") is None:
            continue
        version = _version(config, doc_id, base["table"], None, list(base["heads"]), now)
        write_version(folder, public, version)
        sent.versions += 1
    sent.entries = _export_history(folder, config, data, public)
    return sent


def _in_repository(
    folder: Path, doc_id: str, doc: dict[str, Any], base: dict[str, Any] | None, secrets: list[str]
) -> bool:
    """Whether the repository holds this very content of the document (`revision` aside: a
    merge recomputes it) in a version newer than the plan stood on at the last sync: a sync
    cut short sent it, or wrote it into the plan, before it could say so in the state."""
    if not (folder / "v" / doc_id).is_dir():
        return False
    versions = read_versions(folder, doc_id, secrets)
    known: set[str] = set()
    for head in base["heads"] if base else []:
        known |= merge._ancestors(versions, head)
    mine = _without_revision(doc)
    return any(
        version.doc is not None and _without_revision(version.doc) == mine
        for version in versions.values()
        if version.id not in known
    )


def _without_revision(doc: dict[str, Any]) -> str:
    return merge.digest({key: value for key, value in doc.items() if key != "revision"})


def _version(
    config: Config, doc_id: str, table: str, doc: dict[str, Any] | None, parents: list[str], at: str
) -> merge.Version:
    return merge.Version(
        id=_new_version_id(),
        doc_id=doc_id,
        table=table,
        doc=doc,
        parents=parents,
        laptop=config.laptop,
        worker=config.worker_id,
        at=at,
    )


def _export_history(folder: Path, config: Config, data: dict[str, Any], public: str) -> int:
    """The entries of this laptop's chain the repository lacks, as one file."""
    place = folder / "h" / config.laptop
    sent = max((_last_seq(file) for file in place.glob("*.age")), default=0)
    entries = [
        entry
        for entry in history.chain_entries(data.get("history"))
        if isinstance(entry.get("seq"), int) and entry["seq"] > sent
    ]
    if not entries:
        return 0
    place.mkdir(parents=True, exist_ok=True)
    name = f"{entries[0]['seq']}-{entries[-1]['seq']}.age"
    payload = {"laptop": config.laptop, "worker": config.worker_id, "entries": entries}
    (place / name).write_bytes(keys.encrypt(merge.canonical(payload), [public]))
    return len(entries)


def _last_seq(file: Path) -> int:
    try:
        return int(file.stem.split("-")[-1])
    except ValueError:
        return 0


def chains(folder: Path, secrets: list[str]) -> dict[str, dict[str, Any]]:
    """Every laptop's history chain the repository holds: laptop -> {worker, entries}."""
    found: dict[str, dict[str, Any]] = {}
    for place in sorted((folder / "h").iterdir()) if (folder / "h").is_dir() else []:
        entries: dict[int, dict[str, Any]] = {}
        worker = ""
        for file in sorted(place.glob("*.age"), key=lambda f: _last_seq(f)):
            opened = keys.opens(file.read_bytes(), secrets)
            if opened is None:
                continue
            batch = json.loads(opened)
            worker = batch.get("worker") or worker
            for entry in batch.get("entries") or []:
                entries.setdefault(entry["seq"], entry)  # a batch sent twice, after a kill
        found[place.name] = {"worker": worker, "entries": [entries[k] for k in sorted(entries)]}
    return found


# Taking in ------------------------------------------------------------------------------------


@dataclass
class Taken:
    """What a merge did to the plan: the new plan data, the versions the laptop must send
    (merges and rules applied), documents received, and the conflicts left."""

    data: dict[str, Any]
    state: State
    to_send: list[merge.Version]
    received: int
    conflicts: dict[str, list[list[merge.Version]]]
    before_rules: dict[str, Any]


def doc_ids_changed(paths: list[str] | None, folder: Path) -> list[str]:
    if paths is None:
        base = folder / "v"
        return sorted(p.name for p in base.iterdir()) if base.is_dir() else []
    return sorted({p.split("/")[1] for p in paths if p.startswith("v/") and p.count("/") == 2})


def take_in(
    folder: Path,
    config: Config,
    local: dict[str, Any] | None,
    state: State,
    doc_ids: list[str],
    secrets: list[str],
) -> Taken:
    """The plan after the repository's versions of `doc_ids` are merged in, with the rules
    applied to the whole plan. `local` is the plan as this laptop holds it (None: new here)."""
    tables = _plain_tables(local) if local is not None else {}
    where = {doc_id: table for table, docs in tables.items() for doc_id in docs}
    new_state = replace(state, base=dict(state.base), conflicts=dict(state.conflicts))
    outcomes: dict[str, merge.Outcome] = {}
    origins: dict[str, tuple[str, str]] = {}
    conflicts: dict[str, list[list[merge.Version]]] = {}
    received = 0
    for doc_id in doc_ids:
        versions = read_versions(folder, doc_id, secrets)
        if not versions:
            continue
        outcome = merge.resolve(versions)
        outcomes[doc_id] = outcome
        origins[doc_id] = merge.origin(versions, outcome)
        table = outcome.table
        old = tables.get(where.get(doc_id, table), {}).get(doc_id)
        if old is not None and where.get(doc_id) != table:
            raise PlanError(_("A document in the client's repository changed its table."))
        if outcome.doc is None:
            tables.get(table, {}).pop(doc_id, None)
        else:
            tables.setdefault(table, {})[doc_id] = outcome.doc
        if outcome.doc != old:
            received += 1
        if outcome.conflict:
            conflicts[doc_id] = outcome.conflict
    # A copy: the rules change the documents in place, and the history is the difference.
    before = copy.deepcopy(_as_data(local, tables))
    changed, merged_away, _notes = merge.apply_rules(tables, origins)
    to_send: list[merge.Version] = []
    now = dates.now_iso()
    for doc_id in sorted(set(outcomes) | changed | merged_away):
        found = outcomes.get(doc_id)
        table = found.table if found else where.get(doc_id) or _table_of(tables, doc_id)
        doc = tables.get(table, {}).get(doc_id)
        if found is None:
            heads = list(new_state.base.get(doc_id, {}).get("heads", []))
        elif found.conflict:
            heads = [v.id for v in found.conflict[0]]  # the others stay open till a person chooses
        else:
            heads = list(found.heads)
        if (found and found.write) or doc_id in changed or doc_id in merged_away:
            version = _version(config, doc_id, table, doc, heads, now)
            to_send.append(version)
            heads = [version.id]
        new_state.base[doc_id] = {
            "heads": heads,
            "digest": merge.digest(doc) if doc else None,
            "table": table,
        }
        if found and found.conflict:
            new_state.conflicts[doc_id] = [[v.id for v in group] for group in found.conflict]
        else:
            new_state.conflicts.pop(doc_id, None)
    return Taken(_as_data(local, tables), new_state, to_send, received, conflicts, before)


def _table_of(tables: dict[str, dict[str, Any]], doc_id: str) -> str:
    for table, docs in tables.items():
        if doc_id in docs:
            return table
    return ""


def _as_data(
    local: dict[str, Any] | None, tables: dict[str, dict[str, dict[str, Any]]]
) -> dict[str, Any]:
    """Plan data with these documents: a document keeps its TinyDB doc id, a new one is
    put after the rest, in the order it was made."""
    data: dict[str, Any] = {
        key: value for key, value in (local or storage.new_plan_data()).items() if key in NOT_SYNCED
    }
    for table, docs in tables.items():
        rows = (local or {}).get(table) or {}
        kept = {
            key: docs[doc["id"]]
            for key, doc in rows.items()
            if isinstance(doc, dict) and doc.get("id") in docs
        }
        placed = {doc["id"] for doc in kept.values()}
        top = max((int(k) for k in rows if k.isdigit()), default=0)  # never a removed one's key
        for doc in sorted(
            (d for d in docs.values() if d["id"] not in placed),
            key=lambda d: (str(d.get("created") or ""), str(d["id"])),
        ):
            top += 1
            kept[str(top)] = doc
        data[table] = kept
    return data
