"""The `recovery` command line, driven through typer's CliRunner.

What scripts and people rely on (DESIGN.md, "The command line"): the JSON contract of every
write and list command, refusals on stderr with exit code 2 and nothing written, text a person
typed shown literally and never run as markup or terminal control, and a harmless demo.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

import recoverytui.cli
from calendar_support import DAY
from cli_support import CONTROL, as_json, ok, refused, run, snapshot

pytestmark = pytest.mark.usefixtures("day")  # every test on the frozen calendar

GOAL_FIELDS = {"id", "number", "voice", "created", "updated", "revision", "title", "status"}
GOAL_FIELDS |= {"due", "steps", "dream"}
DREAM_FIELDS = {"id", "number", "voice", "created", "updated", "revision", "text", "status"}
CLIENT_FIELDS = {"id", "created", "updated", "revision", "name", "handle", "coordinator"}
CHECKIN_FIELDS = {"id", "voice", "created", "updated", "revision", "goal", "date", "progress"}
CHECKIN_FIELDS |= {"note"}

# Terminal control characters: C0 except tab and newline, DEL, and C1.

OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;aGk=\x07"
C1_CSI = "\x9b"

HOSTILE = [
    "[/]",
    "x [/",
    "[@click=app.quit]x[/]",
    "[bold]b[/bold]",
    "blåbær ÆØÅ 😊",
    "she said \"don't\" and 'maybe'",
    "C:\\new\\table and a \\\\ pair",
    "[link=https://example.org]here[/link] $title {name} %s",
]


# Helpers -----------------------------------------------------------------------------------


def keys_anywhere(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(keys_anywhere(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_anywhere(v) for v in value))
    return set()


def assert_document(doc: dict[str, Any], fields: set[str]) -> None:
    """A document as the contract fixes it: named fields, uuid4 id, aware stamps, no doc_id."""
    assert isinstance(doc, dict)
    missing = fields - set(doc)
    assert not missing, f"missing fields {missing} in {doc}"
    parsed = uuid.UUID(doc["id"])
    assert parsed.version == 4
    assert str(parsed) == doc["id"]
    created = dt.datetime.fromisoformat(doc["created"])
    updated = dt.datetime.fromisoformat(doc["updated"])
    assert created.utcoffset() is not None, doc["created"]
    assert updated.utcoffset() is not None, doc["updated"]
    assert updated >= created
    assert isinstance(doc["revision"], int)
    assert doc["revision"] >= 1
    if "voice" in doc:
        assert doc["voice"] in ("client", "worker", "together")
    assert "doc_id" not in keys_anywhere(doc)


def width(ch: str) -> int:
    """Columns one character takes on screen, measured here rather than borrowed from src."""
    if unicodedata.combining(ch) or ch in "\u200b\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def column_starts(header: str) -> list[int]:
    # Headings are two spaces apart at least; one heading may be words ("Crisis plan by").
    return [m.start() for m in re.finditer(r"\S+(?: \S+)*", header)]


def cells(line: str, starts: list[int]) -> list[str]:
    """Cut a table line at the columns a terminal shows it in.

    Wide characters take two columns and a tab moves on to the next tab stop, as they do on
    screen, so a cell whose width was miscounted shows up as a column that doesn't line up.
    """
    out = [""] * len(starts)
    column = 0
    for ch in line:
        for part in " " * (8 - column % 8) if ch == "\t" else ch:
            index = max(i for i, start in enumerate(starts) if start <= column)
            out[index] += part
            column += width(part)
    for i in range(1, len(starts)):
        if out[i]:
            assert out[i - 1].endswith("  "), f"column {i} is not aligned in {line!r}"
            assert not out[i].startswith(" "), f"column {i} is not aligned in {line!r}"
    return [cell.strip() for cell in out]


def table_rows(stdout: str, headers: Iterable[str]) -> list[list[str]]:
    lines = stdout.rstrip("\n").split("\n")
    header = lines[0]
    assert re.split(r"\s{2,}", header.strip()) == list(headers), header
    starts = column_starts(header)
    return [cells(line, starts) for line in lines[1:]]


@pytest.fixture
def client(home: Path) -> dict[str, Any]:
    return as_json("client", "add", "Robin", "--handle", "robin", "--coordinator", "Kari")


@pytest.fixture
def plan(client: dict[str, Any]) -> dict[str, Any]:
    """Robin with one dream and one goal (two steps) toward it."""
    dream = as_json("add-dream", "A home that feels like mine", "-c", "robin")
    goal = as_json(
        "add-goal",
        "Walk to the shop",
        "-c",
        "robin",
        "--dream",
        "1",
        "--step",
        "With Kari",
        "--step",
        "Alone",
    )
    return {"client": client, "dream": dream, "goal": goal}


# The JSON contract -------------------------------------------------------------------------


def test_client_add_prints_the_client_it_wrote(home: Path) -> None:
    doc = as_json("client", "add", "Robin", "--handle", "robin", "--coordinator", "Kari")
    assert_document(doc, CLIENT_FIELDS)
    assert (doc["name"], doc["handle"], doc["coordinator"], doc["revision"]) == (
        "Robin",
        "robin",
        "Kari",
        1,
    )
    assert as_json("client", "show", "-c", "robin")["client"] == doc
    listed = as_json("client", "list")
    assert isinstance(listed, list)
    assert len(listed) == 1
    assert_document(listed[0], CLIENT_FIELDS)
    assert {k: listed[0][k] for k in CLIENT_FIELDS} == {k: doc[k] for k in CLIENT_FIELDS}


def test_client_add_without_handle_makes_one_from_the_name(home: Path) -> None:
    first = as_json("client", "add", "Åse Marie")
    second = as_json("client", "add", "Åse")
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", first["handle"])
    assert first["handle"] != second["handle"]
    assert first["coordinator"] is None
    assert [c["handle"] for c in as_json("client", "list")] == sorted(
        [first["handle"], second["handle"]]
    )


def test_add_dream_and_dream_status_print_the_dream(client: dict[str, Any]) -> None:
    dream = as_json("add-dream", "Go fishing with my brother", "-c", "robin")
    assert_document(dream, DREAM_FIELDS)
    assert dream["text"] == "Go fishing with my brother"
    assert dream["status"] == "held"
    assert dream["number"] == 1
    assert dream["revision"] == 1
    assert as_json("dreams", "-c", "robin") == [dream]

    grown = as_json("dream-status", "1", "growing", "-c", "robin")
    assert_document(grown, DREAM_FIELDS)
    assert grown["id"] == dream["id"]
    assert grown["status"] == "growing"
    assert grown["revision"] == 2
    assert as_json("dreams", "-c", "robin") == [grown]

    by_text = as_json("dream-status", "Go fishing with my brother", "resting", "-c", "robin")
    assert by_text["status"] == "resting"
    assert by_text["revision"] == 3


def test_add_goal_prints_the_goal_it_wrote(plan: dict[str, Any]) -> None:
    goal = plan["goal"]
    assert_document(goal, GOAL_FIELDS)
    assert goal["title"] == "Walk to the shop"
    assert goal["status"] == "active"
    assert goal["number"] == 1
    assert goal["revision"] == 1
    assert goal["dream"] == plan["dream"]["number"]
    assert goal["due"] is None
    assert [(s["number"], s["text"], s["done"]) for s in goal["steps"]] == [
        (1, "With Kari", None),
        (2, "Alone", None),
    ]
    assert as_json("goals", "-c", "robin") == [goal]


def test_goal_writes_grow_the_revision_and_print_the_goal(plan: dict[str, Any]) -> None:
    goal = plan["goal"]

    stepped = as_json("add-step", "1", "Buy bread", "-c", "robin")
    assert_document(stepped, GOAL_FIELDS)
    assert stepped["id"] == goal["id"]
    assert stepped["revision"] == 2
    assert [s["text"] for s in stepped["steps"]] == ["With Kari", "Alone", "Buy bread"]
    assert stepped["steps"][-1]["number"] == 3
    assert as_json("goals", "-c", "robin") == [stepped]

    done = as_json("step-done", "1", "2", "-c", "robin")
    assert_document(done, GOAL_FIELDS)
    assert done["revision"] == 3
    assert [s["done"] for s in done["steps"]] == [None, DAY.isoformat(), None]
    assert as_json("goals", "-c", "robin") == [done]

    undone = as_json("step-done", "1", "2", "--undo", "-c", "robin")
    assert undone["revision"] == 4
    assert [s["done"] for s in undone["steps"]] == [None, None, None]

    paused = as_json("goal-status", "1", "paused", "-c", "robin", "--note", "Too much now")
    assert_document(paused, GOAL_FIELDS)
    assert paused["status"] == "paused"
    assert paused["revision"] == 5
    assert paused["updated"] >= goal["updated"]
    assert as_json("goals", "-c", "robin") == [paused]


def test_check_in_prints_the_check_in_it_wrote(plan: dict[str, Any]) -> None:
    doc = as_json("check-in", "1", "-c", "robin", "--progress", "2", "--note", "Went once")
    assert_document(doc, CHECKIN_FIELDS)
    assert doc["goal"] == 1
    assert doc["date"] == DAY.isoformat()
    assert doc["progress"] == 2
    assert doc["note"] == "Went once"
    assert doc["voice"] == "client"
    assert doc["revision"] == 1
    assert as_json("check-ins", "-c", "robin") == [doc]
    assert as_json("check-ins", "-c", "robin", "--goal", "1") == [doc]


def test_demo_prints_the_client_it_wrote(home: Path) -> None:
    doc = as_json("demo")
    assert_document(doc, CLIENT_FIELDS)
    assert doc["handle"] == "demo"
    assert as_json("client", "show", "-c", "demo")["client"] == doc


def test_lists_print_arrays_even_when_empty(home: Path) -> None:
    assert as_json("client", "list") == []
    assert not home.exists(), "listing an empty store created files"
    ok("client", "add", "Robin", "--handle", "robin")
    for command in (["goals"], ["goals", "--all"], ["dreams"], ["check-ins"]):
        assert as_json(*command, "-c", "robin") == [], command


def test_lists_are_arrays_of_contract_documents(home: Path) -> None:
    ok("demo")
    ok("client", "add", "Sam", "--handle", "sam")
    clients = as_json("client", "list")
    assert [c["handle"] for c in clients] == ["demo", "sam"]
    for doc in clients:
        assert_document(doc, CLIENT_FIELDS)

    goals = as_json("goals", "-c", "demo", "--all")
    dreams = as_json("dreams", "-c", "demo")
    checkins = as_json("check-ins", "-c", "demo")
    for rows, fields in ((goals, GOAL_FIELDS), (dreams, DREAM_FIELDS), (checkins, CHECKIN_FIELDS)):
        assert isinstance(rows, list)
        assert rows
        for doc in rows:
            assert_document(doc, fields)
        assert len({doc["id"] for doc in rows}) == len(rows)
    whole = as_json("client", "show", "-c", "demo")
    assert "doc_id" not in keys_anywhere(whole)
    assert whole["goals"] == goals
    assert whole["dreams"] == dreams
    assert whole["checkins"] == checkins
    # Check-ins name their goal by its short number, and it is a goal that exists.
    assert {c["goal"] for c in checkins} <= {g["number"] for g in goals}


def test_goals_hides_reached_and_let_go_unless_all(client: dict[str, Any]) -> None:
    for title in ("Shop", "Bed", "Gym", "Post"):
        ok("add-goal", title, "-c", "robin")
    ok("goal-status", "2", "reached", "-c", "robin")
    ok("goal-status", "3", "let-go", "-c", "robin")
    ok("goal-status", "4", "paused", "-c", "robin")

    shown = as_json("goals", "-c", "robin")
    assert [(g["number"], g["status"]) for g in shown] == [(1, "active"), (4, "paused")]
    everything = as_json("goals", "-c", "robin", "--all")
    assert [(g["number"], g["status"]) for g in everything] == [
        (1, "active"),
        (2, "reached"),
        (3, "let-go"),
        (4, "paused"),
    ]
    human = table_rows(
        ok("goals", "-c", "robin"), ["#", "Status", "Due", "Steps", "Progress", "Title"]
    )
    assert [(row[0], row[-1]) for row in human] == [("1", "Shop"), ("4", "Post")]
    human_all = ok("goals", "-c", "robin", "--all")
    for title in ("Shop", "Bed", "Gym", "Post"):
        assert title in human_all


# Refusals: a clear message on stderr, exit code 2, nothing written -------------------------

C = ["-c", "robin"]
LONG_NOTE = "n" * 5000

BAD_INPUT = {
    "empty title": (["add-goal", "", *C], "empty"),
    "whitespace title": (["add-goal", "   \t ", *C], "empty"),
    "title of 201": (["add-goal", "t" * 201, *C], "201"),
    "title on two lines": (["add-goal", "one\ntwo", *C], "one line"),
    "empty step": (["add-step", "1", "  ", *C], "empty"),
    "step of 201": (["add-goal", "Title", "--step", "s" * 201, *C], "201"),
    "empty dream": (["add-dream", "", *C], "empty"),
    "dream far too long": (["add-dream", LONG_NOTE, *C], "5000"),
    "check-in note far too long": (["check-in", "1", "-p", "2", "--note", LONG_NOTE, *C], "5000"),
    "status note far too long": (["goal-status", "1", "paused", "--note", LONG_NOTE, *C], "5000"),
    "impossible due date": (["add-goal", "Title", "--due", "31.02.2026", *C], "31.02.2026"),
    "impossible ISO due date": (["add-goal", "Title", "--due", "2026-02-30", *C], "2026-02-30"),
    "impossible check-in date": (["check-in", "1", "-p", "2", "--date", "31.02.2026", *C], "31.02"),
    "impossible step date": (["step-done", "1", "1", "--date", "31.02.2026", *C], "31.02.2026"),
    "two-digit year due": (["add-goal", "Title", "--due", "01.12.26", *C], "four digits"),
    "two-digit year check-in": (["check-in", "1", "-p", "1", "--date", "01.12.26", *C], "four"),
    "garbage due date": (["add-goal", "Title", "--due", "soon-ish", *C], "soon-ish"),
    "garbage check-in date": (["check-in", "1", "-p", "1", "--date", "whenever", *C], "whenever"),
    "unknown client, list": (["goals", "-c", "nobody"], "nobody"),
    "unknown client, write": (["add-goal", "Title", "-c", "nobody"], "nobody"),
    "unknown client, show": (["client", "show", "-c", "nobody"], "nobody"),
    "unknown client, check-in": (["check-in", "1", "-p", "1", "-c", "nobody"], "nobody"),
    "empty client": (["goals", "-c", "  "], "-c"),
    "unknown goal number, check-in": (["check-in", "99", "-p", "1", *C], "99"),
    "unknown goal number, status": (["goal-status", "99", "reached", *C], "99"),
    "unknown goal number, step": (["add-step", "99", "A step", *C], "99"),
    "unknown goal number, step-done": (["step-done", "99", "1", *C], "99"),
    "unknown goal title": (["check-in", "No such goal", "-p", "1", *C], "no such goal"),
    "unknown goal title, status": (["goal-status", "No such goal", "reached", *C], "no such"),
    "unknown goal in check-ins": (["check-ins", "--goal", "42", *C], "42"),
    "unknown step": (["step-done", "1", "9", *C], "9"),
    "step not a number": (["step-done", "1", "first", *C], "first"),
    "unknown dream number": (["add-goal", "Title", "--dream", "9", *C], "9"),
    "unknown dream text": (["add-goal", "Title", "--dream", "Not a dream", *C], "not a dream"),
    "unknown dream, status": (["dream-status", "9", "growing", *C], "9"),
    "progress 5": (["check-in", "1", "-p", "5", *C], "progress"),
    "progress -1": (["check-in", "1", "--progress", "-1", *C], "progress"),
    "progress=-1": (["check-in", "1", "--progress=-1", *C], "progress"),
    "progress abc": (["check-in", "1", "-p", "abc", *C], "progress"),
    "progress missing": (["check-in", "1", *C], "progress"),
    "check-in tomorrow": (["check-in", "1", "-p", "2", "--date", "tomorrow", *C], "future"),
    "check-in +3d": (["check-in", "1", "-p", "2", "--date", "+3d", *C], "future"),
    "check-in far future": (["check-in", "1", "-p", "2", "--date", "01.01.2999", *C], "future"),
    "step done in the future": (["step-done", "1", "1", "--date", "tomorrow", *C], "future"),
    "unknown goal status": (["goal-status", "1", "failed", *C], "failed"),
    "unknown goal status done": (["goal-status", "1", "done", *C], "active"),
    "unknown dream status": (["dream-status", "1", "done", *C], "held"),
    "unknown voice, goal": (["add-goal", "Title", "--voice", "boss", *C], "boss"),
    "unknown voice, dream": (["add-dream", "Words", "--voice", "boss", *C], "boss"),
    "unknown voice, check-in": (["check-in", "1", "-p", "1", "--voice", "boss", *C], "boss"),
    "OSC title in title": (["add-goal", f"Walk{OSC_TITLE}", *C], "control character"),
    "OSC 52 in title": (["add-goal", f"Walk{OSC_CLIPBOARD}", *C], "control character"),
    "C1 CSI in title": (["add-goal", f"Walk{C1_CSI}31m", *C], "control character"),
    "OSC title in dream": (["add-dream", f"Home{OSC_TITLE}", *C], "control character"),
    "OSC 52 in note": (["check-in", "1", "-p", "1", "--note", OSC_CLIPBOARD, *C], "control"),
    "C1 in note": (["check-in", "1", "-p", "1", "--note", f"ok{C1_CSI}2J", *C], "control"),
    "OSC in step": (["add-step", "1", f"Step{OSC_TITLE}", *C], "control character"),
    "OSC in status note": (["goal-status", "1", "paused", "--note", OSC_TITLE, *C], "control"),
    "OSC in goal reference": (["check-in", f"x{OSC_TITLE}", "-p", "1", *C], "no goal"),
    "OSC in client reference": (["goals", "-c", f"x{OSC_CLIPBOARD}"], "no client"),
    "OSC in client name": (["client", "add", f"Robin{OSC_TITLE}", "--handle", "r2"], "control"),
    "C1 in coordinator": (["client", "add", "Sam", "--coordinator", f"K{C1_CSI}"], "control"),
    "handle taken": (["client", "add", "Robin Two", "--handle", "robin"], "taken"),
    "handle taken, other case": (["client", "add", "Robin Two", "--handle", "ROBIN"], "taken"),
    "handle with a space": (["client", "add", "Sam", "--handle", "sam s"], "handle"),
    "handle too long": (["client", "add", "Sam", "--handle", "s" * 25], "handle"),
    "handle not ascii": (["client", "add", "Sam", "--handle", "søren"], "handle"),
    "handle empty": (["client", "add", "Sam", "--handle", ""], "handle"),
    "empty name": (["client", "add", "  "], "empty"),
    "name too long": (["client", "add", "n" * 81, "--handle", "sam"], "81"),
    "no -c, list": (["goals"], "--client"),
    "no -c, write": (["add-goal", "Title"], "--client"),
    "no -c, check-in": (["check-in", "1", "-p", "1"], "--client"),
    "no -c, show": (["client", "show"], "--client"),
}


@pytest.mark.parametrize(("args", "words"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_and_nothing_is_written(
    plan: dict[str, Any], home: Path, args: list[str], words: str
) -> None:
    ok("check-in", "1", "-c", "robin", "-p", "1", "--date", "yesterday")
    message = refused(home, *args)
    assert words.lower() in message.lower(), message
    assert "Traceback" not in message


def test_refused_input_on_an_empty_store_creates_nothing(home: Path) -> None:
    refused(home, "goals", "-c", "nobody")
    refused(home, "add-goal", "Title", "-c", "nobody")
    refused(home, "client", "add", "")
    refused(home, "client", "add", "Sam", "--handle", "not ok")
    refused(home, "client", "add", f"Sam{OSC_TITLE}")
    assert not home.exists()


def test_errors_name_what_was_wrong_without_running_it(plan: dict[str, Any], home: Path) -> None:
    message = refused(home, "add-goal", f"Walk{OSC_TITLE}", "-c", "robin")
    assert "U+001B" in message
    message = refused(home, "check-in", "1", "-c", "robin", "-p", "1", "--date", "01.12.26")
    assert "01.12.26" in message
    assert "2026" in message  # shows how to write it


# Text a person typed: kept exactly, shown literally ----------------------------------------


@pytest.mark.parametrize("words", HOSTILE)
def test_hostile_and_unicode_text_round_trips_and_shows_literally(
    client: dict[str, Any], words: str
) -> None:
    added = ok("add-goal", words, "-c", "robin")
    assert words in added
    goal = as_json("add-goal", f"{words} too", "-c", "robin", "--step", words, "--area", words)
    assert goal["title"] == f"{words} too"
    assert goal["steps"][0]["text"] == words
    assert goal["area"] == words
    assert as_json("goals", "-c", "robin")[0]["title"] == words

    dream = as_json("add-dream", words, "-c", "robin")
    assert dream["text"] == words
    assert words in ok("dreams", "-c", "robin")

    stepped = ok("add-step", "1", words, "-c", "robin")
    assert words in stepped

    checkin = as_json("check-in", "1", "-c", "robin", "-p", "2", "--note", words)
    assert checkin["note"] == words
    assert as_json("check-ins", "-c", "robin")[0]["note"] == words
    assert words in ok("check-ins", "-c", "robin")
    assert words in ok("check-in", "1", "-c", "robin", "-p", "3", "--note", words)

    status = ok("goal-status", "1", "paused", "-c", "robin", "--note", words)
    assert words in status
    assert as_json("goals", "-c", "robin")[0]["history"][-1]["note"] == words

    goals_out = ok("goals", "-c", "robin")
    assert words in goals_out
    show = ok("client", "show", "-c", "robin")
    assert show.count(words) >= 5  # dream, two titles, steps, the check-in note
    for out in (added, goals_out, show):
        assert "\x1b" not in out  # no styling, no markup run

    # The goal is found again by its exact title, however hostile.
    assert as_json("check-in", words, "-c", "robin", "-p", "4")["goal"] == 1


@pytest.mark.parametrize("words", HOSTILE)
def test_hostile_client_name_and_coordinator(home: Path, words: str) -> None:
    doc = as_json("client", "add", words, "--handle", "robin", "--coordinator", words)
    assert doc["name"] == words
    assert doc["coordinator"] == words
    listed = as_json("client", "list")
    assert (listed[0]["name"], listed[0]["coordinator"]) == (words, words)
    assert as_json("client", "show", "-c", "robin")["client"]["name"] == words
    assert words in ok("client", "list")
    assert words in ok("client", "show", "-c", "robin")
    assert words in ok()


def test_multi_line_notes_keep_their_newlines(plan: dict[str, Any]) -> None:
    note = "First line.\nSecond line, with a\ttab.\n\nAfter a blank line 😊"
    doc = as_json("check-in", "1", "-c", "robin", "-p", "2", "--note", note)
    assert doc["note"] == note
    assert as_json("check-ins", "-c", "robin")[0]["note"] == note
    assert as_json("client", "show", "-c", "robin")["checkins"][0]["note"] == note
    dream = as_json("add-dream", "A couch.\nAnd a cup of coffee.", "-c", "robin")
    assert dream["text"] == "A couch.\nAnd a cup of coffee."
    status = as_json("goal-status", "1", "paused", "-c", "robin", "--note", note)
    assert status["history"][-1]["note"] == note
    # In a table a note stays on its row.
    table = ok("check-ins", "-c", "robin")
    assert len(table.rstrip("\n").split("\n")) == 2


def test_old_data_holding_control_characters_is_shown_harmlessly(
    plan: dict[str, Any], home: Path
) -> None:
    """Imported or old data may hold escapes; output passes a sanitizer, JSON escapes them."""
    ok("check-in", "1", "-c", "robin", "-p", "2", "--note", "fine")
    path = home / "clients" / f"{plan['client']['id']}.json"
    data = json.loads(path.read_text("utf-8"))
    goal = next(iter(data["goals"].values()))
    goal["title"] = f"Walk{OSC_TITLE}{C1_CSI}2J"
    checkin = next(iter(data["checkins"].values()))
    checkin["note"] = f"note{OSC_CLIPBOARD}"
    dream = next(iter(data["dreams"].values()))
    dream["text"] = f"dream{OSC_TITLE}"
    path.write_text(json.dumps(data), "utf-8")

    for command in (["goals"], ["dreams"], ["check-ins"], ["client", "show"]):
        out = ok(*command, "-c", "robin")  # ok() asserts no control character reached stdout
        assert "pwned" in out or "note" in out or "dream" in out
        raw = ok(*command, "-c", "robin", "--json")
        assert not CONTROL.search(raw)
    goals = as_json("goals", "-c", "robin")
    assert goals[0]["title"] == f"Walk{OSC_TITLE}{C1_CSI}2J"
    assert as_json("check-ins", "-c", "robin")[0]["note"] == f"note{OSC_CLIPBOARD}"
    out = ok("check-in", "1", "-c", "robin", "-p", "3")
    assert "Walk" in out


# Picking a client, a goal and a date -------------------------------------------------------


def test_client_by_handle_id_or_environment(
    plan: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("client", "add", "Sam", "--handle", "sam")
    ok("add-goal", "Sam's goal", "-c", "sam")
    robin = plan["client"]
    expected = ["Walk to the shop"]
    assert [g["title"] for g in as_json("goals", "-c", "robin")] == expected
    assert [g["title"] for g in as_json("goals", "-c", robin["id"])] == expected
    assert [g["title"] for g in as_json("goals", "--client", "robin")] == expected

    monkeypatch.setenv("RECOVERY_CLIENT", "robin")
    assert [g["title"] for g in as_json("goals")] == expected
    assert as_json("add-goal", "From the environment")["client_id"] == robin["id"]
    assert as_json("check-in", "1", "-p", "1")["goal"] == 1
    assert as_json("client", "show")["client"]["handle"] == "robin"
    # -c wins over the environment.
    assert [g["title"] for g in as_json("goals", "-c", "sam")] == ["Sam's goal"]

    monkeypatch.setenv("RECOVERY_CLIENT", robin["id"])
    assert len(as_json("goals")) == 2


def test_goal_by_number_and_by_exact_title(plan: dict[str, Any]) -> None:
    ok("add-goal", "Call my brother", "-c", "robin")
    by_title = as_json("check-in", "Call my brother", "-c", "robin", "-p", "2")
    assert by_title["goal"] == 2
    by_number = as_json("check-in", "1", "-c", "robin", "-p", "1")
    assert by_number["goal"] == 1
    assert as_json("goal-status", "Call my brother", "paused", "-c", "robin")["number"] == 2
    assert as_json("add-step", "Walk to the shop", "Buy bread", "-c", "robin")["number"] == 1
    assert as_json("step-done", "Walk to the shop", "3", "-c", "robin")["steps"][2]["done"]
    assert [
        c["goal"] for c in as_json("check-ins", "-c", "robin", "--goal", "Call my brother")
    ] == [2]


def test_same_day_check_in_updates_the_first(plan: dict[str, Any]) -> None:
    first = as_json("check-in", "1", "-c", "robin", "-p", "1", "--note", "A start")
    second = as_json("check-in", "1", "-c", "robin", "-p", "3", "--note", "Went twice")
    assert second["id"] == first["id"]
    assert second["revision"] == 2
    assert (second["progress"], second["note"], second["date"]) == (3, "Went twice", first["date"])
    listed = as_json("check-ins", "-c", "robin")
    assert listed == [second]
    ok("check-in", "1", "-c", "robin", "-p", "2", "--date", "yesterday")
    assert len(as_json("check-ins", "-c", "robin")) == 2


def test_a_check_in_says_whether_it_was_new_changed_or_already_so(
    plan: dict[str, Any], home: Path
) -> None:
    said = ok("check-in", "1", "-c", "robin", "-p", "1", "--note", "A start")
    assert said.startswith("Checked in on goal 1 for ")
    said = ok("check-in", "1", "-c", "robin", "-p", "3")
    assert said.startswith("Updated the check-in on goal 1 for ") and ": now 3 " in said
    before = snapshot(home)
    said = ok("check-in", "1", "-c", "robin", "-p", "3", "--note", "A start")
    assert said.startswith("The check-in on goal 1 for ") and " is already so: 3 " in said
    assert snapshot(home) == before  # and nothing was written


def test_due_dates_in_every_accepted_form(client: dict[str, Any]) -> None:
    today = DAY
    cases = {
        "today": today,
        "tomorrow": today + dt.timedelta(days=1),
        "01.12.2026": dt.date(2026, 12, 1),
        "1.2.2027": dt.date(2027, 2, 1),
        "2026-12-01": dt.date(2026, 12, 1),
        "+2w": today + dt.timedelta(weeks=2),
        "+3d": today + dt.timedelta(days=3),
    }
    for number, (typed, expected) in enumerate(cases.items(), 1):
        goal = as_json("add-goal", f"Goal {number}", "-c", "robin", "--due", typed)
        assert goal["due"] == expected.isoformat(), typed
    friday = as_json("add-goal", "By friday", "-c", "robin", "--due", "friday")["due"]
    day = dt.date.fromisoformat(friday)
    assert day.weekday() == 4
    assert 0 <= (day - today).days < 7


def test_check_in_dates(plan: dict[str, Any]) -> None:
    today = DAY
    cases = {
        "today": today,
        "yesterday": today - dt.timedelta(days=1),
        "-1w": today - dt.timedelta(weeks=1),
        "15.01.2025": dt.date(2025, 1, 15),  # from paper records, before the goal was entered
        "2024-12-30": dt.date(2024, 12, 30),
    }
    for typed, expected in cases.items():
        doc = as_json("check-in", "1", "-c", "robin", "-p", "2", "--date", typed)
        assert doc["date"] == expected.isoformat(), typed
    assert len(as_json("check-ins", "-c", "robin")) == len(cases)
    dates = [c["date"] for c in as_json("check-ins", "-c", "robin")]
    assert dates == sorted(dates)
    done = as_json("step-done", "1", "1", "-c", "robin", "--date", "yesterday")
    assert done["steps"][0]["done"] == (today - dt.timedelta(days=1)).isoformat()


def test_short_numbers_are_stable_and_never_reused(client: dict[str, Any]) -> None:
    ids = {}
    for number, title in enumerate(("One", "Two", "Three"), 1):
        goal = as_json("add-goal", title, "-c", "robin")
        assert goal["number"] == number
        ids[number] = goal["id"]
    ok("goal-status", "3", "let-go", "-c", "robin")
    ok("goal-status", "2", "reached", "-c", "robin")
    ok("goal-status", "2", "active", "-c", "robin")
    fourth = as_json("add-goal", "Four", "-c", "robin")
    assert fourth["number"] == 4
    ok("goal-status", "4", "let-go", "-c", "robin")
    assert as_json("add-goal", "Five", "-c", "robin")["number"] == 5
    everything = as_json("goals", "-c", "robin", "--all")
    assert {g["number"]: g["id"] for g in everything if g["number"] <= 3} == ids
    assert [g["number"] for g in everything] == [1, 2, 3, 4, 5]

    for number in (1, 2, 3):
        assert as_json("add-dream", f"Dream {number}", "-c", "robin")["number"] == number
    ok("dream-status", "2", "reached", "-c", "robin")
    ok("dream-status", "3", "resting", "-c", "robin")
    assert as_json("add-dream", "Dream 4", "-c", "robin")["number"] == 4

    # Another client counts from 1; numbers belong to one plan.
    ok("client", "add", "Sam", "--handle", "sam")
    assert as_json("add-goal", "Sam's first", "-c", "sam")["number"] == 1
    assert as_json("add-goal", "Six", "-c", "robin")["number"] == 6


# The demo ----------------------------------------------------------------------------------


def test_demo_twice_is_harmless(home: Path) -> None:
    first = ok("demo")
    assert "demo" in first
    client = as_json("client", "show", "-c", "demo")["client"]
    before = snapshot(home)
    result = run("demo")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "already there" in result.stdout
    assert snapshot(home) == before
    assert [c["handle"] for c in as_json("client", "list")] == ["demo"]
    assert snapshot(home) == before
    # Asked again for JSON, it prints the same client document as the first time: no
    # internal fields of the caseload index, nothing missing.
    again = as_json("demo")
    assert snapshot(home) == before
    assert_document(again, CLIENT_FIELDS)
    assert again == client


def test_demo_plan_has_some_weeks_of_history(home: Path) -> None:
    ok("demo")
    whole = as_json("client", "show", "-c", "demo")
    assert whole["dreams"]
    goals = whole["goals"]
    statuses = {g["status"] for g in goals}
    assert {"active", "reached", "paused"} <= statuses
    assert any(len(g["steps"]) >= 2 for g in goals)
    assert any(s["done"] for g in goals for s in g["steps"])
    assert any(g["dream"] for g in goals)
    assert any(g["due"] for g in goals)
    checkins = whole["checkins"]
    days = sorted(dt.date.fromisoformat(c["date"]) for c in checkins)
    weeks = {day.isocalendar()[:2] for day in days}
    assert len(weeks) >= 4
    assert (days[-1] - days[0]).days >= 21
    assert days[-1] <= DAY
    assert any(c["note"] for c in checkins)
    numbers = {g["number"] for g in goals}
    assert {c["goal"] for c in checkins} <= numbers
    # Hidden goals: the reached one shows with --all only, the paused one always.
    active_list = {g["status"] for g in as_json("goals", "-c", "demo")}
    assert "reached" not in active_list
    assert "paused" in active_list


def test_human_output_is_aligned_and_never_says_fail(home: Path) -> None:
    ok("demo")
    headers = ["#", "Status", "Due", "Steps", "Progress", "Title"]
    goals = {g["number"]: g for g in as_json("goals", "-c", "demo", "--all")}
    out = ok("goals", "-c", "demo", "--all")
    rows = table_rows(out, headers)
    assert [int(row[0]) for row in rows] == sorted(goals)
    for row in rows:
        goal = goals[int(row[0])]
        assert row[-1] == goal["title"]
        done = sum(1 for s in goal["steps"] if s["done"])
        assert row[3] == f"{done}/{len(goal['steps'])}"
        if goal["due"]:
            assert row[2].startswith(goal["due"] + " ("), row
        else:
            assert row[2] == "-", row
    texts = [out]

    # Wide and accented characters in a middle column still line up.
    ok("client", "add", "Åse", "--handle", "ase", "--coordinator", "Kåre 😊 Ødegård")
    ok("client", "add", "Bo", "--handle", "bo-with-a-long-handle", "--coordinator", "红")
    out = ok("client", "list")
    rows = table_rows(out, ["Handle", "Coordinator", "Crisis plan by", "Name"])
    assert rows == [
        ["ase", "Kåre 😊 Ødegård", "-", "Åse"],
        ["bo-with-a-long-handle", "红", "-", "Bo"],
        ["demo", "Kari (demo worker)", "2027-04-15", "Robin"],
    ]
    texts.append(out)

    out = ok("check-ins", "-c", "demo")
    rows = table_rows(out, ["Date", "#", "Goal", "Progress", "Voice", "Note"])
    checkins = as_json("check-ins", "-c", "demo")
    titles = {g["number"]: g["title"] for g in as_json("goals", "-c", "demo", "--all")}
    assert [(row[0], int(row[1]), row[2], row[5]) for row in rows] == [
        (c["date"], c["goal"], titles[c["goal"]], c["note"] or "") for c in checkins
    ]
    texts.append(out)

    show = ok("client", "show", "-c", "demo")
    lines = show.split("\n")
    goal_lines = lines[lines.index("Small goals") + 1 : lines.index("Responsibility")]
    for line in filter(None, goal_lines):
        assert re.match(
            r"  \d+\. \S|       \[[ x]\] \d+\. \S|       \d{4}-\d{2}-\d{2}  ([0-4]|→) \S"
            r"|       \(older check-ins not shown: \d+; see recovery check-ins --goal \d+\)$",
            line,
        ), line
    texts.append(show)
    texts.append(ok("dreams", "-c", "demo"))
    texts.append(ok("goal-status", "2", "let-go", "-c", "demo"))
    texts.append(ok("goal-status", "3", "paused", "-c", "demo"))
    texts.append(ok("goals", "-c", "demo", "--all"))
    texts.append(ok())
    for text in texts:
        assert "fail" not in text.lower()


def test_a_tab_in_a_middle_column_keeps_the_table_aligned(home: Path) -> None:
    """Tabs are allowed in typed text (DESIGN.md), so a table must not let them shift columns."""
    ok("client", "add", "Bo", "--handle", "bo", "--coordinator", "Kari Ole Nordmann")
    ok("client", "add", "Sam", "--handle", "sam", "--coordinator", "Kari\tOle")
    rows = table_rows(ok("client", "list"), ["Handle", "Coordinator", "Crisis plan by", "Name"])
    assert [(row[0], row[3]) for row in rows] == [("bo", "Bo"), ("sam", "Sam")]
    assert as_json("client", "list")[1]["coordinator"] == "Kari\tOle"


def test_limits_are_inclusive(plan: dict[str, Any]) -> None:
    assert as_json("add-goal", "t" * 200, "-c", "robin")["title"] == "t" * 200
    note = "n" * 2000
    assert as_json("check-in", "1", "-c", "robin", "-p", "0", "--note", note)["note"] == note
    assert (
        as_json("check-in", "1", "-c", "robin", "-p", "4", "--date", "yesterday")["progress"] == 4
    )
    name = "n" * 80
    assert as_json("client", "add", name, "--handle", "s" * 24)["name"] == name


@pytest.mark.parametrize("content", [b"", b"null", b"{not json", b"[]"])
def test_a_damaged_plan_file_is_refused_and_left_as_it_was(
    plan: dict[str, Any], home: Path, content: bytes
) -> None:
    path = home / "clients" / f"{plan['client']['id']}.json"
    path.write_bytes(content)
    for args in (["goals", "-c", "robin"], ["add-goal", "New", "-c", "robin"]):
        message = refused(home, *args)
        assert "backup" in message or "can't be read" in message, message
    assert path.read_bytes() == content


# The bare command --------------------------------------------------------------------------


def test_bare_recovery_on_an_empty_store_creates_nothing(home: Path) -> None:
    out = ok()
    assert "recovery demo" in out
    assert "--help" in out
    assert not home.exists()
    home.mkdir()
    assert ok() == out
    assert snapshot(home) == {}


def test_bare_recovery_lists_the_caseload(home: Path) -> None:
    ok("demo")
    ok("client", "add", "Sam", "--handle", "sam")
    before = snapshot(home)
    out = ok()
    rows = table_rows(out.split("\n\n")[0], ["Handle", "Name"])
    assert rows == [["demo", "Robin"], ["sam", "Sam"]]
    assert snapshot(home) == before


@pytest.mark.parametrize(
    ("module", "command"),
    [("quick_commands", "goals"), ("goals", "check-ins")],
    ids=["quick path", "typer"],
)
def test_an_unexpected_error_shows_no_user_data_and_exits_non_zero(
    plan: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    module: str,
    command: str,
) -> None:
    """The installed entry point: a crash names its kind only, since its text may hold a note."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Robin's secret note")

    monkeypatch.setattr(getattr(recoverytui.cli, module), "store", broken)
    monkeypatch.setattr(sys, "argv", ["recovery", command, "-c", "robin"])
    with pytest.raises(SystemExit) as stopped:
        recoverytui.cli.main()
    assert stopped.value.code not in (0, None)
    captured = capsys.readouterr()
    assert "secret" not in captured.err + captured.out
    assert "Traceback" not in captured.err + captured.out
    assert "RuntimeError" in captured.err
