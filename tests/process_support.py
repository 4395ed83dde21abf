"""What the real-process tests share: the installed `recovery` command, run on a store of
the test's own with nothing of the shell's $RECOVERY_* settings."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TIMEOUT = 30  # seconds for any one child process; a hang fails the test instead of blocking


def recovery_executable() -> str:
    beside = Path(sys.executable).with_name("recovery")
    found = str(beside) if beside.exists() else shutil.which("recovery")
    if not found:
        pytest.fail("the `recovery` entry point is not installed next to this Python")
    return found


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env["RECOVERY_HOME"] = str(home)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def recovery(
    home: Path, *args: str, cwd: Path | None = None, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `recovery` command against the store in `home`."""
    return subprocess.run(
        [recovery_executable(), *args],
        env=child_env(home),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        preexec_fn=preexec_fn,
    )


def recovery_json(home: Path, *args: str) -> Any:
    result = recovery(home, *args, "--json")
    assert result.returncode == 0, (args, result.returncode, result.stderr)
    return json.loads(result.stdout)


class AckReader:
    """Collects a child's acknowledgement lines on a thread, so waiting has a deadline."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[list[str]] = []
        self._proc = proc
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            if line.endswith("\n"):  # a line the kill cut short acknowledges nothing
                self.lines.append(line.rstrip("\n").split(" ", 2))

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + TIMEOUT
        while len(self.lines) < count:
            if self._proc.poll() is not None:
                self._thread.join(TIMEOUT)
                if len(self.lines) >= count:
                    return
                stderr = self._proc.stderr.read() if self._proc.stderr else ""
                pytest.fail(f"writer stopped by itself ({self._proc.returncode}): {stderr}")
            assert time.monotonic() < deadline, "writer made no progress"
            time.sleep(0.001)

    def all_lines(self) -> list[list[str]]:
        """Every line the child printed, once it is dead (its pipe then ends)."""
        self._thread.join(TIMEOUT)
        assert not self._thread.is_alive()
        return self.lines


def kill_after_acks(
    proc: subprocess.Popen[str], count: int, pause: float, context: str = ""
) -> list[list[str]]:
    """Let a writer acknowledge `count` writes, wait `pause` seconds more, SIGKILL it, and
    return every acknowledgement it printed before the kill, read or not."""
    reader = AckReader(proc)
    try:
        reader.wait_for(count)
        if pause:
            time.sleep(pause)
    finally:
        proc.kill()  # SIGKILL: no cleanup, no atexit, no flush
        proc.wait(TIMEOUT)
        for pipe in (proc.stdin, proc.stderr):
            if pipe is not None:
                pipe.close()
    assert proc.returncode == -signal.SIGKILL, context
    return reader.all_lines()
