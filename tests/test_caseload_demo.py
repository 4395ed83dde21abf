"""`recovery demo --clients N --weeks W`: a fictional caseload, and the cost of one command.

No timing here (that is benchmarks/run.py). What is checked: the caseload is the same for
the same seed, has what was asked for, and is in the shape the store checks; and, as the
structural form of "the cost does not grow with the caseload", a command for one client
reads the index and that client's file, and nothing else, however many clients there are.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import recoverytui.cli
from recoverytui.cli.app import app
from recoverytui.core import dates, storage
from recoverytui.core.caseload_demo import create_caseload
from recoverytui.core.demo import create_demo
from recoverytui.core.errors import InvalidInput
from recoverytui.core.schema import first_problem
from recoverytui.core.store import Store
from recoverytui.core.weekly import BeforePlan, build_week_report, plan_began

recoverytui.cli.load_all()  # every command registered on the app
runner = CliRunner()
TODAY = dt.date(2026, 11, 27)
# The change history's entries carry ids, time stamps and hashes of them too.
VOLATILE = {"id", "client_id", "goal_id", "created", "updated", "file"} | {
    "doc", "when", "prev", "hash"
}  # fmt: skip


def _stable(value: Any) -> Any:
    """A plan without what differs between runs: ids and time stamps."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _plans(home: Path) -> dict[str, Any]:
    store = Store(home)
    plans = {}
    for entry in store.clients():
        data = storage.read_plan_file(store.clients_dir / entry["file"])
        plans[entry["handle"]] = {
            table: sorted((_stable(doc) for doc in docs.values()), key=json.dumps)
            for table, docs in data.items()
        }
    return plans


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("caseload")
    create_caseload(Store(home), clients=4, weeks=30, seed=7, today=TODAY)
    return home


def test_same_seed_same_caseload(caseload: Path, tmp_path: Path) -> None:
    create_caseload(Store(tmp_path), clients=4, weeks=30, seed=7, today=TODAY)
    assert _plans(tmp_path) == _plans(caseload)


def test_another_seed_another_caseload(caseload: Path, tmp_path: Path) -> None:
    create_caseload(Store(tmp_path), clients=4, weeks=30, seed=8, today=TODAY)
    assert _plans(tmp_path) != _plans(caseload)


def test_clients_weeks_and_shape(caseload: Path) -> None:
    store = Store(caseload)
    entries = store.clients()
    handles = [entry["handle"] for entry in entries]
    assert len(entries) == 4 and len(set(handles)) == 4
    start = TODAY - dt.timedelta(weeks=30, days=TODAY.weekday())
    for entry in entries:
        data = storage.read_plan_file(store.clients_dir / entry["file"])  # the store's check
        assert first_problem(data) is None
        client = next(iter(data["client"].values()))
        assert client["demo"] is True and " " not in client["name"]  # a first name only
        days = {doc["date"] for doc in data["checkins"].values()}
        assert days and min(days) >= start.isoformat() and max(days) <= TODAY.isoformat()
        weeks = {dt.date.fromisoformat(day).isocalendar()[:2] for day in days}
        assert 10 <= len(weeks) <= 31  # most weeks have check-ins, some have none
        assert any(doc["note"] for doc in data["checkins"].values())
        assert data["goals"] and data["dreams"] and data["reviews"]
        assert data["areas"] and all(area["history"] for area in data["areas"].values())
        assert any(item["history"] for item in data["needs"].values())


def test_most_have_a_crisis_plan_and_some_are_due(tmp_path: Path) -> None:
    store = Store(tmp_path)
    create_caseload(store, clients=20, weeks=30, seed=7, today=TODAY)
    plans = []
    for entry in store.clients():
        with store.plan(entry["handle"]) as plan:
            plans.append((plan.crisis(), plan.reviews()))
    kept = [crisis for crisis, _reviews in plans if crisis["id"] is not None]
    assert 12 <= len(kept) < 20
    assert all(crisis["signs"] and crisis["contacts"] for crisis in kept)
    assert all(c["phone"].startswith("1") for crisis in kept for c in crisis["contacts"])
    due = [crisis for crisis in kept if crisis["revise_by"] <= TODAY.isoformat()]
    assert 0 < len(due) < len(kept)
    assert any(review["signs"] for _crisis, reviews in plans for review in reviews)


def test_handles_stay_unique_past_the_list_of_names(tmp_path: Path) -> None:
    made = create_caseload(Store(tmp_path), clients=60, weeks=1, seed=1, today=TODAY)
    handles = [client["handle"] for client in made]
    assert len(set(handles)) == 60
    assert "aksel-2" in handles


def test_a_caseload_goes_into_an_empty_store_only(caseload: Path) -> None:
    with pytest.raises(InvalidInput):
        create_caseload(Store(caseload), clients=1, weeks=1)


def test_demo_command_makes_a_caseload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERY_HOME", str(tmp_path / "home"))
    result = runner.invoke(app, ["demo", "--clients", "3", "--weeks", "8", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3
    again = runner.invoke(app, ["demo", "--clients", "3", "--weeks", "8"])
    assert again.exit_code == 2  # not into a store that has clients


# The cost does not grow with the caseload --------------------------------------------------


@pytest.mark.parametrize("clients", [2, 20])
@pytest.mark.parametrize(
    "args",
    [
        ("goals", "--json"),
        ("add-goal", "Water the plants", "--json"),
        ("check-in", "1", "--progress", "2", "--json"),
        ("client", "show", "--json"),
    ],
    ids=" ".join,
)
def test_a_command_reads_the_index_and_one_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clients: int, args: tuple[str, ...]
) -> None:
    home = tmp_path / "home"
    made = create_caseload(Store(home), clients=clients, weeks=4, seed=3)
    handle = made[clients // 2]["handle"]
    read: list[str] = []
    real = storage.read_store_bytes  # every read of a store file goes through it

    def counting(path: Path) -> bytes:
        read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(storage, "read_store_bytes", counting)
    monkeypatch.setenv("RECOVERY_HOME", str(home))
    monkeypatch.delenv("RECOVERY_CLIENT", raising=False)
    result = runner.invoke(app, [*args, "-c", handle])
    assert result.exit_code == 0, result.output
    mine = f"{made[clients // 2]['id']}.json"
    assert set(read) == {"caseload.json", mine}, read
    assert read.count(mine) == 1


# An honest history -------------------------------------------------------------------------


def _out_of_order(whole: dict[str, Any]) -> list[str]:
    """Anything dated before what it belongs to: a goal before the dream it serves, a step or
    check-in before its goal, a ladder move before its area, a need's changes out of order."""
    found = []
    written = {dream["number"]: dream["created"][:10] for dream in whole["dreams"]}
    added = {goal["id"]: goal["history"][0]["date"] for goal in whole["goals"]}
    for goal in whole["goals"]:
        since = added[goal["id"]]
        if goal["dream"] is not None and written[goal["dream"]] > since:
            found.append(f"goal {goal['number']} serves dream {goal['dream']} before it")
        if any(e["date"] < since for e in goal["history"]):
            found.append(f"goal {goal['number']}: a status before it was added")
        if any(step["done"] and step["done"] < since for step in goal["steps"]):
            found.append(f"goal {goal['number']}: a step done before it was added")
    for checkin in whole["checkins"]:
        if checkin["date"] < added[checkin["goal_id"]]:
            found.append(f"a check-in on {checkin['date']} before its goal")
    for area in whole["areas"]:
        days = [entry["date"] for entry in area["history"]]
        if area["history"][0]["move"] != "start" or days != sorted(days):
            found.append(f"area {area['number']}: a move before its start")
    for item in whole["needs"]:
        days = [change["date"] for change in item["history"]]
        if days != sorted(days):
            found.append(f"need {item['number']}: changes out of order")
    return found


@pytest.fixture(scope="module")
def full_caseload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The caseload `recovery demo --clients 50 --weeks 156` makes."""
    home = tmp_path_factory.mktemp("full")
    create_caseload(Store(home), clients=50, weeks=156, today=TODAY)
    return home


def test_every_sheet_of_the_last_twelve_weeks_lists_the_dreams_its_goals_serve(
    full_caseload: Path,
) -> None:
    store = Store(full_caseload)
    weeks = [dates.week_key(TODAY - dt.timedelta(weeks=n)) for n in range(12)]
    named = 0
    for entry in store.clients():
        with store.plan(entry["handle"]) as plan:
            assert _out_of_order(plan.whole()) == [], entry["handle"]
            serves = {goal["number"]: goal["dream"] for goal in plan.goals()}
            for week in weeks:
                sheet = build_week_report(plan, week, today=TODAY)
                listed = {dream.number for dream in sheet.dreams}
                for goal in sheet.goals:
                    # Named as stored (the sheet hides none), and listed on the same sheet.
                    assert goal.dream == serves[goal.number], (entry["handle"], week)
                    assert goal.dream is None or goal.dream in listed, (entry["handle"], week)
                    named += goal.dream is not None
    assert named > 500  # most clients have goals serving a dream, week after week


def test_the_demo_clients_weeks_are_in_order_from_the_week_its_plan_began(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dates, "now_iso", lambda: f"{TODAY.isoformat()}T10:00:00+01:00")
    store = Store(tmp_path)
    create_demo(store, today=TODAY)
    with store.plan("demo") as plan:
        whole = plan.whole()
        assert _out_of_order(whole) == []
        began = plan_began(whole, TODAY)
        assert began == TODAY - dt.timedelta(weeks=12)  # the individual plan's start
        with pytest.raises(BeforePlan):
            build_week_report(plan, dates.week_key(began - dt.timedelta(weeks=1)), today=TODAY)
        serves = {goal["number"]: goal["dream"] for goal in plan.goals()}
        for n in range(13):
            sheet = build_week_report(
                plan, dates.week_key(began + dt.timedelta(weeks=n)), today=TODAY
            )
            listed = {dream.number for dream in sheet.dreams}
            assert listed >= {1, 2}  # written down the day the plan began
            assert (3 in listed) == (n >= 7)  # the third, five weeks back
            for goal in sheet.goals:
                assert goal.dream == serves[goal.number] and goal.dream in listed | {None}
