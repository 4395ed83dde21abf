"""Start one Textual app headless at 120 x 40 and stop the process at its first paint.

    python benchmarks/first_paint.py minimal          # a bare Textual app: one screen, a table
    python benchmarks/first_paint.py session HANDLE   # `recovery session -c HANDLE`

benchmarks/run.py times the whole process, from spawn to exit, for both, and reports the
ratio. Both go the same way: the app pushes its first screen from on_mount, and the process
ends the moment Textual hands the first frame of that screen, composed and laid out, to the
display (App._display, which a terminal would write out; headless it is dropped). What an
app builds after that frame (the session's other sections) is not counted, as a person
already sees the screen then. Nothing in recoverytui knows it is being measured.
"""

from __future__ import annotations

import os
import sys
from typing import Any

SIZE = (120, 40)


def stop_at_first_paint() -> None:
    """End the process when the first screen's first frame reaches the display."""
    from textual.app import App

    display = App._display

    def first_frame(app: App[Any], screen: Any, renderable: Any) -> None:
        if renderable is not None and screen.id != "_default" and screen.is_mounted:
            os._exit(0)
        display(app, screen, renderable)

    App._display = first_frame  # type: ignore[method-assign]


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
    """RecoveryApp as `recovery session -c HANDLE` makes it (cli/quick_commands.session),
    after the same imports and the same look-up of the client, but headless."""
    import recoverytui.cli.quick  # noqa: F401  (what `recovery session` has imported by then)
    from recoverytui.cli.quick_commands import plain_store

    the_store = plain_store()
    the_store.find_client(handle)
    from recoverytui.tui.app import RecoveryApp

    return RecoveryApp(the_store, client=handle)


def main() -> None:
    which = sys.argv[1]
    app = minimal_app() if which == "minimal" else session_app(sys.argv[2])
    stop_at_first_paint()
    app.run(headless=True, size=SIZE)
    # Reaching here means the app ended without painting its screen (an unknown client).
    raise SystemExit(app.return_code or 1)


if __name__ == "__main__":
    main()
