"""The store under real processes: concurrent writers, kill -9 mid-write, damaged files.

Every test runs in its own $RECOVERY_HOME under tmp_path. Writers are separate Python
processes (a small helper script that calls the core API, or the real `recovery` command),
so the inter-process lock, the atomic replace and the refusal of damaged files are
exercised the way a worker's laptop exercises them: the TUI and a terminal at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from process_support import (
    TIMEOUT,
    child_env,
    kill_after_acks,
    recovery,
    recovery_executable,
    recovery_json,
)
from recoverytui.core.store import Store

pytestmark = pytest.mark.slow


# A writer in a fresh interpreter. It waits for one line on stdin so that all writers
# start together, then writes through the core API and prints one acknowledgement line,
# flushed, only after each transaction has returned (committed and unlocked).
WORKER = r"""
import datetime as dt
import itertools
import sys

from recoverytui.core.store import Store

kind, handle, tag, count, start = sys.argv[1:6]
store = Store()


def ack(*words):
    # One write of one whole line: a line cut short by the kill is no acknowledgement.
    sys.stdout.write(" ".join(["ack", *map(str, words)]) + "\n")
    sys.stdout.flush()


sys.stdin.readline()
for i in itertools.count() if count == "forever" else range(int(count)):
    if kind == "goal":
        with store.plan(handle, write=True) as plan:
            doc = plan.add_goal(f"{tag}-{i}", steps=[f"{tag}-{i} step {n} " * 8 for n in (1, 2)])
        ack(doc["number"], doc["title"])
    elif kind == "checkin":
        day = dt.date.today() - dt.timedelta(days=int(start) + i)
        with store.plan(handle, write=True) as plan:
            doc = plan.check_in(1, i % 5, note=f"{tag}-{i}", on=day)
        ack(doc["date"], doc["note"])
    elif kind == "client":
        doc = store.add_client(f"{tag} {i}")
        ack(doc["handle"], doc["id"])
    else:
        raise SystemExit(f"unknown kind {kind}")
"""


# Helpers ---------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    path.mkdir(mode=0o700)
    return path


@pytest.fixture
def worker(tmp_path: Path) -> Path:
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    return script


def start_workers(
    home: Path, worker: Path, jobs: list[tuple[str, str, str, int | str, int]]
) -> list[subprocess.Popen[str]]:
    """Start one process per job, then release them all at once."""
    procs = [
        subprocess.Popen(
            [sys.executable, str(worker), kind, handle, tag, str(count), str(start)],
            env=child_env(home),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kind, handle, tag, count, start in jobs
    ]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    return procs


def finish(procs: list[subprocess.Popen[str]]) -> list[list[list[str]]]:
    """Wait for every worker; return each one's acknowledgement lines, split into words."""
    acks = []
    for proc in procs:
        out, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0, err
        acks.append([line.split(" ", 2) for line in out.splitlines()])
    return acks


def stored_goals(home: Path, handle: str) -> list[dict[str, Any]]:
    with Store(home).plan(handle) as plan:
        return plan.goals()


def assert_goals_complete(goals: list[dict[str, Any]], titles: set[str]) -> None:
    numbers = [goal["number"] for goal in goals]
    assert sorted(numbers) == list(range(1, len(titles) + 1)), "numbers must be 1..N, no gaps"
    assert len(set(numbers)) == len(numbers), "no number given twice"
    assert {goal["title"] for goal in goals} == titles
    assert len(goals) == len(titles), "no goal written twice"
    assert len({goal["id"] for goal in goals}) == len(goals)


# Concurrent writers ----------------------------------------------------------------------


def test_four_processes_adding_goals_to_one_client(home: Path, worker: Path) -> None:
    store = Store(home)
    client = store.add_client("Kari", handle="kari")
    procs = start_workers(home, worker, [("goal", "kari", f"w{n}", 25, 0) for n in range(4)])
    acks = finish(procs)

    goals = stored_goals(home, "kari")
    titles = {f"w{n}-{i}" for n in range(4) for i in range(25)}
    assert_goals_complete(goals, titles)
    assert all(goal["client_id"] == client["id"] for goal in goals)
    # What each writer was told is what was kept, and each saw its own numbers grow.
    by_title = {goal["title"]: goal["number"] for goal in goals}
    for lines in acks:
        assert len(lines) == 25
        numbers = [int(number) for _, number, _ in lines]
        assert numbers == sorted(numbers)
        assert all(by_title[title] == int(number) for _, number, title in lines)
    # The counter was kept with the data: the next goal continues the sequence.
    assert recovery_json(home, "add-goal", "after the rush", "-c", "kari")["number"] == 101


def test_processes_writing_to_two_clients_at_once(home: Path, worker: Path) -> None:
    store = Store(home)
    ids = {
        handle: store.add_client(handle.title(), handle=handle)["id"] for handle in ("ada", "bo")
    }
    jobs = [("goal", handle, f"{handle}{n}", 25, 0) for handle in ("ada", "bo") for n in range(2)]
    finish(start_workers(home, worker, jobs))

    for handle in ("ada", "bo"):
        goals = stored_goals(home, handle)
        assert_goals_complete(goals, {f"{handle}{n}-{i}" for n in range(2) for i in range(25)})
        assert all(goal["client_id"] == ids[handle] for goal in goals)


def test_concurrent_recovery_commands(home: Path) -> None:
    """24 real `recovery add-goal` processes at once, on two clients."""
    store = Store(home)
    for handle in ("ada", "bo"):
        store.add_client(handle.title(), handle=handle)
    env = child_env(home)
    procs = {
        (handle, n): subprocess.Popen(
            [recovery_executable(), "add-goal", f"{handle} goal {n}", "-c", handle, "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(12)
        for handle in ("ada", "bo")
    }
    printed: dict[str, dict[str, int]] = {"ada": {}, "bo": {}}
    for (handle, _n), proc in procs.items():
        out, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0, err
        doc = json.loads(out)
        printed[handle][doc["title"]] = doc["number"]

    for handle in ("ada", "bo"):
        listed = recovery_json(home, "goals", "-c", handle, "--all")
        assert_goals_complete(listed, {f"{handle} goal {n}" for n in range(12)})
        assert {goal["title"]: goal["number"] for goal in listed} == printed[handle]


def test_processes_adding_clients_at_once(home: Path, worker: Path) -> None:
    """The caseload index under contention: every client kept, every handle unique."""
    Store(home).add_client("Anna")  # the index exists; its first creation is tested below
    finish(start_workers(home, worker, [("client", "-", "Kari", 4, 0) for _ in range(6)]))

    clients = [c for c in Store(home).clients() if c["handle"] != "anna"]
    assert len(clients) == 24
    assert {c["handle"] for c in clients} == {"kari"} | {f"kari-{n}" for n in range(2, 25)}
    listed = recovery_json(home, "client", "list")
    assert sorted(c["id"] for c in listed if c["handle"] != "anna") == sorted(
        c["id"] for c in clients
    )
    for client in clients:
        with Store(home).plan(client["id"]) as plan:
            assert plan.client["handle"] == client["handle"]


@pytest.mark.parametrize("command", [("client", "add", "Ola"), ("client", "list", "--json")])
def test_first_client_being_added_is_not_mistaken_for_damage(
    home: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """On a fresh store, the first `client add` writes the client's plan file and then the
    index, holding the index lock throughout. A second command that arrives in between
    must wait for that lock, not report "index missing, but client plans are there"."""
    finished = Store(tmp_path / "finished")  # what the first command is about to leave
    kari = finished.add_client("Kari", handle="kari")
    lock = os.open(home / "caseload.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first command, mid-way: plan written, no index
        (home / "clients").mkdir(mode=0o700)
        shutil.copy2(finished.client_path(kari["id"]), home / "clients")
        second = subprocess.Popen(
            [recovery_executable(), *command],
            env=child_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            second.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass  # waiting for the lock, as it should
        else:
            pytest.fail(
                f"`recovery {' '.join(command)}` did not wait for the index lock: "
                f"exit {second.returncode}, {second.stderr.read().strip()}"
            )
        shutil.copy2(finished.index_path, home)  # the first command commits the index
    finally:
        os.close(lock)  # and lets go of the lock
    out, err = second.communicate(timeout=TIMEOUT)
    assert second.returncode == 0, err
    assert "kari" in {c["handle"] for c in recovery_json(home, "client", "list")}
    if command[1] == "list":
        assert [c["handle"] for c in json.loads(out)] == ["kari"]


# kill -9 in the middle of writing ----------------------------------------------------------


def kill_round(
    home: Path, worker: Path, rng: random.Random, kind: str, handle: str, tag: str, start: int
) -> list[list[str]]:
    """Start a writer, let it acknowledge some writes, SIGKILL it at a random moment."""
    (proc,) = start_workers(home, worker, [(kind, handle, tag, "forever", start)])
    count = rng.randint(8, 30)
    pause = rng.choice([0.0, rng.uniform(0, 0.002), rng.uniform(0, 0.01)])
    return kill_after_acks(proc, count, pause)


def test_sigkill_mid_write_loses_no_acknowledged_write(home: Path, worker: Path) -> None:
    seed = int(os.environ.get("RECOVERY_TEST_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    store = Store(home)
    kari = store.add_client("Kari", handle="kari")["id"]
    with store.plan("kari", write=True) as plan:
        plan.add_goal("the goal that check-ins are for")

    acked_goals: set[str] = set()
    acked_checkins: dict[str, str] = {}  # date -> note
    acked_clients: set[str] = set()
    extra_goals: set[str] = set()  # committed just before the kill, not yet acknowledged
    start = 0
    writes = 0
    rounds = {"goal": 0, "checkin": 0, "client": 0}
    mid_write_kills = 0
    for round_no in range(18):
        kind = ("goal", "checkin", "client")[round_no % 3]
        tag = f"r{round_no}"
        temps_before = {(p, p.stat().st_ino) for p in home.rglob(".*.tmp")}
        lines = kill_round(home, worker, rng, kind, "kari", tag, start)
        rounds[kind] += 1
        writes += len(lines)
        # A new temp file means the kill landed between writing it and renaming it.
        mid_write_kills += bool({(p, p.stat().st_ino) for p in home.rglob(".*.tmp")} - temps_before)
        context = f"round {round_no} ({kind}), seed {seed}"

        # The store still opens, through the real command, and parses.
        goals = recovery_json(home, "goals", "-c", "kari")
        assert isinstance(goals, list), context
        titles = {goal["title"] for goal in goals}

        if kind == "goal":
            acked_goals |= {title for _, _, title in lines}
            maybe = f"{tag}-{len(lines)}"  # the write that was in flight
            if maybe in titles:
                extra_goals.add(maybe)
        assert acked_goals <= titles, context
        # Nothing beyond the one write that was in flight when the kill came.
        assert titles - acked_goals - extra_goals == {"the goal that check-ins are for"}, context
        assert sorted(goal["number"] for goal in goals) == list(range(1, len(goals) + 1)), context

        checkins = recovery_json(home, "check-ins", "-c", "kari")
        stored_checkins = {c["date"]: c["note"] for c in checkins}
        if kind == "checkin":
            acked_checkins |= {date: note for _, date, note in lines}
            start += len(lines) + 1  # the next round never reuses a day, even the in-flight one
        assert acked_checkins.items() <= stored_checkins.items(), context
        assert len(stored_checkins) - len(acked_checkins) <= rounds["checkin"], context

        clients = recovery_json(home, "client", "list")
        if kind == "client":
            acked_clients |= {client_id for _, _, client_id in lines}
        listed = {client["id"] for client in clients}
        assert acked_clients <= listed, context
        assert len(listed - acked_clients - {kari}) <= rounds["client"], context
        # Every client the index names has a plan file that opens.
        for client_id in listed:
            with Store(home).plan(client_id) as plan:
                assert plan.client["id"] == client_id, context

    assert writes >= 200, f"only {writes} acknowledged writes; the test should make a few hundred"
    # Whatever temp files the kills left behind, the next writes go through.
    added = recovery_json(home, "add-goal", "after the kills", "-c", "kari")
    assert added["number"] == len(acked_goals) + len(extra_goals) + 2
    assert recovery(home, "client", "add", "After").returncode == 0
    print(f"{writes} acknowledged writes, {mid_write_kills}/18 kills mid-write, seed {seed}")


def _leave_stale_temp_files(store: Store, plan_file: Path) -> None:
    """What a writer killed between writing its temp file and renaming it leaves behind."""
    for target in (plan_file, store.index_path):
        temp = target.with_name(f".{target.name}.tmp")
        temp.write_bytes(target.read_bytes()[: target.stat().st_size // 2])


def test_leftover_temp_files_do_not_break_the_next_write(home: Path) -> None:
    store = Store(home)
    client = store.add_client("Kari", handle="kari")
    _leave_stale_temp_files(store, store.client_path(client["id"]))

    assert recovery_json(home, "add-goal", "first after the crash", "-c", "kari")["number"] == 1
    assert recovery_json(home, "client", "add", "Ola")["handle"] == "ola"
    assert [g["title"] for g in recovery_json(home, "goals", "-c", "kari")] == [
        "first after the crash"
    ]
    assert {c["handle"] for c in recovery_json(home, "client", "list")} == {"kari", "ola"}


def test_files_stay_private_when_a_stale_temp_file_is_not(home: Path) -> None:
    """A stale temp file with wider permissions (left by a copy or restore tool) must not
    hand those permissions on to the plan: the store's files are 0600, always."""
    store = Store(home)
    plan_file = store.client_path(store.add_client("Kari", handle="kari")["id"])
    _leave_stale_temp_files(store, plan_file)
    for temp in home.rglob(".*.tmp"):
        temp.chmod(0o644)

    assert recovery(home, "add-goal", "first after the crash", "-c", "kari").returncode == 0
    assert recovery(home, "client", "add", "Ola").returncode == 0
    modes = {path.name: oct(path.stat().st_mode & 0o777) for path in (plan_file, store.index_path)}
    assert modes == {plan_file.name: "0o600", store.index_path.name: "0o600"}


# Damaged files are refused and left exactly as they were ----------------------------------


def _without_meta(data: dict[str, Any]) -> bytes:
    return json.dumps({k: v for k, v in data.items() if k != "meta"}).encode()


def _newer_schema(data: dict[str, Any]) -> bytes:
    meta = {key: {**doc, "schema": 99} for key, doc in data["meta"].items()}
    return json.dumps({**data, "meta": meta}).encode()


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda raw: b"",
    "whitespace": lambda raw: b"  \n",
    "null": lambda raw: b"null",
    "garbage": lambda raw: b"this is not JSON {at all",
    "binary": lambda raw: b"\xff\xfe\x00\x1b]0;x\x07\x9b not utf-8",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "list": lambda raw: json.dumps([json.loads(raw)]).encode(),
    "tables-not-objects": lambda raw: b'{"meta": {"1": {"schema": 1}}, "goals": [1, 2]}',
    "no-schema": lambda raw: _without_meta(json.loads(raw)),
    "newer-schema": lambda raw: _newer_schema(json.loads(raw)),
}

SAYS = {
    "newer-schema": "newer recoverytui (schema 99)",
    "empty": "empty",
    "null": "does not hold recoverytui data",
}


def snapshot(home: Path) -> dict[str, tuple[bytes, int, int, int]]:
    """Every data file's bytes, mtime, inode and mode (lock files aside)."""
    return {
        str(path.relative_to(home)): (
            path.read_bytes(),
            path.stat().st_mtime_ns,
            path.stat().st_ino,
            path.stat().st_mode,
        )
        for path in sorted(home.rglob("*"))
        if path.is_file() and path.suffix != ".lock"
    }


def assert_refused(home: Path, file: Path, *args: str, says: str = "") -> None:
    before = snapshot(home)
    result = recovery(home, *args)
    assert result.returncode == 2, (args, result.returncode, result.stdout, result.stderr)
    message = result.stderr.strip()
    assert "Traceback" not in result.stderr
    assert "\n" not in message, f"one line, not: {result.stderr!r}"
    assert message.startswith("recovery: "), message
    assert file.name in message, f"the message should name {file.name}: {message}"
    assert says in message, message
    assert result.stdout == ""
    assert snapshot(home) == before, f"{args} changed the store"


@pytest.fixture
def kari_store(home: Path) -> tuple[Store, Path]:
    store = Store(home)
    client = store.add_client("Kari", handle="kari")
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Open the post every Monday")
    return store, store.client_path(client["id"])


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_plan_file_is_refused_and_left_alone(
    kari_store: tuple[Store, Path], damage: str
) -> None:
    store, plan_file = kari_store
    plan_file.write_bytes(DAMAGE[damage](plan_file.read_bytes()))
    for args in (
        ("goals", "-c", "kari"),
        ("add-goal", "X", "-c", "kari"),
        ("client", "show", "-c", "kari", "--json"),
    ):
        assert_refused(store.home, plan_file, *args, says=SAYS.get(damage, ""))


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_index_is_refused_and_left_alone(
    kari_store: tuple[Store, Path], damage: str
) -> None:
    store, _plan_file = kari_store
    index = store.index_path
    index.write_bytes(DAMAGE[damage](index.read_bytes()))
    for args in (
        ("client", "list"),
        ("client", "add", "Y"),
        ("goals", "-c", "kari"),
        ("add-goal", "X", "-c", "kari"),
    ):
        assert_refused(store.home, index, *args, says=SAYS.get(damage, ""))


def test_missing_index_with_plans_present_is_refused(kari_store: tuple[Store, Path]) -> None:
    store, _plan_file = kari_store
    store.index_path.unlink()
    for args in (("client", "list"), ("client", "add", "Y"), ("goals", "-c", "kari")):
        assert_refused(store.home, store.index_path, *args, says="missing")
    assert not store.index_path.exists(), "a fresh, empty index would hide every client"


def test_missing_plan_file_is_refused_not_recreated(kari_store: tuple[Store, Path]) -> None:
    store, plan_file = kari_store
    plan_file.unlink()
    for args in (("goals", "-c", "kari"), ("add-goal", "X", "-c", "kari")):
        assert_refused(store.home, plan_file, *args, says="missing")
    assert not plan_file.exists()
