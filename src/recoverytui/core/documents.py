"""The kinds of entry a plan holds, their allowed values, and the words used for them.

Recovery-oriented wording: goals are reached, paused or let go, never failed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import N_, _, in_quotes

VOICES = ("client", "worker", "together")
GOAL_STATUSES = ("active", "reached", "paused", "let-go")
DREAM_STATUSES = ("held", "growing", "reached", "resting")
PROGRESS = range(0, 5)
# A measure (tiltak) of the individual plan: planned, under way, or ended.
MEASURE_STATUSES = ("planned", "active", "ended")
# The parts of a plan a consent can cover, in the order the plan shows them.
SHARE_PARTS = ("goals", "dreams", "ladder", "needs", "reviews", "crisis", "plan")
# A consent is active until withdrawn or past its date (expired is worked out, not stored).
CONSENT_STATUSES = ("active", "withdrawn", "expired")
GIVEN = ("written", "oral")


def progress_words(value: int) -> str:
    """The plain words for a check-in's 0–4 progress."""
    return {
        0: _("not yet"),
        1: _("a small start"),
        2: _("some progress"),
        3: _("a lot of progress"),
        4: _("all the way"),
    }[value]


def status_words(status: str) -> str:
    return {
        "active": _("active"),
        "reached": _("reached"),
        "paused": _("paused"),
        "let-go": _("let go"),
        "held": _("held"),
        "growing": _("growing"),
        "resting": _("resting"),
    }[status]


def measure_status_words(status: str) -> str:
    return {"planned": _("planned"), "active": _("under way"), "ended": _("ended")}[status]


def share_words(part: str) -> str:
    """A part of the plan as a person reads it in a consent."""
    return {
        "goals": _("small goals and check-ins"),
        "dreams": _("hopes and dreams"),
        "ladder": _("the responsibility ladder"),
        "needs": _("basic needs"),
        "reviews": _("weekly reviews"),
        "crisis": _("the crisis plan"),
        "plan": _("who helps and the measures"),
    }[part]


def parts_words(parts: Iterable[str]) -> str:
    """Parts of the plan as a person reads them: 'basic needs, the crisis plan'."""
    return ", ".join(share_words(part) for part in parts)


def consent_status_words(status: str) -> str:
    return {"active": _("in force"), "withdrawn": _("withdrawn"), "expired": _("ran out")}[status]


def given_words(given: str) -> str:
    return {"written": _("in writing"), "oral": _("orally")}[given]


def voice_label(voice: object) -> str:
    """The one word for whose voice an entry is, as a label: client, worker, together."""
    labels = {"client": _("client"), "worker": _("worker"), "together": _("together")}
    return labels.get(voice, "-") if isinstance(voice, str) else "-"


def said_by(words: str, voice: object) -> str:
    """Words someone said, in quotes, and whose they are: '“Went twice.”  (client)'."""
    return f"{in_quotes(words)}  ({voice_label(voice)})"


def voice_words(voice: str) -> str:
    return {
        "client": _("in the client's words"),
        "worker": _("in the worker's words"),
        "together": _("agreed together"),
    }[voice]


def check_choice(
    value: str, allowed: tuple[str, ...], field: str, words: Callable[[str], str] | None = None
) -> str:
    """The choice value names (case-insensitive): one of allowed as scripts type it, or, with
    `words`, as a person reads it in the language spoken ('not met yet', 'på pause'); else a
    clear InvalidInput."""
    typed = (value or "").strip()
    word = typed.lower().replace(" ", "-").replace("_", "-")
    if word in allowed:
        return word
    choices = ", ".join(allowed)
    if words is not None:
        read = {words(choice).casefold(): choice for choice in allowed}
        if typed.casefold() in read:
            return read[typed.casefold()]
        # Each as typed, and as read where that differs.
        choices = ", ".join(
            choice if words(choice).replace(" ", "-") == choice else f"{choice} ({words(choice)})"
            for choice in allowed
        )
    raise InvalidInput(
        _("{value} is not a {field}. Choose one of: {choices}.").format(
            value=repr(value), field=field, choices=choices
        )
    )


def check_voice(value: str) -> str:
    return check_choice(value, VOICES, _("voice"), voice_label)


def check_progress(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in PROGRESS:
        raise InvalidInput(
            _("Progress is a whole number from 0 to 4, not {value}.").format(value=value)
        )
    return value


STEPS = range(1, 6)
# The moves on the ladder: one step up or back. (An area's history also holds where it
# started and each new agreement.)
MOVES = ("up", "back")
RATINGS = ("met", "partly", "unmet", "not-relevant", "unknown")


def check_step(step: object) -> int:
    if isinstance(step, bool) or not isinstance(step, int) or step not in STEPS:
        raise InvalidInput(_("A step is a whole number from 1 to 5, not {step}.").format(step=step))
    return step


def step_words(step: int) -> str:
    """The five steps of the responsibility ladder, in plain words."""
    return {
        1: _("Staff does it"),
        2: _("We do it together"),
        3: _("You do it, we remind you"),
        4: _("You do it, we check in"),
        5: _("You do it on your own"),
    }[step]


def step_picture(step: int) -> str:
    """The five steps as filled and open marks with the number, readable in black and white."""
    return "■" * step + "□" * (5 - step) + f" {step}/5"


def move_label(move: str) -> str:
    """A move on the ladder as a person types or reads it: up, back."""
    return {"up": _("up"), "back": _("back")}.get(move, move)


def move_words(move: dict) -> str:
    """A ladder move in neutral words: a step back reads like any other move."""
    if move["move"] == "up":
        return _("{date} up to {to}").format(**move)
    if move["move"] == "back":
        return _("{date} stepped back to {to}").format(**move)
    if move["move"] == "agree":
        return _("{date} agreed a next step").format(**move)
    return _("{date} started on {to}").format(**move)


def rating_words(rating: str) -> str:
    return {
        "met": _("met"),
        "partly": _("partly met"),
        "unmet": _("not met yet"),
        "not-relevant": _("not relevant"),
        "unknown": _("not known"),
    }[rating]


def field_words(field: str) -> str:
    return {
        "client_rating": _("client says"),
        "worker_rating": _("worker says"),
        "action": _("action"),
        "action_done": _("action done"),
        "who": _("who"),
        "due": _("due"),
    }.get(field, field)


def change_words(change: dict) -> str:
    """One line of a need item's history: what changed, from what to what, in whose voice."""

    def value(raw: object) -> str:
        if raw is None:
            return "-"
        return rating_words(str(raw)) if change["field"].endswith("_rating") else str(raw)

    return _("{date}  {field}: {old} → {new}  ({voice})").format(
        date=change["date"],
        field=field_words(change["field"]),
        old=value(change["from"]),
        new=value(change["to"]),
        voice=voice_label(change["voice"]),
    )


def check_rating(value: str) -> str:
    """A rating word, also as the lists show it ('not met yet', 'partly met', 'not known')."""
    return check_choice(value, RATINGS, _("rating"), rating_words)


# The weekly review ------------------------------------------------------------------------

HOPE = range(0, 11)
# The guided walk through a review, in order; "done" means it was walked to the end.
REVIEW_STAGES = ("goals", "ladder", "needs", "signs", "words", "agreed", "done")


def stage_words(stage: str) -> str:
    return {
        "goals": _("small goals"),
        "ladder": _("the ladder"),
        "needs": _("basic needs"),
        "signs": _("early warning signs"),
        "words": _("the week in the client's words"),
        "agreed": _("steps for next week"),
        "done": _("done"),
    }[stage]


def check_hope(value: int | None) -> int | None:
    """A hope-for-the-future rating, 0–10, or None for no rating."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in HOPE:
        raise InvalidInput(
            _("Hope is a whole number from 0 to 10, not {value}.").format(value=value)
        )
    return value


def check_stage(value: str) -> str:
    return check_choice(value, REVIEW_STAGES, _("review stage"))


# The crisis plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    kind: str  # as the CLI takes it: sign, no-contact, …
    field: str  # the list in the document: signs, no_contact, …
    title: str  # the heading, untranslated (N_): "Early warning signs"
    one: str  # one entry, untranslated: "early warning sign"
    main: str  # the entry's own words: text, or name for a person
    more: tuple[str, ...]  # what else an entry holds: action, others, relation, phone, …


PARTS: tuple[Part, ...] = (
    Part("sign", "signs", N_("Early warning signs"), N_("early warning sign"), "text",
         ("action", "others")),
    Part("helps", "helps", N_("What helps"), N_("what helps"), "text", ()),
    Part("avoid", "avoid", N_("What does not help"), N_("what does not help"), "text", ()),
    Part("met", "met", N_("How I want to be met"), N_("how I want to be met"), "text", ()),
    Part("contact", "contacts", N_("People to call"), N_("person to call"), "name",
         ("relation", "phone")),
    Part("no-contact", "no_contact", N_("People who must not be contacted"),
         N_("person not to contact"), "name", ("text",)),
    Part("treatment", "treatment", N_("Wishes for treatment and care"),
         N_("wish for treatment and care"), "text", ()),
    Part("practical", "practical", N_("Practical things if I am away"),
         N_("practical thing"), "text", ("who",)),
)  # fmt: skip
KINDS = tuple(part.kind for part in PARTS)
LISTS = tuple(part.field for part in PARTS)
_BY_KIND = {part.kind: part for part in PARTS}


def part_of(kind: str) -> Part:
    """A part by its kind as typed (sign, no-contact) or as a person reads it."""
    chosen = check_choice(kind, KINDS, _("part of the crisis plan"), lambda k: _(_BY_KIND[k].one))
    return _BY_KIND[chosen]


def more_words(key: str) -> str:
    """What an entry holds besides its words, as a label."""
    return {
        "action": _("what I do"),
        "others": _("what others can do"),
        "relation": _("relation"),
        "phone": _("phone"),
        "text": _("why"),
        "who": _("who sees to it"),
    }[key]


def part_words(table: str | None, number: object = None) -> str:
    """A part of a plan as a sentence names it: "goal 3", "the crisis plan"."""
    numbered = {
        "goals": _("goal {number}"),
        "dreams": _("dream {number}"),
        "areas": _("ladder area {number}"),
        "needs": _("need {number}"),
        "participants": _("participant {number}"),
        "measures": _("measure {number}"),
    }
    if table in numbered and number is not None:
        return numbered[table].format(number=number)
    whole = {
        "client": _("the client's details"),
        "crisis": _("the crisis plan"),
        "reviews": _("a weekly review"),
        "checkins": _("a check-in"),
    }
    return whole.get(table or "", _("a part of the plan"))


def removal_words(why: str) -> str:
    """Why a team's sync took a plan off this laptop."""
    if why == "erased":
        return _("erased by the team")
    return _("no longer shared with you; what this laptop held of it is gone")
