"""`recovery report weekly`: the weekly progress sheet as PDF, Markdown or text;
`recovery report crisis`: the crisis plan the client keeps, as an A4 page, a card to fold,
Markdown or text; `recovery report plan`: the whole individual plan, to go through and sign.

Everything is checked and every report built before the first file is written, so a refusal
writes nothing. The report code (and the PDF library) is imported only when it runs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from recoverytui.cli.app import sub_app
from recoverytui.cli.common import echo, echo_json, say, store
from recoverytui.cli.options import ClientOpt, JsonOpt, MaybeClientOpt, one_or_all
from recoverytui.core import dates
from recoverytui.core.errors import InvalidInput
from recoverytui.core.i18n import _

# --format of the sheets written as PDF, Markdown or text (the crisis plan has a card too).
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        help=_("pdf, md or txt. Default: the -o file's ending (.pdf, .md, .txt), else pdf."),
    ),
]

report_app = sub_app(
    "report",
    _("Printouts: the weekly progress sheet, the crisis plan and the individual plan."),
)


@report_app.command(
    "weekly",
    help=_("Write the week's progress sheet for a client, or for every client with --all."),
)
def weekly(
    ctx: typer.Context,
    client: MaybeClientOpt = None,
    everyone: Annotated[
        bool, typer.Option("--all", help=_("One file for each active (not archived) client."))
    ] = False,
    week: Annotated[
        str | None,
        typer.Option("--week", help=_("2026-W48, 48 (this year), this or last (default: this).")),
    ] = None,
    fmt: FormatOpt = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help=_(
                "The file to write, or - for the terminal (md and txt). With --all, a folder. "
                "Default: <handle>-<week>.<format> in the current folder."
            ),
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    from recoverytui.core.weekly import BeforePlan, WeekReport, build_week_report
    from recoverytui.report import Printer, check_format, file_name, render, write_private

    fmt = _format(fmt, output, everyone, check_format)
    today = dates.today()
    key = dates.parse_week(week or "", base=today)
    client = one_or_all(ctx, client, everyone)
    to_terminal = output == "-"
    if to_terminal and (fmt == "pdf" or everyone or as_json):
        raise InvalidInput(
            _("Only one Markdown or text sheet can go to the terminal (-o -), without --json.")
        )

    the_store = store()
    handles = [c["handle"] for c in the_store.clients()] if everyone else [client]

    def build(handle: str) -> WeekReport | BeforePlan:
        with the_store.plan(handle) as plan:
            try:
                return build_week_report(plan, key, today=today, worker=the_store.worker_name())
            except BeforePlan as refused:
                if not everyone:
                    raise
                return refused  # the others are printed; this one is said on stderr

    written: list[dict[str, Any]] = []
    with Printer(fmt, build, len(handles)) as printer:
        built = printer.reports(handles)
        reports = [report for report in built if isinstance(report, WeekReport)]
        _left_out(handles, built, key)
        if to_terminal:
            typer.echo(render(reports[0], fmt).decode("utf-8"), nl=False)
            return
        targets = _targets(reports, fmt, output, everyone, file_name)
        for report, path, sheet in zip(reports, targets, printer.sheets(reports), strict=True):
            write_private(path, sheet)
            written.append(
                {"client": report.header.handle, "week": key, "format": fmt, "path": str(path)}
            )
    if as_json:
        echo_json(written)
        return
    if not written:
        echo(_("No clients on the caseload, so nothing was written."))
    for entry in written:
        echo(_("{client}: {week} written to {path}").format(**entry))


def _left_out(handles: list[Any], built: list[Any], week: str) -> None:
    """With --all, a client whose plan began after the week is left out with a line on
    stderr; core refuses the command when that is every client."""
    from recoverytui.core.weekly import BeforePlan, check_any_began

    refused = [(h, b) for h, b in zip(handles, built, strict=True) if isinstance(b, BeforePlan)]
    check_any_began(week, [refusal for _handle, refusal in refused], len(built))
    for handle, refusal in refused:
        say(_("{client}: left out. {reason}").format(client=handle, reason=refusal))


@report_app.command(
    "crisis",
    help=_(
        "Write the crisis plan a client keeps: one A4 page, or a card to fold and carry "
        "(--format card)."
    ),
)
def crisis(
    client: ClientOpt,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help=_(
                "pdf, md, txt or card (a PDF to fold to pocket size). Default: the -o file's "
                "ending (.pdf, .md, .txt), else pdf."
            ),
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help=_(
                "The file to write, or - for the terminal (md and txt). Default: "
                "<handle>-crisis.<format>, or <handle>-crisis-card.pdf, in the current folder."
            ),
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    from recoverytui.report.crisis import check_format, file_name, render_crisis

    fmt = _format(fmt, output, False, check_format)
    to_terminal = output == "-"
    if to_terminal and (fmt in ("pdf", "card") or as_json):
        raise InvalidInput(
            _("Only a Markdown or text crisis plan can go to the terminal (-o -), without --json.")
        )
    today = dates.today()
    the_store = store()
    with the_store.plan(client) as plan:
        person, plan_doc = plan.client, plan.crisis()
    sheet = _crisis_sheet(the_store.home, person, plan_doc, today)
    path = _one_out(sheet, render_crisis(sheet, fmt), fmt, output, file_name, as_json)
    if path is None:
        return
    written = (
        _("{client}: crisis card written to {path}")
        if fmt == "card"
        else _("{client}: crisis plan written to {path}")
    )
    echo(written.format(client=sheet.handle, path=path))


@report_app.command(
    "plan",
    help=_(
        "Write the whole individual plan: goals, resources, needs, the ladder, participants, "
        "measures and revisions, with places to sign."
    ),
)
def plan(
    client: ClientOpt,
    fmt: FormatOpt = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help=_(
                "The file to write, or - for the terminal (md and txt). Default: "
                "<handle>-plan.<format> in the current folder."
            ),
        ),
    ] = None,
    with_crisis: Annotated[
        bool,
        typer.Option(
            "--with-crisis",
            help=_("Print the crisis plan with it; the client decides each time."),
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    from recoverytui.report.plan_doc import (
        build_plan_document,
        check_format,
        file_name,
        render_plan,
    )

    fmt = _format(fmt, output, False, check_format)
    to_terminal = output == "-"
    if to_terminal and (fmt == "pdf" or as_json):
        raise InvalidInput(
            _("Only a Markdown or text plan can go to the terminal (-o -), without --json.")
        )
    today = dates.today()
    the_store = store()
    with the_store.plan(client) as held:
        whole, period = held.whole(), held.plan_period()
    sheet = None
    if with_crisis:
        sheet = _crisis_sheet(the_store.home, whole["client"], whole["crisis"], today)
    doc = build_plan_document(whole, period, today=today, crisis=sheet)
    path = _one_out(doc, render_plan(doc, fmt), fmt, output, file_name, as_json)
    if path is None:
        return
    echo(_("{client}: individual plan written to {path}").format(client=doc.handle, path=path))


def _crisis_sheet(home: Path, client: dict[str, Any], crisis: dict[str, Any], today: Any) -> Any:
    """The crisis plan as printed; a template that can't be read is said on stderr."""
    from recoverytui.report.crisis import sheet_with_help

    sheet, warnings = sheet_with_help(home, client, crisis, today=today)
    for warning in warnings:
        say(warning)
    return sheet


# A format written to a file of another ending: the card is a PDF.
_ENDING = {"card": "pdf"}


def _format(fmt: str | None, output: str | None, everyone: bool, check_format: Any) -> str:
    """--format, or the one the -o file's ending names; the two must agree when both are
    given, so Markdown never lands in a file called .pdf."""
    given = check_format(fmt) if fmt is not None else None
    suffix = ""
    if output and output != "-" and not everyone and not output.endswith(("/", os.sep)):
        suffix = Path(output).suffix.lower().lstrip(".")
    named = suffix if suffix in ("pdf", "md", "txt") else None
    if given and named and _ENDING.get(given, given) != named:
        raise InvalidInput(
            _("--format {fmt} doesn't match the file {path}; give one or make them agree.").format(
                fmt=given, path=output
            )
        )
    return given or named or "pdf"


def _one_out(
    report: Any, made: bytes, fmt: str, output: str | None, file_name: Any, as_json: bool
) -> Path | None:
    """One client's printout to the terminal (`-o -`) or a private file; the path written,
    or None when nothing more is to be said (the terminal, or --json said it)."""
    from recoverytui.report import write_private

    if output == "-":
        typer.echo(made.decode("utf-8"), nl=False)
        return None
    [path] = _targets([report], fmt, output, False, file_name)
    write_private(path, made)
    if as_json:
        echo_json([{"client": report.handle, "format": fmt, "path": str(path)}])
        return None
    return path


def _targets(
    reports: list[Any], fmt: str, output: str | None, everyone: bool, file_name: Any
) -> list[Path]:
    """Where each sheet goes, checked before anything is written."""
    from recoverytui.report import check_target, folder_to_write

    # A path ending in a slash names a folder, made (0700) if it isn't there, as with --all.
    as_folder = output is not None and output.endswith(("/", os.sep))
    if everyone or as_folder:
        folder = folder_to_write(output, everyone=everyone)
        targets = [folder / file_name(report, fmt) for report in reports]
        for target in targets:
            check_target(target)
        return targets
    path = (
        Path(output).expanduser().absolute() if output else Path.cwd() / file_name(reports[0], fmt)
    )
    if path.is_dir():
        path = path / file_name(reports[0], fmt)
    if not path.parent.is_dir():
        raise InvalidInput(
            _("The folder {path} isn't there to write into.").format(path=path.parent)
        )
    if not os.access(path.parent, os.W_OK):
        raise InvalidInput(_("The folder {path} can't be written to.").format(path=path.parent))
    check_target(path)
    return [path]
