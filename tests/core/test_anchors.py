"""The end of each history is kept outside its plan file too (the caseload index, the index's
backups, each full backup), so a history cut off or deleted with its head shows, by the
client's handle; and the caseload's log survives an index built again."""

import datetime as dt
import json
import shutil

import pytest
from core_support import DAY

from recoverytui.core import backup, doctor, erase, history
from recoverytui.core.errors import StoreDamaged
from recoverytui.core.storage import read_plan_file
from recoverytui.core.store import Store


@pytest.fixture
def store(tmp_path, day):
    store = Store(tmp_path / "home")
    store.add_client("Kari")
    for title in ("Walk", "Cook", "Call my sister"):
        with store.plan("kari", write=True) as plan:
            plan.add_goal(title)
    return store


def plan_data(store):
    return json.loads(store.plan_file("kari").read_bytes())


def put(store, data):
    store.plan_file("kari").write_text(json.dumps(data))


def index_entry(store, handle="kari"):
    index = read_plan_file(store.index_path)
    return next(e for e in index["clients"].values() if e["handle"] == handle)


def cut(store, keep):
    """Cut the history after `keep` entries, and its head with it, as a hand edit would."""
    data = plan_data(store)
    data["history"] = {k: v for k, v in data["history"].items() if v["seq"] <= keep}
    del data["meta"]["1"]["history_head"]
    put(store, data)


def broken(store):
    return [p for p in doctor.examine(store) if p.kind == "history-broken"]


def test_the_index_keeps_the_head_of_each_plans_history(store):
    head = plan_data(store)["meta"]["1"]["history_head"]
    anchored = index_entry(store)["head"]
    assert (anchored["seq"], anchored["hash"]) == (head["seq"], head["hash"])
    assert anchored["counters"]["goals"] == 3


def test_a_new_client_is_anchored_from_the_start(store):
    ola = store.add_client("Ola")
    head = json.loads(store.client_path(ola["id"]).read_bytes())["meta"]["1"]["history_head"]
    assert index_entry(store, "ola")["head"]["hash"] == head["hash"]


@pytest.mark.parametrize("keep", [0, 5], ids=["all of it", "the last entries"])
def test_a_history_cut_off_with_its_head_is_reported_by_the_handle(store, keep):
    cut(store, keep)
    assert history.verify_history(plan_data(store)) is None  # the file alone looks whole
    (problem,) = broken(store)
    assert "kari" in problem.message and problem.file == f"clients/{store.plan_file('kari').name}"
    _found, left = doctor.repair(store)
    assert [p.kind for p in left] == ["history-broken"]  # evidence: never mended


def test_a_deleted_history_table_is_reported(store):
    data = plan_data(store)
    del data["history"], data["meta"]["1"]["history_head"]
    put(store, data)
    (problem,) = broken(store)
    assert "kari" in problem.message


def test_a_plan_cut_off_is_neither_shown_nor_written_until_restored(store):
    """No write may push the last good copies out of backups/: a plan that lost what it held
    is damage to every reader and writer, and a restore puts the newest copy back."""
    cut(store, 0)
    before = store.plan_file("kari").read_bytes()
    copies = sorted(p.name for p in backup.copies(store.home, store.plan_file("kari").stem))
    for write in (False, True):
        with (
            pytest.raises(StoreDamaged, match="kari has lost what it held"),
            store.plan("kari", write=write) as plan,
        ):
            plan.add_goal("After the cut")
    assert store.plan_file("kari").read_bytes() == before
    assert sorted(p.name for p in backup.copies(store.home, store.plan_file("kari").stem)) == copies
    entries, where = history.of_client(store, "kari")  # the history command still shows it
    assert entries == [] and where is not None and "cut off" in where
    backup.restore_client(store, "kari", "latest")
    with store.plan("kari", write=True) as plan:
        assert [g["title"] for g in plan.goals()] == ["Walk", "Cook", "Call my sister"]
        plan.add_goal("After the restore")
    assert history.verify_history(plan_data(store)) is None
    assert broken(store) == []


def test_the_index_backup_still_anchors_when_the_index_head_is_removed_too(store, day):
    day[0] = DAY + dt.timedelta(days=1)
    with store.plan("kari", write=True) as plan:  # today's copy of the index keeps the head
        plan.add_goal("Tomorrow")
    cut(store, 3)
    index = json.loads(store.index_path.read_bytes())
    for entry in index["clients"].values():
        del entry["head"]
    store.index_path.write_text(json.dumps(index))
    assert "kari" in broken(store)[0].message


def test_a_full_backup_anchors_each_plan(store, tmp_path):
    full, _files, _unvouched = backup.backup_store(store.home)
    copy = json.loads((full / "caseload.json").read_bytes())
    (entry,) = copy["clients"].values()
    assert entry["head"]["seq"] == plan_data(store)["meta"]["1"]["history_head"]["seq"]
    cut(store, 3)
    index = json.loads(store.index_path.read_bytes())
    for entry in index["clients"].values():
        del entry["head"]
    store.index_path.write_text(json.dumps(index))
    shutil.rmtree(backup.backups_dir(store.home) / "caseload")
    assert "kari" in broken(store)[0].message


def test_the_plans_own_copy_anchors_it_when_every_index_has_lost_the_head(store):
    cut(store, 3)
    index = json.loads(store.index_path.read_bytes())
    for entry in index["clients"].values():
        del entry["head"]
    store.index_path.write_text(json.dumps(index))
    shutil.rmtree(backup.backups_dir(store.home) / "caseload")
    (problem,) = broken(store)
    assert "kari" in problem.message and "its copy backups/" in problem.message
    shutil.rmtree(backup.backups_dir(store.home) / store.plan_file("kari").stem)
    assert broken(store) == []  # it was the copy that told: nothing else is left


def test_a_plan_put_back_by_hand_never_hands_out_a_number_again(store):
    """An older copy of the file copied over it, not restored: the index still knows."""
    data = plan_data(store)
    data["goals"] = {k: v for k, v in data["goals"].items() if v["number"] == 1}
    data["meta"]["1"]["counters"]["goals"] = 1
    put(store, data)
    with store.plan("kari", write=True) as plan:
        assert plan.add_goal("After the copy")["number"] == 4


def test_an_index_a_step_behind_its_plan_is_no_problem(store):
    """A writer stopped between the plan and the index leaves the index's head behind."""
    index = json.loads(store.index_path.read_bytes())
    with store.plan("kari", write=True) as plan:
        plan.add_goal("The index does not know yet")
    store.index_path.write_text(json.dumps(index))
    assert doctor.examine(store) == []


# The caseload's log ------------------------------------------------------------------------


def erased_on_a_later_day(store, day):
    store.add_client("Ola")
    day[0] = DAY + dt.timedelta(days=2)
    erase.erase(store, "ola", "ola")
    return history.chain_entries(read_plan_file(store.index_path)["log"])


def test_a_rebuilt_index_keeps_the_caseloads_log(store, day):
    log = erased_on_a_later_day(store, day)
    store.index_path.unlink()
    _found, left = doctor.repair(store)
    assert left == []
    index = read_plan_file(store.index_path)
    assert history.chain_entries(index["log"]) == log
    assert [c["handle"] for c in store.clients()] == ["kari"]
    assert doctor.examine(store) == []


def test_a_damaged_index_is_rebuilt_with_its_log(store, day):
    log = erased_on_a_later_day(store, day)
    store.index_path.write_bytes(b"{")
    _found, left = doctor.repair(store)
    assert left == []
    assert history.chain_entries(read_plan_file(store.index_path)["log"]) == log


def test_a_log_that_cannot_be_recovered_is_said_plainly(store, day):
    erased_on_a_later_day(store, day)
    store.index_path.unlink()
    shutil.rmtree(backup.backups_dir(store.home))
    found, left = doctor.repair(store)
    said = " ".join(p.repair or "" for p in found)
    assert "log" in said and "could not be recovered" in said
    assert [p.kind for p in left] == ["log-lost"]
    assert [p.kind for p in doctor.examine(store)] == ["log-lost"]  # never "All is well"
    assert [c["handle"] for c in store.clients()] == ["kari"]


def test_an_index_built_again_from_a_copy_says_what_the_plans_say_now(store, day):
    day[0] = DAY + dt.timedelta(days=1)
    with store.plan("kari", write=True) as plan:  # today's copy of the index is taken
        plan.add_goal("Tomorrow")
    store.set_archived("kari", True)  # after the copy
    store.index_path.unlink()
    doctor.repair(store)
    assert store.clients() == []
    assert [c["handle"] for c in store.clients(include_archived=True)] == ["kari"]


def test_an_erasure_on_the_day_the_index_copy_was_taken_survives_a_rebuilt_index(store, day):
    """Today's copy of the index was taken before Ola was added: it never listed her, and
    still gets the log that records her erasure."""
    store.add_client("Ola")
    erase.erase(store, "ola", "ola")
    log = history.chain_entries(read_plan_file(store.index_path)["log"])
    assert [e["what"] for e in log] == ["client-erased"]
    store.index_path.unlink()
    _found, left = doctor.repair(store)
    assert left == []
    assert history.chain_entries(read_plan_file(store.index_path)["log"]) == log
