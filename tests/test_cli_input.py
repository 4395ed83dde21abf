"""Numbers and weeks as a person types them: a digit of any script either means its number
or is refused in one plain line, exit 2, nothing written; never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_support import as_json, ok, refused

# Number signs that are not decimal digits: superscript and circled ones (str.isdigit()
# takes them for digits, int() refuses them), a Roman numeral, a digit then a superscript.
ODD_DIGITS = ["²", "①", "Ⅻ", "1²"]


@pytest.fixture(scope="module")
def made_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("demo") / "home"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RECOVERY_HOME", str(made))
        ok("demo")
    return made


@pytest.fixture
def demo(home: Path, made_once: Path) -> Path:
    """A store with the demo client, copied from one made once for the module."""
    shutil.copytree(made_once, home)
    return home


# Every place a goal, dream, area or need is named by its number or its words.
REFERENCES = [
    ("check-in", "{}", "-p", "1"),
    ("edit-goal", "{}", "--title", "Another"),
    ("goal-status", "{}", "reached"),
    ("add-step", "{}", "A step"),
    ("step-done", "1", "{}"),
    ("check-ins", "--goal", "{}"),
    ("dream-status", "{}", "reached"),
    ("edit-dream", "{}", "Other words"),
    ("add-goal", "A goal", "--dream", "{}"),
    ("edit-goal", "1", "--dream", "{}"),
    ("area", "{}", "--next", "Ask"),
    ("step-up", "{}"),
    ("step-back", "{}"),
    ("need", "{}", "--client-says", "met"),
    ("review", "--week", "{}"),
    ("review", "--done", "{}"),
]


@pytest.mark.parametrize("digits", ODD_DIGITS)
@pytest.mark.parametrize("command", REFERENCES, ids=lambda c: " ".join(c))
def test_digits_that_are_not_decimal_name_nothing_and_are_refused(
    demo: Path, command: tuple[str, ...], digits: str
) -> None:
    args = [word.format(digits) for word in command]
    message = refused(demo, *args, "-c", "demo")
    assert "unexpected" not in message


def test_decimal_digits_of_any_script_are_their_number(demo: Path) -> None:
    arabic_indic_one, devanagari_two = "\u0661", "\u0968"
    goals = {goal["number"]: goal for goal in as_json("goals", "-c", "demo", "--all")}
    shown = as_json("goal-status", arabic_indic_one, "paused", "-c", "demo")
    assert shown["id"] == goals[1]["id"]
    assert as_json("add-goal", "Walk", "--dream", devanagari_two, "-c", "demo")["dream"] == 2


@pytest.mark.parametrize("title", ["\u0663", "\u0967\u0968", "  42 "])
def test_a_title_of_decimal_digits_is_refused_as_a_number(demo: Path, title: str) -> None:
    assert "number" in refused(demo, "add-goal", title, "-c", "demo")


@pytest.mark.parametrize("title", ["²", "①", "Ⅻ", "½"])
def test_a_title_of_other_digits_is_words_and_is_found_by_them(demo: Path, title: str) -> None:
    goal = as_json("add-goal", title, "-c", "demo")
    assert as_json("goal-status", title, "paused", "-c", "demo")["id"] == goal["id"]


def test_a_number_too_long_for_any_entry_is_refused_plainly(demo: Path) -> None:
    for digits in ("9" * 40, "9" * 5000):  # int() refuses more than 4300 digits
        refused(demo, "check-in", digits, "-p", "1", "-c", "demo")
        refused(demo, "review", "--week", digits, "-c", "demo")


@pytest.mark.parametrize(
    "week", ["9999-W52", "0001-W01", "0999-W10", "10000-W01", "1000-W01", "9999-W51"]
)
def test_weeks_at_the_ends_of_the_calendar_never_crash(
    demo: Path, week: str, tmp_path: Path
) -> None:
    """A week the calendar can't hold whole is refused; the first and last it can are shown
    (a week still to come has no printout yet, and says so)."""
    if week in ("1000-W01", "9999-W51"):
        ok("review", "--week", week, "-c", "demo")
    else:
        refused(demo, "review", "--week", week, "-c", "demo")
    if week == "1000-W01":
        # A sheet is for a week the plan had begun by: a review written down for that week
        # (from an old paper plan, say) makes it the first.
        ok("review", "--week", week, "--words", "From the old paper plan", "-c", "demo")
        ok("report", "weekly", "-c", "demo", "--week", week, "-o", str(tmp_path / "w.txt"))
        assert "From the old paper plan" in (tmp_path / "w.txt").read_text()
    else:
        refused(demo, "report", "weekly", "-c", "demo", "--week", week, "-o", "-")


def test_steps_and_agreed_steps_by_a_number_in_any_script(demo: Path) -> None:
    goal = as_json("add-goal", "Walk", "--step", "Out", "--step", "Back", "-c", "demo")
    done = as_json("step-done", str(goal["number"]), "\u0662", "-c", "demo")
    assert [bool(step["done"]) for step in done["steps"]] == [False, True]
    review = as_json("review", "--agree", "Call", "--agree", "Shop", "-c", "demo")
    week = review["week"]
    marked = as_json("review", "--week", week, "--done", "\u0661", "-c", "demo")
    assert [bool(step["done"]) for step in marked["agreed"]] == [True, False]
    refused(demo, "step-done", str(goal["number"]), "²", "-c", "demo")
    refused(demo, "review", "--week", week, "--done", "²", "-c", "demo")
