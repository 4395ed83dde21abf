"""A modal form: fields checked by the core's own rules, errors shown next to the field.

A form never loses what was typed: a refused value leaves the form open with every field as
it was, and the error under the field it belongs to. When the entry was changed elsewhere
while the form was open, the form shows both versions, field by field, and the two choose
(keep mine, keep what is stored, or merge) before saving against the newer version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from recoverytui.core.documents import VOICES, voice_words
from recoverytui.core.errors import Conflict, PlanError
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
        # The stored document this form edits (empty: it adds one); after a conflict, the
        # newer version, whose revision the next save hands back.
        self.based_on: dict[str, Any] = {}
        # After a conflict: each field that differs, and what was chosen for it (None: not yet).
        self.chosen: dict[str, str | None] = {}
        self._theirs: dict[str, str] = {}
        self._mine: dict[str, str] = {}

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
        """Esc (or Cancel) closes the form; with something typed, it asks once before
        throwing it away, and the Cancel button becomes Discard for a mouse to answer."""
        if self._typed() and not self._cancel_asked:
            self._cancel_asked = True
            form_error = self.query_one("#error-form", Static)
            show_error(form_error, _("Discard what you typed? Press Esc again, or Discard."))
            self.query_one("#cancel", Button).label = _("Discard")
            self.call_after_refresh(form_error.scroll_visible)
            return
        self.dismiss(None)

    def _keep_asking(self) -> None:
        """Typing after the question: a later Esc asks again before throwing that away."""
        if self._cancel_asked:
            self._cancel_asked = False
            show_error(self.query_one("#error-form", Static), "")
            self.query_one("#cancel", Button).label = _("Cancel")

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._keep_asking()

    def on_text_area_changed(self, _event: object) -> None:
        self._keep_asking()

    def on_select_changed(self, _event: object) -> None:
        self._keep_asking()

    def on_selection_list_selected_changed(self, _event: object) -> None:
        self._keep_asking()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        pressed = str(event.button.id)
        if pressed in ("conflict-all-mine", "conflict-all-theirs"):
            for name in list(self.chosen):
                self._choose(name, pressed.rsplit("-", 1)[1])
            return
        if pressed.startswith("conflict-"):
            how, _sep, name = pressed.removeprefix("conflict-").partition("-")
            self._choose(name, how)
            return
        if event.button.id == "save":
            await self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()
        elif event.button.id == "voice":
            self.action_next_voice()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        await self.action_save()

    async def action_save(self) -> None:
        self._keep_asking()
        open_choice = next((name for name, how in self.chosen.items() if how is None), None)
        if open_choice is not None:
            show_error(
                self.query_one("#error-form", Static),
                _("Choose first, for each field above: mine, stored, or merge."),
            )
            button = self.query_one(f"#conflict-mine-{open_choice}", Button)
            button.focus()
            self.call_after_refresh(button.scroll_visible)
            return
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
        except Conflict as error:
            if error.current is not None and await self.show_conflict(error.current):
                return
            show_error(form_error, str(error))
            self.call_after_refresh(form_error.scroll_visible)
            return
        except PlanError as error:
            show_error(form_error, str(error))
            self.call_after_refresh(form_error.scroll_visible)
            return
        self.dismiss(result)

    def save(self, values: dict[str, str], voice: str) -> Any:
        raise NotImplementedError

    def stored_values(self, doc: dict[str, Any]) -> dict[str, str] | None:
        """A stored version of the entry in this form's fields, as text; None for a form that
        can't show one (a conflict is then only said)."""
        return None

    # A change made elsewhere ---------------------------------------------------------------

    async def show_conflict(self, newer: dict[str, Any]) -> bool:
        """Both versions of each field that differs, side by side, with a choice for each.
        A field not touched here takes what is stored at once (still shown, to change)."""
        theirs = self.stored_values(newer)
        if theirs is None:
            return False
        mine = self.values()
        self.based_on, self._theirs, self._mine, self.chosen = newer, theirs, mine, {}
        for spec in self.fields:
            if spec.name not in theirs or mine[spec.name] == theirs[spec.name]:
                continue
            untouched = mine[spec.name] == spec.value
            self.chosen[spec.name] = "theirs" if untouched else None
            if untouched:
                self._set_value(spec, theirs[spec.name])
        for spec in self.fields:  # what "typed here" means from now on
            spec.value = theirs.get(spec.name, spec.value)
        await self.query("#conflict").remove()
        box = Vertical(*self._conflict_widgets(), id="conflict")
        await self.query_one(".form", VerticalScroll).mount(box, after=".form-title")
        for name in self.chosen:
            self._show_choice(name)
        buttons = box.query(Button)
        if buttons:
            buttons.first().focus()
        self.call_after_refresh(box.scroll_visible, top=True)
        return True

    def _conflict_widgets(self) -> list[Any]:
        found: list[Any] = []
        if not self.chosen:
            found.append(Static(shown(_(
                "This entry was changed elsewhere while the form was open, but not in what "
                "the form shows. Ctrl+S saves what is here on top of it."
            )), classes="conflict-intro"))  # fmt: skip
            return found
        found.append(Static(shown(_(
            "This entry was changed elsewhere while the form was open. For each field that "
            "differs: keep yours, keep what is stored now, or merge the two and edit. Then "
            "Ctrl+S saves."
        )), classes="conflict-intro"))  # fmt: skip
        found.append(
            Horizontal(
                Button(_("All mine"), id="conflict-all-mine", compact=True,
                       tooltip=_("Keep what was typed here in every field.")),
                Button(_("All stored"), id="conflict-all-theirs", compact=True,
                       tooltip=_("Take what is stored now in every field.")),
                classes="conflict-buttons",
            )
        )  # fmt: skip
        for spec in self.fields:
            if spec.name not in self.chosen:
                continue
            mine, theirs = self._mine[spec.name], self._theirs[spec.name]
            buttons = [
                Button(_("Keep mine"), id=f"conflict-mine-{spec.name}", compact=True,
                       tooltip=_("What was typed here.")),
                Button(_("Keep stored"), id=f"conflict-theirs-{spec.name}", compact=True,
                       tooltip=_("What is stored now.")),
            ]  # fmt: skip
            if spec.choices is None:  # a choice from a list has nothing to merge
                buttons.append(
                    Button(_("Merge"), id=f"conflict-merge-{spec.name}", compact=True,
                           tooltip=_("Both in the field, to make one of them."))
                )  # fmt: skip
            found.append(
                Vertical(
                    Label(shown(spec.label), classes="field-label"),
                    Horizontal(
                        Static(shown(_("Typed here:") + "\n" + (self._words(spec, mine) or "-")),
                               classes="conflict-mine"),
                        Static(shown(_("Stored now:") + "\n" + (self._words(spec, theirs) or "-")),
                               classes="conflict-theirs"),
                        classes="conflict-versions",
                    ),
                    Horizontal(*buttons, classes="conflict-buttons"),
                    Static("", id=f"conflict-chosen-{spec.name}"),
                    id=f"conflict-{spec.name}",
                    classes="conflict-field",
                )
            )  # fmt: skip
        return found

    @staticmethod
    def _words(spec: Field, value: str) -> str:
        """A value as the person reads it: a choice by its words."""
        if spec.choices is None:
            return value
        words = dict((v, w) for w, v in spec.choices)
        return ", ".join(words.get(part, part) for part in value.split(",") if part)

    def _choose(self, name: str, how: str) -> None:
        spec = next(s for s in self.fields if s.name == name)
        mine, theirs = self._mine[name], self._theirs[name]
        if how == "merge":
            joined = "\n" if spec.multiline else " / "
            value = joined.join(part for part in (mine, theirs) if part)
        else:
            value = mine if how == "mine" else theirs
        self._set_value(spec, value)
        self.chosen[name] = how
        self._show_choice(name)
        if how == "merge":
            self.query_one(f"#field-{name}").focus()

    def _show_choice(self, name: str) -> None:
        """The chosen button stands out, and the line below says it in words."""
        said = {
            None: _("Not chosen yet."),
            "mine": _("Chosen: what was typed here."),
            "theirs": _("Chosen: what is stored now."),
            "merge": _("Chosen: both, to make one of them."),
        }
        self.query_one(f"#conflict-chosen-{name}", Static).update(shown(said[self.chosen[name]]))
        for how in ("mine", "theirs", "merge"):
            for button in self.query(f"#conflict-{how}-{name}").results(Button):
                button.variant = "primary" if self.chosen.get(name) == how else "default"

    def _set_value(self, spec: Field, value: str) -> None:
        from textual.widgets import Select, SelectionList, TextArea

        widget = self.query_one(f"#field-{spec.name}")
        if isinstance(widget, SelectionList):
            widget.deselect_all()
            for part in value.split(","):
                if part:
                    widget.select(part)
        elif isinstance(widget, Select):
            widget.value = value if value else Select.NULL
        elif isinstance(widget, TextArea):
            widget.text = editable(value)
        elif isinstance(widget, Input):
            widget.value = editable(value)


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
