"""The weekly printout: Markdown and text as snapshots, the PDF read back with poppler, and
`recovery report weekly` from the command line (one client, --all, refusals, file modes).

Time is frozen on Friday 27 November 2026, in 2026-W48 (23–29 November).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from typer.testing import CliRunner

import recoverytui.cli
from recoverytui.cli.app import app
from recoverytui.core import dates
from recoverytui.core.demo import create_demo
from recoverytui.core.settings import save_setting
from recoverytui.core.store import Store
from recoverytui.core.weekly import build_week_report
from recoverytui.report import PARALLEL_FROM, render
from recoverytui.report.text import md

recoverytui.cli.load_all()  # every command registered on the app

FRIDAY = dt.date(2026, 11, 27)
D = dt.date.fromisoformat
runner = CliRunner()

HOSTILE = {
    "dream": "blåbær ÆØÅ, and a [/] in it",
    "goal": "[@click=app.quit]x[/]",
    "note": "she said \"don't\" and 'maybe' x [/",
    "area": "Rent [/]",
    "action": "<b>Apply</b> *now* [here](http://example.org)",
}
THIS_WEEK_NOTE = "Twice to the shop this week"
LAST_WEEK_NOTE = "Only in week forty-seven"


class MarkdownSnapshot(SingleFileSnapshotExtension):
    _file_extension = "md"
    _write_mode = WriteMode.TEXT


class TextSnapshot(SingleFileSnapshotExtension):
    _file_extension = "txt"
    _write_mode = WriteMode.TEXT


@pytest.fixture(autouse=True)
def _fonts_not_cut_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a process that has printed no sheet for many clients: a test
    elsewhere that ran `report weekly --all` in this process has cut the fonts down ahead."""
    from recoverytui.report import pdf as sheet

    monkeypatch.setattr(sheet, "_cuts", {})


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store in RECOVERY_HOME with time frozen, run from an empty folder of its own."""
    folder = tmp_path / "home"
    monkeypatch.setenv("RECOVERY_HOME", str(folder))
    monkeypatch.delenv("RECOVERY_CLIENT", raising=False)
    monkeypatch.setattr(dates, "today", lambda: FRIDAY)
    monkeypatch.setattr(dates, "now_iso", lambda: "2026-11-27T10:00:00+01:00")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return folder


@pytest.fixture
def robin(home: Path) -> Store:
    """Robin's plan, with hostile text where a person could type it."""
    save_setting(home, "worker", "Ola")  # who prints the sheet: Kari coordinates the plan
    store = Store(home)
    store.add_client("Robin", handle="robin", coordinator="Kari")
    with store.plan("robin", write=True) as plan:
        plan.add_dream(HOSTILE["dream"])
        plan.add_dream("Go fishing with my brother", voice="together")
        plan.add_goal(HOSTILE["goal"], steps=["With Kari", "Alone"], due="2026-12-10",
                      support="Kari", base=D("2026-10-01"))  # fmt: skip
        plan.complete_step(1, 1, on=D("2026-11-10"))
        plan.check_in(1, 1, note=LAST_WEEK_NOTE, on=D("2026-11-18"))
        plan.check_in(1, 3, note=THIS_WEEK_NOTE, on=D("2026-11-24"))
        plan.check_in(1, 2, note=HOSTILE["note"] + "\nand a second line", on=D("2026-11-26"))
        plan.add_goal("Buy a bed", base=D("2026-10-01"))
        plan.set_goal_status(2, "reached", note="Slept all night!", voice="client",
                             base=D("2026-11-25"))  # fmt: skip
        plan.add_area(HOSTILE["area"], step=2, on=D("2026-10-01"))
        plan.step_up(1, note="Paid it myself", voice="client", on=D("2026-11-24"),
                     next_step="Pay alone; Kari checks after")  # fmt: skip
        plan.rate_need("A budget for the week", client_says="unmet", worker_says="partly",
                       action=HOSTILE["action"], who="Kari & Robin", due="2026-12-01")  # fmt: skip
        plan.record_review("2026-W47", hope=4, agree=["Call my brother", "Rest"],
                           on=D("2026-11-20"))  # fmt: skip
        plan.set_agreed_step("2026-W47", 1, done=D("2026-11-22"))
        plan.record_review("2026-W48", words="A better week. [/] I went out!", hope=6,
                           agree=["Walk alone on Tuesday"], on=FRIDAY)  # fmt: skip
    return store


def week_report(store: Store, handle: str = "robin", week: str = "2026-W48") -> Any:
    """The week's sheet as `report weekly` makes it, signed for by the worker it names."""
    with store.plan(handle) as plan:
        return build_week_report(plan, week, today=FRIDAY, worker=store.worker_name())


def files(folder: Path) -> dict[str, bytes | None]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# Markdown and text -------------------------------------------------------------------------


def test_markdown_snapshot(robin: Store, snapshot: Any) -> None:
    assert render(week_report(robin), "md").decode() == snapshot(extension_class=MarkdownSnapshot)


def test_text_snapshot(robin: Store, snapshot: Any) -> None:
    assert render(week_report(robin), "txt").decode() == snapshot(extension_class=TextSnapshot)


def test_text_and_markdown_carry_the_same_words(robin: Store) -> None:
    report = week_report(robin)
    text = render(report, "txt").decode()
    markdown = render(report, "md").decode()
    shown = (
        *HOSTILE.values(),
        THIS_WEEK_NOTE,
        "Slept all night!",
        "Walk alone on Tuesday",
        "Call my brother",
        "A better week. [/] I went out!",
        "Hope for the future: 6",
    )
    for words in shown:
        first_line = words.split("\n")[0]
        assert first_line in text, words
        assert md(first_line) in markdown, words
    assert LAST_WEEK_NOTE not in text
    assert LAST_WEEK_NOTE not in markdown


def test_goals_set_aside_this_week_are_shown_kindly_in_every_format(
    robin: Store, tmp_path: Path
) -> None:
    with robin.plan("robin", write=True) as plan:
        plan.add_goal("Join the choir", base=D("2026-10-01"))
        plan.set_goal_status(3, "paused", note="Too much right now", voice="client",
                             base=D("2026-11-24"))  # fmt: skip
        plan.add_goal("Move to Bergen", base=D("2026-10-01"))
        plan.set_goal_status(4, "let-go", note="Home is here", voice="client",
                             base=D("2026-11-25"))  # fmt: skip
    report = week_report(robin)
    text = render(report, "txt").decode()
    assert "Resting for now\n---------------\n  Join the choir, resting since Tue 24 Nov" in text
    assert "“Too much right now”  (in the client's words)" in text
    assert "Let go\n------\n  Move to Bergen, let go Wed 25 Nov" in text
    assert "“Home is here”" in text
    markdown = render(report, "md").decode()
    assert "## Resting for now" in markdown and "## Let go" in markdown
    assert "Too much right now" in markdown and "Home is here" in markdown
    if shutil.which("pdftotext"):
        path = tmp_path / "robin.pdf"
        path.write_bytes(render(report, "pdf"))
        flat = re.sub(r"\s+", " ", pdf_text(path))
        for words in ("Resting for now", "Join the choir, resting since Tue 24 Nov",
                      "Too much right now", "Let go", "Home is here"):  # fmt: skip
            assert words in flat, words


def test_a_check_in_on_a_resting_or_reached_goal_is_on_the_sheet_in_every_format(
    robin: Store, tmp_path: Path
) -> None:
    with robin.plan("robin", write=True) as plan:
        plan.add_goal("Join the choir", base=D("2026-10-01"))
        plan.set_goal_status(3, "paused", base=D("2026-11-02"))
        plan.check_in(3, 1, note="Hummed along on the radio", on=D("2026-11-25"))
        plan.check_in(2, 4, on=D("2026-11-26"))  # "Buy a bed", reached on Wednesday
    report = week_report(robin)
    text = render(report, "txt").decode()
    assert (
        "Resting for now\n---------------\n"
        "  Join the choir, resting since Mon 2 Nov\n"
        "    This week:\n"
        "    - Wed 25 Nov: 1 of 4, a small start\n"
        "      “Hummed along on the radio”  (in the client's words)\n"
    ) in text
    assert "    This week:\n    - Thu 26 Nov: 4 of 4, all the way\n" in text
    markdown = render(report, "md").decode()
    assert (
        "## Resting for now\n\n"
        "- Join the choir, resting since Mon 2 Nov\n"
        "    - This week:\n"
        "    - Wed 25 Nov: 1 of 4, a small start\n"
        "        - “Hummed along on the radio” *(in the client's words)*\n"
    ) in markdown
    assert "Thu 26 Nov: 4 of 4, all the way" in markdown
    for sheet in (text, markdown):
        assert "fail" not in sheet.lower()
    if shutil.which("pdftotext"):
        path = tmp_path / "robin.pdf"
        path.write_bytes(render(report, "pdf"))
        flat = re.sub(r"\s+", " ", pdf_text(path))
        for words in ("Resting for now Join the choir, resting since Mon 2 Nov This week "
                      "Wed 25 Nov: 1 of 4, a small start “Hummed along on the radio”",
                      "reached Wed 25 Nov “Slept all night!” This week "
                      "Thu 26 Nov: 4 of 4, all the way"):  # fmt: skip
            assert words in flat, words


def test_a_new_clients_needs_are_not_rated_yet_rather_than_none_open(home: Path) -> None:
    store = Store(home)
    store.add_client("Sam", handle="sam")
    for fmt in ("txt", "md"):
        sheet = render(week_report(store, "sam"), fmt).decode()
        assert "The basic needs haven't been rated yet." in sheet
        assert "Nothing open." not in sheet
    with store.plan("sam", write=True) as plan:
        plan.rate_need("A bed", client_says="met", worker_says="met")
    sheet = render(week_report(store, "sam"), "txt").decode()
    assert "Nothing open." in sheet and "rated yet" not in sheet


def test_markdown_never_reads_user_text_as_markup() -> None:
    # Backslashes where Python-Markdown reads them too, entities for the rest.
    assert md("[x](http://e) <b>y</b> *z* _w_ `c` a|b ~~s~~ &amp;") == (
        r"\[x\](http:/&#47;e) &lt;b\>y&lt;/b\> \*z\* \_w\_ \`c\` a&#124;b "
        r"&#126;&#126;s&#126;&#126; &amp;amp;"
    )
    assert md("# not a heading\n- not a list\n1. not a number") == (
        "\\# not a heading\n\\- not a list\n1\\. not a number"
    )


def test_markdown_shows_a_number_at_the_start_of_a_line_as_typed() -> None:
    from markdown_it import MarkdownIt

    # CommonMark escapes punctuation only: "\\2." would show its backslash.
    for typed in ("2. then the shop", "  10) call Kari", "1999. a good year", "- not a list"):
        html = MarkdownIt("commonmark").render(md(typed))
        assert html == f"<p>{typed.strip()}</p>\n", (typed, md(typed), html)


def test_text_output_has_no_terminal_controls(robin: Store, home: Path) -> None:
    # Old or imported data may hold an escape sequence; what reaches a terminal is cleaned.
    plan_file = next((home / "clients").glob("*.json"))
    data = json.loads(plan_file.read_text())
    for doc in data["dreams"].values():
        doc["text"] = "Title\x1b]0;pwned\x07 here"
    plan_file.write_text(json.dumps(data))
    for fmt in ("txt", "md"):
        out = render(week_report(robin), fmt).decode()
        assert "\x1b" not in out and "\x07" not in out
        assert "Title\ufffd]0;pwned\ufffd here" in out.replace("\\", "")


# The PDF, read back --------------------------------------------------------------------------

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed; .ci/run installs it",
)


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    return result.stdout


def pdf_info(path: Path) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(
        (key.strip(), value.strip())
        for key, value in (line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
    )


@needs_poppler
def test_pdf_holds_the_week_and_user_text_verbatim(robin: Store, tmp_path: Path) -> None:
    path = tmp_path / "robin.pdf"
    path.write_bytes(render(week_report(robin), "pdf"))
    text = pdf_text(path)
    flat = re.sub(r"\s+", " ", text)
    assert "Robin" in text
    assert "Week 48, 23–29 November 2026" in text
    assert THIS_WEEK_NOTE in flat
    assert LAST_WEEK_NOTE not in flat
    verbatim = (
        "[/]",
        "x [/",
        "[@click=app.quit]x[/]",
        "blåbær ÆØÅ",
        *HOSTILE.values(),
        "Kari & Robin",
        "A better week. [/] I went out!",
        "Slept all night!",
        "Walk alone on Tuesday",
    )
    for words in verbatim:
        assert words in flat, words
    info = pdf_info(path)
    assert "A4" in info["Page size"], info
    assert 1 <= int(info["Pages"]) <= 2
    # The file's metadata names no one: the sheet itself says whom it is for.
    assert "Robin" not in info.get("Title", "") + info.get("Author", "") + info.get("Subject", "")


@needs_poppler
def test_demo_week_prints_on_one_or_two_a4_pages(home: Path, tmp_path: Path) -> None:
    store = Store(home)
    create_demo(store, today=FRIDAY)
    with store.plan("demo", write=True) as plan:  # this week's review, as a session would
        plan.record_review(words="I called my brother. We talked for an hour.", hope=7,
                           agree=["Shop alone on Tuesday", "Ask about the lake"])  # fmt: skip
    path = tmp_path / "demo.pdf"
    path.write_bytes(render(week_report(store, "demo"), "pdf"))
    info = pdf_info(path)
    assert info["Page size"] == "595.28 x 841.89 pts (A4)"
    assert int(info["Pages"]) in (1, 2)
    text = re.sub(r"\s+", " ", pdf_text(path))
    expected = (
        "Robin",
        "Week 48, 23–29 November 2026",
        "Once on my own, once with my neighbour.",
        "I called my brother. We talked for an hour.",
        "In my own words",
        "signature",
    )
    for words in expected:
        assert words in text, words
    # Week 47's notes are in the plan, not on this week's sheet.
    assert "Twice this week. Bought coffee and bread." not in text


@needs_poppler
def test_pdf_shows_an_emoji_it_cannot_draw_as_one_placeholder(home: Path, tmp_path: Path) -> None:
    store = Store(home)
    store.add_client("Sam", handle="sam")
    with store.plan("sam", write=True) as plan:
        plan.add_goal("Call", base=D("2026-11-01"))
        plan.check_in(1, 2, note="thumbs 👍🏽 up, family 👨‍👩‍👧 and flag 🇳🇴 ☺ ✓ æøå")
    path = tmp_path / "sam.pdf"
    path.write_bytes(render(week_report(store, "sam"), "pdf"))
    # One placeholder per emoji (modifier, joiners and flag letters fold in); what the font
    # has stays as it is.
    assert "thumbs ◌ up, family ◌ and flag ◌ ☺ ✓ æøå" in re.sub(r"\s+", " ", pdf_text(path))


@needs_poppler
def test_a_need_too_long_for_a_page_is_cut_in_the_pdf_table_not_a_crash(
    robin: Store, home: Path, tmp_path: Path
) -> None:
    # A table row can't run over a page; the program takes at most 200 characters for an
    # action, but a file made elsewhere may hold 4000, or many lines.
    plan_file = next((home / "clients").glob("*.json"))
    data = json.loads(plan_file.read_text())
    (need,) = [doc for doc in data["needs"].values() if doc["action"]]
    need["action"] = "Start " + "word " * 800 + "END"
    need["who"] = "Kari\nRobin"
    need["name"] = "Rent\n" * 300
    plan_file.write_text(json.dumps(data))
    path = tmp_path / "robin.pdf"
    path.write_bytes(render(week_report(robin), "pdf"))
    flat = re.sub(r"\s+", " ", pdf_text(path))
    assert "Kari ⏎ Robin: Start word word" in flat and "Rent ⏎ Rent ⏎" in flat
    assert flat.count("…") == 2 and "END" not in flat
    assert int(pdf_info(path)["Pages"]) <= 2


def pdf_words(path: Path) -> list[tuple[str, float, float, float, float]]:
    """Each word on the pages with its box (x0, y0, x1, y1), as poppler reads them."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
                       result.stdout)  # fmt: skip
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


@needs_poppler
@pytest.mark.parametrize(
    "name", ["Anne-Marthe Kristoffersen-Haugland", "Abdirahman Mohamed Hassan-Abdullahi"]
)
def test_a_long_name_wraps_between_words_and_never_overlaps(
    home: Path, tmp_path: Path, name: str
) -> None:
    worker, coordinator = "Marte Kristine Solheim-Bakketeig", "Hans Petter Evensen-Aamodt"
    save_setting(home, "worker", worker)
    store = Store(home)
    store.add_client(name, handle="long", coordinator=coordinator)
    path = tmp_path / "long.pdf"
    path.write_bytes(render(week_report(store, "long"), "pdf"))
    boxes = pdf_words(path)
    # Every part of the name is printed whole (never broken inside a word) in the header
    # and in the signature block; the worker signs under their name, the coordinator's
    # beside it (also in the header).
    for part in name.split():
        assert sum(1 for box in boxes if box[0] == part) >= 3, (part, boxes[:12])
    for part in worker.split():
        assert sum(1 for box in boxes if box[0] == part) == 1, (part, boxes[-30:])
    for part in coordinator.split():
        assert sum(1 for box in boxes if box[0] == part) == 2, (part, boxes[-30:])
    signing = [box for box in boxes if box[0] in {"Worker:", "Coordinator:", *worker.split()}]
    assert len(signing) == 2 + len(worker.split()) + 1  # the header names the coordinator
    for box in signing:
        for other in boxes:
            _word, x0, y0, x1, y1 = other
            overlaps = x0 < box[3] and box[1] < x1 and y0 < box[4] and box[2] < y1
            assert other == box or not overlaps, (other, box)


# Speed: the font parsed once for many sheets, each drawn exactly as fpdf2 draws it -----------


def fpdf2_own_fonts(pdf: Any) -> None:
    """What the sheet does without its shortcuts: fpdf2 parses both faces for each document
    and measures text its own way."""
    from recoverytui.report import pdf as sheet

    for style, file in sheet.FACES.items():
        pdf.add_font(sheet.FONT, style=style, fname=str(sheet.FONTS / file))


def lines_of_every_kind(robin: Store) -> list[Any]:
    """Robin's sheets of this week, last week and this week again, with lines that wrap every
    way fpdf2 wraps them; this week's has a dream in Greek, which the fonts cut down ahead
    (COMMON) don't have, last week's doesn't (the dream came later)."""
    long_word = "Unbreakable" * 12
    plain = (  # broken by the sheet's own line breaker: no character it leaves to fpdf2
        "Two  spaces  between words,\n\nan empty line,  then   "
        f"{long_word} and words that wrap at the end of a line and go on " * 3
    )
    with robin.plan("robin", write=True) as plan:
        plan.check_in(1, 3, on=D("2026-11-25"), note=(
            "thumbs 👍🏽 up, a soft\u00adhyphen, no\u00a0break here, tab\there, "
            f"{long_word} and a long line of words that goes on " * 3
        ))  # fmt: skip
        plan.check_in(1, 2, on=D("2026-11-23"), note=plain)
        plan.add_goal("Short\tand\u00a0plain", base=D("2026-10-01"))
        plan.check_in(3, 1, on=D("2026-11-24"), note="a tab\there, no\u00a0break")
        plan.add_dream("Ένα σπίτι δίπλα στη θάλασσα")
    return [week_report(robin), week_report(robin, week="2026-W47"), week_report(robin)]


def test_pdf_is_byte_for_byte_what_fpdf2_draws_on_its_own(
    robin: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recoverytui.report import pdf as sheet

    reports = lines_of_every_kind(robin)
    shortcut = [render(report, "pdf") for report in reports]
    monkeypatch.setattr(sheet, "_add_faces", fpdf2_own_fonts)
    own = [render(report, "pdf") for report in reports]
    assert shortcut == own
    assert shortcut[0] == shortcut[2]  # nothing of one sheet carries over to the next


def pages(pdf: bytes, folder: Path) -> list[bytes]:
    """Each page of a PDF as poppler draws it: grey pixels, 50 to the inch."""
    source = folder / "sheet.pdf"
    source.write_bytes(pdf)
    for old in folder.glob("page*.pgm"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "50", "-gray", str(source), str(folder / "page")],
                   check=True, capture_output=True)  # fmt: skip
    return [page.read_bytes() for page in sorted(folder.glob("page*.pgm"))]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_with_the_fonts_cut_down_ahead_every_page_looks_the_same_to_the_pixel(
    robin: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As for many sheets: a sheet whose glyphs the fonts cut down ahead all have embeds that
    cut as it is (other bytes, a larger file); a face that lacks one (this week's regular
    face, for the Greek dream) is cut from the whole file, as fpdf2 does."""
    from recoverytui.report import pdf as sheet

    reports = lines_of_every_kind(robin)
    own = [render(report, "pdf") for report in reports]
    monkeypatch.setattr(sheet, "_cuts", {})
    sheet.read_fonts(many=True)
    whole: list[str] = []
    open_whole = sheet._open_font_file
    monkeypatch.setattr(sheet, "_open_font_file", lambda style: whole.append(style) or
                        open_whole(style))  # fmt: skip
    cut = [render(report, "pdf") for report in reports]
    assert whole == ["", ""]
    assert cut[1] != own[1] and len(cut[1]) > len(own[1])  # the cut fonts, embedded whole
    drawn = [pages(pdf, tmp_path) for pdf in own]
    assert all(drawn) and len(drawn[0]) >= 2
    assert [pages(pdf, tmp_path) for pdf in cut] == drawn
    assert cut[0] == cut[2]


LINES_TO_BREAK = [
    "Two  spaces  between words,\n\nan empty line,  then   words that wrap and go on",
    "   spaces first, and last   ",
    "Unbreakable" * 9 + " and then a word or two, " + "x" * 40,
    "a\u200bzero-width\u200bspace between, and a line that ends in a line break\n",
    "no\u00a0break in this one, which fpdf2 breaks on its own",  # left to fpdf2
    "\n",
]


@pytest.mark.parametrize("text", LINES_TO_BREAK)
def test_lines_break_where_fpdf2_breaks_them(text: str) -> None:
    from fpdf.enums import Align
    from fpdf.line_break import MultiLineBreak

    from recoverytui.report import pdf as sheet

    doc = sheet._Document(unit="mm", format="A4")
    sheet._add_faces(doc)

    def lines(breaker: type[MultiLineBreak], width: float, align: Align) -> list[Any]:
        fragments = doc._preload_font_styles(text, markdown=False)
        lines = breaker(fragments, width, [doc.c_margin, doc.c_margin], align=align)
        found = []
        while (line := lines.get_line()) is not None:
            found.append(
                (["".join(f.characters) for f in line.fragments], *line[1:], lines._is_first_line)
            )
        return found

    for style in ("", "B"):
        doc.set_font(sheet.FONT, style, 11)
        for tenth in range(150, 600, 7):  # every break a line of 15 to 60 mm can have
            for align in (Align.L, Align.J):
                own = lines(MultiLineBreak, tenth / 10, align)
                assert lines(sheet._LineBreak, tenth / 10, align) == own, (tenth, align)


def test_weekly_all_parses_each_font_once(robin: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from fpdf.fonts import SubsetMap, TTFFont

    from recoverytui.report import pdf as sheet

    for name in ("Sam", "Kim", "Ola"):
        robin.add_client(name)
    parsed: list[str] = []
    parse = TTFFont.__init__

    def counted(self: Any, fpdf: Any, path: Any, fontkey: str, *args: Any, **kw: Any) -> None:
        parsed.append(fontkey)
        parse(self, fpdf, path, fontkey, *args, **kw)

    monkeypatch.setattr(TTFFont, "__init__", counted)
    sheet._parsed.cache_clear()  # as in a new process
    sheet._known.cache_clear()
    ok("report", "weekly", "--all", "-o", "sheets")
    assert len(list((Path.cwd() / "sheets").iterdir())) == 4
    assert sorted(parsed) == ["dejavu", "dejavuB"]
    # Each finished sheet lets go of its fonts: fpdf2's glyph caches would keep them all.
    assert SubsetMap.pick.cache_info().currsize == 0


def test_many_pdfs_are_built_and_drawn_in_workers_byte_for_byte_as_one_by_one(
    tmp_path: Path,
) -> None:
    # In a process of its own: a fork copies one thread, and the test process may have more.
    code = """
import datetime as dt, os, sys
from pathlib import Path
from recoverytui import report
from recoverytui.core.caseload_demo import create_caseload
from recoverytui.core.store import Store
from recoverytui.core.weekly import build_week_report
friday = dt.date(2026, 11, 27)
store = Store(sys.argv[1])
create_caseload(store, clients=report.PARALLEL_FROM + 1, weeks=12, today=friday)
handles = [client["handle"] for client in store.clients()]
builders = Path(sys.argv[2])
def build(handle):
    with builders.open("a") as file:
        file.write(f"{os.getpid()}\\n")
    with store.plan(handle) as plan:
        return build_week_report(plan, "2026-W48", today=friday)
reports = [build(handle) for handle in handles]
from recoverytui.report import pdf
pdf.read_fonts(many=True)  # as for the workers: the fonts cut down ahead
one_by_one = [report.render(r, "pdf") for r in reports]
builders.write_text("")
with report.Printer("pdf", build, len(handles)) as printer:
    built = printer.reports(handles)
    sheets = list(printer.sheets(built))
pids = set(builders.read_text().split())
print(printer.workers, built == reports, sheets == one_by_one, str(os.getpid()) not in pids)
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    args = [str(tmp_path / "home"), str(tmp_path / "builders")]
    result = subprocess.run([sys.executable, "-c", code, *args], env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    workers, same_reports, same_sheets, built_in_workers = result.stdout.split()
    assert (same_reports, same_sheets) == ("True", "True")
    if sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1:
        assert int(workers) >= 2
        assert built_in_workers == "True"  # the reports were built in a worker, not here


def test_a_client_left_out_of_all_comes_back_from_the_workers_as_a_line(tmp_path: Path) -> None:
    # In a process of its own, as above; the calendar frozen there by hand.
    code = """
import datetime as dt, json, sys
from recoverytui.core import dates
friday = dt.date(2026, 11, 27)
dates.today = lambda: friday
dates.now_iso = lambda: "2026-11-27T10:00:00+01:00"
from typer.testing import CliRunner
import recoverytui.cli
from recoverytui import report
from recoverytui.cli.app import app
from recoverytui.core.caseload_demo import create_caseload
from recoverytui.core.store import Store
from recoverytui.core.weekly import plan_began
store = Store(sys.argv[1])
create_caseload(store, clients=report.PARALLEL_FROM, weeks=12, today=friday)
store.add_client("Nora", handle="nora")  # on Friday, in 2026-W48
recoverytui.cli.load_all()
workers = report._workers(report.PARALLEL_FROM + 1)
result = CliRunner().invoke(app, ["report", "weekly", "--all", "--week", "last",
                                  "-o", sys.argv[2], "--json"], env={"RECOVERY_HOME": sys.argv[1]})
early = CliRunner().invoke(app, ["report", "weekly", "--all", "--week", "2020-W10",
                                 "-o", sys.argv[2] + "-early"], env={"RECOVERY_HOME": sys.argv[1]})
def began(handle):
    with store.plan(handle) as plan:
        return plan_began(plan.whole(), friday)
first = min(began(c["handle"]) for c in store.clients())
print(json.dumps([workers, result.exit_code, json.loads(result.stdout), result.stderr,
                  early.exit_code, early.stderr, dates.week_key(first)]))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERY_")}
    args = [str(tmp_path / "home"), str(tmp_path / "sheets")]
    result = subprocess.run([sys.executable, "-c", code, *args], env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    workers, code, written, said, early_code, early_said, first = json.loads(result.stdout)
    assert code == 0
    assert len(written) == len(list((tmp_path / "sheets").iterdir())) == PARALLEL_FROM
    assert "nora" not in {w["client"] for w in written}
    assert said.startswith("recovery: nora: left out. 2026-W47 is before this plan began on 27 ")
    assert said.count("\n") == 1
    # No client's plan had begun: the day each began came back from the workers, and the
    # earliest is said.
    assert early_code == 2 and not (tmp_path / "sheets-early").exists()
    assert early_said.endswith(f"The first week that can be printed for any of them is {first}.\n")
    if sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1:
        assert workers >= 2  # the refusal was built in a worker and handed back


def test_the_pdf_library_comes_without_cryptography_and_cryptography_still_imports() -> None:
    # fpdf2 would import it for signing and encrypting PDFs, which the sheet never does, and
    # unittest.mock (and so asyncio) for signing.
    code = (
        "import sys, recoverytui.report.pdf\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in\n"
        "             ('cryptography', 'unittest', 'asyncio')))\n"
        "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
        "from unittest.mock import patch\n"
        "assert callable(patch)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_without_a_package_fails_its_imports_only_inside_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recoverytui.report._imports import without

    (tmp_path / "optional_extra").mkdir()
    (tmp_path / "optional_extra" / "__init__.py").write_text("")
    (tmp_path / "optional_extra" / "part.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with without("optional_extra"), pytest.raises(ModuleNotFoundError):
        import optional_extra.part
    assert "optional_extra" not in sys.modules
    import optional_extra.part

    assert optional_extra.part.VALUE == 1
    monkeypatch.delitem(sys.modules, "optional_extra.part")
    monkeypatch.delitem(sys.modules, "optional_extra")


def test_a_stand_in_is_imported_only_inside_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    from recoverytui.report._imports import standing_in

    monkeypatch.delitem(sys.modules, "json.tool", raising=False)
    with standing_in("json.tool", main=None):
        from json.tool import main

        assert main is None
    assert "json.tool" not in sys.modules
    from json.tool import main

    assert callable(main)
    with standing_in("json.tool", main=None):  # imported already: the module itself
        from json.tool import main

        assert callable(main)


# The command line ----------------------------------------------------------------------------


def run(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"recovery {args!r} crashed: {result.exception!r}")
    return result


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert result.stderr == ""
    return result.stdout


def test_weekly_writes_a_pdf_named_for_the_client_and_week(robin: Store) -> None:
    out = ok("report", "weekly", "-c", "robin")
    path = Path.cwd() / "robin-2026-W48.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    assert mode(path) == 0o600
    assert str(path) in out
    assert [p.name for p in Path.cwd().iterdir()] == [path.name]  # no temp file left


def test_weekly_formats_weeks_and_json(robin: Store, tmp_path: Path) -> None:
    written = json.loads(ok("report", "weekly", "-c", "robin", "--week", "last", "--format",
                            "md", "-o", str(tmp_path / "sheet.md"), "--json"))  # fmt: skip
    assert written == [{"client": "robin", "week": "2026-W47", "format": "md",
                        "path": str(tmp_path / "sheet.md")}]  # fmt: skip
    sheet = (tmp_path / "sheet.md").read_text()
    assert "Week 47, 16–22 November 2026" in sheet
    assert LAST_WEEK_NOTE in sheet
    assert mode(tmp_path / "sheet.md") == 0o600
    # A week number means this ISO year; a folder for -o gets the default name.
    ok("report", "weekly", "-c", "robin", "--week", "46", "--format", "txt", "-o", str(tmp_path))
    assert "Week 46, 9–15 November 2026" in (tmp_path / "robin-2026-W46.txt").read_text()
    stdout = ok("report", "weekly", "-c", "robin", "--format", "txt", "-o", "-")
    assert stdout == render(week_report(robin), "txt").decode()
    assert list(Path.cwd().iterdir()) == []  # -o - wrote no file


def test_weekly_all_writes_one_file_per_active_client(
    robin: Store, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    robin.add_client("Sam", handle="sam")
    robin.add_client("Ola Archived", handle="ola")
    # No command archives a client yet; the caseload index holds the flag.
    index_file = home / "caseload.json"
    index = json.loads(index_file.read_text())
    for row in index["clients"].values():
        row["archived"] = row["handle"] == "ola"
    index_file.write_text(json.dumps(index))

    written = json.loads(ok("report", "weekly", "--all", "-o", "sheets", "--json"))
    folder = Path.cwd() / "sheets"
    assert [(w["client"], w["week"], w["format"]) for w in written] == [
        ("robin", "2026-W48", "pdf"), ("sam", "2026-W48", "pdf")]  # fmt: skip
    assert sorted(p.name for p in folder.iterdir()) == ["robin-2026-W48.pdf", "sam-2026-W48.pdf"]
    assert [w["path"] for w in written] == [str(folder / n) for n in
                                            ("robin-2026-W48.pdf", "sam-2026-W48.pdf")]  # fmt: skip
    assert mode(folder) == 0o700
    assert all(mode(p) == 0o600 for p in folder.iterdir())
    # $RECOVERY_CLIENT does not stand in the way of --all; the current folder is the default.
    monkeypatch.setenv("RECOVERY_CLIENT", "robin")
    out = ok("report", "weekly", "--all", "--format", "txt")
    assert sorted(p.name for p in Path.cwd().glob("*.txt")) == ["robin-2026-W48.txt",
                                                               "sam-2026-W48.txt"]  # fmt: skip
    assert out.count("written to") == 2


REFUSED = {
    "a bad week": (["-c", "robin", "--week", "2026-W54"], "no week 54"),
    "a week that is not one": (["-c", "robin", "--week", "soon"], "not a week"),
    "a week not begun": (["-c", "robin", "--week", "2026-W49"], "not begun"),
    "a week before the plan began": (["-c", "robin", "--week", "1990-W10"], "before this plan"),
    "every plan began after the week": (["--all", "--week", "2026-W39"], "before every client"),
    "an unknown client": (["-c", "nobody"], "nobody"),
    "-c with --all": (["-c", "robin", "--all"], "not both"),
    "neither -c nor --all": ([], "--all"),
    "an unknown format": (["-c", "robin", "--format", "docx"], "format"),
    "a PDF to the terminal": (["-c", "robin", "-o", "-"], "terminal"),
    "--all to the terminal": (["--all", "--format", "md", "-o", "-"], "terminal"),
    "a folder that isn't there": (["-c", "robin", "-o", "nowhere/sheet.pdf"], "isn't there"),
    "--all into a file": (["--all", "-o", "taken.txt"], "is a file"),
    "Markdown into a .pdf": (["-c", "robin", "--format", "md", "-o", "sheet.pdf"], "match"),
    "a PDF into a .txt": (["-c", "robin", "--format", "pdf", "-o", "sheet.txt"], "match"),
    "a new folder where none is": (["-c", "robin", "-o", "no/where/"], "isn't there"),
}


@pytest.mark.parametrize("args,message", REFUSED.values(), ids=REFUSED.keys())
def test_weekly_refuses_with_exit_2_and_writes_nothing(
    robin: Store, home: Path, args: list[str], message: str
) -> None:
    (Path.cwd() / "taken.txt").write_text("keep me")
    before = (files(home), files(Path.cwd()))
    result = run("report", "weekly", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert message in result.stderr
    assert (files(home), files(Path.cwd())) == before


def test_weekly_refuses_a_week_before_the_plan_began_and_prints_its_first(
    robin: Store, home: Path
) -> None:
    # Robin's plan began with a goal dated Thursday 1 October 2026, in 2026-W40.
    before = (files(home), files(Path.cwd()))
    for week in ("2026-W39", "1990-W10"):
        result = run("report", "weekly", "-c", "robin", "--week", week, "--format", "md")
        assert result.exit_code == 2
        assert result.stderr == (
            f"recovery: {week} is before this plan began on 1 October 2026, so there is no "
            "sheet for it. The first week that can be printed is 2026-W40, the week the plan "
            "began.\n"
        )
        assert (files(home), files(Path.cwd())) == before
    ok("report", "weekly", "-c", "robin", "--week", "2026-W40", "--format", "md")
    assert "Week 40, 28 September–4 October 2026" in (Path.cwd() / "robin-2026-W40.md").read_text()


def test_weekly_all_leaves_out_a_client_whose_plan_began_after_the_week(robin: Store) -> None:
    robin.add_client("Sam", handle="sam")  # added on Friday, in 2026-W48
    result = run("report", "weekly", "--all", "--week", "last", "--format", "txt", "--json")
    assert result.exit_code == 0, result.stderr
    assert [w["client"] for w in json.loads(result.stdout)] == ["robin"]
    assert result.stderr == (
        "recovery: sam: left out. 2026-W47 is before this plan began on 27 November 2026, so "
        "there is no sheet for it. The first week that can be printed is 2026-W48, the week "
        "the plan began.\n"
    )
    assert [p.name for p in Path.cwd().iterdir()] == ["robin-2026-W47.txt"]
    # When no client's plan had begun, nothing is written, and the first week for any is said.
    result = run("report", "weekly", "--all", "--week", "2026-W39", "-o", "sheets")
    assert result.exit_code == 2
    assert result.stderr == (
        "recovery: 2026-W39 is before every client's plan began, so nothing was written. The "
        "first week that can be printed for any of them is 2026-W40.\n"
    )
    assert [p.name for p in Path.cwd().iterdir()] == ["robin-2026-W47.txt"]


def test_weekly_takes_the_format_from_the_file_name(robin: Store) -> None:
    ok("report", "weekly", "-c", "robin", "-o", "sheet.md")
    assert (Path.cwd() / "sheet.md").read_text().startswith("# Weekly progress: Robin")
    ok("report", "weekly", "-c", "robin", "-o", "sheet.TXT")
    assert (Path.cwd() / "sheet.TXT").read_text().startswith("Weekly progress: Robin\n")
    ok("report", "weekly", "-c", "robin", "--format", "md", "-o", "sheet.md")
    ok("report", "weekly", "-c", "robin", "-o", "sheet.notes")  # another ending: a PDF
    assert (Path.cwd() / "sheet.notes").read_bytes().startswith(b"%PDF-")


def test_weekly_output_ending_in_a_slash_is_a_new_private_folder(robin: Store) -> None:
    out = ok("report", "weekly", "-c", "robin", "-o", "sheets/")
    folder = Path.cwd() / "sheets"
    assert folder.is_dir()
    assert mode(folder) == 0o700
    assert [p.name for p in folder.iterdir()] == ["robin-2026-W48.pdf"]
    assert str(folder / "robin-2026-W48.pdf") in out
    # An existing folder, with the slash, is used as it is.
    ok("report", "weekly", "-c", "robin", "--format", "txt", "-o", "sheets/")
    assert sorted(p.name for p in folder.iterdir()) == ["robin-2026-W48.pdf", "robin-2026-W48.txt"]


def _special_files(folder: Path) -> dict[str, Path]:
    """A pipe, a link to a file and a link to nowhere; a character device too where this
    process may make one (as root): what `-o` must never swap for a sheet."""
    made = {"pipe": folder / "pipe"}
    os.mkfifo(made["pipe"])
    (folder / "mine.txt").write_text("my own notes")
    made["link"] = folder / "link.txt"
    made["link"].symlink_to(folder / "mine.txt")
    made["dangling"] = folder / "dangling.md"
    made["dangling"].symlink_to(folder / "nowhere.md")
    try:
        os.mknod(folder / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        made["device"] = folder / "null"
    except PermissionError:
        pass
    return made


def test_weekly_never_takes_the_place_of_a_device_pipe_or_link(robin: Store, home: Path) -> None:
    special = _special_files(Path.cwd())
    for kind, path in special.items():
        before = os.lstat(path)
        result = run("report", "weekly", "-c", "robin", "-o", str(path))  # a PDF, .md or .txt
        assert result.exit_code == 2, (kind, result.stdout, result.stderr)
        assert "is not a plain file" in result.stderr, kind
        after = os.lstat(path)
        assert (after.st_mode, after.st_ino, after.st_rdev) == (
            before.st_mode, before.st_ino, before.st_rdev,
        ), kind  # fmt: skip
    assert (Path.cwd() / "mine.txt").read_text() == "my own notes"
    assert not (Path.cwd() / "nowhere.md").exists()
    # With --all, a sheet's name in the folder that is such a file refuses the whole run.
    os.mkfifo(Path.cwd() / "robin-2026-W48.txt")
    result = run("report", "weekly", "--all", "--format", "txt", "-o", str(Path.cwd()))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert stat.S_ISFIFO(os.lstat(Path.cwd() / "robin-2026-W48.txt").st_mode)


def test_the_printout_writer_refuses_such_a_file_too(tmp_path: Path) -> None:
    from recoverytui.core.errors import InvalidInput
    from recoverytui.report import write_private

    for kind, path in _special_files(tmp_path).items():
        with pytest.raises(InvalidInput, match="is not a plain file"):
            write_private(path, b"a sheet")
        assert not stat.S_ISREG(os.lstat(path).st_mode), kind


def test_weekly_says_plainly_when_a_file_cannot_be_written(
    robin: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import tempfile

    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device", "/x/.sheet.pdf.abc.tmp")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    result = run("report", "weekly", "-c", "robin", "-o", "sheet.pdf")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    path = Path.cwd() / "sheet.pdf"
    assert f"Can't write {path}: no space left on device." in result.stderr
    assert ".tmp" not in result.stderr and "unexpected" not in result.stderr
    assert list(Path.cwd().iterdir()) == []
