"""How a session reaches one client's plan: the store and the client, the plan as last read,
and the one way to change it. Handed down to the plan's screen and its sections, so none of
them reaches through the app for the store."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from recoverytui.core.errors import PlanError
from recoverytui.core.plan import Plan
from recoverytui.core.store import Store
from recoverytui.core.templates import Templates

Doc = dict[str, Any]
Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class Reading:
    """One read of the plan file: the whole plan, or why it can't be read; and the file's
    stamp as it was before the read, so a change made during it is read again."""

    whole: Doc | None
    stamp: Stamp | None
    problem: str | None = None
    # Writes made by this session before the read began: a read that a write overtook is
    # older than what the screen shows.
    writes: int = 0


class PlanAccess:
    def __init__(self, store: Store, client_id: str) -> None:
        self.store = store
        self.client_id = client_id
        self.whole: Doc | None = None
        self.stamp: Stamp | None = None
        self.writes = 0
        # Told the plan as stored after each change (the plan's screen shows it everywhere).
        self.on_saved: Callable[[Doc], None] = lambda _whole: None

    def file_stamp(self) -> Stamp | None:
        try:
            info = os.stat(self.store.plan_file(self.client_id))
        except (OSError, PlanError):
            return None
        return (info.st_mtime_ns, info.st_size, info.st_ino)

    def read(self) -> Reading:
        """The plan as stored now. File work: the screen runs it in a worker thread."""
        writes, stamp = self.writes, self.file_stamp()
        with contextlib.suppress(PlanError):  # said by the section that uses them
            self.templates()
        try:
            with self.store.plan(self.client_id) as plan:
                return Reading(plan.whole(), stamp, writes=writes)
        except PlanError as error:
            return Reading(None, stamp, str(error), writes=writes)

    def changed_on_disk(self) -> bool:
        return self.file_stamp() != self.stamp

    def change(self, operation: Callable[[Plan], Any]) -> Any:
        """Run one plan operation in one write transaction; the plan as it then stands goes to
        `on_saved`, taken from the same transaction rather than read again.

        A PlanError goes back to the caller (a form shows it next to its fields)."""
        with self.store.plan(self.client_id, write=True) as plan:
            result = operation(plan)
            whole = plan.whole()
        self.writes += 1
        self.whole, self.stamp = whole, self.file_stamp()
        self.on_saved(whole)
        return result

    def worker_name(self) -> str:
        """Who registers what is written now (a consent): the store's worker."""
        return self.store.worker_name()

    def templates(self) -> Templates:
        """The service's templates (area ideas, help numbers): read by the first `read()`, in
        its worker thread, and kept by the store."""
        return self.store.templates()
