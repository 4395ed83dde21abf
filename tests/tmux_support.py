"""What the real-terminal tests share: a tmux server of their own, running bash with
$RECOVERY_HOME set, and its end. Each test module adds the ways it looks and types."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar


class Tmux:
    """A tmux session "e2e" on a private socket, configured by `settings` (tmux.conf lines)."""

    def __init__(
        self,
        socket: Path,
        home: Path,
        config: Path,
        *,
        size: tuple[int, int] = (100, 30),
        settings: Sequence[str] = (),
        deadline: float = 20.0,
    ) -> None:
        self.socket = socket
        self.config = config
        self.size = size
        self.settings = settings
        self.deadline = deadline
        bin_dir = str(Path(sys.executable).parent)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("RECOVERY_", "TMUX"))}
        self.env.update(
            RECOVERY_HOME=str(home),
            PATH=f"{bin_dir}{os.pathsep}{self.env.get('PATH', '')}",
            LC_ALL="C.UTF-8",
            TERM="xterm-256color",
            PS1="$ ",
            HISTFILE=os.devnull,
        )

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-f", str(self.config), "-S", str(self.socket), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=self.deadline,
            check=False,
        )
        assert result.returncode == 0, (args, result.stderr)
        return result.stdout

    def start(self) -> None:
        self.config.write_text("".join(f"{line}\n" for line in self.settings))
        width, height = self.size
        self.tmux(
            "new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height),
            "bash --norc --noprofile",
        )  # fmt: skip

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "-S", str(self.socket), "kill-server"],
            env=self.env,
            capture_output=True,
            timeout=self.deadline,
            check=False,
        )


T = TypeVar("T", bound=Tmux)


def socket_path(tmp_path: Path, name: str) -> Path:
    socket = tmp_path / "tmux.sock"
    if len(os.fsencode(socket)) > 100:  # a unix socket path holds at most 107 bytes
        socket = Path("/tmp") / f"recovery-{name}-{os.getpid()}-{time.monotonic_ns()}.sock"
    return socket


@contextmanager
def running(terminal: T) -> Iterator[T]:
    """The terminal started, and its server and socket gone afterwards."""
    try:
        terminal.start()
        yield terminal
    finally:
        terminal.kill()
        terminal.socket.unlink(missing_ok=True)
