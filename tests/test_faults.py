"""Proof under faults, with real processes: kill -9 during every kind of write, many writers
at once, damaged files of every kind, a full disk, a file too large to be a plan, and a crash.

The kill tests in test_processes.py kill core-API writers that add goals, check-ins and
clients. These add what they leave out: writers that mix every kind of plan write (ladder
moves, need ratings, steps, status notes), and real `recovery` commands killed mid-way.

Every write leaves a unique trace (r3-17: round 3, write 17) somewhere in the plan: a title,
a note, a ladder move, a need's history. After each kill, a fresh process reads the store;
every acknowledged trace must be there, and nothing but acknowledged traces and the one
write in flight.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
from recoverytui.core import backup, storage
from recoverytui.core.storage import SCHEMA_VERSION, read_plan_file
from recoverytui.core.store import Store

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("RECOVERY_TEST_SEED") or random.randrange(2**32))
TRACE = re.compile(r"\br\d+-\d+\b")

# A writer in a fresh interpreter that mixes every kind of plan write. It waits for one line
# on stdin, then writes through the core API and prints "ack <trace>", flushed, only after
# each transaction has returned (committed and unlocked).
MIXED = r"""
import datetime as dt
import itertools
import random
import sys

from recoverytui.core.store import Store

handle, tag, count, start, seed = sys.argv[1:6]
rng = random.Random(int(seed))
store = Store()
OPS = ("goal", "dream", "checkin", "move", "need", "step", "status")


def ack(trace):
    # One write of one whole line: a line cut short by the kill is no acknowledgement.
    sys.stdout.write(f"ack {trace}\n")
    sys.stdout.flush()


sys.stdin.readline()
for i in itertools.count() if count == "forever" else range(int(count)):
    trace = f"{tag}-{i}"
    op = rng.choice(OPS)
    with store.plan(handle, write=True) as plan:
        if op == "goal":
            plan.add_goal(f"{trace} goal", steps=[f"{trace} step {n} " * 6 for n in (1, 2)])
        elif op == "dream":
            plan.add_dream(f"{trace} dream " * 10)
        elif op == "checkin":
            day = dt.date.today() - dt.timedelta(days=int(start) + i)
            plan.check_in(1, i % 5, note=f"{trace} check-in", on=day)
        elif op == "move":
            area = plan.area(1)
            up = area["step"] == 1 or (area["step"] < 5 and rng.random() < 0.5)
            (plan.step_up if up else plan.step_back)(1, note=f"{trace} move")
        elif op == "need":
            plan.rate_need(1 + i % 8, action=f"{trace} action", worker_says="partly")
        elif op == "step":
            plan.add_step(1, f"{trace} step")
        else:
            status = "paused" if plan.goal(2)["status"] == "active" else "active"
            plan.set_goal_status(2, status, note=f"{trace} status")
    ack(trace)
"""


# Helpers ---------------------------------------------------------------------------------


def digest(folder: Path) -> dict[str, str | None]:
    """Every path under the folder (lock files, backups and folders too), with each file's
    sha256: equal digests mean not a byte changed, nothing added, nothing removed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else None
        for p in sorted(folder.rglob("*"))
    }


def all_files_open(home: Path, context: str) -> None:
    """The index, every plan and every copy in backups/ open (a killed writer's temp file
    may be left: it is never read, and the doctor names it)."""
    copies = [p for p in home.glob("backups/*/*") if not p.name.endswith(".tmp")]
    for path in [home / "caseload.json", *home.glob("clients/*.json"), *copies]:
        try:
            read_plan_file(path)
        except Exception as error:  # pragma: no cover - a failure message
            raise AssertionError(f"{path} does not open: {error}; {context}") from None


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    path.mkdir(mode=0o700)
    return path


def kari_with_a_plan(home: Path) -> Store:
    """Kari, with the goals, the area and the needs the mixed writer works on."""
    store = Store(home)
    store.add_client("Kari", handle="kari")
    with store.plan("kari", write=True) as plan:
        plan.add_goal("the goal that check-ins are for")
        plan.add_goal("the goal that is paused and resumed")
        plan.add_area("Paying rent", step=3)
    return store


def traces_in(home: Path, handle: str) -> tuple[set[str], dict[str, Any]]:
    """Every trace in the client's whole plan, read by a fresh `recovery` process."""
    whole = recovery_json(home, "client", "show", "-c", handle)
    return set(TRACE.findall(json.dumps(whole))), whole


def check_plan_invariants(whole: dict[str, Any], context: str) -> None:
    for kind in ("goals", "dreams", "areas", "needs"):
        numbers = sorted(doc["number"] for doc in whole[kind])
        assert numbers == list(range(1, len(numbers) + 1)), (context, kind, numbers)
    for area in whole["areas"]:
        moves = [h for h in area["history"] if h["move"] in ("start", "up", "back")]
        assert area["step"] == moves[-1]["to"], (context, area)
        for before, after in itertools.pairwise(moves):
            assert after["from"] == before["to"], (context, "the ladder's chain is broken")
    for goal in whole["goals"]:
        assert goal["status"] == goal["history"][-1]["status"], (context, goal)


def start_mixed(
    home: Path, script: Path, handle: str, tag: str, count: int | str, start: int, seed: int
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(script), handle, tag, str(count), str(start), str(seed)],
        env=child_env(home),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def release(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    script = tmp_path / "mixed.py"
    script.write_text(MIXED, encoding="utf-8")
    return script


# kill -9 during every kind of write ------------------------------------------------------


def test_sigkill_during_mixed_plan_writes_loses_no_acknowledged_write(
    home: Path, mixed: Path
) -> None:
    rng = random.Random(SEED)
    kari_with_a_plan(home)
    acked: set[str] = set()
    in_flight: set[str] = set()
    start = 0
    writes = 0
    for round_no in range(8):
        tag = f"r{round_no}"
        context = f"round {round_no}, seed {SEED} (RECOVERY_TEST_SEED={SEED} repeats it)"
        proc = start_mixed(home, mixed, "kari", tag, "forever", start, rng.randrange(2**32))
        release([proc])
        count = rng.randint(20, 45)
        pause = rng.choice([0.0, rng.uniform(0, 0.003), rng.uniform(0, 0.02)])
        lines = [line[1] for line in kill_after_acks(proc, count, pause, context)]
        assert lines == [f"{tag}-{i}" for i in range(len(lines))], context
        acked |= set(lines)
        in_flight.add(f"{tag}-{len(lines)}")
        writes += len(lines)
        start += len(lines) + 1  # check-in days are never reused, even the in-flight one

        found, whole = traces_in(home, "kari")  # the store opens, in a fresh process
        missing = acked - found
        assert not missing, f"acknowledged writes lost: {sorted(missing)[:5]}; {context}"
        extra = found - acked - in_flight
        assert not extra, f"writes that were never made: {sorted(extra)[:5]}; {context}"
        check_plan_invariants(whole, context)
        all_files_open(home, context)

    print(f"{writes} acknowledged writes over 8 kills, seed {SEED}")
    assert writes >= 150, f"only {writes} acknowledged writes; seed {SEED}"
    # Whatever the kills left behind, the next write goes through and continues the numbers.
    goals = recovery_json(home, "goals", "-c", "kari", "--all")
    added = recovery_json(home, "add-goal", "after the kills", "-c", "kari")
    assert added["number"] == max(g["number"] for g in goals) + 1


def _cli_commands(tag: str, day: int) -> dict[str, tuple[str, ...]]:
    """One round's `recovery` writes, each leaving its trace, keyed by the trace."""
    # fmt: off
    return {
        f"{tag}-0": ("add-goal", f"{tag}-0 goal", "-c", "kari", "--step", f"{tag}-0 step"),
        f"{tag}-2": ("add-dream", f"{tag}-2 dream", "-c", "kari"),
        f"{tag}-3": ("check-in", "1", "-c", "kari", "-p", "2", "--date", _days_ago(day),
                     "--note", f"{tag}-3 check-in"),
        f"{tag}-4": ("need", "2", "-c", "kari", "--action", f"{tag}-4 action"),
        f"{tag}-5": ("add-goal", f"{tag}-5 goal", "-c", "ola"),
        f"{tag}-6": ("client", "add", f"Client {tag}-6"),
    }
    # fmt: on


def _days_ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def test_sigkill_of_recovery_commands_mid_write_loses_no_acknowledged_write(home: Path) -> None:
    """Real `recovery` processes, several at once, killed at random moments: a command that
    said it was done (exit 0) is kept; one that was killed is either whole or absent."""
    rng = random.Random(SEED)
    store = kari_with_a_plan(home)
    store.add_client("Ola", handle="ola")
    acked: set[str] = set()
    killed: set[str] = set()
    for round_no in range(6):
        tag = f"r{round_no}"
        context = f"round {round_no}, seed {SEED}"
        commands = _cli_commands(tag, round_no + 1)
        procs = {
            trace: subprocess.Popen(
                [recovery_executable(), *args],
                env=child_env(home),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for trace, args in commands.items()
        }
        # Python takes about 0.1 s to start and the writers queue for the lock: each one
        # is killed at its own moment, before it starts, while it writes, or after it ended.
        kills = sorted((rng.uniform(0.05, 0.8), trace) for trace in procs)
        began = time.monotonic()
        for moment, trace in kills:
            if all(proc.poll() is not None for proc in procs.values()):
                break
            time.sleep(max(0.0, began + moment - time.monotonic()))
            procs[trace].send_signal(signal.SIGKILL)  # one that has ended keeps its exit code
        for trace, proc in procs.items():
            _out, err = proc.communicate(timeout=TIMEOUT)
            if proc.returncode == 0:
                acked.add(trace)
            else:
                assert proc.returncode == -signal.SIGKILL, (context, trace, err)
                killed.add(trace)

        with ThreadPoolExecutor(max_workers=3) as pool:  # each in a fresh process
            (found, whole), (on_ola, _), clients = pool.map(
                lambda read: read(),
                [
                    lambda: traces_in(home, "kari"),
                    lambda: traces_in(home, "ola"),
                    lambda: (recovery_json(home, "client", "list"), None),
                ],
            )
        found |= on_ola
        clients = clients[0]
        found |= set(TRACE.findall(json.dumps(clients)))
        missing = acked - found
        assert not missing, f"acknowledged writes lost: {sorted(missing)}; {context}"
        assert found <= acked | killed, (sorted(found - acked - killed), context)
        check_plan_invariants(whole, context)
        for client in clients:  # every client on the list has a plan that opens
            read_plan_file(home / "clients" / f"{client['id']}.json")
        all_files_open(home, context)
    print(f"{len(acked)} `recovery` writes finished, {len(killed)} killed, seed {SEED}")
    assert len(acked) >= 8 and killed, (
        f"{len(acked)} commands finished and {len(killed)} were killed; the delays should "
        f"give both (seed {SEED})"
    )


# Many writers at once ----------------------------------------------------------------------


def test_mixed_writers_on_one_client_and_on_others_at_once_lose_nothing(
    home: Path, mixed: Path
) -> None:
    """Three processes on Kari, two on Ola, and `recovery` commands on both and on the
    caseload index, all at once: every acknowledged write is there, and only those."""
    store = kari_with_a_plan(home)
    store.add_client("Ola", handle="ola")
    with store.plan("ola", write=True) as plan:
        plan.add_goal("the goal that check-ins are for")
        plan.add_goal("the goal that is paused and resumed")
        plan.add_area("Shopping", step=2)
    jobs = [("kari", "r0", 0), ("kari", "r1", 100), ("kari", "r2", 200)]
    jobs += [("ola", "r3", 0), ("ola", "r4", 100)]
    procs = [start_mixed(home, mixed, h, tag, 25, start, SEED + n) for n, (h, tag, start) in
             enumerate(jobs)]  # fmt: skip
    release(procs)
    commands = [("add-goal", f"r5-{n} goal", "-c", ("kari", "ola")[n % 2]) for n in range(6)]
    commands += [("client", "add", f"Client r6-{n}") for n in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        finished = list(pool.map(lambda args: recovery(home, *args), commands))
    acks = []
    for proc in procs:
        out, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0, err
        acks.append(out.split())
    for args, result in zip(commands, finished, strict=True):
        assert result.returncode == 0, (args, result.stderr)

    acked = {word for lines in acks for word in lines if word != "ack"}
    assert len(acked) == 5 * 25
    kari, kari_whole = traces_in(home, "kari")
    ola, ola_whole = traces_in(home, "ola")
    assert kari == {t for t in acked if t[:2] in ("r0", "r1", "r2")} | {
        f"r5-{n}" for n in (0, 2, 4)
    }
    assert ola == {t for t in acked if t[:2] in ("r3", "r4")} | {f"r5-{n}" for n in (1, 3, 5)}
    check_plan_invariants(kari_whole, f"kari, seed {SEED}")
    check_plan_invariants(ola_whole, f"ola, seed {SEED}")
    names = {c["name"] for c in recovery_json(home, "client", "list")}
    assert names == {"Kari", "Ola"} | {f"Client r6-{n}" for n in range(4)}
    all_files_open(home, "after the writers")


# Damaged files ----------------------------------------------------------------------------


def _edit(path_data: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    data = json.loads(path_data)
    change(data)
    return json.dumps(data).encode()


def _first(data: dict[str, Any], table: str) -> dict[str, Any]:
    return next(iter(data[table].values()))


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated-half": lambda raw: raw[: len(raw) // 2],
    "truncated-last-byte": lambda raw: raw[:-1],
    "empty": lambda raw: b"",
    "not-json": lambda raw: b"<html>not a plan</html>",
    "not-utf8": lambda raw: b"\xff\xfe{\x00}",
    "schema-newer": lambda raw: _edit(
        raw, lambda d: _first(d, "meta").update(schema=SCHEMA_VERSION + 1)
    ),
    "schema-missing": lambda raw: _edit(raw, lambda d: _first(d, "meta").pop("schema")),
    "schema-a-string": lambda raw: _edit(raw, lambda d: _first(d, "meta").update(schema="1")),
    "a-table-is-a-list": lambda raw: _edit(raw, lambda d: d.update(meta=[1])),
}
# Out of the shape the program writes: only in a plan (the index has no such documents).
PLAN_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "progress-99": lambda raw: _edit(raw, lambda d: _first(d, "checkins").update(progress=99)),
    "steps-not-a-list": lambda raw: _edit(raw, lambda d: _first(d, "goals").update(steps="x")),
    "goal-without-number": lambda raw: _edit(raw, lambda d: _first(d, "goals").pop("number")),
    "unknown-status": lambda raw: _edit(raw, lambda d: _first(d, "goals").update(status="done")),
    "step-on-ladder-7": lambda raw: _edit(raw, lambda d: _first(d, "areas").update(step=7)),
}
SAYS = {
    "schema-newer": f"newer recoverytui (schema {SCHEMA_VERSION + 1})",
    "empty": "it is empty",
    "not-json": "not valid JSON",
    "schema-missing": "no schema version",
    "progress-99": "checkins, entry",
    "steps-not-a-list": "goals, entry",
}

# test_processes.py runs goals, add-goal and client show on every kind of damage; these are
# the other ways in: the printout, and writes that go through other operations.
PLAN_COMMANDS: list[tuple[str, ...]] = [
    ("report", "weekly", "-c", "kari", "--format", "md"),
    ("check-in", "1", "-c", "kari", "-p", "3", "--note", "A good week"),
    ("step-up", "1", "-c", "kari"),
]
INDEX_COMMANDS: list[tuple[str, ...]] = [
    ("client", "list", "--json"),
    ("report", "weekly", "--all", "-o", "sheets/"),
]


@pytest.fixture
def kari_store(home: Path) -> tuple[Store, Path]:
    store = Store(home)
    client = store.add_client("Kari", handle="kari")
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Open the post every Monday", steps=["Find the letters"])
        plan.check_in(1, 2, note="Did it once")
        plan.add_area("Paying rent", step=2)
    return store, store.client_path(client["id"])


def assert_all_refused(home: Path, file: Path, commands: list[tuple[str, ...]], says: str) -> None:
    work = home.parent / "work"
    work.mkdir(exist_ok=True)
    before, work_before = digest(home), digest(work)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda args: recovery(home, *args, cwd=work), commands))
    for args, result in zip(commands, results, strict=True):
        where = f"recovery {' '.join(args)}"
        assert result.returncode == 2, (where, result.returncode, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, (where, result.stderr)
        message = result.stderr.strip()
        assert "\n" not in message, f"{where}: one line, not {result.stderr!r}"
        assert message.startswith("recovery: "), (where, message)
        assert file.name in message, f"{where}: the message should name {file.name}: {message}"
        assert says in message, (where, message)
        assert result.stdout == "", (where, result.stdout)
    assert digest(home) == before, "a refused command changed, added or removed a store file"
    assert digest(work) == work_before, "a refused command wrote a printout"


@pytest.mark.parametrize("damage", [*DAMAGE, *PLAN_DAMAGE])
def test_a_damaged_plan_is_refused_by_every_command_and_left_byte_for_byte(
    kari_store: tuple[Store, Path], damage: str
) -> None:
    store, plan_file = kari_store
    plan_file.write_bytes({**DAMAGE, **PLAN_DAMAGE}[damage](plan_file.read_bytes()))
    assert_all_refused(store.home, plan_file, PLAN_COMMANDS, SAYS.get(damage, ""))


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_refused_by_every_command_and_left_byte_for_byte(
    kari_store: tuple[Store, Path], damage: str
) -> None:
    store, _plan_file = kari_store
    store.index_path.write_bytes(DAMAGE[damage](store.index_path.read_bytes()))
    assert_all_refused(store.home, store.index_path, INDEX_COMMANDS, SAYS.get(damage, ""))


# A full disk, simulated --------------------------------------------------------------------


def file_size_limit(limit: int) -> Callable[[], None]:
    """For preexec_fn: files may grow to `limit` bytes; a write past it fails with EFBIG
    (SIGXFSZ ignored, as a full disk fails with ENOSPC) instead of killing the process."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


LONG = "a goal with a long title to grow the file " * 4


def assert_write_refused(result: subprocess.CompletedProcess[str], *names: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    message = result.stderr.strip()
    assert "Traceback" not in result.stderr
    assert "\n" not in message and message.startswith("recovery: "), message
    assert "could not be saved" in message, message
    assert any(name in message for name in names), message
    assert result.stdout == ""


def test_a_full_disk_leaves_the_plan_as_it_was(kari_store: tuple[Store, Path]) -> None:
    store, plan_file = kari_store
    assert recovery(store.home, "add-goal", "first today", "-c", "kari").returncode == 0
    # Today's backup has been taken; the next write is the plan's alone.
    before = digest(store.home)
    size = plan_file.stat().st_size
    result = recovery(
        store.home, "add-goal", LONG[:199], "-c", "kari", "--step", LONG[:199],
        preexec_fn=file_size_limit(size + 64),
    )  # fmt: skip
    assert_write_refused(result, plan_file.name)
    assert "File too large" in result.stderr
    assert digest(store.home) == before, "the plan, or anything else, changed"
    assert not list(store.home.rglob("*.tmp"))

    # Room again: the next write goes through and the plan opens with it.
    added = recovery_json(store.home, "add-goal", LONG[:199], "-c", "kari")
    assert added["number"] == 3
    assert [g["number"] for g in recovery_json(store.home, "goals", "-c", "kari")] == [1, 2, 3]
    read_plan_file(plan_file)


def test_a_full_disk_during_the_daily_backup_leaves_everything_as_it_was(
    kari_store: tuple[Store, Path],
) -> None:
    store, plan_file = kari_store
    for day in (store.home / "backups").iterdir():  # the backup of today is still to be taken
        for file in day.iterdir():
            file.unlink()
    before = {k: v for k, v in digest(store.home).items() if v is not None}
    result = recovery(
        store.home, "add-goal", "X", "-c", "kari",
        preexec_fn=file_size_limit(plan_file.stat().st_size // 2),
    )  # fmt: skip
    assert_write_refused(result, plan_file.stem)  # the backup of the plan is named
    after = {k: v for k, v in digest(store.home).items() if v is not None}
    assert after == before, "a file changed or was left behind"
    assert not list(store.home.rglob("*.tmp"))
    assert recovery(store.home, "add-goal", "X", "-c", "kari").returncode == 0
    # Today's backup of the plan is taken now, once (the copy of the write is another).
    assert len(list((store.home / "backups" / plan_file.stem).glob("2*.json"))) == 1


def test_a_full_disk_while_adding_a_client_writes_nothing(home: Path) -> None:
    """The new client's plan is written before the index. If the index can't be written,
    the command is refused, and must not leave a plan behind that no index lists (the
    doctor would then report it, and a second try would make a second client)."""
    # A service's own checklists that new clients start without: a new plan stays small.
    (home / "templates").mkdir()
    (home / "templates" / "needs.txt").write_text("== economy: Economy (extra)\n- Income\n")
    store = Store(home)
    for n in range(8):  # an index larger than a new client's plan
        store.add_client(f"Client {n}", coordinator="A coordinator with a long name " * 2)
    assert recovery(home, "client", "add", "Today").returncode == 0  # the backup of today
    index_size = store.index_path.stat().st_size
    assert index_size > max(p.stat().st_size for p in home.glob("clients/*.json"))
    before = {k: v for k, v in digest(home).items() if v is not None}
    result = recovery(home, "client", "add", "Ola", preexec_fn=file_size_limit(index_size + 50))
    assert_write_refused(result, store.index_path.name)
    assert not list(home.rglob("*.tmp"))
    after = {k: v for k, v in digest(home).items() if v is not None}
    new = sorted(p for p in set(after) - set(before) if not p.endswith(".lock"))
    assert not new, f"files left by a refused `client add`: {new}"
    assert {k: v for k, v in after.items() if k in before} == before
    doctor = recovery(home, "doctor")
    assert doctor.returncode == 0, doctor.stdout


def test_a_plan_written_when_the_index_cannot_take_its_head_is_still_written(home: Path) -> None:
    """The head of the history is kept in the index after the plan is written. If the disk
    refuses that write, the plan change stands and is said to; the index stays a step
    behind, which the doctor accepts."""
    (home / "templates").mkdir()
    (home / "templates" / "needs.txt").write_text("== economy: Economy (extra)\n- Income\n")
    store = Store(home)
    for n in range(20):  # an index larger than Kari's plan
        store.add_client(f"Client {n}", coordinator="A coordinator with a long name " * 2)
    store.add_client("Kari", handle="kari")
    plan_file = store.plan_file("kari")
    assert recovery(home, "add-goal", "first", "-c", "kari").returncode == 0  # today's copies
    index_before = store.index_path.read_bytes()
    limit = plan_file.stat().st_size + 2000
    assert limit < len(index_before)
    result = recovery(home, "add-goal", "second", "-c", "kari", preexec_fn=file_size_limit(limit))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert store.index_path.read_bytes() == index_before
    assert [g["title"] for g in recovery_json(home, "goals", "-c", "kari")] == ["first", "second"]
    assert recovery(home, "doctor").returncode == 0


def test_a_full_disk_during_a_backup_leaves_no_half_made_folder(
    kari_store: tuple[Store, Path],
) -> None:
    store, plan_file = kari_store
    before = {k: v for k, v in digest(store.home).items() if v is not None}
    result = recovery(
        store.home, "backup", preexec_fn=file_size_limit(plan_file.stat().st_size // 2)
    )
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    message = result.stderr.strip()
    assert "\n" not in message and message.startswith("recovery: The backup "), message
    # The folder named is the one asked for; the half-made one is gone, so not named.
    assert plan_file.name in message and ".unfinished" not in message, message
    assert result.stdout == ""
    after = {k: v for k, v in digest(store.home).items() if v is not None}
    assert after == before, "a half-made backup, or a changed file, was left"
    assert not [p for p in (store.home / "backups").iterdir() if p.name.startswith("full-")]
    doctor = recovery(store.home, "doctor")
    assert doctor.returncode == 0, doctor.stdout


def test_a_backup_killed_half_way_is_named_by_the_doctor_and_never_restored(
    kari_store: tuple[Store, Path],
) -> None:
    """The backup waits for the plan's lock, which this test holds, so it is caught half
    made: the index copied, the plan not yet. While it runs the doctor lets it be; once it
    is killed the doctor names it, a restore refuses it, and --repair moves it aside."""
    store, plan_file = kari_store
    with storage.FileLock(plan_file.with_suffix(".lock"), exclusive=True):
        proc = subprocess.Popen(
            [recovery_executable(), "backup"],
            env=child_env(store.home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + TIMEOUT
            half: list[Path] = []
            while not half and time.monotonic() < deadline:
                half = [p for p in (store.home / "backups").glob("full-*") if p.is_dir()]
                half = [p for p in half if (p / "caseload.json").exists()]
                time.sleep(0.01)
            assert half and half[0].name.endswith(".unfinished"), half
            assert backup.unfinished_backups(store.home) == []  # being made: no problem
        finally:
            proc.kill()
            proc.wait(TIMEOUT)
            assert proc.stderr is not None
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    (folder,) = half
    doctor = recovery(store.home, "doctor", "--json")
    assert doctor.returncode == 1
    (problem,) = json.loads(doctor.stdout)["problems"]
    assert (problem["kind"], problem["file"]) == ("unfinished-backup", f"backups/{folder.name}")
    before = digest(store.home)
    refused = recovery(store.home, "restore", "--all", "--from", str(folder), "--yes")
    assert refused.returncode == 2 and "never finished" in refused.stderr
    assert digest(store.home) == before
    mended = recovery(store.home, "doctor", "--repair")
    assert mended.returncode == 0, mended.stdout
    assert not folder.exists() and list((store.home / "damaged").iterdir())
    assert recovery(store.home, "doctor").returncode == 0


# A file too large to be a plan -----------------------------------------------------------


def test_a_file_larger_than_any_plan_is_refused_unread_and_left_alone(
    kari_store: tuple[Store, Path],
) -> None:
    store, plan_file = kari_store
    plan_file.unlink()
    with open(plan_file, "wb") as sparse:
        sparse.truncate(storage.MAX_FILE_BYTES + 1)  # a hole: no disk used, but too large
    stat = plan_file.stat()
    assert_all_refused(store.home, plan_file, PLAN_COMMANDS[:2], "larger")
    after = plan_file.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ino,
    )


# Runs `recovery` with MAX_FILE_BYTES lowered, so an ordinary plan counts as too large.
SMALL_LIMIT = r"""
import sys
from recoverytui.core import storage
storage.MAX_FILE_BYTES = int(sys.argv[1])
from recoverytui.cli import main
sys.argv = ["recovery", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize("which", ["plan", "index"])
def test_a_plan_over_the_size_limit_is_refused_and_left_alone(
    kari_store: tuple[Store, Path], which: str
) -> None:
    store, plan_file = kari_store
    target = plan_file if which == "plan" else store.index_path
    limit = target.stat().st_size - 1
    before = digest(store.home)
    for args in (("goals", "-c", "kari"), ("add-goal", "X", "-c", "kari")):
        result = subprocess.run(
            [sys.executable, "-c", SMALL_LIMIT, str(limit), *args],
            env=child_env(store.home),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        message = result.stderr.strip()
        assert "\n" not in message and message.startswith("recovery: "), message
        assert target.name in message and "larger" in message, message
        assert digest(store.home) == before


# A crash prints no user data ---------------------------------------------------------------

WORDS = "Mamma ringte meg i går og jeg gråt"
PASSPHRASE = "correct-horse-battery-staple-9431"
CRASH = r"""
import sys

from recoverytui.core import goals
from recoverytui.core.plan_base import PlanBase

words, passphrase, where = sys.argv[1:4]


class CryptoGlitch(RuntimeError):
    pass


def crash(self, *args, **kwargs):
    if where == "after-insert":
        self._insert("goals", {"title": words, "status": "active", "steps": [], "history": []})
    raise CryptoGlitch(f"could not seal {words!r} with passphrase {passphrase!r}")


if where == "read":
    goals.GoalOps.goals = crash
else:
    goals.GoalOps.add_goal = crash
from recoverytui.cli import main

sys.argv = ["recovery", *sys.argv[4:]]
main()
"""


@pytest.mark.parametrize("where", ["before-write", "after-insert", "read"])
def test_a_crash_in_the_cli_prints_no_user_data_and_exits_1(
    kari_store: tuple[Store, Path], where: str
) -> None:
    store, _plan_file = kari_store
    args = ["goals", "-c", "kari"] if where == "read" else ["add-goal", WORDS, "-c", "kari"]
    before = digest(store.home)
    result = subprocess.run(
        [sys.executable, "-c", CRASH, WORDS, PASSPHRASE, where, *args],
        env=child_env(store.home),  # RECOVERY_DEBUG is not set
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    shown = result.stdout + result.stderr
    for secret in (WORDS, PASSPHRASE, "Mamma", "gråt", "correct-horse", "seal"):
        assert secret not in shown, f"the crash printed {secret!r}: {shown!r}"
    assert "Traceback" not in shown
    assert "CryptoGlitch" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert digest(store.home) == before, "a crash inside the transaction wrote something"
