"""The weekly review: a guided walk through the week, one card at a time.

Goals first (progress 0–4 and a note in the client's words), then the ladder, then open
needs, then the crisis plan's early warning signs noticed this week (when it has any), then
the client's own words about the week and how much hope they feel, ending with
the small steps agreed for next week. Each card is saved as it is left, and the stage is
kept in the week's review, so the walk can be left and picked up where it was.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Static, TextArea

from recoverytui.core import dates, fields
from recoverytui.core.documents import HOPE, MOVES, VOICES, rating_words, voice_label
from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _
from recoverytui.core.needs import has_open_action, is_open
from recoverytui.core.reviews import latest_agreed
from recoverytui.core.road import best_per_week, last_weeks
from recoverytui.tui.plan_access import PlanAccess
from recoverytui.tui.screens.form import given, show_error
from recoverytui.tui.screens.forms.checkin_form import new_note, progress_buttons
from recoverytui.tui.text import cell, editable, shown
from recoverytui.tui.widgets.buttons import ValueButtons
from recoverytui.tui.widgets.charts import week_chart
from recoverytui.tui.widgets.ladder_view import ladder_drawing
from recoverytui.tui.widgets.pane import TABLE_MARGIN, Column, show_rows

Card = tuple[str, dict[str, Any] | None]


class FieldError(PlanError):
    """A refused value, with the card's field it came from, so focus can go there."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def checked(field: str, check: Any, value: str) -> Any:
    """The core's check of a card's field; a refusal names the field it came from."""
    try:
        return check(value)
    except PlanError as error:
        raise FieldError(field, str(error)) from None


def stage_title(stage: str) -> str:
    return {
        "goals": _("Small goals"),
        "ladder": _("Responsibility"),
        "needs": _("Basic needs"),
        "signs": _("Early warning signs"),
        "words": _("The week in your words"),
        "agreed": _("Small steps for next week"),
    }[stage]


class ReviewScreen(Screen[None]):
    # Skip, Back and Whose words stay out of the footer: their buttons on the card name them,
    # and F1 lists their keys.
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save_next",
            _("Save, go on"),
            id="review-next",
            priority=True,
            tooltip=_("Keep what is written here and go to the next card."),
        ),
        Binding(
            "ctrl+n",
            "skip",
            _("Skip"),
            id="review-skip",
            priority=True,
            show=False,
            tooltip=_("Go on without changing anything on this card."),
        ),
        Binding(
            "ctrl+b",
            "back",
            _("Back"),
            id="review-back",
            priority=True,
            show=False,
            tooltip=_("The card before."),
        ),
        Binding(
            "ctrl+t",
            "next_voice",
            _("Whose words"),
            id="review-voice",
            priority=True,
            show=False,
            tooltip=_("Client, worker or together: whose words the note is."),
        ),
        Binding(
            "delete",
            "take_out",
            _("Take out"),
            id="review-take-out",
            show=False,
            tooltip=_("Take the highlighted step for next week off the list."),
        ),
        Binding(
            "escape",
            "pause",
            _("Pause"),
            id="review-pause",
            tooltip=_("Leave the review; it goes on from here next time."),
        ),
    ]

    def __init__(self, access: PlanAccess) -> None:
        super().__init__()
        self.access = access
        self.week = dates.week_key(dates.today())
        self.voice = "client"
        self.cards: list[Card] = []
        self.index = 0
        # Esc or Ctrl+Q on a card the plan can't take asked once; the second one leaves.
        self._leave_asked = False
        self._quit_asked = False
        self._needs_order: list[int] = []
        # The step for next week taken out last, to be put back by a click.
        self._taken_out: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="review-header")
        with VerticalScroll(id="review-body"):
            yield Vertical(id="card")
            yield Static("", id="card-error", classes="field-error")
        with Horizontal(id="review-buttons"):
            yield Button(_("Back"), id="back", compact=True, tooltip=_("Ctrl+B"))
            yield Button(_("Skip"), id="skip", compact=True, tooltip=_("Ctrl+N"))
            yield Button(
                _("Save, go on"), id="next", variant="primary", compact=True, tooltip=_("Ctrl+S")
            )
            yield Button("", id="voice", compact=True, tooltip=_("Ctrl+T"))
            yield Button(_("Pause"), id="pause", compact=True, tooltip=_("Esc"))
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        review = self.access.change(lambda plan: plan.open_review(self.week))
        whole = self.access.whole or {}
        self.cards = [("goals", g) for g in whole.get("goals", []) if g["status"] == "active"]
        self.cards += [("ladder", a) for a in whole.get("areas", [])]
        self.cards.append(("needs", None))
        if whole.get("crisis", {}).get("signs"):
            self.cards.append(("signs", None))
        self.cards += [("words", None), ("agreed", None)]
        stage, place = review.get("stage", "goals"), review.get("place")
        if stage == "done":
            stage, place = "agreed", None
        at_stage = [i for i, (kind, _d) in enumerate(self.cards) if kind == stage] or [0]
        exact = [i for i in at_stage if self._place(i) == place]
        self.index = (exact or at_stage)[0]
        await self.show_card()

    def _place(self, index: int) -> str:
        """What the walk's mark names for a card: the goal's or area's id, or the stage."""
        kind, doc = self.cards[index]
        return doc["id"] if doc else kind

    # Drawing one card ----------------------------------------------------------------------

    @property
    def whole(self) -> dict[str, Any]:
        return self.access.whole or {}

    def review(self) -> dict[str, Any]:
        return next((r for r in self.whole.get("reviews", []) if r["week"] == self.week), {})

    async def show_card(self) -> None:
        kind, doc = self.cards[self.index]
        self._leave_asked = self._quit_asked = False
        self.voice = "client"  # each card starts in the client's words
        header = _("Weekly review · {week} · {part} ({at} of {count})").format(
            week=dates.week_in_words(self.week),
            part=stage_title(kind),
            at=self.index + 1,
            count=len(self.cards),
        )
        self.query_one("#review-header", Static).update(shown(header))
        show_error(self.query_one("#card-error", Static), "")
        self._label_voice()
        card = self.query_one("#card", Vertical)
        await card.remove_children()
        await card.mount_all(list(getattr(self, f"_card_{kind}")(doc)))
        # Whose words matters where words are written.
        self.query_one("#voice", Button).display = bool(card.query(TextArea))
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        card = self.query_one("#card", Vertical)
        found = card.query("Input, TextArea") or card.query("DataTable")
        if found:
            found.first().focus()

    def _today_checkin(self, goal: dict[str, Any]) -> dict[str, Any] | None:
        today = dates.today().isoformat()
        return next(
            (
                c
                for c in self.whole.get("checkins", [])
                if c["goal_id"] == goal["id"] and c["date"] == today
            ),
            None,
        )

    def _card_goals(self, goal: dict[str, Any]) -> list[Any]:
        checkins = [c for c in self.whole.get("checkins", []) if c["goal_id"] == goal["id"]]
        # Today's check-in, if there is one, is shown to be changed rather than typed again.
        today = self._today_checkin(goal) or {}
        progress = "" if today.get("progress") is None else str(today["progress"])
        typed = Input(progress, id="progress", compact=True, placeholder="0–4")
        return [
            Static(shown(f"{goal['number']}. {goal['title']}"), classes="form-title"),
            Static(shown(week_chart(best_per_week(checkins), last_weeks(dates.today(), 8), 4))),
            Static(shown(_("How far this week? (0–4)")), classes="field-label"),
            typed,
            ValueButtons(progress_buttons(), typed, id="pick-progress"),
            Static(shown(_("A note, in the client's words")), classes="field-label"),
            TextArea(editable(today.get("note")), id="note", compact=True, soft_wrap=True),
        ]

    def _card_ladder(self, area: dict[str, Any]) -> list[Any]:
        lines = [ladder_drawing(area)]
        if area.get("next"):
            lines.append(_("Next step: {next}").format(next=area["next"]))
        today = dates.today().isoformat()
        for move in area["history"]:
            if move["date"] == today and move["move"] in MOVES:
                moved = (
                    _("Moved today: up to {to}")
                    if move["move"] == "up"
                    else _("Moved today: stepped back to {to}")
                )
                lines.append(moved.format(to=move["to"]))
        typed = Input(id="move", compact=True, placeholder=_("up / back / (empty)"))
        moves = [(_("Step up"), "up"), (_("Step back"), "back")]
        return [
            Static(shown("\n".join(lines))),
            Static(
                shown(_("Type up, back, or leave it empty for 'stays where it is'.")),
                classes="field-label",
            ),
            typed,
            ValueButtons(moves, typed, id="pick-move"),
            Static(shown(_("A few words about it")), classes="field-label"),
            TextArea(id="note", compact=True, soft_wrap=True),
            Static(
                shown(_("The next step agreed (kept as it is unless you change it)")),
                classes="field-label",
            ),
            Input(editable(area.get("next")), id="next-step", compact=True),
        ]

    def _room(self) -> int:
        """The width a card's table has: the screen's, less the body's padding and a
        scrollbar."""
        return self.app.size.width - TABLE_MARGIN

    def _card_needs(self, _doc: None) -> list[Any]:
        table = DataTable(id="open-needs", cursor_type="row")
        rows = []
        # One marked done today stays in sight, so a click can take it back; and the rows keep
        # the order they were first shown in, so a second click finds the same need.
        today = dates.today().isoformat()
        shown_needs = [
            i for i in self.whole.get("needs", []) if is_open(i) or i.get("action_done") == today
        ]
        order = self._needs_order = self._needs_order or [i["number"] for i in shown_needs]
        shown_needs.sort(key=lambda i: order.index(i["number"]) if i["number"] in order else 1e9)
        for item in shown_needs:
            action = item["action"] or "-"
            if item["action_done"]:
                # Done first, so a narrowed column still says it.
                action = _("done: {action}").format(action=action)
            cells = [
                cell(item["number"]),
                cell(rating_words(item["client_rating"])),
                cell(rating_words(item["worker_rating"])),
                cell(action),
                cell(item["name"]),
            ]
            rows.append((item["number"], cells))
        columns = (
            Column("#"),
            Column(_("Client says")),
            Column(_("Worker says")),
            Column(_("Action"), least=12),
            Column(_("Need"), least=14),
        )
        show_rows(table, columns, rows, self._room())
        return [
            Static(
                shown(
                    _(
                        "Open needs. Enter, or a click on the marked row, marks the agreed "
                        "action done, or open again; rate them under Needs (key 5)."
                    )
                )
            ),
            table,
        ]

    def _card_signs(self, _doc: None) -> list[Any]:
        noticed = set(self.review().get("signs", []))
        table: DataTable[Any] = DataTable(id="noticed-signs", cursor_type="row")
        rows = [
            (
                sign["number"],
                [
                    cell("✓ " + _("yes") if sign["number"] in noticed else "-"),
                    cell(sign["number"]),
                    cell(sign["text"]),
                ],
            )
            for sign in self.whole.get("crisis", {}).get("signs", [])
        ]
        columns = (Column(_("Noticed")), Column("#"), Column(_("Early warning sign"), least=20))
        show_rows(table, columns, rows, self._room())
        return [
            Static(
                shown(_("Did you notice any of your early signs this week?")),
                classes="form-title",
            ),
            Static(
                shown(
                    _("Enter, or a click on the marked row, ticks a sign or takes the tick away.")
                )
            ),
            table,
        ]

    def _card_words(self, _doc: None) -> list[Any]:
        review = self.review()
        hope = review.get("hope")
        typed = Input(
            "" if hope is None else str(hope), id="hope", compact=True, placeholder="0–10"
        )
        return [
            Static(shown(_("How was the week, in the client's own words?")), classes="field-label"),
            TextArea(editable(review.get("words")), id="words", compact=True, soft_wrap=True),
            Static(
                shown(_("How much hope do you feel for the future, 0–10? (optional)")),
                classes="field-label",
            ),
            typed,
            ValueButtons([(str(n), str(n)) for n in HOPE], typed, id="pick-hope"),
        ]

    def _card_agreed(self, _doc: None) -> list[Any]:
        before, week_before = latest_agreed(self.whole.get("reviews", []), self.week)
        widgets: list[Any] = []
        if before:
            widgets.append(
                Static(
                    shown(
                        _(
                            "Agreed in week {week} (Enter or a click marks one as done, "
                            "or takes it back):"
                        ).format(week=str(week_before).split("W")[1])
                    )
                )
            )
            table = DataTable(id="agreed-before", cursor_type="row")
            rows = [
                (f"{week_before}/{step['number']}", [cell(step["done"] or "-"), cell(step["text"])])
                for step in before
            ]
            columns = (Column(_("Done")), Column(_("Small step"), least=20))
            show_rows(table, columns, rows, self._room())
            widgets.append(table)
        agreed = self.review().get("agreed", [])
        widgets.append(Static(shown(_("Small steps for next week:"))))
        if agreed:
            table = DataTable(id="agreed-now", cursor_type="row")
            rows = [(step["number"], [cell(step["number"]), cell(step["text"])]) for step in agreed]
            show_rows(table, (Column("#"), Column(_("Small step"), least=20)), rows, self._room())
            widgets += [
                table,
                Button(
                    _("Take out the highlighted step"),
                    id="take-out",
                    compact=True,
                    tooltip=_("Delete, on the list"),
                ),
            ]
        else:
            widgets.append(Static(shown(_("  none yet"))))
        if self._taken_out:
            widgets.append(
                Button(
                    shown(_("Put back: {step}").format(step=self._taken_out)),
                    id="put-back",
                    compact=True,
                    tooltip=_("The step taken out a moment ago goes back on the list."),
                )
            )
        return [
            *widgets,
            Static(shown(_("A small step for next week (Enter adds it)")), classes="field-label"),
            Input(id="agree", compact=True),
        ]

    async def action_take_out(self) -> None:
        """Take a mistaken step for next week off the list again."""
        found = self.query("#agreed-now")
        if not found:
            return
        table = found.first(DataTable)
        if not table.row_count:
            return
        number = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        step = next(s for s in self.review()["agreed"] if str(s["number"]) == number)
        self.access.change(lambda plan: plan.remove_agreed_step(self.week, int(str(number))))
        self._taken_out = step["text"]
        await self.show_card()

    async def put_back(self) -> None:
        """A step taken out by mistake goes back on the list (at its end)."""
        words, self._taken_out = self._taken_out, None
        if words:
            self.access.change(lambda plan: plan.record_review(self.week, agree=[words]))
        await self.show_card()

    # Saving and moving ---------------------------------------------------------------------

    def _value(self, selector: str) -> str:
        widget = self.query_one(selector)
        return widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]

    def save_card(self) -> None:
        """Save what the card holds. A value the plan can't take raises FieldError naming
        the field it came from, checked by the core's own rules before anything is written."""
        kind, doc = self.cards[self.index]
        change = self.access.change
        if kind == "goals" and doc is not None:
            note = self._value("#note")
            if given(self._value("#progress")) or given(note):
                progress = checked("#progress", fields.progress, self._value("#progress"))
                checked("#note", fields.note, note)
                note_now = new_note(note, self._today_checkin(doc))
                change(
                    lambda plan: plan.check_in(
                        doc["number"], progress, note=note_now, voice=self.voice
                    )
                )
        elif kind == "ladder" and doc is not None:
            move = given(self._value("#move"))
            if move is not None:
                checked("#move", fields.move, move)
            checked("#note", fields.note, self._value("#note"))
            checked("#next-step", fields.next_step, self._value("#next-step"))
            if move is not None:
                change(
                    lambda plan: plan.move(
                        doc["number"],
                        move,
                        note=self._value("#note"),
                        next_step=self._value("#next-step"),
                        voice=self.voice,
                    )
                )
            else:
                # The same next step again writes nothing.
                change(
                    lambda plan: plan.set_area(doc["number"], next_step=self._value("#next-step"))
                )
        elif kind == "words":
            checked("#words", fields.week_words, self._value("#words"))
            hope = checked("#hope", fields.hope, self._value("#hope"))
            change(
                lambda plan: plan.record_review(
                    self.week, words=self._value("#words"), hope=hope, voice=self.voice
                )
            )
        elif kind == "agreed":
            self._add_agreed()

    def _add_agreed(self) -> None:
        words = given(self._value("#agree"))
        if words is not None:
            self.access.change(lambda plan: plan.record_review(self.week, agree=[words]))

    async def go(self, step: int, *, save: bool) -> None:
        if save and not self.try_save():
            return
        target = self.index + step
        if target >= len(self.cards):
            self.access.change(lambda plan: plan.record_review(self.week, stage="done"))
            self.notify(
                shown(
                    _("The review for {week} is saved.").format(week=dates.week_in_words(self.week))
                )
            )
            self.dismiss(None)
            return
        self.index = max(0, target)
        self._taken_out = None
        stage, place = self.cards[self.index][0], self._place(self.index)
        self.access.change(lambda plan: plan.record_review(self.week, stage=stage, place=place))
        await self.show_card()

    def try_save(self, *, then: str = "") -> bool:
        """Save the card; on a refused value say why (and `then`, what another press does)
        and put the cursor where to mend it."""
        try:
            self.save_card()
        except PlanError as error:
            show_error(self.query_one("#card-error", Static), f"{error}\n{then}".strip())
            if isinstance(error, FieldError):
                self.query_one(error.field).focus()
            return False
        return True

    async def action_save_next(self) -> None:
        await self.go(+1, save=True)

    async def action_skip(self) -> None:
        await self.go(+1, save=False)

    async def action_back(self) -> None:
        await self.go(-1, save=True)

    def action_pause(self) -> None:
        """Leave the review, keeping what was typed on this card. A value the plan can't
        take asks once; a second Esc (or Pause) leaves without this card's typing."""
        ask = _("Press Esc again (or Pause) to leave without saving this card.")
        if self.try_save(then=ask) or self._leave_asked:
            self.dismiss(None)
            return
        self._leave_asked = True

    def before_quit(self) -> bool:
        """Ctrl+Q keeps what this card says, or asks once, like Esc."""
        ask = _("Press Ctrl+Q again to quit without saving this card.")
        if self.try_save(then=ask) or self._quit_asked:
            return True
        self._quit_asked = True
        return False

    def action_next_voice(self) -> None:
        self.voice = VOICES[(VOICES.index(self.voice) + 1) % len(VOICES)]
        self._label_voice()

    def _label_voice(self) -> None:
        button = self.query_one("#voice", Button)
        button.label = _("Voice: {voice}").format(voice=voice_label(self.voice))
        # A longer word (together) needs the row laid out again, or it wraps out of sight.
        button.refresh(layout=True)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "back": self.action_back,
            "skip": self.action_skip,
            "next": self.action_save_next,
            "pause": self.action_pause,
            "voice": self.action_next_voice,
            "take-out": self.action_take_out,
            "put-back": self.put_back,
        }
        result = actions[str(event.button.id)]()
        if result is not None:
            await result

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "agree":
            try:
                self._add_agreed()
            except PlanError as error:
                show_error(self.query_one("#card-error", Static), str(error))
                return
            await self.show_card()
        else:
            await self.action_save_next()

    def _agreed_done(self, week: str, number: int) -> bool:
        found: dict[str, Any] = next(
            (r for r in self.whole.get("reviews", []) if r["week"] == week), {}
        )
        return any(s["number"] == number and s["done"] for s in found.get("agreed", []))

    async def _redraw_on(self, table_id: str, row: int) -> None:
        """Show the card again, staying on that list and row, to mark the next or look again."""
        await self.show_card()
        table = self.query_one(table_id, DataTable)
        table.focus()
        table.move_cursor(row=row)

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "agreed-before":
            week, number = str(event.row_key.value).split("/")
            # A step marked done is taken back by the same click.
            done = self._agreed_done(week, int(number))
            try:
                self.access.change(
                    lambda plan: plan.set_agreed_step(
                        week, int(number), done="undo" if done else dates.today()
                    )
                )
            except PlanError as error:
                show_error(self.query_one("#card-error", Static), str(error))
                return
            await self._redraw_on("#agreed-before", event.cursor_row)
            return
        if event.data_table.id == "noticed-signs":
            sign = int(str(event.row_key.value))
            noticed = set(self.review().get("signs", [])) ^ {sign}
            self.access.change(lambda plan: plan.record_review(self.week, signs=noticed))
            await self._redraw_on("#noticed-signs", event.cursor_row)
            return
        if event.data_table.id != "open-needs":
            return
        number = str(event.row_key.value)
        item = next(i for i in self.whole.get("needs", []) if str(i["number"]) == number)
        if not item["action"]:
            show_error(self.query_one("#card-error", Static), _("No agreed action on this need."))
            return
        # Marked done again takes it back: a click by mistake is mended by another.
        done = has_open_action(item)
        self.access.change(
            lambda plan: plan.rate_need(item["number"], action_done=done, reopen=not done)
        )
        await self.show_card()
        # The cursor stays on the need just marked, so a second Enter can't mark the next one.
        table = self.query_one("#open-needs", DataTable)
        table.move_cursor(row=table.get_row_index(number))
