"""The individual plan (individuell plan) as a document: PDF, Markdown and plain text.

build_plan_document() takes the whole plan as core gives it (Plan.whole() and
Plan.plan_period()) and makes plain data of it; every format says the same words, which are
here, each sentence through _() whole. The client's words are shown as stored, never
translated.

What it holds, in order: the title with the plan period and the next revision; the dreams
and the small goals; resources (goals reached, and the everyday tasks on the ladder the client
does alone or with a check-in only: what the client already brings, read from the plan rather
than written twice); the basic-needs checklist with its open actions; the responsibility
ladder; who takes part and what each brings (the coordinator marked); the measures; the
revisions held; the consents to share; places to sign; and, only when asked for (the client
decides each time), the crisis plan.

A handover packet (interop/handover.py) is the same document limited to the parts the
client's consent covers (`parts`, from core.consent.limited()), with whom it is for and why
at the top, the weekly reviews when they are shared, and no places to sign. The client's own
copy (export) holds every part.

Whose words: dreams are shown as on the weekly sheet. Everything else in the plan is agreed
together unless marked: words in the client's voice are in quotes, the worker's are said to
be the worker's, and what was agreed together is shown plainly.

Markdown and text are laid out by the crisis plan's writers (and so the weekly sheet's): user
text is escaped in Markdown and both pass through safe(). The PDF is drawn in plan_pdf.py,
imported only when one is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from recoverytui.core.dates import iso_date
from recoverytui.core.documents import (
    check_choice,
    consent_status_words,
    given_words,
    measure_status_words,
    parts_words,
    rating_words,
    status_words,
    step_words,
)
from recoverytui.core.i18n import _, in_quotes, ngettext
from recoverytui.core.individual_plan import present_names
from recoverytui.core.text import safe
from recoverytui.core.weekly import AreaWeek as Area
from recoverytui.report import crisis as crisis_words
from recoverytui.report import words
from recoverytui.report.crisis import CrisisMarkdown, CrisisSheet, CrisisText
from recoverytui.report.text import md

FORMATS = ("pdf", "md", "txt")
# The parts the individual plan shows when printed on its own; the crisis plan goes with it
# only when asked, the weekly reviews only in a handover or the client's own copy.
PLAN_PARTS = ("goals", "dreams", "ladder", "needs", "plan")
ON_THEIR_OWN = 4  # ladder steps from here on are the client's own: a resource


def check_format(value: str) -> str:
    return check_choice(value, FORMATS, _("format"))


# The document as data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Dream:
    number: int
    text: str
    status: str
    voice: str


@dataclass(frozen=True)
class Goal:
    number: int
    title: str
    status: str
    due: dt.date | None
    area: str | None
    support: str | None
    dream: int | None
    steps: tuple[tuple[str, dt.date | None], ...]  # (text, done)


@dataclass(frozen=True)
class Reached:
    title: str
    date: dt.date | None


@dataclass(frozen=True)
class Need:
    name: str
    client_rating: str
    worker_rating: str
    action: str | None  # open actions only: one done is history
    who: str | None
    due: dt.date | None


@dataclass(frozen=True)
class Checklist:
    title: str
    needs: tuple[Need, ...]


@dataclass(frozen=True)
class Participant:
    number: int
    name: str
    role: str | None
    organisation: str | None
    phone: str | None
    contributes: str | None
    coordinator: bool
    voice: str


@dataclass(frozen=True)
class Measure:
    number: int
    text: str
    responsible: str | None  # the participant's name
    extent: str | None
    how: str | None
    start: dt.date | None
    until: dt.date | None
    status: str
    goals: tuple[tuple[int, str], ...]  # (number, title) of the goals it serves
    voice: str


@dataclass(frozen=True)
class Revision:
    date: dt.date
    present: tuple[str, ...]  # names
    note: str | None
    voice: str


@dataclass(frozen=True)
class Review:
    week: str
    held: dt.date
    hope: int | None
    words: str | None
    voice: str
    agreed: tuple[tuple[str, dt.date | None], ...]  # (text, done)


@dataclass(frozen=True)
class Consent:
    number: int
    to: str  # the participant's name
    share: tuple[str, ...]
    purpose: str
    start: dt.date
    until: dt.date
    given: str
    registered_by: str
    status: str
    withdrawn: dt.date | None


@dataclass(frozen=True)
class Handover:
    """Whom a handover packet is for, and the consent it rests on."""

    to: str
    purpose: str
    consent: int
    until: dt.date


@dataclass(frozen=True)
class PlanDocument:
    handle: str
    name: str
    printed: dt.date
    plan_start: dt.date | None
    plan_end: dt.date | None
    revise_by: dt.date | None
    coordinator: str | None
    dreams: tuple[Dream, ...]
    goals: tuple[Goal, ...]  # every goal not reached, by number
    reached: tuple[Reached, ...]
    own_areas: tuple[Area, ...]  # ladder areas on step 4 or 5
    checklists: tuple[Checklist, ...]
    areas: tuple[Area, ...]
    participants: tuple[Participant, ...]
    measures: tuple[Measure, ...]
    revisions: tuple[Revision, ...]
    crisis: CrisisSheet | None = None  # only when the client wants it printed with the plan
    consents: tuple[Consent, ...] = ()
    parts: tuple[str, ...] = PLAN_PARTS
    reviews: tuple[Review, ...] = ()
    handover: Handover | None = None


def build_plan_document(
    whole: dict[str, Any],
    period: dict[str, Any],
    *,
    today: dt.date,
    crisis: CrisisSheet | None = None,
    parts: Sequence[str] = PLAN_PARTS,
    handover: Handover | None = None,
) -> PlanDocument:
    """The individual plan (Plan.whole(), Plan.plan_period()) as the printouts show it;
    `crisis` is the crisis plan's sheet, when it is to be printed with it. `parts`: what it
    shows; for a handover, `whole` is already limited to them (core.consent.limited())."""
    client = whole["client"]
    names = {p["number"]: p["name"] for p in whole.get("participants") or ()}
    titles = {g["number"]: g["title"] for g in whole["goals"]}
    # A ladder area as the weekly sheet holds one, without the week's moves.
    areas = tuple(
        Area(a["number"], a["name"], a["step"], a.get("next") or None,
             a.get("ready_when") or None, moves=[])
        for a in whole["areas"]
    )  # fmt: skip
    return PlanDocument(
        handle=client["handle"],
        name=client["name"],
        printed=today,
        plan_start=iso_date(period.get("plan_start")),
        plan_end=iso_date(period.get("plan_end")),
        revise_by=iso_date(period.get("revise_by")),
        coordinator=period.get("coordinator") or None,
        dreams=tuple(
            Dream(d["number"], d["text"], d["status"], d.get("voice") or "client")
            for d in whole["dreams"]
        ),
        goals=tuple(_goal(g) for g in whole["goals"] if g["status"] != "reached"),
        reached=tuple(
            Reached(g["title"], _reached_on(g)) for g in whole["goals"] if g["status"] == "reached"
        ),
        own_areas=tuple(a for a in areas if a.step >= ON_THEIR_OWN),
        checklists=_checklists(whole["domains"], whole["needs"]),
        areas=areas,
        participants=tuple(_participant(p) for p in whole.get("participants") or ()),
        measures=tuple(_measure(m, names, titles) for m in whole.get("measures") or ()),
        revisions=tuple(
            Revision(
                date=dt.date.fromisoformat(r["date"]),
                present=tuple(present_names(r, names)),
                note=r.get("note") or None,
                voice=r.get("voice") or "together",
            )
            for r in period.get("revisions") or ()
        ),
        crisis=crisis,
        consents=tuple(map(_consent, whole.get("consents") or ()))
        if handover is None and "plan" in parts
        else (),
        parts=tuple(parts),
        reviews=tuple(map(_review, whole.get("reviews") or ())) if "reviews" in parts else (),
        handover=handover,
    )


def _review(review: dict[str, Any]) -> Review:
    return Review(
        week=review["week"],
        held=dt.date.fromisoformat(review["held"]),
        hope=review.get("hope"),
        words=review.get("words") or None,
        voice=review.get("voice") or "together",
        agreed=tuple((s["text"], iso_date(s.get("done"))) for s in review.get("agreed") or ()),
    )


def _consent(consent: dict[str, Any]) -> Consent:
    return Consent(
        number=consent["number"],
        to=consent["name"],
        share=tuple(consent["share"]),
        purpose=consent["purpose"],
        start=dt.date.fromisoformat(consent["from"]),
        until=dt.date.fromisoformat(consent["until"]),
        given=consent["given"],
        registered_by=consent["registered_by"],
        status=consent["status"],
        withdrawn=iso_date(consent.get("withdrawn")),
    )


def _goal(goal: dict[str, Any]) -> Goal:
    return Goal(
        number=goal["number"],
        title=goal["title"],
        status=goal["status"],
        due=iso_date(goal.get("due")),
        area=goal.get("area") or None,
        support=goal.get("support") or None,
        dream=goal.get("dream"),
        steps=tuple((s["text"], iso_date(s.get("done"))) for s in goal.get("steps") or ()),
    )


def _reached_on(goal: dict[str, Any]) -> dt.date | None:
    """When the goal was last marked reached."""
    days = [h["date"] for h in goal.get("history") or () if h.get("status") == "reached"]
    return iso_date(days[-1]) if days else None


def _checklists(
    domains: list[dict[str, Any]], needs: list[dict[str, Any]]
) -> tuple[Checklist, ...]:
    lists = []
    for domain in domains:
        items = [n for n in needs if n["domain"] == domain["key"]]
        if items:
            lists.append(Checklist(domain["title"], tuple(map(_need, items))))
    return tuple(lists)


def _need(item: dict[str, Any]) -> Need:
    open_action = item.get("action") if not item.get("action_done") else None
    return Need(
        name=item["name"],
        client_rating=item["client_rating"],
        worker_rating=item["worker_rating"],
        action=open_action or None,
        who=item.get("who") or None if open_action else None,
        due=iso_date(item.get("due")) if open_action else None,
    )


def _participant(p: dict[str, Any]) -> Participant:
    return Participant(
        number=p["number"],
        name=p["name"],
        role=p.get("role") or None,
        organisation=p.get("organisation") or None,
        phone=p.get("phone") or None,
        contributes=p.get("contributes") or None,
        coordinator=bool(p.get("coordinator")),
        voice=p.get("voice") or "together",
    )


def _measure(m: dict[str, Any], names: dict[int, str], titles: dict[int, str]) -> Measure:
    responsible = m.get("responsible")
    return Measure(
        number=m["number"],
        text=m["text"],
        responsible=None if responsible is None else names.get(responsible),
        extent=m.get("extent") or None,
        how=m.get("how") or None,
        start=iso_date(m.get("from")),
        until=iso_date(m.get("until")),
        status=m["status"],
        goals=tuple((n, titles.get(n, "")) for n in m.get("goals") or ()),
        voice=m.get("voice") or "together",
    )


# The words, shared by every format -----------------------------------------------------------


def heading() -> str:
    return _("Individual plan")


def title(doc: PlanDocument) -> str:
    return _("Individual plan: {name}").format(name=doc.name)


def dates(doc: PlanDocument) -> list[str]:
    """The plan period, the next revision, the coordinator (when the plan part is in it),
    when it was printed."""
    printed = _("Printed {date}").format(date=words.long_day(doc.printed))
    if "plan" not in doc.parts:
        return [printed]
    period = words.plan_dates(doc.plan_start, doc.plan_end, doc.revise_by)
    return [*(period or [_("No plan period set yet")]), coordinator(doc), printed]


def handover_lines(doc: PlanDocument) -> list[str]:
    """At the top of a handover packet: for whom, why, on which consent, and what it holds."""
    given = doc.handover
    if given is None:
        return []
    return [
        _("For {name}, with the client's consent {number} (until {date}).").format(
            name=given.to, number=given.consent, date=words.medium_day(given.until)
        ),
        _("Purpose: {purpose}").format(purpose=given.purpose),
        _("It holds only what the client agreed to share: {parts}.").format(
            parts=parts_words(doc.parts)
        ),
    ]


def coordinator(doc: PlanDocument) -> str:
    return _("Coordinator: {name}").format(name=doc.coordinator or "-")


def dreams_heading() -> str:
    return _("My hopes and dreams")


def goals_heading() -> str:
    return _("My small goals")


def resources_heading() -> str:
    return _("Resources")


def needs_heading() -> str:
    return _("Basic needs")


def ladder_heading() -> str:
    return _("Responsibility, step by step")


def participants_heading() -> str:
    return _("Participants")


def measures_heading() -> str:
    return _("Measures")


def revisions_heading() -> str:
    return _("Revisions")


def reviews_heading() -> str:
    return _("Weekly reviews")


def consents_heading() -> str:
    return _("Consent to share")


def signatures_heading() -> str:
    return _("Signature")


def no_dreams() -> str:
    return _("No dreams written down yet.")


def no_goals() -> str:
    return _("No small goals written down yet.")


def no_resources() -> str:
    return _("Goals reached, and what I do on my own, will be written here.")


def no_needs() -> str:
    return _("No basic-needs checklist yet.")


def no_areas() -> str:
    return _("No areas on the ladder yet.")


def no_participants() -> str:
    return _("No participants named yet.")


def no_measures() -> str:
    return _("No measures agreed yet.")


def no_revisions() -> str:
    return _("The plan has not been revised yet.")


def no_reviews() -> str:
    return _("No weekly reviews yet.")


def review_line(review: Review) -> str:
    """The week, the day it was held, and the hope rating when there is one."""
    line = _("Week {week}, {date}").format(
        week=review.week.partition("-W")[2].lstrip("0"), date=words.medium_day(review.held)
    )
    if review.hope is not None:
        line += " · " + _("hope {hope} of 10").format(hope=review.hope)
    return line


def consent_line(consent: Consent) -> str:
    return _("{number}. {name}: {parts}").format(
        number=consent.number, name=consent.to, parts=parts_words(consent.share)
    )


def consent_details(consent: Consent) -> list[str]:
    """What it is for, its period, how it was given and by whom registered, where it stands."""
    status = consent_status_words(consent.status)
    if consent.withdrawn is not None:
        status = _("withdrawn {date}").format(date=words.medium_day(consent.withdrawn))
    return [
        _("Purpose: {purpose}").format(purpose=consent.purpose),
        _("{start} – {end}").format(
            start=words.medium_day(consent.start), end=words.medium_day(consent.until)
        )
        + " · "
        + status,
        _("Given {how}, registered by {name}").format(
            how=given_words(consent.given), name=consent.registered_by
        ),
    ]


def dream_line(dream: Dream) -> str:
    return f"{dream.number}. {in_quotes(dream.text)}"


def dream_note(dream: Dream) -> str:
    """Its status and whose words they are, as on the weekly sheet."""
    return f"({words.dream_status(dream.status)}, {words.whose(dream.voice)})"


def goal_line(goal: Goal) -> str:
    line = f"{goal.number}. {goal.title}"
    if goal.status != "active":
        line += f" ({status_words(goal.status)})"
    return line


def goal_details(goal: Goal) -> str | None:
    due = words.medium_day(goal.due) if goal.due else None
    details = words.goal_phrases(due, goal.area, goal.support, goal.dream)
    return " · ".join(details) or None


def step_line(text: str, done: dt.date | None) -> str:
    if done is None:
        return text
    return _("{step}: done {date}").format(step=text, date=words.medium_day(done))


def done_on(done: dt.date) -> str:
    return _("done {date}").format(date=words.medium_day(done))


def reached_line(goal: Reached) -> str:
    if goal.date is None:
        return _("★ {title}").format(title=goal.title)
    return _("★ {title}, reached {date}").format(title=goal.title, date=words.medium_day(goal.date))


def own_area_line(area: Area) -> str:
    return _("{area}: {step}").format(area=area.name, step=step_words(area.step))


def resources_intro() -> str:
    return _("What I already manage: goals reached, and everyday tasks I do on my own.")


def area_line(area: Area) -> str:
    return f"{area.name}: {words.ladder_picture(area.step)} {words.ladder_step(area)}"


def area_details(area: Area) -> list[str]:
    details = []
    if area.next:
        details.append(_("Next step: {next}").format(next=area.next))
    if area.ready_when:
        details.append(_("Time for it when: {sign}").format(sign=area.ready_when))
    return details


def need_headers() -> list[str]:
    return [_("Need"), _("Client says"), _("Worker says"), _("Who does what"), _("By when")]


def need_row(need: Need) -> list[str]:
    action: str
    if need.action is None:
        action = "-"
    elif need.who:
        action = _("{who}: {action}").format(who=need.who, action=need.action)
    else:
        action = need.action
    due = words.medium_day(need.due) if need.due else "-"
    return [need.name, rating_words(need.client_rating), rating_words(need.worker_rating),
            action, due]  # fmt: skip


def participant_line(person: Participant) -> str:
    """The name, and the coordinator marked in words."""
    if person.coordinator:
        return _("{name} (coordinator)").format(name=person.name)
    return person.name


def participant_role(person: Participant) -> str | None:
    """Role and organisation: who they are to the plan."""
    parts = [part for part in (person.role, person.organisation) if part]
    return ", ".join(parts) or None


def contributes(person: Participant) -> str | None:
    if not person.contributes:
        return None
    return _("Contributes: {text}").format(text=said(person.contributes, person.voice))


def said(text: str, voice: str) -> str:
    """Words in the client's voice in quotes; others as they are (see whose())."""
    return in_quotes(text) if voice == "client" else text


def whose(voice: str) -> str | None:
    """Said of words that were not agreed together: the client's, or the worker's."""
    return None if voice == "together" else words.whose(voice)


def measure_line(measure: Measure) -> str:
    return f"{measure.number}. {said(measure.text, measure.voice)}"


def measure_status(measure: Measure) -> str:
    return measure_status_words(measure.status)


def measure_details(measure: Measure, *, status: bool = True) -> list[tuple[str, str]]:
    """(label, words) of what is set: who is responsible, extent, how, when, status (unless
    it is shown elsewhere), goals."""
    details = [(_("Responsible"), measure.responsible or _("not named yet"))]
    if measure.extent:
        details.append((_("Extent"), measure.extent))
    if measure.how:
        details.append((_("How"), measure.how))
    when = measure_when(measure)
    if when:
        details.append((_("When"), when))
    if status:
        details.append((_("Status"), measure_status(measure)))
    if measure.goals:
        details.append((goals_label(len(measure.goals)), goals_served(measure)))
    return details


def measure_when(measure: Measure) -> str | None:
    start, until = measure.start, measure.until
    if start and until:
        return _("{start} – {end}").format(
            start=words.medium_day(start), end=words.medium_day(until)
        )
    if start:
        return _("from {date}").format(date=words.medium_day(start))
    if until:
        return _("until {date}").format(date=words.medium_day(until))
    return None


def goals_label(count: int) -> str:
    return ngettext("For goal", "For goals", count)


def goals_served(measure: Measure) -> str:
    return "; ".join(f"{number}. {title}".rstrip(". ") for number, title in measure.goals)


def labelled(label: str, text: str) -> str:
    return _("{label}: {text}").format(label=label, text=text)


def revision_line(revision: Revision) -> str:
    return words.medium_day(revision.date)


def present(revision: Revision) -> str:
    names = ", ".join(revision.present) or "-"
    return _("Present: {names}").format(names=names)


def client_signs(doc: PlanDocument) -> str:
    return _("Client: {name}").format(name=doc.name)


def coordinator_signs(doc: PlanDocument) -> str:
    if doc.coordinator is None:
        return _("Coordinator")
    return coordinator(doc)


def place_and_date() -> str:
    return _("Place and date")


def file_name(doc: PlanDocument, fmt: str) -> str:
    """<handle>-plan.<ext>: a handle is a safe name."""
    return f"{doc.handle}-plan.{fmt}"


# Rendering -----------------------------------------------------------------------------------


def render_plan(doc: PlanDocument, fmt: str) -> bytes:
    """The individual plan in one format, as the bytes of the file."""
    fmt = check_format(fmt)
    if fmt == "pdf":
        from recoverytui.report import plan_pdf

        return plan_pdf.render_plan_pdf(doc)
    writer = PlanMarkdown() if fmt == "md" else PlanText()
    return _compose(doc, writer).encode("utf-8")


def _compose(doc: PlanDocument, w: PlanText | PlanMarkdown) -> str:
    w.title(title(doc), dates(doc))
    for line in handover_lines(doc):
        w.para(line)
    parts = doc.parts

    if "dreams" in parts:
        w.heading(dreams_heading())
        if not doc.dreams:
            w.para(no_dreams())
        for dream in doc.dreams:
            w.item(dream_line(dream))
            w.para(dream_note(dream), 1)

    if "goals" in parts:
        w.heading(goals_heading())
        if not doc.goals:
            w.para(no_goals())
        for goal in doc.goals:
            w.item(goal_line(goal))
            details = goal_details(goal)
            if details:
                w.para(details, 1)
            for text, done in goal.steps:
                w.item(("[x] " if done else "[ ] ") + step_line(text, done), 1)

    if "goals" in parts or "ladder" in parts:
        w.heading(resources_heading())
        if not doc.reached and not doc.own_areas:
            w.para(no_resources())
        else:
            w.para(resources_intro())
        for reached in doc.reached:
            w.item(reached_line(reached))
        for area in doc.own_areas:
            w.item(own_area_line(area))

    if "needs" in parts:
        w.heading(needs_heading())
        if not doc.checklists:
            w.para(no_needs())
        for checklist in doc.checklists:
            w.para(checklist.title)
            w.table(need_headers(), [need_row(need) for need in checklist.needs])

    if "ladder" in parts:
        w.heading(ladder_heading())
        if not doc.areas:
            w.para(no_areas())
        for area in doc.areas:
            w.item(area_line(area))
            for line in area_details(area):
                w.para(line, 1)

    if "reviews" in parts:
        w.heading(reviews_heading())
        if not doc.reviews:
            w.para(no_reviews())
        for review in doc.reviews:
            w.item(review_line(review))
            if review.words:
                w.para(said(review.words, review.voice), 1)
                whose_note(w, review.voice, 1)
            for text, done in review.agreed:
                w.item(("[x] " if done else "[ ] ") + step_line(text, done), 1)

    if "plan" in parts:
        _compose_plan(doc, w)

    # The crisis plan after what is signed, as on paper: it has its own dates and is gone
    # through on its own.
    if doc.crisis is not None:
        w.heading(crisis_words.plan_heading())
        w.para("\n".join(crisis_words.dates(doc.crisis)))
        crisis_words.compose_parts(doc.crisis, w)
    return safe(w.done())


def _compose_plan(doc: PlanDocument, w: PlanText | PlanMarkdown) -> None:
    """Who takes part, the measures, the revisions, the consents and, unless it is a
    handover, the places to sign."""
    w.heading(participants_heading())
    if not doc.participants:
        w.para(no_participants())
    for person in doc.participants:
        role = participant_role(person)
        w.phones([(participant_line(person) + (f", {role}" if role else ""), person.phone)])
        brings = contributes(person)
        if brings:
            w.para(brings, 1)
            whose_note(w, person.voice, 1)

    w.heading(measures_heading())
    if not doc.measures:
        w.para(no_measures())
    for measure in doc.measures:
        w.item(measure_line(measure))
        whose_note(w, measure.voice, 1)
        for label, text in measure_details(measure):
            w.para(labelled(label, text), 1)

    w.heading(revisions_heading())
    if not doc.revisions:
        w.para(no_revisions())
    for revision in doc.revisions:
        w.item(revision_line(revision))
        w.para(present(revision), 1)
        if revision.note:
            w.para(said(revision.note, revision.voice), 1)
            whose_note(w, revision.voice, 1)

    if doc.consents:
        w.heading(consents_heading())
        for consent in doc.consents:
            w.item(consent_line(consent))
            for line in consent_details(consent):
                w.para(line, 1)

    if doc.handover is None:
        w.heading(signatures_heading())
        w.sign_lines([place_and_date()])
        w.sign_lines([client_signs(doc), coordinator_signs(doc)])


def whose_note(w: PlanText | PlanMarkdown, voice: str, level: int) -> None:
    """Under words not agreed together, whose they are."""
    note = whose(voice)
    if note:
        w.para(f"({note})", level)


SIGN_LINE = "." * 40  # dots, not underscores: nothing Markdown would read as syntax


class PlanText(CrisisText):
    def sign_lines(self, people: Sequence[str]) -> None:
        """A line to sign on for each, the name under it."""
        for person in people:
            self.lines += ["", "", self.INDENT + SIGN_LINE]
            self._add(person, 0)


class PlanMarkdown(CrisisMarkdown):
    def sign_lines(self, people: Sequence[str]) -> None:
        for person in people:
            self._block(SIGN_LINE + "  \n" + md(person))
