"""Consent and sharing, within Who helps: the client's consents to share parts of the plan,
and the log of who has received it, in words the client reads along.

Shown in the place of the plan's participants and measures (c, or the button under their
table, opens it; c again goes back). The consent under the cursor is the one Withdraw takes
back (press twice: today); Withdraw on a date asks for the day. Buttons do what the keys do.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, Static

from recoverytui.core import dates, fields
from recoverytui.core.consent import recipient_words
from recoverytui.core.documents import consent_status_words, given_words, share_words, voice_words
from recoverytui.core.i18n import _
from recoverytui.core.individual_plan import span_words
from recoverytui.tui.plan_access import PlanAccess
from recoverytui.tui.screens.form import Field, given
from recoverytui.tui.text import Hanging, cell, shown, tell
from recoverytui.tui.widgets.pane import Column, Doc, PlanPane

# Each table's columns; the box below has the long text whole.


def _consent_columns() -> tuple[Column, ...]:
    return (
        Column("#"),
        Column(_("To"), least=12),
        Column(_("Parts"), least=12),
        Column(_("Status"), least=10),
        Column(_("Until"), give=1),
        Column(_("Purpose"), least=10, give=2),
    )


def _shared_columns() -> tuple[Column, ...]:
    return (
        Column(_("Date")),
        Column(_("To"), least=12),
        Column(_("Parts"), least=12),
        Column(_("On consent"), give=1),
    )


class SharingView(PlanPane):
    action_buttons = False  # its own buttons, by the part they act on
    BINDINGS = [
        Binding(
            "a",
            "add_consent",
            _("Add consent"),
            id="sharing-add",
            tooltip=_("The client agrees to share parts of the plan with someone who helps."),
        ),
        Binding(
            "x",
            "withdraw",
            _("Withdraw"),
            id="sharing-withdraw",
            tooltip=_(
                "The client takes back the consent under the cursor (press twice); the record "
                "stays."
            ),
        ),
        Binding(
            "w",
            "withdraw_on",
            _("Withdraw on a date"),
            id="sharing-withdraw-on",
            # Out of the footer, to fit 80 columns: the button above the tables does it too.
            show=False,
            tooltip=_("The client took a consent back on a day before today."),
        ),
        Binding(
            "c",
            "back",
            _("Back to the plan"),
            id="sharing-back",
            show=False,  # the button above the tables; the footer has no room in bokmål
            tooltip=_("Back to who takes part, the measures and the revisions."),
        ),
    ]

    class Closed(Message):
        """The person went back to the plan's participants and measures."""

    def __init__(self, access: PlanAccess, **kwargs: Any) -> None:
        super().__init__(access, **kwargs)
        self._detail_of = "consents-table"  # the table whose row the box below shows

    def compose(self) -> ComposeResult:
        with Horizontal(id="sharing-actions", classes="pane-buttons"):
            yield _button(_("Add consent"), "add-consent", "a")
            yield _button(_("Withdraw on a date"), "withdraw-on", "w")
            yield _button(_("Back to the plan"), "back-to-plan", "c")
        yield Static("", id="consents-title", classes="sharing-title")
        consents: DataTable[Any] = DataTable(id="consents-table", cursor_type="row")
        yield consents
        with Horizontal(id="consent-entry", classes="pane-buttons"):
            yield _button(_("Withdraw"), "withdraw-consent", "x")
        yield Static("", id="shared-title", classes="sharing-title")
        shared: DataTable[Any] = DataTable(id="shared-table", cursor_type="row")
        yield shared
        with VerticalScroll(id="sharing-detail-box"):
            yield Hanging("", id="sharing-detail")

    @property
    def consents_table(self) -> DataTable:
        return self.query_one("#consents-table", DataTable)

    @property
    def shared_table(self) -> DataTable:
        return self.query_one("#shared-table", DataTable)

    def consents(self) -> list[Doc]:
        return (self.whole or {}).get("consents") or []

    def sharing_log(self) -> list[Doc]:
        return (self.whole or {}).get("shared") or []

    def consent_at_cursor(self) -> Doc | None:
        number = self.selected(self.consents_table)
        return next((c for c in self.consents() if f"consent:{c['number']}" == number), None)

    # Showing -------------------------------------------------------------------------------

    def show(self) -> None:
        consents, log = self.consents(), self.sharing_log()
        self.query_one("#consents-title", Static).update(
            shown(_("Consents to share ({count})").format(count=len(consents)))
        )
        self.fill_table(
            self.consents_table,
            [
                (
                    f"consent:{c['number']}",
                    [
                        cell(c["number"]),
                        cell(c["name"]),
                        cell(_parts_words(c["share"])),
                        cell(consent_status_words(c["status"])),
                        cell(c["until"]),
                        cell(c["purpose"]),
                    ],
                )
                for c in consents
            ],
            _consent_columns(),
        )
        self.query_one("#shared-title", Static).update(
            shown(_("Who has received my plan ({count})").format(count=len(log)))
        )
        self.fill_table(
            self.shared_table,
            [
                (
                    f"shared:{entry['number']}",
                    [
                        cell(entry["date"]),
                        cell(recipient_words(entry)),
                        cell(_parts_words(entry["share"])),
                        cell(entry["consent"] or "–"),
                    ],
                )
                for entry in log
            ],
            _shared_columns(),
        )
        self.show_detail()

    def show_detail(self) -> None:
        consent = self.consent_at_cursor()
        button = self.query_one("#withdraw-consent", Button)
        button.display = consent is not None and consent["status"] == "active"
        if consent is not None:
            label = shown(_("Withdraw consent {number}").format(number=consent["number"]))
            if label != button.label:
                button.label = label
                button.refresh(layout=True)  # the label is not a layout reactive: new width
        if self._detail_of == "shared-table" and self.sharing_log():
            number = self.selected(self.shared_table)
            entry = next((e for e in self.sharing_log() if f"shared:{e['number']}" == number), None)
            lines = self._shared_lines(entry) if entry else []
        elif consent is not None:
            lines = self._consent_lines(consent)
        elif self._detail_of == "shared-table":
            lines = [_("No one has received the plan yet."), "", _what_for()]
        else:
            lines = [_("No consents yet."), "", _what_for(), "", _("Press a to add one.")]
        self.query_one("#sharing-detail", Static).update(shown("\n".join(lines)))

    def _consent_lines(self, consent: Doc) -> list[str]:
        lines = [
            _("Consent {number} to {name}: {status}").format(
                number=consent["number"],
                name=consent["name"],
                status=consent_status_words(consent["status"]),
            ),
            _("Parts: {parts}").format(parts=_parts_words(consent["share"])),
            _("Purpose: {purpose}").format(purpose=consent["purpose"]),
            _("Period: {period}").format(period=span_words(consent["from"], consent["until"])),
            _("Given {how}; registered by {name}.").format(
                how=given_words(consent["given"]), name=consent["registered_by"]
            ),
        ]
        if consent.get("withdrawn"):
            lines.append(_("Withdrawn on {date}.").format(date=consent["withdrawn"]))
        sent = [e["date"] for e in self.sharing_log() if e["consent"] == consent["number"]]
        if sent:
            lines.append(_("Shared on it: {dates}").format(dates=", ".join(sent)))
        return [*lines, "", voice_words(consent["voice"])]

    def _shared_lines(self, entry: Doc) -> list[str]:
        parts = _parts_words(entry["share"])
        if entry["consent"] is None:
            first = _("{date}: {to}, with {parts}.").format(
                date=entry["date"], to=recipient_words(entry), parts=parts
            )
        else:
            first = _("{date}: {parts} to {name}, on consent {number}.").format(
                date=entry["date"], parts=parts, name=recipient_words(entry),
                number=entry["consent"],
            )  # fmt: skip
        return [first, _("Files: {names}").format(names=", ".join(entry["files"]) or "–")]

    # Keys and mouse ----------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()  # not the plan table's: Who helps must not show its own entry for it
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter or a second click: the box below shows the row already

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, DataTable) and event.widget.id != self._detail_of:
            self._detail_of = event.widget.id or ""
            self.show_detail()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {
            "add-consent": self.action_add_consent,
            "withdraw-on": self.action_withdraw_on,
            "back-to-plan": self.action_back,
            "withdraw-consent": self.action_withdraw,
        }[event.button.id or ""]()

    def action_back(self) -> None:
        self.post_message(self.Closed())

    def focus_first(self) -> None:
        self.consents_table.focus()

    # Writing -------------------------------------------------------------------------------

    def action_add_consent(self) -> None:
        from recoverytui.tui.screens.forms.consent_form import ConsentForm

        today = dates.today()
        people = [
            (_person_words(p), str(p["number"])) for p in (self.whole or {}).get("participants", [])
        ]

        def save(values: dict[str, str], voice: str) -> Doc:
            worker = self.access.worker_name()
            saved = self.access.change(
                lambda plan: plan.add_consent(
                    values["to"], share=values["share"], purpose_of=values["purpose"],
                    until=values["until"], start=given(values["from"]),
                    given_as=values["given"], registered_by=worker, voice=voice, base=today,
                )
            )  # fmt: skip
            self._go_to(f"consent:{saved['number']}")
            return saved

        if not people:
            tell(self, _("Add the one who is to receive it as a participant first."))
            return
        self.app.push_screen(ConsentForm(save, people=people, today=today))

    def action_withdraw(self) -> None:
        consent = self.consent_at_cursor()
        if consent is None:
            tell(self, _("Put the cursor on a consent to withdraw it."))
            return
        number, revision = consent["number"], consent.get("revision")
        if consent["status"] == "active":
            ask = _(
                "Press x (or Withdraw) again to withdraw consent {number} to {name} today. "
                "The record stays."
            ).format(number=number, name=consent["name"])
            if not self.asked_twice(f"consent:{number}", ask):
                return
        # One that is no longer in force is not asked about: core says why it can't be.
        self.change_or_say(
            lambda plan: plan.withdraw_consent(number, revision=revision),
            done=_("Consent {number} to {name} withdrawn today. Nothing more goes to them on it.")
            .format(number=number, name=consent["name"]),
        )  # fmt: skip

    def action_withdraw_on(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        today = dates.today()
        active = [c for c in self.consents() if c["status"] == "active"]
        if not active:
            tell(self, _("No consent is in force now; there is none to withdraw."))
            return
        at_cursor = self.consent_at_cursor()
        chosen = str(at_cursor["number"]) if at_cursor in active else ""
        revisions = {str(c["number"]): c.get("revision") for c in active}

        def save(values: dict[str, str], voice: str) -> Doc:
            number = values["consent"]
            return self.access.change(
                lambda plan: plan.withdraw_consent(
                    number, given(values["text"]), base=today, revision=revisions[number]
                )
            )

        form = TextForm(
            save,
            title=_("The client withdraws a consent"),
            label=_("Withdrawn on (a date; empty for today)"),
            check=lambda v: fields.past_day(v, today),
            optional=True,
            extra=[
                Field(
                    "consent",
                    _("Which consent"),
                    chosen,
                    choices=[(_consent_choice(c), str(c["number"])) for c in active],
                    placeholder=_("choose"),
                )
            ],
        )
        # Which consent first, then the day.
        form.fields = [form.fields[1], form.fields[0]]
        form.with_voice = False
        self.app.push_screen(form)

    def _go_to(self, key: str) -> None:
        """The cursor goes to what was just written, to be read."""
        table = self.consents_table
        if any(row.key.value == key for row in table.ordered_rows):
            table.move_cursor(row=table.get_row_index(key))


def _button(label: str, name: str, key: str) -> Button:
    return Button(shown(label), id=name, compact=True, tooltip=key)


def _what_for() -> str:
    return _(
        "Nothing in the plan goes to another service without the client's consent, and only "
        "the parts it names, for as long as it runs. Each time the plan is handed over, or the "
        "client takes a copy, it is written down under Who has received my plan."
    )


def _parts_words(parts: list[str]) -> str:
    return ", ".join(share_words(part) for part in parts)


def _person_words(person: Doc) -> str:
    """A participant in the list to choose from: number, name, and where they are from."""
    said = f"{person['number']}. {person['name']}"
    where = person.get("organisation") or person.get("role")
    return f"{said} ({where})" if where else said


def _consent_choice(consent: Doc) -> str:
    return _("{number}. To {name}: {parts}, until {until}").format(
        number=consent["number"],
        name=consent["name"],
        parts=_parts_words(consent["share"]),
        until=consent["until"],
    )
