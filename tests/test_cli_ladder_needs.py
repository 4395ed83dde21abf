"""The responsibility ladder and the basic-needs checklists, driven through typer's CliRunner.

What the worker and the client rely on: five steps and no more, every move kept in date order
with its note and voice, a step back told in neutral words, the client's and the worker's
ratings kept apart and never merged, templates a service can replace, refusals on stderr with
exit code 2 and nothing written, and text a person typed shown literally.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from calendar_support import DAY
from cli_support import CONTROL, as_json, ok, refused, run, snapshot

pytestmark = pytest.mark.usefixtures("day")  # every test on the frozen calendar

AREA_FIELDS = {"id", "number", "voice", "created", "updated", "revision"}
AREA_FIELDS |= {"name", "step", "next", "history"}
NEED_FIELDS = {"id", "number", "voice", "created", "updated", "revision"}
NEED_FIELDS |= {"name", "domain", "client_rating", "worker_rating", "action", "who", "due"}
NEED_FIELDS |= {"history"}
MOVE_FIELDS = {"date", "move", "from", "to", "note", "voice"}
CHANGE_FIELDS = {"date", "field", "from", "to", "voice"}

STEP_WORDS = {
    1: "Staff does it",
    2: "We do it together",
    3: "You do it, we remind you",
    4: "You do it, we check in",
    5: "You do it on your own",
}
RATING_WORDS = {
    "met": "met",
    "partly": "partly met",
    "unmet": "not met yet",
    "not-relevant": "not relevant",
    "unknown": "not known",
}
LEGEND = "≠ the client and the worker see this differently; both views are kept."

ECONOMY = [
    "Income is in place",
    "Benefits applied for and granted",
    "Rent is paid",
    "Electricity and other bills are paid",
    "A bank account and a card that works",
    "A budget for the week",
    "Money lasts until the next payment",
    "Debt has a plan",
]
HOUSING = [
    "A stable place to live",
    "A bed",
    "A couch or a good chair",
    "Kitchen things: pots, plates, cutlery",
    "Heat and power",
    "Feels safe at home",
    "Keys that work",
    "Gets on with the neighbours",
]
FOOD = [
    "Food in the fridge most days",
    "Can make a simple meal",
    "Eats at least two meals a day",
]
BUILT_IN_AREAS = [
    "Paying rent and bills",
    "Medicine",
    "Food and shopping",
    "Cleaning and laundry",
    "Appointments",
    "Post and forms",
    "Money for the week",
]

# Words a step back, a pause or an unmet need must never be told in.
BLAME = re.compile(r"fail|missed", re.IGNORECASE)
# Terminal control characters: C0 except tab and newline, DEL, and C1.

OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;aGk=\x07"
C1_CSI = "\x9b"

HOSTILE = ["[/]", "x [/", "[@click=app.quit]x[/]", "blåbær ÆØÅ 😊"]

C = ["-c", "robin"]


def moves(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The moves of an area's history, without the agreements kept beside them."""
    return [
        {k: v for k, v in entry.items() if k not in ("next", "ready_when")}
        for entry in history
        if entry["move"] != "agree"
    ]


def ago(days: int) -> str:
    return (DAY - dt.timedelta(days=days)).isoformat()


def weeks_ago(weeks: int) -> str:
    return ago(7 * weeks)


# Helpers -----------------------------------------------------------------------------------


def unchanged(home: Path, *args: str) -> str:
    """Run a command that must succeed and write nothing; returns stdout."""
    before = snapshot(home)
    out = ok(*args)
    assert snapshot(home) == before, f"recovery {args!r} wrote to the store"
    return out


def assert_document(doc: dict[str, Any], fields: set[str]) -> None:
    """A document as the contract fixes it: named fields, uuid4 id, aware stamps, no doc_id."""
    assert isinstance(doc, dict)
    missing = fields - set(doc)
    assert not missing, f"missing fields {missing} in {doc}"
    assert uuid.UUID(doc["id"]).version == 4
    assert dt.datetime.fromisoformat(doc["created"]).utcoffset() is not None
    assert dt.datetime.fromisoformat(doc["updated"]).utcoffset() is not None
    assert isinstance(doc["number"], int)
    assert doc["number"] >= 1
    assert isinstance(doc["revision"], int)
    assert doc["voice"] in ("client", "worker", "together")
    assert "doc_id" not in doc


def assert_area(doc: dict[str, Any]) -> None:
    assert_document(doc, AREA_FIELDS)
    assert isinstance(doc["step"], int)
    assert 1 <= doc["step"] <= 5
    assert isinstance(doc["history"], list)
    for move in doc["history"]:
        assert set(move) >= MOVE_FIELDS, move
        assert move["move"] in ("start", "up", "back")
        dt.date.fromisoformat(move["date"])
    dates = [move["date"] for move in doc["history"]]
    assert dates == sorted(dates), f"history not in date order: {dates}"


def assert_need(doc: dict[str, Any]) -> None:
    assert_document(doc, NEED_FIELDS)
    ratings = {"met", "partly", "unmet", "not-relevant", "unknown"}
    assert doc["client_rating"] in ratings
    assert doc["worker_rating"] in ratings
    for change in doc["history"]:
        assert set(change) >= CHANGE_FIELDS, change


def width(ch: str) -> int:
    """Columns one character takes on screen, measured here rather than borrowed from src."""
    if unicodedata.combining(ch) or ch in "\u200b\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def cut(line: str, starts: list[int]) -> list[str]:
    """Cut a table line at the screen columns where its headers start; checks alignment."""
    out = [""] * len(starts)
    column = 0
    for ch in line:
        index = max(i for i, start in enumerate(starts) if start <= column)
        out[index] += ch
        column += width(ch)
    for i in range(1, len(starts)):
        if out[i]:
            assert out[i - 1].endswith("  "), f"column {i} is not aligned in {line!r}"
            assert not out[i].startswith(" "), f"column {i} is not aligned in {line!r}"
    return [cell.strip() for cell in out]


def header_starts(header: str, names: Sequence[str]) -> list[int]:
    """Where each (possibly two-word) header starts; headers are plain ASCII."""
    starts, position = [], 0
    for name in names:
        found = header.index(name, position)
        starts.append(found)
        position = found + len(name)
    return starts


LADDER_HEADERS = ["#", "Step", "Now", "Area"]
NEEDS_HEADERS = ["#", "Client says", "Worker says", "Action", "Who", "Due", "Need"]


def ladder_rows(out: str) -> list[dict[str, Any]]:
    """The ladder table: each area's row and the detail lines printed under it."""
    lines = out.rstrip("\n").split("\n")
    assert lines[0].split() == LADDER_HEADERS, lines[0]
    starts = header_starts(lines[0], LADDER_HEADERS)
    rows: list[dict[str, Any]] = []
    for line in lines[1:]:
        if not line:
            break
        if line.startswith("     "):
            rows[-1]["details"].append(line.strip())
            continue
        number, picture, now, name = cut(line, starts)
        rows.append(
            {"number": int(number), "picture": picture, "now": now, "name": name, "details": []}
        )
    return rows


def needs_rows(lines: list[str]) -> list[dict[str, Any]]:
    """One needs table (header line first); the ≠ column is read off the worker's cell."""
    header = lines[0]
    assert header.split()[:5] == ["#", "Client", "says", "Worker", "says"], header
    starts = header_starts(header, NEEDS_HEADERS)
    rows = []
    for line in lines[1:]:
        number, client, worker, action, who, due, name = cut(line, starts)
        differ = worker.endswith("≠")
        rows.append(
            {
                "number": int(number),
                "client": client,
                "worker": worker.removesuffix("≠").strip(),
                "differ": differ,
                "action": action,
                "who": who,
                "due": due,
                "name": name,
            }
        )
    return rows


def needs_blocks(out: str) -> tuple[list[tuple[str, list[dict[str, Any]]]], list[str]]:
    """`recovery needs` read back: (heading, rows) per checklist, then any closing lines."""
    blocks = [block.split("\n") for block in out.rstrip("\n").split("\n\n")]
    tables = []
    rest: list[str] = []
    for block in blocks:
        if len(block) >= 2 and block[1].split()[:3] == ["#", "Client", "says"]:
            tables.append((block[0], needs_rows(block[1:])))
        else:
            rest.extend(block)
    return tables, rest


@pytest.fixture
def clock(day: list[dt.date]) -> Callable[[dt.date], None]:
    """Set the day the program believes it is, as weeks pass between sessions."""

    def set_day(moved: dt.date) -> None:
        day[0] = moved

    return set_day


@pytest.fixture
def client(home: Path) -> dict[str, Any]:
    return as_json("client", "add", "Robin", "--handle", "robin", "--coordinator", "Kari")


def no_blame(*texts: str) -> None:
    for text in texts:
        found = BLAME.search(text)
        assert found is None, f"{found.group()!r} in human output:\n{text}"


# The ladder: adding areas and the five steps ----------------------------------------------


def test_add_area_prints_the_area_it_wrote(client: dict[str, Any]) -> None:
    doc = as_json(
        "add-area", "Medicine", *C, "--step", "2", "--next", "Fill the box", "--ready-when", "x"
    )
    assert_area(doc)
    assert (doc["number"], doc["name"], doc["step"], doc["next"]) == (
        1,
        "Medicine",
        2,
        "Fill the box",
    )
    assert doc["ready_when"] == "x"
    assert doc["revision"] == 1
    assert doc["history"] == [
        {
            "date": DAY.isoformat(),
            "move": "start",
            "from": None,
            "to": 2,
            "note": None,
            "voice": "together",
        }
    ]
    assert as_json("ladder", *C) == [doc]

    out = ok("add-area", "Paying rent", *C)
    assert out == "Added area 2: Paying rent, on step 1, 'Staff does it'.\n"
    rent = as_json("ladder", *C)[1]
    assert (rent["step"], rent["next"], rent["ready_when"]) == (1, None, None)


def test_every_step_has_its_picture_and_words(client: dict[str, Any]) -> None:
    for step in range(1, 6):
        ok("add-area", f"Area {step}", *C, "--step", str(step))
    rows = ladder_rows(ok("ladder", *C))
    assert [(r["number"], r["picture"], r["now"], r["name"]) for r in rows] == [
        (step, "■" * step + "□" * (5 - step) + f" {step}/5", STEP_WORDS[step], f"Area {step}")
        for step in range(1, 6)
    ]


def test_step_up_and_back_walk_the_ladder_and_keep_every_move(client: dict[str, Any]) -> None:
    ok("add-area", "Medicine", *C, "--step", "2")
    up = as_json("step-up", "1", *C, "--note", "Filled the box myself", "--voice", "client")
    assert_area(up)
    assert up["step"] == 3
    assert up["revision"] == 2
    back = as_json("step-back", "Medicine", *C, "--note", "A hard week")
    assert_area(back)
    assert back["step"] == 2
    assert back["revision"] == 3
    assert back["id"] == up["id"]
    today = DAY.isoformat()
    assert moves(back["history"]) == [
        {"date": today, "move": "start", "from": None, "to": 2, "note": None, "voice": "together"},
        {
            "date": today,
            "move": "up",
            "from": 2,
            "to": 3,
            "note": "Filled the box myself",
            "voice": "client",
        },
        {
            "date": today,
            "move": "back",
            "from": 3,
            "to": 2,
            "note": "A hard week",
            "voice": "together",
        },
    ]
    assert as_json("ladder", *C) == [back]
    # By name, in another case, as the worker types it quickly.
    assert as_json("step-up", "medicine", *C)["step"] == 3


def test_step_bounds_are_refused_clearly_and_write_nothing(
    client: dict[str, Any], home: Path
) -> None:
    ok("add-area", "Medicine", *C, "--step", "5")
    ok("add-area", "Rent", *C, "--step", "1")
    message = refused(home, "step-up", "Medicine", *C, "--note", "higher")
    assert "step 5" in message
    assert "no step above" in message
    assert "Medicine" in message
    message = refused(home, "step-back", "2", *C, "--note", "lower")
    assert "step 1" in message
    assert "no step below" in message
    assert "Rent" in message
    no_blame(message)
    areas = as_json("ladder", *C)
    assert [(a["step"], len(a["history"])) for a in areas] == [(5, 1), (1, 1)]
    # Walk all the way, one step at a time, and meet the same edge.
    for expected in (4, 3, 2, 1):
        assert as_json("step-back", "1", *C)["step"] == expected
    refused(home, "step-back", "1", *C)
    for expected in (2, 3, 4, 5):
        assert as_json("step-up", "1", *C)["step"] == expected
    refused(home, "step-up", "1", *C)
    assert len(as_json("ladder", *C)[0]["history"]) == 9


BAD_STEPS = {"0": "5", "6": "6", "-1": "-1", "abc": "--step", "2.5": "--step", "": "--step"}


@pytest.mark.parametrize(("value", "words"), BAD_STEPS.items(), ids=BAD_STEPS.keys())
def test_bad_step_values_are_refused(
    client: dict[str, Any], home: Path, value: str, words: str
) -> None:
    message = refused(home, "add-area", "Medicine", *C, "--step", value)
    assert words in message, message
    assert as_json("ladder", *C) == []


AREA_REFUSALS = {
    "empty name": (["add-area", "  ", *C], "empty"),
    "name on two lines": (["add-area", "one\ntwo", *C], "one line"),
    "name of 81": (["add-area", "n" * 81, *C], "81"),
    "duplicate name": (["add-area", "Medicine", *C], "already"),
    "duplicate name, other case": (["add-area", "MEDICINE", *C], "already"),
    "duplicate name, spaces": (["add-area", "  Medicine ", *C], "already"),
    "unknown voice": (["add-area", "Rent", *C, "--voice", "boss"], "boss"),
    "next of 201": (["add-area", "Rent", *C, "--next", "n" * 201], "201"),
    "OSC in name": (["add-area", f"Rent{OSC_TITLE}", *C], "control character"),
    "OSC 52 in next": (["add-area", "Rent", *C, "--next", OSC_CLIPBOARD], "control"),
    "C1 in ready-when": (["add-area", "Rent", *C, "--ready-when", f"a{C1_CSI}2J"], "control"),
    "unknown area number": (["step-up", "9", *C], "9"),
    "unknown area name": (["step-back", "Dancing", *C], "dancing"),
    "unknown area, area": (["area", "9", *C, "--next", "x"], "9"),
    "unknown client": (["ladder", "-c", "nobody"], "nobody"),
    "no client": (["ladder"], "--client"),
    "move in the future": (["step-up", "1", *C, "--date", "tomorrow"], "future"),
    "move far ahead": (["step-back", "1", *C, "--date", "01.01.2999"], "future"),
    "impossible move date": (["step-up", "1", *C, "--date", "31.02.2026"], "31.02.2026"),
    "two-digit year": (["step-up", "1", *C, "--date", "01.12.25"], "four digits"),
    "garbage date": (["step-up", "1", *C, "--date", "soonish"], "soonish"),
    "move voice": (["step-up", "1", *C, "--voice", "boss"], "boss"),
    "OSC in note": (["step-up", "1", *C, "--note", f"ok{OSC_TITLE}"], "control character"),
    "OSC 52 in back note": (["step-back", "1", *C, "--note", OSC_CLIPBOARD], "control"),
    "C1 in move next": (["step-up", "1", *C, "--next", f"x{C1_CSI}"], "control character"),
    "OSC in area next": (["area", "1", *C, "--next", OSC_TITLE], "control character"),
    "OSC in area sign": (["area", "1", *C, "--ready-when", OSC_CLIPBOARD], "control"),
    "note far too long": (["step-back", "1", *C, "--note", "n" * 2001], "2001"),
    "move before the start": (["step-up", "1", *C, "--date", "yesterday"], "since"),
    "name only a number": (["add-area", "42", *C], "number"),
    "bidi override in name": (["add-area", "Rent\u202edcba", *C], "U+202E"),
}


@pytest.mark.parametrize(("args", "words"), AREA_REFUSALS.values(), ids=AREA_REFUSALS.keys())
def test_bad_ladder_input_is_refused_and_nothing_is_written(
    client: dict[str, Any], home: Path, args: list[str], words: str
) -> None:
    ok("add-area", "Medicine", *C, "--step", "3", "--next", "Kari checks on Fridays")
    message = refused(home, *args)
    assert words.lower() in message.lower(), message
    no_blame(message)


def test_a_step_up_clears_the_agreed_next_step_unless_a_new_one_is_given(
    client: dict[str, Any], home: Path
) -> None:
    ok("add-area", "Rent", *C, "--step", "2", "--next", "Pay it myself", "--ready-when", "Twice")
    up = as_json("step-up", "Rent", *C)
    assert (up["step"], up["next"], up["ready_when"]) == (3, None, None)

    up = as_json("step-up", "Rent", *C, "--next", "Kari only checks in", "--ready-when", "A month")
    assert (up["step"], up["next"], up["ready_when"]) == (4, "Kari only checks in", "A month")

    # A step back keeps what was agreed unless told otherwise…
    back = as_json("step-back", "Rent", *C)
    assert (back["step"], back["next"], back["ready_when"]) == (3, "Kari only checks in", "A month")
    # …and '' clears it.
    back = as_json("step-back", "Rent", *C, "--next", "", "--ready-when", "")
    assert (back["step"], back["next"], back["ready_when"]) == (2, None, None)

    # `area` changes only what it is given.
    doc = as_json("area", "1", *C, "--next", "Pay with Kari watching")
    assert (doc["step"], doc["next"], doc["ready_when"]) == (2, "Pay with Kari watching", None)
    doc = as_json("area", "Rent", *C, "--ready-when", "Three times in a row")
    assert (doc["next"], doc["ready_when"]) == ("Pay with Kari watching", "Three times in a row")
    assert doc["history"] == as_json("ladder", *C)[0]["history"]
    assert len(moves(doc["history"])) == 5  # changing the plan is not a move
    doc = as_json("area", "1", *C, "--next", "")
    assert (doc["next"], doc["ready_when"]) == (None, "Three times in a row")
    doc = as_json("area", "1", *C, "--ready-when", "   ")
    assert (doc["next"], doc["ready_when"]) == (None, None)

    # With nothing to change, `area` shows the area and writes nothing.
    out = unchanged(home, "area", "1", *C)
    rows = ladder_rows(out)
    assert [(r["number"], r["now"], r["name"]) for r in rows] == [(1, STEP_WORDS[2], "Rent")]
    unchanged(home, "area", "Rent", *C, "--next", "")


def test_back_dated_moves_read_as_a_chain_in_date_order(
    client: dict[str, Any], home: Path, clock: Callable[[dt.date], None]
) -> None:
    """Moves from paper are entered oldest first; each starts where the one before ended."""
    clock(DAY - dt.timedelta(weeks=6))
    ok("add-area", "Medicine", *C, "--step", "2")
    clock(DAY)
    ok("step-up", "1", *C, "--date", weeks_ago(5), "--note", "first")
    ok("step-back", "1", *C, "--date", weeks_ago(2), "--note", "second", "--voice", "client")
    ok("step-up", "1", *C, "--date", weeks_ago(2), "--note", "same day")
    doc = as_json("step-up", "1", *C, "--note", "today")
    assert_area(doc)
    assert [(m["date"], m["move"], m["from"], m["to"], m["note"], m["voice"])
            for m in doc["history"]] == [
        (weeks_ago(6), "start", None, 2, None, "together"),
        (weeks_ago(5), "up", 2, 3, "first", "together"),
        (weeks_ago(2), "back", 3, 2, "second", "client"),
        (weeks_ago(2), "up", 2, 3, "same day", "together"),
        (ago(0), "up", 3, 4, "today", "together"),
    ]  # fmt: skip
    # A move dated before the last one would break the chain: refused, nothing written.
    message = refused(home, "step-back", "1", *C, "--date", weeks_ago(3), "--note", "late")
    assert ago(0) in message
    assert "Medicine" in message
    rows = ladder_rows(ok("ladder", *C))
    assert rows[0]["details"] == [
        f"moves: {weeks_ago(5)} up to 3 · {weeks_ago(2)} stepped back to 2 · "
        f"{weeks_ago(2)} up to 3 · {ago(0)} up to 4",
        f"{ago(0)} up to 4: “today”  (together)",
    ]


def test_move_dates_in_the_forms_a_person_types(
    client: dict[str, Any], clock: Callable[[dt.date], None]
) -> None:
    clock(DAY - dt.timedelta(days=30))
    ok("add-area", "Rent", *C)
    clock(DAY)
    norwegian = (DAY - dt.timedelta(days=20)).strftime("%d.%m.%Y")
    ok("step-up", "Rent", *C, "--date", norwegian)
    ok("step-up", "Rent", *C, "--date", "-2w")
    ok("step-up", "Rent", *C, "--date", "-3d")
    ok("step-back", "Rent", *C, "--date", "yesterday")
    ok("step-back", "Rent", *C, "--date", "today")
    rent = as_json("ladder", *C)[0]
    assert [(m["date"], m["move"], m["to"]) for m in rent["history"]] == [
        (ago(30), "start", 1),
        (ago(20), "up", 2),
        (ago(14), "up", 3),
        (ago(3), "up", 4),
        (ago(1), "back", 3),
        (ago(0), "back", 2),
    ]
    # A weekday name looks back for a move: the nearest such day, today included.
    today = DAY
    ok("add-area", "Post", *C)
    clock(today + dt.timedelta(days=7))
    monday = as_json("step-up", "Post", *C, "--date", "monday")["history"][-1]["date"]
    later = today + dt.timedelta(days=7)
    assert monday == (later - dt.timedelta(days=later.weekday())).isoformat()


def test_an_area_added_today_takes_no_move_dated_earlier(
    client: dict[str, Any], home: Path
) -> None:
    """An area put on the ladder today takes no move dated earlier (add-area --date is for
    records from paper)."""
    ok("add-area", "Rent", *C)
    message = refused(home, "step-up", "Rent", *C, "--date", "yesterday")
    assert f"has stood on this step since {ago(0)}" in message
    no_blame(message)


def test_duplicate_area_names_are_refused(client: dict[str, Any], home: Path) -> None:
    ok("add-area", "Medicine", *C)
    message = refused(home, "add-area", "medicine", *C, "--step", "3")
    assert "Medicine" in message or "medicine" in message
    assert len(as_json("ladder", *C)) == 1


def test_ladder_offers_the_template_areas_not_yet_in_use(client: dict[str, Any]) -> None:
    out = ok("ladder", *C)
    assert out.startswith("No areas on the ladder yet.")
    assert f"Areas you could add: {', '.join(BUILT_IN_AREAS)}" in out
    ok("add-area", "MEDICINE", *C)
    ok("add-area", "Walking the dog", *C)
    out = ok("ladder", *C)
    left = [name for name in BUILT_IN_AREAS if name != "Medicine"]
    assert out.rstrip("\n").split("\n")[-1] == f"Areas you could add: {', '.join(left)}"
    assert as_json("ladder", *C)[0]["name"] == "MEDICINE"


def test_ladder_json_is_a_list_even_when_empty(client: dict[str, Any], home: Path) -> None:
    before = snapshot(home)
    assert as_json("ladder", *C) == []
    assert snapshot(home) == before


# The "done when" scenario: weeks of moves, both checklists, some disagreement ------------


def fill_robins_plan(clock: Callable[[dt.date], None]) -> None:
    """Four areas put on the ladder ten weeks ago and moved up and back since, entered from
    the worker's notes oldest first; both checklists filled in."""
    clock(DAY - dt.timedelta(weeks=10))
    ok("add-area", "Paying rent and bills", *C, "--step", "1")
    ok("add-area", "Medicine", *C, "--step", "2")
    ok("add-area", "Food and shopping", *C, "--step", "2", "--next",
       "Make the shopping list alone", "--ready-when", "Three lists made")  # fmt: skip
    ok("add-area", "Cleaning and laundry", *C, "--step", "3")
    clock(DAY - dt.timedelta(weeks=2))
    ok("step-back", "Cleaning and laundry", *C,
       "--note", "Washing machine broke; we go to the laundrette together")  # fmt: skip
    clock(DAY)
    ok("step-up", "1", *C, "--date", weeks_ago(8), "--note", "Paid the rent together at the bank")
    ok("step-up", "1", *C, "--date", weeks_ago(4), "--note", "I paid it, Kari reminded me",
       "--voice", "client", "--next", "Pay it myself; Kari checks in after",
       "--ready-when", "Two months on time")  # fmt: skip

    ok("step-up", "Medicine", *C, "--date", weeks_ago(7), "--note", "Filled the box myself")
    ok("step-back", "Medicine", *C, "--date", weeks_ago(4), "--voice", "client",
       "--note", "A hard week. Kari fills the box again for now.")  # fmt: skip
    ok("step-up", "Medicine", *C, "--date", weeks_ago(1), "--note", "Filling it myself again",
       "--next", "Kari only checks on Fridays")  # fmt: skip

    ok("step-back", "3", *C, "--date", weeks_ago(3), "--note", "Ill for two weeks")
    ok("step-up", "3", *C, "--date", weeks_ago(1), "--next", "Make the shopping list alone")

    rate = {
        "Income is in place": ("met", "met"),
        "Benefits applied for and granted": ("partly", "unmet"),
        "Rent is paid": ("met", "met"),
        "Electricity and other bills are paid": ("met", "partly"),
        "A budget for the week": ("unmet", "unmet"),
        "A bed": ("met", "met"),
        "A couch or a good chair": ("unmet", "unmet"),
        "Feels safe at home": ("partly", "met"),
        "Keys that work": ("met", "unknown"),
    }
    for name, (client_says, worker_says) in rate.items():
        ok("need", name, *C, "--client-says", client_says, "--worker-says", worker_says)
    ok("need", "2", *C, "--action", "Apply for housing benefit", "--who", "Kari and Robin",
       "--due", "+5d")  # fmt: skip
    ok("need", "A budget for the week", *C, "--action", "Write a budget together",
       "--who", "Kari", "--due", "+3d")  # fmt: skip
    ok("need", "11", *C, "--action", "Look at the second-hand shop", "--who", "Robin")
    ok("need", "Rent is paid", *C, "--action", "Set up a direct debit", "--who", "Robin")
    ok("need", "Rent is paid", *C, "--done")


def test_a_plan_of_several_weeks_reads_back_clearly(
    client: dict[str, Any], clock: Callable[[dt.date], None]
) -> None:
    fill_robins_plan(clock)
    texts = []

    # The ladder, as a picture.
    out = ok("ladder", *C)
    texts.append(out)
    rows = ladder_rows(out)
    assert [(r["number"], r["picture"], r["now"], r["name"]) for r in rows] == [
        (1, "■■■□□ 3/5", "You do it, we remind you", "Paying rent and bills"),
        (2, "■■■□□ 3/5", "You do it, we remind you", "Medicine"),
        (3, "■■□□□ 2/5", "We do it together", "Food and shopping"),
        (4, "■■□□□ 2/5", "We do it together", "Cleaning and laundry"),
    ]
    assert rows[0]["details"] == [
        "next step: Pay it myself; Kari checks in after",
        "time for it when: Two months on time",
        f"moves: {weeks_ago(8)} up to 2 · {weeks_ago(4)} up to 3",
        f"{weeks_ago(4)} up to 3: “I paid it, Kari reminded me”  (client)",
    ]
    assert rows[1]["details"] == [
        "next step: Kari only checks on Fridays",
        f"moves: {weeks_ago(7)} up to 3 · {weeks_ago(4)} stepped back to 2 · "
        f"{weeks_ago(1)} up to 3",
        f"{weeks_ago(1)} up to 3: “Filling it myself again”  (together)",
    ]
    assert rows[2]["details"] == [
        "next step: Make the shopping list alone",
        f"moves: {weeks_ago(3)} stepped back to 1 · {weeks_ago(1)} up to 2",
        f"{weeks_ago(3)} stepped back to 1: “Ill for two weeks”  (together)",
    ]
    assert rows[3]["details"] == [
        f"moves: {weeks_ago(2)} stepped back to 2",
        f"{weeks_ago(2)} stepped back to 2: "
        "“Washing machine broke; we go to the laundrette together”  (together)",
    ]
    assert out.count("stepped back to") == 5  # three moves, two of them with their note
    assert "Areas you could add: Appointments, Post and forms, Money for the week" in out

    # The ladder, as JSON: a list of areas, every move with its date, note and voice.
    areas = as_json("ladder", *C)
    assert isinstance(areas, list)
    assert [(a["number"], a["name"], a["step"]) for a in areas] == [
        (1, "Paying rent and bills", 3),
        (2, "Medicine", 3),
        (3, "Food and shopping", 2),
        (4, "Cleaning and laundry", 2),
    ]
    for area in areas:
        assert_area(area)
        # The history reads as a chain from where the area began to where it is now.
        assert area["history"][0] == {
            "date": weeks_ago(10),
            "move": "start",
            "from": None,
            "to": area["history"][0]["to"],
            "note": None,
            "voice": "together",
        }
        for before, after in itertools.pairwise(area["history"]):
            assert after["from"] == before["to"], area["history"]
            assert after["to"] == after["from"] + (1 if after["move"] == "up" else -1)
        assert area["history"][-1]["to"] == area["step"]
    medicine = [m for m in moves(areas[1]["history"]) if m["move"] != "start"]
    assert medicine == [
        {
            "date": weeks_ago(7),
            "move": "up",
            "from": 2,
            "to": 3,
            "note": "Filled the box myself",
            "voice": "together",
        },
        {
            "date": weeks_ago(4),
            "move": "back",
            "from": 3,
            "to": 2,
            "note": "A hard week. Kari fills the box again for now.",
            "voice": "client",
        },
        {
            "date": weeks_ago(1),
            "move": "up",
            "from": 2,
            "to": 3,
            "note": "Filling it myself again",
            "voice": "together",
        },
    ]
    assert [a["next"] for a in areas] == [
        "Pay it myself; Kari checks in after",
        "Kari only checks on Fridays",
        "Make the shopping list alone",
        None,
    ]
    assert areas[2]["ready_when"] is None  # the step up took it; a new sign is agreed anew

    # The checklists: by domain, open actions first, then unmet needs, then the rest.
    out = ok("needs", *C)
    texts.append(out)
    tables, rest = needs_blocks(out)
    assert [heading for heading, _rows in tables] == [
        "Economy (economy): 3 of 8 open",
        "Housing (housing): 2 of 8 open",
    ]
    economy, housing = (rows for _heading, rows in tables)
    assert [r["number"] for r in economy] == [2, 6, 4, 1, 3, 5, 7, 8]
    assert [r["number"] for r in housing] == [11, 14, 9, 10, 12, 13, 15, 16]
    by_number = {r["number"]: r for r in economy + housing}
    assert by_number[2] == {
        "number": 2,
        "client": "partly met",
        "worker": "not met yet",
        "differ": True,
        "action": "Apply for housing benefit",
        "who": "Kari and Robin",
        "due": ago(-5),
        "name": "Benefits applied for and granted",
    }
    assert (by_number[4]["client"], by_number[4]["worker"], by_number[4]["differ"]) == (
        "met",
        "partly met",
        True,
    )
    assert (by_number[14]["client"], by_number[14]["worker"], by_number[14]["differ"]) == (
        "partly met",
        "met",
        True,
    )
    # Agreeing, or one side not known yet, is no difference.
    for number in (1, 6, 11, 15, 16):
        assert not by_number[number]["differ"], by_number[number]
    assert (by_number[15]["client"], by_number[15]["worker"]) == ("met", "not known")
    assert by_number[3]["action"] == f"Set up a direct debit (done {DAY.isoformat()})"
    assert [by_number[n]["name"] for n in range(1, 9)] == ECONOMY
    assert [by_number[n]["name"] for n in range(9, 17)] == HOUSING
    assert rest == [LEGEND]

    # The checklists, as JSON: a flat list in the same order, each item with its domain.
    items = as_json("needs", *C)
    assert isinstance(items, list)
    assert [i["number"] for i in items] == [r["number"] for r in economy + housing]
    for item in items:
        assert_need(item)
    assert [i["domain"] for i in items] == ["economy"] * 8 + ["housing"] * 8
    benefits = items[0]
    assert (benefits["client_rating"], benefits["worker_rating"]) == ("partly", "unmet")
    assert (benefits["action"], benefits["who"], benefits["due"]) == (
        "Apply for housing benefit",
        "Kari and Robin",
        ago(-5),
    )
    safe = next(i for i in items if i["name"] == "Feels safe at home")
    assert (safe["client_rating"], safe["worker_rating"]) == ("partly", "met")

    # The whole plan shows both, and only what is open among the needs.
    show = ok("client", "show", *C)
    texts.append(show)
    lines = show.split("\n")
    ladder_part = "\n".join(lines[lines.index("Responsibility") + 1 : lines.index("Basic needs")])
    assert [r["picture"] for r in ladder_rows(ladder_part)] == [
        "■■■□□ 3/5",
        "■■■□□ 3/5",
        "■■□□□ 2/5",
        "■■□□□ 2/5",
    ]
    needs_part = "\n".join(lines[lines.index("Basic needs") + 1 :])
    for name in ("Benefits applied for and granted", "A couch or a good chair"):
        assert name in needs_part
    assert "Rent is paid" not in needs_part
    assert "Income is in place" not in needs_part
    whole = as_json("client", "show", *C)
    assert whole["areas"] == areas
    assert sorted(whole["needs"], key=lambda i: i["number"]) == sorted(
        items, key=lambda i: i["number"]
    )

    # One item, and one step back, read back in neutral words too.
    texts.append(ok("need", "2", *C))
    texts.append(ok("need", "Feels safe at home", *C))
    back = ok("step-back", "Medicine", *C, "--note", "Too much at once")
    texts.append(back)
    assert back == (
        "Medicine stepped back to step 2, 'We do it together'. A step back is part of the road.\n"
    )
    texts.append(ok("ladder", *C))
    texts.append(ok("area", "Medicine", *C))
    no_blame(*texts)


# Basic needs -------------------------------------------------------------------------------


def test_a_new_client_starts_with_economy_and_housing(client: dict[str, Any]) -> None:
    items = as_json("needs", *C)
    assert [(i["number"], i["domain"], i["name"]) for i in items] == [
        (n, "economy" if n <= 8 else "housing", name) for n, name in enumerate(ECONOMY + HOUSING, 1)
    ]
    for item in items:
        assert_need(item)
        assert (item["client_rating"], item["worker_rating"]) == ("unknown", "unknown")
        assert (item["action"], item["who"], item["due"], item["history"]) == (
            None,
            None,
            None,
            [],
        )
    out = ok("needs", *C)
    tables, rest = needs_blocks(out)
    assert [heading for heading, _rows in tables] == [
        "Economy (economy): 0 of 8 open",
        "Housing (housing): 0 of 8 open",
    ]
    assert rest == []  # nothing differs, so no legend
    assert "≠" not in out


def test_the_domain_filter(client: dict[str, Any]) -> None:
    ok("need", "A bed", *C, "--client-says", "unmet")
    out = ok("needs", *C, "--domain", "housing")
    tables, _rest = needs_blocks(out)
    assert [heading for heading, _rows in tables] == ["Housing (housing): 1 of 8 open"]
    assert tables[0][1][0]["name"] == "A bed"
    assert "Economy" not in out
    items = as_json("needs", *C, "--domain", " Housing ")
    assert [i["name"] for i in items] == ["A bed"] + [n for n in HOUSING if n != "A bed"]
    assert {i["domain"] for i in items} == {"housing"}
    economy = as_json("needs", *C, "--domain", "economy")
    assert [i["name"] for i in economy] == ECONOMY


def test_the_two_ratings_are_never_merged(client: dict[str, Any]) -> None:
    doc = as_json("need", "A bed", *C, "--client-says", "met")
    assert (doc["client_rating"], doc["worker_rating"]) == ("met", "unknown")
    doc = as_json("need", "A bed", *C, "--worker-says", "unmet")
    assert (doc["client_rating"], doc["worker_rating"]) == ("met", "unmet")
    doc = as_json("need", "A bed", *C, "--client-says", "partly")
    assert (doc["client_rating"], doc["worker_rating"]) == ("partly", "unmet")
    doc = as_json("need", "10", *C, "--worker-says", "Not Relevant")
    assert (doc["client_rating"], doc["worker_rating"]) == ("partly", "not-relevant")
    stored = next(i for i in as_json("needs", *C) if i["name"] == "A bed")
    assert (stored["client_rating"], stored["worker_rating"]) == ("partly", "not-relevant")
    assert stored == doc
    # No merged, averaged or combined rating anywhere in the item.
    assert not {k for k in stored if "rating" in k} - {"client_rating", "worker_rating"}

    rows = needs_rows(ok("need", "A bed", *C).split("\n")[:2])
    assert (rows[0]["client"], rows[0]["worker"], rows[0]["differ"]) == (
        "partly met",
        "not relevant",
        True,
    )


def test_every_change_to_a_need_is_kept_with_whose_voice(
    client: dict[str, Any], home: Path
) -> None:
    today = DAY.isoformat()
    doc = as_json("need", "A bed", *C, "--client-says", "met", "--voice", "worker")
    doc = as_json("need", "A bed", *C, "--worker-says", "unmet", "--voice", "client")
    doc = as_json("need", "A bed", *C, "--action", "Look for a bed", "--who", "Kari",
                  "--due", "+2w", "--voice", "client")  # fmt: skip
    doc = as_json("need", "A bed", *C, "--done", "--voice", "worker")
    doc = as_json("need", "A bed", *C, "--client-says", "unmet")
    assert_need(doc)
    assert [(c["field"], c["from"], c["to"], c["voice"]) for c in doc["history"]] == [
        ("client_rating", "unknown", "met", "client"),
        ("worker_rating", "unknown", "unmet", "worker"),
        ("action", None, "Look for a bed", "client"),
        ("who", None, "Kari", "client"),
        ("due", None, ago(-14), "client"),
        ("action_done", None, today, "worker"),
        ("client_rating", "met", "unmet", "client"),
    ]
    assert {c["date"] for c in doc["history"]} == {today}
    assert doc["revision"] == 6

    out = unchanged(home, "need", "A bed", *C)
    lines = out.rstrip("\n").split("\n")
    row = needs_rows(lines[:2])[0]
    assert row["action"] == f"Look for a bed (done {today})"
    assert (row["client"], row["worker"], row["who"], row["due"]) == (
        "not met yet",
        "not met yet",
        "Kari",
        ago(-14),
    )
    assert [line.strip() for line in lines[2:]] == [
        f"{today}  client says: not known → met  (client)",
        f"{today}  worker says: not known → not met yet  (worker)",
        f"{today}  action: - → Look for a bed  (client)",
        f"{today}  who: - → Kari  (client)",
        f"{today}  due: - → {ago(-14)}  (client)",
        f"{today}  action done: - → {today}  (worker)",
        f"{today}  client says: met → not met yet  (client)",
    ]
    no_blame(out)


def test_need_with_no_options_shows_the_item_and_writes_nothing(
    client: dict[str, Any], home: Path
) -> None:
    out = unchanged(home, "need", "1", *C)
    row = needs_rows(out.rstrip("\n").split("\n"))
    assert row == [
        {
            "number": 1,
            "client": "not known",
            "worker": "not known",
            "differ": False,
            "action": "-",
            "who": "-",
            "due": "-",
            "name": "Income is in place",
        }
    ]
    doc = as_json("need", "Income is in place", *C)
    assert doc == as_json("needs", *C)[0]
    assert doc["revision"] == 1
    # Saying again what is already there changes nothing either.
    ok("need", "1", *C, "--client-says", "met")
    unchanged(home, "need", "1", *C, "--client-says", "met")
    assert as_json("need", "1", *C)["revision"] == 2


def test_an_action_can_be_cleared_and_done_only_when_there_is_one(
    client: dict[str, Any], home: Path
) -> None:
    message = refused(home, "need", "1", *C, "--done")
    assert "no agreed action" in message
    ok("need", "1", *C, "--action", "Call NAV", "--who", "Kari", "--due", "+3d")
    done = as_json("need", "1", *C, "--done")
    assert done["action_done"] == DAY.isoformat()
    assert done["action"] == "Call NAV"
    # A new action starts undone.
    again = as_json("need", "1", *C, "--action", "Call NAV again")
    assert (again["action"], again["action_done"]) == ("Call NAV again", None)
    cleared = as_json("need", "1", *C, "--action", "", "--who", "", "--due", "")
    assert (cleared["action"], cleared["action_done"], cleared["who"], cleared["due"]) == (
        None,
        None,
        None,
        None,
    )
    message = refused(home, "need", "1", *C, "--done")
    assert "no agreed action" in message
    # Clearing and marking done at once has nothing to mark.
    ok("need", "2", *C, "--action", "Apply")
    refused(home, "need", "2", *C, "--action", "", "--done")
    # Setting an action and marking it done at once is fine.
    both = as_json("need", "3", *C, "--action", "Pay the rent", "--done")
    assert (both["action"], both["action_done"]) == ("Pay the rent", DAY.isoformat())


def _next_weekday(index: int) -> str:
    today = DAY
    return (today + dt.timedelta(days=(index - today.weekday()) % 7)).isoformat()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-01", lambda: "2026-12-01"),
        ("01.12.2026", lambda: "2026-12-01"),
        ("1.2.2027", lambda: "2027-02-01"),
        ("today", lambda: ago(0)),
        ("tomorrow", lambda: ago(-1)),
        ("+3d", lambda: ago(-3)),
        ("+2w", lambda: ago(-14)),
        ("friday", lambda: _next_weekday(4)),
        ("Monday", lambda: _next_weekday(0)),
    ],
)
def test_due_dates_in_every_accepted_form(
    client: dict[str, Any], typed: str, expected: Callable[[], str]
) -> None:
    doc = as_json("need", "1", *C, "--action", "Pay the rent", "--due", typed)
    assert doc["due"] == expected()
    assert doc["history"][-1] == {
        "date": DAY.isoformat(),
        "field": "due",
        "from": None,
        "to": expected(),
        "voice": "together",
    }


NEED_REFUSALS = {
    "rating great": (["need", "1", *C, "--client-says", "great"], "great"),
    "rating failed": (
        ["need", "1", *C, "--worker-says", "failed"],
        "met, partly (partly met), unmet (not met yet)",
    ),
    "rating empty": (["need", "1", *C, "--client-says", ""], "rating"),
    "rating number": (["need", "1", *C, "--worker-says", "3"], "rating"),
    "good and bad rating": (["need", "1", *C, "--client-says", "met", "--worker-says", "x"], "x"),
    "impossible due": (["need", "1", *C, "--due", "31.02.2026"], "31.02.2026"),
    "impossible ISO due": (["need", "1", *C, "--due", "2026-02-30"], "2026-02-30"),
    "two-digit year due": (["need", "1", *C, "--due", "01.12.26"], "four digits"),
    "garbage due": (["need", "1", *C, "--due", "soon"], "soon"),
    "done without action": (["need", "1", *C, "--done"], "action"),
    "unknown voice": (["need", "1", *C, "--action", "x", "--voice", "boss"], "boss"),
    "unknown item": (["need", "99", *C], "99"),
    "unknown item name": (["need", "A horse", *C, "--client-says", "met"], "a horse"),
    "action on two lines": (["need", "1", *C, "--action", "one\ntwo"], "one line"),
    "action of 201": (["need", "1", *C, "--action", "a" * 201], "201"),
    "who of 81": (["need", "1", *C, "--who", "w" * 81], "81"),
    "OSC in action": (["need", "1", *C, "--action", f"Call{OSC_TITLE}"], "control character"),
    "OSC 52 in who": (["need", "1", *C, "--who", OSC_CLIPBOARD], "control character"),
    "C1 in action": (["need", "1", *C, "--action", f"x{C1_CSI}2J"], "control character"),
    "OSC in new need": (["add-need", f"Bed{OSC_TITLE}", *C, "--domain", "housing"], "control"),
    "empty new need": (["add-need", " ", *C, "--domain", "housing"], "empty"),
    "new need only a number": (["add-need", "7", *C, "--domain", "housing"], "number"),
    "need in unswitched domain": (["add-need", "Gym", *C, "--domain", "health"], "economy"),
    "need in unknown domain": (["add-need", "Gym", *C, "--domain", "spaceship"], "spaceship"),
    "unknown domain": (["add-domain", "spaceship", *C], "economy, housing, food, health"),
    "domain already on": (["add-domain", "economy", *C], "already"),
    "no client": (["needs"], "--client"),
    "unknown client": (["need", "1", "-c", "nobody"], "nobody"),
}


@pytest.mark.parametrize(("args", "words"), NEED_REFUSALS.values(), ids=NEED_REFUSALS.keys())
def test_bad_needs_input_is_refused_and_nothing_is_written(
    client: dict[str, Any], home: Path, args: list[str], words: str
) -> None:
    ok("need", "2", *C, "--client-says", "partly", "--action", "Apply", "--who", "Kari")
    message = refused(home, *args)
    assert words.lower() in message.lower(), message
    no_blame(message.replace("'failed'", ""))


def test_add_domain_switches_on_a_checklist_once(client: dict[str, Any], home: Path) -> None:
    assert ok("add-domain", "food", *C) == "Switched on the checklist Food (items: 3).\n"
    items = as_json("needs", *C)
    food = [i for i in items if i["domain"] == "food"]
    assert [(i["number"], i["name"]) for i in food] == list(zip([17, 18, 19], FOOD, strict=True))
    assert [i["domain"] for i in items] == ["economy"] * 8 + ["housing"] * 8 + ["food"] * 3
    tables, _rest = needs_blocks(ok("needs", *C))
    assert [heading for heading, _rows in tables][-1] == "Food (food): 0 of 3 open"
    message = refused(home, "add-domain", "Food", *C)
    assert "already" in message
    doc = as_json("add-domain", " HEALTH ", *C)
    assert_document(doc, {"id", "number", "voice", "created", "updated", "revision"})
    assert (doc["key"], doc["title"]) == ("health", "Health and GP")
    message = refused(home, "add-domain", "spaceship", *C)
    for known in ("economy", "housing", "food", "health", "daytime", "social"):
        assert known in message


def test_add_need_goes_into_a_switched_on_domain(client: dict[str, Any], home: Path) -> None:
    message = refused(home, "add-need", "A freezer", *C, "--domain", "food")
    assert "economy, housing" in message
    ok("add-domain", "food", *C)
    doc = as_json("add-need", "A freezer", *C, "--domain", "Food", "--voice", "client")
    assert_need(doc)
    assert (doc["number"], doc["domain"], doc["name"], doc["voice"]) == (
        20,
        "food",
        "A freezer",
        "client",
    )
    assert (doc["client_rating"], doc["worker_rating"]) == ("unknown", "unknown")
    assert ok("add-need", "Spices", *C, "--domain", "food") == "Added need 21 to food: Spices\n"
    assert [i["name"] for i in as_json("needs", *C, "--domain", "food")] == [
        *FOOD,
        "A freezer",
        "Spices",
    ]
    refused(home, "add-need", "Gym", *C, "--domain", "nowhere")


def test_open_items_come_first_in_every_domain(client: dict[str, Any]) -> None:
    ok("add-domain", "food", *C)
    ok("need", "19", *C, "--worker-says", "unmet")  # unmet, no action
    ok("need", "18", *C, "--action", "Cook with Kari")  # open action, ratings unknown
    ok("need", "17", *C, "--client-says", "met", "--worker-says", "met")
    ok("need", "8", *C, "--client-says", "partly")  # partly met counts as open
    ok("need", "5", *C, "--action", "Order a new card")
    ok("need", "3", *C, "--client-says", "not-relevant", "--worker-says", "met")
    items = as_json("needs", *C)
    assert [i["number"] for i in items] == [
        5, 8, 1, 2, 3, 4, 6, 7,
        9, 10, 11, 12, 13, 14, 15, 16,
        18, 19, 17,
    ]  # fmt: skip
    tables, rest = needs_blocks(ok("needs", *C))
    assert [[r["number"] for r in rows] for _h, rows in tables] == [
        [5, 8, 1, 2, 3, 4, 6, 7],
        [9, 10, 11, 12, 13, 14, 15, 16],
        [18, 19, 17],
    ]
    assert [h for h, _rows in tables] == [
        "Economy (economy): 2 of 8 open",
        "Housing (housing): 0 of 8 open",
        "Food (food): 2 of 3 open",
    ]
    assert rest == [LEGEND]  # item 3: not relevant to the client, met to the worker
    assert [r["differ"] for r in tables[0][1]] == [False, False, False, False, True] + [False] * 3


# Templates ---------------------------------------------------------------------------------


def write_template(home: Path, name: str, text: str) -> Path:
    folder = home / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def warned(*args: str) -> tuple[str, str]:
    """Run a command that succeeds with a warning; returns (stdout, stderr)."""
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert not CONTROL.search(result.stdout + result.stderr)
    return result.stdout, result.stderr


GOOD_NEEDS = """\
# Our service's own checklist.

== money: Money
- Has a bank card
- Knows the rent date

== home: A home (extra)
- A bed
"""


def test_a_services_own_templates_replace_the_built_in_ones(home: Path) -> None:
    write_template(home, "needs.txt", GOOD_NEEDS)
    write_template(home, "areas.txt", "- Walking the dog\n\n# a comment\n- Taking the bus\n")
    ok("client", "add", "Robin", "--handle", "robin")
    items = as_json("needs", *C)
    assert [(i["number"], i["domain"], i["name"]) for i in items] == [
        (1, "money", "Has a bank card"),
        (2, "money", "Knows the rent date"),
    ]
    tables, _rest = needs_blocks(ok("needs", *C))
    assert [h for h, _rows in tables] == ["Money (money): 0 of 2 open"]
    out = ok("ladder", *C)
    assert (
        out.rstrip("\n").split("\n")[-1] == "Areas you could add: Walking the dog, Taking the bus"
    )
    assert ok("add-domain", "home", *C).startswith("Switched on the checklist A home")
    assert [i["name"] for i in as_json("needs", *C, "--domain", "home")] == ["A bed"]
    message = refused(home, "add-domain", "food", *C)
    assert "money, home" in message


BAD_NEEDS = {
    "item before any domain": ("# head\n\n- An orphan item\n== money: Money\n", 3),
    "bad domain line": ("== money: Money\n- Cash\n== Bad Domain\n", 3),
    "domain key with a space": ("== money: Money\n- Cash\n\n== my home: Home\n", 4),
    "control character in an item": ("== money: Money\n- Cash\n- Card\x1b]0;x\x07\n", 3),
    "C1 control in an item": ("== money: Money\n- Ca\x9bsh\n", 2),
    "line that is not an item": ("== money: Money\nCash\n", 2),
    "domain twice": ("== money: Money\n- Cash\n== money: More money\n", 3),
    "item too long": ("== money: Money\n- " + "x" * 201 + "\n", 2),
}


@pytest.mark.parametrize(("text", "line"), BAD_NEEDS.values(), ids=BAD_NEEDS.keys())
def test_a_malformed_needs_template_is_passed_over_with_a_warning(
    home: Path, text: str, line: int
) -> None:
    path = write_template(home, "needs.txt", text)
    out, err = warned("client", "add", "Robin", "--handle", "robin")
    assert out == "Added Robin, handle robin.\n"
    assert str(path) in err
    assert f"line {line}" in err
    assert "built-in" in err
    assert err.count("\n") == 1, err
    items = as_json("needs", *C)
    assert [i["name"] for i in items] == ECONOMY + HOUSING
    # add-domain warns too, and still switches on the built-in checklist.
    out, err = warned("add-domain", "food", *C)
    assert out == "Switched on the checklist Food (items: 3).\n"
    assert str(path) in err
    assert f"line {line}" in err


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank", "#"])
def test_an_empty_template_is_passed_over_with_a_warning(home: Path, text: str) -> None:
    needs = write_template(home, "needs.txt", text)
    areas = write_template(home, "areas.txt", text)
    out, err = warned("client", "add", "Robin", "--handle", "robin")
    assert str(needs) in err
    assert str(areas) in err
    assert [i["name"] for i in as_json("needs", *C)] == ECONOMY + HOUSING
    out, err = warned("ladder", *C)
    assert str(areas) in err
    assert out.rstrip("\n").split("\n")[-1] == f"Areas you could add: {', '.join(BUILT_IN_AREAS)}"


def test_a_malformed_areas_template_names_its_line(home: Path) -> None:
    ok("client", "add", "Robin", "--handle", "robin")
    path = write_template(home, "areas.txt", "- Walking the dog\nTaking the bus\n")
    out, err = warned("ladder", *C)
    assert str(path) in err
    assert "line 2" in err
    assert "Walking the dog" not in out
    assert out.rstrip("\n").split("\n")[-1] == f"Areas you could add: {', '.join(BUILT_IN_AREAS)}"
    path = write_template(home, "areas.txt", "- Walking\n- Bus\x07\n")
    out, err = warned("ladder", *C)
    assert "line 2" in err
    assert "U+0007" in err
    assert "\x07" not in err


def test_a_template_added_later_does_not_change_an_existing_client(home: Path) -> None:
    ok("client", "add", "Robin", "--handle", "robin")
    write_template(home, "needs.txt", GOOD_NEEDS)
    assert [i["name"] for i in as_json("needs", *C)] == ECONOMY + HOUSING
    ok("client", "add", "Sam", "--handle", "sam")
    assert [i["name"] for i in as_json("needs", "-c", "sam")] == [
        "Has a bank card",
        "Knows the rent date",
    ]


# Text a person typed ----------------------------------------------------------------------


@pytest.mark.parametrize("words", HOSTILE)
def test_hostile_and_unicode_text_round_trips_and_shows_literally(
    client: dict[str, Any], words: str
) -> None:
    added = ok("add-area", words, *C, "--step", "2", "--next", words, "--ready-when", words)
    assert words in added
    up = as_json("step-up", words, *C, "--note", words, "--next", f"{words} next")
    assert (up["name"], up["history"][-1]["note"], up["next"]) == (words, words, f"{words} next")
    back = ok("step-back", words, *C, "--note", f"{words}\n{words}")
    assert words in back
    area = as_json("ladder", *C)[0]
    assert area["history"][-1]["note"] == f"{words}\n{words}"
    assert area["name"] == words
    out = ok("ladder", *C)
    rows = ladder_rows(out)
    assert rows[0]["name"] == words
    assert f"next step: {words} next" in rows[0]["details"]
    assert words in ok("area", "1", *C)

    doc = as_json("need", "A bed", *C, "--action", words, "--who", words)
    assert (doc["action"], doc["who"]) == (words, words)
    shown = ok("need", "A bed", *C)
    row = needs_rows(shown.split("\n")[:2])[0]
    assert (row["action"], row["who"]) == (words, words)
    added_need = as_json("add-need", words, *C, "--domain", "housing")
    assert added_need["name"] == words
    assert as_json("need", words, *C)["number"] == added_need["number"]
    needs_out = ok("needs", *C)
    tables, _rest = needs_blocks(needs_out)
    housing = tables[1][1]
    assert housing[0]["action"] == words
    assert housing[0]["who"] == words
    assert words in [r["name"] for r in housing]
    show = ok("client", "show", *C)
    assert show.count(words) >= 3
    for text in (added, back, out, shown, needs_out, show):
        assert "\x1b" not in text


def test_old_notes_with_control_characters_never_reach_the_terminal(
    client: dict[str, Any], home: Path
) -> None:
    """Data written by an older version may hold what input now refuses."""
    ok("add-area", "Medicine", *C)
    ok("need", "1", *C, "--action", "Call")
    path = next((home / "clients").glob("*.json"))
    raw = path.read_text(encoding="utf-8")
    raw = raw.replace('"Medicine"', json.dumps(f"Medi{OSC_TITLE}cine"))
    raw = raw.replace('"Call"', json.dumps(f"Call{OSC_CLIPBOARD}"))
    path.write_text(raw, encoding="utf-8")
    for args in (["ladder", *C], ["needs", *C], ["need", "1", *C], ["client", "show", *C]):
        out = ok(*args)  # ok() checks no control character reaches stdout
        assert "\ufffd" in out, args
    assert as_json("ladder", *C)[0]["name"] == f"Medi{OSC_TITLE}cine"


def test_a_mistyped_checklist_is_refused_with_the_ones_switched_on(
    client: dict[str, Any], home: Path
) -> None:
    message = refused(home, "needs", *C, "--domain", "ecnomy")
    assert "'ecnomy'" in message
    assert "economy, housing" in message
