"""The change history: recorded at commit, one entry per changed field, hash-chained; the
doctor verifies it, a restore adds to it, and nothing else changes it."""

import hashlib
import itertools
import json

import pytest
from core_support import plan_bytes

from recoverytui.core import backup, dates, doctor, history
from recoverytui.core.errors import InvalidInput, StoreDamaged
from recoverytui.core.settings import save_setting
from recoverytui.core.storage import read_plan_file
from recoverytui.core.store import Store

BOOKKEEPING = {"updated", "revision", "created"}


@pytest.fixture(autouse=True)
def login(monkeypatch):
    """The same login name on every machine, unless a test says otherwise."""
    monkeypatch.setattr(history, "login_name", lambda: "ola-login")


def plan_data(store, handle="kari"):
    return read_plan_file(store.plan_file(handle))


def entries(store, handle="kari"):
    return history.chain_entries(plan_data(store, handle).get("history"))


def new_entries(store, since, handle="kari"):
    """The entries written after the history had `since` of them."""
    return entries(store, handle)[since:]


def write(store, action, handle="kari"):
    """Run one write transaction; return the entries it recorded."""
    since = len(entries(store, handle))
    with store.plan(handle, write=True) as plan:
        action(plan)
    return new_entries(store, since, handle)


def brief(entry):
    return (entry["action"], entry["entity"], entry["field"], entry["old"], entry["new"])


# What is recorded --------------------------------------------------------------------------


def test_a_new_plan_starts_its_history_with_what_it_was_given(store):
    found = entries(store)
    assert found[0]["action"] == "added" and found[0]["entity"] == "client"
    assert found[0]["ref"] == "Kari" and found[0]["new"]["name"] == "Kari"
    assert {e["entity"] for e in found} == {"client", "domain", "need"}
    assert all(e["who"] == "ola-login" for e in found)
    assert history.verify_chain(found) is None


def test_an_added_goal_is_one_entry_with_the_goal_without_bookkeeping(store):
    recorded = write(store, lambda plan: plan.add_goal("Walk to the shop", steps=["Shoes"]))
    assert len(recorded) == 1
    (entry,) = recorded
    with store.plan("kari") as plan:
        goal = plan.goal(1)
    assert (entry["action"], entry["entity"], entry["field"]) == ("added", "goal", None)
    assert entry["ref"] == "1 Walk to the shop"
    assert entry["doc"] == goal["id"] and entry["voice"] == "together"
    assert entry["old"] is None
    assert entry["new"]["title"] == "Walk to the shop"
    assert entry["new"]["steps"][0]["text"] == "Shoes"
    assert not set(entry["new"]) & (BOOKKEEPING | {"id", "client_id"})
    assert entry["when"] and entry["who"] == "ola-login"


def test_a_changed_progress_keeps_old_and_new_and_what_was_said_before(store):
    write(store, lambda plan: plan.add_goal("Walk to the shop"))
    added = write(store, lambda plan: plan.check_in(1, 1, note="hard"))
    assert [brief(e)[:3] for e in added] == [("added", "checkin", None)]
    assert added[0]["new"]["progress"] == 1 and added[0]["voice"] == "client"
    day = added[0]["new"]["date"]
    assert added[0]["ref"] == f"{day} 1 Walk to the shop"
    changed = write(store, lambda plan: plan.check_in(1, 3))
    by_field = {e["field"]: e for e in changed}
    assert set(by_field) == {"progress", "earlier"}
    assert brief(by_field["progress"]) == ("changed", "checkin", "progress", 1, 3)
    earlier = by_field["earlier"]
    assert earlier["action"] == "added" and earlier["old"] is None
    assert [item["progress"] for item in earlier["new"]] == [1]
    assert all(e["doc"] == added[0]["doc"] for e in changed)


def test_an_appended_step_records_only_the_new_step(store):
    write(store, lambda plan: plan.add_goal("Walk", steps=["Shoes", "Coat"]))
    (entry,) = write(store, lambda plan: plan.add_step(1, "Door", voice="client"))
    assert brief(entry)[:4] == ("added", "goal", "steps", None)
    assert [step["text"] for step in entry["new"]] == ["Door"]
    assert entry["voice"] == "client"


def test_a_step_done_or_taken_out_records_the_list_before_and_after(store):
    write(store, lambda plan: plan.add_goal("Walk", steps=["Shoes", "Coat"]))
    (done,) = write(store, lambda plan: plan.complete_step(1, 1))
    assert brief(done)[:3] == ("changed", "goal", "steps")
    assert [s["done"] for s in done["old"]] == [None, None]
    assert done["new"][0]["done"] == dates.today().isoformat()
    (removed,) = write(store, lambda plan: plan.remove_step(1, 2))
    assert [s["text"] for s in removed["old"]] == ["Shoes", "Coat"]
    assert [s["text"] for s in removed["new"]] == ["Shoes"]


@pytest.mark.parametrize("direction", ["step_up", "step_back"])
def test_a_ladder_move_records_the_step_and_the_move_in_the_movers_voice(store, direction):
    write(store, lambda plan: plan.add_area("Rent", step=3))
    recorded = write(store, lambda plan: getattr(plan, direction)("Rent", voice="client"))
    by_field = {e["field"]: e for e in recorded}
    assert set(by_field) == {"step", "history"}
    to = 4 if direction == "step_up" else 2
    assert brief(by_field["step"]) == ("changed", "area", "step", 3, to)
    move = by_field["history"]
    assert move["action"] == "added" and [m["to"] for m in move["new"]] == [to]
    assert {e["voice"] for e in recorded} == {"client"}  # the area itself is "together"
    assert {e["ref"] for e in recorded} == {"1 Rent"}


def test_each_rating_of_a_need_is_recorded_in_its_own_voice(store):
    recorded = write(
        store, lambda plan: plan.rate_need("A bed", client_says="met", worker_says="partly")
    )
    by_field = {e["field"]: e for e in recorded}
    assert brief(by_field["client_rating"]) == (
        "changed", "need", "client_rating", "unknown", "met"
    )  # fmt: skip
    assert by_field["client_rating"]["voice"] == "client"
    assert by_field["worker_rating"]["voice"] == "worker"
    assert by_field["worker_rating"]["new"] == "partly"
    assert len(by_field["history"]["new"]) == 2
    assert by_field["client_rating"]["ref"].endswith(" A bed")


def test_a_removed_document_is_recorded_with_what_it_held(store):
    write(store, lambda plan: plan.add_dream("A dog of my own"))

    def remove(plan):
        plan._db.table("dreams").truncate()

    (entry,) = write(store, remove)
    assert brief(entry)[:3] == ("removed", "dream", None)
    assert entry["old"]["text"] == "A dog of my own" and entry["new"] is None
    assert entry["voice"] == "client" and entry["ref"] == "1 A dog of my own"


def test_a_reused_doc_id_is_another_document():
    before = {"dreams": {"1": {"id": "a", "number": 1, "text": "Old", "voice": "client"}}}
    after = {"dreams": {"1": {"id": "b", "number": 2, "text": "New", "voice": "client"}}}
    found = history.changes(before, after)
    assert [(e["action"], e["doc"]) for e in found] == [("removed", "a"), ("added", "b")]


def test_bookkeeping_meta_and_the_history_itself_are_not_recorded():
    doc = {"id": "a", "number": 1, "text": "Same", "voice": "client", "revision": 1}
    before = {"meta": {"1": {"counters": {}}}, "dreams": {"1": doc}, "history": {}}
    after = {
        "meta": {"1": {"counters": {"dreams": 1}}},
        "dreams": {"1": {**doc, "revision": 2, "updated": "later"}},
        "history": {"1": {"seq": 1}},
    }
    assert history.changes(before, after) == []


def test_nothing_changed_writes_nothing_and_records_nothing(store):
    write(store, lambda plan: plan.add_goal("Walk"))
    before = plan_bytes(store)
    assert write(store, lambda plan: plan.set_goal_status(1, "active")) == []
    assert plan_bytes(store) == before


def test_a_refused_change_records_nothing(store):
    before = plan_bytes(store)
    with pytest.raises(InvalidInput), store.plan("kari", write=True) as plan:
        plan.add_goal("Walk")
        plan.check_in(1, 9)
    assert plan_bytes(store) == before


def test_the_index_keeps_no_history_and_the_whole_plan_shows_none(store):
    store.add_client("Ola")
    index = read_plan_file(store.index_path)
    assert "history" not in index
    with store.plan("kari") as plan:
        assert "history" not in plan.whole()
    assert entries(store)  # it is there, in the plan file


# Who -----------------------------------------------------------------------------------------


def test_who_is_the_worker_set_in_the_settings(store):
    save_setting(store.home, "worker", "Anne")
    fresh = Store(store.home)
    (entry,) = write(fresh, lambda plan: plan.add_dream("A dog"))
    assert entry["who"] == "Anne"


def test_who_is_read_once_per_store(store):
    write(store, lambda plan: plan.add_dream("A dog"))
    save_setting(store.home, "worker", "Anne")
    (entry,) = write(store, lambda plan: plan.add_dream("A cat"))
    assert entry["who"] == "ola-login"  # this Store asked before the setting was made
    (entry,) = write(Store(store.home), lambda plan: plan.add_dream("A bird"))
    assert entry["who"] == "Anne"


def test_who_falls_back_to_the_login_then_to_unknown(tmp_path, monkeypatch):
    assert history.worker_name(tmp_path) == "ola-login"
    # A name that `recovery worker` would refuse, made by hand: the settings can't be read,
    # and the login name (which may not be the name set) is not put in its place.
    (tmp_path / "settings.json").write_text('{"worker": "bad\\u001b]0;name\\u0007"}')
    with pytest.raises(StoreDamaged, match="worker is not in the shape"):
        history.worker_name(tmp_path)
    assert Store(tmp_path).worker_name() == "unknown"
    (tmp_path / "settings.json").unlink()

    def no_user(uid):
        raise KeyError("no such user")

    monkeypatch.setattr(history, "login_name", lambda: "")
    assert history.worker_name(tmp_path) == "unknown"
    monkeypatch.undo()
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    import pwd

    monkeypatch.setattr(pwd, "getpwuid", no_user)
    assert history.login_name() == ""  # no name anywhere
    monkeypatch.setenv("USER", "kari-login")
    assert history.login_name() == "kari-login"


# The chain -----------------------------------------------------------------------------------


def chained(store):
    write(store, lambda plan: plan.add_goal("Walk", steps=["Shoes"]))
    write(store, lambda plan: plan.add_step(1, "Coat"))
    write(store, lambda plan: plan.add_area("Rent"))
    write(store, lambda plan: plan.step_up("Rent"))
    return entries(store)


def test_every_entry_is_chained_to_the_one_before(store):
    found = chained(store)
    assert [e["seq"] for e in found] == list(range(1, len(found) + 1))
    assert found[0]["prev"] == "0" * 64
    for before, entry in itertools.pairwise(found):
        assert entry["prev"] == before["hash"]
    for entry in found:
        body = {k: v for k, v in entry.items() if k != "hash"}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert entry["hash"] == hashlib.sha256(canonical.encode()).hexdigest()
    assert history.verify_chain(found) is None


def edited(found):
    found[2]["new"] = {"title": "Something else"}
    return found


def edited_and_hashed(found):
    found[2]["new"] = {"title": "Something else"}
    found[2]["hash"] = history.entry_hash(found[2])
    return found


def dropped(found):
    del found[2]
    return found


def swapped(found):
    found[2], found[3] = found[3], found[2]
    return found


def first_dropped(found):
    return found[1:]


TAMPERING = {
    "a value edited": (edited, "Entry 3 has been changed"),
    "edited and hashed again": (edited_and_hashed, "Entry 4 does not follow on from entry 3"),
    "an entry dropped": (dropped, "Entry 3 is missing"),
    "two entries swapped": (swapped, "out of order at entry 3"),
    "the first entry dropped": (first_dropped, "Entry 1 is missing"),
}


@pytest.mark.parametrize(("tamper", "words"), TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_is_found_and_said_where(store, tamper, words):
    found = chained(store)
    assert history.verify_chain(found) is None
    said = history.verify_chain(tamper(found))
    assert said is not None and words in said


def test_an_entry_that_is_not_an_entry_breaks_the_chain():
    assert "Entry 1" in history.verify_chain(["not an entry"])


def rewrite_history(store, tamper, handle="kari"):
    """Change the plan file's history by hand, as someone editing the file would."""
    path = store.plan_file(handle)
    data = json.loads(path.read_text())
    found = tamper(history.chain_entries(data["history"]))
    data["history"] = {str(n): entry for n, entry in enumerate(found, 1)}
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(("tamper", "words"), TAMPERING.values(), ids=TAMPERING.keys())
def test_the_doctor_reports_a_broken_history_and_repair_leaves_it(store, tamper, words):
    chained(store)
    assert doctor.examine(store) == []
    rewrite_history(store, tamper)
    before = plan_bytes(store)
    (problem,) = doctor.examine(store)
    assert problem.kind == "history-broken"
    assert problem.file == f"clients/{store.plan_file('kari').name}"
    assert "kari" in problem.message and words in problem.message
    found, left = doctor.repair(store)
    assert [p.kind for p in found] == [p.kind for p in left] == ["history-broken"]
    assert found[0].repair  # says it was left as it is
    assert plan_bytes(store) == before


def test_writing_goes_on_after_a_broken_chain_and_it_stays_broken(store):
    chained(store)
    rewrite_history(store, dropped)
    write(store, lambda plan: plan.add_dream("A dog"))
    found = entries(store)
    assert found[-1]["prev"] == found[-2]["hash"]
    assert "missing" in history.verify_chain(found)


@pytest.mark.parametrize("gone", ["1", "3"])
def test_a_new_entry_goes_after_the_highest_even_with_a_gap(store, gone):
    chained(store)
    path = store.plan_file("kari")
    data = json.loads(path.read_text())
    del data["history"][gone]  # removed by hand, the doc ids left as they were
    path.write_text(json.dumps(data))
    write(store, lambda plan: plan.add_dream("A dog"))
    found = entries(store)
    assert found[-1]["entity"] == "dream" and found[-1]["prev"] == found[-2]["hash"]
    assert found[-1]["seq"] == found[-2]["seq"] + 1
    assert "missing" in history.verify_chain(found)


def test_the_caseload_log_is_chained_and_checked_by_the_doctor(store):
    for n in range(3):
        with store._index(write=True) as db:
            history.chain_append(
                db.table("log"), {"when": dates.now_iso(), "who": f"w{n}", "what": "client-erased"}
            )
    index = read_plan_file(store.index_path)
    log = history.chain_entries(index["log"])
    assert [e["seq"] for e in log] == [1, 2, 3] and history.verify_chain(log) is None
    assert doctor.examine(store) == []
    index["log"]["2"]["who"] = "someone else"
    store.index_path.write_text(json.dumps(index))
    (problem,) = doctor.examine(store)
    assert problem.kind == "history-broken" and problem.file == "caseload.json"
    assert "Entry 2 has been changed" in problem.message
    _found, left = doctor.repair(store)
    assert [p.kind for p in left] == ["history-broken"]
    assert json.loads(store.index_path.read_text()) == index  # evidence is kept as it is


# Shape -------------------------------------------------------------------------------------

BAD_ENTRIES = {
    "seq not a number": ("seq", "3"),
    "hash not a hash": ("hash", "abc"),
    "prev missing": ("prev", None),
    "an action the program never writes": ("action", "deleted"),
    "a voice that is none": ("voice", "everyone"),
    "who not text": ("who", 7),
}


@pytest.mark.parametrize(("field", "value"), BAD_ENTRIES.values(), ids=BAD_ENTRIES.keys())
def test_a_history_out_of_shape_is_refused_like_other_damage(store, field, value):
    path = store.plan_file("kari")
    data = json.loads(path.read_text())
    if value is None:
        del data["history"]["1"][field]
    else:
        data["history"]["1"][field] = value
    path.write_text(json.dumps(data))
    with pytest.raises(StoreDamaged, match="history, entry 1"):
        read_plan_file(path)


def test_a_log_entry_out_of_shape_is_refused(store):
    data = json.loads(store.index_path.read_text())
    data["log"] = {"1": {"seq": 1, "when": "now", "who": "w", "prev": "0" * 64, "hash": "x"}}
    store.index_path.write_text(json.dumps(data))
    with pytest.raises(StoreDamaged, match="log, entry 1"):
        read_plan_file(store.index_path)


# Restore -----------------------------------------------------------------------------------


def test_a_restore_adds_one_chained_entry_naming_the_backup(store, tmp_path):
    save_setting(store.home, "worker", "Anne")
    store = Store(store.home)
    write(store, lambda plan: plan.add_goal("Walk"))
    copy = tmp_path / "copy.json"
    copy.write_bytes(store.plan_file("kari").read_bytes())
    write(store, lambda plan: plan.add_goal("A mistake"))
    backup.restore_client(store, "kari", str(copy))
    found = entries(store)
    last = found[-1]
    assert (last["action"], last["entity"], last["new"]) == ("restored", "plan", "copy.json")
    assert last["who"] == "Anne" and last["voice"] is None
    assert history.verify_chain(found) is None
    # The goal the restore undid stays in the history: a history only grows.
    assert [e["new"].get("title") for e in found if e["entity"] == "goal"] == ["Walk", "A mistake"]
    with store.plan("kari") as plan:
        assert [goal["title"] for goal in plan.goals()] == ["Walk"]
    assert doctor.examine(store) == []


def test_restoring_the_whole_store_adds_an_entry_to_each_plan(store, tmp_path):
    store.add_client("Ola")
    dest, _files, _unvouched = backup.backup_store(store.home, tmp_path / "full")
    write(store, lambda plan: plan.add_goal("After"))
    backup.restore_all(store, str(dest))
    for handle in ("kari", "ola"):
        found = entries(store, handle)
        assert (found[-1]["action"], found[-1]["new"]) == ("restored", "full")
        assert history.verify_chain(found) is None
    assert doctor.examine(store) == []


def test_a_plan_from_a_full_backup_names_the_backup_folder(store, tmp_path):
    dest, _files, _unvouched = backup.backup_store(store.home, tmp_path / "full-2026-11-27T101500")
    backup.restore_client(store, "kari", str(dest))
    assert entries(store)[-1]["new"] == "full-2026-11-27T101500"


def test_append_to_data_chains_onto_plain_data():
    data = {"meta": {"1": {"schema": 1}}}
    first = history.append_to_data(data, {"when": "w", "who": "a", "what": "x"}, "log")
    second = history.append_to_data(data, {"when": "w", "who": "b", "what": "y"}, "log")
    assert data["log"] == {"1": first, "2": second}
    assert second["prev"] == first["hash"]
    assert history.verify_chain(history.chain_entries(data["log"])) is None


def test_entries_cut_off_the_end_of_the_history_are_noticed(store):
    write(store, lambda plan: plan.add_goal("Walk"))
    write(store, lambda plan: plan.add_goal("Cook"))
    path = store.plan_file("kari")
    data = json.loads(path.read_bytes())
    assert history.verify_history(data) is None
    last = max(data["history"], key=int)
    del data["history"][last]  # the chain of what is left is still whole
    assert history.verify_chain(history.chain_entries(data["history"])) is None
    assert "held" in history.verify_history(data)
    path.write_text(json.dumps(data))
    assert [p.kind for p in doctor.examine(store)] == ["history-broken"]


def test_an_erasure_cut_off_the_end_of_the_caseload_log_is_noticed(store):
    from recoverytui.core import erase

    for name in ("Ola", "Per"):
        store.add_client(name)
        erase.erase(store, name.lower(), name.lower())
    data = json.loads(store.index_path.read_bytes())
    assert history.verify_history(data, "log") is None
    del data["log"]["2"]
    store.index_path.write_text(json.dumps(data))
    assert [p.kind for p in doctor.examine(store)] == ["history-broken"]
