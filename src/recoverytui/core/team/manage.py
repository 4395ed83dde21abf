"""Starting a team, joining it, sharing a client with a colleague and ending that, choosing
between two laptops' versions of a document, and erasing a client team-wide."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from recoverytui.core import fields
from recoverytui.core.errors import InvalidInput, NotFound, PlanError
from recoverytui.core.i18n import _
from recoverytui.core.storage import file_of
from recoverytui.core.store import Store
from recoverytui.core.team import config as team_config
from recoverytui.core.team import git, keys, merge, replica
from recoverytui.core.team.config import Config
from recoverytui.core.team.sync import Report, Team


def _new_config(store: Store, remote: str, name: str) -> Config:
    team_config.check_encrypted(store.home)
    if team_config.in_team(store.home):
        raise InvalidInput(_("This store is part of a team already."))
    secret, public = keys.new_pair()
    if not remote.strip():
        raise InvalidInput(_("Say where the team's repositories are: a folder, or an ssh:// URL."))
    remote = git.check_remote(remote)
    if git.is_local(remote):
        remote = str(git.local_path(remote).expanduser().resolve())
    return Config(
        home=store.home,
        remote=remote,
        laptop=team_config.new_short_id(),
        worker_id=team_config.new_short_id(),
        worker_name=fields.worker_name(name),
        secret=secret,
        public=public,
    )


def _name_history(store: Store, config: Config) -> None:
    """The history names the worker as the team knows them, unless a name is set already."""
    from recoverytui.core.settings import load_settings, save_setting

    if not load_settings(store.home).get("worker"):
        save_setting(store.home, "worker", config.worker_name)


def init(store: Store, remote: str, name: str, recovery_key: str | None = None) -> Config:
    """Make this store the first of a team: the team repository on the server, the team's
    key, and this worker in it. The store's clients go to the server at the first sync."""
    config = _new_config(store, remote, name)
    git.make_bare(config.remote, "team.git", config.laptop)
    team = Team(store, config)
    with team_config.sync_lock(store.home):
        team.repo.clone(git.url(config.remote, "team.git"))
        if (team.repo.path / "team.pub").exists():
            shutil.rmtree(team.repo.path)
            raise InvalidInput(
                _("There is a team at {remote} already; join it with `recovery team join`.").format(
                    remote=config.remote
                )
            )
        team_secret, team_public = keys.new_pair()
        (team.repo.path / "team.pub").write_text(team_public + "\n")
        if recovery_key:
            (team.repo.path / "recovery.pub").write_text(keys.check_public(recovery_key) + "\n")
        config.team_secret = team_secret
        team.roster.add_worker(config.worker_id, config.public, config.worker_name)
        team.roster.admit()
        config.save()
        team.push_team()
    _name_history(store, config)
    return config


def join(store: Store, remote: str, name: str, guest: bool = False) -> Config:
    """Join a team: this worker's public key goes into the team repository. A colleague's
    next sync lets this laptop read the workers' names."""
    config = _new_config(store, remote, name)
    team = Team(store, config)
    with team_config.sync_lock(store.home):
        try:
            team.repo.clone(git.url(config.remote, "team.git"))
        except git.GitFailed as error:
            shutil.rmtree(config.folder)  # a refused join leaves the store as it was
            raise InvalidInput(
                _("There is no team at {remote}: {words}").format(
                    remote=config.remote, words=error.words
                )
            ) from None
        if not (team.repo.path / "team.pub").exists():
            shutil.rmtree(config.folder)
            raise InvalidInput(_("There is no team at {remote}.").format(remote=config.remote))
        team.roster.add_worker(config.worker_id, config.public, config.worker_name, guest)
        config.save()
        team.push_team()
    _name_history(store, config)
    return config


@dataclass
class Shared:
    client: dict[str, Any]
    worker: str
    guest: bool
    consents: list[dict[str, Any]]  # the client's consent ledger, for sharing with a guest
    report: Report


def share(store: Store, ref: str | None, worker_name: str) -> Shared:
    """Let a colleague see a client: their key gets a wrapping of every key of the plan."""
    team = Team(store)
    entry = store.find_client(ref)
    with team_config.sync_lock(store.home):
        team.pull_team()
        worker = team.roster.find(worker_name)
        clone = team.clone_of(entry["id"])
        if not clone.exists():
            raise InvalidInput(_("Sync once first, so that the plan is on the team's server."))
        clone.settle()
        clone.fetch()
        clone.merge_remote()
        found = replica.epochs(clone.path, team.config)
        if not any(e.secret for e in found):
            raise InvalidInput(_("This worker has no key to the plan yet."))
        for epoch in found:
            if epoch.secret is not None and worker.id not in epoch.workers:
                replica.wrap(clone.path, team.config, epoch, worker.id, worker.public)
        clone.commit_all()
        team.roster.share(entry["id"], worker.id)
        team.push_team()
    report = team.sync(only=entry["id"])
    consents = _consents(store, entry["id"]) if worker.guest else []
    return Shared(entry, worker.name or worker.id, worker.guest, consents, report)


def unshare(store: Store, ref: str | None, worker_name: str) -> Shared:
    """A colleague no longer sees a client: their wrappings go, and the plan gets a new key
    for what is written from now on. What they synced before stays on their laptop until
    their next sync, which removes it."""
    team = Team(store)
    entry = store.find_client(ref)
    with team_config.sync_lock(store.home):
        team.pull_team()
        worker = team.roster.find(worker_name)
        shares = team.roster.shares().get(entry["id"], set())
        if worker.id not in shares:
            raise InvalidInput(
                _("The client is not shared with {name}.").format(name=worker.name or worker.id)
            )
        staying = shares - {worker.id}
        if not staying:
            raise InvalidInput(
                _("This is the only worker who sees the client; share with another first.")
            )
        clone = team.clone_of(entry["id"])
        clone.settle()
        clone.fetch()
        clone.merge_remote()
        replica.unwrap(clone.path, worker.id)
        replica.new_epoch(clone.path, team.config, team.roster.publics(staying))
        clone.commit_all()
        team.roster.unshare(entry["id"], worker.id)
        team.push_team()
    report = team.sync(only=entry["id"])
    return Shared(entry, worker.name or worker.id, worker.guest, [], report)


def _consents(store: Store, client: str) -> list[dict[str, Any]]:
    with store.plan(client) as plan:
        return plan.consents()


@dataclass
class Erased:
    registered: bool  # the team's register of erased clients holds the client now
    removed_on_server: bool  # their repository on the server is deleted


def erase_everywhere(store: Store, client: str, erase_here: Callable[[], Any]) -> Erased | None:
    """Erase a client here (`erase_here`) and on the team: their id goes on the team's
    register of erased clients first (committed here, so no sync of this laptop takes the
    plan in again even if the erasure is cut short), then their repository on the server and
    the clone here are deleted. Every laptop erases the client at its next sync, and the
    register keeps an offline laptop from sending them back. None outside a team. What
    can't be reached now is said: the register is sent at the next sync."""
    if not team_config.in_team(store.home):
        erase_here()
        return None
    team = Team(store)
    with team_config.sync_lock(store.home):
        team.repo.settle()
        team.roster.erase(client)
        team.repo.commit_all()
        erase_here()
        try:
            team.repo.fetch()
            team.repo.merge_remote()
            team.push_team()
            registered = True
        except (PlanError, OSError):
            registered = False  # committed here: sent at the next sync
        try:
            removed = git.remove_bare(team.config.remote, git.client_repo(client))
        except (PlanError, OSError):
            removed = False
        shutil.rmtree(team.clone_of(client).path, ignore_errors=True)
        team.state_file(client).unlink(missing_ok=True)
    return Erased(registered, removed)


# Conflicts -------------------------------------------------------------------------------------


@dataclass
class Choice:
    number: int
    doc: dict[str, Any] | None
    laptop: str
    worker: str
    at: str
    mine: bool
    shown: bool


@dataclass
class Conflict:
    doc_id: str
    table: str
    choices: list[Choice]

    @property
    def number(self) -> Any:
        """The document's short number (goal 3), from the first version that has one."""
        return next((c.doc["number"] for c in self.choices if c.doc and "number" in c.doc), None)


def conflicts(store: Store, ref: str | None) -> tuple[dict[str, Any], list[Conflict]]:
    team = Team(store)
    entry = store.find_client(ref)
    state = replica.State.load(team.state_file(entry["id"]))
    if not state.conflicts:
        return entry, []
    clone = team.clone_of(entry["id"])
    secrets = [e.secret for e in replica.epochs(clone.path, team.config) if e.secret]
    names = {w.id: w.name or w.id for w in team.roster.workers().values()}
    found = []
    for doc_id, groups in sorted(state.conflicts.items()):
        versions = replica.read_versions(clone.path, doc_id, secrets)
        choices = []
        for number, group in enumerate(groups, start=1):
            version = versions[group[-1]]
            mine = any(versions[v].laptop == team.config.laptop for v in group if v in versions)
            choices.append(
                Choice(
                    number,
                    version.doc,
                    version.laptop,
                    names.get(version.worker, version.worker),
                    version.at,
                    mine,
                    number == 1,
                )
            )
        table = state.base.get(doc_id, {}).get("table") or next(iter(versions.values())).table
        found.append(Conflict(doc_id, table, choices))
    return entry, found


def keep(store: Store, ref: str | None, which: str, document: str | None = None) -> list[Conflict]:
    """Choose one version of each conflicting document (or of `document` only): `mine`,
    `theirs` or a version's number. The plan then holds it, the history says this worker
    chose it, and the next sync sends it as standing on every version, which ends the
    conflict on every laptop."""
    entry, found = conflicts(store, ref)
    if document is not None:
        found = [c for c in found if c.doc_id == document or str(c.number) == document]
        if not found:
            raise NotFound(_("There is no conflict over {what}.").format(what=repr(document)))
    if not found:
        raise InvalidInput(_("The plan has no conflicts to resolve."))
    chosen = {c.doc_id: _choose(c, which) for c in found}
    team = Team(store)
    with team_config.sync_lock(store.home):
        state = replica.State.load(team.state_file(entry["id"]))
        with store.plan(entry["id"], write=True) as plan:
            plan_file = file_of(plan._db)
            data = plan_file.read()
            kept = {c.doc_id: _put(data, c, chosen[c.doc_id]) for c in found}
            plan_file.write(data)
        for conflict in found:
            doc = kept[conflict.doc_id]
            state.base[conflict.doc_id] = {
                "heads": [v for group in state.conflicts.pop(conflict.doc_id, []) for v in group],
                "digest": merge.digest(doc) if doc else None,
                "table": conflict.table,
                "resolve": True,
            }
        state.stamp = None  # the plan changed: the next sync looks at it
        state.save(team.state_file(entry["id"]))
    return found


def _put(data: dict[str, Any], conflict: Conflict, choice: Choice) -> dict[str, Any] | None:
    """The chosen version in the plan's data, with a revision above every version's, so a
    screen holding any of them sees it changed; what the plan now holds."""
    rows = data.setdefault(conflict.table, {})
    key = next((k for k, d in rows.items() if d.get("id") == conflict.doc_id), None)
    if choice.doc is None:
        if key is not None:
            del rows[key]
        return None
    held = [rows.get(key) if key else None, *(c.doc for c in conflict.choices)]
    doc = {**choice.doc, "revision": max(merge.revision_of(d) for d in held) + 1}
    rows[key or str(max((int(k) for k in rows if k.isdigit()), default=0) + 1)] = doc
    return doc


def _choose(conflict: Conflict, which: str) -> Choice:
    if which == "mine":
        mine = [c for c in conflict.choices if c.mine]
        if not mine:
            raise InvalidInput(
                _("None of the versions was written on this laptop; choose by number.")
            )
        return mine[-1]
    if which == "theirs":
        theirs = [c for c in conflict.choices if not c.mine]
        if len(theirs) != 1:
            raise InvalidInput(_("More than one version came from colleagues; choose by number."))
        return theirs[0]
    number = which.strip()
    for choice in conflict.choices:
        if str(choice.number) == number:
            return choice
    raise InvalidInput(
        _("Choose mine, theirs or a version's number (1 to {n}).").format(n=len(conflict.choices))
    )


def history_chains(store: Store, ref: str | None) -> tuple[str, dict[str, dict[str, Any]]]:
    """This laptop's id, and every laptop's history chain of a client as the repository
    holds them (this laptop's own as last sent: the plan holds it whole)."""
    team = Team(store)
    entry = store.find_client(ref)
    clone = team.clone_of(entry["id"])
    secrets = [e.secret for e in replica.epochs(clone.path, team.config) if e.secret]
    return team.config.laptop, replica.chains(clone.path, secrets)


def broken_chains(store: Store) -> list[tuple[str, str, str]]:
    """Each laptop's history chain of each client this laptop holds, checked on its own:
    (client id, laptop, where it breaks) for every chain that doesn't verify."""
    from recoverytui.core.history import verify_chain

    team = Team(store)
    found = []
    base = team.folder / "clients"
    for clone in sorted(base.iterdir()) if base.is_dir() else []:
        if clone.name.startswith("."):
            continue
        secrets = [e.secret for e in replica.epochs(clone, team.config) if e.secret]
        for laptop, chain in replica.chains(clone, secrets).items():
            if where := verify_chain(chain["entries"]):
                found.append((clone.name, laptop, where))
    return found


def workers(store: Store) -> list[dict[str, Any]]:
    team = Team(store)
    with team_config.sync_lock(store.home):
        team.pull_team()
        team.take_team_key()
    handles = {e["id"]: e["handle"] for e in store.entries(include_archived=True)}
    rows = []
    for worker in team.roster.workers().values():
        rows.append(
            {
                "id": worker.id,
                "name": worker.name,
                "public_key": worker.public,
                "me": worker.id == team.config.worker_id,
                "guest": worker.guest,
                "clients": sorted(handles.get(c, c) for c in worker.clients),
            }
        )
    return sorted(rows, key=lambda row: (row["name"] or "", row["id"]))
