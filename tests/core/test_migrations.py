"""Stores made by earlier versions open; a store made by a newer one is refused untouched.

tests/fixtures/schema-<n>/ is a whole store made by the program at schema n
(tests/fixtures/make_store.py). Each test works on a copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from recoverytui.core import backup, crypto, doctor, erase, history, migrations, storage
from recoverytui.core.errors import InvalidInput, StoreTooNew
from recoverytui.core.storage import SCHEMA_VERSION, read_plan_file
from recoverytui.core.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EARLIER = sorted(int(p.name.split("-")[1]) for p in FIXTURES.glob("schema-*"))


def every_file(home: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()
    }


def copy_of(schema: int, tmp_path: Path) -> Store:
    home = tmp_path / f"schema-{schema}"
    shutil.copytree(FIXTURES / f"schema-{schema}", home)
    return Store(home)


def schema_on_disk(path: Path) -> int:
    return json.loads(storage.read_bytes(path))["meta"]["1"]["schema"]


def test_a_store_of_every_earlier_schema_is_kept():
    assert list(range(1, SCHEMA_VERSION)) == EARLIER, "make the fixture before the schema moves on"


@pytest.mark.parametrize("schema", EARLIER)
def test_an_earlier_store_reads_as_it_was_and_reading_writes_nothing(schema, tmp_path, day):
    store = copy_of(schema, tmp_path)
    before = every_file(store.home)
    assert [c["handle"] for c in store.clients(include_archived=True)] == ["kari", "ola"]
    with store.plan("kari") as plan:
        whole = plan.whole()
        assert [g["title"] for g in plan.goals()] == ["Walk to the shop"]
        assert [c["progress"] for c in plan.checkins(1)] == [2, 3]
        assert plan.area(1)["step"] == 3
        assert plan.review("2026-W48")["agreed"][0]["text"] == "Walk alone once"
    # In the current schema, as every part of the program expects it.
    assert (whole["client"]["revise_by"], whole["client"]["revisions"]) == (None, [])
    assert [r["signs"] for r in whole["reviews"]] == [[]]  # schema 3: no signs noticed yet
    if schema < 3:
        assert whole["crisis"]["id"] is None  # and no crisis plan until its first change
    else:
        assert [s["text"] for s in whole["crisis"]["signs"]] == ["I stop sleeping"]
    if schema < 4:
        assert (whole["participants"], whole["measures"]) == ([], [])  # schema 4: none yet
    else:
        assert [p["name"] for p in whole["participants"]] == ["Dr. Lie", "Anne (fixture)"]
    assert (whole["consents"], whole["shared"]) == ([], [])  # schema 5: none yet
    assert history.of_client(store, "kari")[1] is None  # the history's chain still holds
    assert doctor.examine(store) == []
    assert every_file(store.home) == before


@pytest.mark.parametrize("schema", EARLIER)
def test_the_first_write_keeps_the_file_as_it_was_then_migrates_it(schema, tmp_path, day):
    store = copy_of(schema, tmp_path)
    path = store.plan_file("kari")
    original = path.read_bytes()
    entries_before = history.of_client(store, "kari")[0]
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Call my sister")
    assert schema_on_disk(path) == SCHEMA_VERSION
    kept = list((backup.backups_dir(store.home) / path.stem).glob(f"schema-{schema}-*.json"))
    assert [p.read_bytes() for p in kept] == [original]
    # The history holds the change made, not the migration: that is no one's change.
    entries, broken = history.of_client(store, "kari")
    assert broken is None
    assert entries[: len(entries_before)] == entries_before
    assert [(e["action"], e["entity"]) for e in entries[len(entries_before) :]] == [
        ("added", "goal")
    ]
    with store.plan("kari", write=True) as plan:  # migrated once: no second copy
        plan.add_goal("Call my brother")
    assert len(list(kept[0].parent.glob("schema-*"))) == 1
    assert doctor.examine(store) == []


@pytest.mark.parametrize("schema", EARLIER)
def test_a_write_that_changes_nothing_or_is_refused_leaves_an_earlier_file_alone(
    schema, tmp_path, day
):
    store = copy_of(schema, tmp_path)
    before = every_file(store.home)
    with store.plan("kari", write=True) as plan:
        plan.goals()
    with pytest.raises(InvalidInput), store.plan("kari", write=True) as plan:
        plan.add_goal("")
    assert every_file(store.home) == before


@pytest.mark.parametrize("schema", EARLIER)
def test_the_index_is_migrated_by_its_first_write_and_kept_first(schema, tmp_path, day):
    store = copy_of(schema, tmp_path)
    original = store.index_path.read_bytes()
    store.add_client("Per")
    assert schema_on_disk(store.index_path) == SCHEMA_VERSION
    kept = list((backup.backups_dir(store.home) / "caseload").glob(f"schema-{schema}-*.json"))
    assert [p.read_bytes() for p in kept] == [original]
    assert [c["handle"] for c in store.clients()] == ["kari", "per"]


@pytest.mark.parametrize("schema", EARLIER)
def test_an_erasure_leaves_no_copy_of_the_earlier_index_with_the_client(schema, tmp_path, day):
    store = copy_of(schema, tmp_path)
    ola = store.find_client("ola")
    erase.erase(store, "ola", "ola")
    left = [name for name, data in every_file(store.home).items() if ola["id"].encode() in data]
    assert left == []
    assert list((backup.backups_dir(store.home) / "caseload").glob(f"schema-{schema}-*"))


@pytest.mark.parametrize("schema", EARLIER)
def test_a_daily_backup_of_an_earlier_schema_can_be_restored(schema, tmp_path, day):
    store = copy_of(schema, tmp_path)
    daily = backup.daily_backups(store.home, store.find_client("kari")["id"])[0]
    assert daily.name == "2026-11-27.json"  # the plan as the first day left it
    backup.restore_client(store, "kari", str(daily))
    with store.plan("kari") as plan:
        assert plan.goals()[0]["steps"][0]["done"] is None  # as it was on the first day
    assert schema_on_disk(store.plan_file("kari")) == SCHEMA_VERSION
    assert doctor.examine(store) == []


@pytest.mark.parametrize("schema", EARLIER)
def test_an_encrypted_earlier_store_migrates_sealed(schema, tmp_path, day):
    store = copy_of(schema, tmp_path)
    crypto.create(store.home, "a long passphrase")
    crypto.seal_store(store.home)  # sealed as they are: still of the earlier schema inside
    crypto.mark_finished(store.home)
    path = store.plan_file("kari")
    sealed = path.read_bytes()
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Call my sister")
    kept = next((backup.backups_dir(store.home) / path.stem).glob(f"schema-{schema}-*.json"))
    assert kept.read_bytes() == sealed
    assert storage.is_sealed(path.read_bytes())
    assert schema_on_disk(path) == SCHEMA_VERSION
    assert crypto.plain_files(store.home) == []


# The machinery, with a migration that exists only in these tests ------------------------------


@pytest.fixture
def one_more(monkeypatch):
    """A schema after the current one, whose migration gives every goal a colour."""
    calls = []

    def colour(data):
        calls.append(data)
        for goal in data.get("goals", {}).values():
            goal["colour"] = "green"

    monkeypatch.setattr(storage, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION, colour)
    return calls


def test_migrations_run_in_turn_on_a_read_in_memory_only(tmp_path, day, one_more):
    store = copy_of(1, tmp_path)
    before = every_file(store.home)
    with store.plan("kari") as plan:
        assert plan.goals()[0]["colour"] == "green"
        assert plan.client["revisions"] == []  # the migrations before it ran first
    assert every_file(store.home) == before
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Call my sister")
    data = read_plan_file(store.plan_file("kari"))
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION + 1
    assert [g.get("colour") for g in data["goals"].values()] == ["green", None]


# A store from a newer version ---------------------------------------------------------------


def newer_store(tmp_path: Path) -> Store:
    """The fixture as a newer program might have left it: every file one schema ahead."""
    store = copy_of(EARLIER[-1] if EARLIER else 1, tmp_path)
    for path in [store.index_path, *store.clients_dir.glob("*.json")]:
        data = json.loads(path.read_bytes())
        data["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
        data["goals"] = {"1": ["a shape this version has never seen"]}
        path.write_text(json.dumps(data))
    return store


def test_a_newer_store_is_refused_by_everything_and_touched_by_nothing(tmp_path, day):
    store = newer_store(tmp_path)
    before = every_file(store.home)
    refusals = [
        lambda: store.clients(),
        lambda: store.add_client("Per"),
        lambda: store.plan("kari").__enter__(),
        lambda: store.set_archived("kari", True),
        lambda: backup.restore_client(store, "kari", "2026-11-26"),
        lambda: erase.erase(store, "kari", "kari"),
    ]
    for refused in refusals:
        with pytest.raises(StoreTooNew):
            refused()
    found = doctor.examine(store)
    assert [p.kind for p in found] == ["newer-version"] * 3  # the index and both plans
    found, left = doctor.repair(store)
    assert [p.kind for p in left] == ["newer-version"] * 3
    assert all("Left as it is" in p.repair for p in found)
    assert every_file(store.home) == before


def test_a_newer_plan_is_reported_by_name_and_never_repaired(tmp_path, day):
    store = copy_of(EARLIER[-1] if EARLIER else 1, tmp_path)
    path = store.plan_file("kari")
    data = json.loads(path.read_bytes())
    data["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data))
    before = every_file(store.home)
    found, left = doctor.repair(store)
    assert [(p.kind, p.file) for p in found] == [("newer-version", f"clients/{path.name}")]
    assert found[0].message.startswith("The plan of kari")
    assert [(p.kind, p.file) for p in left] == [(p.kind, p.file) for p in found]
    with pytest.raises(StoreTooNew):
        backup.restore_client(store, "kari", "2026-11-26")
    with pytest.raises(StoreTooNew):
        backup.restore_all(store, str(backup.backup_store(store.home)[0]))
    after = every_file(store.home)
    assert {k: v for k, v in after.items() if not k.startswith("backups/full-")} == before


def test_restoring_the_whole_store_never_takes_away_a_newer_plan(tmp_path, day):
    store = copy_of(EARLIER[-1] if EARLIER else 1, tmp_path)
    full, _files, _unvouched = backup.backup_store(store.home)
    per = store.add_client("Per")  # not in the backup: a restore would take Per's plan away
    path = store.client_path(per["id"])
    data = json.loads(path.read_bytes())
    data["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data))
    before = every_file(store.home)
    with pytest.raises(StoreTooNew):
        backup.restore_all(store, str(full))
    assert every_file(store.home) == before
