"""The only way user text reaches a widget: as Content or Text, never parsed as markup."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.content import Content
from textual.widget import Widget

from recoverytui.core.text import one_line, safe


def shown(text: object) -> Content:
    """Text a person typed, for Static, Label, notify and the like: shown, never run."""
    return Content(safe("" if text is None else text))


def cell(text: object) -> Text:
    """Text a person typed, for a DataTable cell (which would read a plain str as markup)."""
    return Text(one_line("" if text is None else text), no_wrap=True, overflow="ellipsis")


def editable(text: object) -> str:
    """Text a person typed, to start a field with: Input and TextArea draw their value as it
    is, so a control character read from the file would reach the terminal. Saving it back
    keeps U+FFFD where the control character was."""
    return safe("" if text is None else text)


def tell(node: Widget, text: object, **options: Any) -> None:
    """A notice of words that may hold a person's text, shown and never run as markup."""
    # Textual shows Content as it is; its annotation only says str.
    node.notify(shown(text), **options)  # type: ignore[arg-type]
