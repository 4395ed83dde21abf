"""Every field a person fills in, checked one way.

The plan operations check what they are given with these, and the TUI's forms call the same
ones to show an error under its field before anything is saved, so the two can't drift.
Each returns the value as it is stored (trimmed text, an ISO date, a number) or raises
InvalidInput saying what is wrong. The limits and the words used in the messages live here.
"""

from __future__ import annotations

import datetime as dt

from recoverytui.core import dates, text
from recoverytui.core.documents import (
    DREAM_STATUSES,
    GOAL_STATUSES,
    MEASURE_STATUSES,
    MOVES,
    check_choice,
    check_hope,
    check_progress,
    check_step,
    measure_status_words,
    move_label,
    status_words,
)
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _

# Text ---------------------------------------------------------------------------------------


def goal_title(value: str | None) -> str:
    return text.name(value, _("title"), max_len=text.TITLE_MAX)


def goal_step(value: str | None) -> str:
    return text.name(value, _("step"), max_len=text.TITLE_MAX)


def life_area(value: str | None) -> str | None:
    return text.optional(value, _("life area"), max_len=text.NAME_MAX)


def support(value: str | None) -> str | None:
    return text.optional(value, _("support"), max_len=text.NAME_MAX)


def dream_text(value: str | None) -> str:
    return text.name(value, _("dream"), max_len=text.NOTE_MAX, multiline=True)


def note(value: str | None) -> str | None:
    """A few words with a check-in, a goal's status or a move on the ladder."""
    return text.optional(value, _("note"), max_len=text.NOTE_MAX, multiline=True)


def area_name(value: str | None) -> str:
    return text.name(value, _("area name"), max_len=text.NAME_MAX)


def next_step(value: str | None) -> str | None:
    return text.optional(value, _("next step"), max_len=text.TITLE_MAX)


def ready_when(value: str | None) -> str | None:
    return text.optional(value, _("sign it is time"), max_len=text.TITLE_MAX)


def need_name(value: str | None) -> str:
    return text.name(value, _("need"), max_len=text.TITLE_MAX)


def need_action(value: str | None) -> str | None:
    return text.optional(value, _("action"), max_len=text.TITLE_MAX)


def who(value: str | None) -> str | None:
    return text.optional(value, _("who"), max_len=text.NAME_MAX)


def week_words(value: str | None) -> str | None:
    """The client's words about the week, in the weekly review."""
    return text.optional(value, _("note on the week"), max_len=text.NOTE_MAX, multiline=True)


def agreed_step(value: str | None) -> str:
    return text.name(value, _("agreed step"), max_len=text.TITLE_MAX)


# The crisis plan: the client's words, short enough for a card; names and numbers as typed.
PHONE_MAX = 40


def crisis_text(value: str | None, field: str | None = None) -> str:
    """One entry of a crisis plan's list: a sign, what helps, a wish."""
    return text.name(value, field or _("words"), max_len=text.TITLE_MAX)


def crisis_more(value: str | None, field: str) -> str | None:
    """What goes with an entry: what I do, what others can do, why, who sees to it."""
    return text.optional(value, field, max_len=text.TITLE_MAX)


def well(value: str | None) -> str | None:
    """How the client is when they are well."""
    return text.optional(value, _("how I am when I'm well"), max_len=text.NOTE_MAX, multiline=True)


def person(value: str | None) -> str:
    """A person to call, or one who must not be contacted: a name as the client says it."""
    return text.name(value, _("name"), max_len=text.NAME_MAX)


def relation(value: str | None) -> str | None:
    return text.optional(value, _("relation"), max_len=text.NAME_MAX)


def phone(value: str | None) -> str | None:
    """A phone number kept as typed (spaces, +47, an extension), on one line."""
    return text.optional(value, _("phone"), max_len=PHONE_MAX)


def unit(value: str | None) -> str | None:
    return text.optional(value, _("unit"), max_len=text.NAME_MAX)


def agreement(value: str | None) -> str | None:
    """What a self-referral agreement allows, in its own words."""
    return text.optional(value, _("what the agreement allows"), max_len=text.NOTE_MAX,
                         multiline=True)  # fmt: skip


# The individual plan: who takes part, and the measures.


def participant(value: str | None) -> str:
    """A participant's name: a person, or a service as the client calls it."""
    return text.name(value, _("name"), max_len=text.NAME_MAX)


def role(value: str | None) -> str:
    """What a participant is to the client: GP, NAV, next of kin, DPS…"""
    return text.name(value, _("role"), max_len=text.NAME_MAX)


def organisation(value: str | None) -> str | None:
    return text.optional(value, _("organisation"), max_len=text.NAME_MAX)


def contributes(value: str | None) -> str | None:
    """What a participant brings to the plan, in their own words."""
    return text.optional(value, _("contribution"), max_len=text.NOTE_MAX, multiline=True)


def measure_text(value: str | None) -> str:
    """A measure (tiltak): what is done for the client."""
    return text.name(value, _("measure"), max_len=text.TITLE_MAX)


def extent(value: str | None) -> str | None:
    """How much of a measure: 'two visits a week'."""
    return text.optional(value, _("extent"), max_len=text.NAME_MAX)


def how(value: str | None) -> str | None:
    """How a measure is carried out."""
    return text.optional(value, _("way it is done"), max_len=text.NOTE_MAX, multiline=True)


def revision_note(value: str | None) -> str | None:
    return text.optional(value, _("note"), max_len=text.NOTE_MAX, multiline=True)


def measure_status(value: str) -> str:
    return check_choice(value, MEASURE_STATUSES, _("measure status"), measure_status_words)


def worker_name(value: str | None) -> str:
    """The name the change history records for the worker."""
    return text.clean(value, _("name"), max_len=text.NAME_MAX)


# Choices ------------------------------------------------------------------------------------


def goal_status(value: str) -> str:
    return check_choice(value, GOAL_STATUSES, _("goal status"), status_words)


def dream_status(value: str) -> str:
    return check_choice(value, DREAM_STATUSES, _("dream status"), status_words)


def move(value: str) -> str:
    """A move on the ladder: up or back."""
    return check_choice(value, MOVES, _("move on the ladder"), move_label)


# Numbers typed as text ------------------------------------------------------------------------


def progress(value: str) -> int:
    """Progress 0–4 as typed."""
    number = text.whole_number(value)
    if number is None:
        raise InvalidInput(_("Progress is a whole number from 0 to 4."))
    return check_progress(number)


def hope(value: str) -> int | None:
    """Hope 0–10 as typed; nothing typed is no rating."""
    if not (value or "").strip():
        return None
    number = text.whole_number(value)
    if number is None:
        raise InvalidInput(_("Hope is a whole number from 0 to 10."))
    return check_hope(number)


def ladder_step(value: str) -> int:
    """Where an area stands, 1–5, as typed; nothing typed is the first step."""
    if not (value or "").strip():
        return 1
    number = text.whole_number(value)
    return check_step(number if number is not None else value.strip())


# Dates --------------------------------------------------------------------------------------


def due(value: str | dt.date | None, base: dt.date | None = None) -> str | None:
    """A due date, as an ISO date; nothing given is no due date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = value if isinstance(value, dt.date) else dates.parse_date(value, base=base)
    return day.isoformat()


def past_day(
    value: str | dt.date | None, base: dt.date | None = None, *, future: str | None = None
) -> dt.date:
    """A day that has come (today when not given); `future` words the refusal of a later one."""
    today = base or dates.today()
    if value is None:
        return today
    day = value if isinstance(value, dt.date) else dates.parse_date(value, base=today, past=True)
    if day > today:
        message = future or _("{date} is in the future; only days that have come can be recorded.")
        raise InvalidInput(message.format(date=day.isoformat()))
    return day


# A plan (the crisis plan, the individual plan) is gone through again within half a year
# unless another day is agreed.
REVISE_MONTHS = 6


def next_time(
    value: str | dt.date | None, after: dt.date, base: dt.date | None, refusal: str
) -> dt.date:
    """When a plan gone through on `after` is to be gone through again: the day given, else
    six months on; a day not after `after` is refused with `refusal` ({date}, {next})."""
    if value is None or value == "":
        day = dates.months_after(after, REVISE_MONTHS)
    elif isinstance(value, dt.date):
        day = value
    else:
        day = dates.parse_date(value, base=base or dates.today())
    if day <= after:
        raise InvalidInput(refusal.format(date=after.isoformat(), next=day.isoformat()))
    return day
