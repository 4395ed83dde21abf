"""What a screen reader finds in the printouts' PDFs, read back with poppler: the language, the
title, and the tagged structure (`pdfinfo -struct-text`) with its headings, lists, tables and
paragraphs in reading order; every piece of marked content closed, and nothing drawn outside
one (text and lines are tagged or artifacts). The demo client, on the frozen calendar.
"""

from __future__ import annotations

import re
import subprocess
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from recoverytui.core import i18n
from recoverytui.core.demo import create_demo
from recoverytui.core.store import Store
from recoverytui.core.weekly import build_week_report
from recoverytui.report import render
from recoverytui.report.crisis import render_crisis
from recoverytui.report.plan_doc import render_plan
from test_report_crisis import needs_poppler, pdf_text, sheet_of
from test_report_plan import document

SECTIONS = [
    "My hopes and dreams",
    "My small goals",
    "Goals reached",
    "This week in my words",
    "Small steps",
    "Responsibility, step by step",
    "Basic needs still open",
    "In my own words",
]
NEEDS_HEADS = ["Need", "Client says", "Worker says", "Who does what", "By when"]


@dataclass
class Element:
    kind: str
    texts: list[str] = field(default_factory=list)
    kids: list[Element] = field(default_factory=list)
    parent: Element | None = None

    def text(self) -> str:
        """Its text and its kids', without white space: poppler joins a wrapped line's
        words without one."""
        return "".join([*self.texts, *(kid.text() for kid in self.kids)])

    def walk(self) -> list[Element]:
        return [self, *(e for kid in self.kids for e in kid.walk())]

    def ancestors(self) -> list[str]:
        kinds, at = [], self.parent
        while at is not None:
            kinds.append(at.kind)
            at = at.parent
        return kinds


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def structure(path: Path) -> Element:
    """The structure tree as `pdfinfo -struct-text` prints it: an element a line, its kids
    and its text (in quotes) indented under it, its attributes as /Name lines."""
    result = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                            text=True, check=True)  # fmt: skip
    root = Element("root")
    stack: list[tuple[int, Element]] = [(-1, root)]
    for line in result.stdout.splitlines():
        depth = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if not body or body.startswith("/"):
            continue
        while stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1]
        if body.startswith('"'):
            parent.texts.append(squeezed(body[1:-1]))
            continue
        element = Element(body.split()[0].rstrip(":"), parent=parent)
        parent.kids.append(element)
        stack.append((depth, element))
    (document,) = root.kids
    assert document.kind == "Document"
    return document


def of_kind(tree: Element, *kinds: str) -> list[Element]:
    return [e for e in tree.walk() if e.kind in kinds]


def holding(tree: Element, words: str) -> Element:
    """The innermost element whose own text holds `words`."""
    found = [e for e in tree.walk() if squeezed(words) in "".join(e.texts)]
    assert found, words
    return found[-1]


def catalog(path: Path) -> bytes:
    (found,) = [obj for obj in path.read_bytes().split(b"endobj") if b"/Type /Catalog" in obj]
    return found


def marked_content(path: Path) -> list[tuple[int, int, int]]:
    """For each page's content: (BDC/BMC, EMC, text or lines drawn outside marked content),
    after checking marked content is never left open or closed twice, nor nested."""
    counts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", path.read_bytes(), re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        if b" Tf" not in content:  # a font, not a page
            continue
        depth = begun = ended = outside = 0
        for op in re.findall(rb"(?<![\w/])(BDC|BMC|EMC|BT|re|l S)(?!\w)", content):
            if op in (b"BDC", b"BMC"):
                depth, begun = depth + 1, begun + 1
            elif op == b"EMC":
                depth, ended = depth - 1, ended + 1
            elif depth == 0:
                outside += 1
            assert depth in (0, 1), content[:2000]
        assert depth == 0
        counts.append((begun, ended, outside))
    assert counts
    return counts


def info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {
        k.strip(): v.strip()
        for k, _, v in (line.partition(":") for line in out.stdout.splitlines())
    }


def assert_accessible(path: Path, *, language: str, title: str, name: str) -> Element:
    """Tagged, in `language`, titled `title` (naming no one) and shown by its title; every
    marked content closed and everything drawn inside one."""
    details = info(path)
    assert details["Tagged"] == "yes"
    assert details["Title"] == title and name not in title
    head = catalog(path)
    assert f"/Lang ({language})".encode() in head
    assert b"/DisplayDocTitle true" in head
    for begun, ended, outside in marked_content(path):
        assert begun == ended > 0 and outside == 0
    return structure(path)


@pytest.fixture
def demo(home: Path, day: list[Any], monkeypatch: pytest.MonkeyPatch) -> Store:
    """The demo client, made today, on the frozen calendar's clock too: a dream written
    down after the week would not be on its sheet."""
    from recoverytui.core import dates

    monkeypatch.setattr(dates, "now_iso", lambda: f"{day[0].isoformat()}T10:00:00+01:00")
    store = Store(home)
    create_demo(store, today=day[0])
    return store


@pytest.fixture
def weekly(demo: Store, tmp_path: Path) -> Path:
    with demo.plan("demo", write=True) as plan:  # this week's review, as a session would
        plan.record_review(words="I called my brother. We talked for an hour.", hope=7,
                           agree=["Shop alone on Tuesday", "Ask about the lake"])  # fmt: skip
    path = tmp_path / "weekly.pdf"
    path.write_bytes(render(week_report(demo), "pdf"))
    return path


def week_report(store: Store) -> Any:
    from recoverytui.core import dates

    today = dates.today()
    with store.plan("demo") as plan:
        return build_week_report(plan, dates.week_key(today), today=today)


@needs_poppler
def test_the_weekly_sheet_has_its_headings_in_order(weekly: Path, demo: Store) -> None:
    report = week_report(demo)
    tree = assert_accessible(weekly, language="en", title=f"Weekly progress, {report.header.week}",
                             name=report.header.name)  # fmt: skip
    headings = of_kind(tree, "H1", "H2")
    first = headings[0]
    assert first.kind == "H1"
    assert first.text() == squeezed(
        f"Weekly progress{report.header.name}{report.header.week_words}"
    )
    assert [(h.kind, h.text()) for h in headings[1:]] == [
        ("H2", squeezed(title)) for title in SECTIONS
    ]
    # Each goal is a heading under its section, in the plan's order.
    goals = [h.text() for h in of_kind(tree, "H3")]
    assert goals == [squeezed(f"{g.number}. {g.title}") for g in report.goals]


@needs_poppler
def test_the_weekly_sheet_has_its_lists_table_and_the_clients_words_in_paragraphs(
    weekly: Path, demo: Store
) -> None:
    report = week_report(demo)
    tree = structure(weekly)
    # The dreams: a list under their heading, each item its number as a label, then its words.
    headings = [kid.text() for kid in tree.kids]
    dreams = tree.kids[headings.index(squeezed(SECTIONS[0])) + 1]
    assert dreams.kind == "L" and report.dreams
    assert [item.kind for item in dreams.kids] == ["LI"] * len(report.dreams)
    for item, dream in zip(dreams.kids, report.dreams, strict=True):
        assert [kid.kind for kid in item.kids] == ["Lbl", "LBody"]
        assert item.kids[0].text() == f"{dream.number}."
        assert squeezed(dream.text) in item.kids[1].text()
    # The needs: one table, a row of column headings, then a row of cells for each need.
    (table,) = of_kind(tree, "Table")
    rows = table.kids
    assert [row.kind for row in rows] == ["TR"] * (1 + len(report.needs))
    assert [(c.kind, c.text()) for c in rows[0].kids] == [
        ("TH", h) for h in map(squeezed, NEEDS_HEADS)
    ]
    for row, need in zip(rows[1:], report.needs, strict=True):
        assert [c.kind for c in row.kids] == ["TD"] * 5
        assert row.kids[0].text() == squeezed(need.name)
    # The client's words are read as paragraphs or list items, never left out.
    said = ["I called my brother. We talked for an hour.", "Shop alone on Tuesday",
            *(dream.text for dream in report.dreams),
            *(c.note.text for g in report.goals for c in g.checkins if c.note)]  # fmt: skip
    for words in said:
        element = holding(tree, words)
        assert {element.kind, *element.ancestors()} & {"P", "LI"}, words
    # A chart is a figure, read by its words (its alternative text is not printed here).
    assert len(of_kind(tree, "Figure")) >= 2


@needs_poppler
def test_tags_leave_the_text_as_it_was(weekly: Path, demo: Store, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from recoverytui.report import tags

    monkeypatch.setattr(tags, "_tree", lambda pdf: None)
    plain = tmp_path / "untagged.pdf"
    plain.write_bytes(render(week_report(demo), "pdf"))
    assert info(plain)["Tagged"] == "no"
    assert pdf_text(weekly) == pdf_text(plain)


@needs_poppler
def test_the_crisis_page_and_card_are_tagged(demo: Store, tmp_path: Path) -> None:
    sheet = sheet_of(demo)
    page, card = tmp_path / "page.pdf", tmp_path / "card.pdf"
    page.write_bytes(render_crisis(sheet, "pdf"))
    card.write_bytes(render_crisis(sheet, "card"))
    tree = assert_accessible(page, language="en", title="Crisis plan", name=sheet.name)
    headings = [(h.kind, h.text()) for h in of_kind(tree, "H1", "H2")]
    assert headings[0] == ("H1", squeezed(f"Crisis plan{sheet.name}"))
    assert ("H2", "Earlywarningsigns") in headings and headings[-1] == ("H2", "Helpnumbers")
    # The signs are a table: what I notice, what I do, what others can do.
    (signs,) = of_kind(tree, "Table")
    assert [(c.kind, c.text()) for c in signs.kids[0].kids] == [
        ("TH", "WhatInotice"),
        ("TH", "WhatIdo"),
        ("TH", "Whatotherscando"),
    ]
    assert [c.text() for c in signs.kids[1].kids] == [
        "Istopopeningthepost",
        "TellKarithesameweek",
        "Askmeaboutthepostandopenitwithme",
    ]
    assert holding(tree, "Walking by the river").kind == "LBody"
    tree = assert_accessible(card, language="en", title="Crisis card", name=sheet.name)
    headings = [(h.kind, h.text()) for h in of_kind(tree, "H1", "H2")]
    assert headings[0] == ("H1", squeezed(f"Crisis card{sheet.name}"))
    assert ("H2", "Peopletocall") in headings
    # How to fold it is about the paper, like the fold lines: not read out.
    assert "Fold" not in tree.text()


@needs_poppler
def test_the_plan_in_bokmal_says_so_and_has_its_headings(demo: Store, tmp_path: Path) -> None:
    i18n.use("nb")
    try:
        doc = document(demo, crisis=True)
        path = tmp_path / "plan.pdf"
        path.write_bytes(render_plan(doc, "pdf"))
    finally:
        i18n.use("en")
    tree = assert_accessible(path, language="nb", title="Individuell plan", name=doc.name)
    h1 = [h.text() for h in of_kind(tree, "H1")]
    # The plan, then the crisis plan printed with it.
    assert h1 == [squeezed(f"Individuell plan{doc.name}"), squeezed(f"Kriseplan{doc.name}")]
    assert len(of_kind(tree, "H2")) >= 8
    # A goal is an item (its number, then its words) with its steps as a list inside it.
    goal = doc.goals[0]
    step = holding(tree, goal.steps[0][0])
    assert step.kind == "LBody"
    assert step.ancestors()[:5] == ["LI", "L", "LBody", "LI", "L"]
    item = step.parent.parent.parent.parent  # type: ignore[union-attr]
    assert item.kids[0].kind == "Lbl" and item.kids[0].text() == f"{goal.number}."
    assert item.kids[1].text().startswith(squeezed(goal.title))


@needs_poppler
def test_a_paragraph_longer_than_a_page_is_one_element_over_the_pages(tmp_path: Path) -> None:
    from recoverytui.report.pdf import _Blocks, _Output, new_document

    pdf = new_document()
    blocks = _Blocks(pdf)
    pdf.set_title("A long paragraph")
    pdf.add_page()
    blocks.write("Before.")
    long = " ".join(f"word{number}" for number in range(1500))
    blocks.write(long)
    blocks.write("After.")
    path = tmp_path / "long.pdf"
    path.write_bytes(bytes(pdf.output(output_producer_class=_Output)))
    assert int(info(path)["Pages"]) >= 3
    tree = assert_accessible(path, language="en", title="A long paragraph", name="-")
    # Each page's part of it marked on that page, closed before the footer (an artifact).
    assert [(kid.kind, kid.text()) for kid in tree.kids] == [
        ("P", "Before."), ("P", squeezed(long)), ("P", "After.")
    ]  # fmt: skip


def actual_texts(path: Path) -> list[str]:
    """The /ActualText of the file's structure elements, decoded."""
    found = re.findall(rb"/ActualText <([0-9A-Fa-f]+)>", path.read_bytes())
    return [bytes.fromhex(text.decode()).decode("utf-16") for text in found]


@needs_poppler
def test_right_to_left_words_are_read_as_they_were_typed(demo: Store, tmp_path: Path) -> None:
    """Shaped Arabic and Hebrew are drawn in the order they are seen: the element that holds
    them gives a screen reader the words in the order they were typed."""
    dream, goal = "بيت صغير قرب البحر", "לבקר את אחי"
    with demo.plan("demo", write=True) as plan:
        plan.add_dream(dream)
        plan.add_goal(goal)
    path = tmp_path / "weekly.pdf"
    path.write_bytes(render(week_report(demo), "pdf"))
    title = f"Weekly progress, {week_report(demo).header.week}"
    tree = assert_accessible(path, language="en", title=title, name="Robin")
    said = actual_texts(path)
    assert any(dream in text for text in said), said
    assert any(goal in text for text in said), said
    assert not any("Walk to the shop" in text for text in said)  # Latin text is as drawn
    assert of_kind(tree, "H3")
