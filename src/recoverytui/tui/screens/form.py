"""A modal form: fields checked by the core's own rules, errors shown next to the field.

A form never loses what was typed: a refused value leaves the form open with every field as
it was, and the error under the field it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from recoverytui.core.documents import VOICES, voice_words
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _
from recoverytui.tui.text import editable, shown
from recoverytui.tui.widgets.buttons import ValueButtons


@dataclass
class Field:
    name: str
    label: str
    value: str = ""
    # A core function that raises a PlanError with words for the person if the value can't
    # be used: the same one the plan operation checks it with (core/fields.py).
    check: Callable[[str], Any] | None = None
    # Empty means "not given" (today, as it is): nothing to check; save reads it with given().
    optional: bool = False
    multiline: bool = False
    placeholder: str = ""
    hint: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # Words shown and the value each stands for: picked from a list rather than typed, so a
    # mouse alone can fill the field. One is picked (a Select; "" for none when optional), or
    # with `many` any number are ticked (a SelectionList; the values joined by ",").
    choices: list[tuple[str, str]] | None = None
    many: bool = False
    # With `many`: at least one must be ticked (which parts a consent covers).
    at_least_one: bool = False
    # Words and the value each stands for, as buttons under a typed field: a click types the
    # value, so the mouse alone can give it and the keys still can.
    buttons: list[tuple[str, str]] | None = None


def given(value: str) -> str | None:
    """What a field says, or None when it was left empty."""
    return value.strip() or None


def show_error(where: Static, message: str) -> None:
    """An error line takes room only while it has something to say."""
    where.update(shown(message))
    where.display = bool(message)


class FormButtons(Horizontal):
    """Save and Cancel, docked at the form's foot and last in the Tab order.

    Textual orders focus by where a widget is drawn (Widget._focus_sort_key, since
    Textualize/textual#638), so docked buttons came before the fields scrolled out of sight
    in a long form: Tab went to Save halfway. This can go when Textual orders docked
    widgets by their place in the DOM."""

    @property
    def _focus_sort_key(self) -> tuple[int, int]:
        return (2**31, 0)


class FormScreen(ModalScreen[Any]):
    """Subclasses give a title, fields and `save(values, voice)`; save returns the result."""

    BINDINGS = [
        Binding(
            "escape", "cancel", _("Cancel"), id="form-cancel", tooltip=_("Close without saving.")
        ),
        Binding(
            "ctrl+s",
            "save",
            _("Save"),
            id="form-save",
            priority=True,
            tooltip=_("Save; anything the plan can't take is shown next to its field."),
        ),
        Binding(
            "ctrl+t",
            "next_voice",
            _("Whose words"),
            id="form-voice",
            priority=True,
            tooltip=_("Client, worker or together: whose words these are."),
        ),
    ]

    title_text = ""
    with_voice = True

    def __init__(self, fields: list[Field], *, voice: str = "together") -> None:
        super().__init__()
        self.fields = fields
        self.voice = voice
        self._cancel_asked = False
        self._quit_asked = False

    def compose(self) -> ComposeResult:
        # Imported here: the session's first paint would otherwise wait for it.
        from textual.widgets import TextArea

        with VerticalScroll(classes="form"):
            yield Static(shown(self.title_text), classes="form-title")
            for spec in self.fields:
                yield Label(shown(spec.label), classes="field-label")
                if spec.choices is not None:
                    yield _choice(spec)
                elif spec.multiline:
                    area = TextArea(
                        editable(spec.value), id=f"field-{spec.name}", soft_wrap=True, compact=True
                    )
                    area.styles.height = 3
                    yield area
                else:
                    typed = Input(
                        editable(spec.value),
                        placeholder=spec.placeholder,
                        id=f"field-{spec.name}",
                        compact=True,
                    )
                    yield typed
                    if spec.buttons:
                        yield ValueButtons(spec.buttons, typed, id=f"pick-{spec.name}")
                if spec.hint:
                    yield Static(shown(spec.hint), classes="field-hint")
                yield Static("", id=f"error-{spec.name}", classes="field-error")
            yield Static("", id="error-form", classes="field-error")
            with FormButtons(classes="form-buttons"):
                if self.with_voice:
                    yield Button(self._voice_label(), id="voice", tooltip=_("Ctrl+T"), compact=True)
                yield Button(
                    _("Save"), id="save", variant="primary", tooltip=_("Ctrl+S"), compact=True
                )
                yield Button(_("Cancel"), id="cancel", tooltip=_("Esc"), compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()

    def _voice_label(self) -> str:
        return _("Whose words: {voice}").format(voice=voice_words(self.voice))

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        from textual.widgets import Select, SelectionList

        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, SelectionList):
                ticked = set(widget.selected)
                found[spec.name] = ",".join(v for _w, v in spec.choices or [] if v in ticked)
            elif isinstance(widget, Select):
                found[spec.name] = "" if widget.value is Select.NULL else str(widget.value)
            else:
                found[spec.name] = widget.value if isinstance(widget, Input) else widget.text
        return found

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A form without whose words (a date, a status) doesn't offer the key for it.
        return self.with_voice or action != "next_voice"

    def action_next_voice(self) -> None:
        if not self.with_voice:
            return
        self.voice = VOICES[(VOICES.index(self.voice) + 1) % len(VOICES)]
        self.query_one("#voice", Button).label = self._voice_label()

    def before_quit(self) -> bool:
        """Ctrl+Q with something typed asks once, like Esc."""
        if self._typed() and not self._quit_asked:
            self._quit_asked = True
            show_error(
                self.query_one("#error-form", Static),
                _("Press Ctrl+Q again to quit without saving what you typed."),
            )
            return False
        return True

    def _typed(self) -> bool:
        return any(self.values()[spec.name] != spec.value for spec in self.fields)

    def action_cancel(self) -> None:
        """Esc closes the form; with something typed, it asks once before throwing it away."""
        if self._typed() and not self._cancel_asked:
            self._cancel_asked = True
            show_error(
                self.query_one("#error-form", Static),
                _("Press Esc again to close without saving what you typed."),
            )
            return
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()
        elif event.button.id == "voice":
            self.action_next_voice()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        self._cancel_asked = False
        values = self.values()
        first_wrong = None
        for spec in self.fields:
            message = ""
            if _unchosen(spec, values[spec.name]):
                message = _("Tick at least one.") if spec.many else _("Choose one.")
                first_wrong = first_wrong or spec.name
            elif spec.check is not None and not (
                spec.optional and given(values[spec.name]) is None
            ):
                try:
                    spec.check(values[spec.name])
                except PlanError as error:
                    message = str(error)
                    first_wrong = first_wrong or spec.name
            show_error(self.query_one(f"#error-{spec.name}", Static), message)
        form_error = self.query_one("#error-form", Static)
        show_error(form_error, "")
        if first_wrong:
            self.query_one(f"#field-{first_wrong}").focus()
            # The error is under its field: on a short screen it may be past the bottom.
            self.call_after_refresh(self.query_one(f"#error-{first_wrong}").scroll_visible)
            return
        try:
            result = self.save(values, self.voice)
        except PlanError as error:
            show_error(form_error, str(error))
            self.call_after_refresh(form_error.scroll_visible)
            return
        self.dismiss(result)

    def save(self, values: dict[str, str], voice: str) -> Any:
        raise NotImplementedError


def _unchosen(spec: Field, value: str) -> bool:
    """A list that must have one picked, left on its blank (it starts there when nothing was
    picked before, rather than on its first entry, so nothing is chosen for the person), or
    one that needs a tick with none."""
    if spec.choices is None or value:
        return False
    return spec.at_least_one if spec.many else not spec.optional


def _choice(spec: Field) -> Any:
    """A field picked from a list: the words are shown as Content, never run as markup."""
    from textual.widgets import Select, SelectionList
    from textual.widgets.selection_list import Selection

    choices = spec.choices or []
    if spec.many:
        ticked = set(spec.value.split(","))
        return SelectionList[str](
            *(Selection(shown(words), value, value in ticked) for words, value in choices),
            id=f"field-{spec.name}",
            compact=True,
        )
    values = [value for _w, value in choices]
    return Select[str](
        [(shown(words), value) for words, value in choices],
        prompt=spec.placeholder or _("none"),
        allow_blank=spec.optional or spec.value not in values,
        value=spec.value if spec.value in values else Select.NULL,
        id=f"field-{spec.name}",
        compact=True,
    )
