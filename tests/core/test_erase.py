"""Erasing a client (core/erase.py) and archiving one (Store.set_archived)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from core_support import DAY

from recoverytui.core import backup, doctor, erase
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.history import ZERO_HASH, verify_chain
from recoverytui.core.storage import read_plan_file


@pytest.fixture
def kari(store, day):
    """Kari (from the shared store fixture) with a goal, a daily backup, a full backup,
    and Ola beside her. Kari's index entry."""
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Buy a bed")
    store.add_client("Ola")
    with store.plan("ola", write=True) as plan:
        plan.add_goal("Fix the bicycle")
    backup.backup_store(store.home)
    return store.find_client("kari")


def every_file(store):
    return {
        str(p.relative_to(store.home)): p.read_bytes()
        for p in sorted(store.home.rglob("*"))
        if p.is_file()
    }


def holding(store, word):
    return [
        name for name, data in every_file(store).items() if word.encode() in data or word in name
    ]


def log_of(store):
    return list(read_plan_file(store.index_path).get("log", {}).values())


def test_preview_says_what_goes_and_touches_nothing(store, kari):
    before = every_file(store)
    found = erase.preview(store, "kari")
    assert every_file(store) == before
    assert found["client"] == {"id": kari["id"], "handle": "kari", "name": "Kari"}
    assert found["plan"] == f"clients/{kari['id']}.json"
    assert found["plan_counts"]["goals"] == 1
    assert found["daily_backups"] == 1 and found["before_restore"] == 0
    assert len(found["full_backups"]) == 1 and found["full_backups"][0].startswith("backups/full-")
    assert found["index_copies"] == 1  # the index as it was before Ola was added
    assert found["damaged"] == found["printouts"] == found["other_files"] == []
    assert "recovery backup -o" in found["outside"]


@pytest.mark.parametrize("typed", ["Kari", "ola", "", None, "kari kari"])
def test_a_wrong_handle_erases_nothing(store, kari, typed):
    before = every_file(store)
    with pytest.raises(InvalidInput, match="Nothing was erased"):
        erase.erase(store, "kari", typed)
    assert every_file(store) == before


def test_an_unknown_client_is_not_found(store, kari):
    before = every_file(store)
    with pytest.raises(NotFound):
        erase.preview(store, "nobody")
    with pytest.raises(NotFound):
        erase.erase(store, "nobody", "nobody")
    assert every_file(store) == before


def test_erase_removes_the_client_and_logs_without_naming(store, kari):
    ola = store.find_client("ola")
    ola_plan = (store.clients_dir / ola["file"]).read_bytes()
    result = erase.erase(store, "kari", " kari\n")
    assert result["erased"] is True
    assert holding(store, kari["id"]) == []
    assert holding(store, "Kari") == [] and holding(store, "Buy a bed") == []
    assert [c["handle"] for c in store.clients(include_archived=True)] == ["ola"]
    assert (store.clients_dir / ola["file"]).read_bytes() == ola_plan
    assert doctor.examine(store) == []
    [entry] = log_of(store)
    assert {k: entry[k] for k in ("what", "seq", "prev")} == {
        "what": "client-erased",
        "seq": 1,
        "prev": ZERO_HASH,
    }
    assert set(entry) == {"when", "who", "what", "seq", "prev", "hash"}
    # A second erasure carries the chain on.
    erase.erase(store, "ola", "ola")
    log = log_of(store)
    assert [e["seq"] for e in log] == [1, 2] and verify_chain(log) is None
    assert store.clients(include_archived=True) == []


def test_an_erasure_stopped_midway_is_finished_by_the_next(store, kari, monkeypatch):
    """Stopped after the backups went and before the plan did: the client is still listed
    (the index is written last, in one step), and erasing again finishes."""
    plan = store.clients_dir / kari["file"]
    real = erase._remove_path

    def stopped(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(erase, "_remove_path", stopped)
    with pytest.raises(KeyboardInterrupt):
        erase.erase(store, "kari", "kari")
    assert not (store.home / "backups" / kari["id"]).exists()  # the first thing to go
    assert plan.exists() and store.find_client("kari")["id"] == kari["id"]
    assert log_of(store) == []
    monkeypatch.setattr(erase, "_remove_path", real)
    erase.erase(store, "kari", "kari")
    assert holding(store, kari["id"]) == [] and doctor.examine(store) == []
    assert len(log_of(store)) == 1


def test_erase_finishes_when_the_plan_is_already_gone(store, kari):
    (store.clients_dir / kari["file"]).unlink()
    found = erase.preview(store, "kari")
    assert found["plan"] is None and found["plan_counts"] is None
    erase.erase(store, "kari", "kari")
    assert holding(store, kari["id"]) == [] and doctor.examine(store) == []


def test_damaged_files_named_for_the_client_go_others_are_named_for_a_look(store, kari):
    damaged = store.home / "damaged"
    damaged.mkdir(mode=0o700)
    (damaged / f"{kari['id']}.json.2026-11-26T100000").write_bytes(b'{"Kari": ')
    # A damaged index copy lists her but can't be read, so it can't be cleaned.
    index_copy = damaged / "caseload.json.2026-11-26T100000"
    index_copy.write_bytes(store.index_path.read_bytes()[:-30])
    unrelated = damaged / "caseload.json.2026-11-20T100000"
    unrelated.write_bytes(b"not json, and no one named")
    found = erase.preview(store, "kari")
    assert found["damaged"] == [f"damaged/{kari['id']}.json.2026-11-26T100000"]
    assert found["needs_a_look"] == ["damaged/caseload.json.2026-11-26T100000"]
    result = erase.erase(store, "kari", "kari")
    assert result["needs_a_look"] == ["damaged/caseload.json.2026-11-26T100000"]
    assert sorted(p.name for p in damaged.iterdir()) == sorted([index_copy.name, unrelated.name])
    assert holding(store, kari["id"]) == [f"damaged/{index_copy.name}"]


def test_printouts_of_the_client_go_and_of_others_stay(store, kari):
    store.add_client("Kari B")  # handle kari-2
    printouts = store.home / "printouts"
    printouts.mkdir(mode=0o700)
    mine = [
        "kari-2026-W48.pdf",
        "kari-2026-W47.md",
        "kari-2025-W01.txt",
        ".kari-2026-W48.pdf.x1.tmp",
    ]
    theirs = ["kari-2-2026-W48.pdf", "ola-2026-W48.md", "kari-notes.txt", "kari-2026-W48.docx"]
    for name in mine + theirs:
        (printouts / name).write_bytes(b"sheet")
    assert sorted(erase.preview(store, "kari")["printouts"]) == sorted(
        f"printouts/{name}" for name in mine
    )
    erase.erase(store, "kari", "kari")
    assert sorted(p.name for p in printouts.iterdir()) == sorted(theirs)


def test_other_files_named_for_the_client_go(store, kari):
    leftover = store.clients_dir / f".{kari['id']}.json.tmp"
    leftover.write_bytes(b"half a plan")
    elsewhere = store.home / "exports" / f"{kari['id']}.json"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"{}")
    # Copies of the index cut short (a daily backup, the index itself): stale under its lock.
    index_temps = [
        store.home / "backups" / "caseload" / ".2026-11-26.json.tmp",
        store.home / ".caseload.json.tmp",
    ]
    for temp in index_temps:
        temp.write_bytes(store.index_path.read_bytes())
    unrelated_temp = store.home / "backups" / "caseload" / ".2026-11-20.json.tmp"
    unrelated_temp.write_bytes(b"no one named")
    found = erase.preview(store, "kari")
    assert sorted(found["other_files"]) == sorted(
        [
            f"exports/{kari['id']}.json",
            ".caseload.json.tmp",
            "backups/caseload/.2026-11-26.json.tmp",
        ]
    )
    erase.erase(store, "kari", "kari")
    assert not leftover.exists() and not elsewhere.exists()
    assert not any(temp.exists() for temp in index_temps) and unrelated_temp.exists()
    assert holding(store, kari["id"]) == []
    assert not (store.clients_dir / f"{kari['id']}.lock").exists()


def test_erase_on_a_new_day_leaves_no_backup_of_the_index_with_the_client(store, kari, day):
    day[0] = DAY + dt.timedelta(days=3)
    erase.erase(store, "kari", "kari")
    index_days = sorted(p.name for p in (store.home / "backups" / "caseload").iterdir())
    assert f"{day[0].isoformat()}.json" in index_days  # the erasure's own write took one
    assert holding(store, kari["id"]) == []


def test_archive_round_trip(store, kari):
    doc = store.set_archived("kari", True)
    assert doc["archived"] is True and doc["revision"] == 2
    assert [c["handle"] for c in store.clients()] == ["ola"]
    assert store.find_client("kari")["archived"] is True  # -c still finds her
    with store.plan("kari") as plan:
        assert plan.client["archived"] is True
        assert [g["title"] for g in plan.goals()] == ["Buy a bed"]
    before = every_file(store)
    assert store.set_archived("kari", True)["revision"] == 2
    assert every_file(store) == before  # already archived: nothing written
    back = store.set_archived("kari", False)
    assert back["archived"] is False and back["revision"] == 3
    entry = store.find_client("kari")
    assert (entry["archived"], entry["revision"]) == (False, 3)
    assert [c["handle"] for c in store.clients()] == ["kari", "ola"]


def test_archive_mends_an_index_entry_left_behind(store, kari):
    """Stopped between the plan's write and the index's: the next call mirrors the entry."""
    with store.plan("kari", write=True) as plan:
        doc = plan._db.table("client").all()[0]
        plan._update("client", doc, {"archived": True}, None)
    assert store.find_client("kari")["archived"] is False
    store.set_archived("kari", True)
    assert store.find_client("kari")["archived"] is True


def test_archive_of_an_unknown_client_writes_nothing(store, kari):
    before = every_file(store)
    with pytest.raises(NotFound):
        store.set_archived("nobody", True)
    assert every_file(store) == before


def test_the_full_backup_index_keeps_the_others(store, kari):
    erase.erase(store, "kari", "kari")
    full = next((store.home / "backups").glob("full-*"))
    index = json.loads((full / "caseload.json").read_bytes())
    assert [e["handle"] for e in index["clients"].values()] == ["ola"]
    assert backup.preview_all(store, str(full))["added"] == []
