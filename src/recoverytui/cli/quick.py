"""The quick path: `add-goal`, `check-in`, `goals`, `caseload` and `session` as typed,
without Typer.

Loading Typer (and click under it) costs as much as the rest of a quick command together, so
these read their arguments here, the way click would, and run the functions in
cli/quick_commands.py. Anything this parser is not sure of (help, a mistake, an option it
doesn't know, a value that isn't a number) goes to the Typer app instead, which says what is
wrong exactly as for any other command. The options mirror those declared for Typer in
cli/goals.py, cli/caseload.py and cli/session.py; tests/test_quick.py holds the two to each
other, and checks on generated command lines that both hand the same values to the same
function.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, NamedTuple

CLIENT_ENV = "RECOVERY_CLIENT"


class Quick(NamedTuple):
    run: str  # the function in cli/quick_commands.py
    arguments: tuple[str, ...]  # positional parameters, in order
    options: dict[str, str]  # each option's spelling -> its parameter
    required: frozenset[str]  # options that must be given (client may come from the env)
    flags: frozenset[str] = frozenset()  # on when given, no value
    lists: frozenset[str] = frozenset()  # may be given again; every value is kept
    numbers: frozenset[str] = frozenset()  # a whole number


_CLIENT = {"--client": "client", "-c": "client"}
_JSON = {"--json": "as_json"}

QUICK: dict[str, Quick] = {
    "add-goal": Quick(
        run="add_goal",
        arguments=("title",),
        options={
            **_CLIENT,
            "--dream": "dream",
            "--due": "due",
            "--area": "area",
            "--step": "step",
            "--support": "support",
            "--voice": "voice",
            **_JSON,
        },
        required=frozenset({"client"}),
        flags=frozenset({"as_json"}),
        lists=frozenset({"step"}),
    ),
    "check-in": Quick(
        run="check_in",
        arguments=("goal",),
        options={
            **_CLIENT,
            "--progress": "progress",
            "-p": "progress",
            "--note": "note",
            "--date": "on",
            "--voice": "voice",
            **_JSON,
        },
        required=frozenset({"client", "progress"}),
        flags=frozenset({"as_json"}),
        numbers=frozenset({"progress"}),
    ),
    "goals": Quick(
        run="goals",
        arguments=(),
        options={**_CLIENT, "--all": "show_all", **_JSON},
        required=frozenset({"client"}),
        flags=frozenset({"show_all", "as_json"}),
    ),
    # What is due, per client: read over the whole caseload, often, by scripts too.
    "caseload": Quick(
        run="caseload",
        arguments=(),
        options=_JSON,
        required=frozenset(),
        flags=frozenset({"as_json"}),
    ),
    # The shared screen: Typer would add its import to the time before the first frame.
    "session": Quick(run="session", arguments=(), options=_CLIENT, required=frozenset({"client"})),
}


def parse(spec: Quick, args: list[str], env: Mapping[str, str]) -> dict[str, Any] | None:
    """The parameters click would give for `args` (the words after the command's name), or
    None where this parser leaves them to Typer."""
    params: dict[str, Any] = {}
    positional: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":  # the rest are arguments, even those that begin with "-"
            positional.extend(words)
            break
        if word[:1] != "-" or word == "-":
            positional.append(word)
            continue
        # click's spellings: --name value, --name=value, -c value and -cvalue.
        if word.startswith("--"):
            name, equals, value = word.partition("=")
            attached: str | None = value if equals else None
        else:
            name, attached = word[:2], word[2:] or None
        param = spec.options.get(name)
        if param is None:  # -h, --help, or an option these commands don't have
            return None
        if param in spec.flags:
            if attached is not None:
                return None
            params[param] = True
            continue
        value = attached if attached is not None else next(words, None)
        if value is None:
            return None
        if param in spec.numbers:
            try:
                params[param] = int(value)
            except ValueError:
                return None
        elif param in spec.lists:
            params.setdefault(param, []).append(value)
        else:
            params[param] = value  # given twice, the last one counts
    if len(positional) != len(spec.arguments):
        return None
    params.update(zip(spec.arguments, positional, strict=True))
    takes_client = "client" in spec.options.values()
    if takes_client and "client" not in params and env.get(CLIENT_ENV):
        params["client"] = env[CLIENT_ENV]
    if not spec.required <= params.keys():
        return None
    return params


def run(args: list[str]) -> int | None:
    """Run `recovery ARGS` here and return its exit code, or None to leave it to Typer."""
    spec = QUICK.get(args[0]) if args else None
    params = parse(spec, args[1:], os.environ) if spec else None
    if spec is None or params is None:
        return None
    from recoverytui import INTERRUPTED
    from recoverytui.cli import quick_commands
    from recoverytui.cli.common import refusal, say
    from recoverytui.core.errors import PlanError

    try:
        code = getattr(quick_commands, spec.run)(**params)
    except KeyboardInterrupt:  # quietly, as Typer ends on Ctrl+C
        return INTERRUPTED
    except BrokenPipeError:  # `| head` stopped reading: end quietly, as click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (PlanError, OSError) as error:  # as RecoveryGroup says it: one line, exit 2
        told = refusal(error)
        if told is None:
            raise
        say(told)
        return 2
    return code or 0
