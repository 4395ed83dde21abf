"""`recovery doctor`: check every file of the store, and mend what can be mended safely.

Looking changes nothing (a read takes the file's shared lock, as any reader does). A repair
never destroys data: a damaged or stray file is moved to damaged/, the newest good copy in
backups/ is put in its place if there is one, a lost index is built again from its copies,
and a plan missing from the index is listed again. What needs a person's judgement (a plan
under another client's name) is only reported, and so is a change history or caseload log
whose hash chain is broken, or that ends before the head kept of it elsewhere (the caseload
index, the index's latest daily backup, each full backup, the plan's own newest copy): that
is evidence, and mending it
would hide what happened. A file written by a newer version of the program is not damage:
it is reported and never moved or replaced. Each file is looked at on its own, so one that
can't be read never stops the others from being examined.
"""

from __future__ import annotations

import contextlib
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from recoverytui.core import dates, history
from recoverytui.core.backup import (
    DEFAULT_KEPT,
    backups_dir,
    carry_history,
    daily_backups,
    index_copies,
    is_unfinished,
    latest_good,
    move_aside,
    take_daily,
    unfinished_backups,
)
from recoverytui.core.errors import PlanError, StoreDamaged, StoreKeyMissing, StoreTooNew
from recoverytui.core.history import verify_history
from recoverytui.core.i18n import LANGUAGE_FILE, _, ngettext, remembered
from recoverytui.core.settings import load_settings, read_settings, settings_path
from recoverytui.core.storage import (
    KEY_FILE,
    FileLock,
    key_mismatch,
    key_missing,
    new_plan_data,
    read_plan_file,
    write_atomically,
    write_bytes_atomically,
)
from recoverytui.core.store import INDEX_FIELDS, Store, _free_handle

# The caseload log's entry that says its earlier entries could not be recovered.
LOG_LOST = "log-lost"
# What --repair never changes: evidence, another program's file, a plan under another name.
LEFT_TO_A_PERSON = frozenset(
    {"history-broken", "log-lost", "newer-version", "wrong-id", "foreign-key"}
)


@dataclass
class Problem:
    # damaged, newer-version, index-missing, missing-file, not-in-index, wrong-id, temp-file,
    # history-broken, log-lost, unfinished-backup, not-encrypted, key-missing, foreign-key
    kind: str
    file: str  # relative to the store
    message: str
    repair: str | None = None  # what --repair did about it

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shared_lock(path: Path) -> FileLock | nullcontext[None]:
    """The file's shared lock, if a writer ever made one: looking creates no lock file.
    Without one no writer has touched it, and os.replace keeps reads whole anyway."""
    lock = path.with_suffix(".lock")
    return FileLock(lock, exclusive=False) if lock.exists() else nullcontext()


def _read(path: Path, *, one_client: bool = False) -> dict[str, Any]:
    with _shared_lock(path):
        return read_plan_file(path, one_client=one_client)


def _unreadable(file: str, error: StoreDamaged | StoreTooNew, handle: str | None = None) -> Problem:
    """A file that can't be used, named by the client it belongs to where the index says."""
    if isinstance(error, StoreTooNew):
        message = str(error)
        if handle:
            message = _(
                "The plan of {handle} ({file}) was written by a newer recoverytui (schema "
                "{schema}); this one can't open it."
            ).format(handle=handle, file=file, schema=error.schema)
        return Problem("newer-version", file, message)
    message = str(error)
    if handle and error.reason:
        message = _("The plan of {handle} ({file}) can't be read: {reason}.").format(
            handle=handle, file=file, reason=error.reason
        )
    return Problem("damaged", file, message)


def _client_doc(data: dict[str, Any]) -> dict[str, Any] | None:
    return next(iter(data.get("client", {}).values()), None)


def examine(store: Store) -> list[Problem]:
    """Every problem in the store, in plain words. Changes nothing."""
    home = store.home
    if not home.is_dir():
        return []
    problems: list[Problem] = []

    def rel(path: Path) -> str:
        return str(path.relative_to(home))

    plans = sorted(store.clients_dir.glob("*.json")) if store.clients_dir.is_dir() else []
    entries: list[dict[str, Any]] | None = []
    # Sealed files met without the key file: none of them can be told sound or damaged.
    locked = key_missing(home) or key_mismatch(home) is not None

    def sealed_otherwise(path: Path, error: StoreKeyMissing) -> None:
        # A file sealed with a key the store doesn't hold is not damage: never moved aside.
        if not locked:
            problems.append(Problem("foreign-key", rel(path), str(error)))

    if store.index_path.exists():
        try:
            index = _read(store.index_path)
        except StoreKeyMissing as error:
            sealed_otherwise(store.index_path, error)
            entries = None
        except (StoreDamaged, StoreTooNew) as error:
            problems.append(_unreadable(rel(store.index_path), error))
            entries = None
        else:
            entries = list(index.get("clients", {}).values())
            if where := verify_history(index, "log"):
                problems.append(_broken_log(rel(store.index_path), where))
            problems += _lost_log(rel(store.index_path), index)
    elif plans:
        problems.append(
            Problem(
                "index-missing",
                rel(store.index_path),
                _("The caseload index is missing, but client plans are there."),
            )
        )
    # Who each file belongs to, where the index can say: a problem names the client's handle.
    handles = {entry.get("file"): entry.get("handle") for entry in entries or ()}
    anchors = _anchors(store, entries)
    good: dict[str, dict[str, Any]] = {}
    for path in plans:
        try:
            data = _read(path, one_client=True)
        except StoreKeyMissing as error:
            sealed_otherwise(path, error)
            continue
        except (StoreDamaged, StoreTooNew) as error:
            problems.append(_unreadable(rel(path), error, handles.get(path.name)))
            continue
        doc = _client_doc(data)
        if doc is None or doc.get("id") != path.stem:
            # Another client's plan: its history says nothing about this client's.
            problems.append(_wrong_id(rel(path), handles.get(path.name)))
            continue
        handle = handles.get(path.name) or doc.get("handle")
        kept = anchors.get(path.stem, []) + _own_copy(store, path)
        if where := verify_history(data) or history.falls_short(data, kept):
            problems.append(_broken_history(rel(path), handle, where))
        good[path.name] = doc
    problems += _team_chains(store, entries or [], locked)
    if entries is not None:
        listed = {entry.get("file") for entry in entries}
        for entry in entries:
            if not (store.clients_dir / entry["file"]).exists():
                problems.append(
                    Problem(
                        "missing-file",
                        rel(store.clients_dir / entry["file"]),
                        _(
                            "The caseload lists {handle}, but the plan file {file} is missing."
                        ).format(handle=entry["handle"], file=entry["file"]),
                    )
                )
        for name, doc in good.items():
            if name not in listed:
                problems.append(
                    Problem(
                        "not-in-index",
                        rel(store.clients_dir / name),
                        _("The plan of {handle} ({file}) is not on the caseload list.").format(
                            handle=doc.get("handle"), file=name
                        ),
                    )
                )
    for temp, owner in _temp_files(store):
        # A temp file exists for a moment during every write; under the lock it is a leftover.
        with _shared_lock(owner):
            if temp.exists():
                problems.append(
                    Problem(
                        "temp-file",
                        rel(temp),
                        _("{file} is left over from a write that was cut short.").format(
                            file=rel(temp)
                        ),
                    )
                )
    for folder in unfinished_backups(home):
        problems.append(
            Problem(
                "unfinished-backup",
                rel(folder),
                _(
                    "{folder} is a backup that was cut short before it was finished; nothing "
                    "can be restored from it."
                ).format(folder=rel(folder)),
            )
        )
    if settings_path(home).exists():
        try:
            with _shared_lock(settings_path(home)):
                load_settings(home)
        except StoreKeyMissing as error:
            sealed_otherwise(settings_path(home), error)
        except StoreDamaged as error:
            problems.append(Problem("damaged", rel(settings_path(home)), str(error)))
    language = home / LANGUAGE_FILE
    if language.exists() and remembered(home) is None:
        problems.append(
            Problem(
                "damaged",
                LANGUAGE_FILE,
                _(
                    "The file {file}, which remembers the program's language, holds neither "
                    "nb nor en; the locale decides the language until it is mended."
                ).format(file=LANGUAGE_FILE),
            )
        )
    if store.encrypted:
        from recoverytui.core.crypto import plain_files

        for path in plain_files(home):
            problems.append(
                Problem(
                    "not-encrypted",
                    rel(path),
                    _("{file} is not encrypted, although the store is.").format(file=rel(path)),
                )
            )
    if locked:
        problems.insert(0, _key_missing(home))
    return problems


def _key_missing(home: Path) -> Problem:
    if (home / KEY_FILE).exists():
        message = _(
            "The store's key file, {key}, is not the one its files were encrypted with (an "
            "older copy, from before a change of passphrase, or another store's): no encrypted "
            "file can be opened, so none can be checked. Put the right {key} back and run the "
            "doctor again."
        )
    else:
        message = _(
            "The store is encrypted, but its key file, {key}, is missing: no encrypted file "
            "can be opened, so none can be checked. Put {key} back (a copy of the store or a "
            "full backup of it keeps one) and run the doctor again."
        )
    return Problem("key-missing", KEY_FILE, message.format(key=KEY_FILE))


def _anchors(
    store: Store, entries: list[dict[str, Any]] | None
) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """The heads of each plan's history kept outside it, by client id, with where each is
    kept: the caseload index, its newest daily backup that opens, each full backup."""
    sources: list[tuple[str, list[dict[str, Any]]]] = []
    if entries:
        sources.append((_("the caseload index"), entries))
    for day in daily_backups(store.home, store.index_path.stem):
        try:
            copy = read_plan_file(day)
        except (StoreDamaged, StoreTooNew, StoreKeyMissing):
            continue
        words = _("the caseload index's backup of {day}").format(day=day.stem)
        sources.append((words, list(copy.get("clients", {}).values())))
        break
    folder = backups_dir(store.home)
    fulls = sorted(folder.glob("full-*")) if folder.is_dir() else []
    for full in fulls:
        if is_unfinished(full) or not (full / "caseload.json").is_file():
            continue
        try:
            copy = read_plan_file(full / "caseload.json")
        except (StoreDamaged, StoreTooNew, StoreKeyMissing):
            continue  # a damaged backup is the backup's problem, not this plan's
        words = _("the full backup {folder}").format(folder=full.name)
        sources.append((words, list(copy.get("clients", {}).values())))
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for words, listed in sources:
        for entry in listed:
            head = history.valid_head(entry.get("head"))
            if head is not None and isinstance(entry.get("id"), str):
                found.setdefault(entry["id"], []).append((words, head))
    return found


def _own_copy(store: Store, path: Path) -> list[tuple[str, dict[str, Any]]]:
    """The head of the plan's newest copy in backups/ that opens: the plan as its last write
    left it, so it anchors the history even where every copy of the index has lost it."""
    try:
        found = latest_good(store.home, path.stem, path.stem)
    except StoreKeyMissing:
        return []
    head = history.head_of(found[1]) if found else None
    if found is None or head is None:
        return []
    words = _("its copy {file}").format(file=found[0].relative_to(store.home))
    return [(words, head)]


def _wrong_id(file: str, handle: str | None) -> Problem:
    if handle is None:
        message = _(
            "The plan file {file} holds a client whose id is not its name. "
            "It needs a person to look at it; the doctor leaves it as it is."
        ).format(file=file)
    else:
        message = _(
            "The plan file of {handle} ({file}) holds another client's plan. It needs a "
            "person to look at it; the doctor leaves it as it is. `recovery restore -c "
            "{handle} --from latest` brings back the newest copy of its own, if one is kept."
        ).format(handle=handle, file=file)
    return Problem("wrong-id", file, message)


def _team_chains(store: Store, entries: list[dict[str, Any]], locked: bool) -> list[Problem]:
    """In a team, the chain each colleague's laptop keeps of a plan, as this laptop holds
    it, is checked too."""
    from recoverytui.core.team.config import in_team

    if locked or not in_team(store.home):
        return []
    from recoverytui.core.team.manage import broken_chains

    handles = {entry.get("id"): entry.get("handle") for entry in entries}
    try:
        broken = broken_chains(store)
    except (PlanError, OSError):
        return []  # the team's settings can't be read: the doctor says what it can
    return [
        _broken_history(
            f"team/clients/{client}/h/{laptop}",
            handles.get(client),
            _("In the chain of another laptop: {where}").format(where=where),
        )
        for client, laptop, where in broken
    ]


def _broken_history(file: str, handle: str | None, where: str) -> Problem:
    handle = handle or file
    return Problem(
        "history-broken",
        file,
        _(
            "The change history of {handle} ({file}) has been altered. "
            "{where} The doctor leaves it as it is: it is a record of what happened."
        ).format(handle=handle, file=file, where=where),
    )


def _lost_log(file: str, index: dict[str, Any]) -> list[Problem]:
    return [
        Problem(
            "log-lost",
            file,
            _(
                "The caseload's log ({file}) was lost when the index was built again on "
                "{day}: no copy of it could be found. If clients were erased before then, "
                "the record of it is gone."
            ).format(file=file, day=str(entry.get("when"))[:10]),
        )
        for entry in history.chain_entries(index.get("log"))
        if isinstance(entry, dict) and entry.get("what") == LOG_LOST
    ]


def _broken_log(file: str, where: str) -> Problem:
    return Problem(
        "history-broken",
        file,
        _(
            "The caseload's log ({file}) has been altered. {where} "
            "The doctor leaves it as it is: it is a record of what happened."
        ).format(file=file, where=where),
    )


def _temp_files(store: Store) -> list[tuple[Path, Path]]:
    """Leftover temp files, each with the file whose lock guards it: in backups/<stem>/, a
    copy of a file is made under that file's lock."""
    found = []
    for folder in (store.home, store.clients_dir):
        if folder.is_dir():
            for temp in sorted(folder.glob(".*.json.tmp")):
                found.append((temp, folder / temp.name[1 : -len(".tmp")]))
    folder = backups_dir(store.home)
    for temp in sorted(folder.glob("*/.*.json.tmp")) if folder.is_dir() else []:
        stem = temp.parent.name
        if stem.startswith("full-"):
            continue  # a full backup cut short is reported whole
        plan = store.clients_dir / f"{stem}.json"
        found.append((temp, plan if plan.exists() else store.home / f"{stem}.json"))
    return found


def repair(store: Store) -> tuple[list[Problem], list[Problem]]:
    """Mend what can be mended safely. Returns what was found (with what was done about each)
    and what is still wrong afterwards."""
    found = examine(store)
    owners = dict(_temp_files(store))
    if any(problem.kind == "key-missing" for problem in found):
        # Whole sealed files would look damaged: moved aside, an index built again without
        # them, and later writes in plain text beside them.
        found[0].repair = _("Nothing was mended or moved while the key file is missing.")
        return found, found
    unrecovered: list[Problem] = []
    for problem in found:
        path = store.home / problem.file
        if problem.kind == "damaged" and path == settings_path(store.home):
            problem.repair = _settings_aside(store)
        elif problem.kind == "damaged" and path == store.home / LANGUAGE_FILE:
            with FileLock(path.with_suffix(".lock"), exclusive=True):
                aside = move_aside(store.home, path)
            problem.repair = _(
                "Moved aside to {file}. Choose the language again with `recovery language`."
            ).format(file=aside.relative_to(store.home))
        elif problem.kind == "damaged" and path == store.index_path:
            problem.repair = _rebuild_index(store, unrecovered)
        elif problem.kind == "damaged":
            problem.repair = _restore_damaged(store, path)
        elif problem.kind == "index-missing":
            problem.repair = _rebuild_index(store, unrecovered)
        elif problem.kind == "newer-version":
            problem.repair = _(
                "Left as it is: it is not damaged, a newer recoverytui wrote it. Update the "
                "program to open it."
            )
        elif problem.kind == "missing-file":
            problem.repair = _restore_missing(store, path)
        elif problem.kind == "not-encrypted":
            from recoverytui.core.crypto import seal_store

            seal_store(store.home)  # seals every plain file; each is done once
            problem.repair = _("Encrypted.")
        elif problem.kind == "history-broken":
            problem.repair = _(
                "Not mended: a history that has been altered is kept as it is, as evidence."
            )
        elif problem.kind == "log-lost":
            problem.repair = _("Not mended: what was lost can't be brought back.")
        elif problem.kind == "unfinished-backup":
            aside = move_aside(store.home, path)
            problem.repair = _("Moved aside to {file}.").format(file=aside.relative_to(store.home))
        elif problem.kind == "temp-file":
            owner = owners.get(path, path)
            with FileLock(owner.with_suffix(".lock"), exclusive=True):
                if path.exists():
                    aside = move_aside(store.home, path)
                    problem.repair = _("Moved aside to {file}.").format(
                        file=aside.relative_to(store.home)
                    )
    # Listing plans again comes last: a damaged index may just have been moved aside.
    listed = _list_again(store)
    for problem in found:
        note = None
        if problem.kind == "not-in-index" and problem.file in listed:
            note = _("Listed again on the caseload as {handle}.").format(
                handle=listed[problem.file]
            )
        elif listed and (
            problem.kind == "index-missing"
            or (problem.file == store.index_path.name and problem.kind == "damaged")
        ):
            note = _("Listed again on the caseload: {handles}.").format(
                handles=", ".join(listed.values())
            )
        if note:
            problem.repair = f"{problem.repair} {note}" if problem.repair else note
    left = examine(store)
    still = {(p.kind, p.file) for p in left}
    for problem in found:
        if (
            problem.kind == "not-in-index"
            and not problem.repair
            and ((problem.kind, problem.file) not in still)
        ):  # the index built again from its copy lists it
            problem.repair = _("It is on the caseload list built again.")
    return found, left + [p for p in unrecovered if p not in left]


def _entry_for(store: Store, client_id: str) -> dict[str, Any]:
    """A plan's index entry, for the head kept there; looked up before the plan is locked
    (the index is always locked first)."""
    try:
        return store.find_client(client_id)
    except PlanError:
        return {"id": client_id, "file": f"{client_id}.json"}


def _put_back(store: Store, path: Path, entry: dict[str, Any]) -> str | None:
    """Under the plan's lock: put its newest good copy in place, its history carried over.
    Returns the copy's name, or None if there is none."""
    good = latest_good(store.home, path.stem, path.stem)
    if good is None:
        return None
    backup, data = good
    carried = carry_history(store, data, backup, None, entry)
    write_atomically(path, data)
    entry["head"] = carried["head"]
    return backup.name


def _anchor_again(store: Store, entry: dict[str, Any]) -> None:
    if "head" in entry:
        # An index that can't be written now: the plan's next write anchors it.
        with contextlib.suppress(PlanError):
            store.anchor(entry["id"], entry["head"])


def _restore_damaged(store: Store, path: Path) -> str:
    entry = _entry_for(store, path.stem)
    with FileLock(path.with_suffix(".lock"), exclusive=True):
        try:
            read_plan_file(path, one_client=True)
            return _("It opens now; nothing was done.")
        except StoreTooNew:
            return _("A newer recoverytui has written it since; it has been left as it is.")
        except StoreDamaged:
            pass
        aside = move_aside(store.home, path)
        said = _("Moved aside to {file}.").format(file=aside.relative_to(store.home))
        copy = _put_back(store, path, entry)
    if copy is None:
        return said + " " + _("There was no good copy in backups/ to put in its place.")
    _anchor_again(store, entry)
    return (
        said
        + " "
        + _(
            "Put back the copy {copy}. Changes made after it was taken are not in it; "
            "the file moved aside may still hold them."
        ).format(copy=copy)
    )


def _settings_aside(store: Store) -> str:
    """The settings are moved aside and their newest good daily copy put back; without one
    the defaults apply, which the message spells out (the worker's name is set again with
    `recovery worker`)."""
    path = settings_path(store.home)
    with FileLock(path.with_suffix(".lock"), exclusive=True):
        try:
            load_settings(store.home)
            return _("It opens now; nothing was done.")
        except StoreDamaged:
            pass
        aside = move_aside(store.home, path)
        for copy in daily_backups(store.home, path.stem):
            try:
                read_settings(copy)
            except PlanError:
                continue
            write_bytes_atomically(path, copy.read_bytes())
            return _("Moved aside to {file}. Put back the copy {copy}.").format(
                file=aside.relative_to(store.home), copy=copy.relative_to(store.home)
            )
    return _(
        "Moved aside to {file}. The defaults apply now: the login name in the history until "
        "`recovery worker NAME` sets yours again, the first theme, {kept} daily backups of "
        "each file."
    ).format(file=aside.relative_to(store.home), kept=DEFAULT_KEPT)


def _restore_missing(store: Store, path: Path) -> str:
    entry = _entry_for(store, path.stem)
    with FileLock(path.with_suffix(".lock"), exclusive=True):
        if path.exists():
            return _("It is there now; nothing was done.")
        copy = _put_back(store, path, entry)
    if copy is None:
        return _(
            "There is no copy of it in backups/. Restore it from a full backup with "
            "`recovery restore`."
        )
    _anchor_again(store, entry)
    return _("Put back the copy {copy}.").format(copy=copy)


def _rebuild_index(store: Store, unrecovered: list[Problem]) -> str:
    """Build the caseload index again, moving a damaged one aside first: from the newest
    copy of it that opens, with the longest log any copy holds. With no copy at all, its
    log starts again with an entry saying what came before is lost, and the doctor goes on
    saying so (`unrecovered` gets the problem now)."""
    said = []
    with FileLock(store.index_path.with_suffix(".lock"), exclusive=True):
        if store.index_path.exists():
            try:
                read_plan_file(store.index_path)
                return _("It opens now; nothing was done.")
            except StoreTooNew:
                return _("A newer recoverytui has written it since; it has been left as it is.")
            except StoreDamaged:
                aside = move_aside(store.home, store.index_path)
                said.append(_("Moved aside to {file}.").format(file=aside.relative_to(store.home)))
        found = index_copies(store)
        if found:
            index = found[0]
            _mirror_plans(store, index)
            logs = [history.chain_entries(copy.get("log")) for copy in found]
            whole = [log for log in logs if history.verify_chain(log) is None] or logs
            longest = max(whole, key=len)
            index["log"] = {str(n): entry for n, entry in enumerate(longest, 1)}
            if longest:
                history.keep_head(index, longest[-1], "log")
            said.append(
                ngettext(
                    "Built again from the newest copy of it, with the caseload's log "
                    "({count} entry).",
                    "Built again from the newest copy of it, with the caseload's log "
                    "({count} entries).",
                    len(longest),
                ).format(count=len(longest))
            )
        else:
            index = new_plan_data()
            entry = {"when": dates.now_iso(), "who": store.worker_name(), "what": LOG_LOST}
            history.append_to_data(index, entry, "log")
            said.append(
                _(
                    "Built again from the plans. No copy of it was found, so the caseload's "
                    "log (the record of erasures) could not be recovered."
                )
            )
            unrecovered += _lost_log(store.index_path.name, index)
        write_atomically(store.index_path, index)
    return " ".join(said)


def _mirror_plans(store: Store, index: dict[str, Any]) -> None:
    """An index from a copy says what the plans said then: take each entry's fields (not
    the handle, nor the head kept of its history) from its plan as it is now."""
    for entry in index.get("clients", {}).values():
        try:
            doc = _client_doc(_read(store.clients_dir / entry["file"], one_client=True))
        except (StoreDamaged, StoreTooNew):
            continue  # missing, damaged or newer: the doctor names it as such
        if doc is not None and doc.get("id") == entry.get("id"):
            entry.update({k: doc.get(k) for k in INDEX_FIELDS if k not in ("id", "handle")})


def _list_again(store: Store) -> dict[str, str]:
    """Put plans that open but are not on the caseload list back on it: the handle each
    got, by its file as the doctor names it (clients/<id>.json)."""
    if not store.clients_dir.is_dir():
        return {}
    with FileLock(store.index_path.with_suffix(".lock"), exclusive=True):
        if store.index_path.exists():
            try:
                index = read_plan_file(store.index_path)
            except (StoreDamaged, StoreTooNew):
                return {}  # moved aside only by a repair; never written over
        else:
            index = new_plan_data()
        table = index.setdefault("clients", {})
        listed = {entry.get("file") for entry in table.values()}
        taken = {entry.get("handle") for entry in table.values()}
        added: dict[str, str] = {}
        next_key = max((int(key) for key in table), default=0) + 1
        for path in sorted(store.clients_dir.glob("*.json")):
            if path.name in listed:
                continue
            try:
                data = _read(path, one_client=True)
            except (StoreDamaged, StoreTooNew):
                continue
            doc = _client_doc(data)
            if doc is None or doc.get("id") != path.stem:
                continue
            entry: dict[str, Any] = {key: doc.get(key) for key in INDEX_FIELDS}
            if head := history.index_head(data):
                entry["head"] = head
            if entry["handle"] in taken:
                entry["handle"] = _free_handle(doc["name"], taken)
            entry["file"] = path.name
            table[str(next_key)] = entry
            taken.add(entry["handle"])
            added[str(path.relative_to(store.home))] = entry["handle"]
            next_key += 1
        if added:
            if store.index_path.exists():
                take_daily(store.home, store.index_path)
            write_atomically(store.index_path, index)
    return added
