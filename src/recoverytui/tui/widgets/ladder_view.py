"""The responsibility ladder: each area drawn as five steps, with its recent moves.

A step back is drawn in the same calm way as a step up, with words: never red alone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from recoverytui.core import fields
from recoverytui.core.documents import (
    MOVES,
    STEPS,
    move_words,
    said_by,
    step_picture,
    step_words,
)
from recoverytui.core.i18n import _
from recoverytui.core.ladder import area_ideas
from recoverytui.tui.text import Hanging, cell, shown
from recoverytui.tui.widgets.pane import Column, Doc, PlanPane


def ladder_drawing(area: Doc) -> str:
    """The five steps, top to bottom, with a pointer at the one the area stands on."""
    lines = [area["name"], ""]
    for step in reversed(STEPS):
        here = "▶" if step == area["step"] else " "
        lines.append(f" {here} {step}  {step_words(step)}")
    return "\n".join(lines)


class LadderPane(PlanPane):
    entries = "areas"
    columns = (
        Column("#"),
        Column(_("Step")),
        Column(_("Now"), least=12),
        Column(_("Area"), least=16),
    )
    BINDINGS = [
        Binding(
            "a",
            "add",
            _("Add"),
            id="area-add",
            tooltip=_("Put an everyday task on the ladder."),
        ),
        Binding(
            "u",
            "step_up",
            _("Step up"),
            id="area-step-up",
            tooltip=_("One step more on the client's own."),
        ),
        Binding(
            "b",
            "step_back",
            _("Step back"),
            id="area-step-back",
            tooltip=_("One step back toward more help. Part of the road."),
        ),
        Binding(
            "e",
            "edit",
            _("Next step"),
            id="area-edit",
            tooltip=_("Change the agreed next step, what would show it is time, or the name."),
        ),
    ]

    def compose(self) -> ComposeResult:
        table = DataTable(id="ladder-table", cursor_type="row")
        self.set_columns(table)
        yield table
        with VerticalScroll(id="area-detail-box"):
            yield Hanging("", id="area-detail")

    @property
    def table(self) -> DataTable:
        return self.query_one("#ladder-table", DataTable)

    def show(self) -> None:
        assert self.whole is not None
        self.fill_table(
            self.table,
            [
                (
                    a["number"],
                    [
                        cell(a["number"]),
                        cell(step_picture(a["step"])),
                        cell(step_words(a["step"])),
                        cell(a["name"]),
                    ],
                )
                for a in self.whole["areas"]
            ],
        )
        self.show_detail()

    def show_detail(self) -> None:
        detail = self.query_one("#area-detail", Static)
        area = self.current()
        if area is None:
            detail.update(shown(_("No areas on the ladder yet. Press a to add one.")))
            return
        lines = [ladder_drawing(area), ""]
        if area.get("next"):
            lines.append(_("Next step: {next}").format(next=area["next"]))
        else:
            lines.append(_("No next step agreed yet (e to agree one)."))
        if area.get("ready_when"):
            lines.append(_("Time for it when: {sign}").format(sign=area["ready_when"]))
        for move in [m for m in area["history"] if m["move"] in MOVES][-5:]:
            note = "  " + said_by(move["note"], move["voice"]) if move.get("note") else ""
            lines.append(move_words(move) + note)
        detail.update(shown("\n".join(lines)))

    def _move_form(self, area: Doc, direction: str) -> None:
        from recoverytui.tui.screens.form import Field, given
        from recoverytui.tui.screens.forms.text_form import TextForm

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.move(
                    area["number"],
                    direction,
                    note=values["text"],
                    next_step=values["next"],
                    ready_when=values["ready_when"],
                    voice=voice,
                    on=given(values["date"]),
                    revision=area["revision"],
                )
            )

        title = (_("Step up: {name}") if direction == "up" else _("Step back: {name}")).format(
            name=area["name"]
        )
        agreed_before = (
            _("Agreed until now: {next}").format(next=area["next"])
            if direction == "up" and area.get("next")
            else ""
        )
        self.app.push_screen(
            TextForm(
                save,
                title=title,
                label=_("A few words about it (optional)"),
                multiline=True,
                check=fields.note,
                extra=[
                    Field("date", _("Day (empty for today)"), check=fields.past_day, optional=True),
                    # Up: the agreed step has been taken, so a new one is asked for (the old
                    # one is kept in the history). Back: the agreement stays unless changed.
                    Field(
                        "next",
                        _("The next step agreed from here"),
                        area.get("next") or "" if direction == "back" else "",
                        fields.next_step,
                        hint=agreed_before,
                    ),
                    Field(
                        "ready_when",
                        _("What would show it is time"),
                        area.get("ready_when") or "" if direction == "back" else "",
                        fields.ready_when,
                    ),
                ],
            )
        )

    def action_step_up(self) -> None:
        area = self.current()
        if area is not None:
            self._move_form(area, "up")

    def action_step_back(self) -> None:
        area = self.current()
        if area is not None:
            self._move_form(area, "back")

    def action_add(self) -> None:
        from recoverytui.tui.screens.form import Field
        from recoverytui.tui.screens.forms.text_form import TextForm

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.add_area(
                    values["text"],
                    step=fields.ladder_step(values["step"]),
                    next_step=values["next"],
                    ready_when=values["ready_when"],
                    voice=voice,
                )
            )

        assert self.whole is not None
        templates = self.access.templates()
        ideas = area_ideas(templates.areas, self.whole["areas"])
        self.app.push_screen(
            TextForm(
                save,
                title=_("An everyday area on the ladder"),
                label=_("The task"),
                check=fields.area_name,
                # Under the field, not in a notice: a notice would lie over the form's buttons.
                # A click on one writes it in, to keep or to change.
                buttons=[(idea, idea) for idea in ideas],
                extra=[
                    Field(
                        "step",
                        _("Where it stands now, 1–5"),
                        "1",
                        fields.ladder_step,
                        buttons=[(f"{n} {step_words(n)}", str(n)) for n in STEPS],
                    ),
                    Field("next", _("The next step agreed"), check=fields.next_step),
                    Field("ready_when", _("What would show it is time"), check=fields.ready_when),
                ],
            )
        )

    def action_edit(self) -> None:
        from recoverytui.tui.screens.form import Field
        from recoverytui.tui.screens.forms.text_form import TextForm

        area = self.current()
        if area is None:
            return

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.set_area(
                    area["number"],
                    name=values["name"],
                    next_step=values["text"],
                    ready_when=values["ready_when"],
                    # The form's: after a change made elsewhere, the newer one it showed.
                    revision=form.based_on["revision"],
                )
            )

        def as_typed(version: Doc) -> dict[str, str]:
            return {
                "text": version.get("next") or "",
                "ready_when": version.get("ready_when") or "",
                "name": version["name"],
            }

        form = TextForm(
            save,
            title=_("The next step for: {name}").format(**area),
            label=_("The next step agreed"),
            value=area.get("next") or "",
            check=fields.next_step,
            extra=[
                Field(
                    "ready_when",
                    _("What would show it is time"),
                    area.get("ready_when") or "",
                    fields.ready_when,
                ),
                Field("name", _("The area's name"), area["name"], fields.area_name),
            ],
            based_on=area,
            stored=as_typed,
        )
        form.with_voice = False
        self.app.push_screen(form)
