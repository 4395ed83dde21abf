"""This laptop's part in a team: where the team's repositories are, who the worker is, and
the keys, kept in `team/team.json`, sealed with the store's key like every other file.

    $RECOVERY_HOME/team/
      team.json             remote, laptop id, the worker (id, name, key pair), the team's
                            secret key once a colleague has wrapped it to this worker
      sync.lock             one sync (or team command) at a time on this laptop
      team/                 clone of the team repository
      clients/<id>/         clone of each client's repository shared with this worker
      state/<id>.json       what the plan held at its last sync (see replica.py)
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoverytui.core import storage
from recoverytui.core.errors import InvalidInput, PlanError, StoreBusy
from recoverytui.core.i18n import _

FOLDER = "team"


class NotInTeam(InvalidInput):
    """This store is not part of a team yet."""


@dataclass
class Config:
    home: Path
    remote: str
    laptop: str
    worker_id: str
    worker_name: str
    secret: str
    public: str
    team_secret: str | None = None

    @property
    def folder(self) -> Path:
        return self.home / FOLDER

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "remote": self.remote,
            "laptop": self.laptop,
            "worker": {
                "id": self.worker_id,
                "name": self.worker_name,
                "secret": self.secret,
                "public": self.public,
            },
            "team_secret": self.team_secret,
        }

    def save(self) -> None:
        storage.make_private_dir(self.folder)
        payload = json.dumps(self.to_json(), indent=1).encode()
        storage.write_bytes_atomically(self.folder / "team.json", payload)


def path(home: Path) -> Path:
    return home / FOLDER / "team.json"


def in_team(home: Path) -> bool:
    return path(home).exists()


def load(home: Path) -> Config:
    file = path(home)
    if not file.exists():
        raise NotInTeam(
            _(
                "This store is not part of a team. Start one with `recovery team init REMOTE`, "
                "or join one with `recovery team join REMOTE`."
            )
        )
    raw = storage.read_bytes(file)
    try:
        data = json.loads(raw)
        worker = data["worker"]
        return Config(
            home=home,
            remote=str(data["remote"]),
            laptop=str(data["laptop"]),
            worker_id=str(worker["id"]),
            worker_name=str(worker["name"]),
            secret=str(worker["secret"]),
            public=str(worker["public"]),
            team_secret=data.get("team_secret"),
        )
    except (ValueError, KeyError, TypeError):
        raise storage.damaged(file, _("it is not a team settings file")) from None


def new_short_id() -> str:
    return os.urandom(6).hex()


@contextmanager
def sync_lock(home: Path) -> Iterator[None]:
    """One sync or team command at a time on this laptop; a second one is told, not kept
    waiting behind a slow network."""
    folder = home / FOLDER
    storage.make_private_dir(folder)
    fd = os.open(folder / "sync.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(
                _("A sync is running on this laptop already; try again when it is done.")
            ) from None
        yield
    finally:
        os.close(fd)  # closing lets the lock go


def check_encrypted(home: Path) -> None:
    if not storage.is_encrypted(home):
        raise InvalidInput(
            _(
                "A team store must be encrypted: the worker's key is kept under its passphrase. "
                "Run `recovery init --encrypt` first."
            )
        )


def problem(error: PlanError | OSError) -> str:
    return str(error) if isinstance(error, PlanError) else (error.strerror or type(error).__name__)


def _state(home: Path, name: str) -> Any:
    """A small file of the team folder, read as JSON; None where there is none or it can't
    be read (it only ever says what a sync last saw)."""
    file = home / FOLDER / name
    if not file.exists():
        return None
    try:
        return json.loads(storage.read_bytes(file))
    except (PlanError, OSError, ValueError):
        return None


def synced_times(home: Path) -> dict[str, str]:
    """When each client's plan last synced on this laptop, by client id."""
    found = _state(home, "synced.json")
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def open_conflicts(home: Path, client: str) -> int:
    """How many documents of a plan were changed on two laptops and wait for a choice."""
    found = _state(home, f"state/{client}.json")
    conflicts = found.get("conflicts") if isinstance(found, dict) else None
    return len(conflicts) if isinstance(conflicts, dict) else 0
