"""Erasing a client: everything about them goes from the store, backups included.

Archiving (Store.set_archived) hides a client and keeps everything; this is its opposite,
for when a client asks to be forgotten. `preview()` says what would go and touches nothing;
`erase()` does it once the client's handle has been typed.

What goes, in this order, so that an erasure cut short is finished by running it again:

1. backups/<id>/: the daily backups and the copies kept before a restore;
2. in every copy of the index (the index's daily backups, each full backup's caseload.json),
   the client's entry; then the client's plan in each full backup (`full-*`, including
   `full-*-before-restore`);
3. files in damaged/ named for the client;
4. printouts in printouts/ named <handle>-<week>.<ext>;
5. any other file in the store named for the client (their id is in the name);
6. the plan file itself, its lock and a leftover temp file;
7. last, in one write of the index: the client's entry, and a line in the caseload's log
   that says an erasure happened, never whose.

Everything happens under the index's exclusive lock (and the plan's, taken after it, as
every command takes them), so no command reads or writes the client meanwhile. Until the
last step the client is still on the caseload, so `recovery client erase` finds them again;
the daily backups go first, so `recovery doctor` has nothing to bring the plan back from.

A damaged file can't be read, so it can't be cleaned: files in damaged/ not named for the
client are left, and those that may mention them (or can't be checked) are named for a
person to look at. Copies made outside the store (`recovery backup -o`, printouts saved
elsewhere) can't be reached from here; the preview and the result say so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import Query

from recoverytui.core import dates
from recoverytui.core.backup import backups_dir, counts, damaged_dir
from recoverytui.core.errors import InvalidInput, NotFound, StoreDamaged, StoreTooNew
from recoverytui.core.history import chain_append, keep_head
from recoverytui.core.i18n import _
from recoverytui.core.storage import (
    FileLock,
    file_of,
    read_bytes,
    read_plan_file,
    write_atomically,
)
from recoverytui.core.team import config as team_config

if TYPE_CHECKING:
    from recoverytui.core.store import Store

_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
_PRINTOUT = r"{handle}-\d{{4}}-W\d{{2}}\.(?:pdf|md|txt)"


def outside_note() -> str:
    return _(
        "Copies made outside the store (with `recovery backup -o FOLDER`, or printouts saved "
        "elsewhere) can't be reached from here; delete them by hand."
    )


@dataclass
class _Found:
    """Where the client is in the store, as paths."""

    plan: Path
    plan_files: list[Path] = field(default_factory=list)  # the plan, its lock, its temp file
    backup_folder: Path | None = None  # backups/<id>/
    index_copies: list[Path] = field(default_factory=list)  # copies that list the client
    log_copies: list[Path] = field(default_factory=list)  # the other copies: they get the log
    unreadable_index_copies: list[Path] = field(default_factory=list)
    full_copies: list[Path] = field(default_factory=list)  # id-named files in full-* folders
    damaged: list[Path] = field(default_factory=list)  # in damaged/, named for the client
    needs_a_look: list[Path] = field(default_factory=list)  # damaged, may mention them
    printouts: list[Path] = field(default_factory=list)
    other: list[Path] = field(default_factory=list)  # anything else named for the client


def _walk(folder: Path) -> Iterator[tuple[Path, list[str], list[str]]]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        yield Path(root), dirs, sorted(files)


def _mentions(path: Path, needles: list[bytes]) -> bool | None:
    """Whether a file's bytes hold any of `needles`; None where it can't be read to tell."""
    try:
        raw = read_bytes(path)
    except (StoreDamaged, OSError):
        return None
    return any(needle in raw for needle in needles)


def _lists(data: dict[str, Any], client_id: str) -> list[str]:
    """The keys of the client's entries in an index's data."""
    table = data.get("clients", {})
    return [
        key for key, doc in table.items() if isinstance(doc, dict) and doc.get("id") == client_id
    ]


def _find(store: Store, entry: dict[str, Any]) -> _Found:
    """Look through the store for the client; reads only, creates nothing."""
    home = store.home
    client_id = entry["id"]
    plan = store.clients_dir / f"{client_id}.json"
    found = _Found(plan=plan)
    found.plan_files = [
        path
        for path in (plan, plan.with_suffix(".lock"), plan.with_name(f".{plan.name}.tmp"))
        if path.exists()
    ]
    folder = backups_dir(home) / client_id
    if folder.is_dir():
        found.backup_folder = folder
    damaged = damaged_dir(home)
    printouts = home / "printouts"
    printout = re.compile(_PRINTOUT.format(handle=re.escape(entry["handle"])))
    needles = [client_id.encode()] + [
        json.dumps(entry[key], ensure_ascii=escaped).encode()
        for key in ("name", "handle")
        for escaped in (False, True)
    ]
    index_copies_folder = backups_dir(home) / store.index_path.stem
    if not home.is_dir():
        return found
    # The clone of the team's repository names clients by id (who sees whom, who was
    # erased) and holds nothing of a plan: the team's own rules change it, never this walk.
    roster = home / team_config.FOLDER / "team"
    for root, dirs, files in _walk(home):
        if root == roster:
            dirs.clear()
            continue
        for name in list(dirs):
            if client_id in name:
                dirs.remove(name)  # all of it goes; nothing inside needs looking at
                if root / name != folder:
                    found.other.append(root / name)
        for name in files:
            path = root / name
            if path in found.plan_files:
                continue
            if client_id in name:
                if root == damaged:
                    found.damaged.append(path)
                elif _in_full_copy(home, path):
                    found.full_copies.append(path)
                else:
                    found.other.append(path)
            elif root == damaged:
                if _mentions(path, needles) is not False:
                    found.needs_a_look.append(path)
            elif root == printouts and (printout.fullmatch(name) or _printout_temp(printout, name)):
                found.printouts.append(path)
            elif _index_temp(name, root == index_copies_folder):
                # Left by a copy of the index cut short; stale under the index's lock.
                if _mentions(path, needles) is not False:
                    found.other.append(path)
            elif (name == "caseload.json" and path != store.index_path) or (
                root == index_copies_folder and name.endswith(".json")
            ):
                try:
                    listed = bool(_lists(read_plan_file(path), client_id))
                except (StoreDamaged, StoreTooNew):  # a newer program's: not ours to rewrite
                    if _mentions(path, needles) is not False:
                        found.unreadable_index_copies.append(path)
                    continue
                if listed:
                    found.index_copies.append(path)
                elif not name.startswith("schema-"):  # a copy kept as it was, not rewritten
                    found.log_copies.append(path)
    return found


def _index_temp(name: str, in_index_backups: bool) -> bool:
    """A temp file of a copy of the index (or of the index itself)."""
    return name == ".caseload.json.tmp" or (in_index_backups and name.endswith(".json.tmp"))


def _in_full_copy(home: Path, path: Path) -> bool:
    parts = path.relative_to(home).parts
    return len(parts) > 2 and parts[0] == "backups" and parts[1].startswith("full-")


def _printout_temp(printout: re.Pattern[str], name: str) -> bool:
    """write_private's temp file, `.<name>.<random>.tmp`, left by a write cut short."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False
    return bool(printout.fullmatch(name[1:-4].rsplit(".", 1)[0]))


def _full_folder(home: Path, path: Path) -> str:
    return "/".join(path.relative_to(home).parts[:2])


def _describe(
    store: Store, entry: dict[str, Any], found: _Found, *, locked: bool
) -> dict[str, Any]:
    """`locked`: the caller holds the plan's exclusive lock (another shared one would wait)."""
    home = store.home

    def rel(path: Path) -> str:
        return str(path.relative_to(home))

    plan_counts = None
    if found.plan.exists():
        try:
            with nullcontext() if locked else _lock_if_there(found.plan, exclusive=False):
                plan_counts = counts(read_plan_file(found.plan))
        except (StoreDamaged, StoreTooNew):
            plan_counts = None
    daily = before_restore = recent = other_backups = 0
    if found.backup_folder is not None:
        for path in found.backup_folder.iterdir():
            if _DAY_FILE.fullmatch(path.name):
                daily += 1
            elif path.name.startswith("before-restore-"):
                before_restore += 1
            elif path.name.startswith("write-"):
                recent += 1
            else:
                other_backups += 1
    full = {_full_folder(home, p) for p in found.full_copies}
    full |= {_full_folder(home, p) for p in found.index_copies if _in_full_copy(home, p)}
    index_daily = [p for p in found.index_copies if not _in_full_copy(home, p)]
    return {
        "client": {key: entry[key] for key in ("id", "handle", "name")},
        "plan": rel(found.plan) if found.plan.exists() else None,
        "plan_counts": plan_counts,
        "daily_backups": daily,
        "before_restore": before_restore,
        "recent_copies": recent,
        "other_backups": other_backups,
        "full_backups": sorted(full),
        "index_copies": len(index_daily),
        "damaged": [rel(p) for p in found.damaged],
        "printouts": [rel(p) for p in found.printouts],
        "other_files": [rel(p) for p in found.other],
        "needs_a_look": [rel(p) for p in found.needs_a_look + found.unreadable_index_copies],
        "outside": outside_note(),
    }


def _lock_if_there(path: Path, *, exclusive: bool) -> FileLock | nullcontext[None]:
    """The file's lock if a writer ever made one: looking creates no lock file."""
    lock = path.with_suffix(".lock")
    return FileLock(lock, exclusive=exclusive) if lock.exists() else nullcontext()


def preview(store: Store, ref: str | None) -> dict[str, Any]:
    """What erasing the client would remove, and what it can't reach. Touches nothing."""
    entry = store.find_client(ref)
    return _describe(store, entry, _find(store, entry), locked=False)


def check_typed(entry: dict[str, Any], typed: str | None) -> None:
    if (typed or "").strip() != entry["handle"]:
        raise InvalidInput(
            _("That is not the handle {handle}. Nothing was erased.").format(handle=entry["handle"])
        )


def erase(store: Store, ref: str | None, typed: str | None) -> dict[str, Any]:
    """Remove everything about the client from the store, once `typed` is their handle.

    Returns what was removed (as preview() describes it) and what was left for a person."""
    entry = store.find_client(ref)
    check_typed(entry, typed)
    client_id = entry["id"]
    with store._index(write=True) as db:
        assert db is not None
        clients = db.table("clients")
        if clients.get(Query().id == client_id) is None:
            raise NotFound(_("The client has just been erased by another program."))
        # The commit below backs up today's index first if it hasn't been (and an index of
        # an older schema as it was): do it now, so those copies are cleaned like the others
        # rather than made afterwards with the entry.
        file_of(db).prepare()
        logged = chain_append(
            db.table("log"),
            {"when": dates.now_iso(), "who": store.worker_name(), "what": "client-erased"},
        )
        index = file_of(db).read()
        keep_head(index, logged, "log")
        plan_lock = store.client_path(client_id).with_suffix(".lock")
        with FileLock(plan_lock, exclusive=True):
            found = _find(store, entry)
            result = _describe(store, entry, found, locked=True)
            # Each copy of the index gets the log with this erasure in it, so an index built
            # again from a copy still records that it happened.
            _remove(found, index)
        plan_lock.unlink(missing_ok=True)
        clients.remove(Query().id == client_id)
    return {**result, "erased": True}


def _remove(found: _Found, index: dict[str, Any]) -> None:
    """Remove what _find found, in the order that lets a second run finish the first."""
    if found.backup_folder is not None:
        shutil.rmtree(found.backup_folder)
    for copy in found.index_copies + found.log_copies:
        _drop_entry(copy, found.plan.stem, index)
    for path in found.full_copies:
        _remove_path(path)
    for path in found.damaged + found.printouts + found.other:
        _remove_path(path)
    temp = found.plan.with_name(f".{found.plan.name}.tmp")
    temp.unlink(missing_ok=True)
    found.plan.unlink(missing_ok=True)
    _sync(found.plan.parent)


def _remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _drop_entry(path: Path, client_id: str, index: dict[str, Any]) -> None:
    """Rewrite a copy of the index without the client's entry and with the `index`'s log
    (which names no one), under its lock if it has one: an index built again from any copy
    still records the erasure. The index's own daily backups are guarded by the index's
    lock, which is held."""
    with _lock_if_there(path, exclusive=True):
        try:
            data = read_plan_file(path)
        except (StoreDamaged, StoreTooNew):
            return  # changed since it was looked at; a second run names it
        keys = _lists(data, client_id)
        log = index.get("log") or {}
        if not keys and data.get("log") == log:
            return
        for key in keys:
            del data["clients"][key]
        data["log"] = log
        meta = next(iter(data.get("meta", {}).values()), None)
        index_meta: dict[str, Any] = next(iter(index.get("meta", {}).values()), {})
        log_head = index_meta.get("log_head")
        if meta is not None and log_head is not None:
            meta["log_head"] = log_head
        write_atomically(path, data)


def _sync(folder: Path) -> None:
    if not folder.is_dir():
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
