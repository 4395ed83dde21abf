"""Ctrl+C at any moment: the real `recovery` command, sent SIGINT after random short delays,
ends quietly with exit code 130 (or finishes first), never with a traceback, and leaves the
store whole: every write is there entirely or not at all, with no temp file or lock left in
the way of the next one.

"Any moment" starts at the first line of the recoverytui package, which the installed script
imports first. Before it, Python itself is starting (its own modules, the script's
`import re`), and Ctrl+C there is Python's: no program can catch it. So the child is the
installed script, telling the test through a pipe once that first line has run; the delays
are counted from there.
"""

from __future__ import annotations

import json
import os
import pty
import random
import select
import signal
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from process_support import TIMEOUT, child_env, recovery, recovery_executable

pytestmark = pytest.mark.slow

TRIES = 30
LONGEST_DELAY = 0.150  # seconds: past a whole `goals` on a quiet machine


def started_script(fd: int) -> str:
    """The installed `recovery` script, writing one byte to `fd` once recoverytui has begun."""
    script = Path(recovery_executable()).read_text()
    head, entry, tail = script.partition("from recoverytui.cli import main")
    assert entry, script
    return f"{head}import os, recoverytui\nos.write({fd}, b'.')\n{entry}{tail}"


def started(home: Path, args: list[str], **popen: Any) -> subprocess.Popen[Any]:
    """`recovery ARGS`, returned once recoverytui has begun in it."""
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", started_script(write_end), *args],
            env={**child_env(home), "TERM": "xterm-256color"},
            pass_fds=(write_end,),
            preexec_fn=_ctrl_c_as_in_a_terminal,
            **popen,
        )
        os.close(write_end)
        write_end = -1
        ready, _, _ = select.select([read_end], [], [], TIMEOUT)
        assert ready and os.read(read_end, 1) == b".", "the child never began"
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    return proc


def _ctrl_c_as_in_a_terminal() -> None:
    """A suite started in the background (`make test &`, a CI runner) ignores SIGINT, and a
    child inherits that; Python then never turns Ctrl+C into KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupted(home: Path, args: list[str], delay: float) -> subprocess.CompletedProcess[str]:
    """Run `recovery ARGS` and send it SIGINT `delay` seconds after recoverytui has begun."""
    proc = started(
        home,
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=TIMEOUT)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def delays(seed: int) -> list[float]:
    """TRIES delays spread over 0..LONGEST_DELAY, in a random order."""
    rng = random.Random(seed)
    spread = [LONGEST_DELAY * (n + rng.random()) / TRIES for n in range(TRIES)]
    rng.shuffle(spread)
    return spread


def assert_quiet(result: subprocess.CompletedProcess[str], context: str) -> None:
    """Stopped with 130 and not a word, or finished first. Ctrl+C that comes while Python
    closes down after the work is done ends it by the signal itself, which shells report
    as 130 too."""
    assert "Traceback" not in result.stderr + result.stdout, (context, result.stderr)
    assert "unexpected" not in result.stderr, (context, result.stderr)
    assert result.returncode in (0, 130, -signal.SIGINT), (context, result.returncode)
    if result.returncode != 0:
        assert result.stderr.strip() == "", (context, result.stderr)


def leftovers(home: Path) -> list[Path]:
    return [path for path in home.rglob("*") if path.name.endswith(".tmp")]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert recovery(home, "demo").returncode == 0
    return home


def test_ctrl_c_while_reading_ends_quietly(demo: Path) -> None:
    seed = random.randrange(2**32)
    codes = []
    for delay in delays(seed):
        result = interrupted(demo, ["goals", "-c", "demo"], delay)
        assert_quiet(result, f"goals after {delay * 1000:.0f} ms, seed {seed}")
        codes.append(result.returncode)
    assert 130 in codes, f"no try was interrupted (seed {seed})"


def test_ctrl_c_while_writing_keeps_each_write_whole(demo: Path) -> None:
    seed = random.randrange(2**32)
    finished, stopped = [], []
    for n, delay in enumerate(delays(seed)):
        title = f"Interrupted {n}"
        command = ["add-goal", title, "-c", "demo", "--step", "One", "--step", "Two"]
        result = interrupted(demo, command, delay)
        assert_quiet(result, f"add-goal after {delay * 1000:.0f} ms, seed {seed}")
        (finished if result.returncode == 0 else stopped).append(title)
    assert stopped, f"no write was interrupted (seed {seed})"

    assert leftovers(demo) == []
    listed = recovery(demo, "goals", "-c", "demo", "--all", "--json")
    assert listed.returncode == 0, listed.stderr
    goals = {goal["title"]: goal for goal in json.loads(listed.stdout)}
    assert set(finished) <= set(goals), f"a finished write is missing (seed {seed})"
    for title in finished + stopped:
        if title in goals:  # whole, or not there at all
            assert [step["text"] for step in goals[title]["steps"]] == ["One", "Two"]
    checked = recovery(demo, "doctor")
    assert checked.returncode == 0, (checked.stdout, checked.stderr)
    # No lock or temp file is in the way of the next write.
    assert recovery(demo, "add-goal", "After", "-c", "demo").returncode == 0


def test_ctrl_c_while_the_shared_screen_starts_ends_quietly(demo: Path) -> None:
    """The session reads Ctrl+C as a key once it runs; a SIGINT while it is still starting
    (loading Textual, drawing the first screen) ends it quietly, the terminal as it was."""
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    # Early ones land while Python and Textual load, on any machine; later ones while the first
    # screen is put together, or find it up, where Ctrl+C is the app's own quit (exit 0).
    for delay in (0.0, 0.03, 0.08, *(rng.uniform(0.1, 0.8) for _ in range(6))):
        primary, secondary = pty.openpty()
        before = termios.tcgetattr(secondary)
        shown = bytearray()
        reader = threading.Thread(target=_drain, args=(primary, shown), daemon=True)
        reader.start()
        proc = started(
            demo,
            ["session", "-c", "demo"],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            start_new_session=True,
        )
        try:
            time.sleep(delay)
            proc.send_signal(signal.SIGINT)
            code = proc.wait(TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(TIMEOUT)
            after = termios.tcgetattr(secondary)
            os.close(secondary)
            reader.join(TIMEOUT)
            os.close(primary)
        context = f"after {delay * 1000:.0f} ms, seed {seed}: {bytes(shown)[-400:]!r}"
        assert b"Traceback" not in shown, context
        if code == 0:  # only once the app had taken the terminal over
            assert SCREEN_UP in shown, context
        else:
            assert code == 130, (code, context)
        assert after[3] == before[3], f"the terminal was left in another mode {context}"


# Textual switches to the alternate screen as its driver starts.
SCREEN_UP = b"\x1b[?1049h"


def _drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        into.extend(chunk)


# The same, in-process: what main() makes of an interrupt wherever it comes from. -----------


def _stopped(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def _stopped_while_making_a_class(*args: object, **kwargs: object) -> None:
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as error:  # as Python 3.11 reports it from __set_name__
        raise RuntimeError("Error calling __set_name__") from error


@pytest.mark.parametrize("stop", [_stopped, _stopped_while_making_a_class])
@pytest.mark.parametrize(
    ("module", "command"),
    [("quick_commands", "goals"), ("goals", "check-ins")],
    ids=["quick path", "typer"],
)
def test_main_ends_an_interrupt_quietly_with_130(
    demo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    module: str,
    command: str,
    stop: Any,
) -> None:
    import recoverytui.cli

    recoverytui.cli.load_all()
    monkeypatch.setenv("RECOVERY_HOME", str(demo))
    monkeypatch.setattr(getattr(recoverytui.cli, module), "store", stop)
    monkeypatch.setattr(sys, "argv", ["recovery", command, "-c", "demo"])
    with pytest.raises(SystemExit) as stopped:
        recoverytui.cli.main()
    assert stopped.value.code == 130
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""
