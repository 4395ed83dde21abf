"""Buttons for the mouse: values to pick with a click, and a section's actions.

Neither takes focus: the keyboard keeps its own way (typing the value, the section's keys),
and Tab doesn't stop on a row of buttons it never needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Button, Input

from recoverytui.core.i18n import _
from recoverytui.core.text import fold
from recoverytui.tui.text import shown

if TYPE_CHECKING:
    from textual._arrange import DockArrangeResult

CHOSEN = "✓ "


class ClickButton(Button, can_focus=False):
    def __init__(
        self,
        label: str,
        *,
        value: str = "",
        tooltip: str | None = None,
        tick: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(shown(label), compact=True, tooltip=tooltip, **kw)
        self.words = label
        self.value = value
        self.tick = tick  # room kept for the mark of the one chosen

    @property
    def width_needed(self) -> int:
        return cell_len((CHOSEN if self.tick else "") + self.words) + 2  # line-pad each side


class FlowButtons(Container):
    """Buttons in as many columns as the width holds: they wrap rather than being cut."""

    DEFAULT_CSS = """
    FlowButtons {
        layout: grid;
        grid-size: 1;
        grid-columns: auto;
        grid-gutter: 0 1;
        height: auto;
    }
    FlowButtons > Button {
        width: auto;
        min-width: 0;
        padding: 0;
    }
    """

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        # The columns are fitted as the buttons are laid out, not after the first paint: a
        # form that is centred would otherwise jump when its height changes.
        columns = self._columns(size.width)
        if size.width and self.styles.grid_size_columns != columns:
            self.styles.grid_size_columns = columns
            self._clear_arrangement_cache()
        return super().arrange(size, optimal)

    def _columns(self, width: int) -> int:
        widths = [b.width_needed for b in self.query_children(ClickButton)]
        for n in range(len(widths), 0, -1):
            needed = [max(widths[i::n]) for i in range(n)]
            if sum(needed) + n - 1 <= width:
                return n
        return 1


class ValueButtons(FlowButtons):
    """The values of a typed field as labelled buttons: a click types the value for the
    person, the one chosen is marked with a tick (not colour alone), and a click on the chosen
    one takes it back, leaving the field empty as before."""

    def __init__(self, choices: Iterable[tuple[str, str]], field: Input, **kw: Any) -> None:
        super().__init__(**kw)
        self.choices = list(choices)
        self.field = field

    def compose(self) -> ComposeResult:
        for index, (words, value) in enumerate(self.choices):
            # Found by its value (pick-progress-4), or by its place when the value is words.
            name = value if re.fullmatch(r"[\w-]+", value, re.ASCII) else str(index)
            yield ClickButton(
                words,
                value=value,
                tick=True,
                tooltip=_("Click again to take it back."),
                id=f"{self.id}-{name}" if self.id else None,
            )

    def on_mount(self) -> None:
        self.watch(self.field, "value", self._show_chosen)

    def _show_chosen(self, typed: str) -> None:
        for button in self.query_children(ClickButton):
            chosen = fold(button.value) == fold(typed.strip())
            button.label = shown((CHOSEN if chosen else "") + button.words)
            button.variant = "primary" if chosen else "default"
            # The tick makes the label wider: without a new layout it would be cut.
            button.refresh(layout=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert isinstance(event.button, ClickButton)
        value = event.button.value
        same = fold(self.field.value.strip()) == fold(value)
        self.field.value = "" if same else value


class ActionButtons(FlowButtons):
    """A section's actions as buttons, made from its own bindings: the label is the binding's
    description, the tooltip its tooltip, and a click runs its action on the section."""

    def __init__(self, bindings: Iterable[Binding | tuple[str, ...]], **kw: Any) -> None:
        super().__init__(**kw)
        # The project writes every binding as a Binding (with an id and a tooltip).
        self.bindings = [b for b in bindings if isinstance(b, Binding)]

    def compose(self) -> ComposeResult:
        for binding in self.bindings:
            yield ClickButton(
                binding.description,
                value=binding.action,
                tooltip=binding.tooltip or None,
                id=f"do-{binding.id}" if binding.id else None,
            )

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert isinstance(event.button, ClickButton) and isinstance(self.parent, Widget)
        await self.parent.run_action(event.button.value)
