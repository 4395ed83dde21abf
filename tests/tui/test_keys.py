"""One key map: the bindings are the truth, and F1 and the README's key table agree with them
(the footer is Textual's, drawn from them; tests/tui/test_fit.py checks it fits 80×24). Esc
always has a way out; q is a letter, never a command."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.widgets import Button, Input, Static

import recoverytui.tui
from recoverytui.core.store import Store
from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.screens.caseload import CaseloadScreen
from recoverytui.tui.screens.form import FormScreen
from recoverytui.tui.screens.help import HelpScreen
from recoverytui.tui.screens.plan import PlanScreen
from recoverytui.tui.screens.review import ReviewScreen
from recoverytui.tui.widgets.goals_view import GoalsPane

README = Path(__file__).parents[2] / "README.md"
SIZE = (80, 24)

# Where a README row says it applies ("on 3: …"), and the class whose bindings it lists.
# Rows without a place are the keys of the app and the plan screen.
PLACES = {
    "on 8's consents": "SharingView",
    "on 2": "DreamsPane",
    "on 3": "GoalsPane",
    "on 4": "LadderPane",
    "on 5": "NeedsPane",
    "on 6": "WeekPane",
    "on 7": "CrisisPane",
    "on 8": "WhoHelpsPane",
    "in a form": "FormScreen",
    "in the weekly review": "ReviewScreen",
    "in the keys panel": "HelpScreen",
    "in the command palette": "Palette",
    "on the caseload": "CaseloadScreen",
    "on a notice": "NoticeScreen",
    "in the passphrase prompt": "UnlockScreen",
}
EVERYWHERE = {"RecoveryApp", "PlanScreen"}
# How the README writes a key, where it isn't the key's own name in other case.
WRITTEN = {
    "esc": "escape",
    "?": "question_mark",
    "/": "slash",
    "↑": "up",
    "↓": "down",
    "pgup": "pageup",
    "pgdn": "pagedown",
}


def our_classes() -> dict[str, type[DOMNode]]:
    found: dict[str, type[DOMNode]] = {}
    for module in pkgutil.walk_packages(recoverytui.tui.__path__, "recoverytui.tui."):
        loaded = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and issubclass(cls, DOMNode):
                found[name] = cls
    return found


def bindings() -> dict[str, list[Binding]]:
    """Every binding of ours, one per key, by the class that declares it."""
    found: dict[str, list[Binding]] = {}
    for name, cls in our_classes().items():
        own = cls.__dict__.get("BINDINGS", [])
        if own:
            found[name] = [b for keyed in BindingsMap(own).key_to_bindings.values() for b in keyed]
    return found


def readme_rows() -> list[tuple[set[str], str]]:
    """The key table: each row's keys (as Textual names them) and what it says."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| key | what it does |") :].split("\n\n")[0]
    rows = []
    for line in table.splitlines()[2:]:
        keys_cell, words = (cell.strip() for cell in line.strip("|").split("|", 1))
        keys: set[str] = set()
        for written in re.split(r"\s+(?:/|·|or)\s+|,\s*", keys_cell):
            if written == "1 … 8":
                keys |= {str(n) for n in range(1, 9)}
            else:
                keys.add(WRITTEN.get(written.lower(), written.lower()))
        rows.append((keys, words))
    return rows


def row_places(words: str) -> set[str]:
    """The classes a row's opening words name (before its first colon)."""
    opening = words.split(":", 1)[0] if ":" in words else ""
    named = set()
    for place in PLACES:  # the longer "on 8's consents" before "on 8"
        if place in opening:
            named.add(PLACES[place])
            opening = opening.replace(place, "")
    return named or EVERYWHERE


def test_the_readme_key_table_and_the_bindings_agree():
    bound = bindings()
    said: dict[str, set[str]] = {}
    for keys, words in readme_rows():
        for place in row_places(words):
            said.setdefault(place, set()).update(keys)
    everywhere = {b.key for name in EVERYWHERE for b in bound[name]}
    assert said.pop("RecoveryApp") == said.pop("PlanScreen") == everywhere
    for name in EVERYWHERE:
        bound.pop(name)
    assert set(said) == set(bound), "a place in the README with no keys, or keys with no place"
    for name, keyed in bound.items():
        assert said[name] == {b.key for b in keyed}, name


def test_every_binding_of_ours_has_an_id_a_description_and_a_tooltip():
    for name, keyed in bindings().items():
        for binding in keyed:
            assert binding.id and binding.description and binding.tooltip, (name, binding.key)


def test_q_is_bound_nowhere():
    """The decision (README, docs/architecture.md): q is typed, never obeyed. A client
    resting a hand on the keyboard ends nothing; Ctrl+Q quits, Esc goes back."""
    for name, keyed in bindings().items():
        assert "q" not in {b.key for b in keyed}, name


async def test_q_does_nothing_on_the_caseload_the_plan_or_the_keys_panel(store: Store):
    app = RecoveryApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code is None and isinstance(app.screen, CaseloadScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("q", "f1", "q")
        await pilot.pause()
        assert app.return_code is None and isinstance(app.screen, HelpScreen)


# What lies under the keys panel: the keys that open it.
UNDER = {
    "a section": ["3"],
    "a form": ["3", "a", *"Typed"],
    "the review": ["6", "r"],
    "the consents": ["8", "c"],
    "the palette": ["ctrl+p"],
}


@pytest.mark.parametrize("way_out", ["escape", "f1", "question_mark", "click"])
@pytest.mark.parametrize("under", UNDER)
async def test_the_keys_panel_closes_from_every_screen(session, under, way_out):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press(*UNDER[under])
        await pilot.pause()
        below = session.screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(session.screen, HelpScreen)
        if way_out == "click":
            await pilot.click("#close")
        else:
            await pilot.press(way_out)
        await pilot.pause()
        assert session.screen is below


async def test_the_keys_panel_lists_the_bindings_of_the_section_and_the_app(session):
    async with session.run_test(size=(120, 50)) as pilot:
        await pilot.press("3", "f1")
        await pilot.pause()
        text = str(session.screen.query_one("#help-box Static", Static).render())
    # The goals' hidden keys too (t, d, w): the footer has no room for them, F1 has.
    for binding in [*GoalsPane.BINDINGS, *PlanScreen.BINDINGS, *RecoveryApp.BINDINGS]:
        if binding.id == "plan-sync":  # a team's store only: test_team_sync.py
            continue
        assert str(binding.description) in text, binding.id
    assert "Save, go on" not in text  # another screen's


async def test_discard_asks_once_by_key_and_by_mouse(session, store):
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("3", "a", *"Half a goal", "escape")
        form = session.screen
        assert isinstance(form, FormScreen)
        assert "Discard what you typed?" in str(form.query_one("#error-form", Static).render())
        assert str(form.query_one("#cancel", Button).label) == "Discard"
        # Typing on asks again before that is thrown away too.
        await pilot.press(*" more")
        assert str(form.query_one("#cancel", Button).label) == "Cancel"
        await pilot.click("#cancel")
        await pilot.pause()
        assert session.screen is form
        assert form.query_one("#field-title", Input).value == "Half a goal more"
        await pilot.pause(0.3)  # a button ignores a second click within 0.2 s (a double click)
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        assert "Half a goal more" not in [g["title"] for g in plan.whole()["goals"]]


async def test_esc_leaves_the_review_even_while_a_field_is_refused(session, store):
    with store.plan("demo", write=True) as plan:
        plan.record_review("2026-W48", stage="words")
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("6", "r")
        await pilot.pause()
        review = session.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press(*"A good week.", "tab", "1", "1", "escape")
        await pilot.pause()
        assert session.screen is review  # asked once
        said = str(review.query_one("#card-error", Static).render())
        assert "0 to 10" in said and "Esc again" in said
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(session.screen, PlanScreen)
    with store.plan("demo") as plan:
        assert plan.review("2026-W48").get("hope") != 11


async def test_ctrl_q_quits_the_review_after_asking_once_about_a_refused_value(session, store):
    with store.plan("demo", write=True) as plan:
        plan.record_review("2026-W48", stage="words")
    async with session.run_test(size=SIZE) as pilot:
        await pilot.press("6", "r")
        await pilot.pause()
        await pilot.press(*"A good week.", "tab", "1", "1", "ctrl+q")
        await pilot.pause()
        assert session.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert session.return_code == 0
