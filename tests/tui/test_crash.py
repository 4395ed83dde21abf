"""A crash on the shared screen says what kind of error it was and nothing more.

Textual's own crash report is a traceback with local variables, printed on the terminal both
people are looking at; locals can hold a client's notes. RecoveryApp overrides `_fatal_error`
so that a crash prints one plain sentence and exits non-zero.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App

import recoverytui.cli
import recoverytui.tui.app
from recoverytui.cli import quick_commands
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp

SECRET = "SECRET-NOTE-42"
SAFE = "What was saved is safe"
# RecoveryApp's CSS_PATH is relative, and Textual reads it beside a subclass's own file.
APP_CSS = str(Path(recoverytui.tui.app.__file__).with_name("app.tcss"))

# Runs in a fresh interpreter: a RecoveryApp whose Ready handler raises while its locals hold
# a real note read from the plan and a secret, and whose error message names the secret too.
CRASH = r"""
import sys
from pathlib import Path

import recoverytui.tui.app
from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp


class NoteTooStrange(Exception):
    pass


class Crashing(RecoveryApp):
    # A relative CSS_PATH is read beside the subclass's own file, which -c doesn't have.
    CSS_PATH = str(Path(recoverytui.tui.app.__file__).with_name("app.tcss"))

    def on_ready(self) -> None:
        with self.store.plan("demo") as plan:
            note = plan.checkins(2)[-1]["note"]
        secret = "SECRET-NOTE-42"
        raise NoteTooStrange(f"could not show {secret!r} next to {note!r}")


app = Crashing(Store(), client="demo")
app.run(headless=True, size=(100, 30))
sys.exit(app.return_code)
"""


def one_line(output: str) -> str:
    """Output with its wrapping undone: the console may break the sentence anywhere."""
    return " ".join(output.split())


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    create_demo(Store(home))
    return home


def demo_note(home: Path) -> str:
    with Store(home).plan("demo") as plan:
        note = plan.checkins(2)[-1]["note"]
    assert note
    return note


def test_a_crash_in_a_real_process_prints_no_user_data_and_exits_non_zero(home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECOVERY_", "TEXTUAL"))}
    env.update(RECOVERY_HOME=str(home), COLUMNS="60")  # a narrow console wraps the sentence
    result = subprocess.run(
        [sys.executable, "-c", CRASH],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for private in (SECRET, demo_note(home), "Robin"):
        assert private not in output, output
    for detail in ("Traceback", "locals", "File "):
        assert detail not in output, output
    said = one_line(output)
    assert "NoteTooStrange" in said, output
    assert SAFE in said, output
    assert "recoverytui stopped after an unexpected error (NoteTooStrange)." in said, output


def test_the_crash_report_is_the_apps_own() -> None:
    assert "_fatal_error" in RecoveryApp.__dict__
    assert RecoveryApp._fatal_error is not App._fatal_error


async def test_a_crash_in_process_goes_through_the_apps_fatal_error(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reports: list[list[object]] = []
    original = RecoveryApp._fatal_error

    def spy(self: RecoveryApp) -> None:
        original(self)
        reports.append(list(self._exit_renderables))

    monkeypatch.setattr(RecoveryApp, "_fatal_error", spy)

    class Boom(Exception):
        pass

    class Crashing(RecoveryApp):
        CSS_PATH = APP_CSS

        def on_ready(self) -> None:
            secret = SECRET  # noqa: F841 - a local, as Textual's report would show it
            raise Boom(SECRET)

    app = Crashing(Store(home), client="demo")
    with pytest.raises(Boom):  # run_test hands the crash on to the test
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
    assert app.return_code == 1
    assert len(reports) == 1, "RecoveryApp._fatal_error ran once"
    (report,) = reports
    assert len(report) == 1 and isinstance(report[0], Text), report
    assert report[0].plain == (
        "recoverytui stopped after an unexpected error (Boom). What was saved is safe."
    )
    printed = capsys.readouterr()
    assert SECRET not in printed.out + printed.err
    assert SAFE in one_line(printed.err)


class FakeTTY:
    def isatty(self) -> bool:
        return True


def typer_session(args: list[str]) -> None:
    """`recovery session` through the Typer app, as when the quick path leaves it to Typer."""
    from typer.main import get_command

    from recoverytui.cli.app import app

    recoverytui.cli.load(args)
    get_command(app).main(args, prog_name="recovery")


ENTRIES = pytest.mark.parametrize(
    "entry", [recoverytui.cli.run, typer_session], ids=["quick path", "typer"]
)


@ENTRIES
@pytest.mark.parametrize("code", [1, 3])
def test_the_session_command_exits_with_the_apps_return_code(
    home: Path, monkeypatch: pytest.MonkeyPatch, code: int, entry: Any
) -> None:
    monkeypatch.setenv("RECOVERY_HOME", str(home))
    monkeypatch.setattr(
        quick_commands, "sys", types.SimpleNamespace(stdin=FakeTTY(), stdout=FakeTTY())
    )
    ran: list[RecoveryApp] = []

    def run(self: RecoveryApp, *args: object, **kwargs: object) -> None:
        ran.append(self)
        self._return_code = code

    monkeypatch.setattr(RecoveryApp, "run", run)
    with pytest.raises(SystemExit) as exit_info:
        entry(["session", "-c", "demo"])
    assert exit_info.value.code == code
    assert len(ran) == 1 and ran[0].client_ref == "demo"  # locked to it once mounted


@ENTRIES
def test_a_session_that_ends_well_exits_zero(
    home: Path, monkeypatch: pytest.MonkeyPatch, entry: Any
) -> None:
    monkeypatch.setenv("RECOVERY_HOME", str(home))
    monkeypatch.setattr(
        quick_commands, "sys", types.SimpleNamespace(stdin=FakeTTY(), stdout=FakeTTY())
    )

    def run(self: RecoveryApp, *args: object, **kwargs: object) -> None:
        self._return_code = 0

    monkeypatch.setattr(RecoveryApp, "run", run)
    with pytest.raises(SystemExit) as exit_info:
        entry(["session", "-c", "demo"])
    assert exit_info.value.code in (0, None)
