"""The team's merge rules (issue 19), on plain data: versions of a document as laptops sent
them, and a plan's tables as take_in hands them to apply_rules. Then export and take_in
together through a folder, with real age keys and no git."""

import copy
import random

import pytest

from recoverytui.core.team import keys, merge, replica
from recoverytui.core.team.config import Config

T0 = "2026-11-02T09:00:00+01:00"
T1 = "2026-11-02T10:00:00+01:00"
T2 = "2026-11-02T11:00:00+01:00"
T3 = "2026-11-02T12:00:00+01:00"


def doc(doc_id, number=None, created=T0, **fields):
    out = {"id": doc_id, "created": created, "updated": fields.pop("updated", created)}
    if number is not None:
        out["number"] = number
    out["revision"] = fields.pop("revision", 1)
    out.update(fields)
    return out


def version(vid, body, parents=(), *, at=None, table="goals", doc_id="g1", laptop="a"):
    stamp = at or (body or {}).get("updated") or T0
    return merge.Version(vid, doc_id, table, body, list(parents), laptop, "w-" + laptop, stamp)


def edited(body, updated, **changes):
    """`body` as a laptop's edit leaves it: the changes, a newer stamp, the next revision."""
    return {**copy.deepcopy(body), **changes, "updated": updated, "revision": body["revision"] + 1}


def shuffled_dict(items, seed):
    pairs = list(items.items())
    random.Random(seed).shuffle(pairs)
    return dict(pairs)


def resolve_every_way(versions):
    """resolve() on the versions read in several orders: each answer as canonical bytes."""
    by_id = {v.id: v for v in versions}
    answers = set()
    for seed in range(8):
        found = merge.resolve(shuffled_dict(copy.deepcopy(by_id), seed))
        answers.add(merge.canonical(_outcome(found)))
    return answers


def _outcome(found):
    return {
        "doc": found.doc,
        "heads": found.heads,
        "write": found.write,
        "conflict": [[v.id for v in group] for group in found.conflict],
    }


def rules_every_way(tables):
    """apply_rules() on the tables with documents (and their fields) in several orders."""
    answers = set()
    for seed in range(8):
        rng = random.Random(seed)
        mixed = {}
        for table, docs in copy.deepcopy(tables).items():
            rows = list(docs.values())
            rng.shuffle(rows)
            mixed[table] = {
                row["id"]: dict(rng.sample(list(row.items()), len(row))) for row in rows
            }
        changed, removed, _notes = merge.apply_rules(mixed)
        answers.add(merge.canonical([mixed, sorted(changed), sorted(removed)]))
    return answers


# Two laptops give the same short number to two different new things ------------------------


@pytest.mark.parametrize(
    "table", ["dreams", "goals", "areas", "needs", "domains", "participants", "measures"]
)
def test_a_number_given_twice_is_renumbered_and_the_first_made_keeps_it(table):
    tables = {
        table: {
            "old": doc("old", 1, "2026-10-01T09:00:00+01:00", key="a"),
            "later": doc("later", 2, T2, key="b"),
            "first": doc("first", 2, T1, key="c"),
        }
    }
    changed, removed, notes = merge.apply_rules(tables)
    docs = tables[table]
    assert docs["first"]["number"] == 2
    assert docs["first"]["revision"] == 1
    assert docs["later"]["number"] == 3
    assert docs["later"]["revision"] == 2  # a screen holding the old copy sees it changed
    assert docs["old"]["number"] == 1
    assert changed == {"later"}
    assert removed == set()
    assert [(n["kind"], n["old"], n["new"]) for n in notes] == [("renumbered", 2, 3)]


def test_renumbering_is_the_same_whatever_order_the_laptops_versions_are_read_in():
    tables = {
        "goals": {
            "a1": doc("a1", 1, T0, title="Walk"),
            "b2": doc("b2", 2, T2, title="Swim"),
            "a2": doc("a2", 2, T1, title="Cook"),
            "c2": doc("c2", 2, T3, title="Read"),
            "a3": doc("a3", 3, T1, title="Sleep"),
        }
    }
    answers = rules_every_way(tables)
    assert len(answers) == 1
    merge.apply_rules(tables)
    numbers = {d["id"]: d["number"] for d in tables["goals"].values()}
    # the clashes go above the highest number in use, in the order they were made
    assert numbers == {"a1": 1, "a2": 2, "a3": 3, "b2": 4, "c2": 5}


def test_two_made_in_the_same_second_are_told_apart_by_id_the_same_way_every_time():
    tables = {"goals": {"zz": doc("zz", 4, T1), "aa": doc("aa", 4, T1)}}
    assert len(rules_every_way(tables)) == 1
    merge.apply_rules(tables)
    assert tables["goals"]["aa"]["number"] == 4
    assert tables["goals"]["zz"]["number"] == 5


def test_the_first_made_is_told_by_the_moment_not_by_how_a_laptops_clock_writes_it():
    # 10:30 in Oslo in winter is 09:30 UTC: made before 10:00 on a laptop set to UTC.
    tables = {
        "goals": {
            "oslo": doc("oslo", 2, "2026-11-02T10:30:00+01:00"),
            "utc": doc("utc", 2, "2026-11-02T10:00:00+00:00"),
        }
    }
    merge.apply_rules(tables)
    assert tables["goals"]["oslo"]["number"] == 2
    assert tables["goals"]["utc"]["number"] == 3


def test_the_newer_head_is_told_by_the_moment_not_by_how_a_laptops_clock_writes_it():
    base = goal_doc()
    oslo = edited(base, "2026-11-02T10:30:00+01:00", title="Walk to work")  # 09:30 UTC
    utc = edited(base, "2026-11-02T10:00:00+00:00", title="Walk the dog")
    found = resolved(two_heads(base, oslo, utc))
    assert found.doc["title"] == "Walk the dog"
    assert [g[0].id for g in found.conflict] == ["vb", "va"]
    merged = resolved(two_heads(base, {**oslo, "title": "Walk"}, {**utc, "status": "paused"}))
    assert merged.doc["updated"] == "2026-11-02T10:00:00+00:00"


def test_a_check_in_follows_its_goal_to_the_new_number():
    tables = {
        "goals": {"first": doc("first", 2, T1), "later": doc("later", 2, T2)},
        "checkins": {
            "c-later": doc("c-later", None, T2, goal=2, goal_id="later", progress=3),
            "c-first": doc("c-first", None, T1, goal=2, goal_id="first", progress=4),
            "c-gone": doc("c-gone", None, T1, goal=9, goal_id="removed-goal", progress=1),
        },
    }
    changed, _removed, _notes = merge.apply_rules(tables)
    checkins = tables["checkins"]
    assert checkins["c-later"]["goal"] == 3
    assert checkins["c-later"]["revision"] == 2
    assert checkins["c-first"]["goal"] == 2
    assert checkins["c-first"]["revision"] == 1
    assert checkins["c-gone"]["goal"] == 9  # its goal is not in the plan: left as it was
    assert changed == {"later", "c-later"}


def test_documents_without_a_number_are_left_alone():
    tables = {
        "goals": {
            "a": doc("a", None, T1),
            "b": doc("b", None, T2),
            "c": doc("c", 1, T1),
            "d": {**doc("d", None, T1), "number": None},
        }
    }
    changed, _removed, notes = merge.apply_rules(tables)
    assert changed == set()
    assert notes == []
    assert "number" not in tables["goals"]["a"]
    assert tables["goals"]["d"]["number"] is None


def test_rules_on_a_plan_with_nothing_to_do_change_nothing():
    tables = {
        "goals": {"a": doc("a", 1, T1), "b": doc("b", 2, T2)},
        "reviews": {"r": doc("r", None, T1, week="2026-W45", words="Fine")},
    }
    before = copy.deepcopy(tables)
    assert merge.apply_rules(tables) == (set(), set(), [])
    assert tables == before


# Both laptops record the same ISO week's review ----------------------------------------------


def review(doc_id, created, **fields):
    body = {
        "week": "2026-W45",
        "held": "2026-11-02",
        "words": None,
        "hope": None,
        "agreed": [],
        "stage": "goals",
        "place": None,
        "voice": "client",
        "signs": [],
    }
    body.update(fields)
    return doc(doc_id, None, created, **body)


def test_two_reviews_of_one_week_become_one_with_both_sets_of_words():
    first = review(
        "r-first",
        T1,
        words="A good week.",
        agreed=[{"number": 1, "text": "Call mum", "voice": "together", "done": None}],
        revision=3,
    )
    later = review(
        "r-later",
        T2,
        words="Slept badly, walked twice.",
        agreed=[
            {"number": 1, "text": "Buy shoes", "voice": "together", "done": None},
            {"number": 2, "text": "Call mum", "voice": "together", "done": None},
        ],
        hope=6,
        revision=2,
    )
    other_week = review("r-other", T0, week="2026-W44", words="Earlier")
    tables = {"reviews": {"r-later": later, "r-first": first, "r-other": other_week}}
    assert len(rules_every_way(tables)) == 1
    changed, removed, notes = merge.apply_rules(tables)
    reviews = tables["reviews"]
    assert set(reviews) == {"r-first", "r-other"}  # the first made keeps its id
    kept = reviews["r-first"]
    assert kept["words"] == "A good week.\n\nSlept badly, walked twice."
    assert kept["hope"] == 6
    texts = [(step["number"], step["text"]) for step in kept["agreed"]]
    # both laptops' step 1 kept, the later laptop's renumbered above every number in use
    assert texts == [(1, "Call mum"), (2, "Call mum"), (3, "Buy shoes")]
    assert kept["created"] == T1
    assert kept["revision"] == 4  # one more than either's
    assert changed == {"r-first"}
    assert removed == {"r-later"}
    assert [(n["kind"], n["other"]["id"]) for n in notes] == [("joined", "r-later")]
    assert reviews["r-other"] == other_week


def test_combine_keeps_words_that_one_side_already_holds_once():
    first = review("r1", T1, words="Walked.")
    later = review("r2", T2, words="Swam.\n\nSlept well.")
    once = merge.combine("reviews", [later, first])
    assert once["words"] == "Walked.\n\nSwam.\n\nSlept well."
    # joined again with either laptop's words (a merge read twice): nothing doubled
    assert merge.combine("reviews", [once, later])["words"] == once["words"]
    assert merge.combine("reviews", [first, once])["words"] == once["words"]
    assert merge.combine("reviews", [first, review("r3", T2, words="")])["words"] == "Walked."
    assert merge.combine("reviews", [review("r0", T0, words=None), later])["words"] == (
        "Swam.\n\nSlept well."
    )


def test_words_that_only_look_alike_are_both_kept():
    assert merge.joined("ok", "not ok") == "ok\n\nnot ok"
    assert merge.joined("Walked. Then swam.", "Walked.") == "Walked. Then swam.\n\nWalked."
    assert merge.joined("Tired", "Tired\n\nSlept") == "Tired\n\nSlept"


def test_combining_reviews_never_takes_a_held_review_back_to_an_earlier_stage():
    done = review("r-done", T1, stage="done", updated=T1, words="Held")
    begun = review("r-begun", T2, stage="ladder", place="area-1", updated=T3, hope=4)
    for pair in ([done, begun], [begun, done]):
        kept = merge.combine("reviews", pair)
        assert (kept["stage"], kept["place"]) == ("done", None)  # the place goes with it
        assert (kept["id"], kept["words"], kept["hope"]) == ("r-done", "Held", 4)


def test_a_review_walked_further_on_one_laptop_is_no_conflict():
    base = review("r", T0, stage="goals", place="goal-1")
    one = edited(base, T1, stage="done", place=None)
    two = edited(base, T2, stage="needs", place="need-3", hope=5)
    found = merge.resolve(
        {
            "v0": version("v0", base, table="reviews", doc_id="r"),
            "v1": version("v1", one, ["v0"], table="reviews", doc_id="r", laptop="a"),
            "v2": version("v2", two, ["v0"], table="reviews", doc_id="r", laptop="b"),
        }
    )
    assert found.conflict == []
    assert (found.doc["stage"], found.doc["place"]) == ("done", None)
    assert found.doc["hope"] == 5
    assert found.write


def test_two_crisis_plans_become_one_with_every_sign():
    first = doc(
        "cp1",
        None,
        T1,
        well="Sleeping, seeing friends",
        signs=[{"number": 1, "text": "Sleeps badly", "voice": "client"}],
    )
    later = doc(
        "cp2",
        None,
        T2,
        well="Cooking, out every day",
        signs=[
            {"number": 1, "text": "Stops eating", "voice": "client"},
            {"number": 2, "text": "Sleeps badly", "voice": "client"},
        ],
    )
    tables = {"crisis": {"cp2": later, "cp1": first}}
    assert len(rules_every_way(tables)) == 1
    _changed, removed, _notes = merge.apply_rules(tables)
    assert removed == {"cp2"}
    kept = tables["crisis"]["cp1"]
    assert kept["well"] == "Sleeping, seeing friends\n\nCooking, out every day"
    signs = [(s["number"], s["text"]) for s in kept["signs"]]
    assert signs == [(1, "Sleeps badly"), (2, "Sleeps badly"), (3, "Stops eating")]


def test_a_crisis_plan_without_words_for_being_well_takes_the_others():
    words = doc("cp1", None, T1, well="Sleeping, seeing friends", signs=[])
    none = doc("cp2", None, T2, well=None, signs=[], updated=T3)
    for pair in ([words, none], [none, words]):
        assert merge.combine("crisis", pair)["well"] == "Sleeping, seeing friends"


def test_words_for_being_well_changed_on_two_laptops_are_both_kept():
    base = doc("cp", None, T0, well="Sleeping", signs=[])
    mine = edited(base, T1, well="Sleeping, cooking")
    theirs = edited(base, T2, well="Sleeping, out every day")
    found = resolved(two_heads(base, mine, theirs, table="crisis"))
    assert found.conflict == []
    assert found.doc["well"] == "Sleeping, cooking\n\nSleeping, out every day"


# Lists inside a document grow on both sides --------------------------------------------------


def goal_doc(**fields):
    body = {
        "title": "Walk",
        "status": "active",
        "steps": [
            {"number": 1, "text": "Buy shoes", "done": None, "voice": "together"},
            {"number": 2, "text": "Walk round the block", "done": None, "voice": "together"},
        ],
        "history": [{"date": "2026-10-01", "status": "active", "note": None, "voice": "together"}],
    }
    body.update(fields)
    return doc("g1", 1, T0, **body)


def two_heads(base, mine, theirs, table="goals"):
    """A document both laptops changed apart from `base`: versions as the repository holds
    them, the first laptop's older."""
    return [
        version("v0", base, table=table),
        version("va", mine, ["v0"], table=table, laptop="a"),
        version("vb", theirs, ["v0"], table=table, laptop="b"),
    ]


def resolved(versions):
    assert len(resolve_every_way(versions)) == 1
    return merge.resolve({v.id: v for v in versions})


def step(number, text, done=None):
    return {"number": number, "text": text, "done": done, "voice": "together"}


def test_steps_added_on_both_laptops_are_all_kept_one_renumbered():
    base = goal_doc()
    mine = edited(base, T1, steps=[*base["steps"], step(3, "Walk to the shop")])
    theirs = edited(base, T2, steps=[*base["steps"], step(3, "Walk with Ola")])
    found = resolved(two_heads(base, mine, theirs))
    assert found.conflict == []
    assert found.write
    assert [(s["number"], s["text"]) for s in found.doc["steps"]] == [
        (1, "Buy shoes"),
        (2, "Walk round the block"),
        (3, "Walk to the shop"),  # the older head's keeps its number
        (4, "Walk with Ola"),
    ]
    assert found.doc["revision"] == 3
    assert found.heads == ["va", "vb"]


def test_a_renumbered_step_never_takes_a_number_a_removed_step_had():
    base = goal_doc()
    mine = edited(base, T1, steps=[base["steps"][0], step(3, "Walk to the shop")])
    theirs = edited(base, T2, steps=[base["steps"][0], step(3, "Walk with Ola")])
    found = resolved(two_heads(base, mine, theirs))
    assert [(s["number"], s["text"]) for s in found.doc["steps"]] == [
        (1, "Buy shoes"),
        (3, "Walk to the shop"),
        (4, "Walk with Ola"),
    ]


def test_a_step_done_on_one_laptop_and_another_added_on_the_other_are_both_kept():
    base = goal_doc()
    done = [step(1, "Buy shoes", "2026-11-01"), base["steps"][1]]
    mine = edited(base, T1, steps=done)
    theirs = edited(base, T2, steps=[*base["steps"], step(3, "Walk with Ola")])
    found = resolved(two_heads(base, mine, theirs))
    assert found.conflict == []
    assert found.doc["steps"] == [*done, step(3, "Walk with Ola")]


def test_a_step_removed_on_one_laptop_and_untouched_on_the_other_goes():
    base = goal_doc()
    mine = edited(base, T1, steps=[base["steps"][1]])
    theirs = edited(base, T2, title="Walk every day")
    for versions in (two_heads(base, mine, theirs), two_heads(base, theirs, mine)):
        found = resolved(versions)
        assert found.conflict == []
        assert found.doc["steps"] == [base["steps"][1]]
        assert found.doc["title"] == "Walk every day"


def test_a_step_removed_on_one_laptop_and_changed_on_the_other_is_a_conflict():
    base = goal_doc()
    mine = edited(base, T1, steps=[base["steps"][1]])
    theirs = edited(base, T2, steps=[step(1, "Buy shoes", "2026-11-01"), base["steps"][1]])
    found = resolved(two_heads(base, mine, theirs))
    assert [[v.id for v in group] for group in found.conflict] == [["vb"], ["va"]]


def test_a_goals_history_keeps_both_laptops_entries_in_date_order():
    base = goal_doc()
    paused = {"date": "2026-11-03", "status": "paused", "note": "ill", "voice": "client"}
    noted = {"date": "2026-11-02", "status": "active", "note": "going well", "voice": "worker"}
    mine = edited(base, T1, status="paused", history=[*base["history"], paused])
    theirs = edited(base, T2, history=[*base["history"], noted])
    found = resolved(two_heads(base, mine, theirs))
    assert found.conflict == []
    assert found.doc["history"] == [base["history"][0], noted, paused]
    assert found.doc["status"] == "paused"


def test_a_needs_history_keeps_both_laptops_entries():
    base = doc("n1", 1, T0, name="Rent is paid", client_rating="unknown", history=[])
    one = {"date": "2026-11-02", "client_rating": "met", "worker_rating": None, "voice": "client"}
    two = {"date": "2026-11-02", "client_rating": None, "worker_rating": "not_met", "voice": "x"}
    mine = edited(base, T1, client_rating="met", history=[one])
    theirs = edited(base, T2, worker_rating="not_met", history=[two])
    found = resolved(two_heads(base, mine, theirs, table="needs"))
    assert found.conflict == []
    assert found.doc["history"] == [one, two]  # the same day: the older head's first
    assert found.doc["client_rating"] == "met"
    assert found.doc["worker_rating"] == "not_met"


def test_a_crisis_plans_signs_added_on_both_laptops_are_all_kept():
    sign = {"number": 1, "text": "Sleeps badly", "action": None, "others": None}
    base = doc("cp", None, T0, well="Calm", signs=[sign], helps=[])
    mine = edited(base, T1, signs=[sign, {**sign, "number": 2, "text": "Stops eating"}])
    theirs = edited(
        base,
        T2,
        signs=[{**sign, "action": "Call Ola"}, {**sign, "number": 2, "text": "Skips work"}],
        helps=[{"number": 1, "text": "A walk"}],
    )
    found = resolved(two_heads(base, mine, theirs, table="crisis"))
    assert found.conflict == []
    assert [(s["number"], s["text"], s["action"]) for s in found.doc["signs"]] == [
        (1, "Sleeps badly", "Call Ola"),
        (2, "Stops eating", None),
        (3, "Skips work", None),
    ]
    assert found.doc["helps"] == [{"number": 1, "text": "A walk"}]


def test_plain_lists_without_numbers_join_by_value():
    assert merge.merge_lists(["a", "b"], ["a", "b", "c"], ["b", "d"]) == ["b", "c", "d"]
    assert merge.merge_lists([], [], []) == []
    # items whose number is not a number yet are joined as plain values, never renumbered
    odd = [{"number": None, "text": "x"}]
    assert merge.merge_lists([], odd, [{"number": 1, "text": "y"}]) == [
        *odd,
        {"number": 1, "text": "y"},
    ]


# The same field changed apart ----------------------------------------------------------------


def test_the_same_field_changed_apart_is_a_conflict_the_newer_shown():
    base = goal_doc(revision=4)
    mine = edited(base, T2, title="Walk to work")  # newer, from the first laptop
    theirs = edited(base, T1, title="Walk the dog")
    theirs = {**theirs, "revision": 7}
    versions = two_heads(base, mine, theirs)
    found = resolved(versions)
    assert [[v.id for v in group] for group in found.conflict] == [["va"], ["vb"]]
    assert found.doc["title"] == "Walk to work"
    assert found.doc["revision"] == 8  # one more than the highest head's
    assert found.write is False  # nothing new to send: a person chooses
    assert sorted(found.heads) == ["va", "vb"]
    # both laptops' words are still there to choose from
    assert {g[0].doc["title"] for g in found.conflict} == {"Walk to work", "Walk the dog"}


def test_fields_changed_on_one_side_each_merge_without_a_conflict():
    base = goal_doc(revision=2, due=None, support=None)
    mine = edited(base, T1, due="2026-12-01")
    theirs = edited(base, T2, support="Ola comes along")
    theirs["revision"] = 5
    found = resolved(two_heads(base, mine, theirs))
    assert found.conflict == []
    assert found.write is True
    assert found.doc["due"] == "2026-12-01"
    assert found.doc["support"] == "Ola comes along"
    assert found.doc["revision"] == 6
    assert found.doc["updated"] == T2
    assert found.heads == ["va", "vb"]


def test_the_base_is_the_nearest_version_both_stand_on_whatever_the_clocks_say():
    # v1 was written on a laptop whose clock is behind: it looks older than v0.
    base = goal_doc()
    nearer = edited(base, "2026-11-01T08:00:00+01:00", title="Walk daily")
    mine = edited(nearer, T1, title="Walk every day")
    theirs = edited(nearer, T2, status="paused")
    versions = [
        version("v0", base),
        version("v1", nearer, ["v0"], at="2026-11-01T08:00:00+01:00"),
        version("va", mine, ["v1"], laptop="a"),
        version("vb", theirs, ["v1"], laptop="b"),
    ]
    found = resolved(versions)
    # v1 is the base: only the first laptop changed the title after it
    assert found.conflict == []
    assert (found.doc["title"], found.doc["status"]) == ("Walk every day", "paused")


def test_three_laptops_changing_different_fields_merge_into_one():
    base = goal_doc()
    versions = [
        version("v0", base),
        version("va", edited(base, T1, title="Walk far"), ["v0"], laptop="a"),
        version("vb", edited(base, T2, status="paused"), ["v0"], laptop="b"),
        version("vc", edited(base, T3, support="Ola"), ["v0"], laptop="c"),
    ]
    found = resolved(versions)
    assert found.conflict == []
    assert (found.doc["title"], found.doc["status"], found.doc["support"]) == (
        "Walk far",
        "paused",
        "Ola",
    )
    assert found.heads == ["va", "vb", "vc"]


def test_removed_on_one_laptop_and_changed_on_another_is_a_conflict_nothing_lost():
    base = goal_doc()
    changed = edited(base, T2, title="Walk every day")
    versions = [
        version("v0", base),
        version("gone", None, ["v0"], at=T1, laptop="a"),
        version("kept", changed, ["v0"], laptop="b"),
    ]
    found = resolved(versions)
    assert [[v.id for v in group] for group in found.conflict] == [["kept"], ["gone"]]
    assert found.doc["title"] == "Walk every day"
    # the removal newer: the plan shows it removed, the change is still there to choose
    versions[1] = version("gone", None, ["v0"], at=T3, laptop="a")
    found = resolved(versions)
    assert found.doc is None
    assert [[v.id for v in group] for group in found.conflict] == [["gone"], ["kept"]]
    assert found.conflict[1][0].doc["title"] == "Walk every day"


def test_removed_on_both_laptops_is_simply_removed():
    base = goal_doc()
    versions = [
        version("v0", base),
        version("ga", None, ["v0"], at=T1, laptop="a"),
        version("gb", None, ["v0"], at=T2, laptop="b"),
    ]
    found = resolved(versions)
    assert found.doc is None
    assert found.conflict == []
    assert found.heads == ["ga", "gb"]


def test_heads_with_the_same_content_are_one_without_a_conflict():
    base = goal_doc()
    same = edited(base, T1, title="Walk every day")
    versions = [
        version("v0", base),
        # two laptops that merged alike, and a version sent twice after a kill
        version("va", copy.deepcopy(same), ["v0"], at=T1, laptop="a"),
        version("vb", copy.deepcopy(same), ["v0"], at=T2, laptop="b"),
        version("va2", copy.deepcopy(same), ["v0"], at=T3, laptop="a"),
    ]
    found = resolved(versions)
    assert found.conflict == []
    assert found.write is False
    assert found.doc == same
    assert found.heads == ["va", "vb", "va2"]


def test_one_head_is_read_as_it_is():
    base = goal_doc()
    later = edited(base, T1, title="Walk every day")
    found = resolved([version("v0", base), version("v1", later, ["v0"])])
    assert (found.doc, found.heads, found.write, found.conflict) == (later, ["v1"], False, [])


# Determinism -----------------------------------------------------------------------------------


def test_the_same_versions_give_byte_identical_results_in_any_order():
    base = goal_doc()
    mine = edited(base, T1, steps=[*base["steps"], step(3, "Shop")], title="Walk far")
    theirs = edited(base, T1, steps=[*base["steps"], step(3, "Swim")], status="paused")
    versions = two_heads(base, mine, theirs)
    # the same moment on both: the version ids decide, the same way on every laptop
    assert len(resolve_every_way(versions)) == 1
    # another laptop holds the same versions with every document's fields in another order
    flipped = [
        merge.Version(**{**v.__dict__, "doc": dict(reversed(list(v.doc.items())))})
        for v in reversed(versions)
    ]
    one = merge.resolve({v.id: v for v in versions})
    other = merge.resolve({v.id: v for v in flipped})
    assert merge.canonical(one.doc) == merge.canonical(other.doc)
    assert (one.heads, one.write) == (other.heads, other.write)
    assert (one.doc["title"], one.doc["status"]) == ("Walk far", "paused")
    assert [(s["number"], s["text"]) for s in one.doc["steps"][2:]] == [(3, "Shop"), (4, "Swim")]


def test_a_conflicts_outcome_is_the_same_in_any_order():
    base = goal_doc()
    versions = [
        version("v0", base),
        version("va", edited(base, T1, title="A"), ["v0"], laptop="a"),
        version("vb", edited(base, T1, title="B"), ["v0"], laptop="b"),
        version("vc", edited(base, T1, title="C"), ["v0"], laptop="c"),
    ]
    assert len(resolve_every_way(versions)) == 1
    found = merge.resolve({v.id: v for v in versions})
    assert [g[0].id for g in found.conflict] == ["vc", "va", "vb"]


def test_canonical_does_not_depend_on_key_order():
    assert merge.canonical({"b": 1, "a": [{"y": 2, "x": "ø"}]}) == merge.canonical(
        {"a": [{"x": "ø", "y": 2}], "b": 1}
    )
    assert merge.digest({"b": 1, "a": 2}) == merge.digest({"a": 2, "b": 1})


def test_a_whole_plans_rules_give_the_same_bytes_in_any_order():
    tables = {
        "goals": {
            "g1": doc("g1", 1, T0),
            "g2a": doc("g2a", 2, T1),
            "g2b": doc("g2b", 2, T2),
        },
        "dreams": {"d1": doc("d1", 1, T2), "d2": doc("d2", 1, T1)},
        "checkins": {"c1": doc("c1", None, T2, goal=2, goal_id="g2b")},
        "reviews": {
            "r1": review("r1", T1, words="One"),
            "r2": review("r2", T2, words="Two"),
            "r3": review("r3", T3, words="Three"),
        },
        "crisis": {"cp1": doc("cp1", None, T2, signs=[]), "cp2": doc("cp2", None, T1, signs=[])},
    }
    assert len(rules_every_way(tables)) == 1
    merge.apply_rules(tables)
    assert tables["reviews"]["r1"]["words"] == "One\n\nTwo\n\nThree"
    assert set(tables["crisis"]) == {"cp2"}
    assert tables["checkins"]["c1"]["goal"] == 3


def test_versions_survive_their_payload_unchanged():
    one = version("v1", goal_doc(), ["v0", "vx"], laptop="b")
    again = merge.Version.from_payload(merge.Version.from_payload(one.payload()).payload())
    assert again == one


# export and take_in through a folder -----------------------------------------------------------


def laptop(tmp_path, name):
    secret, public = keys.new_pair()
    return Config(tmp_path / name, "", name, "w-" + name, name.title(), secret, public)


def plan(*goals):
    client = {"id": "c11e-0001", "name": "Kari", "created": T0, "updated": T0, "revision": 1}
    data = {"meta": {"1": {"schema": 5, "counters": {}}}, "client": {"1": client}}
    data["goals"] = {str(i): g for i, g in enumerate(goals, 1)}
    return data


def goals_of(data):
    return {g["id"]: g for g in (data.get("goals") or {}).values()}


def hex_goal(doc_id, number, created, title):
    return doc(doc_id, number, created, title=title, status="active", steps=[], history=[])


@pytest.fixture
def repo(tmp_path):
    secret, public = keys.new_pair()
    return tmp_path / "repo", secret, public


def test_export_then_take_in_carries_the_plan_between_laptops(tmp_path, repo):
    folder, secret, public = repo
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    walk = hex_goal("0a0a-1", 1, T1, "Walk")
    swim = hex_goal("0a0a-2", 2, T1, "Swim")
    data_a = plan(walk, swim)
    sent = replica.export(folder, a, data_a, replica.State(), public, [secret])
    assert sent.versions == 3  # the client and both goals
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.age"))
    assert len(files) == 3
    # the repository holds no readable word of the plan
    assert not any(b"Walk" in p.read_bytes() for p in folder.rglob("*") if p.is_file())
    # laptop A takes its own versions in: nothing changes, and it now knows what it sent
    ids = replica.doc_ids_changed(None, folder)
    taken_a = replica.take_in(folder, a, data_a, replica.State(), ids, [secret])
    assert goals_of(taken_a.data) == goals_of(data_a)
    assert taken_a.to_send == []
    assert taken_a.conflicts == {}
    # a second export with nothing changed writes nothing
    again = replica.export(folder, a, taken_a.data, taken_a.state, public, [secret])
    assert (again.versions, again.entries) == (0, 0)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.age")) == files
    # laptop B, new to the client, gets every document
    taken_b = replica.take_in(folder, b, None, replica.State(), ids, [secret])
    assert goals_of(taken_b.data) == goals_of(data_a)
    assert taken_b.received == 3
    # a document removed on A arrives on B as removed
    data_a = copy.deepcopy(taken_a.data)
    del data_a["goals"]["1"]
    gone = replica.export(folder, a, data_a, taken_a.state, public, [secret])
    assert gone.versions == 1
    ids = replica.doc_ids_changed(None, folder)
    taken_b = replica.take_in(folder, b, taken_b.data, taken_b.state, ids, [secret])
    assert set(goals_of(taken_b.data)) == {"0a0a-2"}
    assert taken_b.state.base["0a0a-1"]["digest"] is None
    assert taken_b.received == 1


def test_take_in_renumbers_a_goal_two_laptops_numbered_alike(tmp_path, repo):
    folder, secret, public = repo
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    first = hex_goal("0a0a-1", 1, T1, "Walk")
    later = hex_goal("0b0b-1", 1, T2, "Swim")
    data_a, data_b = plan(first), plan(later)
    data_b["client"] = copy.deepcopy(data_a["client"])
    replica.export(folder, a, data_a, replica.State(), public, [secret])
    taken_a = replica.take_in(
        folder, a, data_a, replica.State(), replica.doc_ids_changed(None, folder), [secret]
    )
    replica.export(folder, b, data_b, replica.State(), public, [secret])
    ids = replica.doc_ids_changed(None, folder)
    taken_b = replica.take_in(folder, b, data_b, replica.State(), ids, [secret])
    goals = goals_of(taken_b.data)
    assert goals["0a0a-1"]["number"] == 1
    assert goals["0b0b-1"]["number"] == 2
    assert goals["0b0b-1"]["revision"] == 2
    # the renumbering goes to the repository, standing on the version B sent
    assert [v.doc_id for v in taken_b.to_send] == ["0b0b-1"]
    sent = taken_b.to_send[0]
    assert sent.doc["number"] == 2
    assert taken_b.state.base["0b0b-1"]["heads"] == [sent.id]
    for version in taken_b.to_send:
        replica.write_version(folder, public, version)
    # A then renumbers nothing itself: it reads the same outcome
    ids = replica.doc_ids_changed(None, folder)
    taken_a = replica.take_in(folder, a, taken_a.data, taken_a.state, ids, [secret])
    assert goals_of(taken_a.data) == goals
    assert taken_a.to_send == []


def test_take_in_keeps_both_heads_of_a_goal_changed_on_two_laptops(tmp_path, repo):
    folder, secret, public = repo
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    goal = hex_goal("0a0a-1", 1, T0, "Walk")
    data = plan(goal)
    replica.export(folder, a, data, replica.State(), public, [secret])
    ids = replica.doc_ids_changed(None, folder)
    taken_a = replica.take_in(folder, a, data, replica.State(), ids, [secret])
    taken_b = replica.take_in(folder, b, None, replica.State(), ids, [secret])
    data_a, data_b = copy.deepcopy(taken_a.data), copy.deepcopy(taken_b.data)
    data_a["goals"]["1"] = edited(goal, T1, title="Walk to work")
    data_b["goals"]["1"] = edited(goal, T2, title="Walk the dog")
    assert replica.export(folder, a, data_a, taken_a.state, public, [secret]).versions == 1
    assert replica.export(folder, b, data_b, taken_b.state, public, [secret]).versions == 1
    ids = replica.doc_ids_changed(None, folder)
    after = replica.take_in(folder, a, data_a, taken_a.state, ids, [secret])
    assert list(after.conflicts) == ["0a0a-1"]
    assert goals_of(after.data)["0a0a-1"]["title"] == "Walk the dog"  # the newer shown
    groups = after.state.conflicts["0a0a-1"]
    assert len(groups) == 2
    assert after.to_send == []


def test_versions_that_replace_each_other_in_a_circle_still_merge() -> None:
    """Only a broken repository holds such versions: the merge does not crash, and what it
    makes stands on both."""
    first = merge.Version("v1", "d1", "goals", {"id": "d1", "title": "A"}, ["v2"], "l1", "w", "t")
    second = merge.Version("v2", "d1", "goals", {"id": "d1", "title": "B"}, ["v1"], "l2", "w", "t")
    outcome = merge.resolve({"v1": first, "v2": second})
    assert sorted(outcome.heads) == ["v1", "v2"]
    assert outcome.doc is not None and outcome.doc["title"] in ("A", "B")


def test_a_reference_written_on_the_laptop_whose_document_moved_follows_it() -> None:
    """Both laptops made dream 1 and goal 1 serving it, apart. Anne's dream was made first
    and keeps 1; Bjorn's becomes 2, and so does the dream of the goal Bjorn wrote, and goal 1
    in Bjorn's measure; Anne's goal and measure keep naming Anne's."""
    anne_dream, bjorn_dream = doc("da", 1, T1, text="Anne's"), doc("db", 1, T2, text="Bjorn's")
    anne_goal = doc("ga", 1, T2, title="Anne's", dream=1)
    bjorn_goal = doc("gb", 1, T3, title="Bjorn's", dream=1)
    anne_measure = doc("ma", 1, T2, text="Anne's", goals=[1], responsible=None)
    bjorn_measure = doc("mb", 1, T3, text="Bjorn's", goals=[1], responsible=None)
    tables = {
        "dreams": {"da": anne_dream, "db": bjorn_dream},
        "goals": {"ga": anne_goal, "gb": bjorn_goal},
        "measures": {"ma": anne_measure, "mb": bjorn_measure},
    }
    origins = {d: ("anne", "anne") for d in ("da", "ga", "ma")}
    origins |= {d: ("bjorn", "bjorn") for d in ("db", "gb", "mb")}
    changed, _gone, _notes = merge.apply_rules(tables, origins)
    assert (tables["dreams"]["da"]["number"], tables["dreams"]["db"]["number"]) == (1, 2)
    assert (tables["goals"]["ga"]["dream"], tables["goals"]["gb"]["dream"]) == (1, 2)
    assert (tables["goals"]["ga"]["number"], tables["goals"]["gb"]["number"]) == (1, 2)
    assert tables["measures"]["ma"]["goals"] == [1]
    assert tables["measures"]["mb"]["goals"] == [2]
    assert {"db", "gb", "mb"} <= changed and not {"da", "ga", "ma"} & changed


def test_a_reference_whose_laptop_is_not_known_stays_as_it_was() -> None:
    """Without knowing where a reference was written, the merge does not guess."""
    tables = {
        "dreams": {"da": doc("da", 1, T1), "db": doc("db", 1, T2)},
        "goals": {"gb": doc("gb", 1, T3, dream=1)},
    }
    merge.apply_rules(tables, {"db": ("bjorn", "bjorn")})
    assert tables["dreams"]["db"]["number"] == 2
    assert tables["goals"]["gb"]["dream"] == 1
