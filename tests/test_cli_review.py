"""`recovery review`, `edit-goal` and `edit-dream`, driven through typer's CliRunner.

What the worker, the client and scripts rely on: one review per ISO week keyed by ISO year,
the JSON field names week, held, words, hope and agreed, a review that can be left and picked
up again, next week starting from the steps agreed last time, refusals on stderr with exit
code 2 and nothing written, and the client's words shown literally.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from calendar_support import DAY
from cli_support import CONTROL, as_json, ok, refused, run, snapshot  # noqa: F401
from recoverytui.core import dates
from recoverytui.core.store import Store

pytestmark = pytest.mark.usefixtures("day")  # every test on the frozen calendar
REVIEW_FIELDS = {"id", "voice", "created", "updated", "revision"}
REVIEW_FIELDS |= {"week", "held", "words", "hope", "agreed"}
AGREED_FIELDS = {"number", "text", "voice", "done"}
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;aGk=\x07"
C = ["-c", "robin"]


def assert_review(doc: dict[str, Any]) -> None:
    missing = REVIEW_FIELDS - set(doc)
    assert not missing, f"missing fields {missing} in {doc}"
    assert uuid.UUID(doc["id"]).version == 4
    assert dt.datetime.fromisoformat(doc["created"]).utcoffset() is not None
    assert re.fullmatch(r"\d{4}-W\d{2}", doc["week"])
    assert dt.date.fromisoformat(doc["held"]) <= DAY
    assert doc["hope"] is None or doc["hope"] in range(11)
    for step in doc["agreed"]:
        assert set(step) >= AGREED_FIELDS
    assert "doc_id" not in json.dumps(doc)


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


THIS_WEEK = week_of(DAY)
LAST_WEEK = week_of(DAY - dt.timedelta(days=7))
NEXT_WEEK = week_of(DAY + dt.timedelta(days=7))


@pytest.fixture
def client(home: Path) -> dict[str, Any]:
    client = as_json("client", "add", "Robin", "--handle", "robin")
    ok("add-dream", "A home that feels like mine", *C)
    ok("add-goal", "Buy a bed", "--dream", "1", "--due", "+3w", "--area", "home", *C)
    return client


@pytest.fixture
def reviewed(client: dict[str, Any]) -> dict[str, Any]:
    """This week's review with words, hope and two agreed steps."""
    return as_json(
        "review",
        *C,
        "--words",
        "Went out twice",
        "--hope",
        "6",
        "--agree",
        "Call my brother",
        "--agree",
        "Walk to the shop",
    )


# Showing and recording -------------------------------------------------------------------


def test_with_no_review_yet_it_says_so_and_writes_nothing(client: dict[str, Any], home: Path):
    before = snapshot(home)
    out = ok("review", *C)
    assert "no review yet" in out
    assert dates.week_in_words(THIS_WEEK) in out
    assert ok("review", *C, "--json").strip() == "null"
    assert ok("review", *C, "--week", LAST_WEEK, "--json").strip() == "null"
    assert snapshot(home) == before


def test_recording_prints_the_review_it_wrote(reviewed: dict[str, Any]):
    doc = reviewed
    assert_review(doc)
    assert (doc["week"], doc["held"]) == (THIS_WEEK, DAY.isoformat())
    assert (doc["words"], doc["hope"], doc["voice"], doc["revision"]) == (
        "Went out twice",
        6,
        "client",
        1,
    )
    assert doc["agreed"] == [
        {"number": 1, "text": "Call my brother", "voice": "together", "done": None},
        {"number": 2, "text": "Walk to the shop", "voice": "together", "done": None},
    ]
    assert as_json("review", *C) == doc
    assert as_json("review", *C, "--week", THIS_WEEK) == doc
    assert as_json("client", "show", *C)["reviews"] == [doc]


def test_the_human_view_shows_words_hope_and_steps(reviewed: dict[str, Any]):
    as_json("review", *C, "--done", "2")
    out = ok("review", *C)
    assert dates.week_in_words(THIS_WEEK) in out
    assert "“Went out twice”  (client)" in out
    assert "Hope for the future: 6 of 10" in out
    assert "[ ] 1. Call my brother" in out
    assert f"[x] 2. Walk to the shop  ({DAY.isoformat()})" in out


def test_recording_again_changes_only_what_is_given(reviewed: dict[str, Any]):
    doc = as_json("review", *C, "--hope", "8", "--agree", "Cook dinner")
    assert (doc["words"], doc["hope"], doc["revision"]) == ("Went out twice", 8, 2)
    assert [s["number"] for s in doc["agreed"]] == [1, 2, 3]
    cleared = as_json("review", *C, "--words", "")
    assert (cleared["words"], cleared["hope"]) == (None, 8)


def test_recording_the_same_again_writes_nothing(reviewed: dict[str, Any], home: Path):
    before = snapshot(home)
    again = as_json(
        "review", *C, "--words", "Went out twice", "--hope", "6", "--agree", "call my brother"
    )
    assert again == reviewed
    out = ok("review", *C, "--hope", "6")
    assert "already says so" in out
    assert snapshot(home) == before


def test_words_from_the_worker_say_so(client: dict[str, Any]):
    doc = as_json("review", *C, "--words", "Seemed tired", "--voice", "worker")
    assert doc["voice"] == "worker"
    assert "“Seemed tired”  (worker)" in ok("review", *C)


def test_hostile_and_multiline_words_round_trip_and_show_literally(client: dict[str, Any]):
    words = "[@click=app.quit]x[/] [bold]b\nblåbær ÆØÅ 😊 {name} $title"
    doc = as_json("review", *C, "--words", words, "--agree", "[/] step")
    assert doc["words"] == words
    out = ok("review", *C)
    assert "“[@click=app.quit]x[/] [bold]b\n   blåbær ÆØÅ 😊 {name} $title”  (client)" in out
    assert "[ ] 1. [/] step" in out


# ISO weeks and the day it was held ---------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "week"),
    [("2024-12-30", "2025-W01"), ("29.12.2024", "2024-W52"), ("03.01.2021", "2020-W53")],
)
def test_the_week_follows_the_day_held_keyed_by_iso_year(
    client: dict[str, Any], held: str, week: str
):
    doc = as_json("review", *C, "--date", held, "--hope", "5")
    assert (doc["week"], doc["held"]) == (week, dates.parse_date(held).isoformat())
    assert as_json("review", *C, "--week", week) == doc


def test_a_week_can_be_reviewed_later_but_not_before_it_begins(client: dict[str, Any]):
    doc = as_json("review", *C, "--week", "2024-W52", "--date", "2024-12-30", "--words", "Late")
    assert (doc["week"], doc["held"]) == ("2024-W52", "2024-12-30")
    last = as_json("review", *C, "--week", "last", "--hope", "4")
    assert (last["week"], last["held"]) == (LAST_WEEK, DAY.isoformat())


def test_the_held_date_can_be_corrected(reviewed: dict[str, Any]):
    monday = dates.week_bounds(THIS_WEEK)[0].isoformat()
    doc = as_json("review", *C, "--date", monday)
    assert (doc["held"], doc["revision"], doc["week"]) == (monday, 2, THIS_WEEK)


# Refusals: exit 2, a message on stderr, nothing written -----------------------------------

BAD_INPUT = {
    "hope 11": (["--hope", "11"], "0 to 10"),
    "hope -1": (["--hope", "-1"], "0 to 10"),
    "hope=-1": (["--hope=-1"], "0 to 10"),
    "hope abc": (["--hope", "abc"], "hope"),
    "hope 2.5": (["--hope", "2.5"], "hope"),
    "held tomorrow": (["--words", "x", "--date", "tomorrow"], "future"),
    "held +3d": (["--hope", "5", "--date", "+3d"], "future"),
    "held far ahead": (["--date", "01.01.2999"], "future"),
    "held impossible": (["--date", "31.02.2026"], "31.02.2026"),
    "held before the week": (["--week", "2025-W02", "--date", "2024-12-30"], "before the week"),
    "next week": (["--week", NEXT_WEEK, "--words", "x"], "before the week"),
    "week 2025-W53": (["--week", "2025-W53", "--words", "x"], "2025 has no week 53"),
    "week 2025-W53, show": (["--week", "2025-W53"], "2025 has no week 53"),
    "week 2025-W00": (["--week", "2025-W00", "--hope", "3"], "no week 0"),
    "week garbage": (["--week", "soon", "--hope", "3"], "not a week"),
    "escape in words": (["--words", f"ok{OSC_TITLE}"], "control character"),
    "clipboard in words": (["--words", OSC_CLIPBOARD], "control character"),
    "C1 in words": (["--words", "ok\x9b2J"], "control character"),
    "words far too long": (["--words", "w" * 5000], "5000"),
    "escape in agreed step": (["--agree", f"Cook{OSC_TITLE}"], "control character"),
    "empty agreed step": (["--agree", "Cook", "--agree", " "], "empty"),
    "agreed step is a number": (["--agree", "3"], "only a number"),
    "unknown step number": (["--done", "9"], "no agreed step '9'"),
    "unknown step with words": (["--words", "Fine", "--done", "9"], "no agreed step '9'"),
    "step given by text": (["--done", "Walk to the shop"], "no agreed step"),
    "done in a week without review": (["--week", "last", "--done", "1"], "no review"),
    "unknown voice": (["--words", "x", "--voice", "boss"], "boss"),
}


@pytest.mark.parametrize(("args", "words"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_and_nothing_is_written(
    reviewed: dict[str, Any], home: Path, args: list[str], words: str
):
    message = refused(home, "review", *C, *args)
    assert words.lower() in message.lower(), message


def test_bad_input_starts_no_review(client: dict[str, Any], home: Path):
    refused(home, "review", *C, "--words", "Fine", "--hope", "11")
    refused(home, "review", *C, "--agree", "Walk", "--date", "tomorrow")
    refused(home, "review", *C, "--words", "Fine", "--done", "1")
    assert as_json("client", "show", *C)["reviews"] == []


def test_an_unknown_client_is_refused(home: Path):
    refused(home, "review", "-c", "nobody")
    refused(home, "review", "-c", "nobody", "--hope", "3")
    assert not home.exists()


# Leaving and resuming; one week to the next -----------------------------------------------


def test_a_review_left_midway_keeps_its_stage(reviewed: dict[str, Any], home: Path):
    # The TUI's guided walk stops at the basic needs; the CLI adds to it without moving it.
    with Store(home).plan("robin", write=True) as plan:
        plan.record_review(THIS_WEEK, stage="needs")
    doc = as_json("review", *C, "--hope", "7")
    assert doc["stage"] == "needs"
    assert doc["hope"] == 7
    with Store(home).plan("robin", write=True) as plan:
        assert plan.open_review(THIS_WEEK)["stage"] == "needs"


def test_next_week_starts_from_the_steps_agreed_last_time(client: dict[str, Any]):
    last = as_json(
        "review",
        *C,
        "--week",
        "last",
        "--date",
        "today",
        "--agree",
        "Call my brother",
        "--agree",
        "Walk to the shop",
    )
    ticked = as_json("review", *C, "--week", "last", "--done", "1")
    assert [s["done"] for s in ticked["agreed"]] == [DAY.isoformat(), None]
    assert ticked["revision"] == last["revision"] + 1

    out = ok("review", *C)
    assert "no review yet" in out
    assert f"It starts from the steps agreed in {LAST_WEEK}:" in out
    assert "[x] 1. Call my brother" in out
    assert "[ ] 2. Walk to the shop" in out
    # This week's own steps start afresh, numbered from 1.
    now = as_json("review", *C, "--agree", "Walk to the shop", "--words", "Better")
    assert now["week"] == THIS_WEEK
    assert [(s["number"], s["text"], s["done"]) for s in now["agreed"]] == [
        (1, "Walk to the shop", None)
    ]


# The whole plan ----------------------------------------------------------------------------


def test_client_show_has_this_weeks_review(reviewed: dict[str, Any]):
    ok("review", *C, "--done", "1")
    out = ok("client", "show", *C)
    section = out[out.index("This week") :]
    assert dates.week_in_words(THIS_WEEK) in section
    assert "“Went out twice”  (client)" in section
    assert "Hope for the future: 6 of 10" in section
    assert "[x] 1. Call my brother" in section
    assert "[ ] 2. Walk to the shop" in section


def test_client_show_without_a_review_this_week_says_so(client: dict[str, Any]):
    ok("review", *C, "--week", "last", "--date", "today", "--agree", "Cook dinner")
    section = ok("client", "show", *C).split("This week", 1)[1]
    assert "No review yet." in section
    assert f"Agreed in {LAST_WEEK}:" in section
    assert "[ ] 1. Cook dinner" in section


# edit-goal and edit-dream ------------------------------------------------------------------


def test_edit_goal_prints_the_goal_it_wrote(client: dict[str, Any]):
    ok("add-dream", "Sleep well", *C)
    goal = as_json(
        "edit-goal",
        "1",
        *C,
        "--title",
        "Buy a bed of my own",
        "--dream",
        "2",
        "--support",
        "Ola",
        "--due",
        "2026-12-24",
    )
    assert (goal["number"], goal["title"], goal["dream"], goal["support"], goal["due"]) == (
        1,
        "Buy a bed of my own",
        2,
        "Ola",
        "2026-12-24",
    )
    assert goal["area"] == "home"
    assert goal["revision"] == 2
    assert as_json("goals", *C) == [goal]
    cleared = as_json(
        "edit-goal",
        "Buy a bed of my own",
        *C,
        "--due",
        "",
        "--dream",
        "",
        "--area",
        "",
        "--support",
        "",
    )
    assert (cleared["due"], cleared["dream"], cleared["area"], cleared["support"]) == (None,) * 4
    assert "Changed goal 1: Buy a bed of my own" in ok("edit-goal", "1", *C, "--area", "bedroom")
    assert "already so" in ok("edit-goal", "1", *C, "--area", "bedroom")


def test_edit_dream_prints_the_dream_it_wrote(client: dict[str, Any]):
    dream = as_json("edit-dream", "1", "A home\nwith a couch", *C)
    assert (dream["number"], dream["text"], dream["revision"]) == (1, "A home\nwith a couch", 2)
    assert as_json("dreams", *C) == [dream]
    assert "already says so" in ok("edit-dream", "1", "A home\nwith a couch", *C)


EDIT_REFUSALS = {
    "empty title": (["edit-goal", "1", "--title", ""], "empty"),
    "title only a number": (["edit-goal", "1", "--title", "7"], "only a number"),
    "escape in title": (["edit-goal", "1", "--title", f"Bed{OSC_TITLE}"], "control character"),
    "impossible due": (["edit-goal", "1", "--due", "31.02.2026"], "31.02.2026"),
    "unknown dream": (["edit-goal", "1", "--dream", "9"], "9"),
    "bad support, good area": (["edit-goal", "1", "--area", "x", "--support", "s" * 81], "81"),
    "unknown goal": (["edit-goal", "9", "--title", "x"], "9"),
    "empty dream": (["edit-dream", "1", ""], "empty"),
    "escape in dream": (["edit-dream", "1", f"Home{OSC_CLIPBOARD}"], "control character"),
    "unknown dream to edit": (["edit-dream", "4", "Home"], "4"),
}


@pytest.mark.parametrize(("args", "words"), EDIT_REFUSALS.values(), ids=EDIT_REFUSALS.keys())
def test_refused_edits_write_nothing(client: dict[str, Any], home: Path, args, words):
    message = refused(home, *args, *C)
    assert words.lower() in message.lower(), message
