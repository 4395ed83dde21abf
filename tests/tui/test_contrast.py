"""Contrast in every theme: at least 4.5:1 for text and 3:1 for focus marks and borders
(WCAG 2.2 AA), worked out from the theme files the way Textual does (each Theme's ColorSystem
and the variables it generates), and then read off the widgets the app really draws."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Input, Tab
from textual.widgets._footer import FooterKey

from recoverytui.tui.app import RecoveryApp
from recoverytui.tui.themes import VARIABLE_DEFAULTS, load_themes
from tui_support import screen_text

TEXT, MARK = 4.5, 3.0
THEMES = {theme.name: theme for theme in load_themes()}

# (what, colour, drawn on, least ratio): colours as the CSS writes them, "$name" or "$name N%".
PAIRS = [
    *(
        (f"{text} on {under}", f"${text}", f"${under}", TEXT)
        for text in (
            "foreground",
            "text",
            "text-muted",
            "foreground-muted",
            "step-up",
            "step-back",
            "voice-client",
            "accent",
            "text-warning",
            "text-error",
            "text-success",
            "text-primary",
            "text-accent",
        )
        for under in ("background", "surface", "panel")
    ),
    ("the road so far's strips", "$primary", "$background", TEXT),
    ("a field's error", "$error", "$surface", TEXT),
    ("footer key", "$footer-key-foreground", "$footer-background", TEXT),
    ("footer description", "$footer-description-foreground", "$footer-background", TEXT),
    ("footer", "$footer-foreground", "$footer-background", TEXT),
    ("button", "$button-foreground", "$surface", TEXT),
    ("table cursor", "$block-cursor-foreground", "$block-cursor-background", TEXT),
    (
        "table cursor, table not focused",
        "$block-cursor-blurred-foreground",
        "$block-cursor-blurred-background",
        TEXT,
    ),
    ("a notice", "$foreground", "$panel-lighten-1", TEXT),
    *(
        (f"a notice's {kind} title", f"$text-{kind}", "$panel-lighten-1", TEXT)
        for kind in ("success", "warning", "error")
    ),
    ("input on a form", "$foreground", "$panel", TEXT),
    ("focus border of a field", "$border", "$surface", MARK),
    ("focus border of a field", "$border", "$background", MARK),
    ("focus bar of a field on a form", "$accent", "$surface", MARK),
    ("the shown section's underline", "$block-cursor-background", "$background", MARK),
    ("table cursor row", "$block-cursor-background", "$background", MARK),
    ("table cursor row", "$block-cursor-background", "$surface", MARK),
    ("border of forms and notices", "$primary", "$background", MARK),
    ("border of forms and notices", "$primary", "$surface", MARK),
    ("lines between sections and details", "$foreground-muted", "$background", MARK),
]


def luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def ratio(one: Color, other: Color) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def variables(name: str) -> dict[str, str]:
    theme = THEMES[name]
    generated = {**VARIABLE_DEFAULTS, **theme.to_color_system().generate()}
    return {**generated, **theme.variables}


def resolve(expression: str, under: Color, values: dict[str, str]) -> Color:
    """A CSS colour as drawn on `under`: "auto" is Textual's contrasting text, and any
    alpha (the variable's own, or "N%") is blended onto what is beneath."""
    name, *strength = expression.removeprefix("$").split()
    value, *own = values[name].split()
    alpha = 1.0
    for percent in (*own, *strength):
        alpha *= float(percent.rstrip("%")) / 100
    colour = under.get_contrast_text(1.0) if value == "auto" else Color.parse(value)
    return under + colour.multiply_alpha(alpha)


@pytest.mark.parametrize("theme", THEMES)
def test_every_pair_the_app_draws_is_readable(theme):
    values = variables(theme)
    background = Color.parse(values["background"])
    too_faint = []
    for what, colour, under, least in PAIRS:
        ground = resolve(under, background, values)
        found = ratio(resolve(colour, ground, values), ground)
        if found < least:
            too_faint.append(f"{what}: {colour} on {under} is {found:.2f}:1, under {least}:1")
    assert too_faint == []


def test_the_check_itself_finds_half_strength_text_too_faint():
    # Textual's own colour for the other tabs, which this theme set had to change.
    values = variables("recovery-light")
    background = Color.parse(values["background"])
    assert ratio(resolve("$foreground 50%", background, values), background) < TEXT
    assert ratio(Color.parse("#777777"), Color.parse("#ffffff")) == pytest.approx(4.48, abs=0.01)


def _drawn(style) -> float:  # type: ignore[no-untyped-def]
    return ratio(Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor))


@pytest.mark.parametrize("theme", THEMES)
async def test_what_the_screen_draws_is_readable(store, theme):
    """The colours the widgets end up with, the app's CSS over Textual's own."""
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.press("3")
        await pilot.pause()
        tabs = list(app.screen.query(Tab))
        assert len(tabs) == 8
        for tab in tabs:
            assert _drawn(tab.rich_style) >= TEXT, (str(tab.label), theme)
        for key in app.screen.query(FooterKey):
            for part in ("footer-key--key", "footer-key--description"):
                style = key.rich_style + key.get_component_rich_style(part, partial=True)
                assert _drawn(style) >= TEXT, (key.description, part, theme)
        await pilot.press("6", "r")  # the weekly review: its fields have placeholders
        await pilot.pause()
        fields = [field for field in app.screen.query(Input) if field.placeholder]
        assert fields
        for field in fields:
            placeholder = field.get_component_rich_style("input--placeholder")
            assert _drawn(placeholder) >= TEXT, (field.placeholder, theme)


async def test_themes_are_shown_by_the_names_a_person_reads(store):
    """The picker Textual's own Theme command opens lists ours by name, never by id; the
    README calls them the same."""
    app = RecoveryApp(store, client="demo")
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_change_theme()
        await pilot.pause(0.3)
        shown = screen_text(app)
        for label in ("Calm (dark)", "Light", "High contrast"):
            assert label in shown
        assert "recovery-" not in shown
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert all(label in readme for label in ("Calm (dark)", "Light", "High contrast"))
    assert "recovery-calm" not in readme
