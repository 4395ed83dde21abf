"""A restore never drops a history entry either side held, adds one entry saying what was
restored, and never lets a short number be handed out twice."""

import datetime as dt
import json
import shutil

import pytest
from core_support import DAY

from recoverytui.core import backup, doctor, history
from recoverytui.core.storage import read_plan_file
from recoverytui.core.store import Store


@pytest.fixture
def store(tmp_path, day):
    store = Store(tmp_path / "home")
    store.add_client("Kari")
    return store


def plan_path(store):
    return store.plan_file("kari")


def chain(store):
    return history.chain_entries(read_plan_file(plan_path(store)).get("history"))


def held(entries):
    """Every entry hash a history holds: its chain, and what its restored entries kept."""
    found = {entry["hash"] for entry in entries}
    for entry in entries:
        found |= {kept["hash"] for kept in entry.get("kept") or ()}
    return found


def add_goal(store, title):
    with store.plan("kari", write=True) as plan:
        return plan.add_goal(title)


def a_day_of_work(store, day):
    """Goals over two days; returns the history as it stood before the plan was damaged."""
    add_goal(store, "Walk to the shop")
    add_goal(store, "Cook once a week")
    day[0] = DAY + dt.timedelta(days=1)
    add_goal(store, "Call my sister")  # the first write of the day keeps the daily backup
    with store.plan("kari", write=True) as plan:
        plan.check_in(1, 2, note="Went twice")
        plan.check_in(3, 1, note="Not yet")
    add_goal(store, "Sleep before midnight")
    return chain(store)


def lose_recent_copies(store):
    """Take away the copies kept after each write, as if the disk had lost them too."""
    folder = backup.backups_dir(store.home) / plan_path(store).stem
    for copy in folder.glob("write-*.json"):
        copy.unlink()


def test_restoring_an_older_daily_over_a_damaged_plan_keeps_its_whole_history(store, day):
    before = a_day_of_work(store, day)
    plan_path(store).write_bytes(b"garbage")
    done = backup.restore_client(store, "kari", "today")  # the daily predates today's work
    after = chain(store)
    # The copy kept after the last write still held the whole history.
    assert after[:-1] == before
    restored = after[-1]
    assert restored["action"] == "restored" and restored["new"] == "2026-11-27.json"
    assert "lost" not in restored and done["history_lost"] == 0
    assert history.verify_chain(after) is None
    assert [p.kind for p in doctor.examine(store)] == []


def test_entries_no_copy_holds_are_recorded_as_lost_and_counted(store, day):
    before = a_day_of_work(store, day)
    lose_recent_copies(store)
    plan_path(store).write_bytes(b"garbage")
    done = backup.restore_client(store, "kari", "today")
    after = chain(store)
    daily = history.chain_entries(
        read_plan_file(backup.backups_dir(store.home) / plan_path(store).stem / "2026-11-27.json")[
            "history"
        ]
    )
    assert after[:-1] == daily  # the longest chain any copy held
    restored = after[-1]
    # What only the damaged file held is reported and recorded, never silently gone.
    first, last = daily[-1]["seq"] + 1, before[-1]["seq"]
    assert (restored["lost"]["from"], restored["lost"]["to"]) == (first, last)
    assert restored["lost"]["head"] == before[-1]["hash"]
    assert restored["seq"] == last + 1  # numbers are never given twice, entries' neither
    assert done["history_lost"] == last - first + 1
    assert history.verify_chain(after) is None
    assert [p.kind for p in doctor.examine(store)] == []


def test_restoring_a_full_copy_afterwards_brings_every_entry_back(store, day, tmp_path):
    before = a_day_of_work(store, day)
    full, _files, _unvouched = backup.backup_store(store.home, tmp_path / "full")
    lose_recent_copies(store)
    plan_path(store).write_bytes(b"garbage")
    backup.restore_client(store, "kari", "today")
    backup.restore_client(store, "kari", str(full))
    after = chain(store)
    assert {e["hash"] for e in before} <= held(after)
    assert [e["action"] for e in after].count("restored") == 2
    assert history.verify_chain(after) is None
    assert [p.kind for p in doctor.examine(store)] == []


def test_a_restore_of_an_older_copy_keeps_the_current_chain_and_adds_one_entry(store, day):
    before = a_day_of_work(store, day)
    backup.restore_client(store, "kari", "today")
    after = chain(store)
    assert after[: len(before)] == before  # not an entry rewritten
    assert len(after) == len(before) + 1 and after[-1]["action"] == "restored"
    assert "lost" not in after[-1] and "kept" not in after[-1]


def test_a_backup_holding_entries_the_plan_lacks_keeps_them_in_the_restored_entry(
    store, day, tmp_path
):
    add_goal(store, "Walk")
    # The whole store copied to another laptop, where the plan takes another turn.
    elsewhere = Store(tmp_path / "elsewhere")
    shutil.copytree(store.home, elsewhere.home)
    add_goal(store, "On this side only")
    with elsewhere.plan("kari", write=True) as plan:
        plan.add_goal("On the other side")
    mine = chain(store)
    theirs = history.chain_entries(read_plan_file(elsewhere.plan_file("kari"))["history"])
    backup.restore_client(store, "kari", str(elsewhere.plan_file("kari")))
    after = chain(store)
    assert after[: len(mine)] == mine  # this side's chain as it was, grown by one entry
    assert len(after) == len(mine) + 1
    assert [e["new"]["title"] for e in after[-1]["kept"]] == ["On the other side"]
    assert {e["hash"] for e in mine + theirs} <= held(after)
    assert history.verify_chain(after) is None
    assert [p.kind for p in doctor.examine(store)] == []


def test_numbers_are_never_handed_out_twice_after_a_restore(store, day):
    a_day_of_work(store, day)
    backup.restore_client(store, "kari", "2026-11-26")  # before any goal
    goal = add_goal(store, "After the restore")
    assert goal["number"] == 5
    added = [
        (e["new"].get("number"), e["doc"])
        for e in chain(store)
        if e["entity"] == "goal" and e["action"] == "added" and e["field"] is None
    ]
    numbers = [number for number, _doc in added]
    assert len(numbers) == len(set(numbers)), added


def test_numbers_are_never_handed_out_twice_after_a_damaged_plan_is_restored(store, day):
    a_day_of_work(store, day)
    lose_recent_copies(store)
    plan_path(store).write_bytes(b"garbage")
    backup.restore_client(store, "kari", "2026-11-26")
    # Goals 3 and 4 were added on a day no copy held; the index's head kept the counters.
    assert add_goal(store, "After")["number"] == 5


def test_a_number_in_use_is_never_given_again_even_with_the_counter_lowered(store):
    add_goal(store, "One")
    add_goal(store, "Two")
    path = plan_path(store)
    data = json.loads(path.read_bytes())
    data["meta"]["1"]["counters"]["goals"] = 0  # by hand
    path.write_text(json.dumps(data))
    assert add_goal(store, "Three")["number"] == 3
