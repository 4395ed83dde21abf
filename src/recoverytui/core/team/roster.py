"""The team repository: who the workers are and which client each may see.

    team.pub                     the team's public key
    recovery.pub                 the team's recovery key, if the team keeps one
    workers/<worker>.pub         a worker's public key
    workers/<worker>.age         the worker's name, encrypted to the team's key and their own
    team-key/<worker>.<laptop>.age   the team's secret key, wrapped to one worker by a colleague
    shares/<client>/<worker>     the worker may see the client (an empty file)
    erased/<client>              the client was erased: no laptop sends it again (empty)

Only ids, public keys and ciphertext: the server never reads a name. A worker who joins can
read the names once a colleague's sync has wrapped the team's key to them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.i18n import _
from recoverytui.core.team import keys
from recoverytui.core.team.config import Config

RECOVERY = "recovery"
# Names read from the server become paths and URLs here: only ids as this program makes them.
_ID = re.compile(r"[0-9a-f][0-9a-f-]{0,63}")


def _ids(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if _ID.fullmatch(p.name)) if folder.is_dir() else []


@dataclass
class Worker:
    id: str
    public: str
    name: str | None
    clients: set[str] = field(default_factory=set)
    guest: bool = False  # from outside the team's usual workers (a cover from elsewhere)


class Roster:
    def __init__(self, folder: Path, config: Config) -> None:
        self.folder = folder
        self.config = config

    def team_public(self) -> str:
        return (self.folder / "team.pub").read_text().strip()

    def recovery_public(self) -> str | None:
        file = self.folder / "recovery.pub"
        return file.read_text().strip() if file.exists() else None

    def secrets(self) -> list[str]:
        return [s for s in (self.config.team_secret, self.config.secret) if s]

    def workers(self) -> dict[str, Worker]:
        found: dict[str, Worker] = {}
        shares = self.shares()
        for file in sorted((self.folder / "workers").glob("*.pub")):
            worker = file.stem
            if not _ID.fullmatch(worker):
                continue
            record: dict[str, object] = {}
            sealed = file.with_suffix(".age")
            if sealed.exists():
                opened = keys.opens(sealed.read_bytes(), self.secrets())
                if opened is not None:
                    record = json.loads(opened)
            name = str(record.get("name") or "") or None
            clients = {client for client, seen_by in shares.items() if worker in seen_by}
            found[worker] = Worker(
                worker, file.read_text().strip(), name, clients, bool(record.get("guest"))
            )
        return found

    def publics(self, worker_ids: set[str]) -> dict[str, str]:
        """Public keys of these workers, and the team's recovery key if it keeps one."""
        found = {w.id: w.public for w in self.workers().values() if w.id in worker_ids}
        recovery = self.recovery_public()
        if recovery:
            found[RECOVERY] = recovery
        return found

    def find(self, name: str) -> Worker:
        wanted = name.strip().casefold()
        matches = [
            w
            for w in self.workers().values()
            if w.id == name.strip() or (w.name or "").casefold() == wanted
        ]
        if not matches:
            if self.config.team_secret is None:
                raise InvalidInput(
                    _(
                        "This laptop can't read the workers' names yet: a colleague's next sync "
                        "lets it. Until then, name the worker by id (`recovery team workers`)."
                    )
                )
            raise NotFound(
                _("There is no worker named {name} in the team.").format(name=repr(name))
            )
        if len(matches) > 1:
            raise InvalidInput(
                _("More than one worker is named {name}; name them by id.").format(name=repr(name))
            )
        return matches[0]

    def shares(self) -> dict[str, set[str]]:
        return {
            place.name: {file.name for file in _ids(place)}
            for place in _ids(self.folder / "shares")
        }

    def erased(self) -> set[str]:
        return {file.name for file in _ids(self.folder / "erased")}

    # Changes; the sync commits and sends them.

    def add_worker(self, worker: str, public: str, name: str, guest: bool = False) -> None:
        place = self.folder / "workers"
        place.mkdir(parents=True, exist_ok=True)
        (place / f"{worker}.pub").write_text(public + "\n")
        record = json.dumps({"name": name, "guest": guest}).encode()
        (place / f"{worker}.age").write_bytes(keys.encrypt(record, [self.team_public(), public]))

    def admit(self) -> list[str]:
        """Wrap the team's key to every worker still without it; their ids."""
        secret = self.config.team_secret
        if secret is None:
            return []
        done = []
        place = self.folder / "team-key"
        place.mkdir(exist_ok=True)
        for worker in self.workers().values():
            if not any(place.glob(f"{worker.id}.*.age")):
                wrapped = keys.encrypt(secret.encode(), [worker.public])
                (place / f"{worker.id}.{self.config.laptop}.age").write_bytes(wrapped)
                done.append(worker.id)
        return done

    def unwrap_team_key(self) -> str | None:
        for file in sorted((self.folder / "team-key").glob(f"{self.config.worker_id}.*.age")):
            opened = keys.opens(file.read_bytes(), [self.config.secret])
            if opened is not None:
                return opened.decode()
        return None

    def share(self, client: str, worker: str) -> None:
        place = self.folder / "shares" / client
        place.mkdir(parents=True, exist_ok=True)
        (place / worker).touch()

    def unshare(self, client: str, worker: str) -> None:
        (self.folder / "shares" / client / worker).unlink(missing_ok=True)

    def erase(self, client: str) -> None:
        place = self.folder / "erased"
        place.mkdir(exist_ok=True)
        (place / client).touch()
        share = self.folder / "shares" / client
        for file in share.iterdir() if share.is_dir() else []:
            file.unlink()
