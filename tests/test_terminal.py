"""End to end in a real terminal: tmux runs a shell, the shell runs `recovery`.

What a person sees is what tmux's screen holds, so these tests read it with capture-pane.
They wait for output by polling the screen with a deadline, never by fixed sleeps.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from recoverytui.core.store import Store
from tmux_support import Tmux, running, socket_path

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed; the terminal tests need it"
)

DEADLINE = 20.0  # seconds to wait for any one command's output
HOSTILE = "[@click=app.quit]x[/]"


class Terminal(Tmux):
    """A 100x30 tmux session on a private socket, running bash with $RECOVERY_HOME set."""

    def __init__(self, socket: Path, home: Path, config: Path) -> None:
        super().__init__(
            socket, home, config, settings=["set -g history-limit 5000"], deadline=DEADLINE
        )
        self._markers = 0

    def screen(self) -> str:
        """The pane, scrollback included, with wrapped lines joined back together."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "e2e")

    def run(self, command: str) -> str:
        """Type a command, wait until it has finished, and return what it printed."""
        self._markers += 1
        marker = f"==done {self._markers}"
        # The typed line shows `rc=$?`; only the finished command prints rc=<number>.
        self.tmux("send-keys", "-t", "e2e", "-l", f'{command}; echo "{marker} rc=$?"')
        self.tmux("send-keys", "-t", "e2e", "Enter")
        deadline = time.monotonic() + DEADLINE
        while True:
            screen = self.screen()
            lines = screen.splitlines()
            done = [i for i, line in enumerate(lines) if line.startswith(f"{marker} rc=")]
            if done:
                typed = max(i for i, line in enumerate(lines) if f'"{marker} rc=$?"' in line)
                return "\n".join(lines[typed + 1 : done[0] + 1])
            assert time.monotonic() < deadline, f"no end of {command!r} on screen:\n{screen}"
            time.sleep(0.05)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "store"
    socket = socket_path(tmp_path, "e2e")
    with running(Terminal(socket, home, tmp_path / "tmux.conf")) as term:
        yield term


def goal_rows(output: str) -> dict[str, str]:
    """The goals table as {number: whole row}, read from the screen."""
    rows = {}
    for line in output.splitlines():
        number = line.split(" ", 1)[0]
        if number.isdigit():
            rows[number] = line
    return rows


def test_goals_in_a_real_terminal(terminal: Terminal) -> None:
    created = terminal.run("recovery demo")
    assert "Created the demo client Robin, handle demo." in created
    assert created.endswith("rc=0")

    before = terminal.run("recovery goals -c demo")
    assert before.endswith("rc=0")
    assert before.splitlines()[0].split() == ["#", "Status", "Due", "Steps", "Progress", "Title"]
    rows = goal_rows(before)
    assert rows, before
    assert any(row.endswith("Walk to the shop on my own twice a week") for row in rows.values())
    assert any(row.endswith("Call my brother") for row in rows.values())

    added = terminal.run(f"recovery add-goal '{HOSTILE}' -c demo")
    assert added.endswith("rc=0")
    number = str(max(int(n) for n in rows) + 1)
    assert f"Added goal {number}: {HOSTILE}" in added

    after = terminal.run("recovery goals -c demo")
    assert after.endswith("rc=0")
    new_rows = goal_rows(after)
    assert set(new_rows) == {*rows, number}
    # Shown literally, as typed: not read as markup, not eaten, not escaped.
    assert new_rows[number].endswith(f"  {HOSTILE}"), new_rows[number]
    assert new_rows[number].split()[:3] == [number, "active", "-"]
    for n, row in rows.items():
        assert new_rows[n] == row


def test_control_sequence_in_a_note_is_refused(terminal: Terminal, tmp_path: Path) -> None:
    assert terminal.run("recovery demo").endswith("rc=0")
    home = tmp_path / "store"
    with Store(home).plan("demo") as plan:
        before = plan.checkins()
        goal = str(plan.goals(include_closed=False)[0]["number"])

    # bash's $'…' turns the typed text into a real ESC … BEL before recovery sees it.
    refused = terminal.run(f"recovery check-in {goal} -c demo -p 2 --note $'\\x1b]0;pwned\\x07'")
    assert refused.endswith("rc=2"), refused
    assert "control character" in refused
    assert "U+001B" in refused
    assert "pwned" not in refused
    assert terminal.tmux("display-message", "-p", "-t", "e2e", "#{pane_title}").strip() != "pwned"
    with Store(home).plan("demo") as plan:
        assert plan.checkins() == before, "nothing written"

    # The check above can see a retitle: the same bytes from printf do retitle the pane.
    terminal.run("printf '\\033]0;pwned\\007'")
    assert terminal.tmux("display-message", "-p", "-t", "e2e", "#{pane_title}").strip() == "pwned"


def test_encryption_with_hidden_prompts_in_a_real_terminal(
    terminal: Terminal, tmp_path: Path
) -> None:
    passphrase = "plum tree by the river"
    assert terminal.run("recovery demo").endswith("rc=0")

    def answer(prompt: str, typed: str) -> None:
        deadline = time.monotonic() + DEADLINE
        while terminal.screen().count(prompt) <= answered.count(prompt):
            assert time.monotonic() < deadline, f"no {prompt!r} on screen:\n{terminal.screen()}"
            time.sleep(0.05)
        answered.append(prompt)
        terminal.tmux("send-keys", "-t", "e2e", "-l", typed)
        terminal.tmux("send-keys", "-t", "e2e", "Enter")

    answered: list[str] = []
    terminal.tmux("send-keys", "-t", "e2e", "-l", 'recovery init --encrypt; echo "==enc rc=$?"')
    terminal.tmux("send-keys", "-t", "e2e", "Enter")
    answer("New passphrase:", passphrase)
    answer("The same passphrase again:", passphrase)
    terminal.tmux("send-keys", "-t", "e2e", "-l", 'recovery goals -c demo; echo "==goals rc=$?"')
    terminal.tmux("send-keys", "-t", "e2e", "Enter")
    answer("Passphrase for the store:", passphrase)
    deadline = time.monotonic() + DEADLINE
    while "==goals rc=" not in terminal.screen().replace('"==goals rc=$?"', ""):
        assert time.monotonic() < deadline, terminal.screen()
        time.sleep(0.05)
    screen = terminal.screen()
    assert "==enc rc=0" in screen and "==goals rc=0" in screen, screen
    assert "Walk to the shop on my own twice a week" in screen
    assert passphrase not in screen, "the passphrase was echoed"
    for path in (tmp_path / "store").rglob("*.json"):
        assert b"Walk to the shop" not in path.read_bytes(), path
