"""The shared screen end to end in a real terminal: tmux runs a shell, the shell runs
`recovery session -c demo`, and the test drives it by keystrokes only.

What the two people at the laptop see is what tmux's screen holds, so every step is checked
with capture-pane. Textual handles keys asynchronously, so keys go one at a time and each is
followed by a poll (with a deadline, never a fixed sleep) for the screen it should lead to.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tmux_support import Tmux, running, socket_path

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed; the terminal tests need it"
)

DEADLINE = 10.0  # seconds to wait for any one expected screen
POLL = 0.05
# The section tabs, all seven on the screen at once.
SECTIONS = ("Overview", "Dreams", "Goals", "Ladder", "Needs", "This week", "When things get hard")
DEMO_GOALS = (
    "Get a bed of my own",
    "Walk to the shop on my own twice a week",
    "Call my brother",
    "Open the post every Monday",
)
NOTE = "[@click=app.quit]x[/] and blåbær"
OTHER = "Zacharias"
EXIT = re.compile(r"^EXIT=(\d+)$", re.MULTILINE)


def recovery(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `recovery` command, outside the terminal under test (so nothing it prints
    can end up in that terminal's scrollback)."""
    command = Path(sys.executable).with_name("recovery")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env["RECOVERY_HOME"] = str(home)
    result = subprocess.run(
        [str(command), *args], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


class Terminal(Tmux):
    """A 100x30 tmux session on a private socket, running bash with $RECOVERY_HOME set.

    Every capture is kept in `seen`, so a test can check what never appeared."""

    def __init__(self, socket: Path, home: Path, config: Path) -> None:
        # Inside tmux, TERM comes from default-terminal (tmux-256color unless told otherwise).
        settings = ["set -g default-terminal xterm-256color", "set -g history-limit 5000"]
        super().__init__(socket, home, config, settings=settings, deadline=DEADLINE)
        self.seen: list[str] = []

    # Looking -------------------------------------------------------------------------------

    def screen(self) -> str:
        """What the pane shows now (the visible 30 lines)."""
        shown = self.tmux("capture-pane", "-p", "-t", "e2e")
        self.seen.append(shown)
        return shown

    def history(self) -> str:
        """The pane with its scrollback, wrapped lines joined."""
        shown = self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "e2e")
        self.seen.append(shown)
        return shown

    def cursor_row(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "e2e", "#{cursor_y}"))

    def wait_for(self, what: str, ready: Callable[[str], bool], *, whole: bool = False) -> str:
        deadline = time.monotonic() + DEADLINE
        while True:
            shown = self.history() if whole else self.screen()
            if ready(shown):
                return shown
            assert time.monotonic() < deadline, f"never saw {what}; the screen was:\n{shown}"
            time.sleep(POLL)

    # Typing --------------------------------------------------------------------------------

    def key(self, key: str) -> None:
        """One key, by tmux's name for it (3, Down, Tab, C-s, Escape)."""
        self.tmux("send-keys", "-t", "e2e", key)

    def type(self, text: str) -> None:
        """Text typed literally, never read as key names."""
        self.tmux("send-keys", "-t", "e2e", "-l", text)

    # The session ---------------------------------------------------------------------------

    def open_session(self, client: str = "demo") -> str:
        self.type("printf 'TERM is %s\\n' \"$TERM\"")
        self.key("Enter")
        self.wait_for("TERM", lambda s: "TERM is xterm-256color" in s.splitlines())
        self.type(f"recovery session -c {client}; echo EXIT=$?")
        self.key("Enter")
        return self.wait_for(
            "the client's name and the section tabs",
            lambda s: "Robin" in s and all(title in s for title in SECTIONS),
        )

    def exit_code(self) -> int:
        """Wait for the shell's EXIT=<n> after the session (the typed line shows EXIT=$?)."""
        shown = self.wait_for("the session end", EXIT.search, whole=True)
        found = EXIT.search(shown)
        assert found is not None
        return int(found.group(1))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "store"
    assert "Created the demo client Robin" in recovery(home, "demo").stdout
    return home


@pytest.fixture
def terminal(tmp_path: Path, home: Path) -> Iterator[Terminal]:
    socket = socket_path(tmp_path, "tui")
    with running(Terminal(socket, home, tmp_path / "tmux.conf")) as term:
        yield term


def field_row(screen: str, label: str) -> tuple[int, str]:
    """The row just under a form field's label, and what it holds inside the form's frame."""
    lines = screen.splitlines()
    row = next(i for i, line in enumerate(lines) if label in line) + 1
    inside = lines[row].split("│")
    return row, (inside[1] if len(inside) > 2 else lines[row]).strip()


def empty(field: tuple[int, str]) -> bool:
    """A field with nothing in it but, maybe, the cursor."""
    return field[1].strip("█▌▐ ") == ""


def leave(terminal: Terminal) -> None:
    """Esc asks once, so an Esc meant for a form can't end the session; the second ends it."""
    terminal.key("Escape")
    terminal.wait_for("the question", lambda s: "Esc again ends the session" in s)
    terminal.key("Escape")


def test_a_check_in_typed_on_the_shared_screen_is_stored_as_typed(
    terminal: Terminal, home: Path
) -> None:
    today = dt.date.today().isoformat()
    terminal.open_session()

    terminal.key("3")
    terminal.wait_for("the goals table", lambda s: "Latest" in s and DEMO_GOALS[1] in s)
    terminal.key("Down")
    terminal.wait_for("goal 2 under the cursor", lambda s: f"2. {DEMO_GOALS[1]}  (active)" in s)
    terminal.key("c")
    form = terminal.wait_for(
        "the check-in form", lambda s: f"Check in on goal 2: {DEMO_GOALS[1]}" in s
    )
    progress_row, _ = field_row(form, "Progress, 0–4")
    terminal.wait_for("the form's first field", lambda s: terminal.cursor_row() == progress_row)
    # Today's check-in is shown in the form, to be changed: clear it first.
    # (The terminal's cursor block may stand in the field as it is drawn: not its content.)
    assert field_row(form, "Progress, 0–4")[1].strip("█▌▐ ") == "3"
    terminal.key("C-u")
    terminal.wait_for("the progress field empty", lambda s: empty(field_row(s, "Progress, 0–4")))

    terminal.key("3")
    terminal.wait_for(
        "3 in the progress field",
        lambda s: (
            field_row(s, "Progress, 0–4")[1].endswith("3") and terminal.cursor_row() == progress_row
        ),
    )
    terminal.key("Tab")
    note_row = field_row(form, "A note, in the client's words")[0]
    terminal.wait_for("the cursor in the note", lambda s: terminal.cursor_row() == note_row)
    terminal.key("End")
    terminal.key("C-u")
    terminal.wait_for(
        "the note empty", lambda s: empty(field_row(s, "A note, in the client's words"))
    )
    terminal.type(NOTE)
    terminal.wait_for(
        "the note as typed", lambda s: NOTE in field_row(s, "A note, in the client's words")[1]
    )
    assert field_row(terminal.screen(), "Progress, 0–4")[1] == "3", "nothing typed went astray"

    terminal.key("C-s")
    saved = terminal.wait_for(
        "the form closed and the note in the goal's detail",
        lambda s: "Check in on goal" not in s and f"{today}  “{NOTE}”  (client)" in s,
    )
    assert "Robin" in saved  # saving did not quit, whatever the note's markup says

    leave(terminal)
    assert terminal.exit_code() == 0
    assert "Robin" not in terminal.screen(), "the session's screen is gone after it ends"

    checkins = json.loads(recovery(home, "check-ins", "-c", "demo", "--goal", "2", "--json").stdout)
    todays = [c for c in checkins if c["date"] == today]
    # The demo has a check-in today already; a second one on the same day updates it.
    assert len(todays) == 1, todays
    assert (todays[0]["progress"], todays[0]["note"], todays[0]["voice"]) == (3, NOTE, "client")
    assert todays[0]["revision"] == 2


def test_an_early_warning_sign_written_on_the_shared_screen(terminal: Terminal, home: Path) -> None:
    terminal.open_session()
    terminal.key("7")
    terminal.wait_for("the crisis plan", lambda s: "Early warning signs (3)" in s)
    terminal.key("Down")
    terminal.key("Down")
    terminal.wait_for("what signs are for", lambda s: "notice first when things start" in s)
    terminal.key("a")
    form = terminal.wait_for("the sign form", lambda s: "Add: early warning sign" in s)
    row, _ = field_row(form, "The sign, as it shows")
    terminal.wait_for("the cursor in the sign", lambda s: terminal.cursor_row() == row)
    terminal.type(NOTE)
    terminal.wait_for("the sign, typed", lambda s: NOTE in field_row(s, "as it shows")[1])
    terminal.key("Tab")
    action_row = field_row(form, "What I do when it shows")[0]
    terminal.wait_for("the cursor in what I do", lambda s: terminal.cursor_row() == action_row)
    terminal.type("Call Kari")
    terminal.wait_for("what I do, typed", lambda s: "Call Kari" in s)
    terminal.key("C-s")
    terminal.wait_for(
        "the sign in the plan", lambda s: "Early warning signs (4)" in s and "Add:" not in s
    )
    leave(terminal)
    assert terminal.exit_code() == 0
    crisis = json.loads(recovery(home, "crisis", "-c", "demo", "--json").stdout)
    assert crisis["signs"][-1] == {
        "number": 4, "text": NOTE, "action": "Call Kari", "others": None, "voice": "client",
    }  # fmt: skip


def test_the_blank_key_hides_the_plan_and_brings_it_back(terminal: Terminal) -> None:
    terminal.open_session()

    terminal.key("C-l")
    blank = terminal.wait_for("a blank screen", lambda s: "Robin" not in s)
    assert not any(title in blank for title in DEMO_GOALS), blank
    assert blank.strip() == "", f"something still shows:\n{blank}"

    terminal.key("C-l")
    back = terminal.wait_for(
        "the plan back", lambda s: "Robin" in s and all(t in s for t in SECTIONS)
    )
    assert DEMO_GOALS[1] in back  # the overview, as it was

    leave(terminal)
    assert terminal.exit_code() == 0


def test_a_session_never_shows_another_clients_name(terminal: Terminal, home: Path) -> None:
    recovery(home, "client", "add", f"{OTHER} Otherclient", "--handle", "zach")
    recovery(home, "add-goal", f"{OTHER}'s own goal", "-c", "zach")
    assert OTHER in recovery(home, "client", "list").stdout  # it is there to be leaked

    terminal.open_session()
    # Each section, recognised by something only it shows.
    for key, mark in (
        ("2", "Where it stands"),
        ("3", "Latest"),
        ("4", "Cleaning and laundry"),
        ("5", "Client says"),
        ("6", "Weekly review"),
        ("1", "Coordinator:"),
    ):
        terminal.key(key)
        terminal.wait_for(f"section {key}", lambda s, mark=mark: mark in s)

    terminal.key("C-p")
    terminal.wait_for("the command palette", lambda s: "🔎" in s)
    for typed in ("Z", "Za"):
        terminal.key(typed[-1])
        terminal.wait_for(f"{typed!r} in the palette", lambda s, t=typed: f"🔎 {t}" in s)
    terminal.wait_for("the palette's answer", lambda s: "No matches found" in s)

    terminal.key("Escape")
    terminal.wait_for("the palette closed", lambda s: "🔎" not in s and "Robin" in s)
    leave(terminal)
    assert terminal.exit_code() == 0

    assert len(terminal.seen) > 10
    leaked = [shown for shown in terminal.seen if OTHER.casefold() in shown.casefold()]
    assert not leaked, leaked[0]


def plan_file(home: Path) -> Path:
    index = json.loads((home / "caseload.json").read_bytes())
    entry = next(e for e in index["clients"].values() if e["handle"] == "demo")
    return home / "clients" / entry["file"]


def test_a_session_on_a_damaged_plan_says_so_in_one_line_and_ends_with_2(
    terminal: Terminal, home: Path
) -> None:
    plan_file(home).write_bytes(b'{"meta": {"1": {"schema": 2, "coun')
    terminal.type("recovery session -c demo; echo EXIT=$?")
    terminal.key("Enter")
    assert terminal.exit_code() == 2
    said = terminal.history()
    assert "recovery: The plan of demo can't be read: it is not valid JSON." in said
    assert not any("Hopes and dreams" in shown for shown in terminal.seen), "an empty plan showed"


def test_a_plan_damaged_in_a_session_is_said_once_and_stays_said(
    terminal: Terminal, home: Path
) -> None:
    terminal.open_session()
    plan_file(home).write_bytes(b"")
    notice = "The plan of demo can't be read: it is empty."
    terminal.wait_for("the notice", lambda s: notice in s.replace("\n", " "))
    terminal.key("Enter")
    shown = terminal.wait_for("the notice closed", lambda s: "Enter or Esc closes this" not in s)
    assert "Robin" in shown and "can't be read now; this is how it was" in shown
    deadline = time.monotonic() + 5  # two polls and a half
    while time.monotonic() < deadline:
        assert "Enter or Esc closes this" not in terminal.screen(), "the notice came back"
        time.sleep(0.25)
    leave(terminal)
    assert terminal.exit_code() == 0


def test_the_session_opens_again_in_bokmal_from_the_palette(terminal: Terminal, home: Path) -> None:
    terminal.open_session()
    terminal.key("C-p")
    terminal.wait_for("the command palette", lambda s: "🔎" in s)
    terminal.type("språk")
    terminal.wait_for("the way to bokmål", lambda s: "Language / språk: norsk bokmål" in s)
    terminal.key("Enter")
    terminal.wait_for("the plan in bokmål", lambda s: "Oversikt" in s and "Små mål" in s)
    terminal.key("C-q")
    assert terminal.exit_code() == 0
    assert (home / "language").read_text() == "nb\n"
