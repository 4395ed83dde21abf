"""Backups: copies of each store file kept before it is written, a copy of the whole store,
and bringing one client or the whole store back from any of them.

    $RECOVERY_HOME/backups/<file-stem>/<YYYY-MM-DD>.json   a file as it was before that day's
                                                          first write; the last N kept
    $RECOVERY_HOME/backups/<plan-stem>/write-<stamp>.json  a plan as each of its last three
                                                          writes left it
    $RECOVERY_HOME/backups/full-<stamp>/                   `recovery backup`: the whole store
    $RECOVERY_HOME/backups/full-<stamp>.unfinished/        one being made, or cut short
    $RECOVERY_HOME/damaged/<name>.<stamp>                  files moved aside, never deleted

Plan commands never read these folders. Every file is written like the plans: 0600 in 0700
folders, temp file, fsync, rename.

A restore never drops a history entry: the plan's history goes on from the longest chain
that either side (or, for a plan that can't be read, any copy in the store) holds, and
entries it lacks are kept in the one entry the restore adds, or recorded as lost.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recoverytui.core import dates, history
from recoverytui.core.errors import (
    InvalidInput,
    NotFound,
    PlanError,
    StoreDamaged,
    StoreTooNew,
)
from recoverytui.core.i18n import LANGUAGE_FILE, _, remembered
from recoverytui.core.settings import load_settings, settings_path
from recoverytui.core.storage import (
    KEY_FILE,
    FileLock,
    StoreWriteFailed,
    check_unlocked,
    make_private_dir,
    parse_plan,
    read_plan_file,
    unseal,
    write_atomically,
    write_bytes_atomically,
)

if TYPE_CHECKING:
    from recoverytui.core.store import Store

DEFAULT_KEPT = 14
# A plan is also kept as it was written by each of its last few writes: a plan damaged in
# the afternoon loses nothing of the day's work.
WRITES_KEPT = 3
# What a restore counts to show how a plan would change.
COUNTED = ("goals", "dreams", "checkins", "areas", "needs", "reviews")
_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
_WRITE_FILE = re.compile(r"write-\d{4}-\d{2}-\d{2}T\d{6}\.\d{6}(?:-\d+)?\.json")
# A full backup is made in a folder of this name and renamed when every file is in it.
UNFINISHED = ".unfinished"
_BUSY = "backup.lock"


def backups_dir(home: Path) -> Path:
    return home / "backups"


def damaged_dir(home: Path) -> Path:
    return home / "damaged"


def kept(home: Path) -> int:
    """How many daily backups to keep per file: settings.json "backups_kept", else 14.
    StoreDamaged if the settings can't be read: then nobody knows, and nothing is pruned."""
    return load_settings(home).get("backups_kept") or DEFAULT_KEPT


def stamp() -> str:
    """A moment as part of a file name, sortable, without a colon."""
    return dt.datetime.now().strftime("%Y-%m-%dT%H%M%S")


def _free_path(path: Path, before: str = "") -> Path:
    """`path`, or path-2, path-3… if something is there already: nothing is overwritten.
    The number goes before the ending `before`, if the name has it."""
    stem = path.name[: -len(before)] if before and path.name.endswith(before) else path.name
    ending = path.name[len(stem) :]
    candidate, n = path, 2
    while candidate.exists():
        candidate, n = path.with_name(f"{stem}-{n}{ending}"), n + 1
    return candidate


# Copies kept before a write ----------------------------------------------------------------


def _made(home: Path, folder: Path) -> Path:
    """A file's folder in backups/, made 0700 with backups/ itself (mkdir's parents would
    get the default mode)."""
    make_private_dir(backups_dir(home))
    make_private_dir(folder)
    return folder


def take_daily(home: Path, path: Path) -> Path | None:
    """Keep the file as it is now, once a day. Called under the file's exclusive lock just
    before a write, after the store has read and checked it, so a damaged file never gets here.

    One stat on every write after the first of the day; nothing at all on reads."""
    folder = backups_dir(home) / path.stem
    target = folder / f"{dates.today().isoformat()}.json"
    if target.exists():
        return None
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        return None  # a new file: nothing to keep yet
    _made(home, folder)
    write_bytes_atomically(target, payload)
    try:
        keep = kept(home)
    except StoreDamaged:
        return target  # how many to keep can't be read: none is deleted until it can
    _prune(folder, _DAY_FILE, keep)
    return target


def keep_older_schema(home: Path, path: Path, schema: int) -> Path | None:
    """Keep a file of an older schema as it is, before its first write migrates it:
    backups/<stem>/schema-<n>-<stamp>.json, never pruned. Called under the file's
    exclusive lock, after the store has read and checked it."""
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        return None
    folder = _made(home, backups_dir(home) / path.stem)
    target = _free_path(folder / f"schema-{schema}-{stamp()}.json", before=".json")
    write_bytes_atomically(target, payload)
    return target


def keep_recent(home: Path, path: Path) -> None:
    """After a plan is written, under its lock: keep it as written among the copies of its
    last WRITES_KEPT writes, so the newest copy is the plan as it is now.

    It costs one more write of the file's bytes, just read back from the page cache (sealed
    as they are in an encrypted store), without an fsync: the plan itself is on the disk,
    and a copy a crash left unreadable is passed over. Best effort: the plan is written
    already, so a copy the disk refuses is left out, and no older one is pruned for it."""
    folder = backups_dir(home) / path.stem
    moment = dt.datetime.now().strftime("%Y-%m-%dT%H%M%S.%f")
    target = _free_path(folder / f"write-{moment}.json", before=".json")
    temp = target.with_name(f".{target.name}.tmp")
    try:
        payload = path.read_bytes()
        _made(home, folder)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, target)
    except OSError:
        temp.unlink(missing_ok=True)
        return
    _prune(folder, _WRITE_FILE, WRITES_KEPT)


def daily_backups(home: Path, stem: str) -> list[Path]:
    """A file's daily backups, newest first."""
    folder = backups_dir(home) / stem
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _DAY_FILE.fullmatch(p.name)), reverse=True)


def copies(home: Path, stem: str) -> list[Path]:
    """Every copy of a file kept in backups/<stem>/ (daily, after a write, before a
    restore), newest first by the time it was taken."""
    folder = backups_dir(home) / stem
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix == ".json" and p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def _prune(folder: Path, pattern: re.Pattern[str], keep: int) -> None:
    found = sorted((p for p in folder.iterdir() if pattern.fullmatch(p.name)), reverse=True)
    for old in found[keep:]:
        old.unlink(missing_ok=True)


def latest_good(home: Path, stem: str, client_id: str | None) -> tuple[Path, Any] | None:
    """The newest copy in backups/<stem>/ that opens (as a plan of this client, if one is
    named): the plan as its last write left it, else an older copy."""
    for candidate in copies(home, stem):
        try:
            data = read_plan_file(candidate)
        except (StoreDamaged, StoreTooNew):  # a newer program's copy is no good to this one
            continue
        if client_id is None or _client_id(data) == client_id:
            return candidate, data
    return None


def taken(path: Path) -> str:
    """When a copy was taken (its file was written then), local time, to the minute."""
    moment = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    return moment.replace(second=0, microsecond=0).isoformat()


# Moving aside ------------------------------------------------------------------------------


def move_aside(home: Path, path: Path) -> Path:
    """Move a file into damaged/ under a new name; the caller holds its exclusive lock."""
    make_private_dir(home)
    make_private_dir(damaged_dir(home))
    target = _free_path(damaged_dir(home) / f"{path.name.lstrip('.')}.{stamp()}")
    os.replace(path, target)
    return target


def _keep_before_restore(home: Path, path: Path, owner: str) -> Path | None:
    """The current file, kept before a restore replaces it: a good one among its backups,
    a damaged one (or another client's plan) moved to damaged/."""
    if not path.exists():
        return None
    data = _current(path, owner)
    if data is None:
        return move_aside(home, path)
    folder = _made(home, backups_dir(home) / path.stem)
    target = _free_path(folder / f"before-restore-{stamp()}.json", before=".json")
    write_atomically(target, data)
    return target


# The whole store ---------------------------------------------------------------------------


def store_files(home: Path) -> list[Path]:
    """The store's files, relative to home: index, key file (if encrypted), plans, settings,
    the language chosen, templates. Not backups, not printouts, not lock or temp files."""
    found = [Path(name) for name in ("caseload.json", KEY_FILE) if (home / name).is_file()]
    clients = home / "clients"
    if clients.is_dir():
        found += [Path("clients") / p.name for p in sorted(clients.glob("*.json"))]
    for path in (settings_path(home), home / LANGUAGE_FILE):
        if path.is_file():
            found.append(Path(path.name))
    templates = home / "templates"
    if templates.is_dir():
        found += [
            Path("templates") / p.name
            for p in sorted(templates.iterdir())
            if p.is_file() and not p.name.startswith(".")
        ]
    return found


def _copy_locked(source: Path, target: Path) -> bytes:
    """Copy a file under its shared lock, so the copy is never of a half-done write.
    Returns the bytes copied."""
    make_private_dir(target.parent)
    if source.suffix == ".json":
        with FileLock(source.with_suffix(".lock"), exclusive=False):
            payload = source.read_bytes()
    else:
        payload = source.read_bytes()
    # Sealed files are copied sealed; the key file, the language and the templates stay as
    # they are.
    data_file = source.suffix == ".json" and source.name != KEY_FILE
    write_bytes_atomically(target, payload, seal=data_file)
    return payload


def check_copy(home: Path, relative: Path, payload: bytes) -> str | None:
    """None if a store file's bytes (`home / relative` as copied) read as the store reads
    that file; else why not."""
    path = home / relative
    try:
        if relative.parts[0] == "templates":
            from recoverytui.core import templates

            parse = {"needs.txt": templates.parse_needs, "areas.txt": templates.parse_areas}
            if relative.name in parse:
                parse[relative.name](path)
        elif relative.name == KEY_FILE:
            from recoverytui.core.crypto import _read_key_record

            _read_key_record(path)
        elif relative.name == settings_path(home).name:
            load_settings(home)
        elif relative.name == LANGUAGE_FILE:
            if remembered(home) is None:
                return _("it holds neither nb nor en")
        else:
            clients = relative.parts[0] == "clients"
            data = parse_plan(unseal(payload, path), path, one_client=clients)
            if clients and _client_id(data) != path.stem:
                return _("it holds a client whose id is not its name")
    except PlanError as error:
        return str(error)
    return None


def backup_store(
    home: Path, dest: Path | None = None
) -> tuple[Path, list[Path], list[dict[str, Any]]]:
    """Copy the whole store into `dest` (default backups/full-<stamp>). Returns where, what,
    and the files it could not vouch for (each {file, client, reason}): those are copied
    byte for byte all the same, and a restore leaves them out.

    The copy is made in `<dest>.unfinished` and renamed to `dest` once every file is in it,
    so a folder with the name asked for is always whole; a backup that fails removes its
    unfinished folder, and one cut short (killed) leaves it for `recovery doctor` to name."""
    check_unlocked(home)  # sealed files without their key could not be vouched for
    files = store_files(home)
    if not files:
        raise InvalidInput(_("There is no store to back up in {home}.").format(home=home))
    if dest is None:
        make_private_dir(home)
        make_private_dir(backups_dir(home))
        dest = _free_path(backups_dir(home) / f"full-{stamp()}")
    dest = dest.expanduser().absolute()
    try:
        os.fsencode(dest)
    except UnicodeEncodeError:  # a lone surrogate typed: no file system takes it as a name
        raise InvalidInput(
            _("That name can't be used for a folder here: {dest}").format(dest=dest)
        ) from None
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InvalidInput(
            _("{dest} is already there and not an empty folder; choose a new one.").format(
                dest=dest
            )
        )
    partial = _free_path(dest.with_name(dest.name + UNFINISHED))
    make_private_dir(partial)
    unvouched: list[dict[str, Any]] = []
    try:
        with FileLock(partial / _BUSY, exclusive=True):
            handles: dict[str, str] = {}
            for relative in files:
                payload = _copy_locked(home / relative, partial / relative)
                reason = check_copy(home, relative, payload)
                if relative.name == "caseload.json" and reason is None:
                    index = parse_plan(unseal(payload, home / relative), home / relative)
                    handles = {e["file"]: e["handle"] for e in index.get("clients", {}).values()}
                if reason is not None:
                    unvouched.append({"file": str(relative), "reason": reason})
            os.replace(partial, dest)  # an empty folder the user made is replaced, 0700
            (dest / _BUSY).unlink()
        _sync(dest.parent)
    except BaseException as error:
        import shutil  # here only: it loads the compression modules, and every write imports this

        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, StoreWriteFailed) and error.path.is_relative_to(partial):
            # The file refused is in the folder just removed: name the backup instead.
            raise StoreWriteFailed(
                _(
                    "The backup {dest} could not be made: the copy of {file} could not be "
                    "saved ({reason}). Nothing of it was kept; the store is as it was."
                ).format(dest=dest, file=error.path.relative_to(partial), reason=error.reason),
                path=dest,
                reason=error.reason,
            ) from None
        raise
    for doubt in unvouched:
        doubt["client"] = handles.get(Path(doubt["file"]).name)
    return dest, files, unvouched


def unfinished_backups(home: Path) -> list[Path]:
    """Full backups in the store that were cut short (not ones being made right now)."""
    folder = backups_dir(home)
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.iterdir())
        if UNFINISHED in path.name and path.is_dir() and not _being_made(path)
    ]


def is_unfinished(folder: Path) -> bool:
    return UNFINISHED in folder.name or (folder / _BUSY).exists()


def _being_made(folder: Path) -> bool:
    try:
        fd = os.open(folder / _BUSY, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False  # no lock file: nobody is making it
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _sync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Restoring ---------------------------------------------------------------------------------


def _client_id(data: dict[str, Any]) -> str | None:
    for doc in data.get("client", {}).values():
        return doc.get("id")
    return None


def counts(data: dict[str, Any] | None) -> dict[str, int] | None:
    """How many of each kind a plan holds; None for a plan that can't be read."""
    if data is None:
        return None
    return {table: len(data.get(table, {})) for table in COUNTED}


def _current(path: Path, owner: str | None = None) -> dict[str, Any] | None:
    """A store file as it is now; None if it can't be read, or if it should be the plan of
    the client `owner` and is another's (whose history must not pass into this one)."""
    try:
        data = read_plan_file(path)
    except StoreDamaged:
        return None
    return None if owner is not None and _client_id(data) != owner else data


def _client_source(store: Store, entry: dict[str, Any], source: str) -> Path:
    """A backup file, a full backup folder, `latest` (the newest copy kept in backups/), or
    a day's daily backup, as given to --from."""
    path = Path(source).expanduser()
    stem = Path(entry["file"]).stem
    if path.is_dir():
        _refuse_unfinished(path)
        inside = path / "clients" / entry["file"]
        if not inside.is_file():
            raise NotFound(
                _("The backup folder {folder} holds no plan for {handle}.").format(
                    folder=path, handle=entry["handle"]
                )
            )
        return inside
    if path.is_file():
        return path
    if source.strip().lower() == "latest":
        good = latest_good(store.home, stem, entry["id"])
        if good is None:
            raise NotFound(
                _("No copy of {handle}'s plan is kept in backups/ that opens.").format(
                    handle=entry["handle"]
                )
            )
        return good[0]
    try:
        day = dates.parse_date(source, past=True)
    except InvalidInput as error:
        raise InvalidInput(
            _(
                "{source} is neither a backup file, a backup folder, latest nor a date ({reason})."
            ).format(source=repr(source), reason=str(error).rstrip("."))
        ) from None
    daily = backups_dir(store.home) / stem / f"{day.isoformat()}.json"
    if not daily.is_file():
        kept_days = ", ".join(p.stem for p in daily_backups(store.home, stem)) or _("none")
        raise NotFound(
            _("There is no daily backup of {handle} from {day}. Days kept: {days}.").format(
                handle=entry["handle"], day=day.isoformat(), days=kept_days
            )
        )
    return daily


def _refuse_unfinished(folder: Path) -> None:
    if is_unfinished(folder):
        raise InvalidInput(
            _(
                "{folder} is a backup that was never finished (it was cut short while it was "
                "made), so nothing is restored from it."
            ).format(folder=folder)
        )


def _by_id(data: dict[str, Any] | None, table: str) -> dict[str, dict[str, Any]]:
    rows = (data or {}).get(table) or {}
    return {doc["id"]: doc for doc in rows.values() if isinstance(doc, dict) and "id" in doc}


def _unchanged(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in history.BOOKKEEPING}


def differences(now: dict[str, Any] | None, data: dict[str, Any]) -> dict[str, Any] | None:
    """What putting `data` in place of `now` would do, per kind: documents `gone` (in the
    plan now, not in the backup), `back` (changed since: they go back to as they were),
    `returning` (in the backup, not in the plan now); and `changes`, the history entries
    of the plan now that the backup's history lacks (the history keeps them)."""
    if now is None:
        return None
    found: dict[str, Any] = {"gone": {}, "back": {}, "returning": {}}
    for table in COUNTED:
        mine, theirs = _by_id(now, table), _by_id(data, table)
        for key, ids in (
            ("gone", mine.keys() - theirs.keys()),
            ("returning", theirs.keys() - mine.keys()),
            ("back", {i for i in mine.keys() & theirs.keys() if
                      _unchanged(mine[i]) != _unchanged(theirs[i])}),
        ):  # fmt: skip
            if ids:
                found[key][table] = len(ids)
    theirs_held = history.held(history.chain_entries(data.get("history")))
    found["changes"] = sum(
        1
        for entry in history.chain_entries(now.get("history"))
        if isinstance(entry, dict) and entry.get("hash") not in theirs_held
    )
    return found


def _about(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """When a backup was taken, and when the last change in it was made."""
    entries = history.chain_entries(data.get("history"))
    last = entries[-1].get("when") if entries and isinstance(entries[-1], dict) else None
    return {"taken": taken(path), "last_change": last}


def preview_client(store: Store, ref: str | None, source: str) -> dict[str, Any]:
    """What restoring one client's plan from `source` would change; touches nothing.

    Raises StoreDamaged if the backup doesn't open as a plan, InvalidInput if it holds
    another client's plan."""
    entry = store.find_client(ref)
    path = _client_source(store, entry, source)
    data = read_plan_file(path)
    if _client_id(data) != entry["id"]:
        raise InvalidInput(
            _("The backup {file} holds another client's plan, not {handle}'s.").format(
                file=path, handle=entry["handle"]
            )
        )
    now = _current(store.clients_dir / entry["file"], entry["id"])
    newest = latest_good(store.home, Path(entry["file"]).stem, entry["id"])
    newer = None
    if newest is not None and newest[0].stat().st_mtime > path.stat().st_mtime:
        newer = {"source": str(newest[0]), "taken": taken(newest[0])}
    return {
        "client": entry["handle"],
        "source": str(path),
        **_about(path, data),
        "now": counts(now),
        "backup": counts(data),
        "same": now == data,
        "differences": differences(now, data),
        "newer": newer,
    }


def restore_client(store: Store, ref: str | None, source: str) -> dict[str, Any]:
    """Bring one client's plan back from a backup, keeping the current file first."""
    preview = preview_client(store, ref, source)
    entry = store.find_client(ref)
    target = store.clients_dir / entry["file"]
    with FileLock(target.with_suffix(".lock"), exclusive=True):
        data = read_plan_file(Path(preview["source"]))  # read again: it is used as it is now
        now = _current(target, entry["id"])
        carried = carry_history(store, data, Path(preview["source"]), now, entry)
        kept_as = _keep_before_restore(store.home, target, entry["id"])
        write_atomically(target, data)
    client = next(iter(data.get("client", {}).values()))
    store.mirror_in_index(client, carried["head"])
    return {
        **preview,
        "kept": str(kept_as) if kept_as else None,
        "history_lost": carried["lost"],
        "history_kept": carried["kept"],
    }


def carry_history(
    store: Store,
    data: dict[str, Any],
    source: Path,
    now: dict[str, Any] | None,
    entry: dict[str, Any],
) -> dict[str, Any]:
    """Give `data` (a plan about to be put back from `source`) a history that drops nothing
    either side held, with one `restored` entry at its end, and counters no lower than any
    number either side, or the history, ever used. `now` is the plan as it is (None: it
    can't be read); `entry` its index entry, whose head says how far its history reached.

    The chain kept is the plan's own as it is now, never rewritten. Where another chain
    continues it (the backup's, or, for a plan cut off or unreadable, a copy in the store),
    that one is taken whole: it verifies as it is. Entries of the backup's history the kept
    chain lacks go into the restored entry as they were (`kept`); entries the head says
    were there that nothing holds are recorded as lost and counted. Returns the new head
    (with the counters), how many entries were lost and how many kept."""
    anchors = [h for h in (history.valid_head(entry.get("head")), history.head_of(now)) if h]
    rows = (now or {}).get("history") or {}
    base = history.chain_entries(rows)
    if now is None or not all(history.holds(base, a) for a in anchors):
        for copy in _copies_of(store, entry):
            chain = history.chain_entries(copy.get("history"))
            if len(chain) > len(base) and history.extends(chain, base):
                rows, base = copy["history"], chain
    theirs_rows = data.get("history") or {}
    theirs = history.chain_entries(theirs_rows)
    if len(theirs) > len(base) and history.extends(theirs, base):
        rows, base = theirs_rows, theirs
    seen = history.held(base)
    kept = [e for e in theirs if isinstance(e, dict) and e.get("hash") not in seen]
    kept_hashes = {e.get("hash") for e in kept}
    missing = [a for a in anchors if not history.holds(base, a) and a["hash"] not in kept_hashes]
    last_seq = base[-1].get("seq") if base and isinstance(base[-1], dict) else 0
    last_seq = last_seq if isinstance(last_seq, int) else len(base)
    lost = floor = None
    lost_count = 0
    if missing:
        top = max(missing, key=lambda head: head["seq"])
        lost = {"head": top["hash"]}
        lost_count = max(top["seq"] - last_seq, 1)
        if top["seq"] > last_seq:
            lost.update({"from": last_seq + 1, "to": top["seq"]})
            floor = {"seq": top["seq"], "hash": base[-1].get("hash") if base else None}
    data["history"] = dict(rows)
    _raise_counters(data, now, base + kept, anchors)
    if source.is_file() and source.parent.name == "clients":
        source = source.parent.parent  # a plan inside a full backup: its folder's name
    restored = history.restored_entry(
        source=source.name,
        who=store.worker_name(),
        when=dates.now_iso(),
        kept=kept,
        lost=lost,
    )
    history.append_to_data(data, restored, floor=floor)
    return {
        "head": history.index_head(data),
        "lost": lost_count,
        "kept": len(kept),
    }


def _raise_counters(
    data: dict[str, Any],
    now: dict[str, Any] | None,
    entries: list[Any],
    anchors: list[dict[str, Any]],
) -> None:
    """Counters no lower than either side's, the heads', or any number in use or in the
    history: a number once handed out is never handed out again."""
    meta = next(iter(data.get("meta", {}).values()))
    counters = dict(meta.get("counters") or {})
    sources: list[Any] = [history.highest_numbers(entries)]
    sources += [anchor.get("counters") for anchor in anchors]
    for plan in (data, now):
        if plan is None:
            continue
        plan_meta: dict[str, Any] = next(iter(plan.get("meta", {}).values()), {})
        sources.append(plan_meta.get("counters"))
        for table, rows in plan.items():
            given = [d.get("number") for d in rows.values() if isinstance(d, dict)]
            numbers = [n for n in given if isinstance(n, int) and not isinstance(n, bool)]
            if numbers and table not in history.NOT_DIFFED:
                sources.append({table: max(numbers)})
    for source in sources:
        for table, number in (source or {}).items() if isinstance(source, dict) else ():
            if isinstance(number, int) and not isinstance(number, bool):
                counters[table] = max(counters.get(table, 0), number)
    meta["counters"] = counters


def _copies_of(store: Store, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Every copy of a client's plan kept in the store that opens: daily, before a write,
    before a restore, and in each finished full backup."""
    stem = Path(entry["file"]).stem
    paths = copies(store.home, stem)
    folder = backups_dir(store.home)
    if folder.is_dir():
        paths += [
            full / "clients" / entry["file"]
            for full in sorted(folder.glob("full-*"))
            if full.is_dir() and not is_unfinished(full)
        ]
    found = []
    for path in paths:
        try:
            data = read_plan_file(path)
        except (StoreDamaged, StoreTooNew):  # a newer program's copy is no good to this one
            continue
        if _client_id(data) == entry["id"]:
            found.append(data)
    return found


def _full_backup(
    folder: Path,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """A full backup's index, the plans that are sound (by file name), and those that are
    not ({client, file, reason}). Raises if the folder or its index can't be used."""
    index = folder / "caseload.json"
    if not folder.is_dir() or not index.is_file():
        raise InvalidInput(
            _("{folder} is not a backup of the whole store (made by `recovery backup`).").format(
                folder=folder
            )
        )
    _refuse_unfinished(folder)
    index_data = read_plan_file(index)
    plans: dict[str, dict[str, Any]] = {}
    unsound: list[dict[str, Any]] = []
    for entry in index_data.get("clients", {}).values():
        path = folder / "clients" / entry["file"]
        try:
            data = read_plan_file(path)
            if _client_id(data) != entry["id"]:
                raise InvalidInput(_("it holds another client's plan than the index says"))
        except PlanError as error:
            file = str(Path("clients") / entry["file"])
            unsound.append({"client": entry["handle"], "file": file, "reason": str(error)})
            continue
        plans[entry["file"]] = data
    return index_data, plans, unsound


def preview_all(store: Store, source: str) -> dict[str, Any]:
    """What restoring the whole store from a full backup would change; touches nothing."""
    folder = Path(source).expanduser().absolute()
    index_data, plans, unsound = _full_backup(folder)
    wanted = {e["id"]: e for e in index_data.get("clients", {}).values()}
    current = _current(store.index_path) if store.index_path.exists() else {}
    present = {e["id"]: e for e in (current or {}).get("clients", {}).values()}
    for entry in present.values():  # a newer program's plan is never replaced nor taken away
        _current(store.clients_dir / entry["file"])
    clients = []
    for client_id in sorted(wanted.keys() & present.keys(), key=lambda i: wanted[i]["handle"]):
        entry = wanted[client_id]
        if entry["file"] not in plans:
            continue
        now = _current(store.clients_dir / entry["file"], client_id)
        clients.append(
            {
                "client": entry["handle"],
                "now": counts(now),
                "backup": counts(plans[entry["file"]]),
                "same": now == plans[entry["file"]],
                "differences": differences(now, plans[entry["file"]]),
            }
        )
    sound = {e["id"] for e in wanted.values() if e["file"] in plans}
    return {
        "source": str(folder),
        "taken": taken(folder / "caseload.json"),
        "index_damaged": current is None,
        "added": sorted(wanted[i]["handle"] for i in (sound - present.keys())),
        "removed": sorted(present[i]["handle"] for i in present.keys() - wanted.keys()),
        "clients": clients,
        "unsound": unsound,
    }


def restore_all(store: Store, source: str) -> dict[str, Any]:
    """Bring the whole store back from a full backup. The store as it was is first copied
    whole to backups/full-<stamp>; a client not in the backup leaves the store only after.
    A plan the backup holds damaged is left out: the current one stays where it is, and is
    named (with the reason) in what is returned, as it is in the preview."""
    preview = preview_all(store, source)
    folder = Path(preview["source"])
    home = store.home
    kept_as = None
    if store_files(home):
        kept_as, _files, _unvouched = backup_store(
            home, _free_path(backups_dir(home) / f"full-{stamp()}-before-restore")
        )
    make_private_dir(home)
    make_private_dir(store.clients_dir)
    with FileLock(store.index_path.with_suffix(".lock"), exclusive=True):
        index_data, plans, unsound = _full_backup(folder)  # read again under the lock
        current = _current(store.index_path) if store.index_path.exists() else None
        present = {e["id"]: e for e in (current or {}).get("clients", {}).values()}
        heads: dict[str, dict[str, Any]] = {}
        lost = 0
        # Plans first and the index last, as when a client is added: the index never points
        # at a file that isn't there.
        for name, data in plans.items():
            target = store.clients_dir / name
            client_id = _client_id(data)
            entry = present.get(client_id) or {"id": client_id, "file": name}
            with FileLock(target.with_suffix(".lock"), exclusive=True):
                now = _current(target, client_id) if target.exists() else None
                carried = carry_history(store, data, folder, now, entry)
                write_atomically(target, data)
            heads[name] = carried["head"]
            lost += carried["lost"]
        table = index_data.setdefault("clients", {})
        for key, entry in list(table.items()):
            if entry["file"] in heads:
                entry["head"] = heads[entry["file"]]
            elif entry["id"] in present:
                table[key] = present[entry["id"]]  # damaged in the backup: the current stays
            else:
                del table[key]  # damaged in the backup and not in the store: nothing to list
        _carry_log(store, index_data, current, folder)
        write_atomically(store.index_path, index_data)
        listed = {entry["file"] for entry in table.values()}
        for extra in store.clients_dir.glob("*.json"):
            if extra.name not in listed:
                with FileLock(extra.with_suffix(".lock"), exclusive=True):
                    extra.unlink()  # it is in the copy made above
    for relative in (Path(settings_path(home).name), Path(LANGUAGE_FILE), *_templates(folder)):
        copy = folder / relative
        if copy.is_file():
            reason = check_copy(folder, relative, copy.read_bytes())
            if reason is None:
                _copy_locked(copy, home / relative)
            else:
                unsound.append({"client": None, "file": str(relative), "reason": reason})
    return {
        **preview,
        "unsound": unsound,
        "kept": str(kept_as) if kept_as else None,
        "history_lost": lost,
    }


def _carry_log(
    store: Store, index_data: dict[str, Any], current: dict[str, Any] | None, folder: Path
) -> None:
    """The caseload's log after a restore of the whole store: the current log goes on (or
    the longest a copy of the index holds, if the index can't be read), and one entry says
    the store was restored; entries of the backup's log it lacks are kept in that entry."""
    rows = (current or {}).get("log") or {}
    base = history.chain_entries(rows)
    candidates = [index_data] if current is not None else [index_data, *index_copies(store)]
    for copy in candidates:
        chain = history.chain_entries(copy.get("log"))
        if len(chain) > len(base) and history.extends(chain, base):
            rows, base = copy.get("log") or {}, chain
    seen = history.held(base)
    kept = [
        e
        for e in history.chain_entries(index_data.get("log"))
        if isinstance(e, dict) and e.get("hash") not in seen
    ]
    index_data["log"] = dict(rows)
    entry: dict[str, Any] = {
        "when": dates.now_iso(),
        "who": store.worker_name(),
        "what": "store-restored",
        "new": folder.name,
    }
    if kept:
        entry["kept"] = kept
    history.append_to_data(index_data, entry, "log")


def index_copies(store: Store) -> list[dict[str, Any]]:
    """Every copy of the caseload index kept in the store that opens, newest first: its
    daily backups, and the index of each finished full backup."""
    paths = copies(store.home, store.index_path.stem)
    folder = backups_dir(store.home)
    if folder.is_dir():
        fulls = [f / "caseload.json" for f in folder.glob("full-*") if not is_unfinished(f)]
        paths += sorted(
            (p for p in fulls if p.is_file()), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
    found = []
    for path in paths:
        try:
            found.append(read_plan_file(path))
        except (StoreDamaged, StoreTooNew):
            continue
    return found


def _templates(folder: Path) -> list[Path]:
    templates = folder / "templates"
    if not templates.is_dir():
        return []
    return [Path("templates") / p.name for p in sorted(templates.iterdir()) if p.is_file()]
