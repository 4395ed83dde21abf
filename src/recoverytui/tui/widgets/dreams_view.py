"""Hopes and dreams, in the client's own words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from recoverytui.core import fields
from recoverytui.core.documents import DREAM_STATUSES, status_words, voice_label, voice_words
from recoverytui.core.i18n import _
from recoverytui.tui.text import Hanging, cell, shown
from recoverytui.tui.widgets.pane import Column, Doc, PlanPane


class DreamsPane(PlanPane):
    entries = "dreams"
    columns = (
        Column("#"),
        Column(_("Dream"), least=24),
        Column(_("Where it stands")),
        Column(_("Whose words"), give=1),
    )
    BINDINGS = [
        Binding(
            "a",
            "add",
            _("Add"),
            id="dream-add",
            tooltip=_("Write down a hope or dream, word for word."),
        ),
        Binding("e", "edit", _("Change"), id="dream-edit", tooltip=_("Change the words.")),
        Binding(
            "s",
            "status",
            _("Where it stands"),
            id="dream-status",
            tooltip=_("Held, growing, reached or resting."),
        ),
    ]

    def compose(self) -> ComposeResult:
        table = DataTable(id="dreams-table", cursor_type="row")
        self.set_columns(table)
        yield table
        with VerticalScroll(id="dream-detail-box"):
            yield Hanging("", id="dream-detail")

    @property
    def table(self) -> DataTable:
        return self.query_one("#dreams-table", DataTable)

    def show(self) -> None:
        assert self.whole is not None
        self.fill_table(
            self.table,
            [
                (
                    d["number"],
                    [
                        cell(d["number"]),
                        cell(d["text"]),
                        cell(status_words(d["status"])),
                        cell(voice_label(d["voice"])),
                    ],
                )
                for d in self.whole["dreams"]
            ],
        )
        self.show_detail()

    def show_detail(self) -> None:
        """The whole dream in the client's words, and the small goals that serve it."""
        detail = self.query_one("#dream-detail", Static)
        dream = self.current()
        if dream is None or self.whole is None:
            detail.update(shown(_("No dreams written down yet. Press a to add one.")))
            return
        lines = [
            dream["text"],
            "",
            f"{status_words(dream['status'])} · {voice_words(dream['voice'])}",
        ]
        serving = [g for g in self.whole["goals"] if g["dream"] == dream["number"]]
        if serving:
            lines += ["", _("Small goals toward it:")]
            lines += [
                f"  {g['number']}. {g['title']}  ({status_words(g['status'])})" for g in serving
            ]
        detail.update(shown("\n".join(lines)))

    def action_add(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(lambda plan: plan.add_dream(values["text"], voice=voice))

        self.app.push_screen(
            TextForm(
                save,
                title=_("A hope or dream"),
                label=_("In the client's own words"),
                check=fields.dream_text,
                multiline=True,
                voice="client",
            )
        )

    def action_edit(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        dream = self.current()
        if dream is None:
            return

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.edit_dream(
                    # The form's: after a change made elsewhere, the newer one it showed.
                    dream["number"],
                    text=values["text"],
                    revision=form.based_on["revision"],
                )
            )

        form = TextForm(
            save,
            title=_("Change dream {number}").format(**dream),
            label=_("In the client's own words"),
            value=dream["text"],
            check=fields.dream_text,
            multiline=True,
            voice=dream["voice"],
            based_on=dream,
            stored=lambda newer: {"text": newer["text"]},
        )
        form.with_voice = False
        self.app.push_screen(form)

    def action_status(self) -> None:
        from recoverytui.tui.screens.forms.choice_form import ChoiceForm

        dream = self.current()
        if dream is None:
            return

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.set_dream_status(
                    dream["number"], values["choice"], revision=dream["revision"]
                )
            )

        self.app.push_screen(
            ChoiceForm(
                save,
                title=_("Where dream {number} stands").format(**dream),
                choices=DREAM_STATUSES,
                check=fields.dream_status,
                current=dream["status"],
                words=status_words,
                note=False,
            )
        )
