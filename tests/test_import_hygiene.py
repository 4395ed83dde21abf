"""What each layer pulls in, checked in a fresh interpreter.

core is headless (no textual, typer, click or rich), and the command line stays cheap: a
quick `recovery goals` between sessions must not pay for the TUI, the PDF library or
pydantic. Each check runs in a subprocess, because this test process has imported all
sorts of things already.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT = 60


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env["RECOVERY_HOME"] = str(home)
    return env


def top_level(modules: list[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def loaded_after(code: str, home: Path) -> set[str]:
    """Top-level packages in sys.modules after running `code` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return top_level(json.loads(result.stdout.splitlines()[-1]))


@pytest.fixture
def demo_home(tmp_path: Path) -> Path:
    home = tmp_path / "store"
    result = subprocess.run(
        [sys.executable, "-m", "recoverytui", "demo"],
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return home


def test_core_is_headless(tmp_path: Path) -> None:
    loaded = loaded_after(
        "import recoverytui.core.store, recoverytui.core.plan, recoverytui.core.dates", tmp_path
    )
    assert {"recoverytui", "tinydb"} <= loaded  # the probe saw the imports it made
    assert loaded.isdisjoint({"textual", "typer", "click", "rich"}), sorted(
        loaded & {"textual", "typer", "click", "rich"}
    )


def test_cli_import_is_cheap(tmp_path: Path) -> None:
    loaded = loaded_after("import recoverytui.cli", tmp_path)
    assert "recoverytui" in loaded
    heavy = {"typer", "click", "textual", "fpdf", "pydantic", "rich", "cryptography"}
    assert loaded.isdisjoint(heavy), sorted(loaded & heavy)


# The command as it is run. The wrapper records sys.modules at exit, after the command has
# done all its work (lazy imports included), and leaves stdout to the command itself.
WRAPPER = """
import atexit, json, sys
record = sys.argv.pop(1)
atexit.register(lambda: open(record, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "recovery"
import recoverytui.cli
recoverytui.cli.main()
"""


QUICK = [
    ("goals", "-c", "demo", "--json"),
    ("goals", "-c", "demo"),
    ("goals", "--all", "--client=demo"),
    ("add-goal", "Water the plants", "-c", "demo", "--json"),
    ("add-goal", "--step", "Buy seeds", "-cdemo", "--", "-Water the plants"),
    ("check-in", "1", "-p", "2", "-c", "demo", "--note", "Better"),
]
TYPER = [
    ("client", "show", "-c", "demo", "--json"),
    # The weekly sheet as Markdown needs the report code, but not the PDF library.
    ("report", "weekly", "-c", "demo", "--format", "md", "-o", "-"),
    ("report", "crisis", "-c", "demo", "--format", "txt", "-o", "-"),
    ("report", "plan", "-c", "demo", "--format", "md", "-o", "-", "--with-crisis"),
]


def run_recorded(home: Path, tmp_path: Path, *args: str) -> tuple[str, list[str]]:
    """`recovery ARGS` in a fresh process: what it printed, and every module it loaded."""
    record = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(record), *args],
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    if "--json" in args:
        json.loads(result.stdout)  # the command really ran and printed its answer
    return result.stdout, json.loads(record.read_text())


@pytest.mark.parametrize("args", QUICK + TYPER, ids=" ".join)
def test_commands_do_not_load_the_tui_or_pdf(
    demo_home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    printed, modules = run_recorded(demo_home, tmp_path, *args)
    if "--json" not in args:
        shown = ("Walk to the shop", "Water the plants", "Get a bed of my own",
                 "Walking by the river")  # fmt: skip
        assert any(words in printed for words in shown), printed
    loaded = top_level(modules)
    assert {"recoverytui", "tinydb"} <= loaded
    heavy = {"textual", "fpdf", "pydantic", "cryptography", "pyrage"}
    assert loaded.isdisjoint(heavy), sorted(loaded & heavy)
    # The quick commands run without Typer and click (cli/quick.py); the others need them.
    assert ({"typer", "click"} & loaded == set()) == (args in QUICK), sorted(loaded)
    if args[0] in ("add-goal", "check-in"):  # a write keeps copies: no compression modules
        assert loaded.isdisjoint({"lzma", "bz2"}), sorted(loaded)


def test_python_m_recoverytui_goals_json(demo_home: Path) -> None:
    """`python -m recoverytui goals -c demo --json`, exactly, with -X importtime."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "recoverytui", "goals", "-c", "demo", "--json"],
        env=child_env(demo_home),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    goals = json.loads(result.stdout)
    assert any(goal["title"].startswith("Walk to the shop") for goal in goals)
    imported = [
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    loaded = top_level(imported)
    assert {"recoverytui", "tinydb"} <= loaded  # importtime output was read right
    heavy = {"typer", "click", "textual", "fpdf", "pydantic", "cryptography"}
    assert loaded.isdisjoint(heavy), sorted(loaded & heavy)


def test_the_command_map_names_the_module_of_every_command() -> None:
    """`recovery NAME` imports only COMMANDS[NAME]: the map must match who registers what."""
    import recoverytui.cli as cli
    from recoverytui.cli.app import app

    cli.load_all()
    registered = {
        command.name: command.callback.__module__.rsplit(".", 1)[-1]
        for command in app.registered_commands
    }
    for group in app.registered_groups:
        modules = {c.callback.__module__ for c in group.typer_instance.registered_commands}
        assert len(modules) == 1, (group.name, modules)
        registered[group.name] = modules.pop().rsplit(".", 1)[-1]
    assert registered == cli.COMMANDS


@pytest.mark.parametrize("command", ["add-goal", "check-in", "goals"])
def test_a_quick_command_loads_only_its_own_module(tmp_path, command: str) -> None:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env["RECOVERY_HOME"] = str(home)
    record = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", WRAPPER, str(record), command, "--help"],
        env=env, capture_output=True, check=True,
    )  # fmt: skip
    loaded = {m for m in json.loads(record.read_text()) if m.startswith("recoverytui.cli.")}
    assert loaded == {
        "recoverytui.cli.quick",  # which leaves --help to Typer
        "recoverytui.cli.app",
        "recoverytui.cli.click_words",  # Typer's own words in the program's language
        "recoverytui.cli.common",
        "recoverytui.cli.options",
        "recoverytui.cli.overview",
        "recoverytui.cli.goals",
        "recoverytui.cli.quick_commands",
        "recoverytui.cli.plan_view",  # goals.py's views
    }


# Consent and sharing: the lists and the consent itself stay as cheap as any other command;
# only handover and export bring the PDF library, and nothing the program runs brings
# fhir.resources or pydantic (the tests read the bundle back with them; the program writes
# it as plain JSON).
SHARING = [
    ("consents", "-c", "demo"),
    ("consents", "-c", "demo", "--json"),
    ("shared", "-c", "demo"),
    ("shared", "-c", "demo", "--json"),
    ("consent", "add", "-c", "demo", "--to", "4", "--share", "goals,crisis", "--purpose",
     "Follow-up", "--until", "+1m", "--json"),
    ("consent", "withdraw", "1", "-c", "demo", "--json"),
]  # fmt: skip
NEVER = {"fhir", "fhir_core", "pydantic", "pydantic_core"}


@pytest.mark.parametrize("args", SHARING, ids=" ".join)
def test_consent_commands_do_not_load_the_tui_pdf_or_interop(
    demo_home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    _, modules = run_recorded(demo_home, tmp_path, *args)
    loaded = top_level(modules)
    assert {"recoverytui", "tinydb"} <= loaded
    heavy = {"textual", "fpdf", "cryptography"} | NEVER
    assert loaded.isdisjoint(heavy), sorted(loaded & heavy)
    assert not [m for m in modules if m.startswith(("recoverytui.interop", "recoverytui.report"))]


@pytest.mark.parametrize("command", ["handover", "export"])
def test_handover_and_export_never_load_fhir_resources_or_pydantic(
    demo_home: Path, tmp_path: Path, command: str
) -> None:
    out = tmp_path / "out"
    args = (
        ("handover", "-c", "demo", "--to", "Line")
        if command == "handover"
        else (command, "-c", "demo")
    )
    _, modules = run_recorded(demo_home, tmp_path, *args, "-o", str(out), "--json")
    assert len(list(out.iterdir())) == 2  # it wrote its two files
    loaded = top_level(modules)
    assert "recoverytui.interop.handover" in modules and "fpdf" in loaded
    assert loaded.isdisjoint(NEVER | {"textual"}), sorted(loaded & (NEVER | {"textual"}))


def test_the_program_never_imports_fhir_resources_or_pydantic() -> None:
    """Not even lazily, in a branch no test above walks: the source names neither."""
    source = Path(__file__).parent.parent / "src" / "recoverytui"
    found = [
        f"{path.relative_to(source)}:{number}"
        for path in sorted(source.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"^\s*(import|from)\s+(fhir|fhir_core|pydantic)\b", line)
        or re.search(r"import_module\(\s*['\"](fhir|pydantic)", line)
    ]
    assert found == []
