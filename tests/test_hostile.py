"""Hostile text through every command and every printout format, and in a real terminal.

The corpus (hostile_corpus.py) holds Rich/Textual markup, terminal escape sequences (window
title, clipboard, screen clear, hyperlinks, one-byte C1 CSI), right-to-left text and bidi
overrides, combining marks, zalgo, emoji sequences, text that shows nothing (zero-width
characters, fillers) and a 4000-character line.

- Typed at the CLI, text with a control character or a bidi override is refused: exit 2,
  nothing written; so is a title or name that shows nothing.
- A plan file made by another tool may still hold it. Every read command and every printout
  format must then show it without passing a single control character or bidi override on,
  and show markup as the characters it is made of.
- In tmux, nothing from the plan retitles the pane, writes the clipboard or clears the screen,
  from a plain command or from the shared screen.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from cli_support import as_json, ok, refused
from hostile_corpus import (
    BIDI,
    CONTROL,
    CORPUS,
    ESCAPES,
    INVISIBLE,
    LONG_LINE,
    MARKUP,
    PLAIN,
    check_bytes,
    forbidden_in,
)
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store
from recoverytui.core.text import safe
from tmux_support import Tmux, running, socket_path

TIMEOUT = 60
NAME = "Robin " + ESCAPES["osc-title"]
PINNED_GOALS = {
    1: MARKUP["stray-close"],
    2: MARKUP["click"],  # active, with this week's check-ins: on every sheet of this week
    3: MARKUP["open-bracket"],
    4: MARKUP["style"],
    5: BIDI["rtl-override"],  # added to the demo; active, so on every sheet of this week
    6: INVISIBLE["zero-width-space"],
}
PINNED_DREAMS = {1: MARKUP["link-markup"], 2: MARKUP["md-link"], 3: LONG_LINE}


# Typed at the command line: refused --------------------------------------------------------


def _write_commands(text: str) -> list[tuple[str, ...]]:
    """Every write command, with `text` where a person types words."""
    return [
        ("client", "add", text),
        ("client", "add", "Ola", "--coordinator", text),
        ("add-goal", text, "-c", "kari"),
        ("add-goal", "Walk", "-c", "kari", "--step", text),
        ("add-goal", "Walk", "-c", "kari", "--area", text),
        ("edit-goal", "1", "-c", "kari", "--title", text),
        ("add-step", "1", text, "-c", "kari"),
        ("goal-status", "1", "paused", "-c", "kari", "--note", text),
        ("check-in", "1", "-c", "kari", "--progress", "2", "--note", text),
        ("add-dream", text, "-c", "kari"),
        ("edit-dream", "1", text, "-c", "kari"),
        ("add-area", text, "-c", "kari"),
        ("add-area", "Rent", "-c", "kari", "--next", text),
        ("step-up", "1", "-c", "kari", "--note", text),
        ("area", "1", "-c", "kari", "--ready-when", text),
        ("add-need", text, "-c", "kari", "--domain", "economy"),
        ("need", "1", "-c", "kari", "--action", text),
        ("review", "-c", "kari", "--words", text),
        ("review", "-c", "kari", "--agree", text),
        ("worker", text),
    ]


@pytest.fixture
def kari(home: Path) -> Path:
    store = Store(home)
    store.add_client("Kari", handle="kari")
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Open the post", steps=["Find the letters"])
        plan.add_dream("A home of my own")
        plan.add_area("Paying rent")
    return home


@pytest.mark.parametrize("name", CONTROL)
def test_control_characters_typed_at_the_cli_are_refused(kari: Path, name: str) -> None:
    for args in _write_commands(CONTROL[name]):
        message = refused(kari, *args)
        assert "control character" in message, (args, message)
        assert "U+" in message, message


def test_too_long_a_line_is_refused(kari: Path) -> None:
    for args in _write_commands(LONG_LINE):
        if args[0] == "review" and args[3] == "--words":
            continue  # the week's words may be long; 4000 characters are still too many
        assert "characters long" in refused(kari, *args), args
    assert "characters long" in refused(kari, "review", "-c", "kari", "--words", LONG_LINE)


# Options whose text may be left out; the rest name or title something and must be given.
OPTIONAL = {"--coordinator", "--area", "--note", "--next", "--ready-when", "--action", "--words"}


@pytest.mark.parametrize("name", INVISIBLE)
def test_text_that_shows_nothing_typed_at_the_cli_counts_as_empty(kari: Path, name: str) -> None:
    blank = INVISIBLE[name]
    for args in _write_commands(blank):
        if args[args.index(blank) - 1] in OPTIONAL:
            ok(*args)  # left out, as blank text is
        else:
            message = refused(kari, *args)
            assert "can't be empty" in message and "don't show" in message, (args, message)
    for path in kari.rglob("*.json"):
        for value in _strings(json.loads(path.read_bytes())):
            assert not set(value) & set("\u200b\ufeff\u2060\u2800\u3164"), (path, value)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_a_title_is_found_at_the_cli_however_its_accents_are_typed(kari: Path) -> None:
    goal = as_json("add-goal", "Cafe\u0301 with Åse", "-c", "kari", "--step", "Ask Ba\u0301rd")
    assert goal["title"] == "Café with Åse"  # stored in one form, NFC
    assert as_json("check-in", "CAFÉ WITH A\u030aSE", "-c", "kari", "-p", "2")["goal"] == 2
    said = ok("step-done", "Café with Åse", "ask ba\u0301rd", "-c", "kari")
    assert said.startswith("Step 1 done on"), said


@pytest.mark.parametrize("name", PLAIN)
def test_markup_and_scripts_typed_at_the_cli_are_kept_as_typed(kari: Path, name: str) -> None:
    typed = PLAIN[name]
    # Kept in NFC: the same characters, an accent typed apart joined to its letter.
    text = unicodedata.normalize("NFC", typed)
    assert text == typed or name in ("combining", "zalgo")
    goal = as_json("add-goal", typed, "-c", "kari", "--step", typed)
    assert goal["title"] == text
    assert goal["steps"][0]["text"] == text
    assert as_json("add-dream", typed, "-c", "kari")["text"] == text
    checkin = as_json("check-in", str(goal["number"]), "-c", "kari", "-p", "3", "--note", typed)
    assert checkin["note"] == text
    assert as_json("need", "1", "-c", "kari", "--action", typed)["action"] == text
    assert as_json("review", "-c", "kari", "--words", typed)["words"] == text
    # Read back in a fresh read, verbatim.
    goals = as_json("goals", "-c", "kari")
    assert [g["title"] for g in goals if g["number"] == goal["number"]] == [text]


# A plan file made by another tool ------------------------------------------------------------


def _inject(home: Path) -> dict[str, Any]:
    """Replace every piece of text in the demo plan (and the client's index entry) with
    hostile text, keeping the shape the program checks. Returns the plan as written."""
    store = Store(home)
    create_demo(store)
    with store.plan("demo", write=True) as plan:
        for number in sorted(PINNED_GOALS)[len(plan.goals()) :]:
            plan.add_goal(f"Goal {number}")
    (entry,) = store.clients()
    path = store.clients_dir / entry["file"]
    data = json.loads(path.read_bytes())
    words = itertools.cycle(CORPUS.values())

    def fill(doc: dict[str, Any], *fields: str) -> None:
        for field in fields:
            if field in doc and (doc[field] is not None or field in ("note", "words")):
                doc[field] = next(words)

    for doc in data["client"].values():
        doc["name"] = NAME
        doc["coordinator"] = MARKUP["click"]
    for doc in data["dreams"].values():
        doc["text"] = PINNED_DREAMS.get(doc["number"]) or next(words)
    for doc in data["goals"].values():
        doc["title"] = PINNED_GOALS[doc["number"]]
        fill(doc, "area", "support")
        for step in doc["steps"]:
            step["text"] = next(words)
        for entry_ in doc["history"]:
            fill(entry_, "note")
    for doc in data["checkins"].values():
        fill(doc, "note")
    for doc in data["areas"].values():
        doc["name"] = next(words)
        fill(doc, "next", "ready_when")
        for move in doc["history"]:
            fill(move, "note", "next", "ready_when")
    for doc in data["domains"].values():
        doc["title"] = next(words)
    for doc in data["needs"].values():
        doc["name"] = next(words)
        fill(doc, "action", "who")
    for doc in data["reviews"].values():
        fill(doc, "words")
        for step in doc["agreed"]:
            step["text"] = next(words)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    index = json.loads(store.index_path.read_bytes())
    for doc in index["clients"].values():
        doc["name"] = NAME
        doc["coordinator"] = MARKUP["click"]
    store.index_path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")

    # Changes made since through the program: the hostile words they replace go into the
    # plan's own history (from → to) and the daily backup.
    with store.plan("demo", write=True) as plan:
        for need in plan.needs():
            if need["action"] and need["number"] % 2:
                plan.rate_need(need["number"], action="Agreed again", who="")
        plan.set_area(1, next_step="Agreed anew", ready_when="")
    return json.loads(path.read_bytes())


def _recovery() -> str:
    found = Path(sys.executable).with_name("recovery")
    return str(found) if found.exists() else shutil.which("recovery") or "recovery"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    env.update(RECOVERY_HOME=str(home), PYTHONDONTWRITEBYTECODE="1", COLUMNS="120")
    return env


def _run(home: Path, cwd: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [_recovery(), *args],
        env=_env(home),
        cwd=cwd,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )


def _digest(home: Path) -> dict[str, str | None]:
    def sha(path: Path) -> str | None:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

    return {str(p.relative_to(home)): sha(p) for p in sorted(home.rglob("*"))}


READS: list[tuple[str, ...]] = [
    ("client", "show", "-c", "demo"),
    ("dreams", "-c", "demo"),
    ("goals", "-c", "demo"),
    ("goals", "-c", "demo", "--all"),
    ("check-ins", "-c", "demo"),
    ("check-ins", "-c", "demo", "--goal", "2"),
    ("ladder", "-c", "demo"),
    ("area", "1", "-c", "demo"),
    ("needs", "-c", "demo"),
    ("need", "1", "-c", "demo"),
    ("review", "-c", "demo"),
    ("review", "-c", "demo", "--week", "last"),
    ("history", "-c", "demo"),
]
PLAIN_ONLY: list[tuple[str, ...]] = [
    (),  # the bare command, piped: the caseload overview
    ("client", "list"),
    ("doctor",),
    ("report", "weekly", "-c", "demo", "--format", "txt", "-o", "-"),
    ("report", "weekly", "-c", "demo", "--format", "md", "-o", "-"),
    ("report", "weekly", "-c", "demo", "--week", "last", "--format", "txt", "-o", "-"),
]
REPORT_FILES: list[tuple[str, ...]] = [
    ("report", "weekly", "-c", "demo", "--format", "pdf", "-o", "this.pdf"),
    ("report", "weekly", "-c", "demo", "--format", "md", "-o", "this.md"),
    ("report", "weekly", "-c", "demo", "--format", "txt", "-o", "this.txt"),
    ("report", "weekly", "-c", "demo", "--week", "last", "-o", "last.pdf"),
    ("report", "weekly", "--all", "-o", "all-md/", "--format", "md"),
    ("report", "weekly", "--all", "-o", "all-pdf/", "--json"),
    ("report", "weekly", "-c", "demo", "--format", "txt"),  # <handle>-<week>.txt here
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The hostile store, and every read command and printout run on it once, in parallel."""
    root = tmp_path_factory.mktemp("hostile")
    home = root / "store"
    data = _inject(home)
    before = _digest(home)
    work = root / "work"
    work.mkdir()
    commands = (
        READS
        + [(*args, "--json") for args in READS]
        + [("client", "list", "--json")]
        + PLAIN_ONLY
        + REPORT_FILES
    )
    with ThreadPoolExecutor(max_workers=4) as pool:
        ran = pool.map(lambda args: _run(home, work, args), commands)
        results = dict(zip(commands, ran, strict=True))
    return {
        "home": home,
        "data": data,
        "before": before,
        "after": _digest(home),
        "work": work,
        "results": results,
    }


_POPPLER_RTL = re.compile("\u202b([^\u202a-\u202e\u2066-\u2069]*)\u202c")


def _unmarkdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _checked(hostile: dict[str, Any], *, json_output: bool) -> dict[tuple[str, ...], str]:
    """Each command's stdout, once exit code, stderr and stdout have been checked."""
    outputs = {}
    for args, result in hostile["results"].items():
        if ("--json" in args) != json_output:
            continue
        where = f"recovery {' '.join(args)}"
        stderr = check_bytes(result.stderr, f"stderr of {where}")
        assert result.returncode == 0, (where, result.returncode, stderr)
        outputs[args] = check_bytes(result.stdout, f"stdout of {where}")
    return outputs


def test_every_read_command_shows_hostile_text_safely(hostile: dict[str, Any]) -> None:
    outputs = _checked(hostile, json_output=False)
    plain = "\n".join(out for args, out in outputs.items() if "md" not in args)
    # Markup is shown as the characters it is made of, neither run nor eaten nor escaped.
    for name, text in MARKUP.items():
        assert text in plain, f"{name} markup {text!r} is not shown as written"
    # Escape sequences and bidi overrides are shown defused: the rest of the text is still
    # there to read, in the order it was written.
    assert safe(NAME) in plain
    assert "Robin before \ufffd]0;pwned\ufffd after" in plain
    assert "abc \ufffddcba\ufffd def" in plain
    assert hostile["after"] == hostile["before"], "reading changed the store"


def test_json_output_holds_no_raw_control_character(hostile: dict[str, Any]) -> None:
    """JSON escapes C0 itself; C1 and DEL must be escaped too (\\u009b, \\u007f)."""
    for out in _checked(hostile, json_output=True).values():
        json.loads(out)


def test_no_command_writes_to_stderr_on_hostile_data(hostile: dict[str, Any]) -> None:
    """A warning on stderr (fpdf2's missing-glyph warning, say) would print user text."""
    said = {
        " ".join(args): result.stderr.decode("utf-8", "replace")
        for args, result in hostile["results"].items()
        if result.stderr
    }
    assert not said, said


def test_a_tab_typed_in_a_note_prints_no_warning_with_the_pdf(kari: Path, tmp_path: Path) -> None:
    """A tab is allowed in a note (text.clean keeps it); the PDF must not trip over it."""
    assert as_json("check-in", "1", "-c", "kari", "-p", "2", "--note", "one\ttwo")["note"]
    result = _run(kari, tmp_path, ("report", "weekly", "-c", "kari", "-o", "sheet.pdf"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == b"", result.stderr.decode()
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF-")


def test_json_output_gives_the_stored_text_back_exactly(hostile: dict[str, Any]) -> None:
    """Scripts read --json: every string comes back as stored (escaped, never altered)."""
    data, results = hostile["data"], hostile["results"]
    assert all(results[args].returncode == 0 for args in results if "--json" in args)
    goals = json.loads(results[("goals", "-c", "demo", "--all", "--json")].stdout)
    assert {g["number"]: g["title"] for g in goals} == PINNED_GOALS
    stored = {d["number"]: d for d in data["goals"].values()}
    for goal in goals:
        assert goal["steps"] == stored[goal["number"]]["steps"]
        assert goal["history"] == stored[goal["number"]]["history"]
    dreams = json.loads(results[("dreams", "-c", "demo", "--json")].stdout)
    assert sorted(d["text"] for d in dreams) == sorted(d["text"] for d in data["dreams"].values())
    checkins = json.loads(results[("check-ins", "-c", "demo", "--json")].stdout)
    assert sorted(map(str, (c["note"] for c in checkins))) == sorted(
        map(str, (c["note"] for c in data["checkins"].values()))
    )
    needs = json.loads(results[("needs", "-c", "demo", "--json")].stdout)
    assert {n["name"] for n in needs} == {n["name"] for n in data["needs"].values()}
    (client,) = json.loads(results[("client", "list", "--json")].stdout)
    assert client["name"] == NAME
    whole = json.loads(results[("client", "show", "-c", "demo", "--json")].stdout)
    assert whole["client"]["name"] == NAME
    assert whole["areas"] == sorted(data["areas"].values(), key=lambda a: a["number"])


def test_every_printout_format_shows_hostile_text_safely(hostile: dict[str, Any]) -> None:
    work = hostile["work"]
    written = sorted(p for p in work.rglob("*") if p.is_file())
    names = {str(p.relative_to(work)) for p in written}
    assert {"this.pdf", "this.md", "this.txt", "last.pdf"} <= names, names
    assert len([n for n in names if n.startswith("all-md/")]) == 1, names
    assert len([n for n in names if n.startswith("all-pdf/")]) == 1, names
    assert len(names) == 7, names  # nothing else, anywhere
    texts = {}
    for path in written:
        where = str(path.relative_to(work))
        if path.suffix == ".pdf":
            assert path.read_bytes().startswith(b"%PDF-"), where
            raw = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(path), "-"],
                capture_output=True,
                timeout=TIMEOUT,
                check=True,
            ).stdout
            # pdftotext ends each page with a form feed of its own, and wraps each run of
            # right-to-left letters it finds in an embedding (RLE … PDF) of its own.
            read = _POPPLER_RTL.sub(r"\1", raw.replace(b"\x0c", b"\n").decode("utf-8"))
            texts[where] = check_bytes(read.encode("utf-8"), f"the text of {where}")
        else:
            texts[where] = check_bytes(path.read_bytes(), where)
        assert (path.stat().st_mode & 0o777) == 0o600, where

    for where, text in texts.items():
        readable = _unmarkdown(text) if where.endswith(".md") else text
        # The active goal with this week's check-ins is on every sheet of this week.
        if where.startswith("last"):
            continue
        if where.endswith(".pdf"):
            assert _squeezed(MARKUP["click"]) in _squeezed(readable), where
            assert "Robin" in readable, where
            assert _squeezed(safe(BIDI["rtl-override"])) in _squeezed(readable), where
        else:
            assert MARKUP["click"] in readable, where
            assert safe(NAME) in readable, where
            assert safe(BIDI["rtl-override"]) in readable, where


def test_a_handle_from_another_tool_cannot_send_a_printout_outside_its_folder(
    tmp_path: Path,
) -> None:
    """The printout's file name is made from the handle. A handle the CLI would never accept,
    in an index written by another tool, must not make `report weekly` write elsewhere."""
    home = tmp_path / "store"
    store = Store(home)
    client = store.add_client("Kari", handle="kari")
    with store.plan("kari", write=True) as plan:
        plan.add_goal("Open the post")
    evil = "../escaped"
    for path in (store.index_path, store.client_path(client["id"])):
        data = json.loads(path.read_bytes())
        for table in ("clients", "client"):
            for doc in data.get(table, {}).values():
                doc["handle"] = evil
        path.write_text(json.dumps(data), encoding="utf-8")
    work = tmp_path / "work"
    (work / "out").mkdir(parents=True)
    before = {p for p in tmp_path.rglob("*")}

    results = [
        _run(home, work, ("report", "weekly", "--all", "-o", "out/", "--format", "txt")),
        _run(home, work / "out", ("report", "weekly", "-c", evil, "--format", "txt")),
    ]
    new = {p for p in tmp_path.rglob("*")} - before
    outside = sorted(str(p.relative_to(tmp_path)) for p in new if (work / "out") not in p.parents)
    assert not outside, (
        f"a printout was written outside the folder asked for: {outside}; "
        f"{[r.stdout.decode() + r.stderr.decode() for r in results]}"
    )
    for result in results:
        assert result.returncode in (0, 2), result.stderr


# In a real terminal --------------------------------------------------------------------------

DEADLINE = 20.0
POLL = 0.05
KNOWN_TITLE = "known-title"
SECTIONS = ("Overview", "Hopes and dreams", "Small goals", "Responsibility", "Basic needs")


class Terminal(Tmux):
    """A tall tmux pane on a private socket where an escape sequence would show its effect:
    clipboard writes become paste buffers, a clear erases the screen (not into history)."""

    def __init__(self, socket: Path, home: Path, config: Path) -> None:
        settings = [
            "set -g default-terminal xterm-256color",
            "set -g history-limit 20000",
            "set -g set-clipboard on",
            "set -g scroll-on-clear off",
        ]
        super().__init__(
            socket, home, config, size=(200, 200), settings=settings, deadline=DEADLINE
        )
        self.marks = 0

    def start(self) -> None:
        super().start()
        self.tmux("select-pane", "-t", "e2e", "-T", KNOWN_TITLE)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", "e2e")

    def title(self) -> str:
        return self.tmux("display-message", "-p", "-t", "e2e", "#{pane_title}").strip()

    def buffers(self) -> str:
        return self.tmux("list-buffers")

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "e2e", "-l", text)
        self.tmux("send-keys", "-t", "e2e", "Enter")

    def key(self, key: str) -> None:
        self.tmux("send-keys", "-t", "e2e", key)

    def wait_for(self, what: str, ready: Any) -> str:
        deadline = time.monotonic() + DEADLINE
        while True:
            shown = self.screen()
            if ready(shown):
                return shown
            assert time.monotonic() < deadline, f"never saw {what}; the screen was:\n{shown}"
            time.sleep(POLL)

    def run(self, command: str) -> tuple[str, str]:
        """Print a marker, run the command, wait for it to end. Returns (marker, screen)."""
        self.marks += 1
        mark, done = f"MARK-{self.marks}-before", f"==done {self.marks} rc="
        self.type(f'echo {mark}; {command}; echo "{done}$?"')
        shown = self.wait_for(
            f"the end of {command!r}", lambda s: any(ln.startswith(done) for ln in s.splitlines())
        )
        return mark, shown


@pytest.fixture
def terminal(tmp_path: Path, hostile: dict[str, Any]) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed; the terminal tests need it")
    socket = socket_path(tmp_path, "hostile")
    with running(Terminal(socket, hostile["home"], tmp_path / "tmux.conf")) as term:
        yield term


def _assert_untouched(terminal: Terminal, what: str) -> None:
    assert terminal.title() == KNOWN_TITLE, f"{what} retitled the pane: {terminal.title()!r}"
    assert terminal.buffers() == "", f"{what} wrote the clipboard: {terminal.buffers()!r}"


def test_no_escape_sequence_from_the_plan_reaches_a_terminal_from_a_command(
    terminal: Terminal,
) -> None:
    for command in (
        "recovery goals -c demo --all",
        "recovery dreams -c demo",
        "recovery check-ins -c demo",
        "recovery ladder -c demo",
        "recovery area 2 -c demo",
        "recovery needs -c demo",
        "recovery need 3 -c demo",
        "recovery review -c demo",
        "recovery client list",
        "recovery report weekly -c demo --format txt -o -",
        "recovery | cat",
    ):
        mark, shown = terminal.run(command)
        assert f"==done {terminal.marks} rc=0" in shown, shown
        lines = shown.splitlines()
        # The marker printed just before is still on the screen: nothing cleared it.
        assert mark in lines, f"{command!r} cleared the screen:\n{shown}"
        _assert_untouched(terminal, command)
        if command.startswith("recovery goals"):
            assert any(line.endswith(f"  {MARKUP['click']}") for line in lines), shown
            assert any(line.endswith(f"  {MARKUP['stray-close']}") for line in lines), shown

    # The checks above can see what they look for: the same bytes from printf do it.
    mark, shown = terminal.run("printf 'x\\033[2J\\033[Hy\\n'")
    assert mark not in shown.splitlines(), "a clear screen would go unnoticed"
    terminal.run("printf '\\033]0;pwned\\007\\033]52;c;cHduZWQ=\\007'")
    assert terminal.title() == "pwned"
    assert "pwned" in terminal.buffers()


def _end(terminal: Terminal, key: str, what: str) -> str:
    terminal.key(key)
    return terminal.wait_for(what, lambda s: re.search(r"^EXIT=\d+$", s, re.MULTILINE))


def test_no_escape_sequence_from_the_plan_reaches_a_terminal_from_the_tui(
    terminal: Terminal,
) -> None:
    # The caseload, as the worker sees it alone: the client's name from the index.
    mark, _ = terminal.run("true")
    terminal.type("recovery; echo EXIT=$?")
    terminal.wait_for("the caseload", lambda s: "Caseload" in s and "Robin" in s)
    _assert_untouched(terminal, "the caseload screen")
    after = _end(terminal, "Escape", "the caseload closed")
    assert "EXIT=0" in after.splitlines(), after
    assert mark in after.splitlines(), "the screen from before the caseload is back"
    _assert_untouched(terminal, "the caseload screen")

    # The shared screen, section by section.
    mark, _ = terminal.run("true")
    terminal.type("recovery session -c demo; echo EXIT=$?")
    terminal.wait_for("the session", lambda s: "Robin" in s and all(t in s for t in SECTIONS))
    for key, expected in (
        ("3", MARKUP["click"]),
        ("2", MARKUP["link-markup"]),
        ("4", "Step"),
        ("5", "The client says"),
        ("6", "Weekly review"),
        ("1", "Coordinator:"),
    ):
        terminal.key(key)
        shown = terminal.wait_for(f"section {key} with {expected!r}", lambda s, e=expected: e in s)
        _assert_untouched(terminal, f"section {key} of the session")
        assert not forbidden_in(shown), f"section {key} of the session: {forbidden_in(shown)}"
    terminal.key("Escape")
    terminal.wait_for("the question", lambda s: "Esc again ends the session" in s)
    after = _end(terminal, "Escape", "the session end")
    assert "EXIT=0" in after.splitlines(), after
    assert mark in after.splitlines(), "the screen from before the session is back"
    _assert_untouched(terminal, "the session")
