"""House rules of the TUI that a test can hold: every key has an id and a tooltip, and user
text reaches a widget with nothing in it that could steer the terminal or reorder a line."""

import importlib
import inspect
import pkgutil

from textual.binding import Binding

import recoverytui.tui


def test_every_binding_has_an_id_and_a_tooltip():
    seen = 0
    for info in pkgutil.walk_packages(recoverytui.tui.__path__, "recoverytui.tui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    seen += 1
                    assert binding.id, (cls.__name__, binding.key)
                    assert binding.tooltip, (cls.__name__, binding.key)
                    assert binding.description, (cls.__name__, binding.key)
    assert seen > 30


def test_user_text_reaches_a_widget_with_controls_and_bidi_overrides_defused():
    from recoverytui.tui.text import cell, shown

    trick = "abc \u202edcba\u202c \u2066x\u2069 \x1b]0;t\x07 [b]y[/b] \u200f!"
    defused = "abc \ufffddcba\ufffd \ufffdx\ufffd \ufffd]0;t\ufffd [b]y[/b] \u200f!"
    assert shown(trick).plain == defused
    assert cell(trick + "\nnext").plain == defused + " ⏎ next"


def test_nothing_reaches_through_the_app_or_the_screen_for_the_store():
    """The store comes down with the screen (PlanAccess, the caseload's own), never by a cast
    through `self.app` or `self.screen`: such a reach is invisible to the type checker, and a
    widget that needs the plan asks for it through what it was given."""
    from pathlib import Path

    reaches = []
    for path in Path(recoverytui.tui.__path__[0]).rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if "app.store" in code or ("self.screen" in code and "type: ignore" in line):
                reaches.append(f"{path.name}:{number}: {line.strip()}")
    assert reaches == []
