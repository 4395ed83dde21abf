"""Whole-process speed of `recovery` on fictional caseloads, against the targets of issue 7.

    .venv/bin/python benchmarks/run.py                 # 5, 50 and 200 clients x 156 weeks
    .venv/bin/python benchmarks/run.py --quick         # 2, 10 and 40 clients x 52 weeks, 3 runs

Each caseload is made with `recovery demo --clients N --weeks W` in a temporary folder. Every
figure is the median of several runs, taken in turn (one run of each command, then the next
round) so that a slow moment of the machine falls on all of them alike, and is printed as a
ratio against a baseline measured in the same rounds. Peak memory is the largest resident set
of a command's process (ru_maxrss) over all rounds. Nothing here touches a real store.

First paint: benchmarks/first_paint.py starts a Textual app headless at 120 x 40 and exits as
soon as its first screen is up, mounted and painted; the whole process is timed, spawn to exit,
for `recovery session` (RecoveryApp on the middle caseload's first client, after the imports
`recovery` makes) and for a minimal Textual app showing one screen with a table.

Where Taskwarrior is installed, `add-goal` is set against `task add` on a list of 10,000
tasks, made in a temporary TASKDATA with `task import`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
HANDLE = "aksel"  # the first client of every demo caseload
FIRST_PAINT = Path(__file__).resolve().with_name("first_paint.py")
TASKS = 10_000


def recovery_command() -> list[str]:
    """The `recovery` script beside this Python (as a worker runs it), else `python -m`."""
    script = Path(PYTHON).with_name("recovery")
    return [str(script)] if script.exists() else [PYTHON, "-m", "recoverytui"]


def env_for(home: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    if home is not None:
        env["RECOVERY_HOME"] = str(home)
    return env


def run_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and the child's peak memory in MiB (ru_maxrss, KiB on Linux)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        error = proc.stderr.read().decode() if proc.stderr else ""
        proc.stderr and proc.stderr.close()
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}\n{error}")
    if proc.stderr:
        proc.stderr.close()
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return elapsed, usage.ru_maxrss / scale


def compile_package() -> None:
    """Byte-compile recoverytui first, as installing a wheel does. From an editable install
    with PYTHONDONTWRITEBYTECODE set, every command would otherwise compile the package's
    source again, which a worker's laptop never does."""
    import recoverytui

    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(Path(recoverytui.__file__).parent)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(home: Path, clients: int, weeks: int) -> float:
    start = time.perf_counter()
    argv = [*recovery_command(), "demo", "--clients", str(clients), "--weeks", str(weeks)]
    subprocess.run(argv, env=env_for(home), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


TASK_ADD = ["task", "rc.confirmation=off", "rc.verbose=nothing", "add", "Water the plants"]


def taskwarrior_list(folder: Path, tasks: int) -> dict[str, str] | None:
    """The environment of a Taskwarrior list of `tasks` pending tasks in a temporary TASKDATA,
    with a temporary TASKRC; None where `task` isn't installed."""
    if shutil.which("task") is None:
        return None
    data = folder / "taskdata"
    data.mkdir()
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    items = [
        {"description": f"Fictional task {n}", "status": "pending", "entry": "20250101T000000Z"}
        for n in range(tasks)
    ]
    source = folder / "tasks.json"
    source.write_text("\n".join(json.dumps(item) for item in items))
    subprocess.run(
        ["task", "rc.confirmation=off", "rc.verbose=nothing", "import", str(source)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,50,200", help="small,middle,large caseloads")
    parser.add_argument("--weeks", type=int, default=156)
    parser.add_argument("--runs", type=int, default=7, help="rounds; the median is reported")
    parser.add_argument("--quick", action="store_true", help="2,10,40 clients x 52 weeks, 3 runs")
    parser.add_argument("--no-reports", action="store_true", help="leave out report weekly")
    parser.add_argument("--no-session", action="store_true", help="leave out first paint")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.weeks, args.runs = "2,10,40", 52, 3
    small, middle, large = (int(n) for n in args.sizes.split(","))
    recovery = recovery_command()
    compile_package()

    with tempfile.TemporaryDirectory(prefix="recovery-bench-") as tmp:
        root = Path(tmp)
        homes = {n: root / f"caseload-{n}" for n in (small, middle, large)}
        print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} cores")
        built = {}
        for n, home in homes.items():
            built[n] = build(home, n, args.weeks)
            print(f"made {n} clients x {args.weeks} weeks in {built[n]:.1f} s")
        out = root / "out"
        out.mkdir()
        task_env = taskwarrior_list(root, TASKS)

        def rec(n: int, *words: str) -> tuple[list[str], dict[str, str]]:
            return [*recovery, *words], env_for(homes[n])

        def rec_nb(n: int, *words: str) -> tuple[list[str], dict[str, str]]:
            argv, env = rec(n, *words)
            return argv, {**env, "RECOVERY_LANG": "nb"}  # the catalogue read as well

        cases: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([PYTHON, "-c", "pass"], env_for(None)),
            f"add-goal ({small})": rec(small, "add-goal", "Water the plants", "-c", HANDLE),
            f"add-goal ({middle})": rec(middle, "add-goal", "Water the plants", "-c", HANDLE),
            f"add-goal ({large})": rec(large, "add-goal", "Water the plants", "-c", HANDLE),
            f"check-in ({middle})": rec(middle, "check-in", "1", "--progress", "2", "-c", HANDLE),
            f"goals --json ({middle})": rec(middle, "goals", "--json", "-c", HANDLE),
            f"add-goal nb ({middle})": rec_nb(middle, "add-goal", "Vanne blomstene", "-c", HANDLE),
            f"check-in nb ({middle})": rec_nb(
                middle, "check-in", "1", "--progress", "2", "-c", HANDLE
            ),
            f"goals --json nb ({middle})": rec_nb(middle, "goals", "--json", "-c", HANDLE),
            f"goals --json ({large})": rec(large, "goals", "--json", "-c", HANDLE),
            # What is due over the whole caseload: from the summaries the index keeps.
            f"caseload --json ({large})": rec(large, "caseload", "--json"),
        }
        quick = list(cases)[1:]
        if not args.no_reports:
            cases[f"report one ({middle})"] = rec(
                middle, "report", "weekly", "-c", HANDLE, "-o", f"{out}/"
            )
            cases[f"report --all ({middle})"] = rec(
                middle, "report", "weekly", "--all", "-o", f"{out}/"
            )
        if not args.no_session:
            cases["textual, minimal app"] = ([PYTHON, str(FIRST_PAINT), "minimal"], env_for(None))
            cases[f"session ({middle})"] = (
                [PYTHON, str(FIRST_PAINT), "session", HANDLE],
                env_for(homes[middle]),
            )
        if task_env is not None:
            cases[f"task add ({TASKS // 1000}k)"] = (TASK_ADD, task_env)

        times: dict[str, list[float]] = {name: [] for name in cases}
        memory: dict[str, float] = {name: 0.0 for name in cases}
        for round_ in range(args.runs):
            for name, (argv, env) in cases.items():
                if name.startswith("check-in"):  # a new note each round, so it really writes
                    argv = [*argv, "--note", f"Round {round_}"]
                elapsed, mib = run_once(argv, env, out)
                times[name].append(elapsed)
                memory[name] = max(memory[name], mib)
        median = {name: statistics.median(values) for name, values in times.items()}

        print(f"\nmedians of {args.runs} alternating runs")
        for name in cases:
            print(f"  {name:<26} {median[name] * 1000:8.1f} ms   peak {memory[name]:6.1f} MiB")

        base = median["python -c pass"]
        rows: list[tuple[str, float, float, str]] = [
            (f"build {middle} x {args.weeks} weeks (s)", built[middle], 60.0, "s"),
        ]
        for command in ("add-goal", "check-in", "goals --json"):
            for name in (f"{command} ({middle})", f"{command} nb ({middle})"):
                rows.append((f"{name} / python -c pass", median[name] / base, 6, "x"))
        rows += [
            (f"add-goal ({large}) / add-goal ({small})",
             median[f"add-goal ({large})"] / median[f"add-goal ({small})"], 1.2, "x"),
            (f"caseload --json ({large}) / goals --json ({large})",
             median[f"caseload --json ({large})"] / median[f"goals --json ({large})"], 3, "x"),
        ]  # fmt: skip
        if not args.no_reports:
            rows.append(
                (
                    f"report --all ({middle}) / report one",
                    median[f"report --all ({middle})"] / median[f"report one ({middle})"],
                    4,
                    "x",
                )
            )
        if not args.no_session:
            rows.append(
                (
                    "session first paint / minimal app",
                    median[f"session ({middle})"] / median["textual, minimal app"],
                    1.3,
                    "x",
                )
            )
        if task_env is not None:
            rows.append(
                (f"add-goal ({middle}) / task add ({TASKS // 1000}k tasks)",
                 median[f"add-goal ({middle})"] / median[f"task add ({TASKS // 1000}k)"], 1.0, "x")
            )  # fmt: skip
        rows.append(("peak memory, quick commands (MiB)", max(memory[n] for n in quick), 60, ""))
        if not args.no_reports:
            for which in ("report one", "report --all"):
                name = f"{which} ({middle})"
                rows.append((f"peak memory, {which} (PDF) (MiB)", memory[name], 60, ""))
        if not args.no_session:
            rows.append(("peak memory, session (MiB)", memory[f"session ({middle})"], 60, ""))

        print("\nfigure                                          measured   target   met")
        for label, value, target, unit in rows:
            verdict = "yes" if value <= target else f"NO (+{(value / target - 1) * 100:.0f}%)"
            print(f"  {label:<44} {value:7.2f}{unit:<2} <= {target:<5g}{unit:<2} {verdict}")
        if task_env is None:
            print("  add-goal / task add: skipped, Taskwarrior (`task`) is not on PATH")


if __name__ == "__main__":
    main()
