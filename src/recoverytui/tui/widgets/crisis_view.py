"""When things get hard: the crisis plan, written together in the client's own words.

One table lists every part with its entries under it; the row under the cursor decides
what Add, Change and Remove do (Add on a part's heading adds to that part). The box below
says what the part is for, or shows the entry whole.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from recoverytui.core import dates, fields
from recoverytui.core.crisis import (
    entry,
    entry_more,
    more_check,
    person_words,
    reviewed_words,
)
from recoverytui.core.documents import PARTS, Part, part_of, voice_label, voice_words
from recoverytui.core.i18n import _
from recoverytui.tui.screens.form import Field
from recoverytui.tui.text import Hanging, cell, shown, tell
from recoverytui.tui.widgets.pane import Column, Doc, PlanPane


def _what_for() -> dict[str, str]:
    """What each part is for, shown on its heading: asks for named, specific things."""
    return {
        "well": _(
            "How the client is on a good day, in their words: what they do, how they seem. "
            "Then a change shows."
        ),
        "sign": _(
            "What the client or others notice first when things start to slip. Name each "
            "as it shows (“I stop opening the post”), with what the client does then and what "
            "others can do."
        ),
        "helps": _("What has helped before, named: a place, a person, a thing to do."),
        "avoid": _("What makes things worse, so that no one does it."),
        "met": _("How the client wants staff, police and emergency services to meet them."),
        "contact": _("The people the client wants called, each with a phone number."),
        "no-contact": _("People who must not be contacted, and why if the client wants to say."),
        "treatment": _("The client's wishes for treatment and care, and what they do not want."),
        "practical": _(
            "What must be seen to if the client is away (keys, pets, bills), and who sees to each."
        ),
        "admission": _(
            "A self-referral agreement (brukerstyrt innleggelse), if the client has one: the "
            "unit, its phone, what it allows and when it must be renewed."
        ),
        "reviewed": _(
            "When the plan was last gone through together, and when to go through it next."
        ),
    }


def _labels() -> dict[str, str]:
    """The form's label for an entry's words, part by part."""
    return {
        "sign": _("The sign, as it shows"),
        "helps": _("What helps, in the client's words"),
        "avoid": _("What does not help"),
        "met": _("How I want to be met"),
        "contact": _("Name"),
        "no-contact": _("Name"),
        "treatment": _("The wish, in the client's words"),
        "practical": _("What must be seen to"),
    }


class CrisisPane(PlanPane):
    columns = (Column("#"), Column(_("Crisis plan"), least=24), Column(_("Whose words"), give=1))
    BINDINGS = [
        Binding(
            "a",
            "add",
            _("Add"),
            id="crisis-add",
            tooltip=_("Add to the part under the cursor, in the client's words."),
        ),
        Binding(
            "e",
            "change",
            _("Change"),
            id="crisis-change",
            tooltip=_("Change the entry under the cursor."),
        ),
        Binding(
            "x",
            "remove",
            _("Remove"),
            id="crisis-remove",
            tooltip=_("Take the entry out (press twice); the history keeps it."),
        ),
        Binding(
            "g",
            "reviewed",
            _("Gone through"),
            id="crisis-reviewed",
            # Out of the footer, to fit 80 columns: the plan's last row opens the same form.
            show=False,
            tooltip=_("We went through the plan together today; when to do it next."),
        ),
        Binding(
            "p",
            "print_crisis",
            _("Print"),
            id="crisis-print",
            tooltip=_("Write the crisis plan (A4) and the card to fold as PDFs, to print."),
        ),
    ]

    def compose(self) -> ComposeResult:
        table: DataTable[Any] = DataTable(id="crisis-table", cursor_type="row")
        self.set_columns(table)
        yield table
        with VerticalScroll(id="crisis-detail-box"):
            yield Hanging("", id="crisis-detail")

    @property
    def table(self) -> DataTable:
        return self.query_one("#crisis-table", DataTable)

    @property
    def help_numbers(self) -> list[tuple[str, str]]:
        """The public help numbers of the service's template (read with the plan)."""
        return self.access.templates().help

    @property
    def crisis(self) -> Doc:
        assert self.whole is not None
        return self.whole["crisis"]

    # Showing -------------------------------------------------------------------------------

    def show(self) -> None:
        crisis = self.crisis
        rows: list[tuple[str, list[Any]]] = [("well", _heading(_("How I am when I'm well")))]
        if crisis["well"]:
            rows.append(("well:1", ["", cell(crisis["well"]), cell(voice_label(crisis["voice"]))]))
        for part in PARTS:
            items = crisis[part.field]
            rows.append((f"part:{part.kind}", _heading(_(part.title), len(items))))
            for item in items:
                words = person_words(item) if part.kind == "contact" else item[part.main]
                rows.append(
                    (
                        f"{part.kind}:{item['number']}",
                        [cell(item["number"]), cell(words), cell(voice_label(item["voice"]))],
                    )
                )
        rows.append(("admission", _heading(_("Self-referral agreement"))))
        if crisis["admission"]:
            found = crisis["admission"]
            where = ", ".join(v for v in (found["unit"], found["phone"]) if v)
            rows.append(("admission:1", ["", cell(where), cell(voice_label(found["voice"]))]))
        rows.append(("reviewed", _heading(_("Gone through together"))))
        rows.append(("reviewed:1", ["", cell(reviewed_words(crisis, dates.today())), ""]))
        rows.append(("help", _heading(_("Help numbers"))))
        rows += [
            (f"help:{index}", ["", cell(f"{number}  {what}"), ""])
            for index, (what, number) in enumerate(self.help_numbers, 1)
        ]
        self.fill_table(self.table, rows)
        self.show_detail()

    def show_detail(self) -> None:
        detail = self.query_one("#crisis-detail", Static)
        where = self.selected(self.table)
        if where is None or self.whole is None:
            detail.update("")
            return
        kind, _colon, number = where.partition(":")
        kind = kind if kind != "part" else number
        crisis = self.crisis
        if kind == "well" and number and crisis["well"]:
            lines = [crisis["well"], "", voice_words(crisis["voice"])]
        elif kind == "admission" and number and crisis["admission"]:
            lines = _admission_lines(crisis["admission"])
        elif kind == "reviewed":
            lines = [reviewed_words(crisis, dates.today()), "", _what_for()["reviewed"]]
        elif kind == "help":
            lines = [f"{number}  {what}" for what, number in self.help_numbers]
            lines += ["", _("The same on every plan and card; the service keeps them up to date.")]
        elif number and not where.startswith("part:") and kind not in ("well", "admission"):
            part = part_of(kind)
            item = entry(crisis, kind, number)
            lines = [f"{_(part.one).capitalize()} {item['number']}: {item[part.main]}"]
            lines += [
                f"{label[:1].upper()}{label[1:]}: {value}"
                for label, value in entry_more(part, item)
            ]
            lines += ["", voice_words(item["voice"])]
        else:
            lines = [_what_for()[kind], "", _("Press a to add or change it.")]
        detail.update(shown("\n".join(lines)))

    # Writing -------------------------------------------------------------------------------

    def _row(self) -> tuple[str, str]:
        """(kind, number) of the row under the cursor; number '' on a heading."""
        where = self.selected(self.table) or "well"
        kind, _colon, number = where.partition(":")
        return (number, "") if kind == "part" else (kind, number)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter, or a click on the row under the cursor: change an entry, add on a heading.
        kind, number = self._row()
        if kind == "help":
            return  # the service's, not the plan's
        if number or kind in ("well", "admission", "reviewed"):
            self.action_change()
        else:
            self.action_add()

    def action_add(self) -> None:
        kind, _number = self._row()
        if kind == "help":
            tell(self, _("The help numbers come from the service's template, not the plan."))
        elif kind == "well":
            self._well()
        elif kind == "admission":
            self._admission()
        elif kind == "reviewed":
            self.action_reviewed()
        else:
            self._entry(part_of(kind), None)

    def action_change(self) -> None:
        kind, number = self._row()
        if kind in ("well", "admission", "reviewed", "help") or not number:
            self.action_add()
        else:
            self._entry(part_of(kind), entry(self.crisis, kind, number))

    def action_remove(self) -> None:
        kind, number = self._row()
        where = f"{kind}:{number}"
        if not number or kind in ("reviewed", "help"):
            tell(self, _("Put the cursor on an entry to take it out."))
            return
        if not self.asked_twice(where, _("Press x again to take it out. The history keeps it.")):
            return
        revision = self.crisis.get("revision")
        if kind == "well":
            operation: Any = lambda plan: plan.set_well(None, revision=revision)  # noqa: E731
        elif kind == "admission":
            operation = lambda plan: plan.clear_admission(revision=revision)  # noqa: E731
        else:
            operation = lambda plan: plan.remove_from_crisis(  # noqa: E731
                kind, number, revision=revision
            )
        self.change_or_say(operation, done=_("Taken out. The history keeps it."))

    def action_print_crisis(self) -> None:
        self._print_crisis(dates.today())

    @work(thread=True, exclusive=True, group="print")
    def _print_crisis(self, today: dt.date) -> None:
        """Read, draw and write both printouts off the event loop; then say where they went."""
        # The report code, and the PDF library with it, loads only when it is printed.
        from recoverytui.core.errors import PlanError
        from recoverytui.report import printouts_folder, write_private
        from recoverytui.report.crisis import build_crisis_sheet, file_name, render_crisis

        store = self.access.store
        try:
            with store.plan(self.access.client_id) as plan:  # the plan as stored now
                client, crisis = plan.client, plan.crisis()
            sheet = build_crisis_sheet(client, crisis, self.help_numbers, today=today)
            folder = printouts_folder(store.home)
            for fmt in ("pdf", "card"):
                write_private(folder / file_name(sheet, fmt), render_crisis(sheet, fmt))
        except (PlanError, OSError) as error:
            self.app.call_from_thread(tell, self, str(error), severity="error", timeout=10)
            return
        said = _("The crisis plan and its card are in {path}").format(path=folder)
        self.app.call_from_thread(tell, self, said, timeout=10)

    def action_reviewed(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        today = dates.today()
        revision = self.crisis.get("revision")

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.crisis_reviewed(
                    values["text"], revise_by=values["revise_by"], revision=revision
                )
            )

        form = TextForm(
            save,
            title=_("We went through the crisis plan together"),
            label=_("On (date)"),
            value=_("today"),
            check=lambda v: fields.past_day(v, today),
            extra=[
                Field(
                    "revise_by",
                    _("Go through it again by"),
                    dates.months_after(today, fields.REVISE_MONTHS).isoformat(),
                    lambda v: fields.due(v, today),
                )
            ],
        )
        form.with_voice = False
        self.app.push_screen(form)

    def _entry(self, part: Part, item: Doc | None) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        kind = part.kind
        revision = self.crisis.get("revision")
        main = fields.person if part.main == "name" else _text_check(part)
        # The form's own field is "text"; what else an entry holds (a no-contact's `text`,
        # why) gets names of its own.
        extra = [
            Field(f"more-{key}", _more_label(key), (item or {}).get(key) or "", more_check(key),
                  optional=True)
            for key in part.more
        ]  # fmt: skip

        def save(values: dict[str, str], voice: str) -> Doc:
            more = {key: values[f"more-{key}"] for key in part.more}
            if item is None:
                saved = self.access.change(
                    lambda plan: plan.add_to_crisis(kind, values["text"], voice=voice, **more)
                )
                # The cursor goes to the new entry, to be read or changed.
                added = f"{kind}:{saved[part.field][-1]['number']}"
                self.table.move_cursor(row=self.table.get_row_index(added))
                return saved
            return self.access.change(
                lambda plan: plan.edit_crisis(
                    kind, item["number"], values["text"], voice=voice, revision=revision, **more
                )
            )

        title = (
            _("Add: {part}").format(part=_(part.one))
            if item is None
            else _("Change {part} {number}").format(part=_(part.one), number=item["number"])
        )
        self.app.push_screen(
            TextForm(
                save,
                title=title,
                label=_labels()[kind],
                value=(item or {}).get(part.main, ""),
                check=main,
                voice=(item or {}).get("voice", "client"),
                extra=extra,
                hint=_what_for()[kind] if item is None else "",
            )
        )

    def _well(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        crisis = self.crisis
        revision = crisis.get("revision")

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.set_well(values["text"], voice=voice, revision=revision)
            )

        self.app.push_screen(
            TextForm(
                save,
                title=_("How I am when I'm well"),
                label=_("In the client's own words"),
                value=crisis["well"] or "",
                check=fields.well,
                multiline=True,
                optional=True,
                voice=crisis["voice"] if crisis["well"] else "client",
            )
        )

    def _admission(self) -> None:
        from recoverytui.tui.screens.forms.text_form import TextForm

        found = self.crisis["admission"] or {}
        revision = self.crisis.get("revision")
        today = dates.today()

        def save(values: dict[str, str], voice: str) -> Doc:
            return self.access.change(
                lambda plan: plan.set_admission(
                    unit=values["text"], phone=values["phone"], text=values["agreement"],
                    renew_by=values["renew_by"], voice=voice, base=today, revision=revision,
                )
            )  # fmt: skip

        form = TextForm(
            save,
            title=_("Self-referral agreement (brukerstyrt innleggelse)"),
            label=_("Unit"),
            value=found.get("unit") or "",
            check=fields.unit,
            optional=True,
            voice=found.get("voice", "together"),
            extra=[
                Field("phone", _("Phone"), found.get("phone") or "", fields.phone, optional=True),
                Field("agreement", _("What the agreement allows"), found.get("text") or "",
                      fields.agreement, optional=True, multiline=True),
                Field("renew_by", _("Renew by"), found.get("renew_by") or "",
                      lambda v: fields.due(v, today), optional=True),
            ],
        )  # fmt: skip
        self.app.push_screen(form)


def _heading(title: str, count: int | None = None) -> list[Any]:
    said = title if count is None else f"{title} ({count})"
    return ["", Text(said, style="bold", no_wrap=True, overflow="ellipsis"), ""]


def _text_check(part: Part) -> Any:
    return lambda value: fields.crisis_text(value, _(part.one))


def _more_label(key: str) -> str:
    return {
        "action": _("What I do when it shows"),
        "others": _("What others can do"),
        "relation": _("Who they are to the client"),
        "phone": _("Phone"),
        "text": _("Why (if the client wants to say)"),
        "who": _("Who sees to it"),
    }[key]


def _admission_lines(found: Doc) -> list[str]:
    lines = [", ".join(v for v in (found["unit"], found["phone"]) if v)]
    if found["text"]:
        lines.append(found["text"])
    if found["renew_by"]:
        lines.append(_("Renew by {date}.").format(date=found["renew_by"]))
    return [*lines, "", voice_words(found["voice"])]
