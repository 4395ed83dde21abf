"""What the real-process tests share: the installed `recovery` command, run on a store of
the test's own with nothing of the shell's $RECOVERY_* settings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
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
