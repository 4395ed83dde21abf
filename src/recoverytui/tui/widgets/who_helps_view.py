"""Who helps: the individual plan's participants and measures, its period and the revisions
held, in one table; and in its place, when asked for (c), the client's consents to share and
who has received the plan (sharing_view.py).

As in section 7, the row under the cursor decides what Add, Change and Remove do (Add on a
part's heading adds to that part), and the box below shows the entry whole. Buttons above
the table add and set the period; buttons under it change, take out or move a measure on, so
a mouse alone does everything the keys do.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Static

from recoverytui.core import dates, fields
from recoverytui.core.documents import (
    MEASURE_STATUSES,
    measure_status_words,
    voice_label,
    voice_words,
)
from recoverytui.core.due import date_words
from recoverytui.core.i18n import _
from recoverytui.core.individual_plan import present_words, span_words
from recoverytui.tui.plan_access import PlanAccess
from recoverytui.tui.screens.form import Field, given
from recoverytui.tui.text import Hanging, cell, shown, tell
from recoverytui.tui.widgets.pane import Column, Doc, PlanPane
from recoverytui.tui.widgets.sharing_view import SharingView


def _what_for() -> dict[str, str]:
    return {
        "participants": _(
            "Who takes part in the plan: the client, the people close to them and the "
            "services, each with what they bring. One of them coordinates the plan."
        ),
        "measures": _(
            "What is done for the client, how much, and who is responsible for it, with the "
            "goals it serves."
        ),
        "revisions": _(
            "Each time the plan was gone through together: when, who was there, and what "
            "was agreed."
        ),
    }


def _part_titles() -> dict[str, tuple[str, ...]]:
    """Each part's heading row: its name, then what its columns hold."""
    return {
        "participants": (
            _("Participants"),
            _("Role"),
            _("Phone"),
            _("Whose words"),
            _("Organisation"),
            _("What they contribute"),
        ),
        "measures": (
            _("Measures"),
            _("Responsible"),
            _("Status"),
            _("Extent"),
            _("From – until"),
            _("Goals"),
        ),
        "revisions": (_("Revisions held"), _("Who was there"), _("Note")),
    }


class WhoHelpsPane(PlanPane):
    action_buttons = False  # its own buttons, by the part they act on
    # The heading rows name the columns of their part, so the table has no header of its own.
    # Participants: name, role, phone, whose words, organisation, what they contribute;
    # measures: text, responsible, status, extent, from – until, goals; revisions: date, who
    # was there, note.
    columns = (
        Column(""),
        Column("", least=16),
        Column("", least=12),
        Column("", least=10),
        Column("", least=8, give=2),
        Column("", least=10, give=1),
        Column("", least=12, give=3),
    )
    BINDINGS = [
        Binding(
            "a",
            "add",
            _("Add"),
            id="who-add",
            tooltip=_("Add to the part under the cursor: a participant, a measure, a revision."),
        ),
        Binding(
            "e",
            "change",
            _("Change"),
            id="who-change",
            tooltip=_("Change the participant or measure under the cursor."),
        ),
        Binding(
            "x",
            "remove",
            _("Remove"),
            id="who-remove",
            tooltip=_("Take the participant out of the plan (press twice); the history keeps it."),
        ),
        Binding(
            "s",
            "status",
            _("Status"),
            id="who-status",
            tooltip=_("Say where the measure stands: planned, under way or ended."),
        ),
        Binding(
            "r",
            "record_revision",
            _("Record revision"),
            id="who-revision",
            # Out of the footer, to fit 80 columns: the button above the table does it too.
            show=False,
            tooltip=_("We went through the plan together: when, who was there, what was agreed."),
        ),
        Binding(
            "p",
            "add_participant",
            _("Add participant"),
            id="who-add-participant",
            show=False,
            tooltip=_("Someone who takes part in the plan, and what they bring."),
        ),
        Binding(
            "m",
            "add_measure",
            _("Add measure"),
            id="who-add-measure",
            show=False,
            tooltip=_("Something done for the client, and who is responsible for it."),
        ),
        Binding(
            "t",
            "plan_period",
            _("Plan period"),
            id="who-period",
            show=False,
            tooltip=_("When the plan starts and ends, and when it is next revised."),
        ),
        Binding(
            "c",
            "sharing",
            _("Consent and sharing"),
            id="who-sharing",
            # Out of the footer, to fit 80 columns: the button under the table does it too.
            show=False,
            tooltip=_("The client's consents to share, and who has received the plan."),
        ),
    ]

    def __init__(self, access: PlanAccess, **kwargs: Any) -> None:
        super().__init__(access, **kwargs)

    def compose(self) -> ComposeResult:
        with Vertical(id="who-plan"):
            yield Static("", id="who-period-line")
            with Horizontal(id="who-actions", classes="pane-buttons"):
                yield _button(_("Add participant"), "add-participant", "p")
                yield _button(_("Add measure"), "add-measure", "m")
                yield _button(_("Plan period"), "plan-period", "t")
                yield _button(_("Record revision"), "record-revision", "r")
            table: DataTable[Any] = DataTable(id="who-table", cursor_type="row", show_header=False)
            self.set_columns(table)
            yield table
            with Horizontal(id="who-entry", classes="pane-buttons"):
                yield _button(_("Change"), "change-entry", "e")
                yield _button(_("Remove"), "remove-entry", "x")
                for status in MEASURE_STATUSES:
                    yield _button(measure_status_words(status), f"status-{status}", "s")
                yield Static("", classes="spacer")
                yield _button(_("Consent and sharing"), "open-sharing", "c")
            with VerticalScroll(id="who-detail-box"):
                yield Hanging("", id="who-detail")
        # After the plan's table, so the pane's own DataTable is the first one found.
        yield SharingView(self.access, id="who-sharing")

    # Consent and sharing, in the plan's place ----------------------------------------------

    @property
    def sharing(self) -> SharingView:
        return self.query_one(SharingView)

    def action_sharing(self) -> None:
        self.add_class("-sharing")
        self.sharing.focus_first()

    def add_consent(self) -> None:
        self.action_sharing()
        self.sharing.action_add_consent()

    def on_sharing_view_closed(self, event: SharingView.Closed) -> None:
        event.stop()
        self.remove_class("-sharing")
        self.table.focus()

    def focus_first(self) -> None:
        if self.has_class("-sharing"):
            self.sharing.focus_first()
        else:
            self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the consents show, the plan's own keys are not offered: they act on rows
        # that are out of sight.
        return not self.has_class("-sharing") or action == "sharing"

    @property
    def table(self) -> DataTable:
        return self.query_one("#who-table", DataTable)

    # What the plan holds -------------------------------------------------------------------

    @property
    def client(self) -> Doc:
        assert self.whole is not None
        return self.whole["client"]

    def participants(self) -> list[Doc]:
        return self.whole["participants"] if self.whole else []

    def measures(self) -> list[Doc]:
        return self.whole["measures"] if self.whole else []

    def revisions(self) -> list[Doc]:
        return list(self.client.get("revisions") or [])

    def name_of(self, number: int | None) -> str:
        found = next((p for p in self.participants() if p["number"] == number), None)
        return found["name"] if found else ""

    def _entry(self, kind: str, number: str) -> Doc | None:
        found = {"participant": self.participants(), "measure": self.measures()}.get(kind, [])
        return next((d for d in found if str(d["number"]) == number), None)

    # Showing -------------------------------------------------------------------------------

    def show(self) -> None:
        self.query_one("#who-period-line", Static).update(shown(self.period_words()))
        titles = _part_titles()
        rows: list[tuple[str, list[Any]]] = []
        people = self.participants()
        rows.append(("part:participants", _heading(titles["participants"], len(people))))
        for person in people:
            rows.append(
                (
                    f"participant:{person['number']}",
                    [
                        cell(person["number"]),
                        cell(person["name"]),
                        cell(_role_words(person)),
                        cell(person.get("phone")),
                        cell(voice_label(person["voice"])),
                        cell(person.get("organisation")),
                        cell(person.get("contributes")),
                    ],
                )
            )
        measures = self.measures()
        rows.append(("part:measures", _heading(titles["measures"], len(measures))))
        for measure in measures:
            rows.append(
                (
                    f"measure:{measure['number']}",
                    [
                        cell(measure["number"]),
                        cell(measure["text"]),
                        cell(self.name_of(measure.get("responsible")) or "-"),
                        cell(measure_status_words(measure["status"])),
                        cell(measure.get("extent")),
                        cell(span_words(measure.get("from"), measure.get("until"))),
                        cell(", ".join(map(str, measure.get("goals") or []))),
                    ],
                )
            )
        revisions = self.revisions()
        rows.append(("part:revisions", _heading(titles["revisions"], len(revisions))))
        for index, held in enumerate(revisions, 1):
            rows.append(
                (
                    f"revision:{index}",
                    [
                        "",
                        cell(held["date"]),
                        cell(self.present_names(held)),
                        cell(held.get("note")),
                        "",
                        "",
                        "",
                    ],
                )
            )
        self.fill_table(self.table, rows)
        self.show_detail()

    def period_words(self) -> str:
        client = self.client
        start, end, revise_by = (client.get(k) for k in ("plan_start", "plan_end", "revise_by"))
        said = []
        if start or end:
            said.append(_("Plan {period}").format(period=span_words(start, end)))
        if revise_by:
            said.append(_("next revision by {date}").format(date=date_words(revise_by)))
        if not said:
            said.append(_("No plan period set yet"))
        if client.get("coordinator"):  # core keeps it the coordinating participant's name
            said.append(_("Coordinator: {name}").format(name=client["coordinator"]))
        return " · ".join(said)

    def present_names(self, held: Doc) -> str:
        names = {p["number"]: p["name"] for p in self.participants()}
        return present_words(held, names)

    def _row(self) -> tuple[str, str]:
        """(kind, number) of the row under the cursor; number '' on a heading."""
        where = self.selected(self.table) or "part:participants"
        kind, _colon, number = where.partition(":")
        if kind == "part":
            return {"participants": "participant", "measures": "measure"}.get(
                number, "revision"
            ), ""
        return kind, number

    def show_detail(self) -> None:
        detail = self.query_one("#who-detail", Static)
        kind, number = self._row() if self.whole is not None else ("", "")
        entry = self._entry(kind, number)
        self._show_entry_buttons(kind, entry)
        if self.whole is None:
            detail.update("")
            return
        if kind == "participant" and entry is not None:
            lines = self._participant_lines(entry)
        elif kind == "measure" and entry is not None:
            lines = self._measure_lines(entry)
        elif kind == "revision" and number:
            lines = self._revision_lines(self.revisions()[int(number) - 1])
        else:
            part = {"participant": "participants", "measure": "measures"}.get(kind, "revisions")
            lines = [_what_for()[part], "", _("Press a to add, or use the buttons above.")]
        detail.update(shown("\n".join(lines)))

    def _show_entry_buttons(self, kind: str, entry: Doc | None) -> None:
        """Change and Remove for a participant; Change and the statuses for a measure."""
        self.query_one("#change-entry", Button).display = entry is not None
        self.query_one("#remove-entry", Button).display = kind == "participant" and bool(entry)
        for status in MEASURE_STATUSES:
            button = self.query_one(f"#status-{status}", Button)
            button.display = kind == "measure" and entry is not None
            # The status it has now is marked by more than colour: a tick, and no press.
            now = entry is not None and entry.get("status") == status
            button.disabled = now
            words = measure_status_words(status)
            label = shown(f"✓ {words}" if now else words)
            if label != button.label:
                button.label = label
                button.refresh(layout=True)  # the label is not a layout reactive: new width

    def _participant_lines(self, person: Doc) -> list[str]:
        lines = [f"{person['number']}. {person['name']}, {_role_words(person)}"]
        lines += [value for value in (person.get("organisation"), person.get("phone")) if value]
        if person.get("coordinator"):
            lines.append(_("Coordinates the plan."))
        if person.get("contributes"):
            lines.append(_("Contributes: {words}").format(words=person["contributes"]))
        theirs = [m for m in self.measures() if m.get("responsible") == person["number"]]
        if theirs:
            lines.append(
                _("Responsible for: {measures}").format(
                    measures="; ".join(f"{m['number']}. {m['text']}" for m in theirs)
                )
            )
        return [*lines, "", voice_words(person["voice"])]

    def _measure_lines(self, measure: Doc) -> list[str]:
        lines = [
            f"{measure['number']}. {measure['text']}  ({measure_status_words(measure['status'])})"
        ]
        if measure.get("responsible"):
            lines.append(_("Responsible: {name}").format(name=self.name_of(measure["responsible"])))
        if measure.get("extent"):
            lines.append(_("Extent: {extent}").format(extent=measure["extent"]))
        if measure.get("from") or measure.get("until"):
            lines.append(span_words(measure.get("from"), measure.get("until")))
        if measure.get("how"):
            lines.append(_("How: {how}").format(how=measure["how"]))
        goals = {g["number"]: g["title"] for g in (self.whole or {}).get("goals", [])}
        for number in measure.get("goals") or []:
            lines.append(
                _("Serves goal {number}: {title}").format(number=number, title=goals.get(number))
            )
        return [*lines, "", voice_words(measure["voice"])]

    def _revision_lines(self, held: Doc) -> list[str]:
        lines = [_("Gone through together on {date}.").format(date=held["date"])]
        if held.get("present"):
            lines.append(_("Who was there: {names}").format(names=self.present_names(held)))
        if held.get("note"):
            lines.append(held["note"])
        return [*lines, "", voice_words(held["voice"])]

    # Mouse -------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter, or a click on the row under the cursor: change an entry, add on a heading.
        kind, number = self._row()
        if number and kind != "revision":
            self.action_change()
        elif not number:
            self.action_add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        pressed = event.button.id or ""
        event.stop()
        if pressed.startswith("status-"):
            self.set_status(pressed.removeprefix("status-"))
            return
        {
            "add-participant": self.action_add_participant,
            "add-measure": self.action_add_measure,
            "plan-period": self.action_plan_period,
            "record-revision": self.action_record_revision,
            "change-entry": self.action_change,
            "remove-entry": self.action_remove,
            "open-sharing": self.action_sharing,
        }[pressed]()

    # Writing -------------------------------------------------------------------------------

    def action_add(self) -> None:
        kind, _number = self._row()
        if kind == "measure":
            self.action_add_measure()
        elif kind == "revision":
            self.action_record_revision()
        else:
            self.action_add_participant()

    def action_change(self) -> None:
        kind, number = self._row()
        entry = self._entry(kind, number)
        if kind == "participant" and entry is not None:
            self._participant_form(entry)
        elif kind == "measure" and entry is not None:
            self._measure_form(entry)
        elif kind == "revision" and number:
            tell(self, _("A revision held stays as it was recorded."))
        else:
            self.action_add()

    def action_remove(self) -> None:
        kind, number = self._row()
        person = self._entry(kind, number)
        if kind == "measure" and number:
            tell(self, _("A measure is not taken out: mark it ended, and the plan keeps it."))
            return
        if kind != "participant" or person is None:
            tell(self, _("Put the cursor on a participant to take them out."))
            return
        theirs = [m["number"] for m in self.measures() if m.get("responsible") == person["number"]]
        if theirs:
            # The core refuses it too; here it is said in the words of this screen.
            tell(
                self,
                _(
                    "{name} is responsible for measure {numbers}. Give it to someone else "
                    "first: change the measure."
                ).format(name=person["name"], numbers=", ".join(map(str, theirs))),
                timeout=8,
            )
            return
        where = f"{kind}:{number}"
        ask = _("Press x (or Remove) again to take {name} out. The history keeps it.")
        if not self.asked_twice(where, ask.format(name=person["name"])):
            return
        self.change_or_say(
            lambda plan: plan.remove_participant(person["number"]),
            done=_("Taken out. The history keeps it."),
        )

    def action_status(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        kind, number = self._row()
        measure = self._entry(kind, number)
        if kind != "measure" or measure is None:
            tell(self, _("Put the cursor on a measure to say where it stands."))
            return
        revision = measure.get("revision")

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.set_measure_status(
                    measure["number"], values["text"], revision=revision
                )
            )

        form = TextForm(
            save,
            title=_("Measure {number}: where it stands").format(number=measure["number"]),
            label=_("Status"),
            value=measure["status"],
            check=fields.measure_status,
        )
        form.fields[0].choices = _status_choices()
        form.with_voice = False
        self.app.push_screen(form)

    def set_status(self, status: str) -> None:
        kind, number = self._row()
        measure = self._entry(kind, number)
        if kind != "measure" or measure is None:
            return
        revision = measure.get("revision")
        self.change_or_say(
            lambda plan: plan.set_measure_status(measure["number"], status, revision=revision),
            done=_("Measure {number} is {status} now.").format(
                number=measure["number"], status=measure_status_words(status)
            ),
        )

    def action_add_participant(self) -> None:
        self._participant_form(None)

    def action_add_measure(self) -> None:
        self._measure_form(None)

    def _participant_form(self, person: Doc | None) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        person = person or {}
        revision = person.get("revision")

        def save(values: dict[str, str], voice: str) -> Doc:
            given_values: dict[str, Any] = {
                "role": values["role"],
                "organisation": given(values["organisation"]),
                "phone": given(values["phone"]),
                "contributes": given(values["contributes"]),
                "coordinator": values["coordinator"] == "yes",
            }
            if not person:
                saved = self.access.change(
                    lambda plan: plan.add_participant(values["text"], voice=voice, **given_values)
                )
                self._go_to(f"participant:{saved['number']}")
                return saved
            return self.access.change(
                lambda plan: plan.edit_participant(
                    person["number"], name=values["text"], revision=revision, **given_values
                )
            )

        title = (
            _("Change participant {number}").format(number=person["number"])
            if person
            else _("Add participant")
        )
        form = TextForm(
            save,
            title=title,
            label=_("Name"),
            value=person.get("name", ""),
            check=fields.participant,
            voice=person.get("voice", "together"),
            hint="" if person else _what_for()["participants"],
            extra=[
                Field("role", _("Role (GP, NAV, brother, …)"), person.get("role") or "",
                      fields.role),
                Field("coordinator", _("Coordinator"),
                      "yes" if person.get("coordinator") else "",
                      choices=[(_("Coordinates the plan"), "yes")], many=True),
                Field("organisation", _("Organisation"), person.get("organisation") or "",
                      fields.organisation, optional=True),
                Field("phone", _("Phone"), person.get("phone") or "", fields.phone,
                      optional=True),
                Field("contributes", _("What they contribute"), person.get("contributes") or "",
                      fields.contributes, optional=True, multiline=True),
            ],
        )  # fmt: skip
        # Whose words a participant is goes with them when they are added; core keeps it.
        form.with_voice = not person
        self.app.push_screen(form)

    def _measure_form(self, measure: Doc | None) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        measure = measure or {}
        revision = measure.get("revision")
        today = dates.today()
        people = [(f"{p['number']}. {p['name']}", str(p["number"])) for p in self.participants()]
        goals = [
            (f"{g['number']}. {g['title']}", str(g["number"]))
            for g in (self.whole or {}).get("goals", [])
            if g["status"] == "active" or g["number"] in (measure.get("goals") or [])
        ]

        def save(values: dict[str, str], voice: str) -> Doc:
            given_values: dict[str, Any] = {
                "responsible": given(values["responsible"]),
                "extent": given(values["extent"]),
                "how": given(values["how"]),
                "goals": [n for n in values["goals"].split(",") if n],
                "start": given(values["from"]),
                "until": given(values["until"]),
            }
            status = given(values["status"])
            if not measure:
                saved = self.access.change(
                    lambda plan: plan.add_measure(
                        values["text"], status=status, voice=voice, base=today, **given_values
                    )
                )
                self._go_to(f"measure:{saved['number']}")
                return saved

            def edit(plan: Any) -> Doc:
                plan.edit_measure(
                    measure["number"], words=values["text"], base=today, revision=revision,
                    **given_values,
                )  # fmt: skip
                return plan.set_measure_status(measure["number"], status or measure["status"])

            return self.access.change(edit)

        title = (
            _("Change measure {number}").format(number=measure["number"])
            if measure
            else _("Add measure")
        )
        form = TextForm(
            save,
            title=title,
            label=_("The measure"),
            value=measure.get("text", ""),
            check=fields.measure_text,
            voice=measure.get("voice", "together"),
            hint="" if measure else _what_for()["measures"],
            extra=[
                Field("responsible", _("Who is responsible"),
                      str(measure.get("responsible") or ""), choices=people, optional=True),
                Field("status", _("Status"), measure.get("status", ""),
                      fields.measure_status, choices=_status_choices(), optional=not measure,
                      placeholder=_("as the dates say")),
                Field("extent", _("Extent (two visits a week, …)"), measure.get("extent") or "",
                      fields.extent, optional=True),
                Field("from", _("From (a date; empty for none)"), measure.get("from") or "",
                      lambda v: fields.due(v, today), optional=True),
                Field("until", _("Until (a date; empty for none)"), measure.get("until") or "",
                      lambda v: fields.due(v, today), optional=True),
                Field("how", _("How it is done"), measure.get("how") or "", fields.how,
                      optional=True, multiline=True),
                Field("goals", _("The goals it serves"),
                      ",".join(str(n) for n in measure.get("goals") or []), choices=goals,
                      many=True),
            ],
        )  # fmt: skip
        form.with_voice = not measure
        self.app.push_screen(form)

    def action_plan_period(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        client = self.client
        revision = client.get("revision")
        today = dates.today()

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.set_plan_period(
                    start=values["text"], end=values["end"], revise_by=values["revise_by"],
                    base=today, revision=revision,
                )
            )  # fmt: skip

        def day(value: str) -> str | None:
            return fields.due(value, today)

        form = TextForm(
            save,
            title=_("Plan period"),
            label=_("The plan starts (a date; empty for none)"),
            value=client.get("plan_start") or "",
            check=day,
            optional=True,
            extra=[
                Field("end", _("The plan ends"), client.get("plan_end") or "", day,
                      optional=True),
                Field("revise_by", _("Revise it by"), client.get("revise_by") or "", day,
                      optional=True),
            ],
        )  # fmt: skip
        form.with_voice = False
        self.app.push_screen(form)

    def action_record_revision(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        revision = self.client.get("revision")
        today = dates.today()
        people = [(f"{p['number']}. {p['name']}", str(p["number"])) for p in self.participants()]

        def save(values: dict[str, str], voice: str) -> Doc:
            saved = self.access.change(
                lambda plan: plan.plan_revised(
                    values["text"], note=given(values["note"]),
                    present=[n for n in values["present"].split(",") if n],
                    revise_by=given(values["revise_by"]), voice=voice, base=today,
                    revision=revision,
                )
            )  # fmt: skip
            self._go_to(f"revision:{len(self.revisions())}")
            return saved

        form = TextForm(
            save,
            title=_("We went through the plan together"),
            label=_("On (date)"),
            value=_("today"),
            check=lambda v: fields.past_day(v, today),
            extra=[
                Field("present", _("Who was there"), choices=people, many=True),
                Field("note", _("What was agreed"), "", fields.revision_note, optional=True,
                      multiline=True),
                Field("revise_by", _("Revise it again by (empty: in six months)"), "",
                      lambda v: fields.due(v, today), optional=True),
            ],
        )  # fmt: skip
        self.app.push_screen(form)

    def _go_to(self, key: str) -> None:
        """The cursor goes to what was just written, to be read or changed."""
        table = self.table
        if any(row.key.value == key for row in table.ordered_rows):
            table.move_cursor(row=table.get_row_index(key))


def _button(label: str, name: str, key: str) -> Button:
    return Button(shown(label), id=name, compact=True, tooltip=key)


def _heading(titles: tuple[str, ...], count: int) -> list[Any]:
    first, *rest = titles
    cells: list[Any] = [
        "",
        Text(f"{first} ({count})", style="bold", no_wrap=True, overflow="ellipsis"),
    ]
    cells += [Text(title, style="italic", no_wrap=True, overflow="ellipsis") for title in rest]
    return cells + [""] * (7 - len(cells))


def _role_words(person: Doc) -> str:
    """The role, and the coordinator named in words (once, if that is the role)."""
    role = person.get("role") or ""
    if not person.get("coordinator") or role == _("coordinator"):
        return role
    return _("{role}, coordinator").format(role=role)


def _status_choices() -> list[tuple[str, str]]:
    return [(measure_status_words(status), status) for status in MEASURE_STATUSES]
