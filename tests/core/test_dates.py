import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverytui.core import dates
from recoverytui.core.errors import InvalidInput

FRIDAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("01.12.2026", dt.date(2026, 12, 1)),
        ("1.2.2026", dt.date(2026, 2, 1)),  # day first, never month first
        ("today", FRIDAY),
        ("I dag", FRIDAY),
        ("tomorrow", dt.date(2026, 11, 28)),
        ("yesterday", dt.date(2026, 11, 26)),
        ("+3d", dt.date(2026, 11, 30)),
        ("+2w", dt.date(2026, 12, 11)),
        ("-1w", dt.date(2026, 11, 20)),
        ("+2u", dt.date(2026, 12, 11)),  # uke
        ("-1U", dt.date(2026, 11, 20)),
        ("friday", FRIDAY),
        ("monday", dt.date(2026, 11, 30)),
        ("Mandag", dt.date(2026, 11, 30)),
        ("29.02.2028", dt.date(2028, 2, 29)),
        ("+6m", dt.date(2027, 5, 27)),  # calendar months
        ("+3m", dt.date(2027, 2, 27)),
        ("-9m", dt.date(2026, 2, 27)),
    ],
)
def test_accepted_forms(typed, expected):
    assert dates.parse_date(typed, base=FRIDAY) == expected


def test_weekday_looks_back_for_past_dates():
    assert dates.parse_date("monday", base=FRIDAY, past=True) == dt.date(2026, 11, 23)
    assert dates.parse_date("friday", base=FRIDAY, past=True) == FRIDAY
    assert dates.parse_date("saturday", base=FRIDAY, past=True) == dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.02.2026", "not a date in the calendar"),
        ("2026-02-30", "not a date in the calendar"),
        ("29.02.2027", "not a date in the calendar"),
        ("01.12.26", "four digits"),
        ("26-12-01", "four digits"),
        ("12/01/2026", "not a date I can read"),
        ("next week", "not a date I can read"),
        ("2026-12-01T10:00", "not a date I can read"),
        ("", "can't be empty"),
    ],
)
def test_refused_forms(typed, message):
    with pytest.raises(InvalidInput, match=message):
        dates.parse_date(typed, base=FRIDAY)


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_both_numeric_forms_read_back_every_date(day):
    assert dates.parse_date(day.isoformat()) == day
    assert dates.parse_date(day.strftime("%d.%m.") + f"{day.year:04d}") == day


@given(st.text(max_size=12))
def test_parser_never_raises_anything_but_invalid_input(typed):
    with contextlib.suppress(InvalidInput):
        dates.parse_date(typed, base=FRIDAY)


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (dt.date(2024, 12, 30), "2025-W01"),
        (dt.date(2021, 1, 3), "2020-W53"),
        (dt.date(2026, 11, 27), "2026-W48"),
        (dt.date(2027, 1, 1), "2026-W53"),
    ],
)
def test_iso_week_keyed_by_iso_year(day, key):
    assert dates.week_key(day) == key


def test_week_bounds_span_monday_to_sunday():
    assert dates.week_bounds("2025-W01") == (dt.date(2024, 12, 30), dt.date(2025, 1, 5))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9000, 1, 1)))
def test_every_day_lies_inside_its_week(day):
    monday, sunday = dates.week_bounds(dates.week_key(day))
    assert monday <= day <= sunday
    assert monday.weekday() == 0


@pytest.mark.parametrize(
    ("typed", "key"),
    [("2026-W48", "2026-W48"), ("2026w5", "2026-W05"), ("48", "2026-W48"), ("this", "2026-W48"),
     ("last", "2026-W47"), ("", "2026-W48")],
)  # fmt: skip
def test_parse_week(typed, key):
    assert dates.parse_week(typed, base=FRIDAY) == key


@pytest.mark.parametrize("typed", ["2025-W53", "2026-W00", "W48", "week 48"])
def test_parse_week_refuses_weeks_that_do_not_exist(typed):
    with pytest.raises(InvalidInput):
        dates.parse_week(typed, base=FRIDAY)


def test_week_in_words():
    assert dates.week_in_words("2026-W48") == "Week 48, 23–29 November 2026"
    assert dates.week_in_words("2026-W49") == "Week 49, 30 November–6 December 2026"
    assert dates.week_in_words("2025-W01") == "Week 1, 30 December 2024–5 January 2025"


@pytest.mark.parametrize(
    ("offset", "words"),
    [(0, "today"), (1, "tomorrow"), (-1, "yesterday"), (3, "in 3 days"), (-14, "2 weeks ago")],
)
def test_humanize(offset, words):
    assert dates.humanize(FRIDAY + dt.timedelta(days=offset), base=FRIDAY) == words


def test_humanize_speaks_norwegian_when_asked():
    assert "dager" in dates.humanize(FRIDAY + dt.timedelta(days=3), base=FRIDAY, locale="nb")


def test_now_is_offset_aware():
    assert dt.datetime.fromisoformat(dates.now_iso()).tzinfo is not None


@pytest.mark.parametrize(
    ("typed", "key"),
    [("\u0664\u0668", "2026-W48"), ("2026-W\u0664\u0668", "2026-W48"), ("1000-W01", "1000-W01"),
     ("9999-W51", "9999-W51")],
)  # fmt: skip
def test_weeks_in_any_decimal_digits_and_at_the_ends_of_the_calendar(typed, key):
    assert dates.parse_week(typed, base=FRIDAY) == key
    monday, sunday = dates.week_bounds(key)
    assert dates.week_key(monday) == dates.week_key(sunday) == key


@pytest.mark.parametrize(
    "typed", ["²", "①", "Ⅻ", "4²", "9999-W52", "0999-W52", "0001-W01", "10000-W01", "9" * 5000]
)
def test_weeks_of_odd_digits_or_outside_the_calendar_are_refused(typed):
    with pytest.raises(InvalidInput):
        dates.parse_week(typed, base=FRIDAY)


def test_the_last_week_of_year_9999_is_refused_for_what_it_is():
    # Its Monday is in 9999; its Sunday would be in 10000, past the calendar's last day.
    with pytest.raises(InvalidInput, match="ends after 9999-12-31"):
        dates.parse_week("9999-W52", base=FRIDAY)


@pytest.mark.parametrize("typed", ["0999-12-31", "0001-01-01", "31.12.0999"])
def test_days_before_the_year_1000_are_refused(typed):
    with pytest.raises(InvalidInput, match="calendar"):
        dates.parse_date(typed, base=FRIDAY)


def test_week_keys_keep_four_digit_years():
    assert dates.week_key(dt.date(1000, 1, 8)) == "1000-W02"
    assert dates.week_key(dt.date(1, 1, 8)) == "0001-W02"


@given(st.text(alphabet=st.sampled_from("0123456789²①Ⅻ½\u0663-Ww "), max_size=12))
def test_week_parser_never_raises_anything_but_invalid_input(typed):
    with contextlib.suppress(InvalidInput):
        key = dates.parse_week(typed, base=FRIDAY)
        dates.week_bounds(key)
        dates.week_in_words(key)


def test_months_keep_the_day_or_take_the_months_last():
    from recoverytui.core.dates import parse_date

    assert parse_date("+6m", base=dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)
    assert parse_date("+1m", base=dt.date(2028, 1, 31)) == dt.date(2028, 2, 29)
    assert parse_date("-1m", base=dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
