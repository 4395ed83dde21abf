"""What each changing command says: added, changed, or already so, word for word.

Core tells the CLI whether an operation changed anything; these lines are what people and
scripts read, so they are pinned exactly. Dates are given, never today, so any day will do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_support import ok, snapshot

C = ["-c", "robin"]
DAY = ["--date", "2020-01-06"]
WEEK = "Week 2, 6–12 January 2020"

SAID = [
    (["edit-goal", "1", "--area", "bedroom"], "Changed goal 1: Buy a bed  [active, bedroom]"),
    (["edit-goal", "1", "--area", "bedroom"], "Goal 1 is already so: Buy a bed  [active, bedroom]"),
    (["goal-status", "1", "paused"], "Goal 1 is now paused: Buy a bed"),
    (["goal-status", "1", "paused"], "Goal 1 is already paused: Buy a bed"),
    (
        ["goal-status", "1", "paused", "--note", "Too much now"],
        "Noted on goal 1, still paused: Buy a bed\n  “Too much now”  (together)",
    ),
    (["goal-status", "1", "reached"], "Goal 1 is reached. Well done! Buy a bed"),
    (["goal-status", "1", "active"], "Goal 1 is now active: Buy a bed"),
    (["step-done", "1", "1", *DAY], "Step 1 done on 2020-01-06: Measure the room"),
    (["step-done", "1", "measure the room", *DAY], "Step 1 is already so: Measure the room"),
    (["step-done", "1", "1", "--undo"], "Step 1 is open again: Measure the room"),
    (["step-done", "1", "1", "--undo"], "Step 1 is already so: Measure the room"),
    (
        ["check-in", "1", "-p", "1", "--note", "A start", *DAY],
        "Checked in on goal 1 for 2020-01-06: 1 a small start (Buy a bed)",
    ),
    (
        ["check-in", "1", "-p", "1", "--note", "A start", *DAY],
        "The check-in on goal 1 for 2020-01-06 is already so: 1 a small start (Buy a bed)",
    ),
    (
        ["check-in", "1", "-p", "2", *DAY],
        "Updated the check-in on goal 1 for 2020-01-06: now 2 some progress (Buy a bed)",
    ),
    (["edit-dream", "1", "A home of my own"], "Changed dream 1: A home of my own"),
    (["edit-dream", "1", "A home of my own"], "Dream 1 already says so: A home of my own"),
    (["dream-status", "1", "growing"], "Dream 1 is now growing."),
    (["dream-status", "1", "growing"], "Dream 1 is already growing."),
    (
        [
            "review",
            "--week",
            "2020-W02",
            "--date",
            "2020-01-07",
            "--words",
            "Quiet",
            "--agree",
            "Call",
        ],
        f"{WEEK}: review recorded, held 2020-01-07.",
    ),
    (
        ["review", "--week", "2020-W02", "--words", "Quiet"],
        f"{WEEK}: the review already says so, held 2020-01-07.",
    ),
    (["review", "--week", "2020-W02", "--hope", "4"], f"{WEEK}: review updated, held 2020-01-07."),
    (["review", "--week", "2020-W02", "--done", "1"], f"{WEEK}: review updated, held 2020-01-07."),
    (
        ["review", "--week", "2020-W02", "--done", "1"],
        f"{WEEK}: the review already says so, held 2020-01-07.",
    ),
]


@pytest.fixture
def robin(home: Path) -> None:
    ok("client", "add", "Robin", "--handle", "robin")
    ok("add-dream", "A home", *C)
    ok("add-goal", "Buy a bed", "--area", "home", "--step", "Measure the room", *C)


def test_each_command_says_whether_it_changed_anything(robin, home: Path):
    for args, said in SAID:
        before = snapshot(home)
        out = ok(*args, *C)
        assert out.startswith(said + "\n"), (args, out)
        if "already" in said:
            assert snapshot(home) == before, args  # and nothing was written
