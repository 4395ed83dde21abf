"""Small week-by-week charts drawn in text, with the numbers under the bars so nothing rests
on colour or bar height alone."""

from __future__ import annotations

from collections.abc import Sequence

from recoverytui.core.i18n import _

BARS = " ▁▂▃▄▅▆▇█"


def week_chart(values: dict[str, int], weeks: Sequence[str], top: int) -> str:
    """Three lines: week numbers, bars scaled to `top`, and the values ('·' for none)."""
    heads, bars, numbers = [], [], []
    for key in weeks:
        heads.append(_("W{week}").format(week=key.split("W")[1]).rjust(4))
        value = values.get(key)
        if value is None:
            bars.append("   ·")
            numbers.append("    ")
        else:
            level = round(value / top * (len(BARS) - 1)) if top else 0
            bars.append(f"   {BARS[max(level, 1)]}")
            numbers.append(f"{value:>4}")
    return "\n".join(("".join(heads), "".join(bars), "".join(numbers)))


def strip(values: tuple[int | None, ...], low: int, high: int) -> str:
    """One character a week on a fixed scale, `low` drawn as the lowest bar and '·' for a
    week with nothing noted: a step back is a lower bar, in the same colour."""
    top = len(BARS) - 1
    marks = []
    for value in values:
        if value is None:
            marks.append("·")
        else:
            marks.append(BARS[max(1, round((value - low + 1) / (high - low + 1) * top))])
    return "".join(marks)
