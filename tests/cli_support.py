"""What the CLI tests share: running `recovery` in-process, and proving nothing was written."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand
from typer.testing import CliRunner

import recoverytui.cli

recoverytui.cli.load_all()  # every command registered on the app

runner = CliRunner()


class Recovery(TyperCommand):
    """`recovery` as the installed command runs it: the quick path where it takes the
    arguments, else the Typer app (recoverytui.cli.run), inside CliRunner's isolation."""

    def main(self, args: Any = None, prog_name: Any = None, **extra: Any) -> Any:
        recoverytui.cli.run(list(args or ()))


# CliRunner runs a Typer app; this one's only command is the class above.
recovery = typer.Typer(add_completion=False)


@recovery.command(cls=Recovery)
def _never_called() -> None: ...


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes (and every folder) under the store, to prove nothing was written."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def run(*args: str) -> Any:
    """Invoke `recovery ARGS`; a Python exception escaping the app is a bug, never an answer."""
    result = runner.invoke(recovery, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"recovery {args!r} crashed with {result.exception!r}\n"
            f"stdout: {result.stdout!r}\nstderr: {result.stderr!r}"
        ) from result.exception
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    return result


def ok(*args: str) -> str:
    """Run a command that must succeed quietly; returns stdout."""
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert result.stderr == "", (args, result.stderr)
    assert not CONTROL.search(result.stdout), (args, result.stdout)
    return result.stdout


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "--json"))


def refused(home: Path, *args: str) -> str:
    """Run a command that must be refused: exit 2, a message on stderr, nothing written."""
    before = snapshot(home)
    result = run(*args)
    after = snapshot(home)
    assert result.exit_code == 2, (args, result.exit_code, result.stdout, result.stderr)
    assert result.stdout == "", (args, result.stdout)
    assert result.stderr.strip(), args
    assert not CONTROL.search(result.stderr), (args, result.stderr)
    assert after == before, f"recovery {args!r} changed the store although it was refused"
    return result.stderr
