"""Typer's and click's own words ("Usage", "Options", "Missing argument", …) in the program's
language.

Typer 0.26 looks up a few of its words with the standard library's gettext each time it
writes one (typer/core.py); the click it vendors writes the rest in English. Both go
through our catalogue: Typer's lookup is pointed at ours, click's usage line and help
option are written by our formatter, and its errors are written here (`show`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

import typer.core
from typer import _click
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.exceptions import Abort

from recoverytui.core.i18n import N_, _
from recoverytui.core.text import safe

# What Typer translates with gettext, as it writes it: here so the catalogue holds it.
TYPER_WORDS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
    N_("(dynamic)"),
)
HELP_OPTION = N_("Show this message and exit.")
# Usage lines: the words in them that are not typed as they stand.
USAGE_WORDS = (("[OPTIONS]", N_("[OPTIONS]")), ("COMMAND [ARGS]...", N_("COMMAND [ARGS]...")))
# The sentences click writes itself, already filled in, that a person can meet here.
CLICK_SENTENCES = (
    (
        r"Got unexpected extra argument\(s\) \((?P<words>.*)\)",
        N_('Words left over: {words}. Text with spaces goes in quotes: "like this".'),
    ),
    (r"Option (?P<name>'.+') requires an argument\.", N_("Option {name} needs a value.")),
    (r"Option (?P<name>'.+') does not take a value\.", N_("Option {name} takes no value.")),
    (r"(?P<value>'.*') is not a valid int(eger)?\.", N_("{value} is not a whole number.")),
    (r"(?P<said>.+)\. Did you mean (?P<names>.+)\?", N_("{said}. Did you mean {names}?")),
)


class Formatter(_click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, words in USAGE_WORDS:
            args = args.replace(english, _(words))
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [(term, _(text) if text == HELP_OPTION else text) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def install() -> None:
    """From now on, Typer and its click speak the program's language."""
    typer.core._ = _
    _click.Context.formatter_class = Formatter


def show(error: ClickException | Abort) -> int:
    """Write a usage error as click would, in the program's language; its exit code."""
    if isinstance(error, Abort):
        print(_("Aborted!"), file=sys.stderr)
        return 1
    if isinstance(error, NoArgsIsHelpError):  # `recovery client`: its help, written already
        error.show()
        return error.exit_code
    ctx = getattr(error, "ctx", None)
    if isinstance(error, UsageError) and ctx is not None:
        lines = [ctx.get_usage()]
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]
                )
            )
        print(safe("\n".join(lines)) + "\n", file=sys.stderr)
    print(_("Error: {message}").format(message=safe(message_of(error))), file=sys.stderr)
    return error.exit_code


def message_of(error: ClickException) -> str:
    """The error's sentence in the program's language; click's own where it has no other."""
    if isinstance(error, MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else None)
        template = {
            "argument": _("Missing argument {name}."),
            "option": _("Missing option {name}."),
        }.get(kind or "", _("Missing parameter {name}."))
        return template.format(name=_hint(error)).replace(" .", ".")
    if isinstance(error, NoSuchOption):
        said = _("No such option: {name}").format(name=error.option_name)
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            said += " " + _("(Possible options: {options})").format(options=options)
        return said
    if isinstance(error, BadParameter):
        hint, message = _hint(error), click_sentence(error.message)
        if not hint:
            return message
        return _("Invalid value for {name}: {message}").format(name=hint, message=message)
    return click_sentence(error.format_message())


def click_sentence(message: str) -> str:
    """One of click's sentences in the program's language, where we know it."""
    for pattern, template in CLICK_SENTENCES:
        found = re.fullmatch(pattern, message)
        if found:
            return _(template).format(**found.groupdict())
    return _(message)


def _hint(error: BadParameter) -> str:
    hint = error.param_hint
    if hint is None and error.param is not None and error.ctx is not None:
        hint = error.param.get_error_hint(error.ctx)
    if hint is None:
        return ""
    hint = hint if isinstance(hint, str) else " / ".join(f"'{h}'" for h in hint)
    # Typer adds "(env var: 'NAME')" in English.
    return re.sub(
        r"\(env var: (.+)\)$", lambda m: "(" + _("env var: {var}").format(var=m[1]) + ")", hint
    )
