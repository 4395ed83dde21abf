"""Daily backups, the whole-store copy, restoring, and the doctor, through the core API."""

import datetime as dt
import json
import stat

import pytest
from core_support import DAY

from recoverytui.core import backup, doctor, history
from recoverytui.core.errors import InvalidInput, StoreDamaged
from recoverytui.core.settings import save_setting
from recoverytui.core.store import Store


@pytest.fixture
def store(tmp_path, day):
    return Store(tmp_path / "home")


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def dailies(store, client_id):
    return [p.name for p in backup.daily_backups(store.home, client_id)]


def add_goal(store, title):
    with store.plan("kari", write=True) as plan:
        plan.add_goal(title)


def snapshot(folder):
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def restored(path, replaced):
    """A restored plan, less its history and counters, which are checked: the history goes
    on from the plan the restore replaced (so the undone changes stay in it), with one
    chained `restored` entry; the counters stay where the replaced plan had them, so no
    number is handed out twice."""
    data = json.loads(path.read_bytes())
    entries = history.chain_entries(data.pop("history"))
    head = data["meta"]["1"].pop("history_head")
    assert (head["seq"], head["hash"]) == (entries[-1]["seq"], entries[-1]["hash"])
    assert entries[:-1] == history.chain_entries(json.loads(replaced)["history"])
    assert entries[-1]["action"] == "restored" and history.verify_chain(entries) is None
    assert data["meta"]["1"].pop("counters") == json.loads(replaced)["meta"]["1"]["counters"]
    return data


def without_history(raw):
    data = json.loads(raw)
    del data["history"], data["meta"]["1"]["history_head"], data["meta"]["1"]["counters"]
    return data


def test_a_daily_backup_is_taken_once_a_day_before_the_first_write(store, day):
    client = store.add_client("Kari")
    path = store.client_path(client["id"])
    before_first = path.read_bytes()
    add_goal(store, "One")
    add_goal(store, "Two")
    assert dailies(store, client["id"]) == ["2026-11-26.json"]
    kept = backup.backups_dir(store.home) / client["id"] / "2026-11-26.json"
    assert kept.read_bytes() == before_first  # the plan as it was, not after the writes
    day[0] = DAY + dt.timedelta(days=1)
    after_two = path.read_bytes()
    add_goal(store, "Three")
    assert dailies(store, client["id"]) == ["2026-11-27.json", "2026-11-26.json"]
    assert (kept.parent / "2026-11-27.json").read_bytes() == after_two


def test_reads_take_no_backup(store, day):
    client = store.add_client("Kari")
    day[0] = DAY + dt.timedelta(days=1)
    with store.plan("kari") as plan:
        plan.whole()
    store.clients()
    assert dailies(store, client["id"]) == []


def test_the_index_is_backed_up_too(store, day):
    store.add_client("Kari")
    day[0] = DAY + dt.timedelta(days=1)
    store.add_client("Ola")
    assert [p.name for p in backup.daily_backups(store.home, "caseload")] == ["2026-11-27.json"]


# A value the program never writes (keeping none would stop the backups silently) makes the
# settings unreadable: how many to keep is not known, so none is deleted.
@pytest.mark.parametrize(("setting", "kept"), [(None, 14), (3, 3), (0, 20), ("5", 20), (True, 20)])
def test_backups_are_pruned_to_the_number_kept(store, day, setting, kept):
    if setting is not None:
        store.home.mkdir()
        (store.home / "settings.json").write_text(json.dumps({"backups_kept": setting}))
    client = store.add_client("Kari")
    for n in range(20):
        day[0] = DAY + dt.timedelta(days=n)
        add_goal(store, f"Goal {n}")
    names = dailies(store, client["id"])
    assert len(names) == kept
    assert names[0] == f"{DAY + dt.timedelta(days=19)}.json"  # the newest are kept


def test_backups_are_private(store, day):
    client = store.add_client("Kari")
    add_goal(store, "One")
    folder = backup.backups_dir(store.home)
    assert mode(folder) == 0o700
    assert mode(folder / client["id"]) == 0o700
    assert mode(folder / client["id"] / "2026-11-26.json") == 0o600
    dest, _files, _unvouched = backup.backup_store(store.home)
    assert mode(dest) == 0o700
    assert all(mode(p) == 0o600 for p in dest.rglob("*") if p.is_file())
    assert all(mode(p) == 0o700 for p in dest.rglob("*") if p.is_dir())


def test_a_damaged_file_is_never_backed_up(store, day):
    client = store.add_client("Kari")
    store.client_path(client["id"]).write_bytes(b"null")
    with pytest.raises(StoreDamaged):
        add_goal(store, "One")
    assert dailies(store, client["id"]) == []


def test_the_whole_store_copy_holds_every_file_but_the_backups(store, day):
    client = store.add_client("Kari")
    add_goal(store, "One")
    save_setting(store.home, "theme", "calm")
    dest, files, _unvouched = backup.backup_store(store.home)
    assert sorted(map(str, files)) == sorted(
        ["caseload.json", f"clients/{client['id']}.json", "settings.json"]
    )
    for relative in files:
        assert (dest / relative).read_bytes() == (store.home / relative).read_bytes()
    assert not (dest / "backups").exists()


def test_a_full_backup_never_writes_into_a_folder_with_files(store, tmp_path):
    store.add_client("Kari")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    with pytest.raises(InvalidInput):
        backup.backup_store(store.home, busy)
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]


def test_restore_brings_a_plan_back_exactly_and_keeps_the_current_one(store, day):
    client = store.add_client("Kari")
    add_goal(store, "One")
    path = store.client_path(client["id"])
    day[0] = DAY + dt.timedelta(days=1)
    yesterday_end = path.read_bytes()
    add_goal(store, "Mistake")
    mistaken = path.read_bytes()
    preview = backup.preview_client(store, "kari", "2026-11-27")
    assert preview["now"]["goals"] == 2 and preview["backup"]["goals"] == 1
    done = backup.restore_client(store, "kari", "2026-11-27")
    assert restored(path, mistaken) == without_history(yesterday_end)
    assert (store.home / done["kept"]).read_bytes() == mistaken


def test_a_damaged_backup_is_refused_touching_nothing(store, day, tmp_path):
    store.add_client("Kari")
    add_goal(store, "One")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"meta": {"1": {"schema": 1}}, "goals": {"1": {"ti')
    before = snapshot(store.home)
    with pytest.raises(StoreDamaged):
        backup.restore_client(store, "kari", str(bad))
    assert snapshot(store.home) == before


def test_another_clients_plan_is_refused(store, day):
    store.add_client("Kari")
    ola = store.add_client("Ola")
    before = snapshot(store.home)
    with pytest.raises(InvalidInput):
        backup.restore_client(store, "kari", str(store.client_path(ola["id"])))
    assert snapshot(store.home) == before


def test_restore_all_brings_back_the_store_as_it_was(store, day, tmp_path):
    kari = store.add_client("Kari")
    dest, _files, _unvouched = backup.backup_store(store.home, tmp_path / "full")
    was = {p: (dest / p).read_bytes() for p in ("caseload.json", f"clients/{kari['id']}.json")}
    add_goal(store, "After")
    after = (store.home / f"clients/{kari['id']}.json").read_bytes()
    ola = store.add_client("Ola")
    preview = backup.preview_all(store, str(dest))
    assert preview["removed"] == ["ola"] and preview["added"] == []
    done = backup.restore_all(store, str(dest))
    # The backup's index, but each entry anchors its plan's new head, and the log goes on
    # with one entry saying the store was restored.
    index, was_index = json.loads(store.index_path.read_bytes()), json.loads(was["caseload.json"])
    plan = f"clients/{kari['id']}.json"
    (entry,) = index["clients"].values()
    assert (
        entry.pop("head")["hash"]
        == json.loads((store.home / plan).read_bytes())["meta"]["1"]["history_head"]["hash"]
    )
    assert [e.pop("head") and e for e in was_index["clients"].values()] == [entry]
    (logged,) = history.chain_entries(index.pop("log"))
    assert (logged["what"], logged["new"]) == ("store-restored", "full")
    assert index["clients"] == was_index["clients"]
    assert restored(store.home / plan, after) == without_history(was[plan])
    assert not store.client_path(ola["id"]).exists()
    assert (backup.backups_dir(store.home) / done["kept"] / f"clients/{ola['id']}.json").exists()
    assert [c["handle"] for c in store.clients()] == ["kari"]


# The doctor --------------------------------------------------------------------------------


def kinds(problems):
    return sorted(p.kind for p in problems)


def test_a_healthy_store_has_no_problems(store):
    store.add_client("Kari")
    assert doctor.examine(store) == []


def test_the_doctor_finds_each_kind_of_problem_and_changes_nothing(store):
    kari = store.add_client("Kari")
    ola = store.add_client("Ola")
    lost = store.add_client("Lost")
    stray = store.add_client("Stray")
    store.client_path(kari["id"]).write_bytes(b"")
    store.client_path(lost["id"]).unlink()
    index = json.loads(store.index_path.read_text())
    index["clients"] = {k: v for k, v in index["clients"].items() if v["handle"] != "stray"}
    store.index_path.write_text(json.dumps(index))
    moved = store.clients_dir / f"{'0' * 8}-0000-4000-8000-{'0' * 12}.json"
    store.client_path(ola["id"]).rename(moved)
    (store.clients_dir / f".{stray['id']}.json.tmp").write_text("half")
    before = snapshot(store.home)
    found = doctor.examine(store)
    assert kinds(found) == [
        "damaged", "missing-file", "missing-file", "not-in-index", "temp-file", "wrong-id"
    ]  # fmt: skip
    assert all(p.message for p in found)
    assert snapshot(store.home) == before


def test_a_copy_cut_short_in_backups_is_named_and_moved_aside(store):
    kari = store.add_client("Kari")
    add_goal(store, "One")
    temp = backup.backups_dir(store.home) / kari["id"] / ".write-2026-11-26T101010.000001.json.tmp"
    temp.write_text("half")  # a write's copy, killed before its rename
    (problem,) = doctor.examine(store)
    assert problem.kind == "temp-file" and problem.file == str(temp.relative_to(store.home))
    found, left = doctor.repair(store)
    assert found[0].repair and "Moved aside" in found[0].repair
    assert left == [] and not temp.exists()
    assert [p.read_bytes() for p in backup.damaged_dir(store.home).iterdir()] == [b"half"]


def test_repair_moves_damage_aside_puts_back_the_backup_and_mends_the_index(store, day):
    kari = store.add_client("Kari")
    add_goal(store, "One")  # the first write of the day keeps the fresh plan
    path = store.client_path(kari["id"])
    path.write_bytes(b"null")
    ola = store.add_client("Ola")
    index = json.loads(store.index_path.read_text())
    index["clients"] = {k: v for k, v in index["clients"].items() if v["handle"] != "ola"}
    store.index_path.write_text(json.dumps(index))
    temp = store.clients_dir / f".{ola['id']}.json.tmp"
    temp.write_text("half")
    found, left = doctor.repair(store)
    assert kinds(found) == ["damaged", "not-in-index", "temp-file"]
    assert left == []
    damaged = sorted(backup.damaged_dir(store.home).iterdir())
    assert sorted(p.read_bytes() for p in damaged) == [b"half", b"null"]  # kept, not deleted
    # The newest copy (kept before the last write), and its history goes on with a line
    # saying the doctor put it back.
    daily = backup.copies(store.home, kari["id"])[0]
    assert daily.name.startswith("write-")
    now, was = json.loads(path.read_bytes()), json.loads(daily.read_bytes())
    entries = history.chain_entries(now["history"])
    assert entries[:-1] == history.chain_entries(was["history"])
    assert (entries[-1]["action"], entries[-1]["new"]) == ("restored", daily.name)
    assert without_history(path.read_bytes()) == without_history(daily.read_bytes())
    assert [c["handle"] for c in store.clients()] == ["kari", "ola"]
    assert doctor.examine(store) == []


def test_repair_without_a_backup_still_deletes_nothing(store):
    kari = store.add_client("Kari")
    store.client_path(kari["id"]).write_bytes(b"garbage")
    found, left = doctor.repair(store)
    assert kinds(found) == ["damaged"]
    assert kinds(left) == ["missing-file"]  # the index still names the plan: a person decides
    assert [p.read_bytes() for p in backup.damaged_dir(store.home).iterdir()] == [b"garbage"]


def test_a_damaged_index_is_moved_aside_and_built_again_from_the_plans(store):
    store.add_client("Kari")
    store.add_client("Ola")
    store.index_path.write_bytes(b"{")
    found, left = doctor.repair(store)
    assert kinds(found) == ["damaged"] and left == []
    assert [c["handle"] for c in store.clients()] == ["kari", "ola"]
    assert [p.read_bytes() for p in backup.damaged_dir(store.home).iterdir()] == [b"{"]


def test_each_plan_listed_again_is_named_under_its_own_problem(store):
    store.add_client("Kari")
    store.add_client("Ola")
    index = json.loads(store.index_path.read_text())
    index["clients"] = {}
    store.index_path.write_text(json.dumps(index))
    found, left = doctor.repair(store)
    assert left == []
    said = {p.message.split(" (")[0]: p.repair for p in found}
    assert said == {
        "The plan of kari": "Listed again on the caseload as kari.",
        "The plan of ola": "Listed again on the caseload as ola.",
    }


# Copies within a day ------------------------------------------------------------------------


def writes(store, client_id):
    folder = backup.backups_dir(store.home) / client_id
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("write-"))


def test_a_plan_is_kept_as_each_of_its_last_three_writes_left_it(store, day):
    client = store.add_client("Kari")
    path = store.client_path(client["id"])
    after = []
    for n in range(5):
        add_goal(store, f"Goal {n}")
        after.append(path.read_bytes())
    names = writes(store, client["id"])
    assert len(names) == backup.WRITES_KEPT == 3
    folder = backup.backups_dir(store.home) / client["id"]
    assert [(folder / name).read_bytes() for name in names] == after[-3:]
    assert dailies(store, client["id"]) == ["2026-11-26.json"]  # the daily as before
    assert all(mode(folder / name) == 0o600 for name in names)


def test_a_refused_write_keeps_no_copy(store, day):
    client = store.add_client("Kari")
    add_goal(store, "One")
    before = snapshot(store.home)
    with pytest.raises(InvalidInput), store.plan("kari", write=True) as plan:
        plan.add_goal("")
    assert snapshot(store.home) == before
    assert len(writes(store, client["id"])) == 1  # the one "One" left


def test_the_index_keeps_daily_backups_only(store, day):
    store.add_client("Kari")
    store.add_client("Ola")
    folder = backup.backups_dir(store.home) / "caseload"
    assert not any(p.name.startswith("write-") for p in folder.iterdir())


def test_a_plan_damaged_in_the_afternoon_loses_nothing(store, day):
    client = store.add_client("Kari")
    for title in ("Morning", "Noon", "Afternoon"):
        add_goal(store, title)
    store.client_path(client["id"]).write_bytes(b"garbage")
    found, left = doctor.repair(store)
    assert [p.kind for p in found] == ["damaged"] and left == []
    with store.plan("kari", write=True) as plan:
        assert [g["title"] for g in plan.goals()] == ["Morning", "Noon", "Afternoon"]
        assert plan.add_goal("Evening")["number"] == 4
