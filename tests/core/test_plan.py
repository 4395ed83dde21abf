import datetime as dt
import json

import pytest
from core_support import DAY, plan_bytes

from recoverytui.core.demo import DEMO_HANDLE, create_demo
from recoverytui.core.errors import Conflict, InvalidInput, NotFound
from recoverytui.core.store import Store

FRIDAY = dt.date(2026, 11, 27)


def test_goal_with_steps_dream_and_due(store):
    with store.plan("kari", write=True) as plan:
        plan.add_dream("A couch to sit on")
        goal = plan.add_goal(
            "Buy a couch",
            due="+2w",
            dream=1,
            area="home",
            steps=["Measure", "Visit shop"],
            support="Ola",
            base=FRIDAY,
        )
    assert goal["number"] == 1
    assert goal["due"] == "2026-12-11"
    assert goal["dream"] == 1
    assert [s["text"] for s in goal["steps"]] == ["Measure", "Visit shop"]
    assert all(s["done"] is None for s in goal["steps"])
    assert goal["status"] == "active"
    assert goal["voice"] == "together"
    assert goal["revision"] == 1
    with store.plan("kari") as plan:
        assert plan.goal(1) == goal


def test_dream_link_by_text_and_unknown_dream_refused(store):
    with store.plan("kari", write=True) as plan:
        plan.add_dream("A couch to sit on")
        assert plan.add_goal("Buy one", dream="a couch to sit on")["dream"] == 1
    before = plan_bytes(store)
    with pytest.raises(NotFound, match="dream '7'"), store.plan("kari", write=True) as plan:
        plan.add_goal("Buy one", dream=7)
    assert plan_bytes(store) == before


def test_numbers_are_per_kind_stable_and_never_reused(store):
    with store.plan("kari", write=True) as plan:
        assert [plan.add_goal(t)["number"] for t in "abc"] == [1, 2, 3]
        assert plan.add_dream("x")["number"] == 1
        plan.set_goal_status(3, "let-go")
    with store.plan("kari", write=True) as plan:
        assert plan.add_goal("d")["number"] == 4
    # A refused add does not use up a number.
    with pytest.raises(InvalidInput), store.plan("kari", write=True) as plan:
        plan.add_goal("e", due="31.02.2026")
    with store.plan("kari", write=True) as plan:
        assert plan.add_goal("e")["number"] == 5


def test_goal_found_by_number_or_exact_title(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk to the shop")
        plan.add_goal("Same")
        plan.add_goal("Same")
        assert plan.goal("Walk to the shop")["number"] == 1
        assert plan.goal("walk to the shop")["number"] == 1
        with pytest.raises(InvalidInput, match="More than one goal"):
            plan.goal("Same")
        with pytest.raises(NotFound, match="no goal '9'"):
            plan.goal(9)
        with pytest.raises(NotFound):
            plan.goal("Walk")


def test_steps_added_completed_and_reopened(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Call my brother", steps=["Find number"])
        goal = plan.add_step(1, "Send a text", voice="client")
        assert [(s["number"], s["voice"]) for s in goal["steps"]] == [
            (1, "together"),
            (2, "client"),
        ]
        goal = plan.complete_step(1, 2, on="yesterday", base=FRIDAY)
        assert goal["steps"][1]["done"] == "2026-11-26"
        assert goal["revision"] == 3
        goal = plan.complete_step(1, 2, undo=True)
        assert goal["steps"][1]["done"] is None
        with pytest.raises(NotFound, match="no step '5'"):
            plan.complete_step(1, 5)
        with pytest.raises(InvalidInput, match="future"):
            plan.complete_step(1, 1, on="tomorrow", base=FRIDAY)


def test_status_changes_are_kept_in_history_and_never_called_failure(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
        plan.set_goal_status(1, "paused", note="Too much now", voice="client", base=FRIDAY)
        goal = plan.set_goal_status(1, "Let go", base=FRIDAY)
        same = plan.set_goal_status(1, "let-go")
    assert goal["status"] == "let-go"
    assert [h["status"] for h in goal["history"]] == ["active", "paused", "let-go"]
    assert goal["history"][1] == {
        "date": "2026-11-27",
        "status": "paused",
        "note": "Too much now",
        "voice": "client",
    }
    assert same["revision"] == goal["revision"]  # no change, nothing written
    with pytest.raises(InvalidInput, match="failed"), store.plan("kari", write=True) as plan:
        plan.set_goal_status(1, "failed")


def test_check_in_rules(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
        first = plan.check_in(1, 2, note="Went once", on="monday", base=FRIDAY)
        assert (first["date"], first["progress"], first["voice"]) == ("2026-11-23", 2, "client")
        again = plan.check_in(1, 3, on="2026-11-23", voice="together", base=FRIDAY)
        assert again["id"] == first["id"]
        assert (again["progress"], again["note"], again["revision"]) == (3, "Went once", 2)
        # Records brought over from paper may predate the goal.
        plan.check_in(1, 1, on="01.01.2020", base=FRIDAY)
        assert [c["date"] for c in plan.checkins(1)] == ["2020-01-01", "2026-11-23"]
        for bad in (5, -1, True, "2"):
            with pytest.raises(InvalidInput, match="0 to 4"):
                plan.check_in(1, bad)
        with pytest.raises(InvalidInput, match="future"):
            plan.check_in(1, 2, on="tomorrow", base=FRIDAY)
        with pytest.raises(InvalidInput, match="control character"):
            plan.check_in(1, 2, note="\x1b]52;c;aGk=\x07")


def test_every_refusal_writes_nothing(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
    before = plan_bytes(store)
    refusals = [
        lambda p: p.add_goal(""),
        lambda p: p.add_goal("x" * 201),
        lambda p: p.add_goal("ok", due="01.12.26"),
        lambda p: p.add_goal("ok", steps=["fine", " "]),
        lambda p: p.add_goal("ok", voice="boss"),
        lambda p: p.add_dream("x" * 2001),
        lambda p: p.check_in(2, 1),
        lambda p: p.check_in(1, 1, note="n" * 2001),
        lambda p: p.set_goal_status(1, "done"),
        lambda p: p.set_dream_status(1, "held"),
        lambda p: p.add_step(1, "evil \x1b]0;pwned\x07"),
    ]
    for refuse in refusals:
        with pytest.raises((InvalidInput, NotFound)), store.plan("kari", write=True) as plan:
            refuse(plan)
    assert plan_bytes(store) == before


def test_stale_revision_is_refused(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
        plan.add_step(1, "First", revision=1)
        with pytest.raises(Conflict):
            plan.add_step(1, "Second", revision=1)
        assert len(plan.goal(1)["steps"]) == 1


def test_dreams_keep_their_words_and_status(store):
    words = "Fiske med broren min 🎣\n[/] og «kanskje» mer"
    with store.plan("kari", write=True) as plan:
        dream = plan.add_dream(f"  {words}  ")
        assert dream["text"] == words
        assert dream["voice"] == "client"
        assert plan.set_dream_status(1, "growing")["status"] == "growing"
        with pytest.raises(InvalidInput, match="held, growing, reached, resting"):
            plan.set_dream_status(1, "gone")


def test_whole_plan_has_no_tinydb_ids(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
        plan.check_in(1, 1)
    with store.plan("kari") as plan:
        whole = plan.whole()
    assert "doc_id" not in json.dumps(whole)
    assert set(whole) == {
        "client", "dreams", "goals", "checkins", "areas", "domains", "needs", "reviews",
        "crisis", "participants", "measures", "consents", "shared",
    }  # fmt: skip


def test_demo_is_realistic_and_created_once(tmp_path):
    store = Store(tmp_path)
    client, created = create_demo(store, today=FRIDAY)
    assert created and client["handle"] == DEMO_HANDLE
    assert create_demo(store, today=FRIDAY)[1] is False
    with store.plan(DEMO_HANDLE) as plan:
        goals = plan.goals()
        checkins = plan.checkins()
        assert len(plan.dreams()) >= 2
    assert {g["status"] for g in goals} >= {"active", "reached", "paused"}
    assert all(g["steps"] for g in goals)
    weeks = {dt.date.fromisoformat(c["date"]).isocalendar()[:2] for c in checkins}
    assert len(weeks) >= 6
    assert max(c["date"] for c in checkins) <= FRIDAY.isoformat()
    assert "fail" not in json.dumps(goals).lower()


def test_the_demo_is_dated_by_the_programs_calendar(tmp_path, day):
    store = Store(tmp_path)
    create_demo(store)
    with store.plan(DEMO_HANDLE) as plan:
        latest = max(c["date"] for c in plan.checkins())
    assert latest == DAY.isoformat()


def test_demo_never_takes_over_a_real_client_called_demo(tmp_path):
    store = Store(tmp_path)
    store.add_client("Demo")
    with pytest.raises(InvalidInput, match="real client"):
        create_demo(store, today=FRIDAY)
    with store.plan("demo") as plan:
        assert plan.goals() == []


def test_a_note_on_an_unchanged_status_is_kept_in_the_history(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
        plan.set_goal_status(1, "paused", base=FRIDAY)
        goal = plan.set_goal_status(1, "paused", note="Still too much", voice="client", base=FRIDAY)
    assert goal["status"] == "paused"
    assert goal["history"][-1] == {
        "date": "2026-11-27", "status": "paused", "note": "Still too much", "voice": "client",
    }  # fmt: skip


def test_steps_are_found_by_text_and_redoing_writes_nothing(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Call my brother", steps=["Find his number"])
        goal = plan.complete_step(1, "find HIS number", on="today", base=FRIDAY)
        again = plan.complete_step(1, "1", on="today", base=FRIDAY)
    assert goal["steps"][0]["done"] == "2026-11-27"
    assert again["revision"] == goal["revision"]


@pytest.mark.parametrize("title", ["3", " 42 "])
def test_a_title_that_is_only_a_number_is_refused(store, title):
    with pytest.raises(InvalidInput, match="only a number"), store.plan("kari", write=True) as p:
        p.add_goal(title)


@pytest.mark.parametrize("trick", ["\u202e", "\u2066", "\u202a"])
def test_bidi_overrides_are_refused_but_emoji_joiners_are_not(store, trick):
    with store.plan("kari", write=True) as plan:
        with pytest.raises(InvalidInput, match="control character"):
            plan.add_goal(f"abc{trick}def")
        assert plan.add_goal("Family 👨\u200d👩\u200d👧")["title"] == "Family 👨\u200d👩\u200d👧"


def test_a_second_check_in_the_same_day_keeps_what_was_said_before(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
        plan.check_in(1, 3, note="Went with my neighbour", voice="worker", base=FRIDAY)
        again = plan.check_in(1, 1, base=FRIDAY)  # no new note: note and voice stay
        assert (again["progress"], again["note"], again["voice"]) == (
            1, "Went with my neighbour", "worker")  # fmt: skip
        newer = plan.check_in(1, 2, note="Actually twice", base=FRIDAY)
        same = plan.check_in(1, 2, base=FRIDAY)
    assert (newer["note"], newer["voice"]) == ("Actually twice", "client")
    assert [(e["progress"], e["note"], e["voice"]) for e in newer["earlier"]] == [
        (3, "Went with my neighbour", "worker"),
        (1, "Went with my neighbour", "worker"),
    ]
    assert same["revision"] == newer["revision"]


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060", "\u2800", "\u3164"])
def test_a_title_or_name_with_nothing_visible_is_refused(store, invisible):
    before = plan_bytes(store)
    with pytest.raises(InvalidInput, match="can't be empty"), store.plan("kari", write=True) as p:
        p.add_goal(invisible)
    with pytest.raises(InvalidInput, match="can't be empty"):
        store.add_client(f" {invisible} ")
    assert plan_bytes(store) == before
    with store.plan("kari", write=True) as plan:
        assert plan.add_goal("👩\u200d👧")["title"] == "👩\u200d👧"


def test_a_title_is_found_however_its_accents_were_typed(store):
    precomposed, combining = "Café with Åse", "Cafe\u0301 with A\u030ase"
    with store.plan("kari", write=True) as plan:
        plan.add_goal(combining, steps=["Ask Ba\u0301rd"])
        plan.add_area("Årsplan")
        # Stored in one form, NFC, as the same text looks the same.
        assert plan.goal(1)["title"] == precomposed
        assert plan.goal(precomposed)["number"] == 1
        assert plan.goal(combining)["number"] == 1
        assert plan.goal("CAFE\u0301 WITH A\u030aSE")["number"] == 1
        assert plan.complete_step(1, "ask bárd", on="today", base=FRIDAY)["steps"][0]["done"]
        with pytest.raises(InvalidInput, match="already"):
            plan.add_area("a\u030aRSPLAN")


def test_text_stored_unnormalised_by_another_tool_is_still_found(store):
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
        plan.add_dream("A home")
    (path,) = store.clients_dir.glob("*.json")
    data = json.loads(path.read_bytes())
    for goal in data["goals"].values():
        goal["title"] = "Cafe\u0301"
        goal["steps"] = [{"number": 1, "text": "Ba\u0301rd", "done": None, "voice": "together"}]
    for dream in data["dreams"].values():
        dream["text"] = "Malmo\u0308"
    path.write_text(json.dumps(data), encoding="utf-8")
    with store.plan("kari", write=True) as plan:
        assert plan.goal("Café")["number"] == 1
        assert plan.goal("CAFÉ")["number"] == 1
        assert plan.dream("Malmö")["number"] == 1
        assert plan.complete_step("Café", "Bárd", on="today", base=FRIDAY)["steps"][0]["done"]


def test_new_ids_are_random_version_4_uuids_as_uuid_writes_them():
    import uuid

    from recoverytui.core.plan_base import new_id

    made = [new_id() for _ in range(500)]
    assert len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)
