"""The error types that the plan's rules raise; the CLI and the TUI turn them into words."""

from __future__ import annotations

from pathlib import Path


class PlanError(Exception):
    """A rule was broken or something could not be found. Nothing has been written."""


class InvalidInput(PlanError):
    """Input that the plan's rules do not accept: empty, too long, not a date, …"""


class NotFound(PlanError):
    """An unknown client, goal, dream or step."""


class Conflict(PlanError):
    """The document changed since it was read; the newer version is kept."""


class StoreDamaged(PlanError):
    """A store file that cannot be read as a plan. It is left exactly as it was.

    Where known, `path` is the file and `reason` what is wrong with it ("it is not valid
    JSON"), so that a message can name the client the file belongs to."""

    def __init__(self, message: str, *, path: Path | None = None, reason: str | None = None):
        super().__init__(message)
        self.path = path
        self.reason = reason


class StoreTooNew(PlanError):
    """A store file written by a newer version of the program. It is not damaged: it is never
    read, changed, moved aside or replaced, by any command or by a repair."""

    def __init__(self, message: str, *, path: Path | None = None, schema: int | None = None):
        super().__init__(message)
        self.path = path
        self.schema = schema


class StoreBusy(PlanError):
    """Another program held the plan's lock for too long."""


class StoreLocked(PlanError):
    """The store is encrypted and has not been opened with its passphrase."""
