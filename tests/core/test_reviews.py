"""The weekly review in core: one per ISO week, in the client's words, resumable, and the
steps agreed at one review carried to the next. Every refusal writes nothing."""

import datetime as dt
import json

import pytest
from core_support import plan_bytes

from recoverytui.core.errors import Conflict, InvalidInput, NotFound, StoreDamaged
from recoverytui.core.reviews import latest_agreed

FRIDAY = dt.date(2026, 11, 27)  # in 2026-W48, which runs 23–29 November
OSC_TITLE = "\x1b]0;pwned\x07"


def refused(store, error, match, call):
    """`call(plan)` must raise `error` and leave every file exactly as it was."""
    before = plan_bytes(store)
    with pytest.raises(error, match=match), store.plan("kari", write=True) as plan:
        call(plan)
    assert plan_bytes(store) == before


def steps_of(review):
    return [(s["number"], s["text"], s["voice"], s["done"]) for s in review["agreed"]]


# Opening and finding ---------------------------------------------------------------------


def test_open_review_starts_this_weeks_review_once(store):
    with store.plan("kari", write=True) as plan:
        assert plan.review("this", base=FRIDAY) is None
        review = plan.open_review(base=FRIDAY)
    assert review["week"] == "2026-W48"
    assert review["held"] == "2026-11-27"
    assert review["stage"] == "goals"
    assert (review["words"], review["hope"], review["agreed"]) == (None, None, [])
    assert (review["voice"], review["revision"]) == ("client", 1)
    before = plan_bytes(store)
    with store.plan("kari", write=True) as plan:
        assert plan.open_review("2026-W48", base=FRIDAY) == review
        assert plan.open_review(base=FRIDAY) == review
        assert plan.review("48", base=FRIDAY) == review
        assert plan.review(FRIDAY) == review
    assert plan_bytes(store) == before, "opening an existing review wrote"


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (dt.date(2024, 12, 30), "2025-W01"),  # a Monday in December, already week 1
        (dt.date(2024, 12, 29), "2024-W52"),
        (dt.date(2026, 1, 1), "2026-W01"),
        (dt.date(2027, 1, 1), "2026-W53"),  # a Friday in January, still last year's week
        (dt.date(2027, 1, 4), "2027-W01"),
    ],
)
def test_the_week_is_the_iso_week_keyed_by_iso_year(store, day, week):
    today = max(day, FRIDAY)
    with store.plan("kari", write=True) as plan:
        review = plan.open_review(on=day, base=today)
        assert review["week"] == week
        assert review["held"] == day.isoformat()
        assert plan.review(week, base=today) == review
        assert plan.review(day) == review


def test_a_week_that_does_not_exist_is_refused(store):
    refused(
        store,
        InvalidInput,
        "2025 has no week 53",
        lambda p: p.record_review("2025-W53", words="x", base=FRIDAY),
    )
    refused(store, InvalidInput, "not a week", lambda p: p.open_review("soon", base=FRIDAY))


def test_the_review_is_held_in_its_week_or_later_never_in_the_future(store):
    refused(store, InvalidInput, "future", lambda p: p.open_review(on="tomorrow", base=FRIDAY))
    refused(
        store,
        InvalidInput,
        "before the week begins on 2026-11-23",
        lambda p: p.record_review("2026-W48", words="x", on="2026-11-22", base=FRIDAY),
    )
    # A week that has not begun can't be looked back on yet.
    refused(store, InvalidInput, "2026-W49", lambda p: p.open_review("2026-W49", base=FRIDAY))
    with store.plan("kari", write=True) as plan:
        monday = plan.open_review("2026-W48", on="2026-11-23", base=FRIDAY)
        later = plan.open_review("2026-W40", base=FRIDAY)
    assert monday["held"] == "2026-11-23"
    assert (later["week"], later["held"]) == ("2026-W40", "2026-11-27")


def test_reviews_come_oldest_week_first_across_a_year_end(store):
    with store.plan("kari", write=True) as plan:
        for day in ("2026-01-05", "2025-12-22", "2026-11-27", "2024-12-30"):
            plan.open_review(on=day, base=FRIDAY)
        weeks = [r["week"] for r in plan.reviews()]
    assert weeks == ["2025-W01", "2025-W52", "2026-W02", "2026-W48"]


# Recording ------------------------------------------------------------------------------


def test_record_review_starts_it_and_keeps_the_clients_words(store):
    words = "A hard week.\nBut I went out twice, and «blåbær» 😊 [bold]x[/]"
    with store.plan("kari", write=True) as plan:
        review = plan.record_review(
            None,
            words=f"  {words}  ",
            hope=6,
            agree=["Call my brother", "Walk to the shop"],
            base=FRIDAY,
        )
    assert review["week"] == "2026-W48"
    assert review["words"] == words
    assert review["hope"] == 6
    assert review["voice"] == "client"
    assert review["stage"] == "goals"
    assert review["revision"] == 1
    assert steps_of(review) == [
        (1, "Call my brother", "together", None),
        (2, "Walk to the shop", "together", None),
    ]
    with store.plan("kari") as plan:
        assert plan.reviews() == [review]
        assert plan.whole()["reviews"] == [review]
    assert "doc_id" not in json.dumps(review)


def test_later_records_change_only_what_is_given_and_clear_with_none(store):
    with store.plan("kari", write=True) as plan:
        plan.record_review("2026-W48", words="Good", hope=4, agree=["Cook"], base=FRIDAY)
        review = plan.record_review("2026-W48", hope=7, agree=["Shop"], base=FRIDAY)
        assert (review["words"], review["hope"], review["revision"]) == ("Good", 7, 2)
        assert [s["number"] for s in review["agreed"]] == [1, 2]
        review = plan.record_review("2026-W48", words=None, base=FRIDAY)
        assert (review["words"], review["hope"]) == (None, 7)
        review = plan.record_review("2026-W48", words="", hope=None, base=FRIDAY)
        assert (review["words"], review["hope"], review["revision"]) == (None, None, 4)
        worker = plan.record_review("2026-W48", words="Seemed tired", voice="worker", base=FRIDAY)
        assert worker["voice"] == "worker"
        # Hope on its own is the client's rating; it does not change whose words these are.
        assert plan.record_review("2026-W48", hope=3, base=FRIDAY)["voice"] == "worker"


def test_a_record_that_changes_nothing_writes_nothing(store):
    with store.plan("kari", write=True) as plan:
        first = plan.record_review(
            "2026-W48", words="Good", hope=5, agree=["Cook"], stage="ladder", base=FRIDAY
        )
    before = plan_bytes(store)
    with store.plan("kari", write=True) as plan:
        again = plan.record_review(
            "2026-W48", words="Good", hope=5, agree=["cook"], stage="ladder", base=FRIDAY
        )
        nothing = plan.record_review("2026-W48", base=FRIDAY)
    assert again == first
    assert nothing == first
    assert plan_bytes(store) == before


def test_the_same_step_agreed_twice_is_kept_once(store):
    with store.plan("kari", write=True) as plan:
        review = plan.record_review(
            "2026-W48", agree=["Cook dinner", "cook dinner ", "Shop"], base=FRIDAY
        )
    assert [s["text"] for s in review["agreed"]] == ["Cook dinner", "Shop"]


def test_the_date_held_can_be_corrected(store):
    with store.plan("kari", write=True) as plan:
        plan.open_review("2026-W48", base=FRIDAY)
        review = plan.record_review("2026-W48", on="2026-11-25", base=FRIDAY)
    assert review["held"] == "2026-11-25"
    assert review["revision"] == 2


@pytest.mark.parametrize("hope", [11, -1, 2.5, "5", True])
def test_hope_is_a_whole_number_from_0_to_10(store, hope):
    refused(
        store,
        InvalidInput,
        "0 to 10",
        lambda p: p.record_review("2026-W48", hope=hope, base=FRIDAY),
    )


def test_hope_0_and_10_are_kept(store):
    with store.plan("kari", write=True) as plan:
        assert plan.record_review("2026-W47", hope=0, base=FRIDAY)["hope"] == 0
        assert plan.record_review("2026-W48", hope=10, base=FRIDAY)["hope"] == 10


BAD_RECORDS = {
    "escape in words": ({"words": f"ok{OSC_TITLE}"}, "control character"),
    "C1 in words": ({"words": "ok\x9b2J"}, "control character"),
    "bidi in words": ({"words": "abc\u202edef"}, "control character"),
    "words too long": ({"words": "w" * 2001}, "2001"),
    "empty agreed step": ({"agree": ["Cook", "  "]}, "empty"),
    "agreed step on two lines": ({"agree": ["one\ntwo"]}, "one line"),
    "agreed step too long": ({"agree": ["s" * 201]}, "201"),
    "agreed step only a number": ({"agree": ["3"]}, "only a number"),
    "escape in agreed step": ({"agree": [f"Cook{OSC_TITLE}"]}, "control character"),
    "unknown stage": ({"stage": "finished"}, "goals, ladder, needs, signs, words, agreed, done"),
    "unknown voice": ({"words": "x", "voice": "boss"}, "boss"),
    "impossible date": ({"on": "31.02.2026"}, "31.02.2026"),
}


@pytest.mark.parametrize(("fields", "words"), BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_bad_input_starts_no_review_and_changes_none(store, fields, words):
    refused(
        store, InvalidInput, words, lambda p: p.record_review("2026-W48", base=FRIDAY, **fields)
    )
    with store.plan("kari", write=True) as plan:
        plan.record_review("2026-W48", words="Good", agree=["Cook"], base=FRIDAY)
    refused(
        store,
        InvalidInput,
        words,
        lambda p: p.record_review("2026-W48", hope=3, base=FRIDAY, **fields),
    )


def test_words_may_span_lines_up_to_the_note_limit(store):
    with store.plan("kari", write=True) as plan:
        review = plan.record_review("2026-W48", words=("line\n" * 400).strip(), base=FRIDAY)
    assert review["words"].count("\n") == 399


def test_a_stale_revision_is_a_conflict_and_writes_nothing(store):
    with store.plan("kari", write=True) as plan:
        seen = plan.record_review("2026-W48", words="Good", agree=["Cook"], base=FRIDAY)
        plan.record_review("2026-W48", hope=4, base=FRIDAY)
    stale = seen["revision"]
    refused(
        store,
        Conflict,
        "changed elsewhere",
        lambda p: p.record_review("2026-W48", words="Mine", revision=stale, base=FRIDAY),
    )
    refused(
        store,
        Conflict,
        "changed elsewhere",
        lambda p: p.set_agreed_step("2026-W48", 1, done="today", revision=stale, base=FRIDAY),
    )
    refused(
        store,
        Conflict,
        "changed elsewhere",
        lambda p: p.remove_agreed_step("2026-W48", 1, revision=stale, base=FRIDAY),
    )
    with store.plan("kari", write=True) as plan:
        fresh = plan.record_review("2026-W48", words="Mine", revision=stale + 1, base=FRIDAY)
    assert (fresh["words"], fresh["revision"]) == ("Mine", stale + 2)


# Leaving and resuming the guided walk ------------------------------------------------------


def test_the_stage_is_kept_so_a_review_can_be_resumed(store):
    with store.plan("kari", write=True) as plan:
        plan.open_review(base=FRIDAY)
        plan.record_review(None, stage="Needs", base=FRIDAY)
    # Later, in another session: the walk picks up where it stopped.
    with store.plan("kari", write=True) as plan:
        review = plan.open_review(base=FRIDAY)
        assert review["stage"] == "needs"
        review = plan.record_review(None, words="Tired but ok", base=FRIDAY)
        assert review["stage"] == "needs"
        review = plan.record_review(None, agree=["Rest"], stage="done", base=FRIDAY)
    assert review["stage"] == "done"
    assert review["words"] == "Tired but ok"


# Agreed steps ----------------------------------------------------------------------------


@pytest.fixture
def agreed(store):
    with store.plan("kari", write=True) as plan:
        plan.record_review(
            "2026-W47", agree=["Call my brother", "Walk", "Cook"], on="2026-11-20", base=FRIDAY
        )


def test_an_agreed_step_is_ticked_undone_and_reworded(store, agreed):
    with store.plan("kari", write=True) as plan:
        review = plan.set_agreed_step("2026-W47", 2, done="yesterday", base=FRIDAY)
        assert steps_of(review)[1] == (2, "Walk", "together", "2026-11-26")
        review = plan.set_agreed_step("2026-W47", "2", done="undo", base=FRIDAY)
        assert steps_of(review)[1][3] is None
        review = plan.set_agreed_step("2026-W47", 3, text="Cook twice", base=FRIDAY)
        assert steps_of(review)[2] == (3, "Cook twice", "together", None)
        review = plan.set_agreed_step("2026-W47", 1, done=dt.date(2026, 11, 21), base=FRIDAY)
    assert steps_of(review)[0][3] == "2026-11-21"
    assert review["revision"] == 5


def test_ticking_a_step_as_it_already_is_writes_nothing(store, agreed):
    with store.plan("kari", write=True) as plan:
        plan.set_agreed_step("2026-W47", 1, done="today", base=FRIDAY)
    before = plan_bytes(store)
    with store.plan("kari", write=True) as plan:
        plan.set_agreed_step("2026-W47", 1, done="today", base=FRIDAY)
        plan.set_agreed_step("2026-W47", 1, text="Call my brother", base=FRIDAY)
        plan.set_agreed_step("2026-W47", 2, done="undo", base=FRIDAY)
        plan.set_agreed_step("2026-W47", 2, base=FRIDAY)
    assert plan_bytes(store) == before


def test_agreed_step_refusals_write_nothing(store, agreed):
    w47 = "2026-W47"
    refused(
        store,
        NotFound,
        "no agreed step '9'",
        lambda p: p.set_agreed_step(w47, 9, done="today", base=FRIDAY),
    )
    refused(
        store,
        NotFound,
        "no agreed step 'Walk'",
        lambda p: p.set_agreed_step(w47, "Walk", done="today", base=FRIDAY),
    )
    refused(
        store, NotFound, "no agreed step '9'", lambda p: p.remove_agreed_step(w47, 9, base=FRIDAY)
    )
    refused(
        store,
        NotFound,
        "no review for 2026-W46",
        lambda p: p.set_agreed_step("2026-W46", 1, done="today", base=FRIDAY),
    )
    refused(
        store,
        InvalidInput,
        "future",
        lambda p: p.set_agreed_step(w47, 1, done="tomorrow", base=FRIDAY),
    )
    refused(
        store,
        InvalidInput,
        "agreed on 2026-11-20",
        lambda p: p.set_agreed_step(w47, 1, done="2026-11-19", base=FRIDAY),
    )
    refused(
        store, InvalidInput, "empty", lambda p: p.set_agreed_step(w47, 1, text=" ", base=FRIDAY)
    )
    refused(
        store,
        InvalidInput,
        "control character",
        lambda p: p.set_agreed_step(w47, 1, text=f"x{OSC_TITLE}", base=FRIDAY),
    )
    refused(
        store,
        InvalidInput,
        "not a date",
        lambda p: p.set_agreed_step(w47, 1, done="whenever", base=FRIDAY),
    )


def test_the_held_date_cant_move_past_a_step_already_done(store, agreed):
    with store.plan("kari", write=True) as plan:
        plan.set_agreed_step("2026-W47", 2, done="2026-11-21", base=FRIDAY)
    refused(
        store,
        InvalidInput,
        "Step 2 was agreed on 2026-11-22",
        lambda p: p.record_review("2026-W47", on="2026-11-22", base=FRIDAY),
    )
    with store.plan("kari", write=True) as plan:
        assert plan.record_review("2026-W47", on="2026-11-21", base=FRIDAY)["held"] == "2026-11-21"


def test_removing_a_step_keeps_the_others_numbers(store, agreed):
    with store.plan("kari", write=True) as plan:
        review = plan.remove_agreed_step("2026-W47", 2, base=FRIDAY)
        assert [(s["number"], s["text"]) for s in review["agreed"]] == [
            (1, "Call my brother"),
            (3, "Cook"),
        ]
        review = plan.record_review("2026-W47", agree=["Rest"], base=FRIDAY)
    assert [s["number"] for s in review["agreed"]] == [1, 3, 4]
    with store.plan("kari", write=True) as plan:
        assert plan.set_agreed_step("2026-W47", 3, done="today", base=FRIDAY)["agreed"][1][
            "done"
        ] == ("2026-11-27")


# From one week to the next ----------------------------------------------------------------


def test_next_week_starts_from_the_steps_agreed_last_time(store, agreed):
    with store.plan("kari", write=True) as plan:
        plan.set_agreed_step("2026-W47", 1, done="today", base=FRIDAY)
        steps, since = plan.agreed_before("2026-W48", base=FRIDAY)
        assert since == "2026-W47"
        assert [(s["number"], s["text"], s["done"]) for s in steps] == [
            (1, "Call my brother", "2026-11-27"),
            (2, "Walk", None),
            (3, "Cook", None),
        ]
        # The week itself and earlier weeks have nothing before them.
        assert plan.agreed_before("2026-W47", base=FRIDAY) == ([], None)
        assert plan.agreed_before("this", base=FRIDAY)[1] == "2026-W47"


def test_a_review_left_without_agreed_steps_does_not_hide_earlier_ones(store, agreed):
    with store.plan("kari", write=True) as plan:
        plan.open_review("2026-W48", base=FRIDAY)  # started, then left
        assert plan.agreed_before("2026-W49", base=FRIDAY)[1] == "2026-W47"
        plan.record_review("2026-W48", agree=["Rest"], base=FRIDAY)
        steps, since = plan.agreed_before("2026-W49", base=FRIDAY)
    assert since == "2026-W48"
    assert [s["text"] for s in steps] == ["Rest"]


def test_latest_agreed_returns_copies():
    reviews = [{"week": "2026-W47", "agreed": [{"number": 1, "text": "a", "done": None}]}]
    steps, _ = latest_agreed(reviews, "2026-W48")
    steps[0]["done"] = "2026-11-27"
    assert reviews[0]["agreed"][0]["done"] is None


def test_hope_series_is_oldest_first_and_skips_weeks_without_a_rating(store):
    with store.plan("kari", write=True) as plan:
        plan.record_review("2026-W48", hope=6, base=FRIDAY)
        plan.record_review("2026-W45", hope=3, base=FRIDAY)
        plan.record_review("2026-W46", words="No rating this week", base=FRIDAY)
        plan.record_review("2026-W47", hope=0, base=FRIDAY)
        assert plan.hope_series() == [("2026-W45", 3), ("2026-W47", 0), ("2026-W48", 6)]


# Stored shape ----------------------------------------------------------------------------

DAMAGE = {
    "hope 11": lambda r: r.update(hope=11),
    "hope as text": lambda r: r.update(hope="7"),
    "week without W": lambda r: r.update(week="2026-48"),
    "agreed not a list": lambda r: r.update(agreed="Cook"),
    "step without number": lambda r: r["agreed"][0].pop("number"),
    "unknown stage": lambda r: r.update(stage="finished"),
}


@pytest.mark.parametrize("case", DAMAGE)
def test_a_stored_review_out_of_shape_is_refused(store, case):
    with store.plan("kari", write=True) as plan:
        plan.record_review("2026-W48", hope=5, agree=["Cook"], base=FRIDAY)
    path = next(store.clients_dir.glob("*.json"))
    data = json.loads(path.read_text())
    DAMAGE[case](next(iter(data["reviews"].values())))
    path.write_text(json.dumps(data))
    content = path.read_bytes()
    with pytest.raises(StoreDamaged, match="reviews"):
        store.plan("kari").__enter__()
    assert path.read_bytes() == content


def test_the_walk_mark_only_moves_forward_and_never_off_a_finished_review(store):
    with store.plan("kari", write=True) as plan:
        plan.record_review("2026-W48", stage="ladder", place="area-1", base=FRIDAY)
        back = plan.record_review("2026-W48", stage="goals", place="goal-1", base=FRIDAY)
        assert (back["stage"], back["place"]) == ("ladder", "area-1")
        on = plan.record_review("2026-W48", stage="ladder", place="area-2", base=FRIDAY)
        assert on["place"] == "area-2"
        done = plan.record_review("2026-W48", stage="done", base=FRIDAY)
        looked = plan.record_review("2026-W48", stage="words", base=FRIDAY)
    assert done["stage"] == looked["stage"] == "done"
    assert looked["revision"] == done["revision"]
