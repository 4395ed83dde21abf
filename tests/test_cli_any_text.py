"""Any text in any argument or option of any command: exit code 0 or 2, never a traceback
and never "something unexpected".

The commands and their parameters are read from the CLI itself (the Typer app, with every
module in recoverytui.cli.COMMANDS loaded), so a new command or option is covered without
changing this file. Each runs in-process, as the installed `recovery` runs it
(cli_support.run), on a store with the demo client, with nothing on stdin: a command that
asks (erase, a passphrase, restore without --yes) gets no answer.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.core import TyperArgument, TyperGroup

import recoverytui.cli
from cli_support import ok, run
from recoverytui.cli.app import app

recoverytui.cli.load_all()
ROOT = typer.main.get_command(app)
assert isinstance(ROOT, TyperGroup)


def commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command the CLI has, the bare `recovery` first, by the words that call it."""
    if not path:
        yield (), group
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = dict(commands(ROOT))


def test_every_command_is_reached() -> None:
    """Each name the entry point routes (recoverytui.cli.COMMANDS) is a command tried here."""
    tried = {path[0] for path in COMMANDS if path}
    assert set(recoverytui.cli.COMMANDS) == tried


# What a person might type -------------------------------------------------------------------

# Real command lines can't hold NUL; everything else can.
ANY = st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=40)
ODD_DIGITS = st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), max_size=6)
CONTROLS = st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x9F), max_size=8)
OPTION_LIKE = st.text(alphabet=string.ascii_letters + "-=", max_size=12).map(lambda s: "-" + s)
NUMBERS = st.integers(min_value=-(10**6), max_value=10**25).map(str)
LONG = st.sampled_from(["x" * 5000, "9" * 5000, "é" * 3000, "\u200b" * 300])
# Near the edges of what commands take: dates, weeks, statuses, numbers of entries.
EDGES = st.sampled_from(
    [
        "", " ", "-", "--", "1", "2", "0", "-1", "today", "yesterday", "tomorrow", "last",
        "this", "friday", "+9999w", "-9999w", "+3d", "9999-12-31", "0001-01-01",
        "1000-01-01", "29.02.2028", "31.02.2026", "2026-W53", "9999-W52", "9999-W51",
        "0001-W01", "10000-W01", "48", "²", "①", "Ⅻ", "½", "\u0663", "߀", "reached",
        "paused", "let-go", "active", "met", "partly", "unmet", "client", "worker",
        "together", "demo", "housing", "economy", "pdf", "md", "txt",
    ]
)  # fmt: skip
VALUE = st.one_of(ANY, ODD_DIGITS, CONTROLS, OPTION_LIKE, NUMBERS, LONG, EDGES)


def _in_here(value: str) -> str:
    """A value for an option that names where to write, kept inside the test's folder."""
    if value in ("", "-"):
        return value
    name = value.replace("/", "_").replace("\\", "_").lstrip("~").strip(".")
    return name or "out"


def _writes_to(param: Any) -> bool:
    return param.name in ("out", "output") or type(param.type).__name__ == "TyperPath"


@st.composite
def command_lines(draw: st.DrawFn, path: tuple[str, ...], command: Any) -> list[str]:
    options: list[str] = []
    arguments: list[str] = []
    for param in command.params:
        if isinstance(param, TyperArgument):
            count = 1 if param.nargs == 1 else draw(st.integers(0, 2))
            arguments += [draw(VALUE) for _ in range(count)]
            continue
        if param.name == "client" and draw(st.integers(0, 4)):
            options += [draw(st.sampled_from(param.opts)), "demo"]
            continue
        times = draw(st.integers(0, 2 if param.multiple else 1))
        for _ in range(times):
            spelling = draw(st.sampled_from(param.opts))
            if param.is_flag:
                options.append(spelling)
                continue
            value = draw(VALUE)
            options += [spelling, _in_here(value) if _writes_to(param) else value]
    words = options + (["--"] if arguments and draw(st.booleans()) else []) + arguments
    return [*path, *words]


@pytest.fixture(scope="module")
def store_with_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder for the store, and the app's click commands built once rather than on every
    call (as Typer does, and one process of `recovery` needs only once): the same commands,
    so that hundreds of command lines fit in a few seconds."""
    built = typer.main.get_command(app)
    real = typer.main.get_command

    def get_command(typer_instance: typer.Typer) -> Any:
        return built if typer_instance is app else real(typer_instance)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.main, "get_command", get_command)
        yield tmp_path_factory.mktemp("any-text")


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "recovery")
def test_any_text_gets_an_answer_or_a_plain_refusal(
    path: tuple[str, ...], store_with_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = store_with_demo / "home"
    monkeypatch.setenv("RECOVERY_HOME", str(home))
    monkeypatch.delenv("RECOVERY_CLIENT", raising=False)
    monkeypatch.delenv("RECOVERY_PASSPHRASE", raising=False)
    monkeypatch.delenv("RECOVERY_DEBUG", raising=False)
    monkeypatch.chdir(store_with_demo)  # where a printout or a backup may be written
    if not home.exists():
        ok("demo")

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(command_lines(path, COMMANDS[path]))
    def answers(args: list[str]) -> None:
        result = run(*args)  # fails on any exception that escapes
        told = result.stdout + result.stderr
        assert "unexpected" not in told, (args, result.stderr)
        declined = path == ("restore",) and "Nothing was changed" in result.stderr
        assert result.exit_code in (0, 2) or (declined and result.exit_code == 1), (
            args,
            result.exit_code,
            result.stderr,
        )
        if result.exit_code == 2:
            assert result.stderr.strip(), args

    answers()
