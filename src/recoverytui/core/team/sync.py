"""`recovery sync`: send what this laptop wrote, take in what colleagues wrote.

The team repository first (workers, shares, erasures), then each client shared with this
worker: the fetches side by side, then each plan merged in turn. A client erased anywhere
is erased here and never sent again; a client no longer shared with this worker leaves
this laptop. Nothing here runs while someone types: the CLI runs it when asked, the session
on opening and closing.
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import Query

from recoverytui.core import dates, due, history, storage
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _
from recoverytui.core.storage import file_of, new_plan_data
from recoverytui.core.store import INDEX_FIELDS, Store, _file_name, _free_handle, _transaction
from recoverytui.core.team import config as team_config
from recoverytui.core.team import git, replica
from recoverytui.core.team.config import Config, synced_times
from recoverytui.core.team.roster import Roster

ROUNDS = 5
FETCHES = 8


@dataclass
class Report:
    sent: list[dict[str, Any]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    unreached: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "received": self.received,
            "conflicts": self.conflicts,
            "removed": self.removed,
            "unreached": self.unreached,
        }


class Team:
    """This laptop's team: its settings, its clones and its store."""

    def __init__(self, store: Store, config: Config | None = None) -> None:
        self.store = store
        self.config = config or team_config.load(store.home)
        self.folder = self.config.folder
        self.repo = git.Repo(self.folder / "team", self.config.laptop)
        self.roster = Roster(self.repo.path, self.config)

    def clone_of(self, client: str) -> git.Repo:
        return git.Repo(self.folder / "clients" / client, self.config.laptop)

    def state_file(self, client: str) -> Path:
        return self.folder / "state" / f"{client}.json"

    def client_url(self, client: str) -> str:
        return git.url(self.config.remote, git.client_repo(client))

    # The team repository -------------------------------------------------------------------

    def pull_team(self) -> None:
        self.repo.settle()
        self.repo.fetch()
        self.repo.merge_remote()

    def push_team(self) -> None:
        """Commit and send the team repository's changes, merging a colleague's first."""
        self.repo.commit_all()
        for _round in range(ROUNDS):
            if not self.repo.ahead() or self.repo.push():
                return
            self.repo.fetch()
            self.repo.merge_remote()
        raise git.GitFailed(_("The team's server kept moving on; try the sync again."))

    def take_team_key(self) -> None:
        if self.config.team_secret is None:
            secret = self.roster.unwrap_team_key()
            if secret is not None:
                self.config.team_secret = secret
                self.config.save()

    # Sync -------------------------------------------------------------------------------------

    def sync(self, only: str | None = None) -> Report:
        report = Report()
        with team_config.sync_lock(self.store.home):
            self.pull_team()
            self.take_team_key()
            self.roster.admit()
            erased = self.roster.erased()
            entries = {e["id"]: e for e in self.store.entries(include_archived=True)}
            for client in sorted(erased):
                self._erased(client, entries, report)
            shares = self.roster.shares()
            mine = {c for c, seen_by in shares.items() if self.config.worker_id in seen_by}
            clones = self._clones()
            for client in clones:
                if client not in mine and client not in erased:
                    self._remove_here(client, entries.pop(client, None), "unshared", report)
            for client in entries:
                # Only a plan that never travelled: one with a clone here was shared once,
                # and one no longer shared with this worker must not come back.
                if client not in shares and client not in clones:
                    self._publish(client)
                    mine.add(client)
            self.push_team()
            targets = sorted(mine - erased)
            if only is not None:  # one plan (a session's); gone if it was erased or unshared
                targets = [client for client in targets if client == only]
            reached = self._fetch_all(targets, report)
            for client in targets:
                if client in reached:
                    self._sync_client(client, report)
            self._keep_synced_times(reached)
        return report

    def _clones(self) -> list[str]:
        base = self.folder / "clients"
        return (
            sorted(p.name for p in base.iterdir() if not p.name.startswith("."))
            if base.is_dir()
            else []
        )

    def _handle(self, client: str, entry: dict[str, Any] | None = None) -> str:
        if entry is None:
            with suppress(PlanError):
                entry = self.store.find_client(client)
        return entry["handle"] if entry else client

    def _erased(self, client: str, entries: dict[str, dict[str, Any]], report: Report) -> None:
        entry = entries.pop(client, None)
        if entry is not None or self.clone_of(client).path.exists():
            self._remove_here(client, entry, "erased", report)
        # The repository on the server goes too, where this laptop can reach it.
        with suppress(PlanError, OSError):
            git.remove_bare(self.config.remote, git.client_repo(client))

    def _remove_here(
        self, client: str, entry: dict[str, Any] | None, why: str, report: Report
    ) -> None:
        from recoverytui.core import erase

        handle = self._handle(client, entry)
        if entry is not None:
            erase.erase(self.store, client, entry["handle"])
        shutil.rmtree(self.clone_of(client).path, ignore_errors=True)
        self.state_file(client).unlink(missing_ok=True)
        report.removed.append({"client": handle, "why": why})

    def _publish(self, client: str) -> None:
        """A client first made on this laptop gets a repository, and a key of their own."""
        git.make_bare(self.config.remote, git.client_repo(client), self.config.laptop)
        clone = self.clone_of(client)
        if not clone.exists():
            clone.clone(self.client_url(client))
        clone.settle()
        if not replica.epochs(clone.path, self.config):
            replica.new_epoch(clone.path, self.config, self.roster.publics({self.config.worker_id}))
            clone.commit_all()
        self.roster.share(client, self.config.worker_id)

    def _fetch_all(self, clients: list[str], report: Report) -> set[str]:
        def fetch(client: str) -> tuple[str, str | None]:
            clone = self.clone_of(client)
            try:
                if clone.exists():
                    clone.settle()
                    clone.fetch()
                else:
                    clone.clone(self.client_url(client))
            except (PlanError, OSError) as error:
                return client, team_config.problem(error)
            return client, None

        reached = set()
        with ThreadPoolExecutor(max_workers=FETCHES) as pool:
            for client, problem in pool.map(fetch, clients):
                if problem is None:
                    reached.add(client)
                else:
                    report.unreached.append({"client": self._handle(client), "why": problem})
        return reached

    def _sync_client(self, client: str, report: Report) -> None:
        try:
            _ClientSync(self, client, report).run()
        except (PlanError, OSError) as error:
            report.unreached.append(
                {"client": self._handle(client), "why": team_config.problem(error)}
            )

    def _keep_synced_times(self, clients: set[str]) -> None:
        file = self.folder / "synced.json"
        times = synced_times(self.store.home)
        now = dates.now_iso()
        times.update({client: now for client in clients})
        storage.write_bytes_atomically(file, json.dumps(times).encode())


class _Again(Exception):
    """The plan was written while the sync worked: go round again."""


class _ClientSync:
    def __init__(self, team: Team, client: str, report: Report) -> None:
        self.team = team
        self.store = team.store
        self.config = team.config
        self.client = client
        self.report = report
        self.clone = team.clone_of(client)
        self.state_file = team.state_file(client)
        self.stamp: list[int] | None = None  # of the plan file as this sync last wrote it

    def entry(self) -> dict[str, Any] | None:
        try:
            return self.store.find_client(self.client)
        except PlanError:
            return None

    def unchanged(self, state: replica.State) -> bool:
        """Nothing written here since the last sync and nothing new on the server: the plan
        file's stamp, this clone's commit and the server's are as that sync left them, and no
        choice between versions waits. Most clients at most syncs; the sync then has nothing
        to send, take in or record."""
        if state.imported is None or state.conflicts:
            return False
        if any(base.get("resolve") for base in state.base.values()):
            return False
        entry = self.entry()
        path = self.store.clients_dir / entry["file"] if entry else None
        if path is None or not path.exists() or due.stamp(path) != state.stamp:
            return False
        head, theirs = self.clone.heads()
        return head == state.imported and theirs == head

    def run(self) -> None:
        state = replica.State.load(self.state_file)
        if self.unchanged(state):
            return
        found = replica.epochs(self.clone.path, self.config)
        secrets = [e.secret for e in found if e.secret]
        latest = replica.current(found)
        if latest is None or latest.secret is None:
            raise PlanError(_("This worker has no key to the plan yet."))
        sent = replica.Sent()
        exported = False
        got = 0
        conflicts: dict[str, list[list[Any]]] = {}
        for _round in range(ROUNDS):
            entry = self.entry()
            path = self.store.clients_dir / entry["file"] if entry else None
            stamp = due.stamp(path) if path and path.exists() else None
            resolving = any(base.get("resolve") for base in state.base.values())
            if entry is not None and (stamp != state.stamp or resolving):
                with self.store._plan_of(entry, write=False, anchored=True) as plan:
                    data = file_of(plan._db).read()
                    stamp = due.stamp(path) if path else None
                more = replica.export(
                    self.clone.path, self.config, data, state, latest.public, secrets
                )
                sent.versions += more.versions
                sent.entries += more.entries
                if not (more.versions or more.entries):
                    state.stamp = stamp  # written, but nothing that travels changed
                exported = True
            if exported:  # else the files are the last commit's: the fetch settled them
                self.clone.commit_all()
            self.clone.merge_remote()
            if self.clone.head() != state.imported:
                try:
                    state, taken, conflicts = self._take_in(
                        entry, stamp, state, secrets, latest.public
                    )
                except _Again:
                    continue
                got += taken
            if self.clone.ahead() and not self.clone.push():
                self.clone.fetch()
                continue
            break
        else:
            raise PlanError(_("The plan kept changing while it synced; try again."))
        state.synced = dates.now_iso()
        state.save(self.state_file)
        handle = self.team._handle(self.client)
        if sent.versions or sent.entries:
            self.report.sent.append(
                {"client": handle, "documents": sent.versions, "history": sent.entries}
            )
        if got:
            self.report.received.append({"client": handle, "documents": got})
        numbers = self._numbers() if state.conflicts else {}
        for doc_id, groups in sorted(state.conflicts.items()):
            shown = conflicts.get(doc_id, [[]])[0]
            table = state.base.get(doc_id, {}).get("table")
            number = (shown[0].doc or {}).get("number") if shown else numbers.get(doc_id)
            self.report.conflicts.append(
                {
                    "client": handle,
                    "document": doc_id,
                    "table": table,
                    "number": number,
                    "versions": len(groups),
                }
            )

    def _numbers(self) -> dict[str, Any]:
        """The short number of each document of the plan, by id (for a conflict a sync
        before this one found)."""
        entry = self.entry()
        if entry is None:
            return {}
        with self.store._plan_of(entry, write=False, anchored=False) as plan:
            data = file_of(plan._db).read()
        return {
            str(doc.get("id")): doc.get("number")
            for table, rows in data.items()
            if table not in replica.NOT_SYNCED and isinstance(rows, dict)
            for doc in rows.values()
            if isinstance(doc, dict)
        }

    def _take_in(
        self,
        entry: dict[str, Any] | None,
        stamp: list[int] | None,
        state: replica.State,
        secrets: list[str],
        public: str,
    ) -> tuple[replica.State, int, dict[str, list[list[Any]]]]:
        paths = self.clone.changed_since(state.imported)
        doc_ids = replica.doc_ids_changed(paths, self.clone.path)
        if entry is None:
            return self._take_in_new(state, doc_ids, secrets, public)
        path = self.store.clients_dir / entry["file"]
        with _transaction(
            path,
            write=True,
            before_write=self.store._before_write,
            owner=self.client,
            after_write=self._written,
        ) as db:
            plan_file = file_of(db)
            if due.stamp(path) != stamp:
                raise _Again  # someone wrote the plan since it was read for sending
            taken = replica.take_in(
                self.clone.path, self.config, plan_file.read(), state, doc_ids, secrets
            )
            self._write(db, taken, entry.get("head"), public)
        return self._after(taken)

    def _take_in_new(
        self, state: replica.State, doc_ids: list[str], secrets: list[str], public: str
    ) -> tuple[replica.State, int, dict[str, list[list[Any]]]]:
        taken = replica.take_in(self.clone.path, self.config, None, state, doc_ids, secrets)
        clients = list((taken.data.get("client") or {}).values())
        if len(clients) != 1 or clients[0].get("id") != self.client:
            raise PlanError(_("The client's repository does not hold their plan yet."))
        client = clients[0]
        with self.store._index(write=True) as index:
            assert index is not None
            # A laptop's first plan may come by sync: the index is written before the plan,
            # so a kill between leaves a plan not yet listed, never plans without an index.
            file_of(index).commit()
            table = index.table("clients")
            taken_handles = {row["handle"] for row in table.all()}
            handle = client.get("handle") or ""
            if handle in taken_handles or not handle:
                handle = _free_handle(client["name"], taken_handles)
            path = self.store.client_path(self.client)
            with _transaction(
                path,
                write=True,
                on_missing=new_plan_data,
                before_write=self.store._before_write,
                after_write=self._written,
            ) as db:
                self._write(db, taken, None, public)
            row = {key: client.get(key) for key in INDEX_FIELDS}
            row["handle"] = handle
            row["file"] = _file_name(client)
            head = history.head_of(taken.data)
            if head is not None:
                row["head"] = history.index_head(taken.data)
            table.remove(Query().id == self.client)
            table.insert(row)
        return self._after(taken)

    def _written(self, path: Path) -> None:
        """Still under the plan's lock: the stamp of the file just written, so that a write
        by another program right after it is never taken for this sync's own."""
        self.store._after_write(path)
        self.stamp = due.stamp(path)

    def _write(
        self, db: Any, taken: replica.Taken, floor: dict[str, Any] | None, public: str
    ) -> None:
        """The merged plan, checked as any plan read from disk is, and in the history what
        the merge rules changed (a renumbered goal), as this worker's entries."""
        plan_file = file_of(db)
        raw = json.dumps(taken.data).encode()
        storage.parse_plan(raw, Path(f"{self.client}.json"), one_client=True)
        # What the merge made is committed before the plan holds it: a sync killed after the
        # plan's write finds the plan's documents in the repository and sends none again.
        for version in taken.to_send:
            replica.write_version(self.clone.path, public, version)
        if taken.to_send:
            self.clone.commit_all()
        plan_file.write(taken.data)
        recorded = history.record(
            db.table("history"),
            taken.before_rules,
            taken.data,
            who=self.store.worker_name,
            when=dates.now_iso(),
            floor=floor,
        )
        if recorded:
            history.keep_head(plan_file.read(), recorded[-1])

    def _after(self, taken: replica.Taken) -> tuple[replica.State, int, dict[str, list[list[Any]]]]:
        state = taken.state
        state.imported = self.clone.head()
        state.stamp = self.stamp
        state.save(self.state_file)  # after the plan (see _write)
        client = next(iter((taken.data.get("client") or {}).values()), None)
        if client is not None:
            with suppress(PlanError):
                head = history.index_head(taken.data) if history.head_of(taken.data) else None
                self.store.mirror_in_index(client, head)
        return state, taken.received, taken.conflicts
