"""Run mypy over the package: core/ and report/ must be clean; elsewhere the errors may only be
those in tests/mypy-baseline.txt, and that list may only shrink.

    python tests/typecheck.py            check (what `make test` runs)
    python tests/typecheck.py --update   drop fixed errors from the baseline (never adds one)

An error is keyed by file, code and message, not by line, so moving code doesn't disturb it.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "mypy-baseline.txt"
# Held to no errors at all: the headless core and the printout.
CLEAN = ("src/recoverytui/core/", "src/recoverytui/report/")
_ERROR = re.compile(
    r"^(?P<file>[^:]+):\d+(?::\d+)?: error: (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$"
)


def errors(report: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for line in report.splitlines():
        if match := _ERROR.match(line):
            found[f"{match['file']}: [{match['code'] or 'misc'}] {match['message']}"] += 1
    return found


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = [line for line in BASELINE.read_text().splitlines() if line and line[0] != "#"]
    return Counter(lines)


def write_baseline(kept: Counter[str]) -> None:
    header = "# mypy errors outside core/ and report/ still to fix; this list only shrinks.\n"
    BASELINE.write_text(header + "".join(f"{key}\n" for key in sorted(kept.elements())))


def problems(found: Counter[str], baseline: Counter[str]) -> list[str]:
    """What is wrong with the errors mypy `found`, measured against the `baseline`."""
    said = []
    held = sorted(key for key in (found + baseline) if key.startswith(CLEAN))
    if held:
        said.append("core/ and report/ must have no type errors:\n  " + "\n  ".join(held))
    if new := found - baseline:
        said.append(
            "New type errors (fix them; the baseline never grows):\n  "
            + "\n  ".join(sorted(new.elements()))
        )
    if fixed := baseline - found:
        said.append(
            "Fixed, but still in the baseline (run `python tests/typecheck.py --update`):\n  "
            + "\n  ".join(sorted(fixed.elements()))
        )
    return said


def main(argv: list[str]) -> int:
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    if status == 2 or stderr:  # mypy itself failed: a bad config, a syntax error
        sys.stderr.write(stdout + stderr)
        return 2
    found = errors(stdout)
    baseline = read_baseline()
    if "--update" in argv:
        kept = baseline & found  # only ever drops entries
        write_baseline(kept)
        print(f"typecheck: dropped {sum((baseline - kept).values())} fixed errors.")
        baseline = kept
    if said := problems(found, baseline):
        sys.stderr.write("\n".join(said) + "\n")
        return 1
    print(
        f"typecheck: clean in core/ and report/; {sum(baseline.values())} known errors elsewhere."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
