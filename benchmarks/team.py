"""Whole-process speed of `recovery sync` on a fictional team, against the targets of issue 19.

    .venv/bin/python benchmarks/team.py                # 15 workers, 300 clients, 5 runs
    .venv/bin/python benchmarks/team.py --quick        # 4 workers, 40 clients, 3 runs
    .venv/bin/python benchmarks/team.py --keep DIR     # build the team in DIR and leave it
    .venv/bin/python benchmarks/team.py --reuse DIR    # measure a team kept before

The team's server is a folder of bare repositories on the local disk. Every worker has an
encrypted store (the passphrase from $RECOVERY_PASSPHRASE, as a script gives it) with
clients/workers clients of their own, each a small fictional plan (`recovery demo`'s caseload
over a few weeks: dreams, goals with steps, check-ins, reviews), and shares each of them with
the next worker: every worker sees about 2 x clients/workers plans. The stores are built
in-process through the core's own calls, one laptop at a time (the store's key is
process-wide), with a cheap key derivation that key.json records, so that each command's
unlock is cheap too, as in the tests.

Then on the first worker's laptop, in rounds taken in turn (as benchmarks/run.py does):
  sync, one changed   `recovery sync` after a colleague checked in on one shared client and
                      synced (the colleague's commands are not timed)
  sync, nothing new   `recovery sync` again, with nothing new anywhere
  goals --json        `recovery goals -c X --json` on the changed client
and prints the medians and their ratios against goals --json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recoverytui.core.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import compile_package, env_for, recovery_command, run_once

PASSPHRASE = "fictional team passphrase"  # a throwaway store's
CHEAP = {"n": 2**4, "r": 8, "p": 1}  # as tests/test_encryption.py
WEEKS = 8


def worker_name(index: int) -> str:
    return f"Worker {index + 1:02d}"


def laptop(root: Path, index: int) -> Path:
    return root / f"laptop-{index:02d}"


def open_store(home: Path) -> Store:
    """This laptop's store, unlocked in this process (any other laptop's key is dropped)."""
    from recoverytui.core import crypto, storage
    from recoverytui.core.store import Store

    storage.use_sealer(None)
    crypto.unlock(home, PASSPHRASE)
    return Store(home)


def build(root: Path, workers: int, clients: int) -> dict[str, str]:
    """The team: its server, every worker's laptop, every plan shared with two workers.
    Returns what the rounds need: the changed client's id and its handles on two laptops,
    and an open goal's number."""
    from recoverytui.core import crypto, storage
    from recoverytui.core.caseload_demo import create_caseload
    from recoverytui.core.store import Store
    from recoverytui.core.team import config as team_config
    from recoverytui.core.team import manage, replica
    from recoverytui.core.team.sync import Team

    crypto.SCRYPT = CHEAP
    server = root / "server"
    server.mkdir()
    own = clients // workers
    ids: dict[int, list[str]] = {}

    def step(what: str, start: float) -> None:
        print(f"  {what:<44} {time.perf_counter() - start:6.1f} s", flush=True)

    start = time.perf_counter()
    for index in range(workers):
        home = laptop(root, index)
        storage.use_sealer(None)
        crypto.create(home, PASSPHRASE)
        crypto.mark_finished(home)  # an empty store: nothing to seal yet
        store = Store(home)
        made = create_caseload(store, clients=own, weeks=WEEKS, seed=index + 1)
        ids[index] = [client["id"] for client in made]
        if index == 0:
            manage.init(store, str(server), worker_name(index))
        else:
            manage.join(store, str(server), worker_name(index))
    step(f"{workers} stores, {own * workers} plans, joined", start)

    start = time.perf_counter()
    for index in range(workers):  # the first lets everyone in; each sends its own plans
        Team(open_store(laptop(root, index))).sync()
    step("each laptop's first sync (its plans sent)", start)

    start = time.perf_counter()
    for index in range(workers):  # each plan shared with the next worker, as `team share` does
        team = Team(open_store(laptop(root, index)))
        with team_config.sync_lock(team.store.home):
            team.pull_team()
            colleague = team.roster.find(worker_name((index + 1) % workers))
            for client in ids[index]:
                clone = team.clone_of(client)
                for epoch in replica.epochs(clone.path, team.config):
                    if epoch.secret is not None and colleague.id not in epoch.workers:
                        replica.wrap(clone.path, team.config, epoch, colleague.id, colleague.public)
                clone.commit_all()
                team.roster.share(client, colleague.id)
            team.push_team()
        team.sync()
    step("shares (each plan with the next worker)", start)

    start = time.perf_counter()
    for index in [*range(workers), 0, 1]:  # each takes in what was shared with them
        Team(open_store(laptop(root, index))).sync()
    step("each laptop's sync taking in its shares", start)

    changed = ids[0][0]  # the first worker's own, shared with the second
    first = open_store(laptop(root, 0))
    mine = first.find_client(changed)["handle"]
    seen = sum(1 for _ in (laptop(root, 0) / "team" / "clients").iterdir())
    second = open_store(laptop(root, 1))
    theirs = second.find_client(changed)["handle"]
    with second.plan(theirs) as plan:
        goal = next(g["number"] for g in plan.goals(include_closed=False))
    storage.use_sealer(None)
    return {"client": changed, "mine": mine, "theirs": theirs, "goal": str(goal), "seen": str(seen)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=15)
    parser.add_argument("--clients", type=int, default=300, help="over the whole team")
    parser.add_argument("--runs", type=int, default=5, help="rounds; the median is reported")
    parser.add_argument("--quick", action="store_true", help="4 workers, 40 clients, 3 runs")
    parser.add_argument("--keep", type=Path, help="build the team in this new folder, keep it")
    parser.add_argument("--reuse", type=Path, help="measure a team --keep built before")
    args = parser.parse_args()
    if args.quick:
        args.workers, args.clients, args.runs = 4, 40, 3
    compile_package()
    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} cores")

    with tempfile.TemporaryDirectory(prefix="recovery-team-bench-") as tmp:
        root = args.reuse or args.keep or Path(tmp)
        facts_file = root / "facts.txt"
        if args.reuse:
            facts = dict(line.split("=", 1) for line in facts_file.read_text().splitlines())
        else:
            root.mkdir(parents=True, exist_ok=True)
            print(f"building {args.workers} workers, {args.clients} clients:")
            start = time.perf_counter()
            facts = build(root, args.workers, args.clients)
            facts["built"] = f"{time.perf_counter() - start:.1f}"
            facts_file.write_text("".join(f"{k}={v}\n" for k, v in facts.items()))
        print(
            f"team built in {facts['built']} s; the measured laptop holds "
            f"{facts['seen']} clients' clones"
        )
        measure(root, facts, args.runs)


def measure(root: Path, facts: dict[str, str], runs: int) -> None:
    recovery = recovery_command()

    def on(index: int, *words: str) -> tuple[list[str], dict[str, str]]:
        env = {**env_for(laptop(root, index)), "RECOVERY_PASSPHRASE": PASSPHRASE}
        return [*recovery, *words], env

    cases = {
        "sync, one changed": on(0, "sync", "--json"),
        "sync, nothing new": on(0, "sync", "--json"),
        "goals --json": on(0, "goals", "-c", facts["mine"], "--json"),
    }
    out = root / "out"
    out.mkdir(exist_ok=True)
    times: dict[str, list[float]] = {name: [] for name in cases}
    memory: dict[str, float] = {name: 0.0 for name in cases}
    for round_ in range(runs):
        # A colleague checks in on the shared client and syncs; not timed.
        check_in = ("check-in", facts["goal"], "--progress", "1", "-c", facts["theirs"])
        run_once(*on(1, *check_in, "--note", f"Round {round_}"), out)
        run_once(*on(1, "sync"), out)
        for name, (argv, env) in cases.items():
            elapsed, mib = run_once(argv, env, out)
            times[name].append(elapsed)
            memory[name] = max(memory[name], mib)
    median = {name: statistics.median(values) for name, values in times.items()}

    print(f"\nmedians of {runs} alternating runs")
    for name in cases:
        print(f"  {name:<26} {median[name] * 1000:8.1f} ms   peak {memory[name]:6.1f} MiB")
    base = median["goals --json"]
    rows = [
        ("sync, nothing new / goals --json", median["sync, nothing new"] / base, 10),
        ("sync, one changed / goals --json", median["sync, one changed"] / base, 15),
    ]
    print("\nfigure                                          measured   target   met")
    for label, value, target in rows:
        verdict = "yes" if value <= target else f"NO (+{(value / target - 1) * 100:.0f}%)"
        print(f"  {label:<44} {value:7.2f}x  <= {target:<5g}x  {verdict}")


if __name__ == "__main__":
    main()
