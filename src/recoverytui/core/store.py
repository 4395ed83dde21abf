"""The store: a caseload index plus one TinyDB file per client, in $RECOVERY_HOME.

    $RECOVERY_HOME/caseload.json        handles, display names, which file (0600)
    $RECOVERY_HOME/clients/<id>.json    one client's whole plan (0600)

A command opens the index to find the client and then that client's file only, so its cost
does not grow with the caseload, and a shared-screen session never reads another plan.
Nothing is cached between transactions: the TUI and the CLI may run at the same time.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import Query, TinyDB

from recoverytui.core import dates, due, text
from recoverytui.core.errors import (
    InvalidInput,
    NotFound,
    PlanError,
    StoreDamaged,
    StoreTooNew,
    StoreUnusable,
)
from recoverytui.core.i18n import _
from recoverytui.core.plan import Plan
from recoverytui.core.plan_base import new_id
from recoverytui.core.schema import HANDLE
from recoverytui.core.storage import (
    PlanFile,
    check_unlocked,
    file_of,
    is_encrypted,
    make_private_dir,
    new_plan_data,
)

if TYPE_CHECKING:
    from recoverytui.core.templates import Templates

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "þ": "th", "ð": "d"})
# The index mirrors these fields of each client document; a change to one updates both.
INDEX_FIELDS = ("id", "handle", "name", "coordinator", "archived", "created", "updated", "revision")


def default_home() -> Path:
    """$RECOVERY_HOME, or the user's data directory for this program."""
    configured = os.environ.get("RECOVERY_HOME")
    home = _user_data_home() if configured is None else _configured_home(configured)
    check_folder(home)
    return home


def _configured_home(configured: str) -> Path:
    if not configured.strip():
        # A script that meant a store of its own must not reach the real caseload.
        raise StoreUnusable(
            _(
                "$RECOVERY_HOME is set but empty. Set it to the store's folder, or unset it "
                "to use the usual one."
            )
        )
    try:
        # Made absolute once, so a later change of folder can't point it elsewhere.
        return Path(configured).expanduser().absolute()
    except (RuntimeError, OSError):  # ~name of nobody known, or a folder since removed
        raise StoreUnusable(
            _("$RECOVERY_HOME={home} can't be read as a folder. Give a full path.").format(
                home=configured
            )
        ) from None


def _user_data_home() -> Path:
    import platformdirs

    try:
        home = platformdirs.user_data_path("recoverytui", appauthor=False)
    except (RuntimeError, KeyError, OSError):  # no $HOME, and the user has no home folder
        home = None
    if home is None or not home.is_absolute():
        raise StoreUnusable(
            _(
                "There is no home folder to keep the store in. Set $RECOVERY_HOME to the "
                "store's folder."
            )
        )
    return home


def check_folder(home: Path) -> None:
    """Refuse a store folder that is a file: nothing could be read or kept there."""
    with suppress(OSError):  # a folder that can't be looked into is said where it's used
        if home.exists() and not home.is_dir():
            raise StoreUnusable(
                _("The data folder {home} is a file, not a folder. Check $RECOVERY_HOME.").format(
                    home=home
                )
            )


@contextmanager
def _transaction(
    path: Path,
    *,
    write: bool,
    on_missing: Callable[[], dict[str, Any]] | None = None,
    before_write: Callable[[Path, int | None], None] | None = None,
    history_by: Callable[[], str] | None = None,
    owner: str | None = None,
    floor: dict[str, Any] | None = None,
    on_head: Callable[[dict[str, Any], dict[str, Any] | None], None] | None = None,
    after_write: Callable[[Path], None] | None = None,
) -> Iterator[TinyDB]:
    """One transaction on one file. For a client's plan, `owner` is the client's id (the
    file must hold that client) and `history_by` says who is making the change: what
    changed is then kept in the plan's history, in the same write. `floor` is the history's
    head as kept outside the file; `on_head` is told the new head, and what is due in the
    plan as written (`due.record`, stamped under the lock with the file written), once the
    file is written and unlocked. `after_write` is called, still under the lock, once the
    file has been written."""
    db = TinyDB(
        path,
        write=write,
        on_missing=on_missing,
        before_write=before_write,
        owner=owner,
        storage=PlanFile,
    )
    plan_file = file_of(db)
    head = None
    kept_due = None
    try:
        yield db
        if write:
            # PlanFile is dirty once TinyDB wrote to it; nothing written, nothing to record.
            if history_by is not None and plan_file.dirty:
                from recoverytui.core import history  # only when a plan changes

                after = plan_file.read()
                recorded = history.record(
                    db.table("history"),
                    plan_file.original(),
                    after,
                    who=history_by,
                    when=dates.now_iso(),
                    floor=floor,
                )
                if recorded:
                    history.keep_head(after, recorded[-1])
                    head = history.index_head(after)
            wrote = plan_file.dirty
            plan_file.commit()
            if wrote and after_write is not None:
                after_write(path)
            if head is not None and owner is not None and on_head is not None:
                # Still under the lock: the stamp is the stamp of the file just written.
                kept_due = due.record(plan_file.read(), path)
    finally:
        plan_file.close()
    if head is not None and on_head is not None:
        on_head(head, kept_due)


class Store:
    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home) if home else default_home()
        self._templates: Templates | None = None
        # Who the change history names: read once per Store, and only when a plan changes.
        self.worker_name: Callable[[], str] = cache(self._worker_name)
        # What a person should know although the command did its work (settings that can't
        # be read). Each is said once, through on_warning: the CLI prints it on stderr, the
        # TUI shows it.
        self.warnings: list[str] = []
        self.on_warning: Callable[[str], None] | None = None

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            if self.on_warning is not None:
                self.on_warning(message)

    def _settings_damaged(self) -> bool:
        """Whether the settings can't be read; the first time, the person is told."""
        from recoverytui.core.settings import load_settings

        try:
            load_settings(self.home)
        except StoreDamaged as error:
            self.warn(
                _(
                    "{problem} Until it is mended, changes are recorded as made by an unknown "
                    "worker and no daily backup is deleted."
                ).format(problem=error)
            )
            return True
        return False

    def _worker_name(self) -> str:
        """Who the history names: the worker's name from the settings, else the login name;
        "unknown" while the settings can't be read (not the login: the name set may differ)."""
        from recoverytui.core.history import worker_name

        if self._settings_damaged():
            return "unknown"
        return worker_name(self.home)

    def _before_write(self, path: Path, older: int | None) -> None:
        """Under the file's lock, before it is replaced: the day's backup, and the file as it
        was if this write migrates it from an `older` schema."""
        from recoverytui.core.backup import keep_older_schema, take_daily

        self._settings_damaged()  # said before anything is written; pruning waits for it
        take_daily(self.home, path)
        if older is not None:
            keep_older_schema(self.home, path, older)

    def _after_write(self, path: Path) -> None:
        """Under a plan's lock, once it is written: keep it as written among the copies of
        its last writes."""
        from recoverytui.core.backup import keep_recent

        keep_recent(self.home, path)

    def templates(self) -> Templates:
        """The checklist and ladder templates; read once per Store, warnings kept on them."""
        if self._templates is None:
            from recoverytui.core.templates import load  # read only when a client is added

            self._templates = load(self.home)
        return self._templates

    @property
    def encrypted(self) -> bool:
        return is_encrypted(self.home)

    @property
    def index_path(self) -> Path:
        return self.home / "caseload.json"

    @property
    def clients_dir(self) -> Path:
        return self.home / "clients"

    def client_path(self, client_id: str) -> Path:
        return self.clients_dir / f"{client_id}.json"

    # The caseload index ----------------------------------------------------------------

    @contextmanager
    def _index(self, *, write: bool) -> Iterator[TinyDB | None]:
        """The index, or None where there is no store yet (reading creates nothing)."""
        check_folder(self.home)
        check_unlocked(self.home)
        if not write and not self.index_path.exists() and not any(self.clients_dir.glob("*.json")):
            # Nothing committed yet. Plans without an index are looked at under the lock,
            # since the first `client add` may be between its two writes.
            yield None
            return
        if write:
            make_private_dir(self.home)
            make_private_dir(self.clients_dir)
        with _transaction(
            self.index_path,
            write=write,
            on_missing=self._fresh_index,
            before_write=self._before_write,
        ) as db:
            yield db

    def _fresh_index(self) -> dict[str, Any]:
        """Called under the index lock when there is no index: new, unless plans are there."""
        if any(self.clients_dir.glob("*.json")):
            raise StoreDamaged(
                _(
                    "The caseload index {file} is missing, but client plans are there. "
                    "Nothing has been changed; `recovery doctor --repair` builds it again."
                ).format(file=self.index_path)
            )
        return new_plan_data()

    def clients(self, *, include_archived: bool = False) -> list[dict[str, Any]]:
        with self._index(write=False) as db:
            if db is None:
                return []
            # The history's head is the store's bookkeeping, not the client's.
            rows = [
                {k: v for k, v in doc.items() if k not in ("head", "due")}
                for doc in db.table("clients")
            ]
        rows = [row for row in rows if include_archived or not row.get("archived")]
        return sorted(rows, key=lambda row: row["handle"])

    def entries(self, *, include_archived: bool = False) -> list[dict[str, Any]]:
        """The index entries whole, with the history's head and the summary of what is due
        kept with them (`due`, see core/due.py), for `read_due`."""
        with self._index(write=False) as db:
            if db is None:
                return []
            rows = [dict(doc) for doc in db.table("clients")]
        rows = [row for row in rows if include_archived or not row.get("archived")]
        return sorted(rows, key=lambda row: row["handle"])

    def read_due(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Read one plan (an index entry's) for what is due in it, stamped with its file."""
        path = self.clients_dir / entry["file"]
        with self._plan_of(entry, write=False, anchored=True) as plan:
            return due.record(plan.data(), path)  # under the plan's lock: this very file

    def keep_due(self, records: dict[str, dict[str, Any]]) -> None:
        """Keep summaries read by `read_due` in the index, by client id, each only while its
        plan file is still the one it was read from (a writer may have come between). Only
        time is lost when the index can't be written just now (busy, read-only, a full
        disk): the plans are read again next time."""
        with suppress(PlanError, OSError), self._index(write=True) as db:
            assert db is not None
            table = db.table("clients")
            for doc in table.all():
                kept = records.get(doc["id"])
                if kept is None or doc.get("due") == kept:
                    continue
                try:
                    if due.stamp(self.clients_dir / doc["file"]) != kept["stat"]:
                        continue
                except OSError:
                    continue
                table.update({"due": kept}, doc_ids=[doc.doc_id])

    def find_client(self, ref: str | None) -> dict[str, Any]:
        """The index entry for a handle or id; NotFound names only what was asked for. A
        handle may be typed as the name is written: `bjørn` finds `bjorn`."""
        wanted = (ref or "").strip()
        if not wanted:
            raise InvalidInput(_("Say which client with -c HANDLE (or set $RECOVERY_CLIENT)."))
        with self._index(write=False) as db:
            found = None
            if db is not None:
                entry = Query()
                found = db.table("clients").get(
                    (entry.handle == wanted.lower())
                    | (entry.id == wanted)
                    | (entry.handle == as_handle(wanted))
                )
        if found is None:
            raise NotFound(
                _("There is no client with the handle or id {ref}.").format(ref=repr(wanted))
            )
        return dict(found)

    def add_client(
        self,
        name: str,
        *,
        handle: str | None = None,
        coordinator: str | None = None,
        demo: bool = False,
    ) -> dict[str, Any]:
        """Register a client and create their plan file. Returns the client document."""
        name = text.clean(name, _("name"), max_len=text.NAME_MAX)
        coordinator = text.optional(coordinator, _("coordinator"), max_len=text.NAME_MAX)
        wanted = _check_handle(handle) if handle is not None else None
        stamp = dates.now_iso()
        client: dict[str, Any] = {
            "id": new_id(),
            "name": name,
            "handle": "",
            "coordinator": coordinator,
            "plan_start": None,
            "plan_end": None,
            "revise_by": None,
            "revisions": [],
            "archived": False,
            "demo": demo,
            "voice": "worker",
            "created": stamp,
            "updated": stamp,
            "revision": 1,
        }
        try:
            self._register(client, wanted)
        except BaseException:
            # The index was not written (a full disk, say): the new plan, which nothing
            # lists, goes too, so "nothing was changed" is true and a retry makes no twin.
            # Where even that fails, the first error is the one to tell.
            with suppress(OSError):
                self.client_path(client["id"]).unlink(missing_ok=True)
            raise
        return client

    def _register(self, client: dict[str, Any], wanted: str | None) -> None:
        with self._index(write=True) as db:
            assert db is not None
            table = db.table("clients")
            taken = {row["handle"] for row in table.all()}
            if wanted is not None and wanted in taken:
                raise InvalidInput(
                    _("The handle {handle} is taken; choose another with --handle.").format(
                        handle=wanted
                    )
                )
            client["handle"] = wanted or _free_handle(client["name"], taken)
            heads: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
            # The plan file first: if we are stopped in between, the index never points at
            # a file that isn't there.
            with _transaction(
                self.client_path(client["id"]),
                write=True,
                on_missing=new_plan_data,
                before_write=self._before_write,
                history_by=self.worker_name,
                owner=client["id"],
                on_head=lambda head, kept: heads.append((head, kept)),
            ) as plan_db:
                plan = Plan(plan_db, client["id"])
                plan.init_client(client)
                for domain in self.templates().domains.values():
                    if not domain.extra:
                        plan.add_domain(domain, voice="worker")
            entry: dict[str, Any] = {key: client[key] for key in INDEX_FIELDS}
            entry["file"] = _file_name(client)
            if heads:
                head, kept = heads[-1]
                entry["head"] = head
                if kept is not None:
                    entry["due"] = kept
            table.insert(entry)

    # One client's plan -------------------------------------------------------------------

    def plan_file(self, ref: str | None) -> Path:
        """Where one client's plan lives, so a screen can notice when another program wrote it."""
        return self.clients_dir / self.find_client(ref)["file"]

    @contextmanager
    def plan(
        self, ref: str | None, *, write: bool = False, anchored: bool = True
    ) -> Iterator[Plan]:
        """Open one client's plan for one transaction. On an exception nothing is written.
        A plan that can't be opened is said to be the client's (by handle), not a file's.

        A write keeps the history's new head in the client's index entry too, after the plan
        is written and unlocked (the index is always locked before a plan, never after): a
        history cut off or deleted with its head in the plan file still shows. A plan whose
        history falls short of that head lost what it held (its tables emptied, entries cut
        off): it is damage, neither shown as it is nor written to, so that no write pushes
        the last good copies out of backups/. `anchored=False` opens it all the same, for
        the history command, which says where it falls short."""
        with self._plan_of(self.find_client(ref), write=write, anchored=anchored) as plan:
            yield plan

    @contextmanager
    def _plan_of(self, entry: dict[str, Any], *, write: bool, anchored: bool) -> Iterator[Plan]:
        """`plan()` for an index entry already read."""
        path = self.clients_dir / entry["file"]
        with ExitStack() as stack:
            try:
                db = stack.enter_context(
                    _transaction(
                        path,
                        write=write,
                        before_write=self._before_write,
                        history_by=self.worker_name,
                        owner=entry["id"],
                        floor=entry.get("head"),
                        on_head=partial(self._anchor_after_write, entry["id"]),
                        after_write=self._after_write,
                    )
                )
            except (StoreDamaged, StoreTooNew) as error:
                raise _plan_problem(error, entry["handle"], path) from None
            if anchored:
                _check_anchored(file_of(db).read(), entry, path)
            yield Plan(db, entry["id"], (entry.get("head") or {}).get("counters"))

    def anchor(
        self, client_id: str, head: dict[str, Any], kept_due: dict[str, Any] | None = None
    ) -> None:
        """Keep a plan's history head (and its counters) in its index entry, and with it
        what is due in the plan as written (`kept_due`, see core/due.py). It only moves
        on: a writer that finished first but anchors last leaves the newer head in place.
        A writer stopped before this leaves the index a step behind, which is no harm: the
        history still holds the entry the index anchors, and the summary kept no longer
        fits the plan's file, so the caseload reads the plan again."""
        with self._index(write=True) as db:
            assert db is not None
            table = db.table("clients")
            doc = table.get(Query().id == client_id)
            if doc is None:
                return  # erased meanwhile
            kept = doc.get("head")
            if isinstance(kept, dict) and _number(kept.get("seq")) >= head["seq"]:
                return
            fields: dict[str, Any] = {"head": head}
            if kept_due is not None:
                fields["due"] = kept_due
                # The coordinator moves with the plan's participants (core/individual_plan.py).
                fields["coordinator"] = kept_due["coordinator"]
            table.update(fields, doc_ids=[doc.doc_id])

    def _anchor_after_write(
        self, client_id: str, head: dict[str, Any], kept_due: dict[str, Any] | None = None
    ) -> None:
        # The plan is written: the command has done what it was asked. An index that can't
        # take the head just now (busy, a full disk) stays a step behind, which is no harm.
        with suppress(PlanError):
            self.anchor(client_id, head, kept_due)

    def mirror_in_index(self, client: dict[str, Any], head: dict[str, Any] | None = None) -> None:
        """Copy a client document's index fields into its index entry (after a restore),
        and the plan's new history head. The handle stays as the index has it: another
        client may have taken it since."""
        with self._index(write=True) as db:
            assert db is not None
            fields = {key: client[key] for key in INDEX_FIELDS if key not in ("id", "handle")}
            if head is not None:
                fields["head"] = head
            db.table("clients").update(fields, Query().id == client["id"])

    def set_archived(self, ref: str | None, archived: bool) -> dict[str, Any]:
        """Archive a client when follow-up ends (hidden from the caseload, nothing deleted),
        or bring them back. The client document changes first (a new revision), then its
        index entry. Setting what is already set writes nothing, except to mend an index
        entry left behind by a run that was stopped in between. Returns the document."""
        entry = self.find_client(ref)
        with self.plan(entry["id"], write=True) as plan:
            doc = plan._db.table("client").get(Query().id == entry["id"])
            if doc is None:
                raise NotFound(_("This plan file does not hold the client it should."))
            if bool(doc.get("archived")) == archived:
                client = dict(doc)
            else:
                client = plan._update("client", doc, {"archived": archived}, None)
        mirrored = [key for key in INDEX_FIELDS if key not in ("id", "handle")]
        if any(entry.get(key) != client.get(key) for key in mirrored):
            self.mirror_in_index(client)
        return client


def _number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _check_anchored(data: dict[str, Any], entry: dict[str, Any], path: Path) -> None:
    from recoverytui.core import history  # only where the index keeps a head

    head = history.valid_head(entry.get("head"))
    if head is None or history.holds(history.chain_entries(data.get("history")), head):
        return
    raise StoreDamaged(
        _(
            "The plan of {handle} has lost what it held: its change history no longer holds "
            "entry {seq}, which the caseload index says it reached. Nothing was shown or "
            "written, and the file {file} has been left exactly as it was; `recovery restore "
            "-c {handle} --from latest` puts back the newest copy."
        ).format(handle=entry["handle"], seq=head["seq"], file=path),
        path=path,
        reason=_("its change history no longer holds entry {seq}").format(seq=head["seq"]),
    )


def _plan_problem(
    error: StoreDamaged | StoreTooNew, handle: str, path: Path
) -> StoreDamaged | StoreTooNew:
    """The refusal of a client's plan file, naming the client by handle (never by name: it
    may be shown on a shared screen) and then the file."""
    if isinstance(error, StoreTooNew):
        return StoreTooNew(
            _(
                "The plan of {handle} was written by a newer recoverytui (schema {schema}). "
                "Please update the program; the file {file} has been left as it is."
            ).format(handle=handle, schema=error.schema, file=path),
            path=path,
            schema=error.schema,
        )
    if error.reason is None:
        return error
    return StoreDamaged(
        _(
            "The plan of {handle} can't be read: {reason}. The file {file} has been left "
            "exactly as it was; `recovery doctor` says what can be mended."
        ).format(handle=handle, reason=error.reason, file=path),
        path=path,
        reason=error.reason,
    )


def _file_name(client: dict[str, Any]) -> str:
    return f"{client['id']}.json"


def _check_handle(handle: str) -> str:
    word = handle.strip().lower()
    if not HANDLE.fullmatch(word):
        raise InvalidInput(
            _(
                "A handle is 1–24 lowercase letters, digits or hyphens, like 'kari' or 'ola-2'; "
                "{handle} is not."
            ).format(handle=repr(handle))
        )
    return word


def as_handle(words: str) -> str:
    """Words as a handle is written: 'Bjørn' → 'bjorn', 'Åse Li' → 'ase-li' ('' if none of
    it is left)."""
    folded = unicodedata.normalize("NFKD", words.lower().translate(_FOLD))
    ascii_only = "".join(ch for ch in folded if ch.isascii())
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def _free_handle(name: str, taken: set[str]) -> str:
    first_word = name.split()[0]  # a first name is enough to tell clients apart
    base = as_handle(first_word)[:16].strip("-") or "client"
    handle, n = base, 2
    while handle in taken:
        handle, n = f"{base}-{n}", n + 1
    return handle
