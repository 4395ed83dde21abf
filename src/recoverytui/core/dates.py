"""Dates and ISO weeks: the accepted input forms, parsed explicitly, and how dates read.

A lenient parser guesses (pendulum's strict=False reads 01.02.2026 as 2 January), so every
accepted form is matched here by hand and anything else is refused. pendulum is imported
only where it shines: week arithmetic and human, locale-aware wording.
"""

import datetime as dt
import re

from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _, language
from recoverytui.core.text import whole_number

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NORWEGIAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SHORT_YEAR = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2}|\d{2}-\d{1,2}-\d{1,2}")
_RELATIVE = re.compile(r"([+-])(\d{1,4})([dwum])")  # u: uke, the bokmål week; m: months
_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)

_DAY_WORDS = {
    "today": 0, "i dag": 0, "idag": 0,
    "tomorrow": 1, "i morgen": 1, "imorgen": 1,
    "yesterday": -1, "i går": -1, "igår": -1,
}  # fmt: skip
_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon", "mandag", "man"),
            ("tuesday", "tue", "tirsdag", "tir"),
            ("wednesday", "wed", "onsdag", "ons"),
            ("thursday", "thu", "torsdag", "tor"),
            ("friday", "fri", "fredag", "fre"),
            ("saturday", "sat", "lørdag", "lør"),
            ("sunday", "sun", "søndag", "søn"),
        ]
    )
    for name in names
}


def today() -> dt.date:
    """The local calendar date."""
    return dt.date.today()


def now_iso() -> str:
    """The current moment as offset-aware ISO 8601, to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


def stamp_on(day: dt.date) -> str:
    """A moment of `day`, as now_iso() writes one: a record from paper, dated as it was."""
    # The time of day from now_iso(), so a test that freezes it freezes this too.
    now = dt.datetime.fromisoformat(now_iso())
    return dt.datetime.combine(day, now.time()).astimezone().isoformat()


# The first year a day or a week may be typed in: four digits, and room before it for the
# weeks a printout counts back. At the other end a week must end by 9999-12-31.
FIRST_YEAR = 1000


def _outside(text: str) -> InvalidInput:
    return InvalidInput(
        _("{text} is outside the calendar this program keeps: years 1000 to 9999.").format(
            text=text
        )
    )


def _calendar_date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        found = dt.date(year, month, day)
    except ValueError:
        raise InvalidInput(_("{text} is not a date in the calendar.").format(text=text)) from None
    if year < FIRST_YEAR:
        raise _outside(text)
    return found


def parse_date(text: str, *, base: dt.date | None = None, past: bool = False) -> dt.date:
    """Read a date a person typed.

    Accepts 2026-12-01, 01.12.2026, today/tomorrow/yesterday (and the bokmål words), weekday
    names, and +3d / +2w / -1w (+2u in bokmål) / +6m (calendar months). A weekday name means
    the nearest such day from today onwards, or backwards when `past` is set (a check-in looks
    back, a due date forward).
    """
    base = base or today()
    raw = (text or "").strip()
    word = raw.lower()
    if not word:
        raise InvalidInput(_("The date can't be empty."))
    if word in _DAY_WORDS:
        return base + dt.timedelta(days=_DAY_WORDS[word])
    if word in _WEEKDAYS:
        ahead = (_WEEKDAYS[word] - base.weekday()) % 7
        return base - dt.timedelta(days=(7 - ahead) % 7) if past else base + dt.timedelta(ahead)
    if m := _RELATIVE.fullmatch(word):
        sign = 1 if m.group(1) == "+" else -1
        if m.group(3) == "m":  # calendar months: a plan's next review, "+6m"
            months = sign * int(m.group(2))
            if not -12 * (base.year - FIRST_YEAR) <= months <= 12 * (9999 - base.year):
                raise _outside(raw)
            return months_after(base, months)
        days = int(m.group(2)) * (1 if m.group(3) == "d" else 7)
        return base + dt.timedelta(days=sign * days)
    if m := _ISO.fullmatch(word):
        return _calendar_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw)
    if m := _NORWEGIAN.fullmatch(word):
        return _calendar_date(int(m.group(3)), int(m.group(2)), int(m.group(1)), raw)
    if _SHORT_YEAR.fullmatch(word):
        raise InvalidInput(
            _("Please write the year in {text} with four digits, like 01.12.2026.").format(text=raw)
        )
    if past:
        hint = _(
            "{text} is not a date I can read. Use 2026-12-01, 01.12.2026, today, yesterday, "
            "a weekday, or -3d / -1w."
        )
    else:
        hint = _(
            "{text} is not a date I can read. Use 2026-12-01, 01.12.2026, today, tomorrow, "
            "a weekday, or +3d / +2w."
        )
    raise InvalidInput(hint.format(text=raw))


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months on; the month's last day where it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (following - dt.timedelta(days=1)).day))


def iso_date(value: str | None) -> dt.date | None:
    """A stored ISO date string back to a date."""
    return dt.date.fromisoformat(value) if value else None


# Weeks -------------------------------------------------------------------------------------


def week_key(day: dt.date) -> str:
    """The ISO week a day belongs to, keyed by ISO year: 2024-12-30 is '2025-W01'."""
    year, week, _weekday = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_bounds(key: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week key."""
    year, week = _split_week(key)
    monday = dt.date.fromisocalendar(year, week, 1)
    return monday, monday + dt.timedelta(days=6)


def _split_week(key: str) -> tuple[int, int]:
    m = _WEEK.fullmatch(key.strip())
    if not m:
        raise InvalidInput(_("{text} is not a week. Use a form like 2026-W48.").format(text=key))
    year, week = int(m.group(1)), int(m.group(2))
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InvalidInput(_("{year} has no week {week}.").format(year=year, week=week)) from None
    if year < FIRST_YEAR:
        raise _outside(key)
    if (dt.date.max - monday).days < 6:
        raise InvalidInput(
            _(
                "{text} ends after 9999-12-31, the last day of the calendar this program keeps."
            ).format(text=key)
        )
    return year, week


def parse_week(text: str, *, base: dt.date | None = None) -> str:
    """Read a week: 2026-W48, 48 (this ISO year), 'this' or 'last'. Returns the week key."""
    base = base or today()
    word = (text or "").strip().lower()
    if word in ("", "this", "denne"):
        return week_key(base)
    if word in ("last", "forrige"):
        return week_key(base - dt.timedelta(days=7))
    number = whole_number(word)
    year, week = _split_week(f"{base.isocalendar()[0]}-W{number}" if number is not None else text)
    return f"{year:04d}-W{week:02d}"


def week_in_words(key: str, locale: str | None = None) -> str:
    """'Week 48, 23–29 November 2026' ('uke 48, 23.–29. november 2026'), with month names
    from pendulum's locale data and each language's way of writing a date."""
    import pendulum

    locale = locale or language()
    monday, sunday = (pendulum.Date(d.year, d.month, d.day) for d in week_bounds(key))
    week = int(key.split("W")[1])
    end = sunday.format(_("D MMMM YYYY"), locale=locale)
    if monday.month == sunday.month:
        start = monday.format(_("D"), locale=locale)
    elif monday.year == sunday.year:
        start = monday.format(_("D MMMM"), locale=locale)
    else:
        start = monday.format(_("D MMMM YYYY"), locale=locale)
    span = f"{start}–{end}"
    return _("Week {week}, {span}").format(week=week, span=span)


def day_in_words(day: dt.date, locale: str | None = None) -> str:
    """'2 September 2026' ('2. september 2026')."""
    import pendulum

    when = pendulum.Date(day.year, day.month, day.day)
    return when.format(_("D MMMM YYYY"), locale=locale or language())


def humanize(day: dt.date, *, base: dt.date | None = None, locale: str | None = None) -> str:
    """'today', 'tomorrow', 'in 3 days', '2 weeks ago': how far a date is from today."""
    base = base or today()
    delta = (day - base).days
    if delta == 0:
        return _("today")
    if delta == 1:
        return _("tomorrow")
    if delta == -1:
        return _("yesterday")
    import pendulum

    span = pendulum.date(day.year, day.month, day.day).diff_for_humans(
        pendulum.date(base.year, base.month, base.day), absolute=True, locale=locale or language()
    )
    return (_("in {span}") if delta > 0 else _("{span} ago")).format(span=span)
