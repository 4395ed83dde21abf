"""The crisis plan drawn for the client to keep: one A4 page, and a pocket card to fold.
Imported only when one of them is made; the PDF library and the fonts come from pdf.py.

The page is large and calm: the name and when the plan was gone through at the top, then
each part under its heading, short parts two to a row, phone numbers in bold at the right,
the public help numbers in a box of their own. When the plan would not fit on one page the
type and the spacing come down in steps, to 9 pt at the least; only a plan too full for one
page at 9 pt runs on, each entry kept whole.

The card is an A4 sheet, landscape, printed on one side, in 4 × 2 panels of 74 × 105 mm
(A7). It is folded like a map: back and forth along the three upright dashed lines (a
zig-zag), then the strip in half across the middle, printed side out. Folded, the top-left
panel is the front (the name, the people to call, the self-referral phone) and the
bottom-left panel the back (the public help numbers): both are read without unfolding it.
Unfolded, every panel reads upright, so nothing is printed upside down. The signs with what I
do, and what helps, fill the inner panels. Black type on white and thin rules: it reads the
same printed in grey.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from contextlib import nullcontext

from recoverytui.core.i18n import in_quotes
from recoverytui.report import crisis as words
from recoverytui.report.crisis import CrisisSheet, Entry
from recoverytui.report.pdf import (
    BLACK,
    FONT,
    FPDF,
    GREY,
    _add_faces,
    _Blocks,
    _Document,
    _Output,
    _release,
    _Shaping,
    new_document,
)
from recoverytui.report.tags import ARTIFACT, tagged_as

LINE = 0.3528 * 1.28  # mm of line per point of type, as _Blocks.write() spaces lines
RULE_GREY = 170  # the thin rules between signs: seen, not read
Block = Callable[[], float]
Column = Callable[[float, float], float]  # drawn at (indent, width); returns its height


def render_page(sheet: CrisisSheet) -> bytes:
    page = _Page(sheet)
    try:
        return bytes(page.build())
    finally:
        _release(page.pdf)


def render_card(sheet: CrisisSheet) -> bytes:
    card = _Card(sheet)
    try:
        return bytes(card.build())
    finally:
        _release(card.pdf)


def _metadata(pdf: FPDF, title: str, sheet: CrisisSheet) -> None:
    """No name in the file's metadata: the page says whose it is, the file need not."""
    pdf.set_title(title)
    pdf.set_creator("recoverytui")
    pdf.set_creation_date(dt.datetime.combine(sheet.printed, dt.time(12), tzinfo=dt.UTC))


class _Drawn(_Blocks):
    """What the page and the card draw alike, at a body size chosen by fitting."""

    greys = True  # the card has none: black on white only

    def __init__(self, pdf: FPDF, body: float, largest: float) -> None:
        super().__init__(pdf)
        self.largest = largest
        self.size(body)

    def size(self, body: float) -> None:
        self.body = body
        self.scale = body / self.largest
        self.small = max(body - 2, 7.0)
        self.head = body + 1.5

    def gap(self, mm: float) -> float:
        return self.space(mm * self.scale)

    def measure(self, block: Block) -> float:
        drawing, self.drawing = self.drawing, False
        try:
            return block()
        finally:
            self.drawing = drawing

    def heading(
        self, value: str, indent: float = 0.0, width: float | None = None, *, before: float = 3
    ) -> float:
        """A part's heading, with a thin rule under it as wide as its column."""
        pdf = self.pdf
        width = pdf.epw - indent if width is None else width
        height = self.gap(before)
        with self.tagged("H2"):
            height += self.write(value, size=self.head, bold=True, indent=indent, width=width)
        if self.drawing:
            y = pdf.get_y() + 0.3
            pdf.set_draw_color(BLACK)
            pdf.set_line_width(0.3)
            pdf.line(pdf.l_margin + indent, y, pdf.l_margin + indent + width, y)
        return height + self.gap(1.8)

    def columns(
        self,
        parts: Sequence[Column],
        indent: float,
        width: float,
        gap: float,
        shares: Sequence[float] | None = None,
        cells: str | None = None,
    ) -> float:
        """Parts side by side from the same top, within (indent, width): as wide as each
        other, or by their shares of the width; each part, for a screen reader, one element
        of `cells` if given (a table's TH or TD)."""
        pdf = self.pdf
        top = pdf.get_y()
        room = width - gap * (len(parts) - 1)
        widths = [room * share for share in shares] if shares else [room / len(parts)] * len(parts)
        tallest = 0.0
        x = indent
        for part, each in zip(parts, widths, strict=True):
            if self.drawing:
                pdf.set_y(top)
            with self.tagged(cells) if cells else nullcontext():
                tallest = max(tallest, part(x, each))
            x += each + gap
        if self.drawing:
            pdf.set_y(top + tallest)
        return tallest

    def note(self, voice: str, indent: float, width: float) -> float:
        """Whose words these are, when they are not the client's own."""
        said = words.whose(voice)
        if said is None:
            return 0.0
        return self.write(said, size=self.small, grey=self.greys, indent=indent, width=width)

    @tagged_as("LI")
    def entry(self, entry: Entry, indent: float, width: float) -> float:
        """One entry with a bullet hanging in the margin, and what goes with it under it."""
        pdf = self.pdf
        y = pdf.get_y()
        hang = 4.5 * self.scale
        inner, rest = indent + hang, width - hang
        height = self.write(entry.words, size=self.body, indent=inner, width=rest)
        if self.drawing:
            pdf.set_xy(pdf.l_margin + indent, y)
            pdf.set_font(FONT, "", self.body)
            with self.tagged("Lbl"):
                pdf.cell(hang, self.body * LINE, "•")
            pdf.set_y(y + height)
        for field, text in entry.details:
            height += self.write(words.labelled(field, text), size=self.body - 1, indent=inner,
                                 width=rest)  # fmt: skip
        height += self.note(entry.voice, inner, rest)
        return height + self.gap(1.2)

    def phone_line(
        self,
        name: str,
        phone: str | None,
        indent: float,
        width: float,
        *,
        under: str | None = None,
        bold: bool = True,
    ) -> float:
        """A name (with a line under it: who they are) and its number in bold at the right,
        where the eye finds it. A number is never broken where it has a space: one too wide
        to stand beside the name gets a line of its own under it."""
        pdf = self.pdf
        size = self.body + 0.5
        number = 0.0
        if phone:
            phone = phone.replace(" ", "\u00a0")  # a no-break space: the number stays whole
            pdf.set_font(FONT, "B", size)
            number = pdf.get_string_width(self.text(phone)) + 2 * pdf.c_margin + 0.5
            if number > width * 0.55 and name:
                height = self.phone_line(name, None, indent, width, under=under, bold=bold)
                return height + self.phone_line("", phone, indent, width, bold=bold)
            number = min(number, width)
        y = pdf.get_y()
        room = width - number - (1.5 if phone else 0)
        left = (
            self.write(name, size=self.body, bold=bold, indent=indent, width=room) if name else 0.0
        )
        if under:
            left += self.write(under, size=self.small, grey=self.greys, indent=indent, width=room)
        right = 0.0
        if phone:
            if self.drawing:
                pdf.set_y(y)
            right = self.write(phone, size=size, bold=True, indent=indent + width - number,
                               width=number, align="R")  # fmt: skip
        height = max(left, right)
        if self.drawing:
            pdf.set_y(y + height)
        return height + self.gap(1.2)


# The A4 page ---------------------------------------------------------------------------------

SIZES = (11.5, 11.0, 10.5, 10.0, 9.5, 9.0)  # the body type tried in turn: 9 pt at the least
# Short parts share a row, two columns; a part alone in its row takes the width.
PAIRS = (
    ("helps", "avoid"),
    ("met", "treatment"),
    ("contacts", "no_contact"),
    ("practical", "admission"),
)


class _Page(_Drawn):
    def __init__(self, sheet: CrisisSheet, pdf: FPDF | None = None) -> None:
        """The page of its own document, or a page drawn into `pdf`, a document of another
        printout (the individual plan with its crisis plan), with that one's margins."""
        own = pdf is None
        if pdf is None:
            pdf = new_document()
            _metadata(pdf, words.plan_heading(), sheet)
        self.sheet = sheet
        super().__init__(pdf, SIZES[0], SIZES[0])
        if isinstance(pdf, _Document) and own:
            pdf.footer_text = f"{self.footer_name(sheet.name)} · {words.plan_heading()}"

    def build(self) -> bytearray:
        self.draw()
        return self.pdf.output(output_producer_class=_Output)

    def draw(self) -> None:
        """The plan on a new page: one page if the type can come down far enough."""
        pdf = self.pdf
        pdf.add_page()
        room = pdf.page_break_trigger - pdf.get_y() - 0.5
        for body in SIZES:
            self.size(body)
            if sum(map(self.measure, self.blocks())) <= room:
                break
        for block in self.blocks():
            self.keep(block)

    def blocks(self) -> list[Block]:
        """The page in order, in blocks each kept whole on a page."""
        sheet, epw = self.sheet, self.pdf.epw
        blocks: list[Block] = [self.header]
        if sheet.empty:
            blocks.append(lambda: self.write(words.nothing_yet(), size=self.body, grey=True))
        if sheet.well:
            blocks.append(self.well)
        signs = sheet.section("signs")
        if signs is not None:
            title, (first, *rest) = signs.title, signs.entries
            blocks.append(lambda: self.signs_head(title) + self.sign(first))
            blocks += [functools.partial(self.sign, entry) for entry in rest]
        page = self.pdf.page_break_trigger - self.pdf.t_margin
        for pair in PAIRS:
            parts = [part for part in map(self.part, pair) if part]
            if len(parts) == 2:
                row = functools.partial(
                    self.columns, [_stacked(part) for part in parts], 0.0, epw, 8 * self.scale
                )
                if self.measure(row) <= page:
                    blocks.append(row)
                    continue
            for part in parts:  # one part, or two too tall to share a page: one after the other
                blocks += [functools.partial(column, 0.0, epw) for column in part]
        if sheet.help:
            blocks.append(self.help_box)
        return blocks

    def header(self) -> float:
        """Whose plan it is at the left; when it was gone through, and is due, at the right."""
        pdf, sheet = self.pdf, self.sheet
        top = pdf.get_y()
        left_width, right_width = pdf.epw * 0.58, pdf.epw * 0.4
        with self.tagged("H1"):  # what it is and whose: one heading
            left = self.write(words.plan_heading(), size=self.body + 3, width=left_width)
            name_size = self.fitting(sheet.name, self.body * 2, self.body + 3, left_width)
            left += self.write(sheet.name, size=name_size, bold=True, width=left_width)
        if self.drawing:
            pdf.set_y(top + 1)
        right = 1.0
        lines = words.dates(sheet)
        for index, line in enumerate(lines):
            printed = index == len(lines) - 1
            right += self.write(line, size=self.small + 0.5, indent=pdf.epw - right_width,
                                width=right_width, align="R", grey=printed)  # fmt: skip
        height = max(left, right) + 2 * self.scale
        if self.drawing:
            y = top + height
            pdf.set_draw_color(BLACK)
            pdf.set_line_width(0.8)
            pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
            pdf.set_y(y)
        return height + self.gap(1)

    def well(self) -> float:
        assert self.sheet.well
        height = self.heading(words.well_heading())
        height += self.write(in_quotes(self.sheet.well), size=self.body + 0.5)
        return height + self.note(self.sheet.well_voice, 0.0, self.pdf.epw) + self.gap(1)

    def sign_columns(self) -> tuple[float, float]:
        return 5 * self.scale, self.pdf.epw

    @functools.cached_property
    def sign_shares(self) -> tuple[float, ...]:
        """The width of the signs' three columns, shared by how much each holds (within
        limits), so long answers don't leave the signs a tall, narrow row."""
        signs = self.sheet.section("signs")
        entries = signs.entries if signs is not None else ()
        longest = [
            max((len(text or "") for text in texts), default=0) + 20
            for texts in (
                [entry.words for entry in entries],
                [entry.detail("action") for entry in entries],
                [entry.detail("others") for entry in entries],
            )
        ]
        shares = [min(max(length / sum(longest), 0.24), 0.42) for length in longest]
        return tuple(share / sum(shares) for share in shares)

    def signs_head(self, title: str) -> float:
        """The part's heading, and what each of the three columns holds."""
        height = self.heading(title)
        gap, width = self.sign_columns()
        heads = [words.notice_heading(), words.label("action"), words.label("others")]
        with self.tagged("TR"):  # the signs are a table, these its column headings
            height += self.columns(
                [_line(self, head, self.small + 0.5) for head in heads], 0.0, width, gap,
                self.sign_shares, cells="TH",
            )  # fmt: skip
        return height + self.gap(1)

    def sign(self, entry: Entry) -> float:
        """One sign in a row: what I notice, what I do, what others can do."""
        pdf = self.pdf
        gap, width = self.sign_columns()

        def notice(indent: float, each: float) -> float:
            height = self.write(entry.words, size=self.body, bold=True, indent=indent, width=each)
            return height + self.note(entry.voice, indent, each)

        def detail(field: str) -> Column:
            said = entry.detail(field)
            if said is None:
                return lambda indent, each: 0.0
            return lambda indent, each: self.write(said, size=self.body, indent=indent, width=each)

        with self.tagged("TR"):
            height = self.columns([notice, detail("action"), detail("others")], 0.0, width,
                                  gap, self.sign_shares, cells="TD")  # fmt: skip
        height += self.gap(1.5)
        if self.drawing:
            y = pdf.get_y() - 0.75 * self.scale
            pdf.set_draw_color(RULE_GREY)
            pdf.set_line_width(0.2)
            pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
            pdf.set_draw_color(BLACK)
        return height

    def part(self, field: str) -> list[Column]:
        """A part as columns to draw one under another: its heading kept with the first."""
        sheet = self.sheet
        if field == "admission":
            return [self.admission] if sheet.admission is not None else []
        section = sheet.section(field)
        if section is None:
            return []
        if field == "contacts":
            draw: Callable[[Entry, float, float], float] = self.contact
        else:
            draw = self.entry
        first, *rest = section.entries

        def opening(indent: float, width: float) -> float:
            return self.heading(section.title, indent, width) + draw(first, indent, width)

        return [opening, *(functools.partial(draw, entry) for entry in rest)]

    @tagged_as("LI")
    def contact(self, entry: Entry, indent: float, width: float) -> float:
        return self.phone_line(entry.words, entry.phone, indent, width, under=entry.relation)

    def admission(self, indent: float, width: float) -> float:
        agreement = self.sheet.admission
        assert agreement is not None
        height = self.heading(words.admission_heading(), indent, width)
        height += self.phone_line(agreement.unit or "", agreement.phone, indent, width)
        if agreement.text:
            height += self.write(agreement.text, size=self.body, indent=indent, width=width)
        if agreement.renew_by:
            height += self.write(words.renew(agreement.renew_by), size=self.small + 0.5,
                                 indent=indent, width=width)  # fmt: skip
        return height + self.note(agreement.voice, indent, width) + self.gap(1)

    def help_box(self) -> float:
        """The public help numbers in a box of their own, in two columns."""
        pdf = self.pdf
        inset = 3.5 * self.scale
        height = self.gap(4)
        top = pdf.get_y()
        height += self.space(inset)
        width = pdf.epw - 2 * inset
        with self.tagged("H2"):
            height += self.write(words.help_heading(), size=self.head, bold=True, indent=inset,
                                 width=width, after=1.5 * self.scale)  # fmt: skip
        numbers = list(self.sheet.help)
        half = (len(numbers) + 1) // 2
        halves = [numbers[:half], numbers[half:]] if len(numbers) > 1 else [numbers]
        height += self.columns(
            [_numbers(self, rows) for rows in halves], inset, width, 10 * self.scale
        )
        height += self.space(inset - 1.2 * self.scale)
        if self.drawing:
            pdf.set_draw_color(BLACK)
            pdf.set_line_width(0.5)
            pdf.rect(pdf.l_margin, top, pdf.epw, pdf.get_y() - top)
        return height


def _stacked(part: list[Column]) -> Column:
    """A part's columns as one, drawn one under another."""
    return lambda indent, width: sum(column(indent, width) for column in part)


def _line(drawn: _Drawn, value: str, size: float) -> Column:
    return lambda indent, width: drawn.write(value, size=size, bold=True, indent=indent,
                                             width=width)  # fmt: skip


def _numbers(drawn: _Drawn, rows: Sequence[tuple[str, str]]) -> Column:
    return lambda indent, width: sum(
        drawn.phone_line(what, number, indent, width, bold=False) for what, number in rows
    )


# The card ------------------------------------------------------------------------------------

CARD_SIZES = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
SHEET_W, SHEET_H = 297.0, 210.0
PANEL_W, PANEL_H = SHEET_W / 4, SHEET_H / 2
INSET = 6.0  # mm inside each panel: clear of a printer's edge and of the folds
FRONT, BACK, LAST = 0, 4, 7
# The panels the plan flows through, in reading order, the back left for the help numbers.
FLOW = (0, 1, 2, 3, 5, 6, 7)
Flowing = tuple[Block, bool]  # a block, and whether it starts a panel of its own


class _Card(_Drawn):
    greys = False

    def __init__(self, sheet: CrisisSheet) -> None:
        pdf = _Shaping(orientation="landscape", unit="mm", format="A4")
        pdf.set_auto_page_break(False)  # the panels are filled by hand
        pdf.set_margins(INSET, INSET, INSET)
        _add_faces(pdf)
        _metadata(pdf, words.card_heading(), sheet)
        self.sheet = sheet
        super().__init__(pdf, CARD_SIZES[0], CARD_SIZES[0])
        self.bottom_of = 0.0
        self.top_of = 0.0

    def build(self) -> bytearray:
        pdf = self.pdf
        pdf.add_page()
        for body in CARD_SIZES:
            self.size(body)
            self.drawing = False
            fits = not self.pour(self.plan(), FLOW) and not self.pour(self.back(), (BACK,))
            self.drawing = True
            if fits:
                break
        self.folds()
        self.hint()
        left = self.pour(self.plan(), FLOW) + self.pour(self.back(), (BACK,))
        while left:  # too full for one sheet at the smallest type: another, every panel used
            pdf.add_page()
            self.folds()
            left = self.pour(left, range(8))
        return pdf.output(output_producer_class=_Output)

    # Panels ---------------------------------------------------------------------------------

    def enter(self, panel: int) -> None:
        """Draw in one panel from now on: its margins are the page's."""
        x, y = (panel % 4) * PANEL_W, (panel // 4) * PANEL_H
        pdf = self.pdf
        pdf.set_left_margin(x + INSET)
        pdf.set_right_margin(SHEET_W - x - PANEL_W + INSET)
        pdf.set_x(x + INSET)
        self.top_of = y + INSET
        self.bottom_of = y + PANEL_H - INSET
        if panel == LAST and pdf.page_no() == 1:
            self.bottom_of -= self.measure(self.fold_words) + 1

    def pour(self, flow: Sequence[Flowing], panels: Sequence[int]) -> list[Flowing]:
        """Put the blocks into the panels in turn, each kept whole; what is left over."""
        at = -1
        y = 0.0
        self.enter(panels[0])  # every panel is as wide: measured in the first
        for index, (block, fresh) in enumerate(flow):
            height = self.measure(block)
            empty = at >= 0 and y <= self.top_of
            if at < 0 or (fresh and not empty) or (y + height > self.bottom_of and not empty):
                at += 1
                if at == len(panels):
                    return list(flow[index:])
                self.enter(panels[at])
                y = self.top_of
            if self.drawing:
                self.pdf.set_y(y)
                block()
            y += height
        return []

    def folds(self) -> None:
        """The fold lines, dashed and thin."""
        pdf = self.pdf
        pdf.set_draw_color(GREY)
        pdf.set_line_width(0.15)
        pdf.set_dash_pattern(dash=1.5, gap=1.5)
        for column in range(1, 4):
            pdf.line(column * PANEL_W, 0, column * PANEL_W, SHEET_H)
        pdf.line(0, PANEL_H, SHEET_W, PANEL_H)
        pdf.set_dash_pattern()
        pdf.set_draw_color(BLACK)

    def fold_words(self) -> float:
        with self.tagged(ARTIFACT):  # about the paper, like the fold lines: not read out
            return self.write(words.fold(), size=self.small)

    def hint(self) -> None:
        """How to fold it, at the foot of the last panel."""
        self.enter(LAST)
        self.pdf.set_y(self.bottom_of + 1)
        self.fold_words()

    # What goes on it -------------------------------------------------------------------------

    def plan(self) -> list[Flowing]:
        """The front (whose card, people to call, the self-referral phone), then the signs
        and what helps on the inner panels."""
        sheet = self.sheet
        flow: list[Flowing] = [(self.cover, False)]
        contacts = sheet.section("contacts")
        if contacts is not None:
            flow += self.listed(contacts.title, list(contacts.entries), self.contact)
        if sheet.admission is not None:
            flow.append((self.admission, False))
        # The signs and what helps each open a panel of their own, inside the card.
        signs = sheet.section("signs")
        if signs is not None:
            flow += self.listed(signs.title, list(signs.entries), self.sign, fresh=True)
        helps = sheet.section("helps")
        if helps is not None:
            flow += self.listed(helps.title, list(helps.entries), self.help_entry, fresh=True)
        return flow

    def back(self) -> list[Flowing]:
        rows = [Entry(words=what, voice="client", phone=number) for what, number in self.sheet.help]
        if not rows:
            return []
        return self.listed(words.help_heading(), rows, self.help_number)

    def listed(
        self,
        title: str,
        entries: list[Entry],
        draw: Callable[[Entry], float],
        *,
        fresh: bool = False,
    ) -> list[Flowing]:
        """A part's heading kept with its first entry, then the others one by one."""
        first, *rest = entries
        flow: list[Flowing] = [(lambda: self.card_heading(title) + draw(first), fresh)]
        return flow + [(functools.partial(draw, entry), False) for entry in rest]

    def card_heading(self, title: str) -> float:
        return self.heading(title, before=1.5)

    def cover(self) -> float:
        sheet, epw = self.sheet, self.pdf.epw
        with self.tagged("H1"):
            height = self.write(words.card_heading(), size=self.body + 5, bold=True)
            size = self.fitting(sheet.name, self.body + 3, self.body, epw)
            height += self.write(sheet.name, size=size, bold=True)
        if sheet.reviewed is not None:
            height += self.write(words.reviewed(sheet), size=self.small)
        return height + self.gap(1)

    @tagged_as("LI")
    def contact(self, entry: Entry) -> float:
        return self.phone_line(entry.words, entry.phone, 0.0, self.pdf.epw, under=entry.relation)

    def admission(self) -> float:
        """Where the self-referral agreement lets the client turn, and its number."""
        agreement = self.sheet.admission
        assert agreement is not None
        height = self.card_heading(words.admission_heading())
        return height + self.phone_line(agreement.unit or "", agreement.phone, 0.0, self.pdf.epw,
                                        bold=False)  # fmt: skip

    @tagged_as("LI")
    def help_number(self, entry: Entry) -> float:
        return self.phone_line(entry.words, entry.phone, 0.0, self.pdf.epw, bold=False)

    @tagged_as("LI")
    def sign(self, entry: Entry) -> float:
        """A sign, and what I do about it."""
        epw = self.pdf.epw
        height = self.write(entry.words, size=self.body, bold=True, width=epw)
        action = entry.detail("action")
        if action:
            height += self.write(words.labelled("action", action), size=self.body, width=epw)
        return height + self.gap(2)

    def help_entry(self, entry: Entry) -> float:
        return self.entry(Entry(words=entry.words, voice="client"), 0.0, self.pdf.epw)
