"""A blank screen, for when someone walks in: nothing of the plan shows until the same key."""

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class BlankScreen(Screen[None]):
    DEFAULT_CSS = """
    BlankScreen { background: $background; }
    BlankScreen Static { color: $background; }
    """

    def compose(self) -> ComposeResult:
        yield Static("")
