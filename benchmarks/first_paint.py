"""Start one Textual app headless at 120 x 40 and exit as soon as its first screen is painted.

    python benchmarks/first_paint.py minimal          # a bare Textual app: one screen, a table
    python benchmarks/first_paint.py session HANDLE   # `recovery session -c HANDLE`

benchmarks/run.py times the whole process, from spawn to exit, for both, and reports the
ratio. Both go the same way: the app pushes its first screen from on_mount; an autopilot waits
until that screen is the one showing and every widget on it has handled its pending messages
(mounted, data shown), then asks to exit after the next refresh, which paints it. Nothing in
recoverytui knows it is being measured.
"""

from __future__ import annotations

import sys
from typing import Any

SIZE = (120, 40)


async def exit_after_first_paint(pilot: Any) -> None:
    app = pilot.app
    while app.is_running and app.screen.id == "_default":  # the first screen isn't up yet
        await pilot.pause(0)
    if not app.is_running:
        return
    await pilot.pause(0)  # its widgets have mounted and handled what they were sent
    app.call_after_refresh(app.exit)


def minimal_app() -> Any:
    """The least a Textual app does to show a screen of data: one screen, one filled table."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable

    class TableScreen(Screen[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table: DataTable[str] = self.query_one(DataTable)
            table.add_columns(*(f"Column {n}" for n in range(1, 7)))
            for row in range(1, 61):
                table.add_row(*(f"Cell {row}.{n}" for n in range(1, 7)))

    class Minimal(App[None]):
        def on_mount(self) -> None:
            self.push_screen(TableScreen())

    return Minimal()


def session_app(handle: str) -> Any:
    """RecoveryApp as `recovery session -c HANDLE` makes it, after the same imports."""
    import recoverytui.cli

    recoverytui.cli.load(["session"])  # what `recovery session` has imported by then
    from recoverytui.core.store import Store
    from recoverytui.tui.app import RecoveryApp

    return RecoveryApp(Store(), client=handle)


def main() -> None:
    which = sys.argv[1]
    app = minimal_app() if which == "minimal" else session_app(sys.argv[2])
    app.run(headless=True, size=SIZE, auto_pilot=exit_after_first_paint)
    if app.return_code:
        raise SystemExit(app.return_code)


if __name__ == "__main__":
    main()
