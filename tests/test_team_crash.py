"""Team sync under real processes: kill -9 in the middle of a sync, and two programs at once.

Every laptop is a store of its own under tmp_path, driven as the real `recovery` command;
the team's server is a folder of bare repositories, and git is the real one. To stop a sync
at a chosen step, not at a moment that happens to come, the command runs with a small
`sitecustomize` of the test's (HOOK): it numbers each git command the sync runs and each
file it replaces in the store, and at step N SIGKILLs the process (or holds it until the
test lets it go), before the step or once it is done.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from process_support import TIMEOUT, child_env, recovery_executable
from recoverytui.core import crypto, storage

pytestmark = pytest.mark.slow

# Cheap key derivation for tests; key.json records it, so each command unlocks cheaply.
CHEAP = {"n": 2**4, "r": 8, "p": 1}

# Loaded by every `recovery` process the test starts with CRASH_LOG set; does nothing else.
HOOK = r"""
import os
import signal
import subprocess
import threading
import time

_LOG = os.environ.get("CRASH_LOG")
_AT = int(os.environ.get("CRASH_AT") or 0)
_WHEN = os.environ.get("CRASH_WHEN", "")
_DO = os.environ.get("CRASH_DO", "kill")
_HOME = os.environ.get("RECOVERY_HOME", "")
_count = 0
_lock = threading.Lock()


def _step(what):
    global _count
    with _lock:
        _count += 1
        n = _count
        fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(fd, f"{n} {what}\n".encode())
        os.close(fd)
    return n


def _stop(n, when):
    if n != _AT or when != _WHEN:
        return
    if _DO == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    open(_LOG + ".held", "w").close()
    deadline = time.monotonic() + 30
    while not os.path.exists(_LOG + ".go") and time.monotonic() < deadline:
        time.sleep(0.005)


def _git_command(args):
    rest = list(args[1:])
    while rest[:1] == ["-c"]:
        rest = rest[2:]
    return rest[0] if rest else ""


if _LOG:
    _Popen, _replace = subprocess.Popen, os.replace

    class Popen(_Popen):
        # A git command's step is counted as it starts; "after" is once it has finished.
        def __init__(self, args, *more, **options):
            self._crash_step = None
            if isinstance(args, list) and args and args[0] == "git":
                self._crash_step = _step("git " + _git_command(args))
                _stop(self._crash_step, "before")
            super().__init__(args, *more, **options)

        def communicate(self, *more, **options):
            done = super().communicate(*more, **options)
            n, self._crash_step = self._crash_step, None
            if n is not None:
                _stop(n, "after")
            return done

    def replace(source, target, *more, **options):
        n = _step("write " + os.path.relpath(os.fspath(target), _HOME))
        _stop(n, "before")
        _replace(source, target, *more, **options)
        _stop(n, "after")

    subprocess.Popen, os.replace = Popen, replace
"""


class Laptop:
    """One worker's store, run as the real command."""

    def __init__(self, home: Path, passphrase: str, hook: Path) -> None:
        self.home = home
        self.passphrase = passphrase
        self.hook = hook  # the folder of the sitecustomize
        self.log = hook / "steps"

    def env(self, **extra: str) -> dict[str, str]:
        env = child_env(self.home)
        env["RECOVERY_PASSPHRASE"] = self.passphrase
        env.update(extra)
        return env

    def hooked(self, at: int = 0, when: str = "", do: str = "kill") -> dict[str, str]:
        """Settings for a command whose steps are numbered, stopped at step `at`."""
        for leftover in (self.log, *self.log.parent.glob("steps.*")):
            leftover.unlink(missing_ok=True)
        return {
            "PYTHONPATH": str(self.hook),
            "CRASH_LOG": str(self.log),
            "CRASH_AT": str(at),
            "CRASH_WHEN": when,
            "CRASH_DO": do,
        }

    def start(self, *args: str, **extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [recovery_executable(), *args],
            env=self.env(**extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_held(self, proc: subprocess.Popen[str]) -> None:
        """Wait till the command is held at its step (HOOK with CRASH_DO=hold)."""
        deadline = time.monotonic() + TIMEOUT
        while not self.log.with_suffix(".held").exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the command never came to its step"
            time.sleep(0.005)

    def let_go(self) -> None:
        self.log.with_suffix(".go").touch()

    def steps(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def run(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [recovery_executable(), *args],
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert "sitecustomize" not in done.stderr, done.stderr
        return done

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, (self.home.name, args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))

    def goals(self) -> dict[str, int]:
        return {g["title"]: g["number"] for g in self.json("goals", "-c", "kari", "--all")}


def new_laptop(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Laptop:
    home = tmp_path / name
    home.mkdir(mode=0o700)
    passphrase = f"passphrase of laptop {name}"
    with monkeypatch.context() as patch:
        patch.setattr(crypto, "SCRYPT", CHEAP)
        crypto.create(home, passphrase)
        crypto.mark_finished(home)  # nothing there to seal
    storage.use_sealer(None)  # as a new process would start
    hook = tmp_path / f"hook-{name}"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK)
    return Laptop(home, passphrase, hook)


@pytest.fixture
def server(tmp_path: Path) -> Path:
    path = tmp_path / "server"
    path.mkdir()
    return path


@pytest.fixture
def laptops(tmp_path: Path, server: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Laptop, Laptop]:
    """Anne's laptop and Bjørn's, in one team; Kari's plan is on the server, Anne's alone."""
    anne = new_laptop(tmp_path, "anne", monkeypatch)
    bjorn = new_laptop(tmp_path, "bjorn", monkeypatch)
    anne.ok("client", "add", "Kari Nordmann", "--handle", "kari")
    anne.ok("add-goal", "-c", "kari", "Walk to the shop")
    anne.ok("team", "init", str(server), "--name", "Anne")
    bjorn.ok("team", "join", str(server), "--name", "Bjorn")
    anne.ok("sync")
    return anne, bjorn


@pytest.fixture
def team(laptops: tuple[Laptop, Laptop]) -> tuple[Laptop, Laptop]:
    """…and both hold Kari's plan."""
    anne, bjorn = laptops
    anne.ok("team", "share", "-c", "kari", "--with", "Bjorn")
    bjorn.ok("sync")
    assert bjorn.goals() == {"Walk to the shop": 1}
    return anne, bjorn


# Where to stop a sync: once each step that changes a clone, the plan, the caseload or what
# the laptop recalls of the last sync is done, and before each `git add` that commits, which
# follows the files a sync writes into a clone. (Settling a clean clone adds nothing.)
CHANGES = {"fetch", "commit", "merge", "push", "clone", "checkout"}


def stops(steps: list[str], start: int = 1) -> list[tuple[str, int]]:
    found = []
    written = set()
    for i, line in enumerate(steps[start - 1 :], start - 1):
        n, kind, what = line.split(" ", 2)
        if kind == "write":
            if what.startswith(("clients/", "team/state/", "caseload")) and what not in written:
                found.append(("after", int(n)))
            written.add(what)
        elif what in CHANGES:
            found.append(("after", int(n)))
        elif what == "add" and steps[i + 2 : i + 3] == [f"{int(n) + 2} git commit"]:
            found.append(("before", int(n)))
    return found


def clients_part(steps: list[str]) -> int:
    """The step where a sync, done with the team repository, fetches or clones the first
    client's (the team repository's steps are stopped at by the share's test)."""
    fetches = [i for i, step in enumerate(steps, 1) if step.endswith((" git fetch", " git clone"))]
    return fetches[1]


def keep(*folders: Path) -> dict[Path, Path]:
    """A copy of each folder, to start each round from the same place."""
    kept = {}
    for folder in folders:
        copy = folder.with_name(folder.name + ".kept")
        shutil.copytree(folder, copy, symlinks=True)
        kept[folder] = copy
    return kept


def put_back(kept: dict[Path, Path]) -> None:
    for folder, copy in kept.items():
        shutil.rmtree(folder)
        shutil.copytree(copy, folder, symlinks=True)


def assert_sound(laptop: Laptop, context: str, new_here: bool = False) -> dict[str, int]:
    """The store opens, and the doctor finds nothing wrong in it: Kari's goals, if there.
    `new_here`: Kari's plan comes to this laptop by the sync that was killed; it may have
    left her plan written but not yet listed in the caseload (as a first `client add`
    killed between its two writes does), which the next sync lists."""
    if new_here:
        listed = laptop.run("client", "list", "--json")
        assert listed.returncode == 0, (context, listed.stderr)
        there = "kari" in {client["handle"] for client in json.loads(listed.stdout)}
    goals = {}
    if not new_here or there:
        done = laptop.run("goals", "-c", "kari", "--all", "--json")
        assert done.returncode == 0, (context, done.stderr)
        goals = {goal["title"]: goal["number"] for goal in json.loads(done.stdout)}
    doctor = laptop.run("doctor", "--json")
    found = json.loads(doctor.stdout)["problems"]
    if new_here and [problem["kind"] for problem in found] == ["not-in-index"]:
        return goals
    assert found == [], context
    assert doctor.returncode == 0, context
    return goals


def synced(laptop: Laptop, context: str) -> dict[str, Any]:
    """A sync that finished the job: every plan reached, no conflict."""
    done = laptop.run("sync", "--json")
    assert done.returncode == 0, (context, done.stdout, done.stderr)
    report = json.loads(done.stdout)
    assert report["unreached"] == [] and report["conflicts"] == [], (context, report)
    return report


def test_sync_killed_at_any_step_leaves_a_store_that_opens_and_the_next_sync_finishes(
    team: tuple[Laptop, Laptop], server: Path
) -> None:
    anne, bjorn = team
    # Both add a goal offline: both get number 2, and the merge renumbers one of them.
    anne.ok("add-goal", "-c", "kari", "Anne's goal, made offline")
    bjorn.ok("add-goal", "-c", "kari", "Bjorn's goal, made offline")
    synced(bjorn, "Bjorn sends his")
    before = anne.goals()
    kept = keep(anne.home, bjorn.home, server)

    # Once through to the end, numbering the steps: what every round must come to.
    assert anne.run("sync", **anne.hooked()).returncode == 0
    steps = anne.steps()
    expected = anne.goals()
    assert sorted(expected.values()) == [1, 2, 3]
    assert set(expected) == set(before) | {"Bjorn's goal, made offline"}
    points = stops(steps, clients_part(steps))
    assert len(points) >= 9, steps

    for when, at in points:
        put_back(kept)
        context = f"killed {when} step {steps[at - 1]} of {steps}"
        killed = anne.run("sync", **anne.hooked(at, when))
        assert killed.returncode == -signal.SIGKILL, (context, killed.stderr)
        assert anne.steps()[-1] == steps[at - 1], f"{context}: the sync took another way"

        held = assert_sound(anne, context)
        assert set(before) <= set(held), context  # nothing written before the sync is lost
        synced(anne, context)
        assert anne.goals() == expected, context
        synced(bjorn, context)
        assert bjorn.goals() == expected, context


def test_first_sync_of_a_newly_shared_client_killed_at_any_step(
    laptops: tuple[Laptop, Laptop], server: Path
) -> None:
    """Bjørn's laptop has no client yet: the sync that clones Kari's plan makes its first
    plan file and its caseload index."""
    anne, bjorn = laptops
    anne.ok("team", "share", "-c", "kari", "--with", "Bjorn")
    kept = keep(bjorn.home, server)
    assert bjorn.run("sync", **bjorn.hooked()).returncode == 0
    steps = bjorn.steps()
    assert any(" git clone" in step for step in steps), steps
    expected = bjorn.goals()
    assert expected == {"Walk to the shop": 1}

    for when, at in stops(steps, clients_part(steps)):
        put_back(kept)
        context = f"killed {when} step {steps[at - 1]} of {steps}"
        killed = bjorn.run("sync", **bjorn.hooked(at, when))
        assert killed.returncode == -signal.SIGKILL, (context, killed.stderr)
        assert bjorn.steps()[-1] == steps[at - 1], f"{context}: the sync took another way"
        assert_sound(bjorn, context, new_here=True)
        synced(bjorn, context)
        assert bjorn.goals() == expected, context
    assert_sound(bjorn, "after the last round")


def test_team_share_killed_at_any_step(laptops: tuple[Laptop, Laptop], server: Path) -> None:
    """A share cut short is either made or not: the next sync works, and sharing again
    lets the colleague's laptop take the plan in."""
    anne, bjorn = laptops
    share = ("team", "share", "-c", "kari", "--with", "Bjorn")
    kept = keep(anne.home, server)
    assert anne.run(*share, **anne.hooked()).returncode == 0
    steps = anne.steps()
    # The share's own steps, up to its push; the sync it then runs is the sync tested above.
    own = steps[: next(i for i, step in enumerate(steps) if step.endswith(" git push")) + 1]

    for when, at in stops(own):
        put_back(kept)
        context = f"killed {when} step {steps[at - 1]} of {steps}"
        killed = anne.run(*share, **anne.hooked(at, when))
        assert killed.returncode == -signal.SIGKILL, (context, killed.stderr)
        assert anne.steps()[-1] == steps[at - 1], f"{context}: the share took another way"
        assert assert_sound(anne, context) == {"Walk to the shop": 1}, context
        synced(anne, context)
    anne.ok(*share)
    synced(bjorn, "after the share, made again")
    assert bjorn.goals() == {"Walk to the shop": 1}


def finished(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=TIMEOUT)
    assert "Traceback" not in err, err
    return proc.returncode, out, err


def test_goals_added_while_a_sync_is_at_each_step(team: tuple[Laptop, Laptop]) -> None:
    """A goal added on the laptop while its sync is between any two steps is kept, and
    reaches the colleague. Where the sync holds the plan's lock the command waits for it
    (never long: no network inside); a sync that finds the plan written since it read it
    goes round again."""
    anne, bjorn = team
    anne.ok("add-goal", "-c", "kari", "Anne's goal")
    assert anne.run("sync", **anne.hooked()).returncode == 0
    steps = anne.steps()  # a sync with one goal to send: each round's, till the hold
    added = {"Walk to the shop", "Anne's goal"}
    again = 0
    for when, at in stops(steps, clients_part(steps)):
        context = f"held {when} step {at}"
        anne.ok("add-goal", "-c", "kari", f"before {context}")
        added.add(f"before {context}")
        sync = anne.start("sync", "--json", **anne.hooked(at, when, do="hold"))
        anne.wait_held(sync)
        add = anne.start("add-goal", "-c", "kari", f"added {context}")
        with contextlib.suppress(subprocess.TimeoutExpired):
            add.wait(1.5)  # done, or waiting for the plan's lock
        anne.let_go()
        code, out, err = finished(add)
        assert code == 0, (context, out, err)
        code, out, err = finished(sync)
        assert code == 0, (context, out, err)
        assert json.loads(out)["conflicts"] == [], context
        added.add(f"added {context}")
        again += sum(step.endswith(" git diff") for step in anne.steps()) > 1
    assert again, "no goal came between a sync's reading of the plan and its writing"

    # And a loop of goals beside syncs that come as they come.
    looped: list[str] = []
    failed: list[str] = []
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            title = f"looped {len(looped)}"
            done = anne.run("add-goal", "-c", "kari", title)
            if done.returncode == 0:
                looped.append(title)
            else:
                failed.append(done.stderr)

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        for _ in range(3):
            synced(anne, "beside the loop")
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert failed == [] and len(looped) >= 2, (failed, looped)
    added |= set(looped)

    synced(anne, "the last")
    synced(bjorn, "the last")
    for laptop in (anne, bjorn):
        goals = laptop.goals()
        assert set(goals) == added, laptop.home.name
        assert sorted(goals.values()) == list(range(1, len(added) + 1)), laptop.home.name
    assert anne.goals() == bjorn.goals()


def test_a_second_sync_is_told_one_is_running(team: tuple[Laptop, Laptop]) -> None:
    anne, _bjorn = team
    anne.ok("add-goal", "-c", "kari", "Anne's goal")
    first = anne.start("sync", **anne.hooked(4, "before", do="hold"))
    anne.wait_held(first)
    # Every git command of a sync runs under its lock, taken before the first one.
    assert anne.steps()[-1].startswith("4 git ")
    second = anne.run("sync")
    anne.let_go()
    assert second.returncode == 2, second
    assert second.stdout == ""
    assert second.stderr == (
        "recovery: A sync is running on this laptop already; try again when it is done.\n"
    )
    code, out, err = finished(first)
    assert code == 0, (out, err)
    assert "Sent kari" in out
