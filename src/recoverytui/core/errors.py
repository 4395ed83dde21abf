"""The error types that the plan's rules raise; the CLI and the TUI turn them into words."""

from __future__ import annotations

import errno
from pathlib import Path

from recoverytui.core.i18n import _


class PlanError(Exception):
    """A rule was broken or something could not be found. Nothing has been written."""


class InvalidInput(PlanError):
    """Input that the plan's rules do not accept: empty, too long, not a date, …"""


class NotFound(PlanError):
    """An unknown client, goal, dream or step."""


class Conflict(PlanError):
    """The document changed since it was read; the newer version is kept. `current` is that
    newer version, as stored now, so whoever edited can see both and choose."""

    def __init__(self, message: str, *, current: dict | None = None) -> None:
        super().__init__(message)
        self.current = current


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


class StoreKeyMissing(StoreLocked):
    """Encrypted files are there but the store's key file is not: nothing can be opened, and
    nothing is written (it would go plain beside them), moved aside or built again."""

    def __init__(self, message: str, *, path: Path | None = None):
        super().__init__(message)
        self.path = path


class StoreUnusable(PlanError):
    """A file or folder can't be used as it is: no home to keep the store in, no permission,
    a disk that can only be read, a file where a folder belongs, a name the system refuses.
    Nothing was written."""

    # The errors that say something about the files and folders around the program (the
    # store's, or one a command was told to write to), not about the program itself.
    CAUSES = frozenset(
        {
            errno.EACCES,
            errno.EPERM,
            errno.EROFS,
            errno.ENOENT,
            errno.ENOTDIR,
            errno.EEXIST,
            errno.EISDIR,
            errno.ELOOP,
            errno.ENAMETOOLONG,
            errno.ENOSPC,
            errno.EDQUOT,
        }
    )

    @classmethod
    def from_os_error(cls, error: OSError) -> StoreUnusable:
        """One line a person can act on, naming the file or folder the system refused."""
        where = error.filename if error.filename is not None else "?"
        if error.errno in (errno.EEXIST, errno.ENOTDIR):
            message = _("{path} (or a folder above it) is a file where a folder is needed.")
        else:
            message = _("{path} can't be used: {reason}.")
        return cls(message.format(path=where, reason=error.strerror or type(error).__name__))
