import datetime as dt

import pytest
from core_support import plan_bytes

from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.needs import find_domain, is_open, ratings_differ

FRIDAY = dt.date(2026, 11, 27)


def test_a_new_client_starts_with_economy_and_housing(store):
    with store.plan("kari") as plan:
        domains = [d["key"] for d in plan.domains()]
        items = plan.needs()
    assert domains == ["economy", "housing"]
    assert {i["domain"] for i in items} == {"economy", "housing"}
    assert "A bed" in {i["name"] for i in items}
    assert all((i["client_rating"], i["worker_rating"]) == ("unknown", "unknown") for i in items)
    assert sorted(i["number"] for i in items) == list(range(1, len(items) + 1))


def test_the_two_ratings_are_kept_apart_with_their_voices(store):
    with store.plan("kari", write=True) as plan:
        plan.rate_need("A bed", client_says="met", base=FRIDAY)
        item = plan.rate_need("A bed", worker_says="Partly", base=FRIDAY)
    assert (item["client_rating"], item["worker_rating"]) == ("met", "partly")
    assert ratings_differ(item)
    assert [(h["field"], h["from"], h["to"], h["voice"]) for h in item["history"]] == [
        ("client_rating", "unknown", "met", "client"),
        ("worker_rating", "unknown", "partly", "worker"),
    ]


def test_unknown_is_not_a_disagreement():
    item = {"client_rating": "met", "worker_rating": "unknown"}
    assert not ratings_differ(item)


def test_action_who_due_and_done(store):
    with store.plan("kari", write=True) as plan:
        item = plan.rate_need(
            "A bed", action="Apply for furniture money", who="Kari", due="+1w", voice="worker",
            base=FRIDAY,
        )  # fmt: skip
        assert (item["action"], item["who"], item["due"]) == (
            "Apply for furniture money", "Kari", "2026-12-04",
        )  # fmt: skip
        assert is_open(item)
        done = plan.rate_need("A bed", action_done=True, base=FRIDAY)
        assert done["action_done"] == "2026-11-27"
        assert not is_open(done)
        again = plan.rate_need("A bed", action="Buy a mattress")
        assert again["action_done"] is None  # a new action is open again
        cleared = plan.rate_need("A bed", action="", who="", due="")
        assert (cleared["action"], cleared["who"], cleared["due"]) == (None, None, None)


def test_an_action_marked_done_by_mistake_is_opened_again_with_its_history(store):
    with store.plan("kari", write=True) as plan:
        plan.rate_need("A bed", action="Apply for furniture money", base=FRIDAY)
        plan.rate_need("A bed", action_done=True, base=FRIDAY)
        again = plan.rate_need("A bed", reopen=True, voice="client", base=FRIDAY)
    assert again["action_done"] is None and again["action"] == "Apply for furniture money"
    assert is_open(again)
    last = again["history"][-1]
    assert (last["field"], last["from"], last["to"], last["voice"]) == (
        "action_done", "2026-11-27", None, "client",
    )  # fmt: skip


def test_refusals_write_nothing(store):
    before = plan_bytes(store)
    refusals = [
        lambda p: p.rate_need("A bed", client_says="fine"),
        lambda p: p.rate_need("A bed", worker_says="met", client_says="averaged"),
        lambda p: p.rate_need("A bed", due="31.02.2026"),
        lambda p: p.rate_need("A bed", action="x" * 201),
        lambda p: p.rate_need("A bed", who="\x1b]0;pwned\x07"),
        lambda p: p.rate_need("A bed", action_done=True),
        lambda p: p.rate_need("A sofa bed", client_says="met"),
        lambda p: p.add_need("A lamp", domain="food"),
        lambda p: p.add_need("", domain="housing"),
    ]
    for refuse in refusals:
        with pytest.raises((InvalidInput, NotFound)), store.plan("kari", write=True) as plan:
            refuse(plan)
    assert plan_bytes(store) == before


def test_unchanged_rating_writes_nothing(store):
    with store.plan("kari", write=True) as plan:
        first = plan.rate_need("A bed", client_says="met")
        same = plan.rate_need("A bed", client_says="met")
    assert same["revision"] == first["revision"]
    assert len(same["history"]) == 1


def test_domains_switch_on_from_the_templates_once(store):
    domains = store.templates().domains
    with store.plan("kari", write=True) as plan:
        doc = plan.add_domain(find_domain(domains, "Food"))
        assert (doc["key"], doc["title"]) == ("food", "Food")
        with pytest.raises(InvalidInput, match="already there"):
            plan.add_domain(domains["food"])
        lamp = plan.add_need("A lamp", domain="housing", voice="client")
        assert (lamp["domain"], lamp["voice"]) == ("housing", "client")
    with pytest.raises(NotFound, match="economy, housing, food"):
        find_domain(domains, "sleep")


def test_open_items_come_first_within_their_domain(store):
    with store.plan("kari", write=True) as plan:
        plan.rate_need("Debt has a plan", worker_says="unmet")
        plan.rate_need("A bed", action="Order one")
        plan.rate_need("Rent is paid", client_says="met", worker_says="met")
        names = [(i["domain"], i["name"]) for i in plan.needs()]
    economy = [n for d, n in names if d == "economy"]
    housing = [n for d, n in names if d == "housing"]
    assert names.index(("economy", economy[-1])) < names.index(("housing", housing[0]))
    assert economy[0] == "Debt has a plan"
    assert housing[0] == "A bed"


def test_a_need_name_is_not_taken_twice(store):
    with pytest.raises(InvalidInput, match="already a need"), store.plan("kari", write=True) as p:
        p.add_need("a BED", domain="housing")


def test_the_same_action_again_keeps_it_done_and_clearing_it_clears_who_and_due(store):
    with store.plan("kari", write=True) as plan:
        plan.rate_need("A bed", action="Order one", who="Kari", due="+1w", base=FRIDAY)
        done = plan.rate_need("A bed", action_done=True, base=FRIDAY)
        again = plan.rate_need("A bed", action="Order one", base=FRIDAY)
        assert again["action_done"] == done["action_done"]
        assert again["revision"] == done["revision"]
        cleared = plan.rate_need("A bed", action="", base=FRIDAY)
    assert (cleared["action"], cleared["who"], cleared["due"]) == (None, None, None)


def test_who_and_due_need_an_action(store):
    before = plan_bytes(store)
    with pytest.raises(InvalidInput, match="--action"), store.plan("kari", write=True) as plan:
        plan.rate_need("A bed", who="Per", due="+1w")
    assert plan_bytes(store) == before


def test_ratings_are_read_in_the_words_the_lists_show(store):
    with store.plan("kari", write=True) as plan:
        item = plan.rate_need("A bed", client_says="not met yet", worker_says="Partly met")
        assert (item["client_rating"], item["worker_rating"]) == ("unmet", "partly")
        item = plan.rate_need("A bed", client_says="not known", worker_says="not relevant")
        assert (item["client_rating"], item["worker_rating"]) == ("unknown", "not-relevant")
