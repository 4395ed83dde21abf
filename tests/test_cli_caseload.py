"""`recovery caseload [--json]`: what is due, per client, for the worker and for scripts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cli_support import as_json, ok, run
from recoverytui.cli import quick
from recoverytui.core.store import Store


@pytest.fixture
def caseload(home, day):
    """Kari, with a goal checked in on today, an action past its date and a crisis plan due;
    Ola, with nothing yet; Per, archived."""
    ok("client", "add", "Kari", "--coordinator", "Wenche")
    ok("client", "add", "Ola")
    ok("client", "add", "Per")
    ok("client", "archive", "-c", "per")
    day[0] = dt.date(2026, 10, 1)
    store = Store(home)
    with store.plan("kari", write=True) as plan:
        plan.rate_need("1", action="Call NAV", due="2026-10-20")
        plan.rate_need("2", action="Ring the landlord", due="2027-01-10")
        plan.crisis_reviewed(revise_by="2026-11-02")
        client = plan._db.table("client").all()[0]
        plan._update("client", client, {"revise_by": "2027-02-01"}, None)
    day[0] = dt.date(2026, 11, 5)
    ok("add-goal", "Walk to the shop", "-c", "kari")
    ok("check-in", "1", "--progress", "2", "-c", "kari")
    ok("review", "-c", "kari", "--words", "A good week")
    day[0] = dt.date(2026, 11, 26)
    return home


def test_caseload_is_on_the_quick_path():
    assert quick.parse(quick.QUICK["caseload"], ["--json"], {}) == {"as_json": True}


def test_the_table_says_what_is_due_gently(caseload):
    out = ok("caseload")
    lines = out.splitlines()
    assert lines[0].split() == [
        "Handle", "Coordinator", "Revise", "plan", "by", "Crisis", "plan", "by", "Last",
        "review", "Last", "check-in", "Actions", "past", "date", "Name",
    ]  # fmt: skip
    kari = next(line for line in lines if line.startswith("kari"))
    assert "Wenche" in kari
    assert "2027-02-01" in kari and "2027-02-01 (due)" not in kari
    assert "2026-11-02 (due)" in kari
    assert "3 weeks ago" in kari
    assert kari.rstrip().endswith("Kari")
    ola = next(line for line in lines if line.startswith("ola"))
    assert ola.count("not yet") == 2  # no review, no check-in
    assert not any(line.startswith("per") for line in lines)  # archived
    for word in ("overdue", "late", "failed", "!"):
        assert word not in out.lower()


def test_json_is_a_list_one_object_per_client(caseload):
    rows = as_json("caseload")
    assert [row["handle"] for row in rows] == ["kari", "ola"]
    kari, ola = rows
    assert kari["name"] == "Kari" and kari["coordinator"] == "Wenche"
    assert kari["revise_by"] == "2027-02-01" and kari["revise_due"] is False
    assert kari["crisis_revise_by"] == "2026-11-02" and kari["crisis_due"] is True
    assert kari["last_checkin"] == "2026-11-05" and kari["weeks_since_checkin"] == 3
    assert kari["actions_past_date"] == 1
    assert kari["readable"] is True and kari["problem"] is None
    assert ola["coordinator"] is None and ola["last_review"] is None
    assert ola["last_checkin"] is None and ola["actions_past_date"] == 0
    assert "head" not in kari and "due" not in kari and "file" not in kari


def test_the_last_review_is_the_newest_held_to_the_end(caseload, day):
    assert as_json("caseload")[0]["last_review"] is None  # W45 was started, not finished
    store = Store(caseload)
    with store.plan("kari", write=True) as plan:
        plan.record_review("2026-W45", stage="done")
        plan.open_review()  # this week's, started only
    assert as_json("caseload")[0]["last_review"] == "2026-W45"


def test_the_frozen_day_decides_weeks_since(caseload, day):
    day[0] = dt.date(2026, 11, 8)
    assert as_json("caseload")[0]["weeks_since_checkin"] == 0
    assert "under a week ago" in ok("caseload")
    day[0] = dt.date(2026, 11, 20)
    assert as_json("caseload")[0]["weeks_since_checkin"] == 2
    assert "2 weeks ago" in ok("caseload")
    day[0] = dt.date(2026, 10, 25)
    assert as_json("caseload")[0]["crisis_due"] is False


def test_a_plan_that_cant_be_read_is_said_and_the_list_goes_on(caseload):
    store = Store(caseload)
    store.plan_file("ola").write_bytes(b'{"client": {')
    result = run("caseload")
    assert result.exit_code == 0
    assert "The plan of ola can't be read" in result.stderr
    ola = next(line for line in result.stdout.splitlines() if line.startswith("ola"))
    assert "can't be read just now; see recovery doctor" in ola
    assert any(line.startswith("kari") for line in result.stdout.splitlines())
    result = run("caseload", "--json")
    rows = json.loads(result.stdout)
    assert [row["readable"] for row in rows] == [True, False]
    assert "can't be read" in rows[1]["problem"] and rows[1]["actions_past_date"] is None


def test_an_empty_store(home):
    assert "No clients yet" in ok("caseload")
    assert as_json("caseload") == []
    assert not home.exists()  # reading creates nothing


def test_a_store_from_before_the_summaries_is_read_and_then_kept(caseload):
    index = caseload / "caseload.json"
    data = json.loads(index.read_text())
    for entry in data["clients"].values():
        entry.pop("due", None)
    index.write_text(json.dumps(data))
    first = as_json("caseload")
    assert "due" in next(iter(json.loads(index.read_text())["clients"].values()))
    assert as_json("caseload") == first
