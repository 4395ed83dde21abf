"""The quick path (cli/quick.py) against the Typer app it stands in for.

The quick commands are declared twice: their options for Typer in cli/goals.py, and what the
quick parser reads in cli/quick.py. These tests hold the two together: the same spellings,
kinds and defaults, and, on generated command lines, the same values handed to the same
function wherever the quick parser takes the arguments at all.
"""

from __future__ import annotations

import inspect
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.core import TyperArgument, TyperGroup, TyperOption

import recoverytui.cli
from process_support import TIMEOUT, child_env, recovery, recovery_executable, recovery_json
from recoverytui.cli import quick, quick_commands
from recoverytui.cli.app import app

recoverytui.cli.load_all()
GROUP = typer.main.get_command(app)
assert isinstance(GROUP, TyperGroup)


def typer_command(name: str) -> Any:
    return GROUP.commands[name]


@pytest.mark.parametrize("name", sorted(quick.QUICK))
def test_the_quick_spec_is_the_typer_declaration(name: str) -> None:
    spec = quick.QUICK[name]
    command = typer_command(name)
    options = [p for p in command.params if isinstance(p, TyperOption)]
    arguments = [p.name for p in command.params if isinstance(p, TyperArgument)]
    assert tuple(arguments) == spec.arguments
    assert {spelling: o.name for o in options for spelling in o.opts} == spec.options
    assert {o.name for o in options if o.is_flag} == spec.flags
    assert {o.name for o in options if o.multiple} == spec.lists
    assert {o.name for o in options if type(o.type).__name__ == "IntParamType"} == spec.numbers
    assert {o.name for o in options if o.required} == spec.required
    # -c may come from the environment; `caseload` is about every client and has no -c.
    with_client = {"client": quick.CLIENT_ENV} if "client" in spec.options.values() else {}
    assert {o.name: o.envvar for o in options if o.envvar} == with_client
    # Every other option takes one piece of text.
    plain = {o.name for o in options} - spec.flags - spec.lists - spec.numbers
    assert all(type(o.type).__name__ == "StringParamType" for o in options if o.name in plain)


@pytest.mark.parametrize("name", sorted(quick.QUICK))
def test_the_function_has_the_typer_parameters_and_defaults(name: str) -> None:
    """What the quick path leaves out, the function's defaults fill in: they must be Typer's."""
    spec = quick.QUICK[name]
    command = typer_command(name)
    parameters = inspect.signature(getattr(quick_commands, spec.run)).parameters
    assert list(parameters) == [p.name for p in command.params]
    for param in command.params:
        default = parameters[param.name].default
        if param.required:
            assert default is inspect.Parameter.empty, param.name
        else:
            assert default == param.default, param.name


@contextmanager
def recording(name: str) -> Iterator[list[dict[str, Any]]]:
    """Calls of the quick command's function, as the arguments it was given by name."""
    spec = quick.QUICK[name]
    real = getattr(quick_commands, spec.run)
    signature = inspect.signature(real)
    calls: list[dict[str, Any]] = []

    def record(*args: Any, **kwargs: Any) -> None:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        calls.append(dict(bound.arguments))

    setattr(quick_commands, spec.run, record)
    try:
        yield calls
    finally:
        setattr(quick_commands, spec.run, real)


@contextmanager
def client_env(value: str | None) -> Iterator[None]:
    before = os.environ.pop(quick.CLIENT_ENV, None)
    if value is not None:
        os.environ[quick.CLIENT_ENV] = value
    try:
        yield
    finally:
        os.environ.pop(quick.CLIENT_ENV, None)
        if before is not None:
            os.environ[quick.CLIENT_ENV] = before


def via_typer(name: str, args: list[str]) -> dict[str, Any]:
    with recording(name) as calls:
        GROUP.main([name, *args], prog_name="recovery", standalone_mode=False)
    assert len(calls) == 1
    return calls[0]


def via_quick(name: str, args: list[str]) -> dict[str, Any] | None:
    params = quick.parse(quick.QUICK[name], args, os.environ)
    if params is None:
        return None
    with recording(name) as calls:
        getattr(quick_commands, quick.QUICK[name].run)(**params)
    return calls[0]


VALUES = st.sampled_from(
    ["", "x", "-", "--", "-1", "2", " 3 ", "+4", "٣", "1_0", "9x", "a=b", "--json", "-c",
     "-p2", "demo", "Walk [/] x", "[@click=app.quit]x[/]"]
)  # fmt: skip


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[str, list[str], str | None]:
    """Mostly what a worker might type, in any order and spelling; now and then a slip."""
    name = draw(st.sampled_from(sorted(quick.QUICK)))
    spec = quick.QUICK[name]

    def spelled(spelling: str) -> st.SearchStrategy[list[str]]:
        if spec.options[spelling] in spec.flags:
            return st.just([spelling])
        forms = [st.tuples(st.just(spelling), VALUES).map(list)]
        if spelling.startswith("--"):
            forms.append(VALUES.map(lambda v: [f"{spelling}={v}"]))
        else:
            forms.append(VALUES.map(lambda v: [spelling + v]))
        return st.one_of(forms)

    units = draw(st.lists(st.sampled_from(sorted(spec.options)).flatmap(spelled), max_size=5))
    extra = draw(st.integers(-1, 1)) if draw(st.integers(0, 9)) == 0 else 0
    count = max(0, len(spec.arguments) + extra)
    units += [[value] for value in draw(st.lists(VALUES, min_size=count, max_size=count))]
    if draw(st.integers(0, 9)) == 0:
        units.append([draw(st.sampled_from(["-h", "--help", "--nope", "-x", "---"]))])
    if draw(st.integers(0, 9)) == 0:
        units.append([draw(st.text(max_size=4))])
    words = [word for unit in draw(st.permutations(units)) for word in unit]
    if draw(st.integers(0, 3)) == 0 and words:  # "--": what follows is all arguments
        at = draw(st.integers(0, len(words)))
        words.insert(at, "--")
    env = draw(st.sampled_from([None, "", "demo", "demo", "demo", "-x"]))
    return name, words, env


@settings(max_examples=600, deadline=None)
@given(command_lines())
def test_where_the_quick_path_takes_a_command_line_typer_reads_it_the_same(
    line: tuple[str, list[str], str | None],
) -> None:
    name, args, env = line
    with client_env(env):
        quick_call = via_quick(name, args)
        if quick_call is not None:
            assert via_typer(name, args) == quick_call


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["add-goal", "Water the plants", "-c", "demo", "--step", "Buy", "--step=Sow"],
            {"title": "Water the plants", "client": "demo", "step": ["Buy", "Sow"]},
        ),
        (["add-goal", "-cdemo", "--", "-h"], {"title": "-h", "client": "demo"}),
        (
            ["check-in", "2", "-p3", "--client=demo", "--note", "--json", "--date", "-2d"],
            {"goal": "2", "progress": 3, "client": "demo", "note": "--json", "on": "-2d"},
        ),
        (["goals", "--all", "--json", "-c", "a", "-c", "b"], {"client": "b", "show_all": True,
                                                               "as_json": True}),
    ],
)  # fmt: skip
def test_the_quick_path_takes_what_a_worker_types(args: list[str], expected: dict) -> None:
    with client_env(None):
        assert quick.parse(quick.QUICK[args[0]], args[1:], os.environ) == expected
        assert via_quick(args[0], args[1:]) == via_typer(args[0], args[1:])


@pytest.mark.parametrize(
    "args",
    [
        ["add-goal", "--help"],
        ["add-goal", "x", "-h"],
        ["add-goal", "x"],  # no client
        ["add-goal", "x", "y", "-c", "demo"],  # one title too many
        ["add-goal", "-c", "demo"],  # no title
        ["add-goal", "x", "-c"],  # -c without its value
        ["add-goal", "x", "-c", "demo", "--json=yes"],
        ["add-goal", "x", "-c", "demo", "--colour", "red"],
        ["check-in", "1", "-c", "demo"],  # no progress
        ["check-in", "1", "-c", "demo", "-p", "lots"],
        ["goals", "-c", "demo", "extra"],
        ["goals"],
        ["--version"],
        ["client", "show", "-c", "demo"],
        [],
    ],
    ids=" ".join,
)
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    """Help, mistakes and the other commands: Typer says what it says for every command."""
    with client_env(None):
        assert quick.run(args) is None


def test_the_client_may_come_from_the_environment() -> None:
    with client_env("demo"):
        assert quick.parse(quick.QUICK["goals"], [], os.environ) == {"client": "demo"}
        assert quick.parse(quick.QUICK["goals"], ["-c", "sam"], os.environ) == {"client": "sam"}
    with client_env(""):  # set but empty is not set, as for click
        assert quick.parse(quick.QUICK["goals"], [], os.environ) is None


@pytest.mark.parametrize("command", ["goals", "check-ins"], ids=["quick path", "typer"])
def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path, command: str) -> None:
    """`recovery goals -c demo | head -1`: the pipe closes; no traceback, as click does it."""
    home = tmp_path / "store"
    assert recovery(home, "demo").returncode == 0
    child = subprocess.Popen(
        [recovery_executable(), command, "-c", "demo"],
        env=child_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # before the command has written a word
    error = child.stderr.read()
    assert child.wait(timeout=TIMEOUT) == 1
    assert error == b""


@pytest.mark.parametrize(
    "args",
    [("add-goal", "Café ✓", "-c", "demo"), ("client", "show", "-c", "demo")],
    ids=["quick path", "typer"],
)
def test_a_terminal_said_to_take_only_ascii_gets_the_words_in_utf8(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """LC_ALL=C or PYTHONIOENCODING=ascii: what was saved is shown, never a failure after it."""
    home = tmp_path / "store"
    assert recovery(home, "demo").returncode == 0
    if args[0] == "client":
        assert recovery(home, "add-goal", "Café ✓", "-c", "demo").returncode == 0
    env = {**child_env(home), "PYTHONIOENCODING": "ascii"}
    result = subprocess.run([recovery_executable(), *args], env=env, capture_output=True,
                            timeout=TIMEOUT, check=False)  # fmt: skip
    assert (result.returncode, result.stderr) == (0, b"")
    assert "Café ✓" in result.stdout.decode("utf-8")


def test_a_command_started_without_stdout_still_does_its_work(tmp_path: Path) -> None:
    home = tmp_path / "store"
    assert recovery(home, "demo").returncode == 0
    closed = subprocess.run(
        [recovery_executable(), "add-goal", "Water the plants", "-c", "demo"],
        env=child_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        timeout=TIMEOUT, check=False, preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert (closed.returncode, closed.stderr) == (0, b"")
    titles = [goal["title"] for goal in recovery_json(home, "goals", "-c", "demo")]
    assert "Water the plants" in titles
