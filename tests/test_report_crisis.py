"""The crisis plan the client keeps: the A4 page and the card read back with poppler, Markdown
and text, and `recovery report crisis` from the command line (names, modes, refusals).

The calendar is frozen (the `day` fixture): the demo's plan was gone through six weeks before
26 November 2026, on 15 October, and is to be gone through again by 15 April 2027.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cli_support import as_json, ok, refused, run, snapshot
from recoverytui.core import i18n
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store
from recoverytui.core.templates import load
from recoverytui.core.text import safe
from recoverytui.report.crisis import CrisisSheet, build_crisis_sheet, render_crisis
from recoverytui.report.text import md

HEADINGS = (
    "Crisis plan",
    "How I am when I'm well",
    "Early warning signs",
    "What I notice",
    "What I do",
    "What others can do",
    "What helps",
    "What does not help",
    "How I want to be met",
    "People to call",
    "People who must not be contacted",
    "Wishes for treatment and care",
    "Practical things if I am away",
    "Self-referral agreement",
    "Help numbers",
)
# The demo client's own words, as the plan holds them.
CLIENT_WORDS = (
    "I get up before nine, make coffee and go for a walk. I answer when people call.",
    "I stop opening the post",
    "Tell Kari the same week",
    "Ask me about the post and open it with me",
    "The voices get louder and I keep the curtains shut",
    "Walking by the river",
    "Being told to calm down",
    "Two people at most, and not in uniform if it can be helped",
    "my contact at the municipality",
    "My father",
    "It makes things worse just now",
    "Tablets rather than injections",
    "Feed the cat",
    "Who sees to it: Sara",
    "DPS Nord, short-stay unit",
    "Up to three nights, five times a year. Call before six in the evening.",
)
DATES = (
    "Last gone through 15 October 2026",
    "To be gone through again by 15 April 2027",
    "Printed 26 November 2026",
)
HOSTILE = ("[@click=app.quit]x[/]", "x [/", "**bold** <b>")
LONG = "Ring the bell twice and wait, then " + "say who you are and what day it is " * 2


@pytest.fixture
def demo(home: Path, day: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The demo client, made today, with the command run from an empty folder."""
    store = Store(home)
    create_demo(store, today=day[0])
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return store


def sheet_of(store: Store, handle: str = "demo") -> CrisisSheet:
    from recoverytui.core import dates

    with store.plan(handle) as plan:
        client, crisis = plan.client, plan.crisis()
    numbers = load(store.home, only=("help.txt",)).help
    return build_crisis_sheet(client, crisis, numbers, today=dates.today())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# Poppler ------------------------------------------------------------------------------------

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed; .ci/run installs it",
)


def pdf_text(path: Path, *options: str) -> str:
    result = subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    return result.stdout


def pdf_info(path: Path) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {
        key.strip(): value.strip()
        for key, value in (line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
    }


def word_height(path: Path, word: str) -> float:
    """How tall `word` is set on the page, in points (pdftotext -bbox)."""
    found = re.search(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + re.escape(word) + "<",
        pdf_text(path, "-bbox"),
    )
    assert found, word
    return float(found.group(2)) - float(found.group(1))


def line_with(text: str, start: str) -> str:
    """The first line where `start` begins a column (after spaces, or two of them)."""
    found = re.compile(r"(^|  )\s*" + re.escape(start))
    return next(line for line in text.splitlines() if found.search(line))


# The A4 page -------------------------------------------------------------------------------


@needs_poppler
def test_the_demo_plan_is_one_a4_page_with_every_part(demo: Store) -> None:
    out = ok("report", "crisis", "-c", "demo")
    path = Path.cwd() / "demo-crisis.pdf"
    assert str(path) in out
    info = pdf_info(path)
    assert info["Pages"] == "1"
    assert info["Page size"] == "595.28 x 841.89 pts (A4)"
    assert "Robin" not in info.get("Title", "") + info.get("Author", "")
    layout = pdf_text(path, "-layout")
    text = flat(pdf_text(path))
    assert "Robin" in layout
    for words in (*HEADINGS, *DATES):
        assert words in layout, words
    for words in CLIENT_WORDS:
        assert words in text, words
    # Each number on the line of the person or service it is for, easy to find.
    assert "123 45 678" in line_with(layout, "Kari ")
    assert "123 45 000" in line_with(layout, "DPS Nord")
    assert "116 117" in line_with(layout, "Out-of-hours doctor (legevakt)")
    assert "22 40 00 40" in layout


@needs_poppler
def test_a_part_with_nothing_in_it_is_left_out_but_the_help_numbers_never(
    home: Path, day: list[Any], tmp_path: Path
) -> None:
    store = Store(home)
    store.add_client("Sam", handle="sam")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(render_crisis(sheet_of(store, "sam"), "pdf"))
    text = pdf_text(empty, "-layout")
    assert "Nothing is written in this crisis plan yet." in text
    assert "Not gone through together yet" in text
    assert "Help numbers" in text and "116 117" in text
    with store.plan("sam", write=True) as plan:
        plan.add_to_crisis("helps", "Tea in the garden")
    some = tmp_path / "some.pdf"
    some.write_bytes(render_crisis(sheet_of(store, "sam"), "pdf"))
    text = pdf_text(some, "-layout")
    assert "What helps" in text and "Tea in the garden" in text
    for heading in ("Early warning signs", "What does not help", "People to call",
                    "Self-referral agreement", "Nothing is written"):  # fmt: skip
        assert heading not in text, heading
    assert "Help numbers" in text and "113" in text


@needs_poppler
def test_a_fuller_plan_comes_down_in_type_to_stay_on_one_page(demo: Store, tmp_path: Path) -> None:
    as_it_is = tmp_path / "demo.pdf"
    as_it_is.write_bytes(render_crisis(sheet_of(demo), "pdf"))
    with demo.plan("demo", write=True) as plan:
        for number in range(3):
            plan.add_to_crisis("sign", f"I forget to eat, day {number}",
                               action="Eat something small at noon, a sandwich will do",
                               others="Bring me soup and sit with me while I eat it")  # fmt: skip
    fuller = tmp_path / "fuller.pdf"
    fuller.write_bytes(render_crisis(sheet_of(demo), "pdf"))
    assert pdf_info(fuller)["Pages"] == "1"
    assert word_height(fuller, "Walking") < word_height(as_it_is, "Walking")
    assert "Bring me soup and sit with me while I eat it" in flat(pdf_text(fuller))


@needs_poppler
def test_a_very_full_plan_runs_on_to_a_second_page_without_losing_a_word(
    demo: Store, tmp_path: Path
) -> None:
    with demo.plan("demo", write=True) as plan:
        for number in range(12):
            plan.add_to_crisis("sign", f"Sign number {number}, when the nights get long",
                               action=f"{number}: {LONG}", others=f"{number}: {LONG}")  # fmt: skip
    sheet = sheet_of(demo)
    path = tmp_path / "full.pdf"
    path.write_bytes(render_crisis(sheet, "pdf"))
    assert pdf_info(path)["Pages"] == "2"
    text = flat(pdf_text(path))
    assert f"11: {LONG.strip()}" in text
    assert "Sign number 11, when the nights get long" in text
    assert "Help numbers" in text and "22 40 00 40" in text
    # The card holds them too, on a second sheet if it must.
    card = tmp_path / "full-card.pdf"
    card.write_bytes(render_crisis(sheet, "card"))
    assert int(pdf_info(card)["Pages"]) in (1, 2)
    assert f"What I do: 11: {LONG.strip()}" in flat(pdf_text(card))


def test_a_plan_with_every_field_at_its_longest_still_renders(day: list[Any]) -> None:
    """Made as a plan file from elsewhere could hold it: many entries, each at its limit."""
    longest = "w" * 9 + (" word" * 40)[:190]
    entry = {"text": longest, "action": longest, "others": longest, "who": longest,
             "name": "N" * 80, "relation": "R" * 80, "phone": "+47 " + "1" * 26,
             "voice": "worker"}  # fmt: skip
    crisis = {
        "well": ("I am well " * 200)[:2000],
        "voice": "together",
        **{part: [dict(entry, number=n) for n in range(1, 21)]
           for part in ("signs", "helps", "avoid", "met", "contacts", "no_contact",
                        "treatment", "practical")},
        "admission": {"unit": "U" * 80, "phone": "1" * 30, "text": "Allowed\n" * 250,
                      "renew_by": "2027-01-01", "voice": "together"},
        "reviewed": "2026-11-01",
        "revise_by": "2027-05-01",
    }  # fmt: skip
    sheet = build_crisis_sheet({"handle": "x", "name": "X " * 40}, crisis,
                               [("Help " * 30, "113")] * 12, today=day[0])  # fmt: skip
    for fmt in ("pdf", "card"):
        assert render_crisis(sheet, fmt).startswith(b"%PDF-")
    assert "in the worker's words" in render_crisis(sheet, "txt").decode()


# The card ---------------------------------------------------------------------------------


@needs_poppler
def test_the_card_holds_signs_what_helps_people_and_numbers(demo: Store) -> None:
    written = as_json("report", "crisis", "-c", "demo", "--format", "card")
    path = Path.cwd() / "demo-crisis-card.pdf"
    assert written == [{"client": "demo", "format": "card", "path": str(path)}]
    assert mode(path) == 0o600
    info = pdf_info(path)
    assert info["Pages"] == "1"
    assert info["Page size"] == "841.89 x 595.28 pts (A4)"  # landscape, folded to A7
    text = flat(pdf_text(path))
    for words in ("Crisis card", "Robin", "Early warning signs", "I stop opening the post",
                  "What I do: Tell Kari the same week", "What helps", "Walking by the river",
                  "People to call", "my contact at the municipality",
                  "Self-referral agreement", "DPS Nord", "Help numbers",
                  "Fold it like a map"):  # fmt: skip
        assert words in text, words
    layout = pdf_text(path, "-layout")
    for name, number in (("Kari", "123 45 678"), ("Sara", "123 45 679"), ("Jon", "123 45 680"),
                         ("DPS Nord", "123 45 000"), ("Police", "112"),
                         ("Out-of-hours", "116 117")):  # fmt: skip
        assert number in line_with(layout, name), (name, number)
    # What others can do, and whom not to call, stay on the page at home.
    assert "Ask me about the post" not in text
    assert "My father" not in text


@needs_poppler
@pytest.mark.parametrize("fmt", ["pdf", "card"])
def test_a_phone_number_is_never_broken_across_lines(demo: Store, fmt: str) -> None:
    ok("crisis", "add", "contact", "Anne", "-c", "demo", "--relation", "aunt, mum's sister",
       "--phone", "+47 987 65 432")  # fmt: skip
    ok("crisis", "add", "contact", "Per", "-c", "demo", "--phone", "+47 400 00 000 ext. 12")
    ok("report", "crisis", "-c", "demo", "--format", fmt, "-o", "out.pdf")
    lines = pdf_text(Path("out.pdf"), "-layout").splitlines()
    for number in ("+47 987 65 432", "+47 400 00 000 ext. 12", "123 45 678", "22 40 00 40"):
        assert any(number in line for line in lines), number


# Markdown and text --------------------------------------------------------------------------


def test_markdown_and_text_say_what_the_page_says(demo: Store) -> None:
    text = ok("report", "crisis", "-c", "demo", "--format", "txt", "-o", "-")
    assert text == render_crisis(sheet_of(demo), "txt").decode()
    assert list(Path.cwd().iterdir()) == []  # -o - wrote no file
    assert text.startswith("Crisis plan: Robin\n==================\n")
    markdown = ok("report", "crisis", "-c", "demo", "--format", "md", "-o", "-")
    assert markdown.startswith("# Crisis plan: Robin\n")
    for words in (*HEADINGS[1:], *DATES):
        if words != "What I notice":  # the page's column head; the lines say it plainly
            assert words in text, words
            assert md(words) in markdown, words
    for words in CLIENT_WORDS:
        assert flat(words) in flat(text), words  # wrapped at 80 columns
        assert md(words) in markdown, words
    assert "- What I do: Tell Kari the same week" in text
    assert re.search(r"- Kari, my contact at the municipality +123 45 678\n", text)
    assert "- Kari, my contact at the municipality: **123 45 678**" in markdown
    assert re.search(r"- Out-of-hours doctor \(legevakt\) +116 117\n", text)
    assert "- DPS Nord, short-stay unit: **123 45 000**" in markdown
    assert "Renew by" in text and "(agreed together)" in text


def test_hostile_words_stay_as_typed_in_every_format(demo: Store, tmp_path: Path) -> None:
    with demo.plan("demo", write=True) as plan:
        for words in HOSTILE:
            plan.add_to_crisis("sign", words, action=words)
    sheet = sheet_of(demo)
    text = render_crisis(sheet, "txt").decode()
    markdown = render_crisis(sheet, "md").decode()
    for words in HOSTILE:
        assert f"- {words}\n" in text
        assert f"- What I do: {words}\n" in text
        assert md(words) in markdown
    assert "\\[@click=app\\.quit\\]x\\[/\\]" in markdown
    assert "\\*\\*bold\\*\\* &lt;b\\>" in markdown
    assert ok("report", "crisis", "-c", "demo", "--format", "txt", "-o", "-") == text
    if shutil.which("pdftotext"):
        for fmt in ("pdf", "card"):
            path = tmp_path / f"{fmt}.pdf"
            path.write_bytes(render_crisis(sheet, fmt))
            shown = flat(pdf_text(path))
            for words in HOSTILE:
                assert words in shown, (fmt, words)


def test_a_control_character_from_another_tool_never_reaches_the_terminal(
    demo: Store, home: Path
) -> None:
    # Old or imported data may hold an escape sequence; what is printed is cleaned.
    plan_file = next((home / "clients").glob("*.json"))
    data = json.loads(plan_file.read_text())
    for doc in data["crisis"].values():
        doc["signs"][0]["text"] = "Post\x1b]0;pwned\x07 here"
        doc["well"] = "Well\x1b[2J and \x9b1m"
    plan_file.write_text(json.dumps(data))
    sheet = sheet_of(demo)
    for fmt in ("txt", "md"):
        out = render_crisis(sheet, fmt).decode()
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
        assert "Post\ufffd]0;pwned\ufffd here" in out.replace("\\", "")
    shown = ok("report", "crisis", "-c", "demo", "--format", "md", "-o", "-")
    assert "\x1b" not in shown
    assert "\x1b" not in safe("Post\x1b]0;pwned\x07 here")


# The command line ---------------------------------------------------------------------------


def test_the_files_are_private_and_named_for_the_client(demo: Store, tmp_path: Path) -> None:
    for fmt, name in (("pdf", "demo-crisis.pdf"), ("card", "demo-crisis-card.pdf"),
                      ("md", "demo-crisis.md"), ("txt", "demo-crisis.txt")):  # fmt: skip
        out = ok("report", "crisis", "-c", "demo", "--format", fmt)
        assert f"{Path.cwd() / name}" in out
        assert mode(Path.cwd() / name) == 0o600
    assert sorted(p.name for p in Path.cwd().iterdir()) == sorted(
        ["demo-crisis.pdf", "demo-crisis-card.pdf", "demo-crisis.md", "demo-crisis.txt"]
    )  # no temp file left
    # -o names a file, whose ending gives the format; or a folder, which gets the default name.
    ok("report", "crisis", "-c", "demo", "-o", str(tmp_path / "plan.md"))
    assert (tmp_path / "plan.md").read_text().startswith("# Crisis plan: Robin")
    assert mode(tmp_path / "plan.md") == 0o600
    ok("report", "crisis", "-c", "demo", "--format", "card", "-o", str(tmp_path / "card.pdf"))
    assert (tmp_path / "card.pdf").read_bytes().startswith(b"%PDF-")
    written = as_json("report", "crisis", "-c", "demo", "--format", "txt", "-o", "out/")
    folder = Path.cwd() / "out"
    assert written == [{"client": "demo", "format": "txt",
                        "path": str(folder / "demo-crisis.txt")}]  # fmt: skip
    assert mode(folder) == 0o700 and mode(folder / "demo-crisis.txt") == 0o600


REFUSED = {
    "an unknown format": (["-c", "demo", "--format", "docx"], "format"),
    "an unknown client": (["-c", "nobody"], "nobody"),
    "a PDF to the terminal": (["-c", "demo", "-o", "-"], "terminal"),
    "the card to the terminal": (["-c", "demo", "--format", "card", "-o", "-"], "terminal"),
    "--json to the terminal": (["-c", "demo", "--format", "md", "-o", "-", "--json"], "terminal"),
    "Markdown into a .pdf": (["-c", "demo", "--format", "md", "-o", "plan.pdf"], "match"),
    "the card into a .txt": (["-c", "demo", "--format", "card", "-o", "card.txt"], "match"),
    "a folder that isn't there": (["-c", "demo", "-o", "nowhere/plan.pdf"], "isn't there"),
}


@pytest.mark.parametrize("args,message", REFUSED.values(), ids=REFUSED.keys())
def test_refused_with_exit_2_and_nothing_written(
    demo: Store, home: Path, args: list[str], message: str
) -> None:
    before = snapshot(Path.cwd())
    stderr = refused(home, "report", "crisis", *args)
    assert message in stderr
    assert snapshot(Path.cwd()) == before


def test_without_a_client_it_says_how_to_name_one(home: Path, day: list[Any]) -> None:
    result = run("report", "crisis")
    assert result.exit_code == 2
    assert "--client" in result.stderr or "-c" in result.stderr


def test_a_template_of_the_services_own_numbers_is_printed(demo: Store, home: Path) -> None:
    (home / "templates").mkdir()
    (home / "templates" / "help.txt").write_text("- Our duty phone, weekdays: 123 00 111\n")
    text = ok("report", "crisis", "-c", "demo", "--format", "txt", "-o", "-")
    assert re.search(r"- Our duty phone, weekdays +123 00 111\n", text)
    assert "116 117" not in text
    # A template that can't be read is passed over for the built-in one, and said.
    (home / "templates" / "help.txt").write_text("no numbers here\n")
    result = run("report", "crisis", "-c", "demo", "--format", "txt", "-o", "-")
    assert result.exit_code == 0
    assert "help.txt" in result.stderr and "116 117" in result.stdout


def test_in_bokmal_the_headings_and_dates_follow_the_language(home: Path, day: list[Any]) -> None:
    i18n.use("nb")
    try:
        store = Store(home)
        create_demo(store, today=day[0])
        text = render_crisis(sheet_of(store), "txt").decode()
    finally:
        i18n.use("en")
    for words in ("Tidlige varselsignaler", "Personer som kan ringes", "Det som hjelper",
                  "Personer som ikke skal kontaktes", "Praktiske ting hvis jeg er borte",
                  "15. oktober 2026", "Legevakt", "116 117",
                  "Jeg slutter å åpne posten"):  # fmt: skip
        assert words in text, words
