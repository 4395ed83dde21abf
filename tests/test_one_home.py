"""Every rule has one home, in core: the TUI and the CLI ask core and never check on their own.

Read from the source (the AST of every module in cli/ and tui/), so a copy of a rule fails
here before it can drift from the original. Each rule below names what it would have caught.
A check that belongs to the plan goes in core (a field's check in core/fields.py, used by the
operation and the form alike); a check about how a command is typed may stay in the CLI and
is listed in ARGUMENT_CHECKS with the reason.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from recoverytui.core import documents, errors, text

SOURCE = Path(__file__).resolve().parents[1] / "src" / "recoverytui"
LAYERS = ("cli", "tui")

# core's raw checks: a form or a command calls a field's check (core/fields.py) or the plan
# operation instead, so the field's name and limits in the message are core's.
RAW_CHECKS = {"clean", "name", "optional", "parse_date", "check_choice"}
LIMITS = {name: getattr(text, name) for name in dir(text) if name.endswith("_MAX")}
PLAN_ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.PlanError)
}
WORDS = {
    name: set(value)
    for name, value in vars(documents).items()
    if name.isupper() and isinstance(value, tuple) and all(isinstance(v, str) for v in value)
}
NUMBERS = {name: set(value) for name, value in vars(documents).items() if isinstance(value, range)}
# Functions named like a check that are not one: commands, the screen's poll, and Textual's
# hook that says which keys a screen offers.
NOT_CHECKS = {"check_in", "check_ins", "check_for_changes", "check_action"}
# Refusals about how a command is typed or run, not about the plan: (module, function).
ARGUMENT_CHECKS = {
    ("cli/options.py", "one_or_all"): "-c or --all, for the printout and restore",
    ("cli/crisis.py", "edit"): "something to change: words or an option",
    ("cli/crisis.py", "admission"): "--clear or the agreement's details",
    ("cli/individual_plan.py", "edit_participant"): "an option that says what to change",
    ("cli/individual_plan.py", "edit_measure"): "something to change; --goal or --no-goals",
    ("cli/history.py", "worker_command"): "a name or --clear",
    ("cli/language.py", "language_command"): "a language or --forget",
    ("cli/quick_commands.py", "session"): "a terminal to show the session in",
    ("cli/report.py", "weekly"): "--all and -o that go together",
    ("cli/report.py", "crisis"): "-o - for Markdown or text, without --json",
    ("cli/report.py", "plan"): "-o - for Markdown or text, without --json",
    ("cli/report.py", "_format"): "--format and the -o file's ending",
    ("cli/report.py", "_targets"): "where the sheets can be written",
    ("cli/security.py", "ask_new_passphrase"): "the passphrase typed twice",
    ("cli/security.py", "passphrase"): "a store that is encrypted; a new passphrase",
    ("cli/security.py", "_hidden"): "a passphrase at the prompt",
}


class Finding:
    def __init__(self, path: str, node: ast.AST, what: str) -> None:
        self.where = f"{path}:{getattr(node, 'lineno', '?')}"
        self.what = what

    def __repr__(self) -> str:
        return f"{self.where}: {self.what}"


def modules() -> Iterator[tuple[str, ast.Module]]:
    for layer in LAYERS:
        for path in sorted((SOURCE / layer).rglob("*.py")):
            name = path.relative_to(SOURCE).as_posix()
            yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def with_parents(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node  # type: ignore[attr-defined]
    return tree


def enclosing_function(node: ast.AST) -> str | None:
    while (node := getattr(node, "parent", None)) is not None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node.name
    return None


def called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def findings(path: str, tree: ast.Module) -> Iterator[Finding]:
    with_parents(tree)
    for node in ast.walk(tree):
        # check_title, check_due, check_day, check_note, check_move, read_hope … in the TUI.
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            named_like_a_check = node.name.startswith(("check_", "valid", "read_", "is_valid"))
            if named_like_a_check and node.name not in NOT_CHECKS:
                yield Finding(path, node, f"defines {node.name}(): a check belongs in core")
        # text.name(value, _("title"), max_len=text.TITLE_MAX) and dates.parse_date(value).
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in ("text", "dates", "documents")
            and node.func.attr in RAW_CHECKS
        ):
            yield Finding(path, node, f"calls core's raw {node.func.attr}()")
        if isinstance(node, ast.ImportFrom) and node.module in (
            "recoverytui.core.text",
            "recoverytui.core.dates",
            "recoverytui.core.documents",
        ):
            for alias in node.names:
                if alias.name in RAW_CHECKS or alias.name in LIMITS:
                    yield Finding(path, node, f"imports core's {alias.name}")
        # max_len=text.TITLE_MAX, or the 200 itself.
        if isinstance(node, ast.Attribute | ast.Name):
            name = node.attr if isinstance(node, ast.Attribute) else node.id
            if name in LIMITS:
                yield Finding(path, node, f"uses the limit {name}")
        if (
            isinstance(node, ast.Constant)
            and type(node.value) is int
            and node.value in LIMITS.values()
        ):
            yield Finding(path, node, f"holds a text limit as the number {node.value}")
        # raise InvalidInput(_("Type up, back, or leave it empty.")) in the TUI.
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            raised = exc.id if isinstance(exc, ast.Name) else getattr(exc, "attr", None)
            allowed = (path, enclosing_function(node)) in ARGUMENT_CHECKS
            if raised in PLAN_ERRORS and not allowed:
                yield Finding(path, node, f"refuses with {raised}: a rule belongs in core")
        # doc["revision"] == before["revision"]: core says whether anything changed
        # (Saved.changed); a form only hands the revision it showed back to the operation.
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and node.slice.value == "revision"
        ):
            parent = getattr(node, "parent", None)
            handed_back = isinstance(parent, ast.keyword) and parent.arg == "revision"
            if not (handed_back and path.startswith("tui/")):
                yield Finding(path, node, 'reads ["revision"] to tell what changed')
        # value.isdigit() and int(value): a typed number is read by core (fields.progress …).
        if (
            path.startswith("tui/")
            and isinstance(node, ast.Call)
            and called_name(node) in ("isdigit", "isdecimal", "isnumeric")
        ):
            yield Finding(path, node, f"reads a number itself with {called_name(node)}()")
        # name.casefold(): finding and comparing names the way core does it.
        if isinstance(node, ast.Call) and called_name(node) == "casefold":
            yield Finding(path, node, "compares names itself with casefold()")
        yield from vocabulary_copies(path, node)


def vocabulary_copies(path: str, node: ast.AST) -> Iterator[Finding]:
    """("", "up", "back"), "met, partly, unmet, not-relevant, unknown", range(5): a list of
    allowed values that core keeps (documents.py)."""
    words: set[object] = set()
    if isinstance(node, ast.Tuple | ast.List | ast.Set) and all(
        isinstance(item, ast.Constant) for item in node.elts
    ):
        words = {item.value for item in node.elts} - {""}  # type: ignore[attr-defined]
    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "," in node.value:
        words = {word.strip() for word in node.value.split(",")}
    if len(words) > 1:
        for name, vocabulary in WORDS.items():
            if words <= vocabulary:
                yield Finding(path, node, f"copies allowed values that core keeps as {name}")
    if isinstance(node, ast.Call) and called_name(node) == "range":
        try:
            numbers = set(range(*(ast.literal_eval(arg) for arg in node.args)))
        except (ValueError, TypeError):  # not a range of numbers written out
            return
        for name, vocabulary in NUMBERS.items():
            if numbers == vocabulary:
                yield Finding(path, node, f"copies allowed values that core keeps as {name}")


def test_the_tui_and_the_cli_define_no_rule_of_their_own():
    found = [finding for path, tree in modules() for finding in findings(path, tree)]
    assert not found, "\n".join(map(repr, found))


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("def check_title(value):\n    text.name(value, 't', max_len=text.TITLE_MAX)\n", "check"),
        ("def f(value):\n    dates.parse_date(value, past=True)\n", "parse_date"),
        ("from recoverytui.core.text import clean\n", "clean"),
        ("def f(value):\n    return len(value) > 200\n", "200"),
        (
            "def f(v):\n    if v not in ('', 'up', 'back'):\n        raise InvalidInput(v)\n",
            "MOVES",
        ),
        ("def f(v):\n    raise InvalidInput(v)\n", "InvalidInput"),
        ("LABEL = 'met, partly, unmet, not-relevant, unknown'\n", "RATINGS"),
        ("SCALE = [n for n in range(5)]\n", "PROGRESS"),
        ("TOP_DOWN = list(range(5, 0, -1))\n", "STEPS"),
        ("def f(doc, before):\n    return doc['revision'] == before['revision']\n", "revision"),
        (
            "def f(steps, w):\n    return [s for s in steps if s['text'].casefold() == w]\n",
            "casefold",
        ),
        ("def f(v):\n    return int(v) if v.isdigit() else -1\n", "isdigit"),
    ],
)
def test_each_kind_of_copy_is_caught(source, what):
    """The copies this test was written against, in small: each one is found."""
    found = list(findings("tui/example.py", ast.parse(source)))
    assert any(what in finding.what for finding in found), found


def test_a_form_may_hand_back_the_revision_it_showed():
    source = "def save(plan, goal):\n    plan.edit_goal(1, revision=goal['revision'])\n"
    assert not list(findings("tui/example.py", ast.parse(source)))
    assert list(findings("cli/example.py", ast.parse(source)))
