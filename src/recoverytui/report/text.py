"""The weekly sheet as Markdown and as plain text: the same content, laid out by two writers.

User text is kept verbatim. In Markdown it is escaped, so a note such as `[x](y)` or `<b>`
shows as typed wherever the file is rendered and is never read as a link or markup. Both
pass through safe(), so no terminal control character reaches a terminal from `-o -`.
"""

from __future__ import annotations

import re
from typing import Protocol

from recoverytui.core.i18n import _, in_quotes
from recoverytui.core.text import pad, safe, width
from recoverytui.core.weekly import CheckIn, WeekReport, WeekValue
from recoverytui.report import words


class Writer(Protocol):
    def title(self, text: str, meta: list[str]) -> None: ...
    def heading(self, text: str) -> None: ...
    def para(self, text: str, level: int = 0) -> None: ...
    def item(self, text: str, level: int = 0) -> None: ...
    def quote(self, text: str, voice: str, level: int = 0) -> None: ...
    def chart(self, label: str, values: list[WeekValue], top: int, level: int = 0) -> None: ...
    def table(self, headers: list[str], rows: list[list[str]]) -> None: ...
    def writing_space(self, lines: int) -> None: ...
    def signatures(self, people: list[str]) -> None: ...
    def done(self) -> str: ...


def render_markdown(report: WeekReport) -> str:
    return _compose(report, MarkdownWriter())


def render_text(report: WeekReport) -> str:
    return _compose(report, TextWriter())


def _compose(report: WeekReport, w: Writer) -> str:
    """The sheet's content in order: the client's part first, then the ladder and needs."""
    w.title(
        words.title(report),
        [
            report.header.week_words,
            *words.header_plan(report),
            words.coordinator(report),
            words.printed(report),
        ],
    )

    w.heading(_("My hopes and dreams"))
    if not report.dreams:
        w.para(_("No dreams written down yet."))
    for dream in report.dreams:
        w.item(f"{dream.number}. {in_quotes(dream.text)}")
        if dream.status is None:
            w.para(f"({words.whose(dream.voice)})", 1)
        else:
            w.para(f"({words.dream_status(dream.status)}, {words.whose(dream.voice)})", 1)

    w.heading(_("My small goals"))
    if not report.goals:
        w.para(_("No small goals being worked on this week."))
    for goal in report.goals:
        w.item(f"{goal.number}. {goal.title}")
        details = words.goal_details(goal, report)
        if details:
            w.para(" · ".join(details), 1)
        if goal.checkins:
            _checkins(w, goal.checkins, report)
        else:
            w.para(_("No check-in this week."), 1)
        if goal.steps_done_this_week or goal.steps_done_before or goal.steps_open:
            w.para(_("Steps:"), 1)
        for step in goal.steps_done_this_week:
            w.item("[x] " + words.step_done(step.text, step.done, report, this_week=True), 1)
        for step in goal.steps_done_before:
            w.item("[x] " + words.step_done(step.text, step.done, report, this_week=False), 1)
        for step in goal.steps_open:
            w.item("[ ] " + step.text, 1)
        w.chart(_("Progress, best each week (0–4)"), goal.progress, 4, 1)

    w.heading(_("Goals reached"))
    if not report.reached:
        w.para(_("None yet: each small step counts on the way."))
    for reached in report.reached:
        when = words.day(reached.reached, report)
        line = (
            _("★ This week! {title}, reached {date}")
            if reached.this_week
            else _("★ {title}, reached {date}")
        )
        w.item(line.format(title=reached.title, date=when))
        if reached.note:
            w.quote(reached.note.text, reached.note.voice, 1)
        _checkins(w, reached.checkins, report)
    if report.reached_before:
        w.para(words.reached_before(report.reached_before))

    for status in ("paused", "let-go"):
        aside = [a for a in report.set_aside if a.status == status]
        if aside:
            w.heading(words.set_aside_heading(status))
        for resting in aside:
            w.item(words.set_aside(resting.title, resting.date, status, report))
            if resting.note:
                w.quote(resting.note.text, resting.note.voice, 1)
            _checkins(w, resting.checkins, report)

    w.heading(_("This week in my words"))
    if report.review_held is None:
        w.para(_("No weekly review held yet."))
    else:
        w.para(_("Weekly review held {date}.").format(date=words.day(report.review_held, report)))
    if report.words:
        w.quote(report.words.text, report.words.voice)
    if report.hope is not None:
        w.para(words.hope(report.hope))
    if any(value.value is not None for value in report.hopes):
        w.chart(_("Hope for the future (0–10)"), report.hopes, 10)

    if report.last_steps_week:
        w.heading(
            _("Small steps agreed in week {week}").format(
                week=words.week_number(report.last_steps_week)
            )
        )
        for agreed in report.last_steps:
            w.item(f"{words.agreed_mark(agreed)} {words.last_step(agreed, report)}")

    w.heading(_("Small steps for next week"))
    if not report.next_steps:
        w.para(_("None agreed yet."))
    for agreed in report.next_steps:
        w.item(f"[ ] {agreed.text}")

    w.heading(_("Responsibility, step by step"))
    if not report.areas:
        w.para(_("No areas on the ladder yet."))
    for area in report.areas:
        w.item(f"{area.name}: {words.ladder_picture(area.step)} {words.ladder_step(area)}")
        if area.next:
            w.para(_("Next step: {next}").format(next=area.next), 1)
        if area.ready_when:
            w.para(_("Time for it when: {sign}").format(sign=area.ready_when), 1)
        for entry in area.moves:
            w.item(words.move(entry, report), 1)
            if entry.note:
                w.quote(entry.note.text, entry.note.voice, 2)

    w.heading(_("Basic needs still open"))
    if not report.needs:
        w.para(words.no_open_needs(report))
    else:
        w.table(
            [_("Need"), _("Client says"), _("Worker says"), _("Who does what"), _("By when")],
            [
                [need.name, *words.need_ratings(need), words.need_action(need),
                 words.need_due(need, report)]
                for need in report.needs
            ],
        )  # fmt: skip

    w.heading(_("In my own words"))
    w.writing_space(words.WRITING_LINES)
    w.signatures([_("Client: {name}").format(name=report.header.name), _("Worker")])
    return safe(w.done())


def _checkins(w: Writer, checkins: list[CheckIn], report: WeekReport) -> None:
    """A goal's check-ins of the week, under the goal."""
    if checkins:
        w.para(_("This week:"), 1)
    for checkin in checkins:
        w.item(f"{words.day(checkin.date, report)}: {words.progress(checkin.progress)}", 1)
        if checkin.note:
            w.quote(checkin.note.text, checkin.note.voice, 2)


def _bar(value: int | None, top: int) -> str:
    if value is None:
        return " "
    return words.SPARK[round(value * 4 / top)]


# Plain text --------------------------------------------------------------------------------


class TextWriter:
    INDENT = "  "

    def __init__(self) -> None:
        self.lines: list[str] = []

    def _add(self, text: str, level: int, lead: str = "") -> None:
        indent = self.INDENT * (level + 1)
        first = indent + lead
        # Later lines of a multi-line entry line up under its first line.
        self.lines.append(first + text.replace("\n", "\n" + " " * len(first)))

    def title(self, text: str, meta: list[str]) -> None:
        self.lines += [text, "=" * width(text), *meta]

    def heading(self, text: str) -> None:
        self.lines += ["", text, "-" * width(text)]

    def para(self, text: str, level: int = 0) -> None:
        self._add(text, level)

    def item(self, text: str, level: int = 0) -> None:
        self._add(text, level, "- " if level else "")

    def quote(self, text: str, voice: str, level: int = 0) -> None:
        self._add(f"{in_quotes(text)}  ({words.whose(voice)})", level)

    def chart(self, label: str, values: list[WeekValue], top: int, level: int = 0) -> None:
        head = _("Week")
        cells = [words.week_number(v.week) for v in values]
        numbers = ["-" if v.value is None else str(v.value) for v in values]
        bars = [_bar(v.value, top) for v in values]
        column = max(width(head), 3)
        self._add(label, level)
        for name, row in ((head, cells), ("", numbers), ("", bars)):
            self._add(pad(name, column) + "".join(cell.rjust(4) for cell in row), level)

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        cells = [[words_one_line(cell) for cell in row] for row in rows]
        widths = [max(width(h), *(width(r[i]) for r in cells)) for i, h in enumerate(headers)]
        for row in [headers, *cells]:
            parts = [pad(cell, widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
            self._add("  ".join(parts).rstrip(), 0)

    def writing_space(self, lines: int) -> None:
        for _line in range(lines):
            self.lines += ["", self.INDENT + words.WRITING_LINE]

    def signatures(self, people: list[str]) -> None:
        for person in people:
            self.lines += ["", self.INDENT + words.signature(person)]

    def done(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def words_one_line(text: str) -> str:
    """A table cell on one line: line breaks shown as a visible mark."""
    return text.replace("\r\n", "\n").replace("\n", " ⏎ ").replace("\t", " ")


# Markdown ----------------------------------------------------------------------------------

# Every character Markdown (CommonMark, GFM tables and strikethrough) could read as syntax
# inside a line, and what could start a block at the beginning of a line.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~#!])")
_LINE_START = re.compile(r"^(\s*)(?:([-+=>])|(\d+)([.)]))", re.MULTILINE)


def md(text: str) -> str:
    """User text for Markdown: shown as typed, never read as a link, HTML or emphasis.

    A number starting a line keeps its digits and has its dot escaped (`2\\.`): a backslash
    before a digit is not an escape in CommonMark and would be shown."""
    escaped = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_start, escaped)


def _escape_start(m: re.Match[str]) -> str:
    if m.group(2):
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)


class MarkdownWriter:
    """Sections as headings, entries as lists; what belongs to an entry is nested under it."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def _block(self, line: str) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.append(line)

    def _entry(self, text: str, level: int) -> None:
        indent = "  " * level
        # A multi-line entry stays one entry: hard breaks (a backslash), then indentation.
        line = indent + "- " + text.replace("\n", "\\\n" + indent + "  ")
        if level or (self.lines and self.lines[-1].lstrip().startswith("- ")):
            self.lines.append(line)
        else:
            self._block(line)

    def title(self, text: str, meta: list[str]) -> None:
        self._block("# " + md(text))
        self._block("  \n".join(md(line) for line in meta))

    def heading(self, text: str) -> None:
        self._block("## " + md(text))

    def para(self, text: str, level: int = 0) -> None:
        if level:
            self._entry(md(text), level)
        else:
            self._block(md(text).replace("\n", "\\\n"))

    def item(self, text: str, level: int = 0) -> None:
        self._entry(md(text), level)

    def quote(self, text: str, voice: str, level: int = 0) -> None:
        line = f"{in_quotes(md(text))} *({md(words.whose(voice))})*"
        if level:
            self._entry(line, level)
        else:
            self._block("> " + line.replace("\n", "\\\n> "))

    def chart(self, label: str, values: list[WeekValue], top: int, level: int = 0) -> None:
        indent = "  " * level
        rows = [
            [md(_("Week")), *(words.week_number(v.week) for v in values)],
            ["---"] * (len(values) + 1),
            [md(label), *("-" if v.value is None else str(v.value) for v in values)],
            ["", *(_bar(v.value, top) for v in values)],
        ]
        self.lines.append("")
        self.lines += [indent + "| " + " | ".join(row) + " |" for row in rows]
        self.lines.append("")

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        body = [[md(words_one_line(cell)) for cell in row] for row in rows]
        self._block("| " + " | ".join(md(h) for h in headers) + " |")
        self.lines.append("|" + "---|" * len(headers))
        self.lines += ["| " + " | ".join(row) + " |" for row in body]

    def writing_space(self, lines: int) -> None:
        self._block("\\\n".join([words.WRITING_LINE] * lines))

    def signatures(self, people: list[str]) -> None:
        for person in people:
            self._block(md(words.signature(person)))

    def done(self) -> str:
        text = "\n".join(self.lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
