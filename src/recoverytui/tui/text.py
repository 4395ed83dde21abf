"""The only way user text reaches a widget: as Content or Text, never parsed as markup."""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

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


# Where a line's text starts after its indent and its mark: a number, a box, an arrow.
_HANG = re.compile(r" *(?:(?:\d+\.|\[[ x]\]|[▶•·–-]) +(?:\d+\. +)?)?")


def hanging(line: Content, width: int) -> list[Content]:
    """`line` wrapped to `width` cells, the lines after the first under its text rather than
    under its number or its indent."""
    plain = line.plain
    if width <= 0 or cell_len(plain) <= width:
        return [line]
    hang = _HANG.match(plain).end()  # type: ignore[union-attr]  # the pattern matches ""
    if hang > width // 2:
        hang = len(plain) - len(plain.lstrip(" "))
    hang = min(hang, width // 2)
    pieces: list[Content] = []
    start = 0
    while start < len(plain):
        room = width - (hang if pieces else 0)
        end, used = start, 0
        while end < len(plain) and used + cell_len(plain[end]) <= room:
            used += cell_len(plain[end])
            end += 1
        if end < len(plain):
            space = plain.rfind(" ", start, end + 1)
            if space > start + (0 if pieces else hang):
                end = space
        piece = line[start:end]
        pieces.append(Content(" " * hang) + piece if pieces else piece)
        start = end
        while start < len(plain) and plain[start] == " ":
            start += 1
    return pieces


class Hanging(Static):
    """A Static for lists and details: a wrapped line keeps its indent. Words given as str
    are shown as they are, never as markup."""

    _words = Content("")

    def update(self, content: object = "", *, layout: bool = True) -> None:
        self._words = content if isinstance(content, Content) else shown(content)
        self._wrap(layout)

    def _wrap(self, layout: bool = True) -> None:
        width = self.content_region.width
        lines = [
            piece
            for line in self._words.split("\n", allow_blank=True)
            for piece in hanging(line, width)
        ]
        super().update(Content("\n").join(lines), layout=layout)

    def on_resize(self, _event: events.Resize) -> None:
        self._wrap()
