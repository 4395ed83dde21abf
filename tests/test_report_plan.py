"""The individual plan as a document (`recovery report plan`): the PDF read back with poppler,
Markdown and text, in English and bokmål; the crisis plan only with --with-crisis; refusals;
and the weekly sheet's header, which shows the plan period.

The calendar is frozen (the `day` fixture) on 26 November 2026. The demo's plan began twelve
weeks before, on 3 September 2026, for a year; it was revised on 15 October 2026 with Robin,
Kari and Line, and is to be revised again by 15 April 2027.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from cli_support import as_json, ok, refused, run, snapshot
from recoverytui.core import dates, i18n
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store
from recoverytui.report.plan_doc import PlanDocument, build_plan_document, render_plan
from recoverytui.report.text import md
from test_report_crisis import demo, flat, mode, needs_poppler, pdf_info, pdf_text

__all__ = ["demo"]  # the fixture, shared with the crisis plan's tests

PERIOD = ("Plan period 3 Sep 2026 – 3 Sep 2027", "Next revision by 15 Apr 2027")
HEADINGS = ("My hopes and dreams", "My small goals", "Resources", "Basic needs",
            "Responsibility, step by step", "Participants", "Measures", "Revisions",
            "Signature", "Place and date")  # fmt: skip
PARTICIPANTS = ("Robin", "Kari (demo worker)", "Jon", "Dr. Berg", "Line")
MEASURES = (
    "Home visits from the mental health service",
    "Help to apply for money for furniture",
    "Medicines gone through with the GP",
    "Budget advice",
)
# What goes with them: what a participant brings, a measure's extent and how, the revision.
DETAILS = (
    "I tell Kari when the post piles up, and I come to the meetings.",
    "Goes through the medicines every three months.",
    "two visits a week",
    "At the NAV office, with Kari the first time.",
    "We went through the goals. Budget advice added; the furniture money came.",
    "Get a bed of my own",  # a goal reached: a resource
    "To have a home that feels like mine",  # a dream, in the client's words
    "Walk to the shop on my own twice a week",
)
RESPONSIBLE = (("Home visits", "Kari (demo worker)"), ("money for furniture", "Line"),
               ("with the GP", "Dr. Berg"), ("Budget advice", "Line"))  # fmt: skip
REVISION = ("15 Oct 2026", "Present: Robin, Kari (demo worker), Line")
SIGNING = ("Client: Robin", "Coordinator: Kari (demo worker)")
CRISIS = ("Crisis plan", "Early warning signs", "I stop opening the post", "Help numbers")


def document(store: Store, handle: str = "demo", *, crisis: bool = False) -> PlanDocument:
    from recoverytui.core.templates import load
    from recoverytui.report.crisis import build_crisis_sheet

    today = dates.today()
    with store.plan(handle) as plan:
        whole, period = plan.whole(), plan.plan_period()
    sheet = None
    if crisis:
        help_numbers = load(store.home, only=("help.txt",)).help
        sheet = build_crisis_sheet(whole["client"], whole["crisis"], help_numbers, today=today)
    return build_plan_document(whole, period, today=today, crisis=sheet)


def responsible_of(text: str, measure: str) -> str:
    """The name after "Responsible" in the measure's part of the text."""
    part = text[text.index(measure) :]
    found = re.search(r"Responsible:?\s+(.+?)(?:\s{2,}|\n|$)", part)
    assert found, measure
    return found.group(1).strip()


# The PDF ------------------------------------------------------------------------------------


@needs_poppler
def test_the_pdf_holds_the_whole_plan(demo: Store) -> None:
    out = ok("report", "plan", "-c", "demo")
    path = Path.cwd() / "demo-plan.pdf"
    assert str(path) in out
    assert mode(path) == 0o600
    info = pdf_info(path)
    assert info["Page size"] == "595.28 x 841.89 pts (A4)"
    assert info["Title"] == "Individual plan"
    assert "Robin" not in info.get("Title", "") + info.get("Author", "")
    text = flat(pdf_text(path))
    layout = pdf_text(path, "-layout")
    for words in (*PERIOD, *HEADINGS, *PARTICIPANTS, *MEASURES, *DETAILS, *REVISION, *SIGNING):
        assert words in text, words
    for measure, name in RESPONSIBLE:
        assert responsible_of(layout, measure) == name, measure
    # The coordinator is marked, and a phone number stands on the line of its person.
    assert "Kari (demo worker) (coordinator)" in text
    assert "123 45 678" in next(line for line in layout.splitlines() if "(coordinator)" in line)
    assert re.search(r"For goals +2\. Walk to the shop on my own twice a week", layout)
    # The crisis plan is printed only when the client asks for it.
    for words in CRISIS[1:]:
        assert words not in text, words


@needs_poppler
def test_with_crisis_the_crisis_plan_follows_the_signatures(demo: Store) -> None:
    ok("report", "plan", "-c", "demo", "--with-crisis", "-o", "with.pdf")
    text = flat(pdf_text(Path("with.pdf")))
    for words in (*CRISIS, "Walking by the river", "116 117", *MEASURES):
        assert words in text, words
    assert text.index("Place and date") < text.index("Early warning signs")
    without = Path("without.pdf")
    ok("report", "plan", "-c", "demo", "-o", str(without))
    assert int(pdf_info(Path("with.pdf"))["Pages"]) == int(pdf_info(without)["Pages"]) + 1


@needs_poppler
def test_a_long_phone_number_stays_whole_and_an_emoji_shows_as_a_mark(
    demo: Store, tmp_path: Path
) -> None:
    with demo.plan("demo", write=True) as plan:
        plan.add_participant(
            "Anne 👍🏽",
            role="aunt, mum's sister, who lives in the same street",
            phone="+47 400 00 000 ext. 12",
            contributes="Dinner on Thursdays",
        )
    path = tmp_path / "plan.pdf"
    path.write_bytes(render_plan(document(demo), "pdf"))
    layout = pdf_text(path, "-layout")
    assert any("+47 400 00 000 ext. 12" in line for line in layout.splitlines())
    assert "Anne ◌" in layout and "👍" not in layout


def test_an_empty_plan_says_so_in_every_format(home: Path, day: list[Any]) -> None:
    store = Store(home)
    store.add_client("Sam", handle="sam")
    doc = document(store, "sam")
    text = render_plan(doc, "txt").decode()
    for words in ("No plan period set yet", "No participants named yet.",
                  "No measures agreed yet.", "The plan has not been revised yet.",
                  "Goals reached, and what I do on my own, will be written here.",
                  "Client: Sam", "Coordinator\n"):  # fmt: skip
        assert words in text, words
    assert "Plan period" not in text and "Next revision" not in text
    assert render_plan(doc, "pdf").startswith(b"%PDF-")


# Markdown and text --------------------------------------------------------------------------


def test_markdown_and_text_say_what_the_pdf_says(demo: Store) -> None:
    text = ok("report", "plan", "-c", "demo", "--format", "txt", "-o", "-")
    assert text == render_plan(document(demo), "txt").decode()
    assert list(Path.cwd().iterdir()) == []  # -o - wrote no file
    assert text.startswith("Individual plan: Robin\n======================\n")
    markdown = ok("report", "plan", "-c", "demo", "--format", "md", "-o", "-")
    assert markdown.startswith("# Individual plan: Robin\n")
    for words in (*PERIOD, *HEADINGS, *PARTICIPANTS, *MEASURES, *DETAILS, *REVISION, *SIGNING):
        assert flat(words) in flat(text), words  # wrapped at 80 columns
        assert md(words) in markdown, words
    for measure, name in RESPONSIBLE:
        assert responsible_of(text, measure) == name, measure
    assert "- Kari (demo worker) (coordinator), contact person, Mental health service" in text
    assert "Kari (demo worker) (coordinator), contact person, Mental health service, the " \
        "municipality: **123 45 678**" in markdown  # fmt: skip
    # Whose words: the client's in quotes and said to be theirs; what was agreed together, plain.
    assert "“Calls on Sundays.”\n    (in the client's words)" in text
    assert "Contributes: Home visits, and help with the post and with NAV.\n  - Jon" in text
    for words in CRISIS[1:]:
        assert words not in text and words not in markdown, words


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_with_crisis_in_markdown_and_text(demo: Store, fmt: str) -> None:
    shown = ok("report", "plan", "-c", "demo", "--format", fmt, "-o", "-", "--with-crisis")
    for words in (*CRISIS, "Walking by the river", "116 117"):
        assert md(words) in shown if fmt == "md" else words in shown, words
    assert shown.index("Place and date") < shown.index("Early warning signs")


HOSTILE = ("[@click=app.quit]x[/]", "**bold** <b>", "# not a heading")


def test_hostile_words_stay_as_typed(demo: Store, tmp_path: Path) -> None:
    with demo.plan("demo", write=True) as plan:
        for number, words in enumerate(HOSTILE):
            plan.add_participant(f"P{number} {words}", role=words, contributes=words)
            plan.add_measure(f"M{number} {words}", responsible=f"P{number} {words}", how=words)
    doc = document(demo)
    text = render_plan(doc, "txt").decode()
    markdown = render_plan(doc, "md").decode()
    for words in HOSTILE:
        assert f"Contributes: {words}\n" in text
        assert f"How: {words}\n" in text
        assert md(words) in markdown
    assert "\\[@click=app\\.quit\\]x\\[/\\]" in markdown
    assert "\\*\\*bold\\*\\* &lt;b\\>" in markdown
    assert "\n# not a heading" not in markdown
    if shutil.which("pdftotext"):
        path = tmp_path / "plan.pdf"
        path.write_bytes(render_plan(doc, "pdf"))
        shown = flat(pdf_text(path))
        for words in HOSTILE:
            assert words in shown, words


# Bokmål -------------------------------------------------------------------------------------

NB = ("Individuell plan", "Planperiode 3. sep. 2026 – 3. sep. 2027",
      "Neste revisjon innen 15. apr. 2027", "Deltakere", "Tiltak", "Ansvarlig", "Omfang",
      "Revisjoner", "Til stede", "Underskrift", "Sted og dato", "Ressurser",
      "15. okt. 2026")  # fmt: skip


@needs_poppler
def test_in_bokmal_every_format_follows_the_language(
    home: Path, day: list[Any], tmp_path: Path
) -> None:
    i18n.use("nb")
    try:
        store = Store(home)
        create_demo(store, today=day[0])
        doc = document(store)
        with store.plan("demo") as plan:
            names = [p["name"] for p in plan.participants()]
            measures = [m["text"] for m in plan.measures()]
            coordinator = plan.plan_period()["coordinator"]
        path = tmp_path / "plan.pdf"
        path.write_bytes(render_plan(doc, "pdf"))
        formats = {"pdf": flat(pdf_text(path)), "txt": render_plan(doc, "txt").decode(),
                   "md": render_plan(doc, "md").decode()}  # fmt: skip
    finally:
        i18n.use("en")
    assert pdf_info(path)["Title"] == "Individuell plan"
    for fmt, shown in formats.items():
        for words in (*NB, *names, *measures, f"Bruker: {doc.name}",
                      f"Koordinator: {coordinator}", f"{coordinator} (koordinator)"):  # fmt: skip
            assert (md(words) if fmt == "md" else words) in shown, (fmt, words)
        assert "Individual plan" not in shown, fmt


# The command line ---------------------------------------------------------------------------


def test_the_files_are_private_and_named_for_the_client(demo: Store, tmp_path: Path) -> None:
    for fmt in ("pdf", "md", "txt"):
        written = as_json("report", "plan", "-c", "demo", "--format", fmt)
        path = Path.cwd() / f"demo-plan.{fmt}"
        assert written == [{"client": "demo", "format": fmt, "path": str(path)}]
        assert mode(path) == 0o600
    assert sorted(p.name for p in Path.cwd().iterdir()) == [
        "demo-plan.md", "demo-plan.pdf", "demo-plan.txt",
    ]  # fmt: skip
    ok("report", "plan", "-c", "demo", "-o", str(tmp_path / "ip.md"))
    assert (tmp_path / "ip.md").read_text().startswith("# Individual plan: Robin")
    assert mode(tmp_path / "ip.md") == 0o600
    ok("report", "plan", "-c", "demo", "--format", "txt", "-o", "out/")
    assert mode(Path("out")) == 0o700 and mode(Path("out/demo-plan.txt")) == 0o600


REFUSED = {
    "an unknown format": (["-c", "demo", "--format", "docx"], "format"),
    "the card format": (["-c", "demo", "--format", "card"], "format"),
    "an unknown client": (["-c", "nobody"], "nobody"),
    "a PDF to the terminal": (["-c", "demo", "-o", "-"], "terminal"),
    "--json to the terminal": (["-c", "demo", "--format", "md", "-o", "-", "--json"], "terminal"),
    "Markdown into a .pdf": (["-c", "demo", "--format", "md", "-o", "plan.pdf"], "match"),
    "a folder that isn't there": (["-c", "demo", "-o", "nowhere/plan.pdf"], "isn't there"),
}


@pytest.mark.parametrize("args,message", REFUSED.values(), ids=REFUSED.keys())
def test_refused_with_exit_2_and_nothing_written(
    demo: Store, home: Path, args: list[str], message: str
) -> None:
    before = snapshot(Path.cwd())
    stderr = refused(home, "report", "plan", *args)
    assert message in stderr
    assert snapshot(Path.cwd()) == before


def test_without_a_client_it_says_how_to_name_one(home: Path, day: list[Any]) -> None:
    result = run("report", "plan")
    assert result.exit_code == 2
    assert "--client" in result.stderr or "-c" in result.stderr


# The weekly sheet's header ------------------------------------------------------------------


def test_the_weekly_sheet_shows_the_plan_period_when_set(demo: Store, tmp_path: Path) -> None:
    text = ok("report", "weekly", "-c", "demo", "--format", "txt", "-o", "-")
    head = text.split("\n\n", 1)[0]
    assert f"Week 48, 23–29 November 2026\n{PERIOD[0]}\n{PERIOD[1]}\nCoordinator:" in head
    markdown = ok("report", "weekly", "-c", "demo", "--format", "md", "-o", "-")
    assert md(PERIOD[0]) in markdown and md(PERIOD[1]) in markdown
    with demo.plan("demo", write=True) as plan:
        plan.set_plan_period(start=None, end=None, revise_by=None)
    text = ok("report", "weekly", "-c", "demo", "--format", "txt", "-o", "-")
    assert "Plan period" not in text and "Next revision" not in text


@needs_poppler
def test_the_weekly_pdf_shows_the_plan_period_on_one_line_each(demo: Store) -> None:
    ok("report", "weekly", "-c", "demo", "-o", "week.pdf")
    layout = pdf_text(Path("week.pdf"), "-layout")
    head = "\n".join(layout.splitlines()[:8])
    for line in PERIOD:
        assert line in head, line
