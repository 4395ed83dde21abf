"""The shared screen by mouse alone, in a real terminal at 80×24: tmux runs `recovery session
-c demo`, and once it shows, every step is a click (the terminal's own SGR mouse reports, as
a mouse or a touch pad sends them). What was clicked is then read back with the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_tui_terminal import Terminal, home, recovery

__all__ = ["home"]  # the demo store, as the keyboard's terminal test makes it
from tmux_support import running, socket_path

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class MouseTerminal(Terminal):
    """80×24, and clicks on what the screen shows."""

    def __init__(self, socket: Path, home: Path, config: Path) -> None:
        super().__init__(socket, home, config)
        self.size = (80, 24)

    def settled(self) -> str:
        """The screen once it has stopped changing: a section's buttons are mounted just after
        it first shows, moving what is below them down a line."""
        before = self.screen()
        while True:
            time.sleep(0.15)
            now = self.screen()
            if now == before:
                return now
            before = now

    def click(self, words: str, *, below: str | None = None) -> None:
        """A click in the middle of the first `words` on the screen (after the line holding
        `below`, when given)."""
        lines = self.settled().splitlines()
        start = 0
        if below is not None:
            start = next(i for i, line in enumerate(lines) if below in line) + 1
        row = next(i for i in range(start, len(lines)) if words in lines[i])
        column = lines[row].index(words) + len(words) // 2
        # SGR reports count from 1: a press, then its release where it was pressed.
        for end in "Mm":
            self.type(f"\x1b[<0;{column + 1};{row + 1}{end}")
        # Then the pointer moves off to the corner, so no tooltip stays over the screen.
        self.type("\x1b[<35;1;1M")


def row(screen: str, words: str) -> str:
    """The first line of the screen that holds `words` ("" when none does)."""
    return next((line for line in screen.splitlines() if words in line), "")


@pytest.fixture
def terminal(tmp_path: Path, home: Path) -> Iterator[MouseTerminal]:
    with running(MouseTerminal(socket_path(tmp_path, "mouse"), home, tmp_path / "tmux.conf")) as t:
        yield t


def test_a_check_in_and_ladder_moves_by_mouse_alone_at_80x24(
    terminal: MouseTerminal, home: Path
) -> None:
    today = dt.date.today().isoformat()
    terminal.open_session()

    terminal.click("Goals")
    terminal.wait_for("the goals' buttons", lambda s: "Add step" in s and "Call my brother" in s)
    terminal.click("Call my brother")
    terminal.wait_for("goal 3 chosen", lambda s: "3. Call my brother" in s)
    terminal.click("Check in")
    terminal.wait_for("the check-in form", lambda s: "Check in on goal 3" in s)
    # Today's check-in (2) is in the form, to be changed.
    terminal.wait_for("today's 2", lambda s: "✓ 2 some progress" in s)
    terminal.click("a lot of progress")
    terminal.wait_for("3 chosen", lambda s: "✓ 3 a lot of progress" in s and "✓ 2" not in s)
    terminal.click("Save")
    terminal.wait_for("the form closed", lambda s: "Check in on goal" not in s)

    terminal.click("Ladder")
    terminal.wait_for("the ladder's buttons", lambda s: "Step up" in s and "Medicine" in s)
    terminal.click("Medicine", below="Area")
    terminal.wait_for("Medicine chosen", lambda s: "\n Medicine" in s)
    terminal.click("Step up")
    terminal.wait_for("the step up form", lambda s: "Step up: Medicine" in s)
    terminal.click("Save")
    terminal.wait_for("a step up", lambda s: "Step up:" not in s and "4/5" in row(s, "Medicine"))
    terminal.click("Step back")
    terminal.wait_for("the step back form", lambda s: "Medicine" in s and "Save" in s)
    terminal.click("Save")
    terminal.wait_for("a step back", lambda s: "Save" not in s and "3/5" in row(s, "Medicine"))

    checkins = json.loads(recovery(home, "check-ins", "-c", "demo", "--goal", "3", "--json").stdout)
    assert [(c["date"], c["progress"]) for c in checkins if c["date"] == today] == [(today, 3)]
    area = json.loads(recovery(home, "area", "Medicine", "-c", "demo", "--json").stdout)
    moves = [(m["move"], m["date"]) for m in area["history"] if m["date"] == today]
    assert moves == [("up", today), ("back", today)], area["history"]
    assert area["step"] == 3
