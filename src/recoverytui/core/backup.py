"""Backups: a copy of each store file before its first write of the day, a copy of the whole
store, and bringing one client or the whole store back from either.

    $RECOVERY_HOME/backups/<file-stem>/<YYYY-MM-DD>.json   a file as it was before that day's
                                                          first write; the last N kept
    $RECOVERY_HOME/backups/full-<stamp>/                   `recovery backup`: the whole store
    $RECOVERY_HOME/damaged/<name>.<stamp>                  files moved aside, never deleted

Plan commands never read these folders. Every file is written like the plans: 0600 in 0700
folders, temp file, fsync, rename.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recoverytui.core import dates, history
from recoverytui.core.errors import InvalidInput, NotFound, StoreDamaged, StoreTooNew
from recoverytui.core.i18n import _
from recoverytui.core.settings import load_settings, settings_path
from recoverytui.core.storage import (
    KEY_FILE,
    FileLock,
    make_private_dir,
    read_plan_file,
    write_atomically,
    write_bytes_atomically,
)

if TYPE_CHECKING:
    from recoverytui.core.store import Store

DEFAULT_KEPT = 14
# What a restore counts to show how a plan would change.
COUNTED = ("goals", "dreams", "checkins", "areas", "needs", "reviews")
_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")


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


def _free_path(path: Path) -> Path:
    """`path`, or path-2, path-3… if something is there already: nothing is overwritten."""
    candidate, n = path, 2
    while candidate.exists():
        candidate, n = path.with_name(f"{path.name}-{n}"), n + 1
    return candidate


# Daily backups -----------------------------------------------------------------------------


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
    make_private_dir(backups_dir(home))
    make_private_dir(folder)
    write_bytes_atomically(target, payload)
    try:
        keep = kept(home)
    except StoreDamaged:
        return target  # how many to keep can't be read: none is deleted until it can
    _prune(folder, keep)
    return target


def keep_older_schema(home: Path, path: Path, schema: int) -> Path | None:
    """Keep a file of an older schema as it is, before its first write migrates it:
    backups/<stem>/schema-<n>-<stamp>.json, never pruned. Called under the file's
    exclusive lock, after the store has read and checked it."""
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        return None
    folder = backups_dir(home) / path.stem
    make_private_dir(backups_dir(home))
    make_private_dir(folder)
    target = _free_path(folder / f"schema-{schema}-{stamp()}.json")
    write_bytes_atomically(target, payload)
    return target


def daily_backups(home: Path, stem: str) -> list[Path]:
    """A file's daily backups, newest first."""
    folder = backups_dir(home) / stem
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _DAY_FILE.fullmatch(p.name)), reverse=True)


def _prune(folder: Path, keep: int) -> None:
    days = sorted((p for p in folder.iterdir() if _DAY_FILE.fullmatch(p.name)), reverse=True)
    for old in days[keep:]:
        old.unlink(missing_ok=True)


def latest_good_daily(home: Path, stem: str, client_id: str | None) -> tuple[Path, Any] | None:
    """The newest daily backup that opens as a plan (of this client, if one is named)."""
    for candidate in daily_backups(home, stem):
        try:
            data = read_plan_file(candidate)
        except (StoreDamaged, StoreTooNew):  # a newer program's copy is no good to this one
            continue
        if client_id is None or _client_id(data) == client_id:
            return candidate, data
    return None


# Moving aside ------------------------------------------------------------------------------


def move_aside(home: Path, path: Path) -> Path:
    """Move a file into damaged/ under a new name; the caller holds its exclusive lock."""
    make_private_dir(home)
    make_private_dir(damaged_dir(home))
    target = _free_path(damaged_dir(home) / f"{path.name.lstrip('.')}.{stamp()}")
    os.replace(path, target)
    return target


def _keep_before_restore(home: Path, path: Path) -> Path | None:
    """The current file, kept before a restore replaces it: a good one among its backups,
    a damaged one moved to damaged/."""
    if not path.exists():
        return None
    try:
        data = read_plan_file(path)
    except StoreDamaged:
        return move_aside(home, path)
    folder = backups_dir(home) / path.stem
    make_private_dir(backups_dir(home))
    make_private_dir(folder)
    target = _free_path(folder / f"before-restore-{stamp()}.json")
    write_atomically(target, data)
    return target


# The whole store ---------------------------------------------------------------------------


def store_files(home: Path) -> list[Path]:
    """The store's files, relative to home: index, key file (if encrypted), plans, settings,
    templates. Not backups, not printouts, not lock or temp files."""
    found = [Path(name) for name in ("caseload.json", KEY_FILE) if (home / name).is_file()]
    clients = home / "clients"
    if clients.is_dir():
        found += [Path("clients") / p.name for p in sorted(clients.glob("*.json"))]
    if settings_path(home).is_file():
        found.append(Path(settings_path(home).name))
    templates = home / "templates"
    if templates.is_dir():
        found += [
            Path("templates") / p.name
            for p in sorted(templates.iterdir())
            if p.is_file() and not p.name.startswith(".")
        ]
    return found


def _copy_locked(source: Path, target: Path) -> None:
    """Copy a file under its shared lock, so the copy is never of a half-done write."""
    make_private_dir(target.parent)
    if source.suffix == ".json":
        with FileLock(source.with_suffix(".lock"), exclusive=False):
            payload = source.read_bytes()
    else:
        payload = source.read_bytes()
    # Sealed files are copied sealed; the key file and the templates stay as they are.
    data_file = source.suffix == ".json" and source.name != KEY_FILE
    write_bytes_atomically(target, payload, seal=data_file)


def backup_store(home: Path, dest: Path | None = None) -> tuple[Path, list[Path]]:
    """Copy the whole store into `dest` (default backups/full-<stamp>). Returns where and what."""
    files = store_files(home)
    if not files:
        raise InvalidInput(_("There is no store to back up in {home}.").format(home=home))
    if dest is None:
        make_private_dir(home)
        make_private_dir(backups_dir(home))
        dest = _free_path(backups_dir(home) / f"full-{stamp()}")
    dest = dest.expanduser().absolute()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InvalidInput(
            _("{dest} is already there and not an empty folder; choose a new one.").format(
                dest=dest
            )
        )
    make_private_dir(dest)
    os.chmod(dest, 0o700)  # an empty folder the user made may be open to others
    for relative in files:
        _copy_locked(home / relative, dest / relative)
    return dest, files


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


def _current(path: Path) -> dict[str, Any] | None:
    try:
        return read_plan_file(path)
    except StoreDamaged:
        return None


def _client_source(store: Store, entry: dict[str, Any], source: str) -> Path:
    """A backup file, a full backup folder, or a day's daily backup, as given to --from."""
    path = Path(source).expanduser()
    if path.is_dir():
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
    try:
        day = dates.parse_date(source, past=True)
    except InvalidInput as error:
        raise InvalidInput(
            _("{source} is neither a backup file, a backup folder nor a date ({reason}).").format(
                source=repr(source), reason=str(error).rstrip(".")
            )
        ) from None
    stem = Path(entry["file"]).stem
    daily = backups_dir(store.home) / stem / f"{day.isoformat()}.json"
    if not daily.is_file():
        kept_days = ", ".join(p.stem for p in daily_backups(store.home, stem)) or _("none")
        raise NotFound(
            _("There is no daily backup of {handle} from {day}. Days kept: {days}.").format(
                handle=entry["handle"], day=day.isoformat(), days=kept_days
            )
        )
    return daily


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
    now = _current(store.clients_dir / entry["file"])
    return {
        "client": entry["handle"],
        "source": str(path),
        "now": counts(now),
        "backup": counts(data),
        "same": now == data,
    }


def restore_client(store: Store, ref: str | None, source: str) -> dict[str, Any]:
    """Bring one client's plan back from a backup, keeping the current file first."""
    preview = preview_client(store, ref, source)
    entry = store.find_client(ref)
    target = store.clients_dir / entry["file"]
    with FileLock(target.with_suffix(".lock"), exclusive=True):
        data = read_plan_file(Path(preview["source"]))  # read again: it is used as it is now
        note_restore(store, data, Path(preview["source"]), _current(target))
        kept_as = _keep_before_restore(store.home, target)
        write_atomically(target, data)
    client = next(iter(data.get("client", {}).values()))
    store.mirror_in_index(client)
    return {**preview, "kept": str(kept_as) if kept_as else None}


def note_restore(
    store: Store, data: dict[str, Any], source: Path, now: dict[str, Any] | None
) -> None:
    """Add to the plan's change history that it was brought back from `source`: the file's
    name, or the full backup's folder name (a full path may name the person's own folders).

    The history goes on from the plan as it is `now`, so the changes a restore undoes stay
    in it: a history only grows. Only a plan that can't be read gives up its history."""
    if now is not None and now.get("history"):
        data["history"] = now["history"]
    if source.is_file() and source.parent.name == "clients":
        source = source.parent.parent  # a plan inside a full backup
    entry = history.restored_entry(
        source=source.name, who=store.worker_name(), when=dates.now_iso()
    )
    history.append_to_data(data, entry)


def _full_backup(folder: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A full backup's index and plans (by file name), each checked; raises StoreDamaged."""
    index = folder / "caseload.json"
    if not folder.is_dir() or not index.is_file():
        raise InvalidInput(
            _("{folder} is not a backup of the whole store (made by `recovery backup`).").format(
                folder=folder
            )
        )
    index_data = read_plan_file(index)
    plans: dict[str, dict[str, Any]] = {}
    for entry in index_data.get("clients", {}).values():
        data = read_plan_file(folder / "clients" / entry["file"])
        if _client_id(data) != entry["id"]:
            raise InvalidInput(
                _("In the backup, {file} holds another client's plan than the index says.").format(
                    file=folder / "clients" / entry["file"]
                )
            )
        plans[entry["file"]] = data
    return index_data, plans


def preview_all(store: Store, source: str) -> dict[str, Any]:
    """What restoring the whole store from a full backup would change; touches nothing."""
    folder = Path(source).expanduser().absolute()
    index_data, plans = _full_backup(folder)
    wanted = {e["id"]: e for e in index_data.get("clients", {}).values()}
    current = _current(store.index_path) if store.index_path.exists() else {}
    present = {e["id"]: e for e in (current or {}).get("clients", {}).values()}
    for client_id in present.keys() - wanted.keys():  # a newer program's plan never leaves
        _current(store.clients_dir / present[client_id]["file"])
    clients = []
    for client_id in sorted(wanted.keys() & present.keys(), key=lambda i: wanted[i]["handle"]):
        entry = wanted[client_id]
        now = _current(store.clients_dir / entry["file"])
        clients.append(
            {
                "client": entry["handle"],
                "now": counts(now),
                "backup": counts(plans[entry["file"]]),
                "same": now == plans[entry["file"]],
            }
        )
    return {
        "source": str(folder),
        "index_damaged": current is None,
        "added": sorted(wanted[i]["handle"] for i in wanted.keys() - present.keys()),
        "removed": sorted(present[i]["handle"] for i in present.keys() - wanted.keys()),
        "clients": clients,
    }


def restore_all(store: Store, source: str) -> dict[str, Any]:
    """Bring the whole store back from a full backup. The store as it was is first copied
    whole to backups/full-<stamp>; a client not in the backup leaves the store only after."""
    preview = preview_all(store, source)
    folder = Path(preview["source"])
    home = store.home
    kept_as = None
    if store_files(home):
        kept_as, _files = backup_store(
            home, _free_path(backups_dir(home) / f"full-{stamp()}-before-restore")
        )
    make_private_dir(home)
    make_private_dir(store.clients_dir)
    with FileLock(store.index_path.with_suffix(".lock"), exclusive=True):
        index_data, plans = _full_backup(folder)  # read again under the lock
        # Plans first and the index last, as when a client is added: the index never points
        # at a file that isn't there.
        for name, data in plans.items():
            target = store.clients_dir / name
            with FileLock(target.with_suffix(".lock"), exclusive=True):
                note_restore(store, data, folder, _current(target) if target.exists() else None)
                write_atomically(target, data)
        write_atomically(store.index_path, index_data)
        for extra in store.clients_dir.glob("*.json"):
            if extra.name not in plans:
                with FileLock(extra.with_suffix(".lock"), exclusive=True):
                    extra.unlink()  # it is in the copy made above
    for relative in (Path(settings_path(home).name), *_templates(folder)):
        if (folder / relative).is_file():
            _copy_locked(folder / relative, home / relative)
    return {**preview, "kept": str(kept_as) if kept_as else None}


def _templates(folder: Path) -> list[Path]:
    templates = folder / "templates"
    if not templates.is_dir():
        return []
    return [Path("templates") / p.name for p in sorted(templates.iterdir()) if p.is_file()]
