"""A weekly sheet is at most two A4 pages, and no page holds only the closing block.

Every sheet of the demo caseload (50 clients, 156 weeks) in each of its last 12 weeks is laid
out and its pages counted; a sample is written whole and counted again with poppler. A plan
far heavier than any demo one still prints on two pages, saying what it leaves to the full
plan, and shows each person's words whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from recoverytui.core import dates
from recoverytui.core.caseload_demo import create_caseload
from recoverytui.core.settings import save_setting
from recoverytui.core.store import Store
from recoverytui.core.weekly import WeekReport, build_week_report
from recoverytui.report import pdf as sheet_pdf
from recoverytui.report import render
from test_report import needs_poppler, pdf_info

FRIDAY = dt.date(2026, 11, 27)
WEEKS = [dates.week_key(FRIDAY - dt.timedelta(weeks=n)) for n in range(12)]
NEEDS = "Basic needs still open"
CLOSING = "In my own words"


def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: FRIDAY)
    monkeypatch.setattr(dates, "now_iso", lambda: "2026-11-27T10:00:00+01:00")


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[WeekReport]]:
    """The sheets of `recovery demo --clients 50 --weeks 156` (default seed), made on FRIDAY:
    each client's last 12 weeks."""
    home = tmp_path_factory.mktemp("caseload")
    with pytest.MonkeyPatch.context() as monkeypatch:
        frozen(monkeypatch)
        store = Store(home)
        create_caseload(store, clients=50, weeks=156, today=FRIDAY)
        reports = []
        for client in store.clients():
            with store.plan(client["handle"]) as plan:
                reports += [
                    build_week_report(plan, week, today=FRIDAY, worker="Kari") for week in WEEKS
                ]
        yield reports


def laid_out(report: WeekReport) -> sheet_pdf._Sheet:
    """The sheet's pages drawn, without writing the file (what takes most of a sheet's
    time: cutting the fonts down and compressing)."""
    sheet = sheet_pdf._Sheet(report)
    try:
        sheet.lay_out()
    finally:
        sheet_pdf._release(sheet.pdf)
    return sheet


def page_text(path: Path, page: int) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return re.sub(r"\s+", " ", result.stdout)


def test_every_demo_sheet_of_the_last_12_weeks_is_at_most_two_pages(
    caseload: list[WeekReport],
) -> None:
    assert len(caseload) == 50 * 12
    pages: Counter[int] = Counter()
    shortened: Counter[str] = Counter()
    for report in caseload:
        sheet = laid_out(report)
        where = (report.header.name, report.header.week)
        pages[sheet.pdf.page] += 1
        assert sheet.pdf.page <= 2, (where, sheet.placed)
        # The closing block is drawn in one block with the section before it: heading, table
        # and closing all on the last page.
        assert sheet.placed[-1] == (NEEDS, sheet.pdf.page, sheet.pdf.page), (where, sheet.placed)
        # The client's part is never what gives way on a demo sheet: every dream, goal and
        # check-in of theirs is on it.
        for key in sheet.shown:
            shortened[key if isinstance(key, str) else key[0]] += 1
        assert not {"dreams", "goals", "checkins"} & set(shortened), (where, sheet.shown)
    print(f"pages: {dict(pages)}; lists shortened: {dict(shortened)}")


@needs_poppler
def test_a_sample_of_demo_sheets_written_whole_count_the_same_with_poppler(
    caseload: list[WeekReport], tmp_path: Path
) -> None:
    for index, report in enumerate(caseload[::50]):
        path = tmp_path / f"{index}.pdf"
        path.write_bytes(render(report, "pdf"))
        pages = int(pdf_info(path)["Pages"])
        assert pages == laid_out(report).pdf.page <= 2
        last = page_text(path, pages)
        assert NEEDS in last and CLOSING in last and "Client: " in last, last[-400:]
        assert "Worker: Kari" in last


def words(label: str, sentences: int) -> str:
    """A person's words, marked where they begin and end, in whole sentences."""
    body = " ".join(
        ["I walked to the lake and back, slowly, and sat on the bench for a while."] * sentences
    )
    return f"Begin{label} {body} End{label}."


@pytest.fixture
def heavy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, list[str]]:
    """A plan far beyond any week's sheet: many long dreams, goals with many steps and long
    check-ins every other day, goals reached this week, moves on every area of the ladder,
    every need open with an action, and a long review. Also the labels of all its words."""
    frozen(monkeypatch)
    home = tmp_path / "home"
    save_setting(home, "worker", "Ola")
    store = Store(home)
    store.add_client("Ingrid", handle="ingrid", coordinator="Kari")
    labels = []
    monday = dt.date(2026, 11, 23)
    with store.plan("ingrid", write=True) as plan:
        for number in range(1, 7):
            labels.append(f"Dream{number}")
            plan.add_dream(words(labels[-1], 5))
        for number in range(1, 15):
            plan.add_goal(f"Goal {number}: walk a little further", dream=1,
                          steps=[f"Step {n} of goal {number}" for n in range(1, 9)],
                          base=dt.date(2026, 10, 1))  # fmt: skip
            for day in (0, 2, 4):
                labels.append(f"Goal{number}Day{day}")
                plan.check_in(number, 2, note=words(labels[-1], 3),
                              on=monday + dt.timedelta(days=day))  # fmt: skip
        for number in range(15, 23):
            plan.add_goal(f"Goal {number}, reached", base=dt.date(2026, 10, 1))
            labels.append(f"Reached{number}")
            plan.set_goal_status(number, "reached", note=words(labels[-1], 2), base=monday)
        for number in range(1, 9):
            plan.add_area(f"Area {number}", step=2, on=dt.date(2026, 10, 1))
            labels.append(f"Area{number}")
            plan.step_up(number, note=words(labels[-1], 2), on=monday)
        for item in plan.needs():
            plan.rate_need(item["number"], client_says="unmet", worker_says="partly",
                           action="Ask NAV about the payment date and write it down",
                           who="Kari", due="2026-12-10", base=FRIDAY)  # fmt: skip
        labels.append("Review")
        plan.record_review("2026-W48", words=words("Review", 4), hope=6,
                           agree=[f"Small step {n}" for n in range(1, 4)], on=FRIDAY)  # fmt: skip
    return store, labels


@needs_poppler
def test_a_huge_plan_stays_on_two_pages_and_says_what_more_is_in_the_full_plan(
    heavy: tuple[Store, list[str]], tmp_path: Path
) -> None:
    store, labels = heavy
    with store.plan("ingrid") as plan:
        report = build_week_report(plan, "2026-W48", today=FRIDAY, worker=store.worker_name())
    assert len(report.goals) == 14 and len(report.needs) >= 16
    path = tmp_path / "ingrid.pdf"
    path.write_bytes(render(report, "pdf"))
    pages = int(pdf_info(path)["Pages"])
    assert pages == 2
    text = " ".join(page_text(path, page) for page in (1, 2))
    assert "more in the full plan" in text
    # Each person's words are on the sheet whole, or not at all.
    shown = [label for label in labels if f"Begin{label} " in text]
    for label in labels:
        assert (f"Begin{label} " in text) == (f"End{label}." in text), label
    # The client's part first: their first dream and goal, and this week's words.
    assert {"Dream1", "Review"} <= set(shown) and "Goal 1: walk a little further" in text
    last = page_text(path, pages)
    assert NEEDS in last and CLOSING in last, last[-400:]
    assert "Worker: Ola" in last and "Coordinator: Kari" in last


def test_a_list_cut_short_counts_what_it_leaves_out(heavy: tuple[Store, list[str]]) -> None:
    store, _labels = heavy
    with store.plan("ingrid") as plan:
        report = build_week_report(plan, "2026-W48", today=FRIDAY)
    sheet = laid_out(report)
    assert sheet.pdf.page == 2
    assert sheet.shown["needs"] < len(report.needs)
    # Steps done before this week give way before the open ones; none is done here, so the
    # first open steps stay.
    steps, more = sheet.steps(report.goals[0])
    assert more == 8 - len(steps) and [step.text for step, *_ in steps] == [
        f"Step {n} of goal 1" for n in range(1, len(steps) + 1)
    ]
