"""The error types that the plan's rules raise; the CLI and the TUI turn them into words."""


class PlanError(Exception):
    """A rule was broken or something could not be found. Nothing has been written."""


class InvalidInput(PlanError):
    """Input that the plan's rules do not accept: empty, too long, not a date, …"""


class NotFound(PlanError):
    """An unknown client, goal, dream or step."""


class Conflict(PlanError):
    """The document changed since it was read; the newer version is kept."""


class StoreDamaged(PlanError):
    """A store file that cannot be read as a plan. It is left exactly as it was."""


class StoreBusy(PlanError):
    """Another program held the plan's lock for too long."""


class StoreLocked(PlanError):
    """The store is encrypted and has not been opened with its passphrase."""
