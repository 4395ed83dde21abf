"""The individual plan drawn on A4, to go through together and sign. Imported only when a PDF
of it is made; the PDF library, the fonts and the blocks come from pdf.py, the people and
their phone numbers are drawn as on the crisis plan (crisis_pdf.py).

Calm and plain: one column, black type on white, headings with a thin rule, each heading
kept with its first entry and each entry kept whole on a page. Nothing is told by colour:
the ladder is drawn as steps, the goals' steps as boxes ticked or not, a status in words.
With the crisis plan, its page follows the signatures, as on its own (crisis_pdf._Page).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from recoverytui.core.documents import status_words
from recoverytui.core.i18n import _, in_quotes
from recoverytui.report import plan_doc as words
from recoverytui.report import words as sheet_words
from recoverytui.report.crisis_pdf import _Drawn, _Page
from recoverytui.report.pdf import BODY, GREY, SMALL, TINY, _Output, _release, new_document
from recoverytui.report.plan_doc import (
    Consent,
    Dream,
    Goal,
    Measure,
    Participant,
    PlanDocument,
    Review,
    Revision,
)
from recoverytui.report.tags import tagged_as

Block = Callable[[], float]
LABEL_WIDTH = 34.0  # mm: a measure's labels (Responsible, Extent, …) in a column of their own


def render_plan_pdf(doc: PlanDocument) -> bytes:
    page = _Plan(doc)
    try:
        return bytes(page.build())
    finally:
        _release(page.pdf)


class _Plan(_Drawn):
    def __init__(self, doc: PlanDocument) -> None:
        pdf = new_document()
        # No name in the file's metadata: the pages say whose plan it is, the file need not.
        pdf.set_title(words.heading())
        pdf.set_creator("recoverytui")
        pdf.set_creation_date(dt.datetime.combine(doc.printed, dt.time(12), tzinfo=dt.UTC))
        self.doc = doc
        super().__init__(pdf, BODY, BODY)
        pdf.footer_text = f"{self.footer_name(doc.name)} · {words.heading()}"

    def build(self) -> bytearray:
        doc, pdf, parts = self.doc, self.pdf, self.doc.parts
        pdf.add_page()
        self.header()
        if "dreams" in parts:
            self.section(words.dreams_heading(),
                         [functools.partial(self.dream, d) for d in doc.dreams],
                         words.no_dreams())  # fmt: skip
        if "goals" in parts:
            self.section(words.goals_heading(),
                         [functools.partial(self.goal, g) for g in doc.goals],
                         words.no_goals())  # fmt: skip
        if "goals" in parts or "ladder" in parts:
            self.section(words.resources_heading(), self.resources(), words.no_resources())
        if "needs" in parts:
            self.section(
                words.needs_heading(),
                [functools.partial(self.checklist, c.title, c.needs) for c in doc.checklists],
                words.no_needs(),
            )
        if "ladder" in parts:
            self.section(
                words.ladder_heading(),
                [functools.partial(self.ladder_row, area, str) for area in doc.areas],
                words.no_areas(),
            )
        if "reviews" in parts:
            self.section(words.reviews_heading(),
                         [functools.partial(self.review, r) for r in doc.reviews],
                         words.no_reviews())  # fmt: skip
        if "plan" in parts:
            self.plan_part()
        if doc.crisis is not None:  # the client chose to have it printed with the plan
            _Page(doc.crisis, pdf).draw()
        return pdf.output(output_producer_class=_Output)

    def plan_part(self) -> None:
        doc = self.doc
        self.section(
            words.participants_heading(),
            [functools.partial(self.participant, p) for p in doc.participants],
            words.no_participants(),
        )
        self.section(words.measures_heading(),
                     [functools.partial(self.tiltak, m) for m in doc.measures],
                     words.no_measures())  # fmt: skip
        self.section(
            words.revisions_heading(),
            [functools.partial(self.revision, r) for r in doc.revisions],
            words.no_revisions(),
        )
        if doc.consents:
            consents = [functools.partial(self.consent, c) for c in doc.consents]
            self.section(words.consents_heading(), consents, "")
        if doc.handover is None:
            self.section(words.signatures_heading(), [self.signatures], "")

    # The blocks ------------------------------------------------------------------------------

    def header(self) -> None:
        """Whose plan it is at the left; the period, the next revision, the coordinator and
        when it was printed at the right."""
        pdf, doc = self.pdf, self.doc
        top = pdf.get_y()
        left_width, right_width = pdf.epw * 0.55, pdf.epw * 0.43
        with self.tagged("H1"):  # what it is and whose: one heading
            self.write(words.heading(), size=BODY + 1, grey=True, width=left_width)
            name_size = self.fitting(doc.name, 24, 14, left_width)
            self.write(doc.name, size=name_size, bold=True, width=left_width)
        bottom = pdf.get_y()
        pdf.set_y(top)
        lines = words.dates(doc)
        for index, line in enumerate(lines):
            printed = index == len(lines) - 1
            size = self.one_line_size(line, SMALL + 0.5, TINY, right_width)
            self.write(line, size=size, grey=printed, align="R",
                       indent=pdf.epw - right_width, width=right_width)  # fmt: skip
        legend = _("Words “in quotes” are the client's own, unless marked otherwise.")
        self.write(legend, size=TINY, grey=True, align="R", indent=pdf.epw - right_width,
                   width=right_width)  # fmt: skip
        y = max(bottom, pdf.get_y()) + 2
        pdf.set_line_width(0.8)
        pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
        pdf.set_y(y + 1)
        lines = words.handover_lines(doc)
        for index, line in enumerate(lines):  # a handover: for whom, why, what it holds
            self.write(line, size=BODY, bold=index == 0, after=2 if index == len(lines) - 1 else 0)

    def whose(self, voice: str, indent: float, width: float | None = None) -> float:
        """Whose words, when not agreed together: small and grey, under them."""
        note = words.whose(voice)
        if note is None:
            return 0.0
        return self.write(note, size=SMALL, grey=True, indent=indent, width=width)

    def numbered(self, number: str, text: str, *, right: str | None = None,
                 bold: bool = False, size: float = BODY + 1) -> float:  # fmt: skip
        """A numbered line, the number hanging in the margin, a status in words at the
        right of its first line."""
        pdf = self.pdf
        y = pdf.get_y()
        status_width = 30.0 if right else 0.0
        height = self.write(text, size=size, bold=bold, indent=7,
                            width=pdf.epw - 7 - status_width)  # fmt: skip
        if self.drawing:
            pdf.set_xy(pdf.l_margin, y)
            pdf.set_font("dejavu", "B", size)
            with self.tagged("Lbl"):
                pdf.cell(7, size * 0.3528 * 1.28, number)
            if right:
                pdf.set_font("dejavu", "", SMALL)
                pdf.set_text_color(GREY)
                pdf.set_xy(pdf.l_margin + pdf.epw - status_width, y + 0.6)
                pdf.cell(status_width, 4.5, self.text(right), align="R")
                pdf.set_text_color(0)
            pdf.set_y(y + height)
        return height

    @tagged_as("LI")
    def dream(self, dream: Dream) -> float:
        status = sheet_words.dream_status(dream.status)
        height = self.numbered(f"{dream.number}.", in_quotes(dream.text), right=status)
        if dream.voice != "client":  # as on the weekly sheet: the legend says the rest
            height += self.write(sheet_words.whose(dream.voice), size=SMALL, indent=7, grey=True)
        return height + self.gap(1.5)

    @tagged_as("LI")
    def goal(self, goal: Goal) -> float:
        status = status_words(goal.status) if goal.status != "active" else None
        height = self.numbered(f"{goal.number}.", goal.title, right=status, bold=True)
        details = words.goal_details(goal)
        if details:
            height += self.write(details, size=SMALL, grey=True, indent=7)
        height += self.gap(1)
        for text, done in goal.steps:
            note = words.done_on(done) if done else None
            height += self.checked_line(text, ticked=done is not None, indent=7,
                                        width=self.pdf.epw - 7, size=BODY, note=note)  # fmt: skip
        return height + self.gap(2)

    def resources(self) -> list[Block]:
        doc = self.doc
        if not doc.reached and not doc.own_areas:
            return []
        intro: Block = lambda: self.write(words.resources_intro(), size=SMALL, grey=True,  # noqa: E731
                                          after=1)  # fmt: skip
        lines = [words.reached_line(r) for r in doc.reached]
        lines += [words.own_area_line(a) for a in doc.own_areas]
        first, *rest = lines
        return [
            lambda: intro() + self.line(first),
            *(functools.partial(self.line, x) for x in rest),
        ]

    def line(self, text: str) -> float:
        return self.write(text, size=BODY, indent=3) + self.gap(1)

    def checklist(self, title: str, needs: tuple[words.Need, ...]) -> float:
        height = self.write(title, size=SMALL + 0.5, bold=True, after=1)
        return height + self.table(words.need_headers(), [words.need_row(n) for n in needs]) + \
            self.gap(3)  # fmt: skip

    def participant(self, person: Participant) -> float:
        pdf = self.pdf
        width = pdf.epw - 7
        role = words.participant_role(person)
        height = self.phone_line(words.participant_line(person), person.phone, 7, width,
                                 under=role)  # fmt: skip
        height -= self.gap(1.2)
        if person.contributes:
            said = words.said(person.contributes, person.voice)
            height += self.columns(
                [self.label(_("Contributes")), self.value(said, person.voice)],
                7, width, 2, (LABEL_WIDTH / width, 1 - LABEL_WIDTH / width),
            )  # fmt: skip
        return height + self.gap(3)

    def label(self, text: str) -> Callable[[float, float], float]:
        return lambda indent, width: self.write(text, size=SMALL, grey=True, indent=indent,
                                                width=width)  # fmt: skip

    def value(self, text: str, voice: str = "together") -> Callable[[float, float], float]:
        return lambda indent, width: self.write(text, size=BODY, indent=indent, width=width) + \
            self.whose(voice, indent, width)  # fmt: skip

    @tagged_as("LI")
    def tiltak(self, measure: Measure) -> float:
        """One measure (not _Drawn.measure, which measures a block)."""
        pdf = self.pdf
        height = self.numbered(f"{measure.number}.", words.said(measure.text, measure.voice),
                               right=words.measure_status(measure), bold=True)  # fmt: skip
        height += self.whose(measure.voice, 7)
        height += self.gap(0.8)
        width = pdf.epw - 7
        shares = (LABEL_WIDTH / width, 1 - LABEL_WIDTH / width)
        for label, text in words.measure_details(measure, status=False):  # at the right
            height += self.columns([self.label(label), self.value(text)], 7, width, 2, shares)
        return height + self.gap(3)

    def review(self, review: Review) -> float:
        height = self.write(words.review_line(review), size=BODY + 1, bold=True)
        if review.words:
            height += self.write(words.said(review.words, review.voice), size=BODY, indent=7)
            height += self.whose(review.voice, 7)
        for text, done in review.agreed:
            note = words.done_on(done) if done else None
            height += self.checked_line(text, ticked=done is not None, indent=7,
                                        width=self.pdf.epw - 7, size=BODY, note=note)  # fmt: skip
        return height + self.gap(2.5)

    def consent(self, consent: Consent) -> float:
        height = self.write(words.consent_line(consent), size=BODY + 1, bold=True)
        for line in words.consent_details(consent):
            height += self.write(line, size=BODY, indent=7)
        return height + self.gap(2.5)

    def revision(self, revision: Revision) -> float:
        height = self.write(words.revision_line(revision), size=BODY + 1, bold=True)
        height += self.write(words.present(revision), size=BODY, indent=7)
        if revision.note:
            height += self.write(words.said(revision.note, revision.voice), size=BODY, indent=7)
            height += self.whose(revision.voice, 7)
        return height + self.gap(2.5)

    def signatures(self) -> float:
        """Place and date, then the client's and the coordinator's lines side by side, each
        name printed under its line (a long one wraps within its half)."""
        pdf, doc = self.pdf, self.doc
        half = pdf.epw / 2
        people = [words.client_signs(doc), words.coordinator_signs(doc)]
        height = self.sign_line(words.place_and_date(), 0.0, half - 8)
        height += self.columns([self.signing(person) for person in people], 0.0, pdf.epw, 12)
        return height

    def signing(self, person: str) -> Callable[[float, float], float]:
        return lambda indent, width: self.sign_line(person, indent, width)

    def sign_line(self, under: str, indent: float, width: float) -> float:
        """Room to write, a line, and who signs (or what goes there) under it."""
        pdf = self.pdf
        height = self.space(14)
        if self.drawing:
            pdf.set_line_width(0.3)
            pdf.line(pdf.l_margin + indent, pdf.get_y(), pdf.l_margin + indent + width, pdf.get_y())
        height += self.space(1)
        size = self.fitting(under, BODY, SMALL - 1, width)
        return height + self.write(under, size=size, indent=indent, width=width)
