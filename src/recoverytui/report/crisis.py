"""The crisis plan the client keeps: one A4 page (PDF), a pocket card to fold (PDF), Markdown
and plain text.

build_crisis_sheet() takes core's crisis plan as it is stored, and the public help numbers
of the service's template, and makes plain data of them; every format says the same words,
which are here, each sentence through _() whole. The client's words are shown as stored and
never translated. A part with nothing in it is left out; the help numbers never are.

Markdown and text are laid out by the weekly sheet's writers (text.py): user text is escaped
in Markdown, and both pass through safe(). The PDFs are drawn in crisis_pdf.py, imported only
when one is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoverytui.core.dates import iso_date
from recoverytui.core.documents import PARTS, check_choice
from recoverytui.core.i18n import _, in_quotes
from recoverytui.core.text import pad, safe, width
from recoverytui.report import words
from recoverytui.report.text import (
    COLUMNS,
    QUOTE_MARK,
    MarkdownWriter,
    TextWriter,
    hard_breaks,
    mark_width,
    md,
    words_one_line,
)

FORMATS = ("pdf", "md", "txt", "card")
# What an entry holds besides its words, in the order shown (relation and phone are the
# contact's own line).
DETAILS = ("action", "others", "text", "who")


def check_format(value: str) -> str:
    return check_choice(value, FORMATS, _("format"))


# The sheet as data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    words: str  # the entry's own words; a name for a person
    voice: str
    details: tuple[tuple[str, str], ...] = ()  # (field, words): action, others, text, who
    relation: str | None = None
    phone: str | None = None

    def detail(self, field: str) -> str | None:
        return dict(self.details).get(field)


@dataclass(frozen=True)
class Section:
    field: str  # signs, helps, avoid, met, contacts, no_contact, treatment, practical
    title: str  # in the program's language
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Admission:
    """The self-referral agreement: where to turn, and what it allows."""

    unit: str | None
    phone: str | None
    text: str | None
    renew_by: dt.date | None
    voice: str


@dataclass(frozen=True)
class CrisisSheet:
    handle: str
    name: str
    printed: dt.date
    reviewed: dt.date | None
    revise_by: dt.date | None
    well: str | None
    well_voice: str
    sections: tuple[Section, ...]  # in the plan's order, only those with something in them
    admission: Admission | None
    help: tuple[tuple[str, str], ...]  # (what it is, the number as written)

    def section(self, field: str) -> Section | None:
        return next((s for s in self.sections if s.field == field), None)

    @property
    def empty(self) -> bool:
        return not self.well and not self.sections and self.admission is None


def sheet_with_help(
    home: Path, client: dict[str, Any], crisis: dict[str, Any], *, today: dt.date
) -> tuple[CrisisSheet, list[str]]:
    """The crisis plan as printed, with the help numbers of the service's template in `home`;
    and what to say of a template that can't be read (the built-in one is used then)."""
    from recoverytui.core.templates import load

    templates = load(home, only=("help.txt",))
    return build_crisis_sheet(client, crisis, templates.help, today=today), templates.warnings


def build_crisis_sheet(
    client: dict[str, Any],
    crisis: dict[str, Any],
    help_numbers: Iterable[tuple[str, str]],
    *,
    today: dt.date,
) -> CrisisSheet:
    """One client's crisis plan (plan.crisis()) as the printouts show it."""
    sections = []
    for part in PARTS:
        entries = tuple(_entry(item, part.main) for item in crisis.get(part.field) or ())
        if entries:
            sections.append(Section(part.field, _(part.title), entries))
    agreement = crisis.get("admission")
    admission = None
    if agreement and (agreement.get("unit") or agreement.get("phone")):
        admission = Admission(
            unit=agreement.get("unit"),
            phone=agreement.get("phone"),
            text=agreement.get("text"),
            renew_by=iso_date(agreement.get("renew_by")),
            voice=agreement.get("voice") or "together",
        )
    return CrisisSheet(
        handle=client["handle"],
        name=client["name"],
        printed=today,
        reviewed=iso_date(crisis.get("reviewed")),
        revise_by=iso_date(crisis.get("revise_by")),
        well=crisis.get("well") or None,
        well_voice=crisis.get("voice") or "client",
        sections=tuple(sections),
        admission=admission,
        help=tuple((what, number) for what, number in help_numbers),
    )


def _entry(item: dict[str, Any], main: str) -> Entry:
    return Entry(
        words=item[main],
        voice=item.get("voice") or "client",
        details=tuple((f, item[f]) for f in DETAILS if f != main and item.get(f)),
        relation=item.get("relation") or None,
        phone=item.get("phone") or None,
    )


# The words, shared by every format -----------------------------------------------------------


def title(sheet: CrisisSheet) -> str:
    return _("Crisis plan: {name}").format(name=sheet.name)


def plan_heading() -> str:
    return _("Crisis plan")


def card_heading() -> str:
    return _("Crisis card")


def well_heading() -> str:
    return _("How I am when I'm well")


def admission_heading() -> str:
    return _("Self-referral agreement")


def help_heading() -> str:
    return _("Help numbers")


def notice_heading() -> str:
    """Above the signs themselves, beside what I do and what others can do."""
    return _("What I notice")


def reviewed(sheet: CrisisSheet) -> str:
    if sheet.reviewed is None:
        return _("Not gone through together yet")
    return _("Last gone through {date}").format(date=words.long_day(sheet.reviewed))


def revise_by(sheet: CrisisSheet) -> str | None:
    if sheet.revise_by is None:
        return None
    return _("To be gone through again by {date}").format(date=words.long_day(sheet.revise_by))


def printed(sheet: CrisisSheet) -> str:
    return _("Printed {date}").format(date=words.long_day(sheet.printed))


def dates(sheet: CrisisSheet) -> list[str]:
    """When it was gone through, when it is due again, when it was printed."""
    again = revise_by(sheet)
    return [reviewed(sheet), *([again] if again else []), printed(sheet)]


def label(field: str) -> str:
    return {
        "action": _("What I do"),
        "others": _("What others can do"),
        "text": _("Why"),
        "who": _("Who sees to it"),
    }[field]


def labelled(field: str, text: str) -> str:
    return _("{label}: {text}").format(label=label(field), text=text)


def person(entry: Entry) -> str:
    """A person to call as one line: their name, and who they are to the client."""
    if entry.relation:
        return _("{name}, {relation}").format(name=entry.words, relation=entry.relation)
    return entry.words


def renew(when: dt.date) -> str:
    return _("Renew by {date}").format(date=words.long_day(when))


def whose(voice: str) -> str | None:
    """Whose words an entry is, said only when they are not the client's own."""
    return None if voice == "client" else words.whose(voice)


def nothing_yet() -> str:
    return _("Nothing is written in this crisis plan yet.")


def fold() -> str:
    return _(
        "Fold it like a map: back and forth along the upright lines, the name on the front, "
        "then in half."
    )


def file_name(sheet: CrisisSheet, fmt: str) -> str:
    """<handle>-crisis.<ext>, or <handle>-crisis-card.pdf: a handle is a safe name."""
    if fmt == "card":
        return f"{sheet.handle}-crisis-card.pdf"
    return f"{sheet.handle}-crisis.{fmt}"


# Rendering -----------------------------------------------------------------------------------


def render_crisis(sheet: CrisisSheet, fmt: str) -> bytes:
    """The crisis plan in one format, as the bytes of the file."""
    fmt = check_format(fmt)
    if fmt in ("pdf", "card"):
        from recoverytui.report import crisis_pdf

        return crisis_pdf.render_page(sheet) if fmt == "pdf" else crisis_pdf.render_card(sheet)
    writer = CrisisMarkdown() if fmt == "md" else CrisisText()
    return _compose(sheet, writer).encode("utf-8")


def _compose(sheet: CrisisSheet, w: CrisisText | CrisisMarkdown) -> str:
    """The A4 page's content in its order, plainly: each part under its heading."""
    w.title(title(sheet), dates(sheet))
    compose_parts(sheet, w)
    return safe(w.done())


def compose_parts(sheet: CrisisSheet, w: CrisisText | CrisisMarkdown) -> None:
    """Every part of the plan, the help numbers last: what follows the title, here and in
    the individual plan that carries the crisis plan (report plan --with-crisis)."""
    if sheet.empty:
        w.para(nothing_yet())
    if sheet.well:
        w.heading(well_heading())
        w.quote(sheet.well, sheet.well_voice)
    for section in sheet.sections:
        w.heading(section.title)
        if section.field == "contacts":
            w.phones([(person(entry), entry.phone) for entry in section.entries])
            continue
        for entry in section.entries:
            w.item(entry.words)
            for field, text in entry.details:
                w.item(labelled(field, text), 1)
            note = whose(entry.voice)
            if note:
                w.para(f"({note})", 1)
    if sheet.admission is not None:
        agreement = sheet.admission
        w.heading(admission_heading())
        w.phones([(agreement.unit or "", agreement.phone)])
        if agreement.text:
            w.para(agreement.text)
        if agreement.renew_by:
            w.para(renew(agreement.renew_by))
        note = whose(agreement.voice)
        if note:
            w.para(f"({note})")
    w.heading(help_heading())
    w.phones(list(sheet.help))


class CrisisText(TextWriter):
    """Plain text, each entry marked, and phone numbers lined up in a column."""

    PHONE_COLUMN = 48  # at most: a longer name pushes only its own number along

    def item(self, text: str, level: int = 0) -> None:
        self._add(text, level, "- ", hang=mark_width(text))

    def quote(self, text: str, voice: str, level: int = 0) -> None:
        note = whose(voice)
        self._add(in_quotes(text) + (f"  ({note})" if note else ""), level, hang=QUOTE_MARK)

    def phones(self, rows: Sequence[tuple[str, str | None]]) -> None:
        shown = [(words_one_line(name), phone) for name, phone in rows]
        column = min(self.PHONE_COLUMN, max((width(name) for name, _p in shown), default=0))
        for name, phone in shown:
            line = f"{pad(name, column)}  {words_one_line(phone)}" if phone else name
            lead = self.INDENT + "- "
            if not phone or width(lead + line.rstrip()) <= COLUMNS:
                self._add(line.rstrip(), 0, "- ")
            else:  # the number whole on a line of its own, under the name
                self._add(name, 0, "- ")
                self._add(words_one_line(phone), 0, " " * width("- "))


class CrisisMarkdown(MarkdownWriter):
    """Markdown, every number in bold so it is found at a glance."""

    def phones(self, rows: Sequence[tuple[str, str | None]]) -> None:
        for name, phone in rows:
            shown = md(words_one_line(name))
            if phone:
                number = f"**{md(words_one_line(phone))}**"
                shown = f"{shown}: {number}" if name else number
            self._entry(shown, 0)

    def quote(self, text: str, voice: str, level: int = 0) -> None:
        """The client's own words as a quote, marked only when they are someone else's."""
        note = whose(voice)
        line = in_quotes(md(text)) + (f" *({md(note)})*" if note else "")
        self._block("> " + hard_breaks(line, "> "))
