"""The weekly sheet as Markdown and as plain text: the same content, laid out by two writers.

User text is kept verbatim. In Markdown it is escaped, so a note such as `[x](y)`, `<b>` or
a web address shows as typed wherever the file is rendered (CommonMark, GitHub's autolinks,
Python-Markdown) and is never read as a link or markup. Plain text is wrapped at 80 columns.
Both pass through safe(), so no terminal control character reaches a terminal from `-o -`.
"""

from __future__ import annotations

import re
import unicodedata
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
    w.signatures([" · ".join(lines) for lines in words.signers(report)])
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

COLUMNS = 80  # every line of a text printout fits a terminal and a printed page


class TextWriter:
    INDENT = "  "

    def __init__(self) -> None:
        self.lines: list[str] = []

    def _add(self, text: str, level: int, lead: str = "", hang: int = 0) -> None:
        """An entry wrapped to the page: later lines, the writer's and the person's own, line
        up under its first word (`hang` columns further in, inside a quotation mark)."""
        first = self.INDENT * (level + 1) + lead
        rest = " " * (width(first) + hang)
        for number, line in enumerate(text.replace("\t", " ").split("\n")):
            self.lines += wrap(line, first if number == 0 else rest, rest)

    def _underlined(self, text: str, mark: str) -> list[str]:
        lines = wrap(text, "", "")
        return [*lines, mark * max(width(line) for line in lines)]

    def title(self, text: str, meta: list[str]) -> None:
        self.lines += self._underlined(text, "=")
        for line in meta:
            self.lines += wrap(line, "", "")

    def heading(self, text: str) -> None:
        self.lines += ["", *self._underlined(text, "-")]

    def para(self, text: str, level: int = 0) -> None:
        self._add(text, level)

    def item(self, text: str, level: int = 0) -> None:
        self._add(text, level, "- " if level else "", hang=mark_width(text))

    def quote(self, text: str, voice: str, level: int = 0) -> None:
        self._add(f"{in_quotes(text)}  ({words.whose(voice)})", level, hang=QUOTE_MARK)

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
        """Each row an entry, its other cells under it: a table of five columns of a
        person's words can't be read at 80 columns."""
        for row in rows:
            self.item(row[0])
            for header, cell in _cells(headers, row):
                self.para(labelled(header, cell), 1)

    def writing_space(self, lines: int) -> None:
        for _line in range(lines):
            self.lines += ["", self.INDENT + words.WRITING_LINE]

    def signatures(self, people: list[str]) -> None:
        for person in people:
            self.lines.append("")
            # The name on its own line, the places to sign under it: with a name, the
            # sentence is too long for one line.
            before, _mark, after = words.signature("\0").partition("\0")
            self._add(before + person, 0)
            if after.strip():
                self._add(after.strip(), 0)

    def done(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


QUOTE_MARK = 1  # columns of an opening quotation mark, “ or «
# What an entry starts with to mark it: its number, a star, a box ticked or not.
_MARK = re.compile(r"(?:\d+\.|★|\[[ x]\]) ")


def mark_width(text: str) -> int:
    """Columns of the entry's mark, so its later lines start under its words."""
    found = _MARK.match(text)
    return width(found.group()) if found else 0


def labelled(label: str, text: str) -> str:
    return _("{label}: {text}").format(label=label, text=text)


def _cells(headers: list[str], row: list[str]) -> list[tuple[str, str]]:
    """A row's cells after the first, with their headers; an empty one ("-") left out."""
    return [
        (h, cell) for h, cell in zip(headers[1:], row[1:], strict=True) if cell not in ("", "-")
    ]


def wrap(text: str, first: str, rest: str, columns: int = COLUMNS) -> list[str]:
    """One line of text in lines of at most `columns`, the first starting with `first`, the
    others with `rest`. Spaces inside a line that fits are kept (a column of phone numbers);
    a word longer than a whole line is broken where it reaches the edge."""
    lines: list[str] = []
    line, used, empty = first, width(first), True
    full = columns - width(rest)
    # The person's own indentation is kept, as far as it leaves room for words.
    leading = text[: len(text) - len(text.lstrip(" "))][: max(0, columns - used - full // 2)]
    line, used = line + leading, used + len(leading)
    for word, space in re.findall(r"(\S+)( *)", text):
        size = width(word)
        # A word that fits a line of its own goes to the next; a longer one starts here.
        if not empty and used + size > columns and (size <= full or columns - used < 2):
            lines.append(line.rstrip())
            line, used, empty = rest, width(rest), True
        if used + size > columns:
            *whole, word = _broken(word, columns - used, full)
            for part in whole:
                lines.append(line + part)
                line, used = rest, width(rest)
            size = width(word)
        line, used, empty = line + word + space, used + size + len(space), False
    lines.append(line.rstrip())
    return lines


def _broken(word: str, room: int, full: int) -> list[str]:
    """A word too long for its line, in pieces that fit: `room` columns, then `full`. A
    letter keeps its accents and an emoji its joined parts."""
    parts, part, used = [], "", 0
    pieces = _clusters(word)
    # A cluster wider than a line (emoji joined by the dozen) is parted after all.
    pieces = [ch for c in pieces for ch in (c if width(c) > full else [c])]
    for cluster in pieces:
        size = width(cluster)
        if part and used + size > room:
            parts.append(part)
            part, used, room = "", 0, full
        part, used = part + cluster, used + size
    return [*parts, part]


_JOINED = re.compile("[\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0000-\U000e0fff]")


def _clusters(word: str) -> list[str]:
    """The word in pieces never split on the page: a mark, joiner or modifier goes with the
    character before it, and the character after a joiner with it."""
    clusters: list[str] = []
    for ch in word:
        joins = clusters and (
            unicodedata.category(ch).startswith("M")
            or _JOINED.match(ch)
            or clusters[-1].endswith("\u200d")
        )
        if joins:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def words_one_line(text: str) -> str:
    """A table cell on one line: line breaks shown as a visible mark."""
    return text.replace("\r\n", "\n").replace("\n", " ⏎ ").replace("\t", " ")


# Markdown ----------------------------------------------------------------------------------

# Every character Markdown could read as syntax inside a line (CommonMark, and GitHub's
# tables, strikethrough and autolinks), escaped the way CommonMark and Python-Markdown both
# read back as the character: a backslash before those Python-Markdown takes one before,
# an entity for the others. A dot between a letter and a letter is escaped, a second slash
# and the colon after mailto or xmpp made entities, so `www.x.no`, `x@y.no`, `https://x`
# and `mailto:x@y` are never linked; an & only where it would start an entity.
_INLINE = re.compile(
    r"[\\`*_\[\]>#!<|~]|&(?=#?\w+;)|(?<=[^\W_])\.(?=[^\W\d_])|(?<=/)/|(?:(?<=mailto)|(?<=xmpp)):",
    re.IGNORECASE,
)
_ENTITIES = {"<": "&lt;", "|": "&#124;", "~": "&#126;", "&": "&amp;", "/": "&#47;", ":": "&#58;"}
# What could start a block at the beginning of a line (`>`, `#` and `*` are escaped above).
_LINE_START = re.compile(r"^(\s*)(?:([-+])|(=)|(\d+)([.)]))", re.MULTILINE)


def md(text: str) -> str:
    """User text for Markdown: shown as typed, never read as a link, HTML or emphasis.

    A number starting a line keeps its digits and has its dot escaped (`2\\.`): a backslash
    before a digit is not an escape in CommonMark and would be shown."""
    escaped = _INLINE.sub(lambda m: _ENTITIES.get(m.group(), "\\" + m.group()), text)
    return _LINE_START.sub(_escape_start, escaped)


def _escape_start(m: re.Match[str]) -> str:
    if m.group(2):
        return m.group(1) + "\\" + m.group(2)
    if m.group(3):
        return m.group(1) + "&#61;"  # Python-Markdown takes no backslash before =
    return m.group(1) + m.group(4) + "\\" + m.group(5)


def hard_breaks(text: str, indent: str) -> str:
    """Lines of escaped text kept apart inside one paragraph: two spaces end a line, the one
    line break both CommonMark and Python-Markdown read (a backslash is CommonMark's only).
    Later lines are indented as `indent`; a blank line would end the entry, so it goes."""
    lines = (line.strip() for line in text.split("\n"))
    return ("  \n" + indent).join(line for line in lines if line)


class MarkdownWriter:
    """Sections as headings, entries as lists; what belongs to an entry is nested under it.

    Nested four spaces in, as Python-Markdown needs (CommonMark takes it too); charts and
    tables are lines of a list, as neither renderer puts a table inside a list item and
    CommonMark has no tables."""

    INDENT = "    "

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.listing = False

    def _block(self, line: str) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.append(line)
        self.listing = False

    def _entry(self, text: str, level: int) -> None:
        indent = self.INDENT * level
        line = indent + "- " + hard_breaks(text, indent + self.INDENT)
        if level or self.listing:
            self.lines.append(line)
        else:
            self._block(line)
        self.listing = True

    def title(self, text: str, meta: list[str]) -> None:
        self._block("# " + md(text))
        self._block("  \n".join(md(line) for line in meta))

    def heading(self, text: str) -> None:
        self._block("## " + md(text))

    def para(self, text: str, level: int = 0) -> None:
        if level:
            self._entry(md(text), level)
        else:
            self._block(hard_breaks(md(text), ""))

    def item(self, text: str, level: int = 0) -> None:
        self._entry(md(text), level)

    def quote(self, text: str, voice: str, level: int = 0) -> None:
        line = f"{in_quotes(md(text))} *({md(words.whose(voice))})*"
        if level:
            self._entry(line, level)
        else:
            self._block("> " + hard_breaks(line, "> "))

    def chart(self, label: str, values: list[WeekValue], top: int, level: int = 0) -> None:
        # The sentence a screen reader gets from the PDF: a table can't sit in a list item.
        line = md(words.chart(label, values))
        if level:
            self._entry(line, level)
        else:
            self._block(line)

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        for row in rows:
            self._entry(md(row[0]), 0)
            for header, cell in _cells(headers, row):
                self._entry(md(labelled(header, cell)), 1)

    def writing_space(self, lines: int) -> None:
        self._block("  \n".join([words.WRITING_LINE] * lines))

    def signatures(self, people: list[str]) -> None:
        for person in people:
            self._block(md(words.signature(person)))

    def done(self) -> str:
        text = "\n".join(self.lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
