"""Themes: palette files from themes/ loaded into Textual Theme objects."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.theme import Theme

from recoverytui.core.i18n import N_, _

DEFAULT_THEME = "recovery-calm"

# The names a person reads in the theme picker; a theme file added later shows its own name.
LABELS = {
    "recovery-calm": N_("Calm (dark)"),
    "recovery-light": N_("Light"),
    "recovery-contrast": N_("High contrast"),
}

# Every custom variable the CSS uses, so a theme file without one never breaks the CSS.
VARIABLE_DEFAULTS = {
    "step-back": "#a9b4c2",
    "step-up": "#8fbf8f",
    "voice-client": "#d9b779",
}


def themes_dir() -> Path:
    """themes/ inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "themes", package.parent.parent / "themes"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("themes")


def theme_label(name: str) -> str:
    label = LABELS.get(name)
    return _(label) if label else name.removeprefix("recovery-")


def load_themes() -> list[Theme]:
    themes = []
    for path in sorted(themes_dir().glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        variables = {**VARIABLE_DEFAULTS, **data.pop("variables", {})}
        themes.append(Theme(**data, variables=variables))
    return themes
