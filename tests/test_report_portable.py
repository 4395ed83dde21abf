"""The printouts' Markdown and text, wherever they are read: the weekly sheet, the crisis plan
and the individual plan (with its crisis plan) of a heavy plan, full of what people type.

Markdown renders the same in CommonMark (markdown-it-py) and in Python-Markdown: the same
elements in the same nesting, and every typed word as typed. No typed web address or e-mail
becomes a link, not even with GitHub-style linkify on. Text fits 80 columns and loses no word.

The calendar is frozen (the `day` fixture) on 26 November 2026, the demo's week 48.
"""

from __future__ import annotations

import dataclasses
import html.parser
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverytui.core import dates
from recoverytui.core.i18n import _, in_quotes
from recoverytui.core.store import Store
from recoverytui.core.text import width
from recoverytui.core.weekly import build_week_report
from recoverytui.report import render
from recoverytui.report.crisis import render_crisis
from recoverytui.report.plan_doc import render_plan
from recoverytui.report.text import COLUMNS, wrap
from recoverytui.report.words import progress
from test_report_crisis import demo, sheet_of
from test_report_plan import document

__all__ = ["demo"]

# What a person might type that a renderer could take for something else.
ADDRESSES = (
    "See https://example.org/a_b?x=1&y=2 first",
    "www.example.no",
    "kari.nordmann@nav.no",
    "nav.no or //localhost:8080 or ftp://files.example.com",
)
MARKUP = (
    "[/]",
    "x [/",
    "[@click=app.quit]x[/]",
    "<b>Apply</b> *now* [here](http://example.org)",
    "# not a heading",
    "2. then the shop",
    "a | b ~~gone~~ &amp; &copy; 3 < 4 > 2",
    "*stars* _under_ `code` back\\slash {curly} (round) !bang +plus",
)
LINES = "first line\n- not a list\n> not a quote\n\n1. not a number\n=== not a heading"
LONG_WORD = "Ålesund-" + "x" * 120 + "-end"
LONG_NOTE = " ".join(["Kari and I went through the letters at the kitchen table"] * 12)
LONG_NAME = "Marie-Louise Andersen-Søvik " * 2 + "Kristoffersen Haugland"
TYPED = (*ADDRESSES, *MARKUP, LINES, LONG_WORD, LONG_NOTE)


@pytest.fixture
def heavy(demo: Store) -> Store:
    """The demo plan with typed text in every place that shows it."""
    today = dates.today()
    with demo.plan("demo", write=True) as plan:
        for number, words in enumerate(TYPED):
            line = words.replace("\n", " ")
            plan.add_dream(words)
            plan.add_goal(f"Goal {number}: {line}"[:200], steps=[line[:200], "Alone"], base=today)
            goal = len(plan.whole()["goals"])
            plan.check_in(goal, 2, note=words, on=today)
            need = f"Need {number}: {line}"[:80]
            plan.add_need(need, domain=plan.whole()["domains"][0]["key"])
            plan.rate_need(need, client_says="unmet",
                           worker_says="partly", action=line[:200], who=line[:80],
                           due="2026-12-01")  # fmt: skip
            plan.add_to_crisis("sign", line[:200], action=line[:200], others=line[:200])
            plan.add_to_crisis("contact", f"Person {number} {line}"[:80], relation=line[:80],
                               phone="+47 123 45 678")  # fmt: skip
            plan.add_participant(f"P{number} {line}"[:80], role=line[:80], contributes=words,
                                 phone="987 65 432")  # fmt: skip
            plan.add_measure(f"M{number} {line}"[:200], responsible=f"P{number} {line}"[:80],
                             how=words)  # fmt: skip
        plan.set_well("\n".join(TYPED))
        plan.set_admission(unit=LONG_WORD[:80], phone="+47 22 33 44 55", text=LINES)
        plan.add_area(LONG_WORD[:80], step=2, base=today)
        plan.step_up(len(plan.whole()["areas"]), note=LINES, on=today, next_step=LONG_NOTE[:200])
        plan.record_review(dates.week_key(today), words=LINES + "\n" + ADDRESSES[0], hope=6,
                           agree=[a for a in ADDRESSES], on=today)  # fmt: skip
    return demo


def printouts(store: Store, fmt: str) -> dict[str, str]:
    """The three printouts in one format."""
    today = dates.today()
    with store.plan("demo") as plan:
        week = build_week_report(plan, dates.week_key(today), today=today)
    return {
        "weekly": render(week, fmt).decode(),
        "crisis": render_crisis(sheet_of(store), fmt).decode(),
        "plan": render_plan(document(store, crisis=True), fmt).decode(),
    }


# Markdown, read back -----------------------------------------------------------------------


class Tree(html.parser.HTMLParser):
    """HTML as nested (tag, children) with text whitespace-collapsed: what a reader gets,
    whichever renderer wrote it (entities decoded, <br> and <br /> alike)."""

    VOID = frozenset(("br", "hr", "img"))

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list[Any] = []
        self.open: list[list[Any]] = [self.root]
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node: list[Any] = []
        self.open[-1].append((tag, node))
        if tag not in self.VOID:
            self.open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.open[-1].append(data)

    def shape(self, nodes: list[Any] | None = None) -> list[Any]:
        """The tree with adjacent text joined, runs of white space as one, blank text gone."""
        out: list[Any] = []
        for node in self.root if nodes is None else nodes:
            if isinstance(node, str):
                if out and isinstance(out[-1], str):
                    out[-1] += node
                else:
                    out.append(node)
            else:
                out.append((node[0], self.shape(node[1])))
        return [
            " ".join(n.split()) if isinstance(n, str) else n
            for n in out
            if not isinstance(n, str) or n.strip()
        ]

    def text(self, nodes: list[Any] | None = None) -> str:
        parts = []
        for node in self.root if nodes is None else nodes:
            parts.append(node if isinstance(node, str) else " " + self.text(node[1]) + " ")
        return " ".join("".join(parts).split())


def renderings(markdown: str) -> dict[str, str]:
    import markdown as python_markdown
    from markdown_it import MarkdownIt

    return {
        "commonmark": MarkdownIt("commonmark").render(markdown),
        "python-markdown": python_markdown.markdown(markdown),
        # GitHub-style: bare addresses and e-mails made links.
        "linkify": MarkdownIt("commonmark", {"linkify": True}).enable("linkify").render(markdown),
    }


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("printout", ["weekly", "crisis", "plan"])
def test_markdown_renders_the_same_in_commonmark_and_python_markdown(
    heavy: Store, printout: str
) -> None:
    markdown = printouts(heavy, "md")[printout]
    rendered = renderings(markdown)
    trees = {name: Tree(source) for name, source in rendered.items()}
    shapes = {name: tree.shape() for name, tree in trees.items()}
    assert shapes["python-markdown"] == shapes["commonmark"]
    assert shapes["linkify"] == shapes["commonmark"]
    for name, source in rendered.items():
        assert "<a" not in source, name
        assert "<table" not in source, name  # neither renderer puts one inside a list
        text = trees[name].text()
        for words in TYPED:
            assert flat(words) in text, (name, words)


def items(nodes: list[Any]) -> list[list[Any]]:
    """The children of every list item in the tree, at any depth."""
    found = []
    for node in nodes:
        if isinstance(node, tuple):
            if node[0] == "li":
                found.append(node[1])
            found += items(node[1])
    return found


def test_a_goals_check_ins_steps_and_chart_stay_inside_its_item_in_both(heavy: Store) -> None:
    # The demo's words in the run's language (RECOVERY_TEST_LANG).
    title = "2. " + _("Walk to the shop on my own twice a week")
    chart = _("{chart}: {weeks}.").format(chart=_("Progress, best each week (0–4)"), weeks="")
    note = in_quotes(_("Once on my own, once with my neighbour."))
    rendered = renderings(printouts(heavy, "md")["weekly"])
    for name in ("commonmark", "python-markdown"):
        goal = next(c for c in items(Tree(rendered[name]).shape()) if c[0] == title)
        # Its words, then one list: what is said of it, its check-ins, steps and chart.
        assert [n[0] for n in goal if isinstance(n, tuple)] == ["ul"], name
        under = [child[0] for child in items(goal) if isinstance(child[0], str)]
        assert _("This week:") in under and _("Steps:") in under, name
        assert any(line.startswith(chart.rstrip(" .")) for line in under), name
        check_in = next(c for c in items(goal) if str(c[0]).endswith(progress(3)))
        assert [n[0] for n in check_in if isinstance(n, tuple)] == ["ul"], name
        assert any(str(c[0]).startswith(note) for c in items(check_in)), name


@pytest.mark.parametrize(
    "typed", [*ADDRESSES, "mailto:kari@nav.no", "XMPP:kari@nav.no", "http://10.0.0.1/x"]
)
def test_a_typed_address_is_never_a_link_and_reads_as_typed(heavy: Store, typed: str) -> None:
    from recoverytui.report.text import md

    for name, source in renderings(md(typed)).items():
        assert "<a" not in source, (name, source)
        assert Tree(source).text() == typed, name


# Text at 80 columns --------------------------------------------------------------------------


def test_every_text_line_fits_80_columns_and_no_word_is_lost(heavy: Store) -> None:
    sheets = printouts(heavy, "txt")
    for printout, text in sheets.items():
        lines = text.split("\n")
        too_wide = [line for line in lines if width(line) > COLUMNS]
        assert not too_wide, (printout, too_wide)
        joined = re.sub(r"\s+", "", text)
        for words in TYPED:
            assert re.sub(r"\s+", "", words) in joined, (printout, words)
        for words in TYPED:
            for word in words.split():
                if width(word) <= COLUMNS - 8:
                    assert any(word in line for line in lines), (printout, word)


def test_a_long_name_wraps_its_title_and_underline(heavy: Store) -> None:
    today = dates.today()
    with heavy.plan("demo") as plan:
        week = build_week_report(plan, dates.week_key(today), today=today)
    week = dataclasses.replace(week, header=dataclasses.replace(week.header, name=LONG_NAME))
    crisis = dataclasses.replace(sheet_of(heavy), name=LONG_NAME)
    doc = dataclasses.replace(document(heavy), name=LONG_NAME)
    for text in (
        render(week, "txt").decode(),
        render_crisis(crisis, "txt").decode(),
        render_plan(doc, "txt").decode(),
    ):
        lines = text.split("\n")
        assert max(width(line) for line in lines) <= COLUMNS
        assert flat(LONG_NAME) in flat(text)
        underline = next(line for line in lines if line.startswith("="))
        assert set(underline) == {"="}
        assert width(underline) == max(width(line) for line in lines[: lines.index(underline)])


def test_wrap_breaks_a_long_word_only_between_whole_letters() -> None:
    accented = "e\u0301" * 100  # é as e and a combining accent: never parted
    family = "👨\u200d👩\u200d👧" * 30  # one emoji of three joined, two columns each
    wide = "漢字" * 50
    for word in (accented, family, wide):
        lines = wrap("a " + word + " b", "  - ", "    ")
        assert all(width(line) <= COLUMNS for line in lines), word
        assert re.sub(r"\s", "", "".join(lines)) == "-a" + word + "b"
        for line in lines[1:]:
            assert line.startswith("    ") and not line[4].isspace()
            assert line[4] not in "\u0301\u200d", word
    assert wrap("Kari" + " " * 30 + "123 45 678", "  - ", "    ") == [
        "  - Kari" + " " * 30 + "123 45 678"
    ]


# Letters, wide ones, accents, joiners, emoji, digits, spaces and line breaks, in any mix.
PIECES = st.sampled_from(
    ["a", "Ø", "漢", "e\u0301", "\u0301", "\u200d", "👩", "\ufe0f", "1", " ", "  "]
)


@given(st.lists(PIECES, max_size=400).map("".join), st.sampled_from(["", "  ", "    - "]))
def test_wrap_keeps_every_line_within_the_columns_and_every_character_in_order(
    text: str, first: str
) -> None:
    lines = wrap(text, first, " " * (len(first) + 1))
    assert all(width(line) <= COLUMNS for line in lines), lines
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", first + text)
