"""Edits the TUI's forms make: goals, dreams, steps and area names. Each takes a revision,
writes nothing when nothing changes, and writes nothing when it refuses."""

import datetime as dt

import pytest
from core_support import plan_bytes

from recoverytui.core.errors import Conflict, InvalidInput, NotFound
from recoverytui.core.store import Store

FRIDAY = dt.date(2026, 11, 27)
OSC_TITLE = "\x1b]0;pwned\x07"


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path)
    store.add_client("Kari")
    with store.plan("kari", write=True) as plan:
        plan.add_dream("A home that feels like mine")
        plan.add_dream("Go fishing with my brother")
        plan.add_goal(
            "Buy a bed",
            due="2026-12-11",
            dream=1,
            area="home",
            support="Ola",
            steps=["Measure the room", "Visit the shop", "Bed delivered"],
            base=FRIDAY,
        )
        plan.add_area("Paying rent", base=FRIDAY)
        plan.add_area("Medicine", base=FRIDAY)
    return store


def refused(store, error, match, call):
    before = plan_bytes(store)
    with pytest.raises(error, match=match), store.plan("kari", write=True) as plan:
        call(plan)
    assert plan_bytes(store) == before


def unchanged(store, call):
    """`call(plan)` changes nothing: no file is written and the revision stays."""
    before = plan_bytes(store)
    with store.plan("kari", write=True) as plan:
        doc = call(plan)
    assert plan_bytes(store) == before
    return doc


# Goals ------------------------------------------------------------------------------------


def test_edit_goal_changes_only_what_is_given(store):
    with store.plan("kari", write=True) as plan:
        goal = plan.edit_goal(1, title="  Buy a bed of my own ", base=FRIDAY)
        assert goal["title"] == "Buy a bed of my own"
        assert (goal["due"], goal["dream"], goal["area"], goal["support"]) == (
            "2026-12-11",
            1,
            "home",
            "Ola",
        )
        assert goal["revision"] == 2
        goal = plan.edit_goal(
            "Buy a bed of my own",
            due="+2w",
            dream="go fishing with my brother",
            area="bedroom",
            support="Ola and Kari",
            base=FRIDAY,
        )
    assert (goal["due"], goal["dream"], goal["area"], goal["support"]) == (
        "2026-12-11",
        2,
        "bedroom",
        "Ola and Kari",
    )
    assert goal["revision"] == 3
    assert [s["text"] for s in goal["steps"]] == [
        "Measure the room",
        "Visit the shop",
        "Bed delivered",
    ]
    with store.plan("kari") as plan:
        assert plan.goal(1) == goal


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_edit_goal_clears_due_dream_area_and_support(store, empty):
    with store.plan("kari", write=True) as plan:
        goal = plan.edit_goal(1, due=empty, dream=empty, area=empty, support=empty)
    assert (goal["due"], goal["dream"], goal["area"], goal["support"]) == (None,) * 4
    assert goal["title"] == "Buy a bed"


def test_edit_goal_that_changes_nothing_writes_nothing(store):
    goal = unchanged(
        store,
        lambda p: p.edit_goal(
            1, title="Buy a bed", due="11.12.2026", dream="1", area="home", support="Ola"
        ),
    )
    assert goal["revision"] == 1
    assert unchanged(store, lambda p: p.edit_goal(1))["revision"] == 1


BAD_GOAL_EDITS = {
    "empty title": (InvalidInput, "empty", {"title": ""}),
    "title cleared": (InvalidInput, "empty", {"title": None}),
    "title only a number": (InvalidInput, "only a number", {"title": "42"}),
    "title on two lines": (InvalidInput, "one line", {"title": "a\nb"}),
    "title too long": (InvalidInput, "201", {"title": "t" * 201}),
    "escape in title": (InvalidInput, "control character", {"title": f"Bed{OSC_TITLE}"}),
    "impossible due": (InvalidInput, "31.02.2026", {"due": "31.02.2026"}),
    "unknown dream": (NotFound, "dream '7'", {"dream": 7}),
    "escape in area": (InvalidInput, "control character", {"area": f"x{OSC_TITLE}"}),
    "support too long": (InvalidInput, "81", {"area": "kitchen", "support": "s" * 81}),
}


@pytest.mark.parametrize(
    ("error", "match", "fields"), BAD_GOAL_EDITS.values(), ids=BAD_GOAL_EDITS.keys()
)
def test_a_refused_goal_edit_changes_nothing_at_all(store, error, match, fields):
    # A good change alongside the bad one is not written either.
    refused(store, error, match, lambda p: p.edit_goal(1, **{"support": "Kari", **fields}))


def test_edit_goal_of_an_unknown_goal_is_refused(store):
    refused(store, NotFound, "goal '9'", lambda p: p.edit_goal(9, title="x"))


def test_edit_goal_with_a_stale_revision_is_a_conflict(store):
    with store.plan("kari", write=True) as plan:
        plan.edit_goal(1, area="kitchen", revision=1)
    refused(store, Conflict, "changed elsewhere", lambda p: p.edit_goal(1, area="hall", revision=1))


def test_a_conflict_carries_the_version_stored_now(store):
    """So a form can show both and let the two choose, without reading again."""
    with store.plan("kari", write=True) as plan:
        plan.edit_goal(1, area="kitchen", revision=1)
    with pytest.raises(Conflict) as raised, store.plan("kari", write=True) as plan:
        plan.edit_goal(1, area="hall", revision=1)
    assert raised.value.current is not None
    assert (raised.value.current["area"], raised.value.current["revision"]) == ("kitchen", 2)


# Dreams -----------------------------------------------------------------------------------


def test_edit_dream_rewords_it_and_keeps_its_status(store):
    with store.plan("kari", write=True) as plan:
        plan.set_dream_status(1, "growing")
        dream = plan.edit_dream("A home that feels like mine", text="A home\nwith a couch 🛋")
    assert (dream["number"], dream["text"], dream["status"]) == (
        1,
        "A home\nwith a couch 🛋",
        "growing",
    )
    assert dream["revision"] == 3
    assert dream["voice"] == "client"


def test_edit_dream_refusals_and_no_change(store):
    assert (
        unchanged(store, lambda p: p.edit_dream(2, text=" Go fishing with my brother "))["revision"]
        == 1
    )
    refused(store, InvalidInput, "empty", lambda p: p.edit_dream(1, text=""))
    refused(store, InvalidInput, "only a number", lambda p: p.edit_dream(1, text="2"))
    refused(store, InvalidInput, "control", lambda p: p.edit_dream(1, text=f"x{OSC_TITLE}"))
    refused(store, InvalidInput, "2001", lambda p: p.edit_dream(1, text="d" * 2001))
    refused(store, NotFound, "dream '5'", lambda p: p.edit_dream(5, text="x"))
    with store.plan("kari", write=True) as plan:
        plan.edit_dream(1, text="A flat", revision=1)
    refused(store, Conflict, "changed elsewhere", lambda p: p.edit_dream(1, text="B", revision=1))


# Steps ------------------------------------------------------------------------------------


def test_edit_step_rewords_it_and_keeps_its_number_and_done_date(store):
    with store.plan("kari", write=True) as plan:
        plan.complete_step(1, 2, on="yesterday", base=FRIDAY)
        goal = plan.edit_step(1, 2, text="Visit the second-hand shop")
        goal = plan.edit_step("Buy a bed", "measure THE room", text="Measure the bedroom")
    assert [(s["number"], s["text"], s["done"]) for s in goal["steps"]] == [
        (1, "Measure the bedroom", None),
        (2, "Visit the second-hand shop", "2026-11-26"),
        (3, "Bed delivered", None),
    ]
    assert goal["revision"] == 4


def test_edit_step_refusals_and_no_change(store):
    assert unchanged(store, lambda p: p.edit_step(1, 1, text="Measure the room"))["revision"] == 1
    refused(store, NotFound, "no step '9'", lambda p: p.edit_step(1, 9, text="x"))
    refused(store, NotFound, "goal '9'", lambda p: p.edit_step(9, 1, text="x"))
    refused(store, InvalidInput, "empty", lambda p: p.edit_step(1, 1, text=" "))
    refused(store, InvalidInput, "only a number", lambda p: p.edit_step(1, 1, text="3"))
    refused(store, InvalidInput, "one line", lambda p: p.edit_step(1, 1, text="a\nb"))
    refused(
        store,
        Conflict,
        "changed elsewhere",
        lambda p: p.edit_step(1, 1, text="Measure", revision=7),
    )


def test_remove_step_keeps_the_other_numbers_and_a_new_step_follows_on(store):
    with store.plan("kari", write=True) as plan:
        goal = plan.remove_step(1, "Visit the shop")
        assert [(s["number"], s["text"]) for s in goal["steps"]] == [
            (1, "Measure the room"),
            (3, "Bed delivered"),
        ]
        assert goal["revision"] == 2
        goal = plan.add_step(1, "Buy sheets")
        assert [s["number"] for s in goal["steps"]] == [1, 3, 4]
        # Numbers still find the right step after the removal.
        goal = plan.complete_step(1, 3, on="today", base=FRIDAY)
    assert [s["done"] for s in goal["steps"]] == [None, "2026-11-27", None]


def test_remove_step_refusals(store):
    refused(store, NotFound, "no step '2x'", lambda p: p.remove_step(1, "2x"))
    refused(store, NotFound, "goal 'Sell a bed'", lambda p: p.remove_step("Sell a bed", 1))
    refused(store, Conflict, "changed elsewhere", lambda p: p.remove_step(1, 1, revision=2))


# Area names -------------------------------------------------------------------------------


def test_an_area_is_renamed_and_found_by_its_new_name(store):
    with store.plan("kari", write=True) as plan:
        area = plan.set_area("Paying rent", name="Paying rent and bills")
        assert (area["number"], area["name"], area["revision"]) == (1, "Paying rent and bills", 2)
        assert plan.area("paying rent and bills")["id"] == area["id"]
        # Its own name in other letters is not taken by someone else.
        assert plan.set_area(1, name="PAYING RENT AND BILLS")["name"] == "PAYING RENT AND BILLS"
        assert len(area["history"]) == 1


def test_renaming_an_area_refusals_and_no_change(store):
    assert unchanged(store, lambda p: p.set_area(2, name="Medicine"))["revision"] == 1
    refused(
        store,
        InvalidInput,
        "already an area called 'medicine'",
        lambda p: p.set_area(1, name="medicine"),
    )
    refused(store, InvalidInput, "empty", lambda p: p.set_area(1, name=""))
    refused(store, InvalidInput, "only a number", lambda p: p.set_area(1, name="2"))
    refused(store, InvalidInput, "81", lambda p: p.set_area(1, name="a" * 81))
    refused(store, InvalidInput, "control", lambda p: p.set_area(1, name=f"Rent{OSC_TITLE}"))
    refused(store, NotFound, "area '9'", lambda p: p.set_area(9, name="Food"))
    # A refused name takes a good change of the next step down with it.
    refused(
        store,
        InvalidInput,
        "already",
        lambda p: p.set_area(1, name="Medicine", next_step="Pay it myself"),
    )
    refused(store, Conflict, "changed elsewhere", lambda p: p.set_area(1, name="Rent", revision=3))
